package smartlicensing

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// file assembles the procurement file from the moves' results.
func (p *playbook) file(m *moves, o Options) (*report.File, error) {
	snap := p.in.Snapshot
	f := &report.File{
		SmartAccount: snap.Account.Name, Domain: snap.Account.Domain, AsOf: o.AsOf, Currency: snap.Account.Currency,
		Inputs: p.in.Evidence, Warnings: p.in.Warnings,
	}
	for _, name := range p.in.Absent {
		f.Missing = append(f.Missing, report.Missing{Input: name, Consequence: consequences[name]})
	}
	p.hygieneSection(f, m)
	p.rightsizingSection(f, m)
	p.reportingSection(f, m)
	f.SLR = report.SLR{Findings: m.slr.Findings, Reclaimable: m.slr.Reclaimable}

	pr := p.in.Proposal
	if pr == nil {
		return f, nil
	}
	if f.Currency == "" {
		f.Currency = pr.Currency
	}
	f.Vendor, f.TermYears, f.Start = pr.Vendor, pr.TermYears, pr.StartDate
	p.trueForwardSection(f, m)
	w, err := runWaterfall(p.waterfallInput(m, o))
	if err != nil {
		return nil, err
	}
	if f.Opening, err = position(w.opening, o.DiscountRate); err != nil {
		return nil, err
	}
	if f.Target, err = position(w.final, o.DiscountRate); err != nil {
		return nil, err
	}
	f.Waterfall = w.steps
	f.Recovery = recovery(w)
	f.CounterProposal = counterProposal(w.target, o.PriceCap)
	f.Pricing = p.pricingFindings(o)
	f.Cap = capReading(o.PriceCap, pr)
	if o.Industry != "" && pr.PriorAnnualSpend.Valid {
		if f.UpliftBand, err = pr.ClassifyBand(o.Industry); err != nil {
			f.Warnings = append(f.Warnings, "the industry band could not be read: "+err.Error())
		}
	}
	return f, nil
}

// position prices a schedule into the file's shape, with its NPV.
func position(s *pricing.Schedule, rate decimal.Decimal) (report.Position, error) {
	npv, err := pricing.NPV(s.Years, rate)
	if err != nil {
		return report.Position{}, err
	}
	pos := report.Position{Schedule: s.Years, TCV: s.TCV, NPV: npv, Cap: s.Cap}
	for _, l := range s.Lines {
		pos.Lines = append(pos.Lines, report.Line{SKU: l.Line.SKU, License: l.Line.License, Category: l.Line.Category,
			Quantity: l.Line.Quantity, UnitPrice: l.Line.UnitPrice, Premium: l.Line.Uplift, TCV: l.TCV})
	}
	return pos, nil
}

// counterProposal writes the target as a proposal: the target's lines,
// and the cap in its uplift. A per-year cap is exact as yearly uplifts
// (min(u_y, c) each year); a cumulative cap has no exact yearly form, so
// the yearly uplifts stop once the price reaches year 1 × (1 + C) — the
// counter-proposal then states the uplift the cap allows year by year,
// with the year that reaches the ceiling rounded down to a rate of four
// decimals, never above the cap.
func counterProposal(target *pricing.Proposal, c pricing.Cap) *pricing.Proposal {
	cp := *target
	cp.Lines = slices.Clone(target.Lines)
	cp.StatedTotal = decimal.NullDecimal{}
	rates := target.UpliftRates()
	if c.Kind == pricing.CapNone || len(rates) == 0 {
		return &cp
	}
	yearly := make([]decimal.Decimal, len(rates))
	one := decimal.NewFromInt(1)
	ceiling, factor := one.Add(c.Rate), one
	for i, u := range rates {
		switch c.Kind {
		case pricing.CapPerYear:
			yearly[i] = decimal.Min(u, c.Rate)
		case pricing.CapCumulative:
			next := factor.Mul(one.Add(u))
			if next.GreaterThan(ceiling) {
				u = ceiling.Div(factor).Sub(one).Truncate(4)
				next = factor.Mul(one.Add(u))
			}
			yearly[i], factor = u, next
		}
	}
	cp.YearlyUplift, cp.AnnualUplift = yearly, decimal.Decimal{}
	return &cp
}

// capReading says what the target cap means over the term (METHOD.md §1).
func capReading(c pricing.Cap, p *pricing.Proposal) report.CapReading {
	r := report.CapReading{Cap: c, Years: p.TermYears}
	increases := p.TermYears - 1
	proposed, _ := pricing.Cap{Kind: pricing.CapPerYear, Rate: p.AnnualUplift}.OverTerm(p.TermYears)
	if len(p.YearlyUplift) > 0 {
		f, err := pricing.Factors(p.UpliftRates(), pricing.Cap{})
		if err == nil {
			proposed = f[len(f)-1].Sub(decimal.NewFromInt(1))
		}
	}
	over, ok := c.OverTerm(p.TermYears)
	switch {
	case !ok:
		r.Detail = fmt.Sprintf("No cap: the proposal's uplift %s takes the last year %s above year 1.", upliftText(p), percentOf(proposed))
	case c.Kind == pricing.CapPerYear:
		r.OverTerm = decimal.NewNullDecimal(over)
		r.Detail = fmt.Sprintf("A %s per-year cap compounds: over the %d increases of a %d-year term it allows up to %s above year 1 (the proposal: %s).",
			percent(c.Rate), increases, p.TermYears, percentOf(over), percentOf(proposed))
	default:
		r.OverTerm = decimal.NewNullDecimal(over)
		perYear, _ := pricing.Cap{Kind: pricing.CapPerYear, Rate: c.Rate}.OverTerm(p.TermYears)
		r.Detail = fmt.Sprintf("A %s cumulative cap allows at most %s above year 1 over the whole term; the same rate per year would compound to %s (the proposal: %s).",
			percent(c.Rate), percentOf(over), percentOf(perYear), percentOf(proposed))
	}
	return r
}

// percentOf writes a fraction as a percentage with two decimals: 0.092727 → "9.27 %".
func percentOf(rate decimal.Decimal) string {
	return rate.Mul(hundred).StringFixedBank(2) + " %"
}

// passStart returns the position of the first finding of pass n or a later
// one in fs, which is ordered pass by pass; len(fs) when there is none.
func passStart(fs []smartaccount.Finding, n int) int {
	i, _ := slices.BinarySearchFunc(fs, n, func(fi smartaccount.Finding, n int) int {
		return cmp.Compare(cmp.Or(pass[fi.Kind], 3), n)
	})
	return i
}

// pass is the hygiene pass each finding kind belongs to (METHOD.md §3); a
// kind it does not list is pass 3's (user access).
var pass = map[smartaccount.Kind]int{
	smartaccount.KindShortage: 1, smartaccount.KindSurplus: 1, smartaccount.KindInUseMismatch: 1,
	smartaccount.KindDecommissioned: 2, smartaccount.KindDuplicate: 2, smartaccount.KindStale: 2,
	smartaccount.KindUnmatched: 2, smartaccount.KindOversized: 2,
}

func (p *playbook) hygieneSection(f *report.File, m *moves) {
	h := m.hygiene
	hs := report.Hygiene{Classes: map[string]int{}}
	for c := smartaccount.ClassDecommissioned; c <= smartaccount.ClassActive; c++ {
		hs.Classes[c.String()] = h.Count(c)
	}
	for _, l := range h.Licenses {
		hs.Licenses = append(hs.Licenses, report.LicenseHygiene{License: l.License, Consumed: l.Consumed,
			Reclaimable: l.Reclaimable, Need: l.Need, Unused: l.Unused, Entitled: l.Entitled})
	}
	// The review orders its findings by kind as the Kind constants are
	// listed, pass by pass, so each pass is a run of them: the file shares
	// the review's slice instead of copying a million findings.
	two, three := passStart(h.Findings, 2), passStart(h.Findings, 3)
	hs.Reconciliation, hs.Cleanup, hs.Access = h.Findings[:two:two], h.Findings[two:three:three], h.Findings[three:]
	f.Hygiene = hs
	for _, pos := range h.Positions {
		row := report.PositionRow{License: pos.License, VirtualAccount: pos.VirtualAccount, Entitled: pos.Entitled,
			Consumed: pos.Consumed, Balance: pos.Balance(), InUse: pos.InUse}
		f.Reconciliation = append(f.Reconciliation, row)
	}
}

func (p *playbook) reportingSection(f *report.File, m *moves) {
	fl := m.fleet
	r := report.Reporting{ByStatus: map[string]int{}, Periodic: fl.Wave.Periodic, PastDue: fl.Wave.PastDue,
		StageBy: fl.Wave.StageBy, Later: fl.Wave.Later}
	for s, n := range fl.ByStatus {
		r.ByStatus[s.String()] = n
	}
	for _, w := range fl.Wave.Weeks {
		r.Weeks = append(r.Weeks, report.Week{Start: w.Start, Due: w.Due})
	}
	f.Reporting = r
}

func (p *playbook) rightsizingSection(f *report.File, m *moves) {
	rs := m.rs
	r := report.Rightsizing{FragmentedShortage: rs.Fragmented, PooledShortage: rs.Pooled}
	for _, l := range rs.Licenses {
		r.Licenses = append(r.Licenses, report.LicenseShortage{License: l.License, Fragmented: l.Fragmented, Pooled: l.Pooled})
		for _, fi := range l.Findings {
			r.Findings = append(r.Findings, m.hygiene.Findings[fi])
		}
	}
	for _, d := range smartaccount.Dimensions {
		dim := report.Dimension{Dimension: d}
		for _, fr := range rs.Fragmentation {
			if fr.Dimension == d {
				dim.Values = append(dim.Values, report.DimensionValue{Value: fr.Value, VirtualAccounts: len(fr.VirtualAccounts),
					Surplus: fr.Surplus, Shortage: fr.Shortage, Saving: fr.Saving})
			}
		}
		r.Dimensions = append(r.Dimensions, dim)
	}
	for _, t := range rs.Plan.Transfers {
		r.Transfers = append(r.Transfers, report.Transfer{License: t.License, LicenseType: t.Type, From: t.From, To: t.To, Quantity: t.Quantity})
	}
	if reqs, err := rs.Plan.Requests(); err == nil {
		r.Requests = len(reqs)
	}
	f.Rightsizing = r
}

func (p *playbook) trueForwardSection(f *report.File, m *moves) {
	if m.tfErr != nil {
		f.Warnings = append(f.Warnings, "the true-forward review could not run: "+m.tfErr.Error())
		return
	}
	res := m.tf
	t := report.TrueForward{Findings: res.Findings}
	for _, ms := range res.Milestones {
		t.Milestones = append(t.Milestones, report.Milestone{Date: ms.Date, SemiAnnual: ms.SemiAnnual, License: ms.License,
			Consumption: ms.Consumption, Entitlement: ms.Entitlement, Allowed: ms.Allowed, Overage: ms.Overage,
			Billable: ms.Billable, Charge: ms.Opening, TargetCharge: ms.Target,
			Attribution: report.Attribution{Organic: ms.Attribution.Organic, Project: ms.Attribution.Project,
				Acquisition: ms.Attribution.Acquisition, Unattributed: ms.Attribution.Unattributed}})
	}
	for _, c := range res.Comparisons {
		t.Forecast = append(t.Forecast, report.ForecastRow{License: c.License, Growth: c.Units, TrueForward: c.Target, UpFront: c.UpFront})
	}
	f.TrueForward = t
}
