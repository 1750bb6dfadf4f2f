package pricing

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func mustMoney(t *testing.T, amount, currency string) Money {
	t.Helper()
	m, err := ParseMoney(amount, currency)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMoneyArithmetic(t *testing.T) {
	a := mustMoney(t, "1570800.00", "USD")
	b := mustMoney(t, "1712172.005", "USD")
	sum, err := a.Add(b)
	if err != nil {
		t.Fatal(err)
	}
	assertDec(t, "3282972.005", sum.Amount())
	if got := sum.Round().String(); got != "3282972.00 USD" {
		t.Errorf("rounded %q", got)
	}
	diff, err := b.Sub(a)
	if err != nil {
		t.Fatal(err)
	}
	assertDec(t, "141372.005", diff.Amount())
	if c, err := a.Cmp(b); err != nil || c != -1 {
		t.Errorf("Cmp = %d, %v", c, err)
	}
	assertDec(t, "1712172", a.Mul(dec("1.09")).Amount())
	if a.Currency() != "USD" {
		t.Errorf("currency %q", a.Currency())
	}
}

func TestMoneyMixedCurrencies(t *testing.T) {
	usd, eur := mustMoney(t, "1", "USD"), mustMoney(t, "1", "EUR")
	ops := map[string]func() error{
		"Add": func() error { _, err := usd.Add(eur); return err },
		"Sub": func() error { _, err := usd.Sub(eur); return err },
		"Cmp": func() error { _, err := usd.Cmp(eur); return err },
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			var mm *CurrencyMismatchError
			err := op()
			if !errors.As(err, &mm) || mm.Want != "USD" || mm.Got != "EUR" {
				t.Fatalf("got %v", err)
			}
			if err.Error() != "currency mismatch: USD and EUR" {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestParseMoneyErrors(t *testing.T) {
	tests := []struct{ name, amount, currency, want string }{
		{"bad amount", "12.3.4", "USD", `invalid decimal "12.3.4": unexpected '.' at offset 4`},
		{"huge exponent", "1e1000000000", "USD", `invalid decimal "1e1000000000": exponent 1000000000 is beyond ±64`},
		{"no currency", "1", "", `currency "": want a three-letter ISO 4217 code such as USD`},
		{"lower-case currency", "1", "usd", `currency "usd": want a three-letter ISO 4217 code such as USD`},
		{"long currency", "1", "USDT", `currency "USDT": want a three-letter ISO 4217 code such as USD`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMoney(tt.amount, tt.currency)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestMoneyJSON(t *testing.T) {
	tests := []struct{ amount, want string }{
		{"9400783.42", `"9400783.42"`}, {"1", `"1.00"`}, {"0.125", `"0.12"`}, {"-3.5", `"-3.50"`}, {"0", `"0.00"`},
	}
	for _, tt := range tests {
		t.Run(tt.amount, func(t *testing.T) {
			got, err := json.Marshal(mustMoney(t, tt.amount, "USD"))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestMoneyUnmarshalJSON(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{`"12.34"`, "12.34", ""},
		{`12.345`, "12.345", ""},
		{`1e2`, "100", ""},
		{`"1e1000000000"`, "", `invalid decimal "1e1000000000": exponent 1000000000 is beyond ±64`},
		{`"1\u0030"`, "", `invalid decimal "1\\u0030": escapes are not allowed in a number`},
		{`true`, "", `invalid decimal: want a decimal string or a JSON number, got "true"`},
		{`"abc"`, "", `invalid decimal "abc": want digits, as in 1234.56`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m := mustMoney(t, "0", "EUR")
			err := json.Unmarshal([]byte(tt.in), &m)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("got %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assertDec(t, tt.want, m.Amount())
			if m.Currency() != "EUR" {
				t.Errorf("currency %q, want the receiver's EUR", m.Currency())
			}
		})
	}
}

func TestFormatAmount(t *testing.T) {
	for in, want := range map[string]string{
		"9400783.42": "9,400,783.42", "934.6": "934.60", "1000": "1,000.00", "-1234567": "-1,234,567.00",
		"0": "0.00", "0.005": "0.00", "0.015": "0.02", "999999.995": "1,000,000.00", "-0.001": "0.00",
	} {
		if got := FormatAmount(decimal.RequireFromString(in)); got != want {
			t.Errorf("FormatAmount(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 42000: "42,000", 1000000: "1,000,000", -1234567: "-1,234,567"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}
