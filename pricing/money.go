package pricing

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Money is an amount in one ISO 4217 currency. Arithmetic between two Money
// values refuses to mix currencies. The zero Money has no currency and is
// only useful as a target for UnmarshalJSON.
type Money struct {
	amount   decimal.Decimal
	currency string
}

// CurrencyMismatchError reports an operation on amounts of two currencies.
type CurrencyMismatchError struct {
	Want, Got string
}

// Error returns "currency mismatch: WANT and GOT".
func (e *CurrencyMismatchError) Error() string {
	return fmt.Sprintf("currency mismatch: %s and %s", e.Want, e.Got)
}

// NewMoney returns amount in currency, a three-letter upper-case ISO 4217
// code such as "USD". The amount is kept as given (not rounded); build it
// from a string or an integer (decimal.NewFromInt), never from a float.
func NewMoney(amount decimal.Decimal, currency string) (Money, error) {
	if err := checkCurrency(currency); err != nil {
		return Money{}, err
	}
	// Money is written with two decimals; bound its whole digits so that
	// the written form (sign, digits, a possible carry, ".00") parses back
	// through ParseDecimal.
	whole := max(1, amount.NumDigits()+int(amount.Exponent()))
	if whole+5 > MaxDecimalLen {
		return Money{}, fmt.Errorf("%w: an amount with %d whole digits is longer than %d bytes written with cents", ErrDecimal, whole, MaxDecimalLen)
	}
	return Money{amount: amount, currency: currency}, nil
}

// ParseMoney parses a decimal amount (see ParseDecimal) in currency.
func ParseMoney(amount, currency string) (Money, error) {
	d, err := ParseDecimal(amount)
	if err != nil {
		return Money{}, err
	}
	return NewMoney(d, currency)
}

// checkCurrency accepts three upper-case ASCII letters.
func checkCurrency(c string) error {
	if len(c) != 3 {
		return fmt.Errorf("currency %s: want a three-letter ISO 4217 code such as USD", quote(c))
	}
	for i := range 3 {
		if c[i] < 'A' || c[i] > 'Z' {
			return fmt.Errorf("currency %s: want a three-letter ISO 4217 code such as USD", quote(c))
		}
	}
	return nil
}

// Amount returns the decimal amount.
func (m Money) Amount() decimal.Decimal { return m.amount }

// Currency returns the ISO 4217 code.
func (m Money) Currency() string { return m.currency }

// String formats m as "1570800.00 USD": the amount with two decimals
// (half-even) and the currency.
func (m Money) String() string {
	return m.amount.StringFixedBank(2) + " " + m.currency
}

// FormatAmount writes an amount for a human reader: rounded half-even to
// cents and grouped in thousands ("9,400,783.42"). Machine formats (JSON,
// CSV) use the plain two-decimal form instead.
func FormatAmount(d decimal.Decimal) string {
	whole, frac, _ := strings.Cut(d.StringFixedBank(2), ".")
	return group(whole) + "." + frac
}

// FormatCount writes a count of units for a human reader, grouped in
// thousands ("42,000").
func FormatCount(n int64) string { return group(strconv.FormatInt(n, 10)) }

// FormatUnits writes a count of units for a sentence: "1 unit", "6,316
// units".
func FormatUnits(n int64) string {
	if n == 1 {
		return "1 unit"
	}
	return FormatCount(n) + " units"
}

// group puts thousands separators into an integer's digits, after its sign.
func group(s string) string {
	sign := ""
	if s != "" && s[0] == '-' {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	b.Grow(len(sign) + len(s) + len(s)/3)
	b.WriteString(sign)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Add returns m + o, or a *CurrencyMismatchError.
func (m Money) Add(o Money) (Money, error) {
	if m.currency != o.currency {
		return Money{}, &CurrencyMismatchError{Want: m.currency, Got: o.currency}
	}
	return Money{amount: m.amount.Add(o.amount), currency: m.currency}, nil
}

// Sub returns m − o, or a *CurrencyMismatchError.
func (m Money) Sub(o Money) (Money, error) {
	if m.currency != o.currency {
		return Money{}, &CurrencyMismatchError{Want: m.currency, Got: o.currency}
	}
	return Money{amount: m.amount.Sub(o.amount), currency: m.currency}, nil
}

// Cmp compares m and o (-1, 0, +1), or returns a *CurrencyMismatchError.
func (m Money) Cmp(o Money) (int, error) {
	if m.currency != o.currency {
		return 0, &CurrencyMismatchError{Want: m.currency, Got: o.currency}
	}
	return m.amount.Cmp(o.amount), nil
}

// Mul returns m × factor, unrounded; round with Round where METHOD.md says so.
func (m Money) Mul(factor decimal.Decimal) Money {
	return Money{amount: m.amount.Mul(factor), currency: m.currency}
}

// Round returns m rounded half-even to cents.
func (m Money) Round() Money {
	return Money{amount: roundCents(m.amount), currency: m.currency}
}

// MarshalJSON writes the amount as a JSON string with exactly two decimals
// (half-even), e.g. "9400783.42". The currency is not written: documents
// carry it once, beside the amounts.
func (m Money) MarshalJSON() ([]byte, error) {
	return []byte(`"` + m.amount.StringFixedBank(2) + `"`), nil
}

// UnmarshalJSON reads an amount written as a decimal string or a JSON
// number (parsed from its text, never through float64). It keeps the
// currency m already has.
func (m *Money) UnmarshalJSON(data []byte) error {
	d, err := decodeDecimal(data, ParseDecimal)
	if err != nil {
		return err
	}
	m.amount = d
	return nil
}

// decodeDecimal reads a JSON string or number holding a decimal with parse
// (ParseDecimal for an amount, ParseRate for a rate).
func decodeDecimal(data []byte, parse func(string) (decimal.Decimal, error)) (decimal.Decimal, error) {
	data = bytes.TrimSpace(data)
	if len(data) >= 2 && data[0] == '"' && data[len(data)-1] == '"' {
		data = data[1 : len(data)-1]
		if bytes.IndexByte(data, '\\') >= 0 {
			return decimal.Decimal{}, fmt.Errorf("%w %s: escapes are not allowed in a number", ErrDecimal, quote(string(data)))
		}
	} else if len(data) == 0 || data[0] == '"' || !(data[0] == '-' || data[0] >= '0' && data[0] <= '9') {
		return decimal.Decimal{}, fmt.Errorf("%w: want a decimal string or a JSON number, got %s", ErrDecimal, quote(string(data)))
	}
	return parse(string(data))
}
