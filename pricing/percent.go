package pricing

import (
	"errors"

	"github.com/shopspring/decimal"
)

// Percent is a percentage: 9.50 for 9.5 %. The SDK holds rates as fractions
// (decimal.Decimal, 0.095) and percentages, the figures a report shows, as
// Percent values in fields named …Percent. A Percent is computed from
// unrounded amounts and rounded half-even to two decimals (METHOD.md §0);
// it prints and marshals with exactly two ("9.50", "0.00"). The zero value
// is 0.00 %.
type Percent struct{ value decimal.Decimal }

// NewPercent rounds p half-even to two decimals.
func NewPercent(p decimal.Decimal) Percent { return Percent{value: p.RoundBank(2)} }

// Percentage returns amount / base × 100 rounded half-even to 2 decimals, the
// way METHOD.md §0 shows a percentage. A zero base is an error.
func Percentage(amount, base decimal.Decimal) (Percent, error) {
	if base.IsZero() {
		return Percent{}, errors.New("percentage of a zero base")
	}
	return Percent{value: divBank(amount.Mul(hundred), base, 2)}, nil
}

// Decimal returns the percentage as a number: 9.5 for 9.50 %.
func (p Percent) Decimal() decimal.Decimal { return p.value }

// Rate returns the percentage as a fraction: 0.095 for 9.50 %.
func (p Percent) Rate() decimal.Decimal { return p.value.Shift(-2) }

// String returns the percentage with exactly two decimals, without a sign
// of its own: "9.50".
func (p Percent) String() string { return p.value.StringFixedBank(2) }

// MarshalText writes String's form, so that JSON holds "9.50".
func (p Percent) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a percentage written as a decimal ("9.50", read with
// ParseDecimal), rounded half-even to two decimals.
func (p *Percent) UnmarshalText(b []byte) error {
	d, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*p = NewPercent(d)
	return nil
}
