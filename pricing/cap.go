package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/enum"
)

// CapKind says how a contract's price cap works. The difference matters: a
// per-year cap compounds over the term, a cumulative cap does not (METHOD.md §1).
type CapKind int

// The cap kinds of options.json ("cap_kind").
const (
	// CapNone: the uplift applies as proposed.
	CapNone CapKind = iota
	// CapPerYear: each year's uplift is at most the cap rate; it compounds.
	CapPerYear
	// CapCumulative: the price never exceeds year 1 × (1 + cap rate) over the term.
	CapCumulative
)

var capKinds = enum.New[CapKind]("cap kind", []string{"none", "per-year", "cumulative"}, nil)

// ParseCapKind parses "none", "per-year" or "cumulative", ignoring case and
// surrounding spaces.
func ParseCapKind(s string) (CapKind, error) { return capKinds.Parse(s) }

// String returns the options.json spelling, or "CapKind(n)" for an invalid value.
func (k CapKind) String() string { return capKinds.String(k) }

// MarshalText writes the options.json spelling; an invalid CapKind is an error.
func (k CapKind) MarshalText() ([]byte, error) { return capKinds.Text(k) }

// UnmarshalText parses text with ParseCapKind.
func (k *CapKind) UnmarshalText(text []byte) (err error) {
	*k, err = capKinds.Parse(string(text))
	return err
}

// Cap is a contract's price cap: its kind and rate (0.04 for 4 %). The zero
// Cap is "no cap".
type Cap struct {
	Kind CapKind
	Rate decimal.Decimal
}

// Validate checks that the kind is known and, for a real cap, that the rate
// is not negative. The rate of CapNone is ignored.
func (c Cap) Validate() error {
	if _, err := capKinds.Text(c.Kind); err != nil {
		return err
	}
	if c.Kind != CapNone && c.Rate.IsNegative() {
		return fmt.Errorf("%s cap rate %s is negative", c.Kind, c.Rate)
	}
	return nil
}

// String describes the cap for a report: "no cap", "4.00 % per year" or
// "9.00 % cumulative over the term".
func (c Cap) String() string {
	pct := c.Rate.Mul(hundred).StringFixedBank(2)
	switch c.Kind {
	case CapPerYear:
		return pct + " % per year"
	case CapCumulative:
		return pct + " % cumulative over the term"
	}
	return "no cap"
}

// OverTerm returns the largest increase of the last year's price over year 1
// the cap allows in a term of the given years — the compounding trap made
// visible: a 3 % per-year cap over a 4-year term (three increases) allows
// 1.03³ − 1 = 9.2727 %, a 9 % cumulative cap allows 9 %. ok is false for
// CapNone, which bounds nothing.
func (c Cap) OverTerm(years int) (rate decimal.Decimal, ok bool) {
	switch c.Kind {
	case CapPerYear:
		return CompoundedRate(c.Rate, years-1), true
	case CapCumulative:
		return c.Rate, true
	}
	return decimal.Decimal{}, false
}

// CompoundedRate returns (1 + rate)^periods − 1 exactly: what a rate applied
// once per period amounts to over the periods. Zero or fewer periods give 0.
func CompoundedRate(rate decimal.Decimal, periods int) decimal.Decimal {
	f := one
	g := one.Add(rate)
	for range periods {
		f = f.Mul(g)
	}
	return f.Sub(one)
}
