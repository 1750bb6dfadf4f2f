package trueforward

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// organic is an organic growth rate g with its factors (1 + g)^y − 1 by
// whole years y, computed exactly (repeated multiplication) and once.
type organic struct {
	rate    decimal.Decimal
	factors []decimal.Decimal // factors[y] = (1 + g)^y − 1
	power   decimal.Decimal   // (1 + g)^(len(factors) − 1)
}

var one = decimal.NewFromInt(1)

func newOrganic(rate decimal.Decimal) *organic {
	return &organic{rate: rate, factors: []decimal.Decimal{decimal.Zero}, power: one}
}

// part returns floor(current × ((1 + g)^years − 1)), the organic growth of
// current over whole years (METHOD.md §5), at most MaxQuantity. It is not
// below −current, since g is above −1.
func (o *organic) part(current int64, years int) int64 {
	if years <= 0 || current == 0 || o.rate.IsZero() {
		return 0
	}
	for len(o.factors) <= years {
		o.power = o.power.Mul(one.Add(o.rate))
		o.factors = append(o.factors, o.power.Sub(one))
	}
	return floorUnits(decimal.NewFromInt(current).Mul(o.factors[years]))
}

// floorUnits returns floor(d) as a count of units, at most MaxQuantity.
func floorUnits(d decimal.Decimal) int64 {
	if d.GreaterThan(decimal.NewFromInt(MaxQuantity)) {
		return MaxQuantity
	}
	return d.Floor().IntPart()
}

// license returns the growth of one license whose consumption today is current.
func (o *organic) license(current int64) *licenseGrowth {
	return &licenseGrowth{organic: o, current: current}
}

// licenseGrowth is the forecast of one license: its consumption today, the
// organic rate and its dated projects and acquisitions from as_of on, in
// date order with running totals.
type licenseGrowth struct {
	organic *organic
	current int64
	entries []dated
}

// dated is one forecast entry for one license.
type dated struct {
	date     time.Time
	source   smartaccount.GrowthSource // Project or Acquisition
	quantity int64
	ref      smartaccount.Ref
	// project and acquisition are the totals of the entries up to and
	// including this one, set by sort.
	project, acquisition int64
}

// early is a forecast entry dated before as_of: already in today's
// consumption, reported and not counted again.
type early struct {
	license  string
	name     string
	quantity int64
	date     time.Time
	ref      smartaccount.Ref
}

// spread hands each entry of f, per license, to the growth get returns for
// that license (nil: a license not asked about); entries dated before asOf
// are returned instead. An entry without a Ref (built in code) is cited by
// its place in the document: forecast.json[projects[2]].
func (f *Forecast) spread(asOf time.Time, get func(license string) *licenseGrowth) []early {
	var before []early
	put := func(license, name string, source smartaccount.GrowthSource, q int64, date time.Time, ref smartaccount.Ref) {
		if date = civil(date); date.Before(asOf) {
			before = append(before, early{license: license, name: name, quantity: q, date: date, ref: ref})
			return
		}
		if g := get(license); g != nil {
			g.entries = append(g.entries, dated{date: date, source: source, quantity: q, ref: ref})
		}
	}
	cite := func(ref smartaccount.Ref, path string, i int) smartaccount.Ref {
		if ref == (smartaccount.Ref{}) {
			return smartaccount.Ref{Source: forecastSource, Record: fmt.Sprintf("%s[%d]", path, i)}
		}
		return ref
	}
	for i, p := range f.Projects {
		put(p.License, p.Name, smartaccount.Project, p.Quantity, p.Date, cite(p.Ref, "projects", i))
	}
	for i, a := range f.Acquisitions {
		ref := cite(a.Ref, "acquisitions", i)
		for _, l := range sortedKeys(a.Licenses) {
			put(l, a.Name, smartaccount.Acquisition, a.Licenses[l], a.Date, ref)
		}
	}
	return before
}

// add takes f's entries for license (Consumption's one-license case).
func (g *licenseGrowth) add(f *Forecast, license string, asOf time.Time) {
	f.spread(asOf, func(l string) *licenseGrowth {
		if l == license {
			return g
		}
		return nil
	})
}

// sort puts the entries in date order (the document's order within a day)
// and sets their running totals.
func (g *licenseGrowth) sort() {
	slices.SortStableFunc(g.entries, func(a, b dated) int { return a.date.Compare(b.date) })
	var project, acquisition int64
	for i := range g.entries {
		e := &g.entries[i]
		if e.source == smartaccount.Project {
			project = addUnits(project, e.quantity)
		} else {
			acquisition = addUnits(acquisition, e.quantity)
		}
		e.project, e.acquisition = project, acquisition
	}
}

// growthAt is a license's forecast at one milestone, by source.
type growthAt struct {
	current, organic, project, acquisition int64
	// used counts the entries dated on or before the milestone: the first
	// used of licenseGrowth.entries.
	used int
}

// at returns the forecast at milestone m for a review as of asOf.
func (g *licenseGrowth) at(asOf, m time.Time) growthAt {
	used := sort.Search(len(g.entries), func(i int) bool { return g.entries[i].date.After(m) })
	x := growthAt{current: g.current, organic: g.organic.part(g.current, wholeYears(asOf, m)), used: used}
	if used > 0 {
		x.project, x.acquisition = g.entries[used-1].project, g.entries[used-1].acquisition
	}
	return x
}

// consumption is METHOD.md §5's forecast consumption: current + organic
// growth + projects + acquisitions, at most MaxQuantity.
func (x growthAt) consumption() int64 {
	return addUnits(addUnits(x.current+x.organic, x.project), x.acquisition)
}

// addUnits adds two counts of units, each at most MaxQuantity, stopping at
// MaxQuantity.
func addUnits(a, b int64) int64 { return min(a+b, MaxQuantity) }

// wholeYears counts the anniversaries of from up to and including to.
func wholeYears(from, to time.Time) int {
	n := to.Year() - from.Year()
	if n > 0 && to.Before(addMonths(from, 12*n)) {
		n--
	}
	return max(n, 0)
}
