package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Scenario is a proposal's quantities priced under one cap, for the
// side-by-side view of the price-cap move.
type Scenario struct {
	Cap Cap
	// Years are the per-year totals under the cap.
	Years []decimal.Decimal
	TCV   decimal.Decimal
	NPV   decimal.Decimal
	// Saving is the TCV as proposed minus this TCV; a cap never makes it negative.
	Saving decimal.Decimal
	// SavingPercent is Saving / TCV as proposed × 100 (0.00 when the
	// proposed TCV is 0).
	SavingPercent Percent
	// OverTerm is the largest increase over year 1 the cap allows in the
	// term (see Cap.OverTerm); it is not Valid for CapNone.
	OverTerm decimal.NullDecimal
}

// StandardCaps returns the caps a buyer usually puts side by side: none,
// 3 %, 4 % and 5 % per year, and 9 % cumulative over the term.
func StandardCaps() []Cap {
	return []Cap{
		{},
		{Kind: CapPerYear, Rate: decimal.New(3, -2)},
		{Kind: CapPerYear, Rate: decimal.New(4, -2)},
		{Kind: CapPerYear, Rate: decimal.New(5, -2)},
		{Kind: CapCumulative, Rate: decimal.New(9, -2)},
	}
}

// Scenarios prices the proposal's quantities under each cap, in order, with
// NPV at discountRate, and compares each with the schedule as proposed.
func (p *Proposal) Scenarios(caps []Cap, discountRate decimal.Decimal) ([]Scenario, error) {
	if err := p.validateFields(); err != nil {
		return nil, err
	}
	if err := checkRate(discountRate); err != nil {
		return nil, fmt.Errorf("discount rate: %w", err)
	}
	rates := p.UpliftRates()
	pr := p.pricer()
	f, err := Factors(rates, Cap{})
	if err != nil {
		return nil, err
	}
	proposed := sum(pr.years(f))
	out := make([]Scenario, len(caps))
	for i, c := range caps {
		if f, err = Factors(rates, c); err != nil {
			return nil, fmt.Errorf("caps[%d]: %w", i, err)
		}
		s := Scenario{Cap: c, Years: pr.years(f)}
		s.TCV = sum(s.Years)
		s.NPV, _ = NPV(s.Years, discountRate) // the rate is checked above
		s.Saving = proposed.Sub(s.TCV)
		if !proposed.IsZero() {
			s.SavingPercent, _ = Percentage(s.Saving, proposed)
		}
		if r, ok := c.OverTerm(p.TermYears); ok {
			s.OverTerm = decimal.NewNullDecimal(r)
		}
		out[i] = s
	}
	return out, nil
}
