package slr

import (
	"errors"
	"fmt"
	"strings"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// MaxCodeSize bounds a request, return or confirmation code. Real codes are
// well under 100 bytes.
const MaxCodeSize = 512

// RequestCode is a reservation request code as a device prints it
// (`license smart reservation request local`) and as it is entered in CSSM:
// <prefix>-Z<PID>:<serial>-<opaque>-<check>. Only the PID and the serial
// number mean something to the buyer; the rest is kept opaque in Code.
type RequestCode struct {
	Code string           // the whole code, trimmed
	UDI  smartaccount.UDI // the device that generated it, normalised
}

// String returns the code.
func (r RequestCode) String() string { return r.Code }

// ParseRequestCode reads a request code such as
// "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86". Surrounding white space
// (trailing CR included) is ignored. The prefix is 1–8 letters or digits;
// "Z" follows its dash; the PID runs to the first colon (it may hold
// dashes); the serial number runs to the next dash; the last dash-separated
// group is 2 hexadecimal digits (either case); what lies between is opaque
// but must be non-empty and printable.
func ParseRequestCode(s string) (RequestCode, error) {
	code, err := codeText("request code", s)
	if err != nil {
		return RequestCode{}, err
	}
	fail := func(field, format string, a ...any) (RequestCode, error) {
		return RequestCode{}, &smartaccount.ParseError{File: "request code", Field: field, Err: fmt.Errorf(format, a...)}
	}
	prefix, rest, ok := strings.Cut(code, "-")
	if !ok {
		return fail("", "no dash after the prefix; want <prefix>-Z<PID>:<serial>-<opaque>-<check>")
	}
	if prefix == "" || len(prefix) > 8 || !all(prefix, isAlnum) {
		return fail("prefix", "%q is not 1 to 8 letters or digits", prefix)
	}
	rest, ok = strings.CutPrefix(rest, "Z")
	if !ok {
		return fail("", "no \"Z\" after the prefix %q", prefix+"-")
	}
	pid, rest, ok := strings.Cut(rest, ":")
	if !ok {
		return fail("", "no colon between PID and serial number")
	}
	serial, rest, ok := strings.Cut(rest, "-")
	if !ok {
		return fail("", "no dash after the serial number")
	}
	i := strings.LastIndexByte(rest, '-')
	if i < 0 {
		return fail("", "no dash before the check digits")
	}
	opaque, check := rest[:i], rest[i+1:]
	switch {
	case opaque == "":
		return fail("", "the opaque part between serial number and check digits is empty")
	case strings.IndexByte(opaque, ':') >= 0:
		return fail("", "a second colon after the serial number")
	case len(check) != 2 || !all(check, isHex):
		return fail("check", "%q is not 2 hexadecimal digits", check)
	}
	udi, err := smartaccount.NewUDI(pid, serial)
	if err != nil {
		return RequestCode{}, &smartaccount.ParseError{File: "request code", Field: "UDI", Err: err}
	}
	return RequestCode{Code: code, UDI: udi}, nil
}

// ParseConfirmationCode reads the confirmation code a device prints after
// installing an authorization code ("Last Confirmation code: 17488c1f"):
// exactly 8 hexadecimal digits. It returns the code in lower case, as
// devices print it.
func ParseConfirmationCode(s string) (string, error) {
	code, err := codeText("confirmation code", s)
	if err != nil {
		return "", err
	}
	if len(code) != 8 || !all(code, isHex) {
		return "", &smartaccount.ParseError{File: "confirmation code", Err: fmt.Errorf("%d characters; want exactly 8 hexadecimal digits", len(code))}
	}
	return strings.ToLower(code), nil
}

// ParseReturnCode reads a return code, the proof a device gives that it
// released its reservation: at least two dash-joined groups of base64
// characters (A–Z, a–z, 0–9, '+', '/', '='), such as
// "ChWhde-okvz5f-…-rbr". Group lengths are not checked. It returns the code
// trimmed.
func ParseReturnCode(s string) (string, error) {
	code, err := codeText("return code", s)
	if err != nil {
		return "", err
	}
	groups := 0
	for g := range strings.SplitSeq(code, "-") {
		groups++
		if g == "" {
			return "", &smartaccount.ParseError{File: "return code", Field: fmt.Sprintf("group %d", groups), Err: errors.New("empty group (two dashes in a row, or a dash at an end)")}
		}
		for i := 0; i < len(g); i++ {
			if !isBase64(g[i]) {
				return "", &smartaccount.ParseError{File: "return code", Field: fmt.Sprintf("group %d", groups), Err: fmt.Errorf("character %q is not a base64 character", g[i])}
			}
		}
	}
	if groups < 2 {
		return "", &smartaccount.ParseError{File: "return code", Err: errors.New("a single group; want dash-joined groups")}
	}
	return code, nil
}

// codeText trims s and checks it is a non-empty run of printable ASCII
// within MaxCodeSize.
func codeText(input, s string) (string, error) {
	if len(s) > MaxCodeSize {
		return "", &smartaccount.ParseError{File: input, Err: tooLarge(len(s), MaxCodeSize)}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", &smartaccount.ParseError{File: input, Err: errors.New("empty")}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return "", &smartaccount.ParseError{File: input, Err: fmt.Errorf("character %q at byte %d is not printable ASCII", c, i+1)}
		}
	}
	return s, nil
}

func all(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isBase64(c byte) bool { return isAlnum(c) || c == '+' || c == '/' || c == '=' }
