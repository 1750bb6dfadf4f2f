package slr

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

var (
	udiC9300 = smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}
	// The stack of techsupport_c9300_stack.txt (lines 270, 276, 282).
	udiActive  = smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L00C"}
	udiStandby = smartaccount.UDI{PID: "C9300-24U", Serial: "FOC2129Z02H"}
)

func TestExtract(t *testing.T) {
	// The real tech-support capture with its <none> placeholders replaced
	// by codes: the layout (CRLF, indentation, three stack members) is the
	// device's own.
	stack := string(readTestdata(t, "techsupport_c9300_stack.txt"))
	withCodes := strings.NewReplacer(
		"      Request code: <none>\r\n      Last return code: <none>\r\n      Last Confirmation code: <none>\r\n      Reservation authorization code: <none>\r\n  Standby",
		"      Request code: CB-ZC9300-24UX:FCW2134L00C-AK9A6sMTr-86\r\n      Last return code: <none>\r\n      Last Confirmation code: 17488C1F\r\n      Reservation authorization code: <none>\r\n  Standby",
		"      Last return code: <none>\r\n      Last Confirmation code: <none>\r\n      Reservation authorization code: <none>\r\n  Member",
		"      Last return code: ChWhde-okvz5f-ZNU2Cs-R5qzp5-zr2F9J-rbr\r\n      Last Confirmation code: <none>\r\n      Reservation authorization code: <none>\r\n  Member",
	).Replace(stack)
	require.NotEqual(t, stack, withCodes)

	tests := []struct {
		name string
		in   string
		want []Printed
	}{
		{name: "tech support, stack, all <none>", in: stack},
		{name: "tech support, C9410R, LF endings, all <none>", in: string(readTestdata(t, "techsupport_c9410r.txt"))},
		{
			name: "tech support with codes filled in",
			in:   withCodes,
			want: []Printed{
				{Kind: CodeRequest, Code: "CB-ZC9300-24UX:FCW2134L00C-AK9A6sMTr-86", UDI: udiActive, Line: 272},
				{Kind: CodeConfirmation, Code: "17488c1f", UDI: udiActive, Line: 274},
				{Kind: CodeReturn, Code: "ChWhde-okvz5f-ZNU2Cs-R5qzp5-zr2F9J-rbr", UDI: udiStandby, Line: 279},
			},
		},
		{
			name: "request prompt, code on the next line (CRLF)",
			in:   string(readTestdata(t, "request_prompt.txt")),
			want: []Printed{{Kind: CodeRequest, Code: "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86", UDI: udiC9300, Line: 3}},
		},
		{
			name: "return prompt with UDI and Return code: key, then a status line",
			in:   string(readTestdata(t, "return_prompt.txt")),
			want: []Printed{
				{Kind: CodeReturn, Code: "ChWhde-okvz5f-ZNU2Cs-R5qzp5-zr2F9J-rbr", UDI: udiC9300, Line: 4},
				{Kind: CodeConfirmation, Code: "17488c1f", UDI: udiC9300, Line: 6},
			},
		},
		{
			name: "Request code: on one line, blank lines after the prompt",
			in:   "Enter this request code in the Cisco Smart Software Manager portal:\n\n  Request code: CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86\n",
			want: []Printed{{Kind: CodeRequest, Code: "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86", UDI: udiC9300, Line: 3}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Extract(strings.NewReader(tt.in))
			require.NoError(t, err)
			assert.Empty(t, cmp.Diff(tt.want, got))
		})
	}
}

func TestExtractRejects(t *testing.T) {
	tests := []struct {
		name, in, msg string
		line          int
	}{
		{"bad request code under its key", "UDI: PID:C9300-24UX,SN:FCW2134L0RN\n  Request code: CB-ZC9300\n", "device output:2: request code: no colon between PID and serial number", 2},
		{"bad code after the prompt", "Enter this return code in Cisco Smart Software Manager portal:\r\n% Error: reservation not enabled\r\n", "device output:2: return code: character ' ' at byte 2 is not printable ASCII", 2},
		{"bad confirmation code", "x\ny\n Last Confirmation code: 1748\n", "want exactly 8 hexadecimal digits", 3},
		{"bad UDI line", "Active: PID:C9300-24UX,SN:\n", "UDI serial is empty", 1},
		{"line over the limit", "a\n" + strings.Repeat("x", MaxOutputLine+1) + "\n", "input larger than the accepted size: line longer than 1048576 bytes", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Extract(strings.NewReader(tt.in))
			require.Error(t, err)
			var pe *smartaccount.ParseError
			require.True(t, errors.As(err, &pe), "want *smartaccount.ParseError, got %T", err)
			assert.Equal(t, tt.line, pe.Line)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestExtractInputOverLimit(t *testing.T) {
	// MaxOutputSize bytes of short lines pass; one byte more fails.
	line := []byte(strings.Repeat("x", 1023) + "\n")
	exact := io.MultiReader(bytes.NewReader(bytes.Repeat(line, MaxOutputSize/len(line))))
	_, err := Extract(exact)
	require.NoError(t, err)
	over := io.MultiReader(bytes.NewReader(bytes.Repeat(line, MaxOutputSize/len(line))), strings.NewReader("y"))
	_, err = Extract(over)
	assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
	assert.ErrorContains(t, err, "more than 67108864 bytes")
}
