package pricing

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "37.40", "-0.01", "1.5E+3", "1e62", "1e1000000000", "1e-63", ".5", "5.", "NaN", "1,000", "+-1", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		// What is accepted is written back within the limit and reads again.
		back, err := ParseDecimal(d.String())
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q → %s → %s, %v", s, d, back, err)
		}
		_ = roundCents(d)
		_ = d.StringFixedBank(2)
	})
}

func FuzzParseMoney(f *testing.F) {
	f.Add("9400783.42", "USD")
	f.Add("1e1000000000", "EUR")
	f.Add("0.125", "usd")
	f.Fuzz(func(t *testing.T, amount, currency string) {
		m, err := ParseMoney(amount, currency)
		if err != nil {
			return
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		// A different amount in the same currency, which Unmarshal must overwrite.
		other := decimal.NewFromInt(-1)
		if m.Amount().IsNegative() {
			other = decimal.NewFromInt(1)
		}
		back, err := NewMoney(other, currency)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !back.Amount().Equal(m.Round().Amount()) || back.Currency() != currency {
			t.Fatalf("%s read back as %s", b, back)
		}
	})
}

func FuzzParseEnums(f *testing.F) {
	for _, s := range []string{"subscription", "True-Forward", "support", "per-year", "cumulative", "none", "flat", "uplift", "federal", "Financial Services", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := ParseCategory(s); err == nil {
			if back, err := ParseCategory(c.String()); err != nil || back != c {
				t.Fatalf("category %q → %v", s, c)
			}
		}
		if k, err := ParseCapKind(s); err == nil {
			if back, err := ParseCapKind(k.String()); err != nil || back != k {
				t.Fatalf("cap kind %q → %v", s, k)
			}
		}
		if e, err := ParseExtension(s); err == nil {
			if back, err := ParseExtension(e.String()); err != nil || back != e {
				t.Fatalf("extension %q → %v", s, e)
			}
		}
		if b, err := LookupBand(s); err == nil {
			if back, err := LookupBand(b.Industry); err != nil || back.Industry != b.Industry {
				t.Fatalf("band %q → %v", s, b.Industry)
			}
		}
	})
}

func FuzzParseProposal(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"term_years":1,"annual_uplift":"1e1000000000"}`))
	f.Add([]byte(`{"currency":"USD","term_years":30,"annual_uplift":"-0.9999999","lines":[{"category":"true-forward","quantity":9223372036854775807,"unit_price":"1e40","uplift":"5"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProposal(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := ParseProposal(out)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		if diff := cmp.Diff(p, back, decEqual, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
		_ = p.Validate()
		if s, err := p.Schedule(Cap{Kind: CapPerYear, Rate: dec("0.04")}); err == nil && !sum(s.Years).Equal(s.TCV) {
			t.Fatal("TCV is not the sum of the years")
		}
	})
}
