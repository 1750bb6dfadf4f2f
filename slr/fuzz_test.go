package slr

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func FuzzParseRequestCode(f *testing.F) {
	for _, s := range []string{
		"CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86", "DB-ZN9K-C93180YC-EX:FDO21120U8F-BtQ4Dgnz1-de",
		"CB-ZC9300-24UX:FCW2134L0RN--86", "CB-Z:-x-00", "A-Z:a-b-c-0f", " CB-ZX:Y-Z-00\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRequestCode(s)
		if err != nil {
			return
		}
		if r.UDI.IsZero() || r.Code != strings.TrimSpace(s) {
			t.Fatalf("accepted %q as %+v", s, r)
		}
		again, err := ParseRequestCode(r.Code)
		if err != nil || again != r {
			t.Fatalf("re-parse of %q: %+v, %v", r.Code, again, err)
		}
	})
}

func FuzzParseConfirmationCode(f *testing.F) {
	for _, s := range []string{"17488c1f", "17488C1F", "<none>", "1748 8c1f", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseConfirmationCode(s)
		if err != nil {
			return
		}
		if len(c) != 8 || !all(c, func(b byte) bool { return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' }) {
			t.Fatalf("accepted %q as %q", s, c)
		}
	})
}

func FuzzParseReturnCode(f *testing.F) {
	for _, s := range []string{"ChWhde-okvz5f-ZNU2Cs-R5qzp5-zr2F9J-rbr", "Cq+aUP-WS/Yiq-Mn==", "a-", "-", "a--b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseReturnCode(s)
		if err != nil {
			return
		}
		if again, err := ParseReturnCode(c); err != nil || again != c || !strings.Contains(c, "-") {
			t.Fatalf("accepted %q as %q; re-parse %q, %v", s, c, again, err)
		}
	})
}

func FuzzParseAuthorization(f *testing.F) {
	for _, name := range []string{"auth_perpetual.xml", "auth_term_multiline.xml"} {
		f.Add(readTestdata(f, name))
	}
	f.Add([]byte(`<!DOCTYPE a [<!ENTITY b "c">]><specificPLR>&b;</specificPLR>`))
	f.Add([]byte(`<specificPLR><udi>P:A,S:B</udi><udi>P:A,S:C</udi></specificPLR>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseAuthorization(b)
		if err != nil {
			return
		}
		if a.UDI.IsZero() || len(a.Entitlements) == 0 || a.Signature == "" || a.Timestamp.IsZero() {
			t.Fatalf("accepted an incomplete code: %+v", a)
		}
		for _, e := range a.Entitlements {
			if e.Tag == "" || e.Count < 1 {
				t.Fatalf("accepted an incomplete entitlement: %+v", e)
			}
		}
	})
}

func FuzzExtract(f *testing.F) {
	for _, name := range []string{"techsupport_c9410r.txt", "request_prompt.txt", "return_prompt.txt"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		found, err := Extract(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, p := range found {
			var perr error
			switch p.Kind {
			case CodeRequest:
				_, perr = ParseRequestCode(p.Code)
			case CodeReturn:
				_, perr = ParseReturnCode(p.Code)
			case CodeConfirmation:
				_, perr = ParseConfirmationCode(p.Code)
			}
			if perr != nil || p.Line < 1 {
				t.Fatalf("extracted an invalid %s %q at line %d: %v", p.Kind, p.Code, p.Line, perr)
			}
		}
	})
}

func FuzzReplay(f *testing.F) {
	for _, name := range []string{"ledger.jsonl", "ledger_torn.jsonl"} {
		f.Add(readTestdata(f, name))
	}
	f.Add([]byte("\n\x00\x00\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, warnings, err := Replay(context.Background(), bytes.NewReader(b))
		if err != nil {
			return
		}
		if len(warnings) > 1 {
			t.Fatalf("%d warnings; only the last line can be torn", len(warnings))
		}
		// Every authorization code the state points to reads back from the
		// ledger and is the one its entitlements come from.
		for _, r := range s.Records() {
			if r.AuthorizationLine == 0 {
				continue
			}
			code, err := s.AuthorizationCode(bytes.NewReader(b), r.UDI)
			if err != nil {
				t.Fatalf("%s: %v", r.UDI, err)
			}
			a, err := ParseAuthorization([]byte(code))
			if err != nil || !cmp.Equal(a.Entitlements, r.Entitlements) {
				t.Fatalf("%s: the code read back gives %v, %v; the state holds %v", r.UDI, a, err, r.Entitlements)
			}
		}
		if len(warnings) == 1 {
			// Cutting the torn tail, as Open does, leaves a clean ledger
			// with the same state.
			cut, again, err := Replay(context.Background(), bytes.NewReader(b[:warnings[0].Offset]))
			if err != nil || len(again) > 0 {
				t.Fatalf("after cutting at %d: %v, %v", warnings[0].Offset, again, err)
			}
			if diff := cmp.Diff(s.Records(), cut.Records()); diff != "" {
				t.Fatalf("state changed by the cut: %s", diff)
			}
		}
	})
}
