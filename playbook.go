package smartlicensing

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/internal/parallel"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/slr"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/trueforward"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// Inputs are what the playbook reads. Only Snapshot is required; every
// other input that is missing is named in the procurement file with what
// could not be computed without it.
type Inputs struct {
	// Snapshot is the Smart Account with the buyer's footprint, users and
	// SLR reservations beside it.
	Snapshot *smartaccount.Snapshot
	// Proposal is the vendor's opening proposal; without it there is no
	// waterfall.
	Proposal *pricing.Proposal
	// Forecast is the buyer's documented growth; nil is no growth.
	Forecast *trueforward.Forecast
	// Policy is the SLP policy of the fleet; nil is the Cisco default.
	Policy *policy.Policy
	// Absent names the optional inputs that were not given, by their
	// dataset file names (dataset.FootprintFile, …), so the file can say
	// what could not be computed. InputsFromDataset fills it.
	Absent []string
	// Evidence lists every input with its SHA-256 and record count.
	Evidence []report.Input
	// Warnings are problems in the inputs that did not stop the read.
	Warnings []string
}

// InputsFromDataset takes the inputs of a dataset read by dataset.Read.
func InputsFromDataset(ds *dataset.Dataset) Inputs {
	in := Inputs{Snapshot: &ds.Snapshot, Proposal: ds.Proposal, Forecast: ds.Forecast, Policy: ds.Policy, Absent: ds.Absent}
	for _, i := range ds.Inputs {
		in.Evidence = append(in.Evidence, report.Input{File: i.File, SHA256: i.SHA256, Records: i.Records, Bytes: i.Bytes})
	}
	for _, w := range ds.Warnings {
		in.Warnings = append(in.Warnings, w.String())
	}
	return in
}

// consequences says, per optional file of a dataset, what the procurement
// file cannot compute without it.
var consequences = map[string]string{
	dataset.InUseFile:        "CSSM's own in-use counts are not compared with the product instances: inuse_mismatch is not checked",
	dataset.FootprintFile:    "without the buyer's inventory no registration can be found decommissioned, unmatched or oversized, no air-gapped device checked for a reservation, and true-forward growth cannot be attributed to its sources",
	dataset.UsersFile:        "user access (pass 3 of the hygiene review) is not reviewed",
	dataset.ReservationsFile: "no SLR reservation is reconciled: no reserved unit is reclaimed, and air-gapped devices all count as unreserved",
	dataset.ProposalFile:     "there is no opening proposal: no waterfall, target or recovery, only the position",
	dataset.ForecastFile:     "growth is taken as zero: the target buys no first-year growth and the true-forward forecast is not computed",
	dataset.OptionsFile:      "METHOD.md's defaults are used for every parameter (no price cap, a 15 % true-forward target, no benchmark discount)",
	dataset.PolicyFile:       "the Cisco default SLP policy is assumed for every instance",
}

// Scenario is another option set to run the same file under, for the
// side-by-side view of the levers (a cap, a premium, stale reclaim, a
// benchmark discount).
type Scenario struct {
	Name    string
	Options Options
}

// StandardScenarios returns the scenarios issue 12 asks for, each a change
// of base: caps none, 3 %, 4 % and 5 % per year and 9 % cumulative; the
// true-forward premium at 15 % and 25 %; stale instances reclaimed or not;
// and a 5 % benchmark discount.
func StandardScenarios(base Options) []Scenario {
	var out []Scenario
	add := func(name string, change func(*Options)) {
		o := base
		change(&o)
		out = append(out, Scenario{Name: name, Options: o})
	}
	for _, c := range pricing.StandardCaps() {
		add(c.String(), func(o *Options) { o.PriceCap = c })
	}
	for _, p := range []string{"0.15", "0.25"} {
		premium := decimal.RequireFromString(p)
		add("true-forward premium "+percent(premium), func(o *Options) { o.TrueForwardUpliftTarget = premium })
	}
	add("stale reclaimed", func(o *Options) { o.ReclaimStale = true })
	add("stale kept", func(o *Options) { o.ReclaimStale = false })
	benchmark := decimal.RequireFromString("0.05")
	add("benchmark discount 5 %", func(o *Options) { o.BenchmarkDiscount = benchmark })
	return out
}

// Run runs the seven moves on the inputs under opts and assembles the
// procurement file; each scenario re-runs what its options change and
// lands in File.Scenarios. ctx is checked between the moves.
func Run(ctx context.Context, in Inputs, opts Options, scenarios ...Scenario) (*report.File, error) {
	if in.Snapshot == nil {
		return nil, errors.New("smartlicensing: Inputs.Snapshot is required")
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	for _, s := range scenarios {
		if err := s.Options.Validate(); err != nil {
			return nil, fmt.Errorf("scenario %q: %w", s.Name, err)
		}
	}
	p := &playbook{in: in, index: smartaccount.NewIndex(in.Snapshot)}
	m, err := p.moves(ctx, opts)
	if err != nil {
		return nil, err
	}
	f, err := p.file(m, opts)
	if err != nil {
		return nil, err
	}
	for _, s := range scenarios {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sc, err := p.scenario(ctx, s)
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", s.Name, err)
		}
		f.Scenarios = append(f.Scenarios, sc)
	}
	return f, nil
}

// playbook holds what every run over the same inputs shares.
type playbook struct {
	in    Inputs
	index *smartaccount.Index
	// cache holds the moves per option set that changes them.
	cache map[moveKey]*moves
	// fleets holds the SLP governance per as-of date, the one option it
	// depends on: the scenarios share it.
	fleets map[time.Time]slp.Fleet
}

// moveKey is the part of the options the moves depend on; the rest (cap,
// premium, benchmark, discount rate) only re-prices the waterfall.
type moveKey struct {
	asOf, renewal                   time.Time
	staleDays, dormantDays          int
	reclaimStale                    bool
	confirmDays, expiryDays         int
	allowance, exceptional, premium string
}

func keyOf(o Options) moveKey {
	return moveKey{asOf: o.AsOf, renewal: o.RenewalDate, staleDays: o.StaleAfterDays, dormantDays: o.DormantDays,
		reclaimStale: o.ReclaimStale, confirmDays: o.SLRConfirmDays, expiryDays: o.SLRExpiryDays,
		allowance: o.GrowthAllowance.String(), exceptional: o.ExceptionalGrowth.String(), premium: o.TrueForwardUpliftTarget.String()}
}

// moves are the results of the reviews.
type moves struct {
	hygiene *smartaccount.Hygiene
	rs      *virtualaccount.Rightsizing
	slr     *slr.Result
	fleet   slp.Fleet
	// tf is the true-forward review; nil without a proposal, with tfErr
	// saying why when the review could not run.
	tf       *trueforward.Result
	tfErr    error
	licenses map[string]*figures
}

func (p *playbook) moves(ctx context.Context, o Options) (*moves, error) {
	k := keyOf(o)
	if m, ok := p.cache[k]; ok {
		return m, nil
	}
	var tiers [][]string
	if p.in.Proposal != nil {
		tiers = p.in.Proposal.Tiers
	}
	// The reviews only read the index, so those that do not wait for one
	// another run side by side: the SLR reconciliation and the SLP
	// governance beside the hygiene review, rightsizing beside the
	// true-forward review that needs the hygiene review's need, and the
	// IDs of the hygiene findings the waterfall cites.
	m := &moves{}
	var ids []string
	var slrErr, fleetErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		m.slr, slrErr = slr.Reconcile(p.index, slr.Params{AsOf: o.AsOf, RenewalDate: p.renewal(o),
			ConfirmDays: new(o.SLRConfirmDays), ExpiryDays: new(o.SLRExpiryDays)})
		if slrErr == nil {
			m.fleet, fleetErr = p.fleet(o.AsOf)
		}
	})
	h, err := smartaccount.Review(p.index, smartaccount.ReviewParams{AsOf: o.AsOf, StaleAfterDays: new(o.StaleAfterDays),
		ReclaimStale: o.ReclaimStale, DormantDays: new(o.DormantDays), Tiers: tiers})
	if err == nil {
		m.hygiene = h
		wg.Go(func() { m.rs = virtualaccount.Rightsize(h) })
		wg.Go(func() { ids = findingIDs(h.Findings) })
		if p.in.Proposal != nil {
			m.tf, m.tfErr = p.trueForward(h, o)
		}
	}
	wg.Wait()
	if err := cmp.Or(err, slrErr, fleetErr, ctx.Err()); err != nil {
		return nil, err
	}
	m.licenses = p.figures(m, o, ids)
	if p.cache == nil {
		p.cache = map[moveKey]*moves{}
	}
	p.cache[k] = m
	return m, nil
}

// fleet is the SLP reporting governance as of asOf (METHOD.md §6).
func (p *playbook) fleet(asOf time.Time) (slp.Fleet, error) {
	if f, ok := p.fleets[asOf]; ok {
		return f, nil
	}
	g := slp.Governance{AsOf: asOf, Policy: p.in.Policy, Classify: slp.EntitlementClassifier(p.in.Snapshot.Entitlements)}
	f, err := g.IndexFleet(p.index)
	if err != nil {
		return f, err
	}
	if p.fleets == nil {
		p.fleets = map[time.Time]slp.Fleet{}
	}
	p.fleets[asOf] = f
	return f, nil
}

// trueForward runs the true-forward review (METHOD.md §5) on the position
// after the clean-up: each license grows from its need N(L), not from
// registrations the hygiene review reclaims.
func (p *playbook) trueForward(h *smartaccount.Hygiene, o Options) (*trueforward.Result, error) {
	in, err := trueforward.NewInputs(p.index, p.in.Proposal, p.in.Forecast, o.AsOf)
	if err != nil {
		return nil, err
	}
	need := map[string]int64{}
	for _, l := range h.Licenses {
		need[l.License] = l.Need
	}
	for i := range in.Licenses {
		if n, ok := need[in.Licenses[i].Name]; ok {
			in.Licenses[i].Consumed = n
		}
	}
	return trueforward.Review(in, trueforward.Params{AsOf: o.AsOf, GrowthAllowance: o.GrowthAllowance,
		ExceptionalGrowth: new(o.ExceptionalGrowth), TargetPremium: new(o.TrueForwardUpliftTarget)})
}

// renewal is the renewal date: the option, else the proposal's start,
// else as_of.
func (p *playbook) renewal(o Options) time.Time {
	switch {
	case !o.RenewalDate.IsZero():
		return o.RenewalDate
	case p.in.Proposal != nil && !p.in.Proposal.StartDate.IsZero():
		return p.in.Proposal.StartDate
	}
	return o.AsOf
}

// figures gathers, per license, the waterfall's inputs from the moves
// (METHOD.md §8); ids holds the ID of each hygiene finding.
func (p *playbook) figures(m *moves, o Options, ids []string) map[string]*figures {
	out := map[string]*figures{}
	h := m.hygiene
	for i := range h.Licenses {
		l := &h.Licenses[i]
		f := &figures{known: true, need: l.Need, reclaim: l.Reclaimable + m.slr.Reclaimable[l.License],
			evidence: map[string][]string{}}
		for _, fi := range l.Reclaimed {
			f.evidence[report.StepHygiene] = append(f.evidence[report.StepHygiene], ids[fi])
		}
		out[l.License] = f
	}
	for _, pool := range m.rs.Licenses {
		f := out[pool.License]
		if f == nil {
			continue
		}
		f.pooled = pool.Pooled
		for _, fi := range pool.Findings {
			f.evidence[report.StepRightsizing] = append(f.evidence[report.StepRightsizing], ids[fi])
		}
	}
	if m.tf != nil {
		for _, tf := range m.tf.Findings {
			if f := out[tf.License]; f != nil && tf.Kind == trueforward.KindExposure {
				f.evidence[report.StepTrueForward] = append(f.evidence[report.StepTrueForward], tf.ID())
			}
		}
	}
	for _, sf := range m.slr.Findings {
		if f := out[sf.License]; f != nil && (sf.Kind == slr.KindReservedOnDecommissioned || sf.Kind == slr.KindOverReserved) {
			f.evidence[report.StepHygiene] = append(f.evidence[report.StepHygiene], sf.ID())
		}
	}
	for i, hf := range h.Findings {
		if f := out[hf.License]; f != nil && (hf.Kind == smartaccount.KindSurplus || hf.Kind == smartaccount.KindShortage) {
			f.evidence[report.StepReconciliation] = append(f.evidence[report.StepReconciliation], ids[i])
		}
	}
	for _, op := range h.Oversized {
		f := out[op.License]
		if f == nil {
			continue
		}
		if f.oversized == nil {
			f.oversized = map[string]int64{}
		}
		f.oversized[op.Lower] += op.Quantity
		for _, fi := range op.Findings {
			f.evidence[report.StepRightTiering] = append(f.evidence[report.StepRightTiering], ids[fi])
		}
	}
	p.growth(out, o)
	return out
}

// findingIDs returns the ID of each finding, worked out side by side: the
// waterfall cites most of the hundreds of thousands of hygiene findings of
// a large Smart Account.
func findingIDs(fs []smartaccount.Finding) []string {
	ids := make([]string, len(fs))
	parts := parallel.Parts(len(fs), 16384)
	parallel.Do(parts, func(i int) {
		lo, hi := parallel.Range(len(fs), parts, i)
		for j := lo; j < hi; j++ {
			ids[j] = fs[j].ID()
		}
	})
	return ids
}

// growth sets G(L) of METHOD.md §8 for every license: the forecast's first
// contract year of growth over the need after hygiene.
func (p *playbook) growth(out map[string]*figures, o Options) {
	fc := p.in.Forecast
	if fc == nil {
		return
	}
	start := o.AsOf
	if p.in.Proposal != nil && !p.in.Proposal.StartDate.IsZero() {
		start = p.in.Proposal.StartDate
	}
	for name, f := range out {
		f.growth = fc.FirstYearGrowth(name, f.need, o.AsOf, start)
	}
}

// scenario re-runs the waterfall under a scenario's options.
func (p *playbook) scenario(ctx context.Context, s Scenario) (report.Scenario, error) {
	m, err := p.moves(ctx, s.Options)
	if err != nil {
		return report.Scenario{}, err
	}
	sc := report.Scenario{Name: s.Name, Steps: map[string]decimal.Decimal{}}
	if p.in.Proposal == nil {
		return sc, nil
	}
	w, err := runWaterfall(p.waterfallInput(m, s.Options))
	if err != nil {
		return sc, err
	}
	for _, st := range w.steps {
		sc.Steps[st.Name] = st.Amount
	}
	sc.TargetTCV = w.final.TCV
	if sc.TargetNPV, err = pricing.NPV(w.final.Years, s.Options.DiscountRate); err != nil {
		return sc, err
	}
	sc.Recovery = recovery(w)
	return sc, nil
}

func (p *playbook) waterfallInput(m *moves, o Options) waterfallInput {
	in := waterfallInput{proposal: p.in.Proposal, licenses: m.licenses, cap: o.PriceCap,
		premium: o.TrueForwardUpliftTarget, benchmark: o.BenchmarkDiscount}
	for _, f := range p.pricingFindings(o) {
		switch f.Kind {
		case KindUpliftAboveCap:
			in.capEvidence = append(in.capEvidence, f.ID())
		case KindBenchmarkDiscount:
			in.benchmarkEvidence = append(in.benchmarkEvidence, f.ID())
		}
	}
	return in
}

// pricingFindings are the findings about the proposal's prices: its uplift
// against the buyer's cap, and the benchmark discount. The steps price_cap
// and benchmark_discount cite them.
func (p *playbook) pricingFindings(o Options) []smartaccount.Finding {
	var out []smartaccount.Finding
	if o.PriceCap.Kind != pricing.CapNone {
		out = append(out, smartaccount.Finding{Kind: KindUpliftAboveCap, Severity: smartaccount.SeverityInfo,
			Detail:   "The proposal's uplift " + upliftText(p.in.Proposal) + " against the buyer's target cap of " + o.PriceCap.String() + ".",
			Evidence: []smartaccount.Ref{{Source: dataset.ProposalFile, Record: "annual_uplift"}, {Source: dataset.OptionsFile, Record: "price_cap"}}})
	}
	if !o.BenchmarkDiscount.IsZero() {
		out = append(out, smartaccount.Finding{Kind: KindBenchmarkDiscount, Severity: smartaccount.SeverityInfo,
			Detail:   "A benchmark supports unit prices " + percent(o.BenchmarkDiscount) + " below the proposal's.",
			Evidence: []smartaccount.Ref{{Source: dataset.OptionsFile, Record: "benchmark_discount"}}})
	}
	return out
}

// Finding kinds of the playbook's own, about the proposal's prices.
const (
	// KindUpliftAboveCap: the proposal's uplift exceeds the buyer's target cap.
	KindUpliftAboveCap smartaccount.Kind = "uplift_above_cap"
	// KindBenchmarkDiscount: a benchmark supports lower unit prices.
	KindBenchmarkDiscount smartaccount.Kind = "benchmark_discount"
)

func upliftText(p *pricing.Proposal) string {
	rates := p.UpliftRates()
	if len(rates) == 0 {
		return "(none: a one-year term)"
	}
	if len(p.YearlyUplift) == 0 {
		return percent(p.AnnualUplift) + " a year"
	}
	return "of " + percent(slices.MaxFunc(rates, func(a, b decimal.Decimal) int { return a.Cmp(b) })) + " at most a year"
}

var hundred = decimal.NewFromInt(100)

// recovery places the waterfall's recovery against the bands of METHOD.md
// §8: 20–40 % for all moves, 10–20 % for hygiene alone.
func recovery(w *waterfallResult) report.Recovery {
	r := report.Recovery{Amount: w.opening.TCV.Sub(w.final.TCV)}
	r.Expected = report.Band{Low: decimal.NewFromInt(20), High: decimal.NewFromInt(40)}
	r.HygieneExpected = report.Band{Low: decimal.NewFromInt(10), High: decimal.NewFromInt(20)}
	if !w.opening.TCV.IsPositive() {
		return r
	}
	pct, _ := pricing.Percentage(r.Amount, w.opening.TCV)
	r.Percent = pct
	for _, s := range w.steps {
		if s.Name == report.StepHygiene {
			pct, _ := pricing.Percentage(s.Amount, w.opening.TCV)
			r.HygienePercent = pct
		}
	}
	r.Expected.Position = place(r.Percent.Decimal(), r.Expected)
	r.HygieneExpected.Position = place(r.HygienePercent.Decimal(), r.HygieneExpected)
	return r
}

func place(v decimal.Decimal, b report.Band) pricing.Position {
	switch {
	case v.LessThan(b.Low):
		return pricing.Below
	case v.GreaterThan(b.High):
		return pricing.Above
	}
	return pricing.Within
}
