package slr

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/openrenewal/smartlicensing/internal/enum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Limits on the device output Extract reads.
const (
	MaxOutputSize = 64 << 20 // a whole `show license tech support` capture is well under 1 MiB
	MaxOutputLine = 1 << 20  // a line may hold a whole authorization code
)

// CodeKind says which code a Printed value holds.
type CodeKind uint8

// Kinds of code a device prints.
const (
	CodeRequest      CodeKind = iota + 1 // a reservation request code
	CodeReturn                           // a return code
	CodeConfirmation                     // a confirmation code
)

var codeKinds = enum.New[CodeKind]("code kind", []string{"", "request code", "return code", "confirmation code"}, nil)

// String returns "request code", "return code" or "confirmation code".
func (k CodeKind) String() string { return codeKinds.String(k) }

// Printed is one code found in a device's output.
type Printed struct {
	Kind CodeKind
	Code string // validated and normalised as by ParseRequestCode, ParseReturnCode or ParseConfirmationCode
	// UDI is the device the code belongs to: for a request code the UDI in
	// the code; otherwise the UDI printed last above it ("UDI: PID:…,SN:…",
	// or "Active: PID:…,SN:…" in a Reservation Info block); zero when none was.
	UDI  smartaccount.UDI
	Line int // 1-based line of the code
}

// Extract finds the reservation codes in what a device prints: the output
// of `license smart reservation request local` / `… return local`
// ("Enter this request code in the Cisco Smart Software Manager portal:"
// with the code on a following line, bare or as "Request code: …"), of
// `show license status` and the Reservation Info blocks of `show license
// tech support` ("Request code:", "Last return code:", "Last Confirmation
// code:"). Placeholders such as <none> are skipped. CRLF line endings,
// banners, prompts and indentation are tolerated. A value under one of
// those keys that is not a valid code is a *smartaccount.ParseError naming the line;
// input over MaxOutputSize or a line over MaxOutputLine is an error wrapping
// smartaccount.ErrTooLarge.
func Extract(r io.Reader) ([]Printed, error) {
	sc := bufio.NewScanner(newLimitReader(r, MaxOutputSize))
	sc.Buffer(make([]byte, 0, 4096), MaxOutputLine)
	var (
		out     []Printed
		ctx     smartaccount.UDI // the UDI printed last
		pending CodeKind         // a prompt announced this kind of code on a following line
		line    int
	)
	fail := func(err error) ([]Printed, error) {
		return out, &smartaccount.ParseError{File: "device output", Line: line, Err: err}
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		lower := strings.ToLower(text)
		switch {
		case strings.HasPrefix(lower, "enter this request code"):
			pending = CodeRequest
			continue
		case strings.HasPrefix(lower, "enter this return code"):
			pending = CodeReturn
			continue
		}
		key, value, hasColon := strings.Cut(text, ":")
		value = strings.TrimSpace(value)
		kind := codeKey(key)
		switch {
		case kind != 0:
			pending = 0
			if isPlaceholder(value) {
				continue
			}
		case hasColon && len(value) > 4 && strings.EqualFold(value[:4], "PID:"):
			u, err := smartaccount.ParseUDI(value)
			if err != nil {
				return fail(err)
			}
			ctx = u
			continue
		case pending != 0:
			kind, value, pending = pending, text, 0
		default:
			continue
		}
		p := Printed{Kind: kind, UDI: ctx, Line: line}
		var err error
		switch kind {
		case CodeRequest:
			var rc RequestCode
			rc, err = ParseRequestCode(value)
			p.Code, p.UDI = rc.Code, rc.UDI
		case CodeReturn:
			p.Code, err = ParseReturnCode(value)
		case CodeConfirmation:
			p.Code, err = ParseConfirmationCode(value)
		}
		if err != nil {
			field := kind.String()
			var pe *smartaccount.ParseError
			if errors.As(err, &pe) {
				if pe.Field != "" {
					field += " " + pe.Field
				}
				err = pe.Err
			}
			return out, &smartaccount.ParseError{File: "device output", Line: line, Field: field, Err: err}
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		line++
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("%w: line longer than %d bytes", smartaccount.ErrTooLarge, MaxOutputLine)
		}
		return fail(err)
	}
	return out, nil
}

// codeKey returns the kind of code a "key:" introduces, 0 for other keys.
func codeKey(key string) CodeKind {
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "request code":
		return CodeRequest
	case "return code", "last return code":
		return CodeReturn
	case "confirmation code", "last confirmation code":
		return CodeConfirmation
	}
	return 0
}

// isPlaceholder reports whether a device printed "no value".
func isPlaceholder(v string) bool {
	switch strings.ToLower(v) {
	case "", "<none>", "<empty>", "none", "n/a", "not configured", "not available":
		return true
	}
	return false
}

// limitReader reads at most limit bytes of r; one byte more fails with
// smartaccount.ErrTooLarge, so that over-long input is an error rather than a silent
// truncation.
type limitReader struct {
	r     io.Reader
	left  int64 // bytes still allowed, plus the one that trips the limit
	limit int64
}

func newLimitReader(r io.Reader, limit int64) *limitReader {
	return &limitReader{r: r, left: limit + 1, limit: limit}
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, l.err()
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left <= 0 {
		return n, l.err()
	}
	return n, err
}

func (l *limitReader) err() error {
	return fmt.Errorf("%w: more than %d bytes", smartaccount.ErrTooLarge, l.limit)
}
