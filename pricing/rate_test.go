package pricing

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0.09", "0.09"},
		{"9%", "0.09"}, // 9 / 100
		{"9 %", "0.09"},
		{"9.5%", "0.095"},
		{"-2%", "-0.02"},
		{"0%", "0"},
		{"1000%", "10"}, // MaxRate itself
		{"10", "10"},
		{"0.5e1", "5"},
		{"4e-2", "0.04"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRate(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			assertDec(t, tt.want, got)
		})
	}
}

func TestParseRateErrors(t *testing.T) {
	nines := strings.Repeat("9", 60)
	tests := []struct{ name, in, want string }{
		{"beyond MaxRate", "10.01", `invalid decimal "10.01": a rate of 1001 %, beyond the 1000 % a contract can hold`},
		{"percent beyond", "1001%", `invalid decimal "1001%": a rate of 1001 %, beyond the 1000 % a contract can hold`},
		{"sixty nines", nines, `invalid decimal "99999999999999999999999999999999"…: a rate of ` + nines + `00 %, beyond the 1000 % a contract can hold`},
		{"negative beyond", "-11", `invalid decimal "-11": a rate of -1100 %, beyond the 1000 % a contract can hold`},
		{"percent alone", "%", `invalid decimal "%": want a percentage such as 9% or 9.5%`},
		{"two signs", "9%%", `invalid decimal "9%%": want a percentage such as 9% or 9.5%`},
		{"two spaces", "9  %", `invalid decimal "9  %": want a percentage such as 9% or 9.5%`},
		{"words", "nine", `invalid decimal "nine": want digits, as in 1234.56`},
		{"per mille", "9‰", `invalid decimal "9‰": unexpected '‰' at offset 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRate(tt.in)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if !errors.Is(err, ErrDecimal) {
				t.Errorf("%v does not wrap ErrDecimal", err)
			}
		})
	}
}

func TestRateWarning(t *testing.T) {
	tests := []struct{ rate, want string }{
		{"9", "9 means 900 %; did you mean 0.09?"},
		{"1.5", "1.5 means 150 %; did you mean 0.015?"},
		{"25", "25 means 2500 %; did you mean 0.25?"},
		{"1", ""}, // 100 % is high but plausible for a discount or a cumulative cap
		{"0.09", ""},
		{"-5", ""},
	}
	for _, tt := range tests {
		if got := RateWarning(dec(tt.rate)); got != tt.want {
			t.Errorf("RateWarning(%s) = %q, want %q", tt.rate, got, tt.want)
		}
	}
}

// FuzzParseRate: a rate accepted is within ±MaxRate, equals its number (a
// hundredth of it for a percentage) and reads back from its plain form.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"0.09", "9%", "9 %", "9.5%", "1000%", "10.01", "%", "9%%", "-2%", "1e1%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			return
		}
		if r.Abs().GreaterThan(maxRate) {
			t.Fatalf("%q → %s, beyond MaxRate", s, r)
		}
		number, percent := strings.CutSuffix(s, "%")
		want, err := ParseDecimal(strings.TrimSuffix(number, " "))
		if err != nil {
			t.Fatalf("%q accepted as %s, but its number does not parse: %v", s, r, err)
		}
		if percent {
			want = want.Shift(-2)
		}
		if !r.Equal(want) {
			t.Fatalf("%q → %s, want %s", s, r, want)
		}
		if back, err := ParseRate(r.String()); err != nil || !back.Equal(r) {
			t.Fatalf("%q → %s → %s, %v", s, r, back, err)
		}
	})
}
