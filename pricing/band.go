package pricing

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/enum"
)

// Band is an industry's usual opening uplift: the year-1 annual price of a
// renewal proposal over the prior year's annual spend, minus 1 (METHOD.md §1).
type Band struct {
	// Industry is the key options.json uses ("financial-services").
	Industry string
	// Label names the industry for a report.
	Label string
	// Low and High bound the band, inclusive, as rates (0.40 for 40 %).
	Low, High decimal.Decimal
}

// bands is METHOD.md §1's table.
var bands = []Band{
	{"telecom", "telecom / service provider", decimal.New(40, -2), decimal.New(80, -2)},
	{"financial-services", "financial services", decimal.New(40, -2), decimal.New(80, -2)},
	{"manufacturing", "manufacturing", decimal.New(40, -2), decimal.New(80, -2)},
	{"healthcare", "healthcare", decimal.New(30, -2), decimal.New(60, -2)},
	{"public-sector", "public sector / federal", decimal.New(30, -2), decimal.New(60, -2)},
	{"education", "education", decimal.New(20, -2), decimal.New(40, -2)},
}

// bandAliases maps other spellings to a band's key.
var bandAliases = map[string]string{"service-provider": "telecom", "federal": "public-sector"}

// Bands returns the industry opening-uplift bands of METHOD.md §1, a fresh
// copy the caller may change.
func Bands() []Band {
	return append([]Band(nil), bands...)
}

// LookupBand finds an industry's band by key, ignoring case, with spaces or
// underscores accepted for hyphens; "service-provider" and "federal" are
// accepted for telecom and public-sector.
func LookupBand(industry string) (Band, error) {
	k := strings.ToLower(strings.TrimSpace(industry))
	k = strings.NewReplacer(" ", "-", "_", "-").Replace(k)
	if a, ok := bandAliases[k]; ok {
		k = a
	}
	for _, b := range bands {
		if b.Industry == k {
			return b, nil
		}
	}
	keys := make([]string, len(bands))
	for i, b := range bands {
		keys[i] = b.Industry
	}
	return Band{}, fmt.Errorf("unknown industry %s: want one of %s", quote(industry), strings.Join(keys, ", "))
}

// Position places an opening uplift against its industry band.
type Position int

// The positions, "below", "within" and "above" in JSON.
const (
	Below Position = iota + 1
	Within
	Above
)

var positions = enum.New[Position]("position", []string{"", "below", "within", "above"}, nil)

// String returns "below", "within" or "above".
func (p Position) String() string { return positions.String(p) }

// MarshalText writes the String form; an invalid Position is an error.
func (p Position) MarshalText() ([]byte, error) { return positions.Text(p) }

// Classify places a year-1 price against the band, exactly (no division):
// below when yearOne < prior × (1 + Low), above when yearOne > prior × (1 + High).
func (b Band) Classify(yearOne, prior decimal.Decimal) (Position, error) {
	if !prior.IsPositive() {
		return 0, errors.New("prior annual spend must be positive to classify an opening uplift")
	}
	switch {
	case yearOne.LessThan(prior.Mul(one.Add(b.Low))):
		return Below, nil
	case yearOne.GreaterThan(prior.Mul(one.Add(b.High))):
		return Above, nil
	}
	return Within, nil
}

// BandResult is a proposal's opening uplift placed against its industry band.
type BandResult struct {
	Band Band
	// YearOne is the proposal's year-1 total; PriorSpend its prior_annual_spend.
	YearOne, PriorSpend decimal.Decimal
	// UpliftPercent is the opening uplift, (YearOne − PriorSpend) /
	// PriorSpend × 100.
	UpliftPercent Percent
	Position      Position
}

// ClassifyBand computes the proposal's opening uplift (year-1 total over
// prior_annual_spend) and places it below, within or above the band of
// industry (see LookupBand). The proposal must give a positive prior spend.
func (p *Proposal) ClassifyBand(industry string) (*BandResult, error) {
	b, err := LookupBand(industry)
	if err != nil {
		return nil, err
	}
	if !p.PriorAnnualSpend.Valid {
		return nil, &FieldError{Field: "prior_annual_spend", Err: errors.New("missing: needed to classify the opening uplift")}
	}
	s, err := p.Schedule(Cap{})
	if err != nil {
		return nil, err
	}
	prior := p.PriorAnnualSpend.Decimal
	pos, err := b.Classify(s.Years[0], prior)
	if err != nil {
		return nil, &FieldError{Field: "prior_annual_spend", Err: err}
	}
	up, _ := Percentage(s.Years[0].Sub(prior), prior) // prior > 0 checked by Classify
	return &BandResult{Band: b, YearOne: s.Years[0], PriorSpend: prior, UpliftPercent: up, Position: pos}, nil
}
