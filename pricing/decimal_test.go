package pricing

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"}, {"37.40", "37.4"}, {"-0.01", "-0.01"}, {"+5", "5"},
		{"1.5E+3", "1500"}, {"1e-2", "0.01"}, {"1e62", "1" + strings.Repeat("0", 62)}, {"-1e-61", "-0." + strings.Repeat("0", 60) + "1"},
		{"123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDecimal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			assertDec(t, tt.want, got)
		})
	}
}

func TestParseDecimalErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", `invalid decimal "": want digits, as in 1234.56`},
		{"space", " 1", `invalid decimal " 1": want digits, as in 1234.56`},
		{"trailing space", "1 ", `invalid decimal "1 ": unexpected ' ' at offset 1`},
		{"comma", "1,000", `invalid decimal "1,000": a comma is neither a decimal point nor a thousands separator here: write 1000 or 1.000`},
		{"decimal comma", "37,40", `invalid decimal "37,40": use a dot as the decimal separator: 37.40`},
		{"negative decimal comma", "-0,5", `invalid decimal "-0,5": use a dot as the decimal separator: -0.5`},
		{"thousands and point", "1,234,567.89", `invalid decimal "1,234,567.89": leave out the thousands separators: 1234567.89`},
		{"two decimal commas", "1,2,3", `invalid decimal "1,2,3": unexpected ',' at offset 1`},
		{"comma and a letter", "3,4a", `invalid decimal "3,4a": unexpected ',' at offset 1`},
		{"non-ASCII", "9‰", `invalid decimal "9‰": unexpected '‰' at offset 1`},
		{"leading point", ".5", `invalid decimal ".5": want digits, as in 1234.56`},
		{"trailing point", "5.", `invalid decimal "5.": want digits after the decimal point`},
		{"two points", "1.2.3", `invalid decimal "1.2.3": unexpected '.' at offset 3`},
		{"NaN", "NaN", `invalid decimal "NaN": want digits, as in 1234.56`},
		{"Inf", "-Inf", `invalid decimal "-Inf": want digits, as in 1234.56`},
		{"hex", "0x10", `invalid decimal "0x10": unexpected 'x' at offset 1`},
		{"underscore", "1_000", `invalid decimal "1_000": unexpected '_' at offset 1`},
		{"percent", "9%", `invalid decimal "9%": unexpected '%' at offset 1`},
		{"empty exponent", "1e", `invalid decimal "1e": want digits in the exponent`},
		{"huge exponent", "1e1000000000", `invalid decimal "1e1000000000": exponent 1000000000 is beyond ±64`},
		{"huge negative exponent", "1E-99999999999999999999", `invalid decimal "1E-99999999999999999999": exponent -99999999999999999999 is beyond ±64`},
		{"exponent 65", "1e65", `invalid decimal "1e65": exponent 65 is beyond ±64`},
		{"65 digits written out", "1e64", `invalid decimal "1e64": 65 characters written out, more than 64`},
		{"tiny", "1e-63", `invalid decimal "1e-63": 65 characters written out, more than 64`},
		{"too long", strings.Repeat("1", 65), `invalid decimal "11111111111111111111111111111111"…: longer than 64 bytes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDecimal(tt.in)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if !errors.Is(err, ErrDecimal) {
				t.Errorf("%v does not wrap ErrDecimal", err)
			}
		})
	}
}

func TestRoundCents(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0.125", "0.12"}, {"0.135", "0.14"}, {"-0.125", "-0.12"}, {"-0.135", "-0.14"},
		{"2.675", "2.68"}, {"2.665", "2.66"}, {"1.004999", "1.00"}, {"1.005001", "1.01"},
		{"-1.005001", "-1.01"}, {"7", "7"}, {"7.1", "7.1"}, {"1234.5", "1234.5"},
		{"0.00000000000000000000000000000000000000000000005", "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := roundCents(dec(tt.in))
			assertDec(t, tt.want, got)
			if want := dec(tt.in).RoundBank(2); !got.Equal(want) {
				t.Errorf("differs from RoundBank: %s", want)
			}
		})
	}
}

func TestPercentage(t *testing.T) {
	tests := []struct{ amount, base, want string }{
		{"1", "3", "33.33"},
		{"2", "3", "66.67"},
		{"0.00125", "1", "0.12"}, // 0.125 %: half to even
		{"0.00135", "1", "0.14"},
		{"-1", "8", "-12.50"},
		{"-0.00125", "1", "-0.12"},
		{"1", "-3", "-33.33"},
		{"3760000", "9400783.42", "40.00"}, // 39.996668… %
		{"0", "5", "0.00"},
		{"19", "200", "9.50"}, // printed with its two decimals, not "9.5"
	}
	for _, tt := range tests {
		t.Run(tt.amount+"/"+tt.base, func(t *testing.T) {
			got, err := Percentage(dec(tt.amount), dec(tt.base))
			if err != nil {
				t.Fatal(err)
			}
			assertPercent(t, tt.want, got)
		})
	}
	if _, err := Percentage(dec("1"), dec("0")); err == nil || err.Error() != "percentage of a zero base" {
		t.Errorf("zero base: %v", err)
	}
}

func TestDivBank(t *testing.T) {
	tests := []struct {
		a, b   string
		places int32
		want   string
	}{
		{"1", "8", 2, "0.12"}, {"3", "8", 2, "0.38"}, {"-1", "8", 2, "-0.12"}, {"-3", "8", 2, "-0.38"},
		{"1", "-8", 2, "-0.12"}, {"1", "3", 12, "0.333333333333"}, {"2", "3", 12, "0.666666666667"},
		{"10", "4", 0, "2"}, {"14", "4", 0, "4"}, {"0", "7", 3, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			assertDec(t, tt.want, divBank(dec(tt.a), dec(tt.b), tt.places))
		})
	}
}

func TestPercentText(t *testing.T) {
	var v struct{ P Percent }
	if err := json.Unmarshal([]byte(`{"P":"9.5"}`), &v); err != nil {
		t.Fatal(err)
	}
	assertPercent(t, "9.50", v.P)
	assertDec(t, "0.095", v.P.Rate())
	// 12.345 is held as 12.34: two decimals, half to even.
	if err := json.Unmarshal([]byte(`{"P":"12.345"}`), &v); err != nil {
		t.Fatal(err)
	}
	assertPercent(t, "12.34", v.P)
	out, _ := json.Marshal(v)
	if string(out) != `{"P":"12.34"}` {
		t.Errorf("marshalled %s", out)
	}
	if err := json.Unmarshal([]byte(`{"P":"9%"}`), &v); err == nil {
		t.Error("a Percent holds the number of percent, not a rate text")
	}
}
