package slr

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

func TestParseRequestCode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want RequestCode
	}{
		{
			name: "FORMATS.md example",
			in:   "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86",
			want: RequestCode{Code: "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86", UDI: smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}},
		},
		{
			name: "trailing CR and spaces as a CRLF capture leaves them",
			in:   "  CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86 \r\n",
			want: RequestCode{Code: "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86", UDI: smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}},
		},
		{
			name: "PID with several dashes, lower-case check digits",
			in:   "DB-ZN9K-C93180YC-EX:FDO21120U8F-BtQ4Dgnz1-de",
			want: RequestCode{Code: "DB-ZN9K-C93180YC-EX:FDO21120U8F-BtQ4Dgnz1-de", UDI: smartaccount.UDI{PID: "N9K-C93180YC-EX", Serial: "FDO21120U8F"}},
		},
		{
			name: "lower-case serial is normalised in the UDI, kept in the code",
			in:   "CC-ZISRV:9w7d8u7a9x4-AnmvBmV9T-2D",
			want: RequestCode{Code: "CC-ZISRV:9w7d8u7a9x4-AnmvBmV9T-2D", UDI: smartaccount.UDI{PID: "ISRV", Serial: "9W7D8U7A9X4"}},
		},
		{
			name: "opaque part holding a dash",
			in:   "CB-ZC9300-24UX:FCW2134L0RN-AK9A-6sMTr-86",
			want: RequestCode{Code: "CB-ZC9300-24UX:FCW2134L0RN-AK9A-6sMTr-86", UDI: smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRequestCode(tt.in)
			require.NoError(t, err)
			assert.Empty(t, cmp.Diff(tt.want, got))
		})
	}
}

func TestParseRequestCodeRejects(t *testing.T) {
	tests := []struct {
		name, in, msg string
	}{
		{"empty", "  \r\n", "empty"},
		{"no dash", "CBZC9300", "no dash after the prefix"},
		{"no Z", "CB-C9300-24UX:FCW2134L0RN-AK9A6sMTr-86", `no "Z" after the prefix`},
		{"prefix too long", "ABCDEFGHI-ZC9300:FCW2134L0RN-AK9A6sMTr-86", `prefix: "ABCDEFGHI" is not 1 to 8 letters or digits`},
		{"no colon", "CB-ZC9300-24UX-FCW2134L0RN-AK9A6sMTr-86", "no colon between PID and serial"},
		{"empty PID", "CB-Z:FCW2134L0RN-AK9A6sMTr-86", "UDI: UDI PID is empty"},
		{"no dash after serial", "CB-ZC9300-24UX:FCW2134L0RN", "no dash after the serial number"},
		{"no check digits", "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr", "no dash before the check digits"},
		{"empty opaque", "CB-ZC9300-24UX:FCW2134L0RN--86", "opaque part between serial number and check digits is empty"},
		{"check not hex", "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-8G", `check: "8G" is not 2 hexadecimal digits`},
		{"check three digits", "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-861", `check: "861" is not 2 hexadecimal digits`},
		{"space inside", "CB-ZC9300-24UX:FCW2134L0RN AK9A6sMTr-86", "character ' ' at byte 27 is not printable ASCII"},
		{"second colon", "CB-ZC9300-24UX:FCW2134L0RN-AK9:A6sMTr-86", "a second colon"},
		{"over-long", "CB-ZC9300-24UX:FCW2134L0RN-" + strings.Repeat("A", MaxCodeSize) + "-86", "input larger than the accepted size: 542 bytes, more than the limit of 512"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRequestCode(tt.in)
			require.Error(t, err)
			var pe *smartaccount.ParseError
			require.True(t, errors.As(err, &pe), "want *smartaccount.ParseError, got %T", err)
			assert.Equal(t, "request code", pe.File)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestParseConfirmationAndReturnCodes(t *testing.T) {
	confirmation, ret := ParseConfirmationCode, ParseReturnCode
	tests := []struct {
		name          string
		parse         func(string) (string, error)
		in, want, msg string
	}{
		{name: "confirmation: FORMATS.md example", parse: confirmation, in: "17488c1f", want: "17488c1f"},
		{name: "confirmation: upper case is lowered", parse: confirmation, in: " 17488C1F\r", want: "17488c1f"},
		{name: "confirmation: seven digits", parse: confirmation, in: "17488c1", msg: "7 characters; want exactly 8 hexadecimal digits"},
		{name: "confirmation: nine digits", parse: confirmation, in: "17488c1f0", msg: "9 characters; want exactly 8 hexadecimal digits"},
		{name: "confirmation: not hex", parse: confirmation, in: "17488c1g", msg: "want exactly 8 hexadecimal digits"},
		{name: "confirmation: placeholder", parse: confirmation, in: "<none>", msg: "want exactly 8 hexadecimal digits"},
		{name: "confirmation: empty", parse: confirmation, in: "", msg: "confirmation code: empty"},
		{name: "return: six groups as a device prints", parse: ret, in: "ChWhde-okvz5f-ZNU2Cs-R5qzp5-zr2F9J-rbr", want: "ChWhde-okvz5f-ZNU2Cs-R5qzp5-zr2F9J-rbr"},
		{name: "return: base64 punctuation, trimmed", parse: ret, in: " Cq+aUP-WS/Yiq-Mn== \r\n", want: "Cq+aUP-WS/Yiq-Mn=="},
		{name: "return: single group", parse: ret, in: "ChWhdeokvz5f", msg: "a single group"},
		{name: "return: double dash", parse: ret, in: "ChWhde--okvz5f", msg: "group 2: empty group"},
		{name: "return: trailing dash", parse: ret, in: "ChWhde-okvz5f-", msg: "group 3: empty group"},
		{name: "return: not base64", parse: ret, in: "ChWhde-okv!5f", msg: `group 2: character '!' is not a base64 character`},
		{name: "return: a request code is not a return code", parse: ret, in: "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86", msg: `group 3: character ':'`},
		{name: "return: over-long", parse: ret, in: strings.Repeat("ChWhde-", 80), msg: "input larger than the accepted size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.parse(tt.in)
			if tt.msg != "" {
				require.Error(t, err)
				var pe *smartaccount.ParseError
				require.True(t, errors.As(err, &pe), "want *smartaccount.ParseError, got %T", err)
				assert.Contains(t, err.Error(), tt.msg)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTooLargeIsErrTooLarge(t *testing.T) {
	_, err := ParseReturnCode(strings.Repeat("A", MaxCodeSize+1))
	assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
	_, err = ParseAuthorization(make([]byte, MaxAuthorizationSize+1))
	assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
}
