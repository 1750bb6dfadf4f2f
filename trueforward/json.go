package trueforward

import (
	"encoding/json"

	"github.com/shopspring/decimal"
)

type resultJSON struct {
	AsOf        string           `json:"as_of"`
	Baseline    string           `json:"baseline"`
	Contract    contractJSON     `json:"contract"`
	Milestones  []milestoneJSON  `json:"milestones"`
	Invoices    []invoiceJSON    `json:"invoices"`
	Comparisons []comparisonJSON `json:"comparisons"`
	Total       comparisonJSON   `json:"total"`
}

type contractJSON struct {
	Start      string   `json:"start"`
	TermYears  int      `json:"term_years"`
	End        string   `json:"end"`
	Milestones []string `json:"milestones,omitempty"`
}

type milestoneJSON struct {
	Date         string      `json:"date"`
	License      string      `json:"license"`
	SemiAnnual   bool        `json:"semi_annual"`
	Months       int         `json:"months"`
	Consumption  int64       `json:"consumption"`
	Entitlement  int64       `json:"entitlement"`
	Allowed      int64       `json:"allowed"`
	Overage      int64       `json:"overage"`
	Billable     int64       `json:"billable"`
	Charge       string      `json:"charge"`
	TargetCharge string      `json:"target_charge"`
	Attribution  Attribution `json:"attribution"`
}

type invoiceJSON struct {
	Date         string `json:"date"`
	Billable     int64  `json:"billable"`
	Charge       string `json:"charge"`
	TargetCharge string `json:"target_charge"`
}

type comparisonJSON struct {
	License       string `json:"license,omitempty"`
	Units         int64  `json:"units"`
	Premium       string `json:"premium,omitempty"`
	TargetPremium string `json:"target_premium,omitempty"`
	Charge        string `json:"charge"`
	TargetCharge  string `json:"target_charge"`
	UpFront       string `json:"up_front"`
	Saving        string `json:"saving"`
}

// MarshalJSON writes the review in the shape of the procurement file's
// true_forward block (docs/DESIGN.md), dates as YYYY-MM-DD and money as
// strings with two decimals: {"as_of", "baseline", "contract", "milestones":
// [{"date", "license", "semi_annual", "months", "consumption",
// "entitlement", "allowed", "overage", "billable", "charge",
// "target_charge", "attribution": {"organic", "project", "acquisition",
// "unattributed"}}], "invoices", "comparisons", "total"}. "charge" is at
// the opening premium, "target_charge" at the buyer's. Findings are left
// to the renderer, with every other move's.
func (r *Result) MarshalJSON() ([]byte, error) {
	out := resultJSON{
		AsOf: formatDate(r.AsOf), Baseline: formatDate(r.Baseline),
		Contract: contractJSON{Start: formatDate(civil(r.Contract.Start)), TermYears: r.Contract.TermYears, End: formatDate(r.Contract.End())},
		// Empty arrays, not null: scripts iterate them.
		Milestones: make([]milestoneJSON, 0, len(r.Milestones)), Invoices: make([]invoiceJSON, 0, len(r.Invoices)),
		Comparisons: make([]comparisonJSON, 0, len(r.Comparisons)), Total: comparisonOut(r.Total),
	}
	for _, m := range r.Contract.Milestones {
		out.Contract.Milestones = append(out.Contract.Milestones, formatDate(civil(m)))
	}
	for _, m := range r.Milestones {
		out.Milestones = append(out.Milestones, milestoneJSON{
			Date: formatDate(m.Date), License: m.License, SemiAnnual: m.SemiAnnual, Months: m.Months,
			Consumption: m.Consumption, Entitlement: m.Entitlement, Allowed: m.Allowed, Overage: m.Overage, Billable: m.Billable,
			Charge: money(m.Opening), TargetCharge: money(m.Target), Attribution: m.Attribution,
		})
	}
	for _, inv := range r.Invoices {
		out.Invoices = append(out.Invoices, invoiceJSON{Date: formatDate(inv.Date), Billable: inv.Billable, Charge: money(inv.Opening), TargetCharge: money(inv.Target)})
	}
	for _, c := range r.Comparisons {
		out.Comparisons = append(out.Comparisons, comparisonOut(c))
	}
	return json.Marshal(out)
}

func comparisonOut(c Comparison) comparisonJSON {
	out := comparisonJSON{License: c.License, Units: c.Units, Charge: money(c.Opening), TargetCharge: money(c.Target),
		UpFront: money(c.UpFront), Saving: money(c.Saving)}
	if c.License != "" {
		out.Premium, out.TargetPremium = c.Premium.String(), c.TargetPremium.String()
	}
	return out
}

// money writes an amount with exactly two decimals, half-even.
func money(d decimal.Decimal) string { return d.StringFixedBank(2) }
