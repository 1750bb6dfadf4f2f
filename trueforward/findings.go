package trueforward

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The kinds of the review's findings, in the order Result.Findings lists
// them. METHOD.md §5 names none, so these are the SDK's words; each finding
// is about one license.
const (
	// KindExposure: units the term trues forward (Quantity), priced at
	// the opening premium (Amount); the detail gives each milestone and the
	// buyer's price. Evidence: the records of the position, the observed
	// growth's product-instance and footprint rows and the forecast entries
	// counted up to the last milestone that bills.
	KindExposure smartaccount.Kind = "true_forward_exposure"
	// KindUnpriced: as KindExposure, for a license no proposal line
	// prices: its charges are zero and Amount is zero.
	KindUnpriced smartaccount.Kind = "true_forward_unpriced"
	// KindUpFront: buying the units up front as entitlement against true
	// forward at the buyer's premium; Amount is what the cheaper way saves
	// and the detail says which it is. Evidence as for KindExposure.
	KindUpFront smartaccount.Kind = "true_forward_up_front"
	// KindForecastBeforeAsOf: forecast entries dated before as_of, already
	// part of today's consumption and not counted again; Quantity is their
	// units of the license, Evidence the entries.
	KindForecastBeforeAsOf smartaccount.Kind = "forecast_before_as_of"
)

// findings builds the review's findings from its rows.
func (r *review) findings(res *Result) []smartaccount.Finding {
	byLicense := make(map[string][]Milestone, len(r.licenses))
	for _, m := range res.Milestones {
		byLicense[m.License] = append(byLicense[m.License], m)
	}
	comparisons := make(map[string]Comparison, len(res.Comparisons))
	for _, c := range res.Comparisons {
		comparisons[c.License] = c
	}
	var exposure, unpriced, upFront, before []smartaccount.Finding
	for i := range r.licenses {
		lr := &r.licenses[i]
		l := lr.in
		rows := byLicense[l.Name]
		var units int64
		var opening, target decimal.Decimal
		var billed []string
		var last Milestone
		for _, m := range rows {
			if m.Billable == 0 {
				continue
			}
			units += m.Billable
			opening, target = opening.Add(m.Opening), target.Add(m.Target)
			billed = append(billed, fmt.Sprintf("%s: %d", formatDate(m.Date), m.Billable))
			last = m
		}
		if units == 0 {
			continue
		}
		evidence := unionRefs(l.Evidence, last.Growth, last.Forecast)
		when := strings.Join(billed, ", ")
		f := smartaccount.Finding{License: l.Name, Quantity: units, Severity: smartaccount.SeverityWarning, Evidence: evidence}
		if !l.Price.Valid {
			f.Kind = KindUnpriced
			f.Detail = fmt.Sprintf("%s to true forward over the term (%s), but no proposal line prices %s: no charge is computed",
				pricing.FormatUnits(units), when, l.Name)
			unpriced = append(unpriced, f)
			continue
		}
		tb := decimal.Min(r.target, l.Premium)
		f.Kind, f.Amount = KindExposure, opening
		f.Detail = fmt.Sprintf("%s to true forward over the term (%s): %s at the opening %s %% premium, %s at the buyer's %s %%",
			pricing.FormatUnits(units), when, pricing.FormatAmount(opening), percent(l.Premium), pricing.FormatAmount(target), percent(tb))
		exposure = append(exposure, f)

		c := comparisons[l.Name]
		verdict := "both cost the same"
		switch c.Saving.Sign() {
		case 1:
			verdict = "buying up front is cheaper by " + pricing.FormatAmount(c.Saving)
		case -1:
			verdict = "true-forward is cheaper by " + pricing.FormatAmount(c.Saving.Neg())
		}
		upFront = append(upFront, smartaccount.Finding{
			Kind: KindUpFront, Severity: smartaccount.SeverityInfo, License: l.Name, Quantity: units, Amount: c.Saving.Abs(),
			Detail: fmt.Sprintf("buying the %s up front as entitlement costs %s, true-forward %s at the buyer's %s %% premium (%s at the opening %s %%): %s",
				pricing.FormatUnits(units), pricing.FormatAmount(c.UpFront), pricing.FormatAmount(c.Target), percent(tb), pricing.FormatAmount(c.Opening), percent(l.Premium), verdict),
			Evidence: evidence,
		})
	}
	earlyByLicense := make(map[string][]early)
	for _, e := range r.before {
		earlyByLicense[e.license] = append(earlyByLicense[e.license], e)
	}
	for i := range r.licenses {
		name := r.licenses[i].in.Name
		entries := earlyByLicense[name]
		if len(entries) == 0 {
			continue
		}
		var units int64
		var named []string
		var refs []smartaccount.Ref
		for _, e := range entries {
			units = addUnits(units, e.quantity)
			named = append(named, fmt.Sprintf("%s (%s, %d units)", e.name, formatDate(e.date), e.quantity))
			refs = append(refs, e.ref)
		}
		before = append(before, smartaccount.Finding{
			Kind: KindForecastBeforeAsOf, Severity: smartaccount.SeverityWarning, License: name, Quantity: units,
			Detail: fmt.Sprintf("dated before as_of %s, so already part of today's consumption and not counted again: %s",
				formatDate(r.asOf), strings.Join(named, ", ")),
			Evidence: unionRefs(refs),
		})
	}
	return slices.Concat(exposure, unpriced, upFront, before)
}

// percent writes a rate as a percentage with two decimals, half-even
// (METHOD.md §0): 0.25 → "25.00".
func percent(rate decimal.Decimal) string { return rate.Shift(2).StringFixedBank(2) }
