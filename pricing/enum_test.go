package pricing

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestParseEnums(t *testing.T) {
	str := func(v fmt.Stringer, err error) (string, error) {
		if err != nil {
			return "", err
		}
		return v.String(), nil
	}
	category := func(s string) (string, error) { return str(ParseCategory(s)) }
	capKind := func(s string) (string, error) { return str(ParseCapKind(s)) }
	extension := func(s string) (string, error) { return str(ParseExtension(s)) }
	tests := []struct {
		name  string
		parse func(string) (string, error)
		in    string
		want  string // the String of the value, or the error
	}{
		{"category", category, "subscription", "subscription"},
		{"category", category, "True-Forward", "true-forward"},
		{"category", category, " SUPPORT ", "support"},
		{"category", category, "true_forward", "true-forward"},
		{"category", category, "hardware", `unknown category "hardware" (accepted: subscription, true-forward, support)`},
		{"category", category, "", ""}, // not given: ParseProposal requires it separately
		{"cap kind", capKind, "none", "none"},
		{"cap kind", capKind, "Per-Year", "per-year"},
		{"cap kind", capKind, "CUMULATIVE", "cumulative"},
		{"cap kind", capKind, "", `unknown cap kind "" (accepted: none, per-year, cumulative)`},
		{"cap kind", capKind, "annual", `unknown cap kind "annual" (accepted: none, per-year, cumulative)`},
		{"extension", extension, "uplift", "uplift"},
		{"extension", extension, "FLAT", "flat"},
		{"extension", extension, "linear", `unknown extension "linear" (accepted: uplift, flat)`},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.in, func(t *testing.T) {
			got, err := tt.parse(tt.in)
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		v    fmt.Stringer
		want string
	}{
		{Category(0), ""}, {Category(9), "category(9)"}, {CapKind(-1), "cap-kind(-1)"},
		{Extension(5), "extension(5)"}, {Position(0), ""}, {Above, "above"},
	} {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	for _, v := range []any{Category(9), CapKind(3), Position(4)} {
		if b, err := json.Marshal(v); err == nil {
			t.Errorf("marshalled invalid %T as %s", v, b)
		}
	}
	var opts struct {
		Kind     CapKind  `json:"cap_kind"`
		Category Category `json:"category"`
	}
	if err := json.Unmarshal([]byte(`{"cap_kind":"per-year","category":"Support"}`), &opts); err != nil || opts.Kind != CapPerYear || opts.Category != Support {
		t.Errorf("options.json: %+v, %v", opts, err)
	}
	if b, _ := json.Marshal(opts); string(b) != `{"cap_kind":"per-year","category":"support"}` {
		t.Errorf("marshal %s", b)
	}
}

func TestCapOverTerm(t *testing.T) {
	tests := []struct {
		name   string
		cap    Cap
		years  int
		want   string
		ok     bool
		String string
	}{
		{"3% per year, 4-year term: three increases", Cap{Kind: CapPerYear, Rate: dec("0.03")}, 4, "0.092727", true, "3.00 % per year"},
		{"4% per year, 5-year term", Cap{Kind: CapPerYear, Rate: dec("0.04")}, 5, "0.16985856", true, "4.00 % per year"},
		{"per year, 1-year term", Cap{Kind: CapPerYear, Rate: dec("0.04")}, 1, "0", true, "4.00 % per year"},
		{"9% cumulative", Cap{Kind: CapCumulative, Rate: dec("0.09")}, 5, "0.09", true, "9.00 % cumulative over the term"},
		{"none", Cap{}, 5, "0", false, "no cap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.cap.OverTerm(tt.years)
			if ok != tt.ok {
				t.Fatalf("ok = %v", ok)
			}
			if ok {
				assertDec(t, tt.want, got)
			}
			if tt.cap.String() != tt.String {
				t.Errorf("String() = %q", tt.cap.String())
			}
		})
	}
	assertDec(t, "0.092727", CompoundedRate(dec("0.03"), 3))
	assertDec(t, "0", CompoundedRate(dec("0.03"), 0))
}
