package smartlicensing

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/parallel"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/report"
)

// figures are what the moves established about one license: the inputs of
// the waterfall of METHOD.md §8.
type figures struct {
	// known: an entitlement or product-instance row names the license. A
	// license nobody names keeps its opening quantities.
	known bool
	need  int64 // N(L): Σ_v consumed(L, v) − reclaimable(L)
	// growth is G(L): floor(N × g) + the projects and acquisitions of L
	// dated in [as_of, start + 1 year).
	growth  int64
	pooled  int64 // P1(L): the pooled shortage of §4 after the hygiene reclaim
	reclaim int64 // R(L): reclaimable(L) + slr_reclaimable(L)
	// oversized counts the right-tiering candidates of L by the lower
	// license R they belong on (METHOD.md §3).
	oversized map[string]int64
	// evidence holds, per step name, the IDs of the findings about L the
	// step rests on.
	evidence map[string][]string
}

// waterfallInput is everything the waterfall needs.
type waterfallInput struct {
	proposal *pricing.Proposal
	licenses map[string]*figures
	// cap is the buyer's target cap; premium the target true-forward
	// premium; benchmark the benchmark discount on unit prices.
	cap       pricing.Cap
	premium   decimal.Decimal
	benchmark decimal.Decimal
	// capEvidence and benchmarkEvidence are the IDs of the findings the
	// price_cap and benchmark_discount steps rest on.
	capEvidence, benchmarkEvidence []string
}

// waterfallResult is the walk from the opening proposal to the target.
type waterfallResult struct {
	steps []report.Step
	// opening and target are the priced schedules; target is the
	// counter-proposal: the target quantities, premiums and unit prices,
	// to be priced under cap.
	opening, final *pricing.Schedule
	target         *pricing.Proposal
}

// targets are a license's target quantities (METHOD.md §8).
type targets struct {
	s0, t0         int64 // the opening's subscription and true-forward units
	sStar, tStar   int64
	delta, hygiene int64 // Δ and min(R, Δ)
}

func (f *figures) targets(s0, t0 int64) targets {
	t := targets{s0: s0, t0: t0, sStar: s0, tStar: t0}
	if f == nil || !f.known {
		return t
	}
	floor := max(0, f.need+f.growth)
	t.tStar = min(t0, max(0, f.pooled))
	t.sStar = min(s0, max(0, floor-t.tStar))
	t.delta = (s0 + t0) - (t.sStar + t.tStar)
	t.hygiene = min(max(0, f.reclaim), t.delta)
	return t
}

// runWaterfall walks the proposal from the opening to the target in the
// seven steps of METHOD.md §8. Each step's amount is the TCV before it
// minus the TCV after it — on the opening schedule and premiums for steps
// 1–5, then under the cap — so the steps sum exactly to opening − target.
func runWaterfall(in waterfallInput) (*waterfallResult, error) {
	p := in.proposal
	opening, err := p.Schedule(pricing.Cap{})
	if err != nil {
		return nil, err
	}
	lines := slices.Clone(p.Lines)
	tcv := func(c pricing.Cap) (*pricing.Schedule, error) {
		q := *p
		q.Lines = lines
		return q.Schedule(c)
	}
	res := &waterfallResult{opening: opening}
	prev := opening.TCV
	// step records one step: done says what it did, none what it found
	// when it recovers nothing.
	step := func(name string, units int64, done, none string, evidence []string, c pricing.Cap) error {
		s, err := tcv(c)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		amount := prev.Sub(s.TCV)
		if amount.IsNegative() {
			return fmt.Errorf("%s would raise the TCV by %s: no step may", name, amount.Neg().StringFixedBank(2))
		}
		detail := done
		if amount.IsZero() {
			evidence, detail = nil, none
		}
		res.steps = append(res.steps, report.Step{Name: name, Amount: amount, Units: units, Detail: detail, Findings: evidence})
		prev, res.final = s.TCV, s
		return nil
	}

	// The licenses in the order the proposal first names them.
	var order []string
	perLicense := map[string]targets{}
	for _, l := range p.Lines {
		if _, seen := perLicense[l.License]; seen || l.Category == pricing.Support {
			continue
		}
		order = append(order, l.License)
		perLicense[l.License] = targets{}
	}
	for _, name := range order {
		var s0, t0 int64
		for _, l := range p.Lines {
			if l.License != name {
				continue
			}
			switch l.Category {
			case pricing.Subscription:
				s0 += l.Quantity
			case pricing.TrueForward:
				t0 += l.Quantity
			}
		}
		perLicense[name] = in.licenses[name].targets(s0, t0)
	}
	cite := func(stepName string, licenses []string) []string {
		var ids []string
		for _, name := range licenses {
			if f := in.licenses[name]; f != nil {
				ids = append(ids, f.evidence[stepName]...)
			}
		}
		parallel.Sort(ids, 16384) // a step can cite most of a large Smart Account's findings
		return slices.Compact(ids)
	}

	// 1. Hygiene: min(R, Δ) units leave, subscription lines first (down to
	// S*), then true-forward lines (down to T*).
	var units int64
	var touched []string
	for _, name := range order {
		t := perLicense[name]
		fromSub := min(t.hygiene, t.s0-t.sStar)
		fromTF := min(t.hygiene-fromSub, t.t0-t.tStar)
		removeUnits(lines, name, pricing.Subscription, fromSub)
		removeUnits(lines, name, pricing.TrueForward, fromTF)
		if fromSub+fromTF > 0 {
			units += fromSub + fromTF
			touched = append(touched, name)
		}
	}
	if err := step(report.StepHygiene, units,
		pricing.FormatCount(units)+" units the hygiene review reclaims (decommissioned, duplicate and SLR-reclaimable registrations) leave the proposal.",
		"No unit leaves: nothing the hygiene review reclaims is beyond what the Smart Account needs and buys.",
		cite(report.StepHygiene, touched), pricing.Cap{}); err != nil {
		return nil, err
	}

	// 2. Rightsizing: the true-forward lines go down to T*; 3. reconciliation:
	// the subscription lines go down to S*.
	for _, s := range []struct {
		name     string
		category pricing.Category
		target   func(targets) int64
		done     string
		none     string
	}{
		{report.StepRightsizing, pricing.TrueForward, func(t targets) int64 { return t.tStar },
			" true-forward units beyond the pooled shortage leave: pooling the Virtual Accounts covers them.",
			"No true-forward unit leaves: the proposal's true-forward units do not exceed the pooled shortage."},
		{report.StepReconciliation, pricing.Subscription, func(t targets) int64 { return t.sStar },
			" subscription units beyond the need after the clean-up and the first year's growth leave.",
			"No subscription unit leaves: the need after the clean-up and the first year's growth use them all."},
	} {
		units, touched = 0, nil
		for _, name := range order {
			n := quantity(lines, name, s.category) - s.target(perLicense[name])
			if n > 0 {
				removeUnits(lines, name, s.category, n)
				units += n
				touched = append(touched, name)
			}
		}
		if err := step(s.name, units, pricing.FormatCount(units)+s.done, s.none, cite(s.name, touched), pricing.Cap{}); err != nil {
			return nil, err
		}
	}

	// 4. True-forward review: the remaining true-forward units at the
	// target premium, where it is lower than the proposal's.
	units, touched = 0, nil
	for i := range lines {
		l := &lines[i]
		if l.Category == pricing.TrueForward && l.Quantity > 0 && in.premium.LessThan(l.Uplift) {
			l.Uplift = in.premium
			units += l.Quantity
			touched = append(touched, l.License)
		}
	}
	if err := step(report.StepTrueForward, 0,
		"The "+pricing.FormatCount(units)+" remaining true-forward units are priced at a "+percent(in.premium)+" premium instead of the proposal's.",
		"Nothing to re-price: no true-forward unit is left, or the proposal's premium is not above the "+percent(in.premium)+" target.",
		cite(report.StepTrueForward, slices.Compact(touched)), pricing.Cap{}); err != nil {
		return nil, err
	}

	// 5. Right-tiering: oversized units of L move to the line of the lower
	// license R, where R has a line of its own and is cheaper.
	units, touched = 0, nil
	for _, name := range order {
		f := in.licenses[name]
		if f == nil {
			continue
		}
		for _, lower := range sortedKeys(f.oversized) {
			from, to := firstLine(lines, name, pricing.Subscription), firstLine(lines, lower, pricing.Subscription)
			if from < 0 || to < 0 || !lines[to].UnitPrice.LessThan(lines[from].UnitPrice) {
				continue
			}
			n := min(f.oversized[lower], quantity(lines, name, pricing.Subscription))
			if n <= 0 {
				continue
			}
			removeUnits(lines, name, pricing.Subscription, n)
			lines[to].Quantity += n
			units += n
			touched = append(touched, name)
		}
	}
	if err := step(report.StepRightTiering, units,
		pricing.FormatCount(units)+" units move down to the lower tier their devices need.",
		"No unit moves: no oversized unit has a cheaper line of its own to move to.",
		cite(report.StepRightTiering, touched), pricing.Cap{}); err != nil {
		return nil, err
	}

	// 6. Price cap: the same quantities under the buyer's cap.
	if err := step(report.StepPriceCap, 0,
		"The schedule under a cap of "+in.cap.String()+" instead of the proposal's uplift.",
		capNone(in.cap),
		in.capEvidence, in.cap); err != nil {
		return nil, err
	}

	// 7. Benchmark discount: unit prices × (1 − d), under the cap. Unit
	// prices are never rounded (METHOD.md §0).
	if !in.benchmark.IsZero() {
		keep := decimal.NewFromInt(1).Sub(in.benchmark)
		for i := range lines {
			lines[i].UnitPrice = lines[i].UnitPrice.Mul(keep)
		}
	}
	if err := step(report.StepBenchmarkDiscount, 0,
		"Unit prices "+percent(in.benchmark)+" lower, as a benchmark supports.",
		"No benchmark discount is set (benchmark_discount).",
		in.benchmarkEvidence, in.cap); err != nil {
		return nil, err
	}

	target := *p
	target.Lines = lines
	res.target = &target
	return res, nil
}

// capNone says why the price cap step recovers nothing.
func capNone(c pricing.Cap) string {
	if c.Kind == pricing.CapNone {
		return "No target cap is set (price_cap, cap_kind)."
	}
	return "The cap of " + c.String() + " is not below the proposal's uplift."
}

// quantity is the Σ quantity of license's lines of a category.
func quantity(lines []pricing.Line, license string, c pricing.Category) int64 {
	var q int64
	for _, l := range lines {
		if l.License == license && l.Category == c {
			q += l.Quantity
		}
	}
	return q
}

// removeUnits takes n units from license's lines of a category, in file
// order (METHOD.md §8); n never exceeds what the lines hold.
func removeUnits(lines []pricing.Line, license string, c pricing.Category, n int64) {
	for i := range lines {
		if n <= 0 {
			return
		}
		l := &lines[i]
		if l.License == license && l.Category == c {
			take := min(n, l.Quantity)
			l.Quantity -= take
			n -= take
		}
	}
}

// firstLine is the index of license's first line of a category, or -1.
func firstLine(lines []pricing.Line, license string, c pricing.Category) int {
	return slices.IndexFunc(lines, func(l pricing.Line) bool { return l.License == license && l.Category == c })
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp.Compare)
	return keys
}

// percent writes a rate as a percentage: 0.15 → "15 %", 0.045 → "4.5 %".
func percent(rate decimal.Decimal) string {
	return rate.Shift(2).String() + " %"
}
