package trueforward

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// randomInputs draws a review: a contract of 1 to 10 years, up to five
// licenses priced at 1.00 or more, and a forecast with organic growth
// between −30 % and +30 %, projects and acquisitions.
func randomInputs(rng *rand.Rand) (*Inputs, Params) {
	start := day(2020+rng.IntN(10), time.Month(1+rng.IntN(12)), 1+rng.IntN(31))
	c := Contract{Start: start, TermYears: 1 + rng.IntN(10)}
	asOf := c.Anniversary(0).AddDate(0, 0, rng.IntN(c.TermYears*365)-400)
	in := &Inputs{Contract: c, Forecast: &Forecast{OrganicGrowthRate: decimal.New(rng.Int64N(601)-300, -3)}}
	n := 1 + rng.IntN(5)
	for i := range n {
		in.Licenses = append(in.Licenses, License{
			Name:     fmt.Sprintf("L%d", i),
			Entitled: rng.Int64N(1000), Consumed: rng.Int64N(1500),
			Price:   decimal.NewNullDecimal(decimal.New(100+rng.Int64N(9900), -2)),
			Premium: decimal.New(rng.Int64N(51), -2),
		})
	}
	date := func() time.Time { return asOf.AddDate(0, 0, rng.IntN(c.TermYears*365+400)-60) }
	for range rng.IntN(10) {
		in.Forecast.Projects = append(in.Forecast.Projects, Project{License: fmt.Sprintf("L%d", rng.IntN(n)), Quantity: rng.Int64N(300), Date: date()})
	}
	for range rng.IntN(3) {
		a := Acquisition{Licenses: map[string]int64{}, Date: date()}
		for range 1 + rng.IntN(n) {
			a.Licenses[fmt.Sprintf("L%d", rng.IntN(n))] = rng.Int64N(200)
		}
		in.Forecast.Acquisitions = append(in.Forecast.Acquisitions, a)
	}
	target := decimal.New(rng.Int64N(51), -2)
	return in, Params{AsOf: asOf, GrowthAllowance: decimal.New(rng.Int64N(30), -2), TargetPremium: &target}
}

// off is an exceptional growth no forecast here reaches, so that two
// reviews have the same milestones.
var off = decimal.NewFromInt(1000)

func TestPropertyLargerAllowanceNeverRaisesExposure(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 1))
	for i := range 300 {
		in, p := randomInputs(rng)
		small, err := Review(in, p)
		require.NoError(t, err)
		p.GrowthAllowance = p.GrowthAllowance.Add(decimal.New(rng.Int64N(20), -2))
		large, err := Review(in, p)
		require.NoError(t, err)
		require.Equal(t, len(small.Milestones), len(large.Milestones), "case %d: the allowance does not move milestones", i)
		for j, s := range small.Milestones {
			l := large.Milestones[j]
			if l.Overage > s.Overage || l.Billable > s.Billable || l.Opening.GreaterThan(s.Opening) || l.Target.GreaterThan(s.Target) {
				t.Fatalf("case %d, %s %s: allowance %s gives %+v, more than %+v at the smaller one", i, s.License, formatDate(s.Date), p.GrowthAllowance, l, s)
			}
		}
		if large.Total.Opening.GreaterThan(small.Total.Opening) {
			t.Fatalf("case %d: total %s above %s", i, large.Total.Opening, small.Total.Opening)
		}
	}
}

func TestPropertyExposureMonotoneInConsumption(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 2))
	for i := range 300 {
		in, p := randomInputs(rng)
		p.ExceptionalGrowth = &off
		before, err := Review(in, p)
		require.NoError(t, err)
		more := *in
		more.Licenses = append([]License(nil), in.Licenses...)
		k := rng.IntN(len(more.Licenses))
		more.Licenses[k].Consumed += 1 + rng.Int64N(200)
		after, err := Review(&more, p)
		require.NoError(t, err)
		require.Equal(t, len(before.Milestones), len(after.Milestones))
		billed := map[string][2]int64{}
		for j, b := range before.Milestones {
			a := after.Milestones[j]
			if a.Consumption < b.Consumption || a.Overage < b.Overage {
				t.Fatalf("case %d, %s %s: more consumption today gives %+v below %+v", i, b.License, formatDate(b.Date), a, b)
			}
			sum := billed[b.License]
			sum[0], sum[1] = sum[0]+b.Billable, sum[1]+a.Billable
			billed[b.License] = sum
			if sum[1] < sum[0] {
				t.Fatalf("case %d, %s %s: units billed so far %d below %d", i, b.License, formatDate(b.Date), sum[1], sum[0])
			}
		}
		if after.Total.Opening.LessThan(before.Total.Opening) || after.Total.Target.LessThan(before.Total.Target) {
			t.Fatalf("case %d: exposure %s / %s fell below %s / %s", i, after.Total.Opening, after.Total.Target, before.Total.Opening, before.Total.Target)
		}
	}
}

func TestPropertyRowsAddUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 3))
	for i := range 300 {
		in, p := randomInputs(rng)
		res, err := Review(in, p)
		require.NoError(t, err)
		peak, billed := map[string]int64{}, map[string]int64{}
		var invoiced decimal.Decimal
		for _, m := range res.Milestones {
			if got := m.Attribution.Total(); got != m.Billable {
				t.Fatalf("case %d, %s %s: attribution %+v sums to %d, billable %d", i, m.License, formatDate(m.Date), m.Attribution, got, m.Billable)
			}
			// The buyer's premium is never above the opening one.
			if m.Target.GreaterThan(m.Opening) {
				t.Fatalf("case %d, %s %s: buyer's %s above opening %s", i, m.License, formatDate(m.Date), m.Target, m.Opening)
			}
			peak[m.License] = max(peak[m.License], m.Overage)
			billed[m.License] += m.Billable
			invoiced = invoiced.Add(m.Opening)
		}
		// Never billed twice: what the term bills is the largest overage.
		for l, b := range billed {
			if b != peak[l] {
				t.Fatalf("case %d, %s: billed %d units, largest overage %d", i, l, b, peak[l])
			}
		}
		var sum decimal.Decimal
		for _, inv := range res.Invoices {
			sum = sum.Add(inv.Opening)
		}
		if !sum.Equal(invoiced) || !sum.Equal(res.Total.Opening) {
			t.Fatalf("case %d: invoices %s, rows %s, total %s", i, sum, invoiced, res.Total.Opening)
		}
	}
}

func TestPropertyAttributeSumsExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 4))
	for range 5000 {
		units := rng.Int64N(1 << 40)
		w := Attribution{rng.Int64N(1 << 50), rng.Int64N(3), rng.Int64N(1 << 20), rng.Int64N(1 << 62)}
		got := Attribute(units, w)
		if got.Total() != units {
			t.Fatalf("Attribute(%d, %+v) = %+v sums to %d", units, w, got, got.Total())
		}
		for _, part := range []int64{got.Organic, got.Project, got.Acquisition, got.Unattributed} {
			if part < 0 {
				t.Fatalf("Attribute(%d, %+v) = %+v has a negative part", units, w, got)
			}
		}
	}
}
