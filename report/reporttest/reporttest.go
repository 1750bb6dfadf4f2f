// Package reporttest builds procurement files for the tests, benchmarks
// and previews of renderers — this module's and those of programs that
// render a report.File their own way (a workbook, a dashboard).
//
// File returns a file shaped like the embedded sample's: a financial-
// services Smart Account with 42,000 instances across two dozen Virtual
// Accounts, a five-year opening proposal with a 9 % uplift, a 4 % per-year
// cap as the target. Its figures are consistent (every schedule is priced
// with package pricing, the waterfall reconciles to the cent), so a
// renderer shows what a real file would; the findings are as many as asked,
// spread over the moves, so a benchmark can ask for a million.
package reporttest

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// licenses of the file, with the opening's subscription and true-forward
// quantities and what the moves take off each.
var licenses = []struct {
	sku, name, pid   string
	price            string
	sub, tf          int64 // opening quantities
	hygiene, tfKeep  int64 // units hygiene reclaims; true-forward units kept
	reconcile, tiers int64 // units reconciliation removes; units right-tiered to lower
	lower            int   // index of the lower tier, -1 when none
}{
	{"C9300-DNA-A-5Y", "C9300 DNA Advantage", "C9300-48P", "52.00", 17000, 2000, 2400, 700, 600, 800, 1},
	{"C9300-DNA-E-5Y", "C9300 DNA Essentials", "C9300-24T", "24.00", 12000, 0, 1900, 0, 400, 0, -1},
	{"C9200-DNA-E-5Y", "C9200 DNA Essentials", "C9200-48T", "18.00", 8000, 1000, 1300, 300, 300, 0, -1},
	{"ISR1100-DNA-A", "ISR 1100 DNA Advantage", "ISR1100-4G", "60.00", 1400, 0, 300, 0, 0, 0, -1},
	{"C9800-WLC-DNA", "Catalyst 9800 DNA Advantage", "C9800-40", "41.00", 600, 0, 100, 0, 40, 0, -1},
}

// virtualAccounts of the file: business unit, region, workload, environment.
var virtualAccounts = [][4]string{
	{"Retail Banking", "EMEA", "production", "on-prem"}, {"Retail Banking", "EMEA", "disaster-recovery", "on-prem"},
	{"Retail Banking", "Americas", "production", "on-prem"}, {"Retail Banking", "APAC", "production", "hybrid"},
	{"Markets", "EMEA", "production", "on-prem"}, {"Markets", "Americas", "production", "on-prem"},
	{"Markets", "APAC", "staging", "cloud"}, {"Markets", "EMEA", "development", "cloud"},
	{"Wealth", "EMEA", "production", "hybrid"}, {"Wealth", "Americas", "production", "on-prem"},
	{"Wealth", "APAC", "development", "cloud"}, {"Operations", "EMEA", "production", "on-prem"},
	{"Operations", "Americas", "production", "on-prem"}, {"Operations", "APAC", "production", "on-prem"},
	{"Operations", "EMEA", "staging", "on-prem"}, {"Corporate IT", "EMEA", "production", "on-prem"},
	{"Corporate IT", "Americas", "production", "hybrid"}, {"Corporate IT", "APAC", "production", "on-prem"},
	{"Corporate IT", "EMEA", "development", "cloud"}, {"Security", "EMEA", "production", "air-gapped"},
	{"Security", "Americas", "production", "air-gapped"}, {"Treasury", "EMEA", "production", "on-prem"},
	{"Treasury", "Americas", "disaster-recovery", "on-prem"}, {"Treasury", "APAC", "production", "on-prem"},
}

func vaName(i int) string {
	v := virtualAccounts[i%len(virtualAccounts)]
	return v[0] + " " + v[1] + " " + v[2]
}

var (
	asOf        = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	start       = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	uplift      = decimal.RequireFromString("0.09")
	premium     = decimal.RequireFromString("0.30")
	target      = decimal.RequireFromString("0.15")
	discount    = decimal.RequireFromString("0.03")
	npvRate     = decimal.RequireFromString("0.08")
	capFourPct  = pricing.Cap{Kind: pricing.CapPerYear, Rate: decimal.RequireFromString("0.04")}
	supportLine = pricing.Line{SKU: "CON-SNTC-5Y", Category: pricing.Support, Quantity: 1, UnitPrice: decimal.RequireFromString("90000.00")}
)

// quantities is one state of the walk from the opening to the target: the
// subscription and true-forward units per license, the premium and the
// price factor.
type quantities struct {
	sub, tf []int64
	premium decimal.Decimal
	price   decimal.Decimal // factor on unit prices (1 − benchmark discount)
	cap     pricing.Cap
}

func (q quantities) clone() quantities {
	q.sub = append([]int64(nil), q.sub...)
	q.tf = append([]int64(nil), q.tf...)
	return q
}

func (q quantities) proposal() *pricing.Proposal {
	p := &pricing.Proposal{Vendor: "Cisco Systems", Currency: "USD", TermYears: 5, StartDate: start, AnnualUplift: uplift}
	for i, l := range licenses {
		price := decimal.RequireFromString(l.price).Mul(q.price)
		p.Lines = append(p.Lines, pricing.Line{SKU: l.sku, License: l.name, Category: pricing.Subscription, Quantity: q.sub[i], UnitPrice: price})
		if l.tf > 0 {
			p.Lines = append(p.Lines, pricing.Line{SKU: l.sku + "-TF", License: l.name, Category: pricing.TrueForward,
				Quantity: q.tf[i], UnitPrice: price, Uplift: q.premium})
		}
	}
	s := supportLine
	s.UnitPrice = s.UnitPrice.Mul(q.price)
	p.Lines = append(p.Lines, s)
	return p
}

func (q quantities) position() (report.Position, error) {
	s, err := q.proposal().Schedule(q.cap)
	if err != nil {
		return report.Position{}, err
	}
	npv, err := pricing.NPV(s.Years, npvRate)
	if err != nil {
		return report.Position{}, err
	}
	p := report.Position{Schedule: s.Years, TCV: s.TCV, NPV: npv, Cap: q.cap}
	for _, l := range s.Lines {
		p.Lines = append(p.Lines, report.Line{SKU: l.Line.SKU, License: l.Line.License, Category: l.Line.Category,
			Quantity: l.Line.Quantity, UnitPrice: l.Line.UnitPrice, Premium: l.Line.Uplift, TCV: l.TCV})
	}
	return p, nil
}

// File returns a procurement file with the given number of review findings
// (at least one per review when findings ≥ 6), and the two findings about
// the prices that the price_cap and benchmark_discount steps cite. It is deterministic: the same
// number gives the same file. An error means the fixture itself is wrong.
func File(findings int) (*report.File, error) {
	q := quantities{premium: premium, price: decimal.NewFromInt(1)}
	for _, l := range licenses {
		q.sub = append(q.sub, l.sub)
		q.tf = append(q.tf, l.tf)
	}
	f := &report.File{
		SmartAccount: "Northwind Financial", Domain: "northwind-financial.example", AsOf: asOf, Currency: "USD",
		Vendor: "Cisco Systems", TermYears: 5, Start: start,
	}
	var err error
	if f.Opening, err = q.position(); err != nil {
		return nil, err
	}
	fs := newFindings(findings)
	f.Hygiene.Reconciliation, f.Hygiene.Cleanup, f.Hygiene.Access = fs.reconciliation, fs.cleanup, fs.access
	f.Rightsizing.Findings, f.TrueForward.Findings, f.SLR.Findings = fs.rightsizing, fs.trueForward, fs.slr
	f.Pricing = fs.pricing

	// The walk of METHOD.md §8, each step priced on the state it leaves.
	walk := []struct {
		name, detail string
		cite         []smartaccount.Finding
		move         func(q *quantities) int64
	}{
		{report.StepHygiene, "Decommissioned and duplicate registrations leave the subscription lines.", fs.cleanup,
			func(q *quantities) (n int64) {
				for i, l := range licenses {
					q.sub[i] -= l.hygiene
					n += l.hygiene
				}
				return n
			}},
		{report.StepRightsizing, "Pooling the Virtual Accounts leaves only the pooled shortage on the true-forward lines.", fs.rightsizing,
			func(q *quantities) (n int64) {
				for i, l := range licenses {
					n += q.tf[i] - l.tfKeep
					q.tf[i] = l.tfKeep
				}
				return n
			}},
		{report.StepReconciliation, "Subscriptions come down to what the Smart Account needs after the reclaim.", fs.reconciliation,
			func(q *quantities) (n int64) {
				for i, l := range licenses {
					q.sub[i] -= l.reconcile
					n += l.reconcile
				}
				return n
			}},
		{report.StepTrueForward, "The remaining true-forward units are priced at a 15 % premium instead of 30 %.", fs.trueForward,
			func(q *quantities) int64 {
				q.premium = target
				return 0
			}},
		{report.StepRightTiering, "Oversized instances move to the tier their footprint requires.", fs.cleanup[:min(len(fs.cleanup), 40)],
			func(q *quantities) (n int64) {
				for i, l := range licenses {
					if l.lower >= 0 {
						q.sub[i] -= l.tiers
						q.sub[l.lower] += l.tiers
						n += l.tiers
					}
				}
				return n
			}},
		{report.StepPriceCap, "The 9 % annual uplift is capped at 4 % per year.", fs.pricing[:1],
			func(q *quantities) int64 {
				q.cap = capFourPct
				return 0
			}},
		{report.StepBenchmarkDiscount, "Unit prices come down 3 %, as the benchmark of peer contracts supports.", fs.pricing[1:],
			func(q *quantities) int64 {
				q.price = decimal.NewFromInt(1).Sub(discount)
				return 0
			}},
	}
	before := f.Opening
	for _, st := range walk {
		next := q.clone()
		units := st.move(&next)
		after, err := next.position()
		if err != nil {
			return nil, err
		}
		s := report.Step{Name: st.name, Amount: before.TCV.Sub(after.TCV), Units: units, Detail: st.detail}
		for i := range st.cite {
			s.Findings = append(s.Findings, st.cite[i].ID())
		}
		f.Waterfall = append(f.Waterfall, s)
		q, before = next, after
	}
	f.Target = before

	f.Recovery = recovery(f.Opening.TCV, f.Target.TCV, f.Waterfall[0].Amount)
	yearOne := f.Opening.Schedule[0]
	prior := decimal.RequireFromString("1150000.00")
	band, _ := pricing.LookupBand("financial-services")
	pos, _ := band.Classify(yearOne, prior)
	up, _ := pricing.Percentage(yearOne.Sub(prior), prior)
	f.UpliftBand = &pricing.BandResult{Band: band, YearOne: yearOne, PriorSpend: prior, UpliftPercent: up, Position: pos}
	over, _ := capFourPct.OverTerm(5)
	f.Cap = report.CapReading{Cap: capFourPct, Years: 5, OverTerm: decimal.NewNullDecimal(over),
		Detail: "A 4.00 % per-year cap compounds: over the five-year term it lets year 5 cost 16.99 % more than year 1, not 4 %."}

	f.Reconciliation = positions()
	f.Hygiene.Classes = map[string]int{"decommissioned": 6000, "duplicate": 412, "stale": 1830, "unmatched": 655, "active": 33103}
	for _, l := range licenses {
		consumed := l.sub + l.tf - l.reconcile
		need := consumed - l.hygiene
		f.Hygiene.Licenses = append(f.Hygiene.Licenses, report.LicenseHygiene{License: l.name, Consumed: consumed,
			Reclaimable: l.hygiene, Need: need, Unused: max(0, l.sub-need), Entitled: l.sub})
	}
	f.Rightsizing = rightsizing(f.Rightsizing.Findings)
	f.TrueForward = trueForward(f.TrueForward.Findings)
	f.Reporting = reporting()
	f.SLR.Reclaimable = map[string]int64{"C9300 DNA Advantage": 24, "ISR 1100 DNA Advantage": 6}
	if f.Scenarios, err = scenarios(q, f); err != nil {
		return nil, err
	}
	f.Missing = []report.Missing{{Input: "forecast.json",
		Consequence: "no growth is forecast: the target buys today's need, and the true-forward forecast is not compared with buying up front"}}
	f.Warnings = []string{`product_instances.csv: column "notes" is not part of the format and was ignored`}
	f.Inputs = []report.Input{
		{File: "smart_account.json", SHA256: "3f1c9a7be2d04c5f8e6a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566", Records: 1, Bytes: 4210},
		{File: "entitlements.csv", SHA256: "a9d2e4f60718293a4b5c6d7e8f901122334455663f1c9a7be2d04c5f8e6a1b2c", Records: 412, Bytes: 38411},
		{File: "product_instances.csv", SHA256: "0c5f8e6a1b2c3d4e5f60718293a4b5c6d7e8f901122334455663f1c9a7be2d04", Records: 42000, Bytes: 10498112},
		{File: "footprint.csv", SHA256: "5c6d7e8f901122334455663f1c9a7be2d04c5f8e6a1b2c3d4e5f60718293a4b", Records: 42300, Bytes: 6391877},
		{File: "users.csv", SHA256: "e2d04c5f8e6a1b2c3d4e5f60718293a4b5c6d7e8f901122334455663f1c9a7b", Records: 96, Bytes: 7012},
		{File: "reservations.csv", SHA256: "718293a4b5c6d7e8f901122334455663f1c9a7be2d04c5f8e6a1b2c3d4e5f60", Records: 310, Bytes: 61804},
		{File: "proposal.json", SHA256: "8f901122334455663f1c9a7be2d04c5f8e6a1b2c3d4e5f60718293a4b5c6d7e", Records: 9, Bytes: 1733},
	}
	return f, nil
}

var (
	hygieneBand = report.Band{Low: decimal.NewFromInt(10), High: decimal.NewFromInt(20)}
	allBand     = report.Band{Low: decimal.NewFromInt(20), High: decimal.NewFromInt(40)}
)

// recovery places opening − target and the hygiene step against the bands
// of METHOD.md §8.
func recovery(opening, targetTCV, hygiene decimal.Decimal) report.Recovery {
	r := report.Recovery{Amount: opening.Sub(targetTCV), Expected: allBand, HygieneExpected: hygieneBand}
	pct, _ := pricing.Percentage(r.Amount, opening)
	hyg, _ := pricing.Percentage(hygiene, opening)
	r.Percent, r.HygienePercent = pct, hyg
	r.Expected.Position = placeIn(r.Percent.Decimal(), allBand)
	r.HygieneExpected.Position = placeIn(r.HygienePercent.Decimal(), hygieneBand)
	return r
}

func placeIn(p decimal.Decimal, b report.Band) pricing.Position {
	switch {
	case p.LessThan(b.Low):
		return pricing.Below
	case p.GreaterThan(b.High):
		return pricing.Above
	}
	return pricing.Within
}

// findings holds the generated findings of every move.
type findings struct {
	reconciliation, cleanup, access, rightsizing, trueForward, slr []smartaccount.Finding
	// pricing holds the two findings the re-pricing steps cite; they are
	// not counted among the findings asked for.
	pricing []smartaccount.Finding
}

// newFindings spreads n findings over the moves: clean-up takes most, as
// in a real Smart Account.
func newFindings(n int) findings {
	share := func(permille int) int {
		k := n * permille / 1000
		if n >= 6 {
			k = max(k, 1)
		}
		return k
	}
	fs := findings{pricing: []smartaccount.Finding{
		{Kind: "uplift_above_cap", Severity: smartaccount.SeverityInfo,
			Detail:   "The proposal's uplift of 9.00 % a year against the buyer's target cap of 4.00 % per year.",
			Evidence: []smartaccount.Ref{{Source: "proposal.json", Record: "annual_uplift"}, {Source: "options.json", Record: "price_cap"}}},
		{Kind: "benchmark_discount", Severity: smartaccount.SeverityInfo,
			Detail:   "A benchmark supports unit prices 3.00 % below the proposal's.",
			Evidence: []smartaccount.Ref{{Source: "options.json", Record: "benchmark_discount"}}},
	}}
	nRec, nAcc, nRight, nTF, nSLR := share(100), share(20), share(80), share(50), share(50)
	nClean := max(0, n-nRec-nAcc-nRight-nTF-nSLR)
	cleanKinds := []struct {
		kind     smartaccount.Kind
		severity smartaccount.Severity
		detail   string
	}{
		{"decommissioned", smartaccount.SeverityCritical, "decommissioned in the footprint on 2025-11-14, still registered in CSSM"},
		{"decommissioned", smartaccount.SeverityCritical, "retired in the footprint, still consuming a license"},
		{"duplicate", smartaccount.SeverityWarning, "the same UDI is registered again in another Virtual Account; the later contact is kept"},
		{"stale", smartaccount.SeverityWarning, "no contact with CSSM for 212 days"},
		{"unmatched", smartaccount.SeverityInfo, "registered in CSSM but absent from the footprint"},
		{"oversized", smartaccount.SeverityInfo, "uses DNA Advantage where the footprint requires DNA Essentials"},
	}
	fs.cleanup = make([]smartaccount.Finding, nClean)
	for i := range fs.cleanup {
		l := licenses[i%len(licenses)]
		k := cleanKinds[i%len(cleanKinds)]
		fs.cleanup[i] = smartaccount.Finding{
			Kind: k.kind, Severity: k.severity, License: l.name, VirtualAccount: vaName(i / len(licenses)),
			UDI: smartaccount.UDI{PID: l.pid, Serial: fmt.Sprintf("FOC%07d", i)}, Quantity: 1, Detail: k.detail,
			Evidence: []smartaccount.Ref{{Source: "product_instances.csv", Line: 2 + i}, {Source: "footprint.csv", Line: 2 + i}},
		}
	}
	fs.reconciliation = make([]smartaccount.Finding, nRec)
	for i := range fs.reconciliation {
		l := licenses[i%len(licenses)]
		kind, sev, q := smartaccount.Kind("shortage"), smartaccount.SeverityWarning, int64(40+i%37*11)
		detail := fmt.Sprintf("consumes %d units more than it is entitled to", q)
		if i%3 == 1 {
			kind, sev, detail = "surplus", smartaccount.SeverityInfo, fmt.Sprintf("holds %d units it does not use", q)
		}
		fs.reconciliation[i] = smartaccount.Finding{Kind: kind, Severity: sev, License: l.name,
			VirtualAccount: fmt.Sprintf("%s #%d", vaName(i/len(licenses)), i/(len(licenses)*len(virtualAccounts))),
			Quantity:       q, Detail: detail,
			Evidence: []smartaccount.Ref{{Source: "entitlements.csv", Line: 2 + i%400}, {Source: "product_instances.csv", Line: 2 + i*7}}}
	}
	fs.access = make([]smartaccount.Finding, nAcc)
	for i := range fs.access {
		kind, sev, user, detail := smartaccount.Kind("dormant_user"), smartaccount.SeverityWarning,
			fmt.Sprintf("user%04d@northwind-financial.example", i), "no login in 180 days"
		switch i % 4 {
		case 1:
			kind, sev, user, detail = "external_user", smartaccount.SeverityWarning, fmt.Sprintf("consultant%04d@partner.example", i),
				"e-mail domain outside the customer's domains"
		case 2:
			kind, sev, detail = "excess_admins", smartaccount.SeverityInfo, "one of 14 Smart Account Administrators among 96 users"
		}
		fs.access[i] = smartaccount.Finding{Kind: kind, Severity: sev, User: user, Detail: detail,
			Evidence: []smartaccount.Ref{{Source: "users.csv", Line: 2 + i}}}
	}
	fs.rightsizing = make([]smartaccount.Finding, nRight)
	for i := range fs.rightsizing {
		l := licenses[i%len(licenses)]
		q := int64(5 + i%23*9)
		fs.rightsizing[i] = smartaccount.Finding{Kind: "fragmented_shortage", Severity: smartaccount.SeverityWarning, License: l.name,
			VirtualAccount: fmt.Sprintf("%s #%d", vaName(i/len(licenses)), i/(len(licenses)*len(virtualAccounts))), Quantity: q,
			Detail:   fmt.Sprintf("short of %d units another Virtual Account holds in surplus", q),
			Evidence: []smartaccount.Ref{{Source: "entitlements.csv", Line: 2 + i%400}}}
	}
	fs.trueForward = make([]smartaccount.Finding, nTF)
	for i := range fs.trueForward {
		l := licenses[[]int{0, 2}[i%2]]
		q := int64(10 + i%50*3)
		amount := decimal.NewFromInt(q).Mul(decimal.RequireFromString(l.price)).Mul(decimal.RequireFromString("1.30")).Round(2)
		fs.trueForward[i] = smartaccount.Finding{Kind: "true_forward_overage", Severity: smartaccount.SeverityWarning, License: l.name,
			VirtualAccount: fmt.Sprintf("%s #%d", vaName(i), i/len(virtualAccounts)), Quantity: q, Amount: amount,
			Detail:   fmt.Sprintf("%d units over the entitlement at the %s milestone", q, start.AddDate(1+i%4, 0, 0).Format(time.DateOnly)),
			Evidence: []smartaccount.Ref{{Source: "product_instances.csv", Line: 2 + i*13}, {Source: "footprint.csv", Line: 2 + i*13}}}
	}
	fs.slr = make([]smartaccount.Finding, nSLR)
	slrKinds := []smartaccount.Kind{"reserved_on_decommissioned", "not_confirmed", "expiring", "air_gapped_unreserved"}
	for i := range fs.slr {
		fs.slr[i] = smartaccount.Finding{Kind: slrKinds[i%len(slrKinds)], Severity: smartaccount.SeverityWarning,
			License: licenses[i%2*3].name, VirtualAccount: vaName(19 + i%2),
			UDI: smartaccount.UDI{PID: "IR1101-K9", Serial: fmt.Sprintf("FGL%06d", i)}, Quantity: 1,
			Detail:   "reservation authorized on a device the footprint lists as disposed",
			Evidence: []smartaccount.Ref{{Source: "reservations.csv", Line: 2 + i}, {Source: "footprint.csv", Line: 40000 + i}}}
	}
	return fs
}

// positions returns the entitlement position of every license in every
// Virtual Account.
func positions() []report.PositionRow {
	var rows []report.PositionRow
	for li, l := range licenses {
		for vi := range virtualAccounts {
			ent := l.sub / int64(len(virtualAccounts))
			cons := ent + int64((vi*7+li*3)%41) - 20
			r := report.PositionRow{License: l.name, VirtualAccount: vaName(vi), Entitled: ent, Consumed: cons, Balance: ent - cons}
			if vi%5 == 0 {
				in := cons + int64(vi%3)
				r.InUse = &in
			}
			rows = append(rows, r)
		}
	}
	return rows
}

func rightsizing(fs []smartaccount.Finding) report.Rightsizing {
	r := report.Rightsizing{Findings: fs, Requests: 3}
	for i, l := range licenses {
		frag := l.tf + int64(150*(len(licenses)-i))
		r.Licenses = append(r.Licenses, report.LicenseShortage{License: l.name, Fragmented: frag, Pooled: l.tfKeep})
		r.FragmentedShortage += frag
		r.PooledShortage += l.tfKeep
	}
	for _, d := range smartaccount.Dimensions {
		dim := report.Dimension{Dimension: d}
		seen := map[string]int{}
		for _, va := range virtualAccounts {
			v := va[int(d)-1]
			if _, ok := seen[v]; !ok {
				seen[v] = len(dim.Values)
				dim.Values = append(dim.Values, report.DimensionValue{Value: v})
			}
			dv := &dim.Values[seen[v]]
			dv.VirtualAccounts++
			dv.Surplus += int64(40 + len(v)*9)
			dv.Shortage += int64(25 + len(v)*13)
			dv.Saving = min(dv.Surplus, dv.Shortage)
		}
		r.Dimensions = append(r.Dimensions, dim)
	}
	for i := range 23 {
		l := licenses[i%len(licenses)]
		r.Transfers = append(r.Transfers, report.Transfer{License: l.name, LicenseType: smartaccount.Subscription,
			From: vaName(i + 3), To: vaName(i), Quantity: int64(12 + i*17%140)})
	}
	return r
}

func trueForward(fs []smartaccount.Finding) report.TrueForward {
	t := report.TrueForward{Findings: fs}
	for year := 1; year < 5; year++ {
		date := start.AddDate(year, 0, 0)
		months := int64(12 * (5 - year))
		for _, i := range []int{0, 2} {
			l := licenses[i]
			price := decimal.RequireFromString(l.price)
			ent := l.sub - l.hygiene - l.reconcile
			cons := ent + l.tfKeep + int64(year*120)
			billable := int64(120)
			if year == 1 {
				billable += l.tfKeep
			}
			charge := func(p decimal.Decimal) decimal.Decimal {
				return decimal.NewFromInt(billable).Mul(price).Mul(decimal.NewFromInt(1).Add(p)).
					Mul(decimal.NewFromInt(months)).Div(decimal.NewFromInt(12)).RoundBank(2)
			}
			organic := billable * 6 / 10
			t.Milestones = append(t.Milestones, report.Milestone{Date: date, License: l.name, Consumption: cons, Entitlement: ent,
				Allowed: ent, Overage: cons - ent, Billable: billable, Charge: charge(premium), TargetCharge: charge(target),
				Attribution: report.Attribution{Organic: organic, Project: billable - organic - 10, Unattributed: 10}})
		}
	}
	t.Forecast = []report.ForecastRow{
		{License: licenses[0].name, Growth: 1180, TrueForward: decimal.RequireFromString("198848.00"), UpFront: decimal.RequireFromString("244614.40")},
		{License: licenses[2].name, Growth: 780, TrueForward: decimal.RequireFromString("45489.60"), UpFront: decimal.RequireFromString("42120.00")},
	}
	return t
}

func reporting() report.Reporting {
	r := report.Reporting{
		ByStatus: map[string]int{"ok": 24114, "due_soon": 3260, "overdue": 1417, "ack_missing": 388, "not_required": 12511, "unknown": 310},
		Periodic: 29179, PastDue: 1417,
	}
	wave := []int{3260, 2980, 3120, 4410, 5230, 2875, 1710, 990, 760, 640, 520, 480, 455, 430, 390, 360, 340, 330, 310, 300, 280, 260, 240, 230, 210, 200}
	monday := asOf
	total := 0
	for i, n := range wave {
		r.Weeks = append(r.Weeks, report.Week{Start: monday.AddDate(0, 0, 7*i), Due: n})
		total += n
		if r.StageBy.IsZero() && 2*total >= r.Periodic {
			r.StageBy = monday.AddDate(0, 0, 7*i+3)
		}
	}
	r.Later = max(0, r.Periodic-r.PastDue-total)
	return r
}

// scenarios prices the target's quantities under the standard caps and the
// opening premium, beside the file's own outcome.
func scenarios(final quantities, f *report.File) ([]report.Scenario, error) {
	var out []report.Scenario
	steps := func(tcv decimal.Decimal) map[string]decimal.Decimal {
		m := map[string]decimal.Decimal{}
		var before decimal.Decimal
		for _, s := range f.Waterfall {
			if s.Name == report.StepPriceCap || s.Name == report.StepBenchmarkDiscount {
				continue
			}
			m[s.Name] = s.Amount
			before = before.Add(s.Amount)
		}
		m[report.StepPriceCap] = f.Opening.TCV.Sub(before).Sub(tcv)
		m[report.StepBenchmarkDiscount] = decimal.Decimal{}
		return m
	}
	for _, c := range pricing.StandardCaps() {
		q := final.clone()
		q.cap, q.price = c, decimal.NewFromInt(1)
		p, err := q.position()
		if err != nil {
			return nil, err
		}
		out = append(out, report.Scenario{Name: capName(c), Steps: steps(p.TCV), TargetTCV: p.TCV, TargetNPV: p.NPV,
			Recovery: recovery(f.Opening.TCV, p.TCV, f.Waterfall[0].Amount)})
	}
	return out, nil
}

func capName(c pricing.Cap) string {
	if c.Kind == pricing.CapNone {
		return "no cap, no discount"
	}
	return "cap " + c.String()
}
