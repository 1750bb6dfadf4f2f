package trueforward

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/parallel"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The METHOD.md defaults of the review's parameters, as decimal text.
const (
	// DefaultExceptionalGrowth is exceptional_growth (METHOD.md §5): growth
	// over the last milestone beyond which a semi-annual milestone is due.
	DefaultExceptionalGrowth = "0.20"
	// DefaultTargetPremium is true_forward_uplift_target (METHOD.md §5), the
	// floor of the 15–40 point band of true-forward premiums.
	DefaultTargetPremium = "0.15"
)

// License is one license's position for the review, over the whole Smart
// Account on the as-of date. NewInputs builds it from a snapshot and a
// proposal.
type License struct {
	Name string
	// Entitled is Σ_v entitled(L, v) on the as-of date (METHOD.md §2).
	Entitled int64
	// Consumed is today's consumption, from which the forecast grows:
	// Σ_v consumed(L, v) (METHOD.md §2), or the need after hygiene N(L)
	// (METHOD.md §8) when the caller reviews the position after the clean-up.
	Consumed int64
	// Price is p(L), the year-1 annual price of one unit trued forward.
	// Not Valid: no proposal line prices the license, so its charges are
	// zero and a true_forward_unpriced finding says so.
	Price decimal.NullDecimal
	// Premium is the true-forward premium t of the opening position (0.25
	// for 25 %).
	Premium decimal.Decimal
	// SubscriptionPrice is the year-1 annual price of one unit bought as
	// entitlement, the price of buying the growth up front. Not Valid:
	// Price.
	SubscriptionPrice decimal.NullDecimal
	// Evidence are the records Entitled rests on (the entitlement rows);
	// the license's findings cite them.
	Evidence []smartaccount.Ref
}

// Inputs are what the review reads: the contract, the position of each
// license, the rows that show where growth came from, and the forecast.
type Inputs struct {
	Contract Contract
	Licenses []License
	// Index is the snapshot, indexed, whose product instances and
	// footprint attribute growth (METHOD.md §5): a product-instance row of
	// a reviewed license whose device (the footprint record of its UDI,
	// smartaccount.Instance.Device) entered service on or after the
	// baseline is growth from the device's growth_source. nil: no growth
	// is observed.
	Index *smartaccount.Index
	// Forecast is the buyer's documented growth; nil: consumption stays at
	// today's.
	Forecast *Forecast
}

// Params are the parameters of Review, the options of METHOD.md §5.
type Params struct {
	// AsOf is the civil date of the review; required (the caller resolves
	// "today", so results are repeatable). It must be before the term end.
	AsOf time.Time
	// GrowthAllowance is a, the growth over the entitlement the contract
	// tolerates before a true-forward: allowed = floor(entitled × (1 + a)).
	// Zero (the default) tolerates none; it is never negative.
	GrowthAllowance decimal.Decimal
	// ExceptionalGrowth is the growth over the last milestone that brings
	// a semi-annual milestone forward; nil: DefaultExceptionalGrowth (new(0)
	// brings one for any growth). Not negative.
	ExceptionalGrowth *decimal.Decimal
	// TargetPremium is the buyer's true-forward premium; nil:
	// DefaultTargetPremium (new(0) asks for none). Above −1. The buyer's
	// position never prices a license above its opening premium.
	TargetPremium *decimal.Decimal
	// Baseline is the date of the entitlement baseline: devices that
	// entered service on or after it are growth. Zero: one year before
	// AsOf, a year of growth since the last true-up. Not after AsOf.
	Baseline time.Time
}

// Result is the true-forward exposure review (METHOD.md §5).
type Result struct {
	AsOf, Baseline time.Time
	Contract       Contract
	// Milestones has one row per license and milestone, by date and then in
	// the order of Inputs.Licenses.
	Milestones []Milestone
	// Invoices are the true-forward invoices of each milestone date: the
	// sums of its rows.
	Invoices []Invoice
	// Comparisons put, per priced license with units to true forward (in
	// the order of Inputs.Licenses), the true-forward invoices beside
	// buying the same units up front; Total sums them.
	Comparisons []Comparison
	Total       Comparison
	// Findings, by kind (in the order the Kind constants are listed) and
	// then in the order of Inputs.Licenses.
	Findings []smartaccount.Finding
}

// Milestone is one license's true-forward position at one milestone
// (METHOD.md §5).
type Milestone struct {
	Date    time.Time
	License string
	// SemiAnnual is true for a semi-annual milestone exceptional growth
	// brought forward.
	SemiAnnual bool
	// Months are the whole months from Date to the end of the term.
	Months int
	// Consumption is the forecast consumption at Date.
	Consumption int64
	// Entitlement is the entitlement of the as-of date; Allowed =
	// floor(Entitlement × (1 + a)).
	Entitlement, Allowed int64
	// Overage = max(0, Consumption − Allowed).
	Overage int64
	// Billable = max(0, Overage − units billed at earlier milestones):
	// trued-up units are not billed twice.
	Billable int64
	// Opening is the charge at the opening premium, Target at the buyer's.
	Opening, Target decimal.Decimal
	// Attribution splits Billable by growth source.
	Attribution Attribution
	// Growth cites the product-instance and footprint rows of the observed
	// growth behind the attribution, sorted; it is shared by every
	// milestone of the license, so do not modify it. Forecast cites the
	// forecast entries counted at Date, in date order.
	Growth, Forecast []smartaccount.Ref
}

// Invoice is what the true-forward of one milestone date costs, over all
// licenses.
type Invoice struct {
	Date            time.Time
	Billable        int64
	Opening, Target decimal.Decimal
}

// Comparison sets the true-forward invoices of a license over the term
// beside buying the same units up front, as entitlement at the
// subscription price, at the review's first milestone.
type Comparison struct {
	License string // "" in Result.Total
	// Units are the units the term trues forward: Σ Billable.
	Units int64
	// Premium and TargetPremium are the opening and the buyer's premium
	// (zero in Result.Total).
	Premium, TargetPremium decimal.Decimal
	// Opening and Target are the sums of the invoices at each premium.
	Opening, Target decimal.Decimal
	// UpFront is Charge(Units, subscription price, 0, months from the first
	// milestone to the end of the term).
	UpFront decimal.Decimal
	// Saving is Target − UpFront: what buying up front saves against
	// true-forward at the buyer's premium; negative when true-forward is
	// cheaper.
	Saving decimal.Decimal
}

// Review runs the true-forward exposure review of METHOD.md §5.
//
// Milestones are the anniversaries of the contract start on or after
// AsOf — the start itself included, where today's overage is trued forward
// for the whole term — and the contract's own true-up dates. Between two
// anniversaries, a license gets a semi-annual milestone six months after
// the earlier one when its forecast consumption there is more than (1 +
// ExceptionalGrowth) times its consumption at the last milestone before:
// exactly 20 % more does not bring one, 20.1 % does. It is judged per
// license and only where that last milestone is reviewed.
//
// At each milestone the forecast consumption is Forecast.Consumption's
// (nil Forecast: today's), and allowed, overage, billable units and the
// two charges follow METHOD.md §5 with Charge. The buyer's premium is
// TargetPremium, or the opening premium where that is lower. Billable units
// are attributed (Attribute) in proportion to the growth behind them: the
// observed growth of each source (the units of the product-instance rows
// of Inputs.Index whose device entered service on or after the baseline;
// a device of source baseline or none is unattributed growth) plus the
// forecast growth up to the milestone (the organic part, projects,
// acquisitions).
//
// Bad input is an error naming the field: a *pricing.FieldError for
// Params, Contract, Licenses ("Licenses[2].Price") and the forecast
// (named as in forecast.json: "projects[0].license", also for a license
// Inputs.Licenses does not hold). A forecast entry dated before AsOf is in
// today's consumption already: it is not counted again, and a
// forecast_before_as_of finding says so.
func Review(in *Inputs, p Params) (*Result, error) {
	if in == nil {
		return nil, errors.New("trueforward: review: no inputs")
	}
	r, err := newReview(in, p)
	if err != nil {
		return nil, fmt.Errorf("trueforward: review: %w", err)
	}
	return r.run(), nil
}

// review is one run of Review.
type review struct {
	in             *Inputs
	asOf, baseline time.Time
	allowance      decimal.Decimal
	exceptional    decimal.Decimal
	target         decimal.Decimal
	base           []time.Time // the milestones every license has
	licenses       []licenseReview
	before         []early // forecast entries dated before as_of
}

// licenseReview is one license under review.
type licenseReview struct {
	in       *License
	growth   *licenseGrowth
	observed Attribution        // observed growth by source
	refs     []smartaccount.Ref // the rows of the observed growth
	forecast []smartaccount.Ref // the refs of growth.entries, in their order
}

func newReview(in *Inputs, p Params) (*review, error) {
	field := func(name string, err error) error { return &pricing.FieldError{Field: name, Err: err} }
	if p.AsOf.IsZero() {
		return nil, field("Params.AsOf", errors.New("required"))
	}
	r := &review{in: in, asOf: civil(p.AsOf), allowance: p.GrowthAllowance,
		exceptional: orDefault(p.ExceptionalGrowth, DefaultExceptionalGrowth), target: orDefault(p.TargetPremium, DefaultTargetPremium)}
	switch {
	case r.allowance.IsNegative():
		return nil, field("Params.GrowthAllowance", fmt.Errorf("%s is negative", r.allowance))
	case r.exceptional.IsNegative():
		return nil, field("Params.ExceptionalGrowth", fmt.Errorf("%s is negative", r.exceptional))
	case r.target.LessThanOrEqual(one.Neg()):
		return nil, field("Params.TargetPremium", fmt.Errorf("%s is not above -1", r.target))
	}
	r.baseline = addMonths(r.asOf, -12)
	if !p.Baseline.IsZero() {
		if r.baseline = civil(p.Baseline); r.baseline.After(r.asOf) {
			return nil, field("Params.Baseline", fmt.Errorf("%s is after as_of %s", formatDate(r.baseline), formatDate(r.asOf)))
		}
	}
	if err := in.Contract.Validate(); err != nil {
		var fe *pricing.FieldError
		if errors.As(err, &fe) {
			fe.Field = "Contract." + fe.Field
		}
		return nil, err
	}
	if end := in.Contract.End(); !r.asOf.Before(end) {
		return nil, field("Params.AsOf", fmt.Errorf("%s is not before the end of the term, %s", formatDate(r.asOf), formatDate(end)))
	}
	r.base = in.Contract.milestones(r.asOf)
	if err := r.readLicenses(); err != nil {
		return nil, err
	}
	if err := r.readForecast(); err != nil {
		return nil, err
	}
	r.observe()
	return r, nil
}

// orDefault resolves an optional parameter; def is one of the Default
// constants.
func orDefault(v *decimal.Decimal, def string) decimal.Decimal {
	if v != nil {
		return *v
	}
	return decimal.RequireFromString(def)
}

func (r *review) readLicenses() error {
	field := func(i int, name string, err error) error {
		return &pricing.FieldError{Field: fmt.Sprintf("Licenses[%d].%s", i, name), Err: err}
	}
	quantity := func(i int, name string, q int64) error {
		if q < 0 || q > MaxQuantity {
			return field(i, name, fmt.Errorf("%d is outside 0..%d", q, int64(MaxQuantity)))
		}
		return nil
	}
	price := func(i int, name string, p decimal.NullDecimal) error {
		if p.Valid && p.Decimal.IsNegative() {
			return field(i, name, fmt.Errorf("%s is negative", p.Decimal))
		}
		return nil
	}
	seen := make(map[string]int, len(r.in.Licenses))
	organic := newOrganic(decimal.Zero)
	if f := r.in.Forecast; f != nil {
		organic = newOrganic(f.OrganicGrowthRate)
	}
	r.licenses = make([]licenseReview, len(r.in.Licenses))
	for i := range r.in.Licenses {
		l := &r.in.Licenses[i]
		if l.Name == "" {
			return field(i, "Name", errors.New("missing"))
		}
		if j, dup := seen[l.Name]; dup {
			return field(i, "Name", fmt.Errorf("%q is Licenses[%d] too", l.Name, j))
		}
		seen[l.Name] = i
		if l.Premium.LessThanOrEqual(one.Neg()) {
			return field(i, "Premium", fmt.Errorf("%s is not above -1", l.Premium))
		}
		for _, err := range []error{quantity(i, "Entitled", l.Entitled), quantity(i, "Consumed", l.Consumed),
			price(i, "Price", l.Price), price(i, "SubscriptionPrice", l.SubscriptionPrice)} {
			if err != nil {
				return err
			}
		}
		r.licenses[i] = licenseReview{in: l, growth: organic.license(l.Consumed)}
	}
	return nil
}

func (r *review) readForecast() error {
	f := r.in.Forecast
	if f == nil {
		return nil
	}
	if err := f.Validate(); err != nil {
		return fmt.Errorf("forecast: %w", err)
	}
	index := make(map[string]*licenseGrowth, len(r.licenses))
	for i := range r.licenses {
		index[r.licenses[i].in.Name] = r.licenses[i].growth
	}
	unknown := func(name, license string) error {
		return &pricing.FieldError{Field: name, Err: fmt.Errorf("%q is not a license of the review: no entitlement, product instance or proposal line names it", license)}
	}
	for i, p := range f.Projects {
		if index[p.License] == nil {
			return fmt.Errorf("forecast: %w", unknown(fmt.Sprintf("projects[%d].license", i), p.License))
		}
	}
	for i, a := range f.Acquisitions {
		for _, l := range sortedKeys(a.Licenses) {
			if index[l] == nil {
				return fmt.Errorf("forecast: %w", unknown(fmt.Sprintf("acquisitions[%d].licenses[%q]", i, l), l))
			}
		}
	}
	r.before = f.spread(r.asOf, func(l string) *licenseGrowth { return index[l] })
	for i := range r.licenses {
		lr := &r.licenses[i]
		lr.growth.sort()
		lr.forecast = make([]smartaccount.Ref, len(lr.growth.entries))
		for j, e := range lr.growth.entries {
			lr.forecast[j] = e.ref
		}
	}
	return nil
}

// observe counts the observed growth of every license by source, from the
// product-instance rows and the footprint.
func (r *review) observe() {
	x := r.in.Index
	if x == nil {
		return
	}
	// The review's license of each license of the index, by number; −1
	// for one it does not review.
	reviewed := make([]int, len(x.Licenses()))
	for i := range reviewed {
		reviewed[i] = -1
	}
	for i := range r.licenses {
		if n, ok := x.License(r.licenses[i].in.Name); ok {
			reviewed[n] = i
		}
	}
	// The instances are read in contiguous parts side by side (a million
	// of them take one processor a tenth of a second), each with sums and
	// refs of its own, put together in part order below: the refs of the
	// rows and of their devices, per license, each list in the order of
	// the rows, which is sorted already when the snapshot was read in file
	// order.
	parts := make([]observed, parallel.Parts(x.NumInstances(), 16384))
	parallel.Do(len(parts), func(i int) {
		lo, hi := parallel.Range(x.NumInstances(), len(parts), i)
		parts[i].read(r, reviewed, lo, hi)
	})
	// Each license's refs are the union of the parts' lists, merged in
	// one pass; the licenses are merged side by side too.
	n := parallel.Parts(len(r.licenses), 1)
	parallel.Do(n, func(k int) {
		lo, hi := parallel.Range(len(r.licenses), n, k)
		lists := make([][]smartaccount.Ref, 0, 2*len(parts))
		for l := lo; l < hi; l++ {
			lr := &r.licenses[l]
			lists = lists[:0]
			for i := range parts {
				p := &parts[i]
				lr.observed.Organic = addUnits(lr.observed.Organic, p.growth[l].Organic)
				lr.observed.Project = addUnits(lr.observed.Project, p.growth[l].Project)
				lr.observed.Acquisition = addUnits(lr.observed.Acquisition, p.growth[l].Acquisition)
				lr.observed.Unattributed = addUnits(lr.observed.Unattributed, p.growth[l].Unattributed)
				slices.SortFunc(p.devices[l], compareRefs) // in instance order, not the footprint's
				lists = append(lists, p.rows[l], p.devices[l])
			}
			lr.refs = unionRefs(lists...)
		}
	})
}

// observed is the growth one part of the instances shows, per license of
// the review: units by source, and the refs of the rows and their devices.
type observed struct {
	growth        []Attribution
	rows, devices [][]smartaccount.Ref
}

// read counts instances [lo, hi) of the review's index; reviewed gives the
// review's license of each license of the index, −1 for none.
func (o *observed) read(r *review, reviewed []int, lo, hi int) {
	x := r.in.Index
	s := x.Snapshot()
	o.growth = make([]Attribution, len(r.licenses))
	o.rows, o.devices = make([][]smartaccount.Ref, len(r.licenses)), make([][]smartaccount.Ref, len(r.licenses))
	for i := lo; i < hi; i++ {
		// Only devices that entered service on or after the baseline
		// matter: the index keeps their in-service dates as civil dates
		// (00:00 UTC), as the baseline is.
		if t := x.InService(i); t.IsZero() || t.Before(r.baseline) {
			continue
		}
		in := x.Instance(i)
		d := in.Device
		for _, row := range in.Rows {
			p := &s.Instances[row]
			l := reviewed[x.RowLicense(int(row))]
			if l < 0 || p.Quantity <= 0 {
				continue
			}
			g := &o.growth[l]
			q := min(p.Quantity, MaxQuantity)
			switch d.GrowthSource {
			case smartaccount.Organic:
				g.Organic = addUnits(g.Organic, q)
			case smartaccount.Project:
				g.Project = addUnits(g.Project, q)
			case smartaccount.Acquisition:
				g.Acquisition = addUnits(g.Acquisition, q)
			default:
				g.Unattributed = addUnits(g.Unattributed, q)
			}
			o.rows[l], o.devices[l] = append(o.rows[l], p.Ref), append(o.devices[l], d.Ref)
		}
	}
}

// unionRefs returns the refs of lists, sorted by source, line and record,
// without repeats; it does not change the lists. A list is sorted first
// unless it is already (a snapshot's rows in file order are); then they are
// merged in one pass.
func unionRefs(lists ...[]smartaccount.Ref) []smartaccount.Ref {
	heads := make([][]smartaccount.Ref, 0, len(lists))
	n := 0
	for _, l := range lists {
		if !slices.IsSortedFunc(l, compareRefs) {
			l = slices.Clone(l)
			slices.SortFunc(l, compareRefs)
		}
		heads = append(heads, l)
		n += len(l)
	}
	if n == 0 {
		return nil
	}
	out := make([]smartaccount.Ref, 0, n)
	for {
		next := -1
		for i, h := range heads {
			if len(h) > 0 && (next < 0 || compareRefs(h[0], heads[next][0]) < 0) {
				next = i
			}
		}
		if next < 0 {
			return slices.Clip(out)
		}
		r := heads[next][0]
		heads[next] = heads[next][1:]
		if len(out) == 0 || out[len(out)-1] != r {
			out = append(out, r)
		}
	}
}

func compareRefs(a, b smartaccount.Ref) int {
	switch {
	case a.Source != b.Source:
		return compareStrings(a.Source, b.Source)
	case a.Line != b.Line:
		return a.Line - b.Line
	}
	return compareStrings(a.Record, b.Record)
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (r *review) run() *Result {
	res := &Result{AsOf: r.asOf, Baseline: r.baseline, Contract: r.in.Contract}
	for i := range r.licenses {
		res.Milestones = append(res.Milestones, r.milestones(&r.licenses[i])...)
	}
	order := make(map[string]int, len(r.licenses))
	for i := range r.licenses {
		order[r.licenses[i].in.Name] = i
	}
	slices.SortStableFunc(res.Milestones, func(a, b Milestone) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return order[a.License] - order[b.License]
	})
	res.Invoices = invoices(res.Milestones)
	r.compare(res)
	res.Findings = r.findings(res)
	return res
}

// dates returns the license's milestones: the base ones and the
// semi-annual ones its growth brings forward.
func (r *review) dates(lr *licenseReview) (dates []time.Time, semi map[time.Time]bool) {
	dates = slices.Clone(r.base)
	for k := range r.in.Contract.TermYears {
		s := r.in.Contract.semiAnnual(k)
		at, found := slices.BinarySearchFunc(r.base, s, time.Time.Compare)
		if s.Before(r.asOf) || found || at == 0 {
			continue // past, already a milestone, or no reviewed milestone before it
		}
		last := lr.growth.at(r.asOf, r.base[at-1]).consumption()
		now := lr.growth.at(r.asOf, s).consumption()
		if decimal.NewFromInt(now).GreaterThan(decimal.NewFromInt(last).Mul(one.Add(r.exceptional))) {
			if semi == nil {
				semi = map[time.Time]bool{}
			}
			semi[s] = true
			dates = append(dates, s)
		}
	}
	slices.SortFunc(dates, time.Time.Compare)
	return dates, semi
}

// milestones computes one license's rows.
func (r *review) milestones(lr *licenseReview) []Milestone {
	l := lr.in
	dates, semi := r.dates(lr)
	allowed := floorUnits(decimal.NewFromInt(l.Entitled).Mul(one.Add(r.allowance)))
	target := decimal.Min(r.target, l.Premium)
	price := l.Price.Decimal // zero when not Valid: no charge
	rows := make([]Milestone, len(dates))
	var billed int64
	for i, m := range dates {
		x := lr.growth.at(r.asOf, m)
		c := x.consumption()
		overage := max(0, c-allowed)
		billable := max(0, overage-billed)
		billed += billable
		months := r.in.Contract.Months(m)
		weights := lr.observed
		weights.Organic = addUnits(weights.Organic, max(x.organic, 0))
		weights.Project = addUnits(weights.Project, x.project)
		weights.Acquisition = addUnits(weights.Acquisition, x.acquisition)
		rows[i] = Milestone{
			Date: m, License: l.Name, SemiAnnual: semi[m], Months: months,
			Consumption: c, Entitlement: l.Entitled, Allowed: allowed, Overage: overage, Billable: billable,
			Opening:     Charge(billable, price, l.Premium, months),
			Target:      Charge(billable, price, target, months),
			Attribution: Attribute(billable, weights),
			Growth:      lr.refs,
			Forecast:    lr.forecast[:x.used:x.used],
		}
	}
	return rows
}

// invoices sums the rows of each milestone date.
func invoices(rows []Milestone) []Invoice {
	var out []Invoice
	for _, m := range rows {
		if n := len(out); n == 0 || !out[n-1].Date.Equal(m.Date) {
			out = append(out, Invoice{Date: m.Date})
		}
		inv := &out[len(out)-1]
		inv.Billable += m.Billable
		inv.Opening = inv.Opening.Add(m.Opening)
		inv.Target = inv.Target.Add(m.Target)
	}
	return out
}

// compare fills the comparisons with buying up front.
func (r *review) compare(res *Result) {
	if len(r.base) == 0 {
		return
	}
	months := r.in.Contract.Months(r.base[0])
	byLicense := make(map[string]*Comparison, len(r.licenses))
	for i := range r.licenses {
		l := r.licenses[i].in
		byLicense[l.Name] = &Comparison{License: l.Name, Premium: l.Premium, TargetPremium: decimal.Min(r.target, l.Premium)}
	}
	for _, m := range res.Milestones {
		c := byLicense[m.License]
		c.Units += m.Billable
		c.Opening = c.Opening.Add(m.Opening)
		c.Target = c.Target.Add(m.Target)
	}
	for i := range r.licenses {
		l := r.licenses[i].in
		c := byLicense[l.Name]
		price := l.SubscriptionPrice
		if !price.Valid {
			price = l.Price
		}
		if c.Units == 0 || !l.Price.Valid {
			continue // nothing to true forward, or no price to true it forward at
		}
		c.UpFront = Charge(c.Units, price.Decimal, decimal.Zero, months)
		c.Saving = c.Target.Sub(c.UpFront)
		res.Comparisons = append(res.Comparisons, *c)
		t := &res.Total
		t.Units += c.Units
		t.Opening, t.Target = t.Opening.Add(c.Opening), t.Target.Add(c.Target)
		t.UpFront, t.Saving = t.UpFront.Add(c.UpFront), t.Saving.Add(c.Saving)
	}
}
