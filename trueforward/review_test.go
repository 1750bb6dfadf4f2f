package trueforward

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// rowsOnly compares milestone rows without the evidence they cite.
var rowsOnly = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmpopts.IgnoreFields(Milestone{}, "Growth", "Forecast"),
	cmpopts.EquateEmpty(),
}

func price(s string) decimal.NullDecimal { return decimal.NewNullDecimal(dec(s)) }

func ptr(s string) *decimal.Decimal { d := dec(s); return &d }

// row builds an expected milestone row.
func row(date time.Time, license string, months int, consumption, entitled, allowed, overage, billable int64, opening, target string, a Attribution) Milestone {
	return Milestone{Date: date, License: license, Months: months, Consumption: consumption, Entitlement: entitled,
		Allowed: allowed, Overage: overage, Billable: billable, Opening: dec(opening), Target: dec(target), Attribution: a}
}

func semi(m Milestone) Milestone { m.SemiAnnual = true; return m }

// index indexes a snapshot of a footprint and product-instance rows.
func index(footprint []smartaccount.Device, rows []smartaccount.ProductInstance) *smartaccount.Index {
	return smartaccount.NewIndex(&smartaccount.Snapshot{Footprint: footprint, Instances: rows})
}

func TestReviewBillsNoUnitTwice(t *testing.T) {
	in := &Inputs{
		Contract: Contract{Start: day(2027, 1, 1), TermYears: 3}, // ends 2030-01-01
		Licenses: []License{{Name: "L", Entitled: 100, Consumed: 110, Price: price("10.00"), Premium: dec("0.25"),
			SubscriptionPrice: price("9.00"), Evidence: []smartaccount.Ref{{Source: "entitlements.csv", Line: 2}}}},
		Forecast: &Forecast{
			OrganicGrowthRate: dec("-0.5"),
			Projects: []Project{
				{Name: "P1", License: "L", Quantity: 40, Date: day(2027, 6, 1)},
				{Name: "P2", License: "L", Quantity: 90, Date: day(2028, 6, 1)},
			},
		},
	}
	// A growth of 1,000 % never brings a semi-annual milestone here.
	res, err := Review(in, Params{AsOf: day(2026, 11, 1), ExceptionalGrowth: ptr("10")})
	require.NoError(t, err)
	want := []Milestone{
		// 110 today; allowed 100: 10 over, all billable. 36 months:
		// 10 × 10.00 × 1.25 × 36/12 = 375.00; at 15 %: 10 × 10.00 × 1.15 × 3 = 345.00.
		// No growth known yet: the 10 units are unattributed.
		row(day(2027, 1, 1), "L", 36, 110, 100, 100, 10, 10, "375.00", "345.00", Attribution{Unattributed: 10}),
		// One year of −50 %: 110 + floor(−55) = 55, + P1 40 = 95: under the entitlement.
		row(day(2028, 1, 1), "L", 24, 95, 100, 100, 0, 0, "0", "0", Attribution{}),
		// Two years: 110 × (0.5² − 1) = −82.5 → −83: 27, + 40 + 90 = 157; 57 over,
		// of which the 10 trued up in 2027 are not billed again: 47.
		// 12 months: 47 × 10.00 × 1.25 = 587.50; 47 × 10.00 × 1.15 = 540.50.
		// Growth behind it: projects 130 (organic growth is negative): all project.
		row(day(2029, 1, 1), "L", 12, 157, 100, 100, 57, 47, "587.50", "540.50", Attribution{Project: 47}),
	}
	if diff := cmp.Diff(want, res.Milestones, rowsOnly); diff != "" {
		t.Errorf("milestones (-want +got):\n%s", diff)
	}
	// Forecast evidence: nothing dated by 2027-01-01, P1 by 2028, both by 2029.
	forecastLines := []int{}
	for _, m := range res.Milestones {
		forecastLines = append(forecastLines, len(m.Forecast))
	}
	assert.Equal(t, []int{0, 1, 2}, forecastLines)
	assert.Equal(t, []smartaccount.Ref{{Source: "forecast.json", Record: "projects[0]"}, {Source: "forecast.json", Record: "projects[1]"}},
		res.Milestones[2].Forecast, "entries built in code are cited by their place in the document")

	wantInvoices := []Invoice{
		{Date: day(2027, 1, 1), Billable: 10, Opening: dec("375.00"), Target: dec("345.00")},
		{Date: day(2028, 1, 1)},
		{Date: day(2029, 1, 1), Billable: 47, Opening: dec("587.50"), Target: dec("540.50")},
	}
	if diff := cmp.Diff(wantInvoices, res.Invoices, rowsOnly); diff != "" {
		t.Errorf("invoices (-want +got):\n%s", diff)
	}
	// 57 units over the term; bought up front on 2027-01-01 at 9.00:
	// 57 × 9.00 × 36/12 = 1,539.00, against 345.00 + 540.50 = 885.50 at 15 %.
	wantComparison := Comparison{License: "L", Units: 57, Premium: dec("0.25"), TargetPremium: dec("0.15"),
		Opening: dec("962.50"), Target: dec("885.50"), UpFront: dec("1539.00"), Saving: dec("-653.50")}
	if diff := cmp.Diff([]Comparison{wantComparison}, res.Comparisons, rowsOnly); diff != "" {
		t.Errorf("comparisons (-want +got):\n%s", diff)
	}
	wantTotal := wantComparison
	wantTotal.License, wantTotal.Premium, wantTotal.TargetPremium = "", decimal.Zero, decimal.Zero
	if diff := cmp.Diff(wantTotal, res.Total, rowsOnly); diff != "" {
		t.Errorf("total (-want +got):\n%s", diff)
	}

	require.Len(t, res.Findings, 2)
	exposure, upFront := res.Findings[0], res.Findings[1]
	assert.Equal(t, KindExposure, exposure.Kind)
	assert.Equal(t, int64(57), exposure.Quantity)
	assert.Equal(t, "962.50", exposure.Amount.StringFixed(2))
	assert.Equal(t, "57 units to true forward over the term (2027-01-01: 10, 2029-01-01: 47): 962.50 at the opening 25.00 % premium, 885.50 at the buyer's 15.00 %",
		exposure.Detail)
	assert.Equal(t, []smartaccount.Ref{{Source: "entitlements.csv", Line: 2},
		{Source: "forecast.json", Record: "projects[0]"}, {Source: "forecast.json", Record: "projects[1]"}}, exposure.Evidence)
	assert.Equal(t, KindUpFront, upFront.Kind)
	assert.Equal(t, "653.50", upFront.Amount.StringFixed(2))
	assert.Contains(t, upFront.Detail, "true-forward is cheaper by 653.50")
	assert.Equal(t, exposure.Evidence, upFront.Evidence)
}

func TestReviewSemiAnnualMilestone(t *testing.T) {
	contract := Contract{Start: day(2027, 1, 1), TermYears: 2} // ends 2029-01-01
	review := func(t *testing.T, growth int64) *Result {
		in := &Inputs{
			Contract: contract,
			Licenses: []License{
				{Name: "L", Entitled: 1000, Consumed: 1000, Price: price("12.00"), Premium: dec("0.25")},
				{Name: "M", Entitled: 50, Consumed: 50, Price: price("5.00"), Premium: dec("0.25")},
			},
			Forecast: &Forecast{Projects: []Project{{Name: "Wave", License: "L", Quantity: growth, Date: day(2027, 4, 1)}}},
		}
		res, err := Review(in, Params{AsOf: day(2027, 1, 1)})
		require.NoError(t, err)
		return res
	}
	m := func(date time.Time, months int) Milestone {
		return row(date, "M", months, 50, 50, 50, 0, 0, "0", "0", Attribution{})
	}
	t.Run("exactly 20 %", func(t *testing.T) {
		// 1,200 on 2027-07-01 against 1,000 at the start: 1,200 is not more
		// than 1,000 × 1.20, so no semi-annual milestone; the anniversary
		// bills the 200 for 12 months: 200 × 12.00 × 1.25 = 3,000.00, × 1.15 = 2,760.00.
		want := []Milestone{
			row(day(2027, 1, 1), "L", 24, 1000, 1000, 1000, 0, 0, "0", "0", Attribution{}),
			m(day(2027, 1, 1), 24),
			row(day(2028, 1, 1), "L", 12, 1200, 1000, 1000, 200, 200, "3000.00", "2760.00", Attribution{Project: 200}),
			m(day(2028, 1, 1), 12),
		}
		if diff := cmp.Diff(want, review(t, 200).Milestones, rowsOnly); diff != "" {
			t.Errorf("milestones (-want +got):\n%s", diff)
		}
	})
	t.Run("just above 20 %", func(t *testing.T) {
		// 1,201 > 1,200: a semi-annual milestone on 2027-07-01, for L only,
		// 18 months before the end: 201 × 12.00 × 1.25 × 18/12 = 4,522.50;
		// × 1.15 instead: 4,160.70. The anniversary then bills nothing more.
		want := []Milestone{
			row(day(2027, 1, 1), "L", 24, 1000, 1000, 1000, 0, 0, "0", "0", Attribution{}),
			m(day(2027, 1, 1), 24),
			semi(row(day(2027, 7, 1), "L", 18, 1201, 1000, 1000, 201, 201, "4522.50", "4160.70", Attribution{Project: 201})),
			row(day(2028, 1, 1), "L", 12, 1201, 1000, 1000, 201, 0, "0", "0", Attribution{}),
			m(day(2028, 1, 1), 12),
		}
		res := review(t, 201)
		if diff := cmp.Diff(want, res.Milestones, rowsOnly); diff != "" {
			t.Errorf("milestones (-want +got):\n%s", diff)
		}
		wantInvoices := []Invoice{
			{Date: day(2027, 1, 1)},
			{Date: day(2027, 7, 1), Billable: 201, Opening: dec("4522.50"), Target: dec("4160.70")},
			{Date: day(2028, 1, 1)},
		}
		if diff := cmp.Diff(wantInvoices, res.Invoices, rowsOnly); diff != "" {
			t.Errorf("invoices (-want +got):\n%s", diff)
		}
	})
	t.Run("no reviewed milestone before it", func(t *testing.T) {
		// As of 2027-03-01 the start is past: 2027-07-01 has no last milestone
		// to grow over, so only 2028-01-01 is reviewed, whatever the growth.
		in := &Inputs{
			Contract: contract,
			Licenses: []License{{Name: "L", Entitled: 1000, Consumed: 1000, Price: price("12.00"), Premium: dec("0.25")}},
			Forecast: &Forecast{Projects: []Project{{License: "L", Quantity: 900, Date: day(2027, 4, 1)}}},
		}
		res, err := Review(in, Params{AsOf: day(2027, 3, 1)})
		require.NoError(t, err)
		// 900 × 12.00 × 1.25 × 12/12 = 13,500.00; × 1.15 = 12,420.00.
		want := []Milestone{row(day(2028, 1, 1), "L", 12, 1900, 1000, 1000, 900, 900, "13500.00", "12420.00", Attribution{Project: 900})}
		if diff := cmp.Diff(want, res.Milestones, rowsOnly); diff != "" {
			t.Errorf("milestones (-want +got):\n%s", diff)
		}
	})
	t.Run("a threshold of zero", func(t *testing.T) {
		// ExceptionalGrowth new(0): any growth brings the milestone.
		in := &Inputs{
			Contract: contract,
			Licenses: []License{{Name: "L", Entitled: 1000, Consumed: 1000, Price: price("12.00"), Premium: dec("0.25")}},
			Forecast: &Forecast{Projects: []Project{{License: "L", Quantity: 1, Date: day(2027, 4, 1)}}},
		}
		res, err := Review(in, Params{AsOf: day(2027, 1, 1), ExceptionalGrowth: ptr("0")})
		require.NoError(t, err)
		require.Len(t, res.Milestones, 3)
		assert.True(t, res.Milestones[1].SemiAnnual)
		// 1 × 12.00 × 1.25 × 18/12 = 22.50.
		assert.Equal(t, "22.50", res.Milestones[1].Opening.StringFixed(2))
	})
}

func TestReviewMilestonesOnThe31stAndALeapDay(t *testing.T) {
	// A term from 2027-08-31 to 2029-08-31. The semi-annual date of the first
	// year is 2028-02-29, six months on, the month's last day in a leap year.
	in := &Inputs{
		Contract: Contract{Start: day(2027, 8, 31), TermYears: 2},
		Licenses: []License{{Name: "L", Entitled: 100, Consumed: 100, Price: price("10.00"), Premium: dec("0.25")}},
		Forecast: &Forecast{Projects: []Project{{License: "L", Quantity: 30, Date: day(2028, 1, 15)}}},
	}
	res, err := Review(in, Params{AsOf: day(2027, 8, 1)})
	require.NoError(t, err)
	want := []Milestone{
		// 24 months from 2027-08-31 to 2029-08-31.
		row(day(2027, 8, 31), "L", 24, 100, 100, 100, 0, 0, "0", "0", Attribution{}),
		// 130 > 100 × 1.2. 2028-02-29 + 18 months = 2029-08-29 ≤ 2029-08-31,
		// + 19 = 2029-09-29 after it: 18 months. 30 × 10.00 × 1.25 × 18/12 =
		// 562.50; × 1.15: 517.50.
		semi(row(day(2028, 2, 29), "L", 18, 130, 100, 100, 30, 30, "562.50", "517.50", Attribution{Project: 30})),
		row(day(2028, 8, 31), "L", 12, 130, 100, 100, 30, 0, "0", "0", Attribution{}),
	}
	if diff := cmp.Diff(want, res.Milestones, rowsOnly); diff != "" {
		t.Errorf("milestones (-want +got):\n%s", diff)
	}
}

func TestReviewContractMilestones(t *testing.T) {
	// A contract that also trues up on 2027-04-01: 9 months before the end.
	in := &Inputs{
		Contract: Contract{Start: day(2027, 1, 1), TermYears: 1, Milestones: []time.Time{day(2027, 4, 1), day(2027, 1, 1)}},
		Licenses: []License{{Name: "L", Entitled: 100, Consumed: 100, Price: price("10.00"), Premium: dec("0.25")}},
		Forecast: &Forecast{Projects: []Project{{License: "L", Quantity: 8, Date: day(2027, 3, 1)}}},
	}
	res, err := Review(in, Params{AsOf: day(2026, 11, 1)})
	require.NoError(t, err)
	want := []Milestone{
		row(day(2027, 1, 1), "L", 12, 100, 100, 100, 0, 0, "0", "0", Attribution{}),
		// 8 × 10.00 × 1.25 × 9/12 = 75.00; × 1.15 × 9/12 = 69.00.
		row(day(2027, 4, 1), "L", 9, 108, 100, 100, 8, 8, "75.00", "69.00", Attribution{Project: 8}),
	}
	if diff := cmp.Diff(want, res.Milestones, rowsOnly); diff != "" {
		t.Errorf("milestones (-want +got):\n%s", diff)
	}
}

func TestReviewAttribution(t *testing.T) {
	contract := Contract{Start: day(2027, 1, 1), TermYears: 1}
	asOf := day(2026, 11, 1) // baseline 2025-11-01
	dev := func(line int, serial string, src smartaccount.GrowthSource, inService time.Time) smartaccount.Device {
		return smartaccount.Device{UDI: smartaccount.UDI{PID: "C9300-24UX", Serial: serial}, GrowthSource: src, InService: inService,
			Ref: smartaccount.Ref{Source: "footprint.csv", Line: line}}
	}
	inst := func(line int, serial, license string, q int64) smartaccount.ProductInstance {
		return smartaccount.ProductInstance{UDI: smartaccount.UDI{PID: "C9300-24UX", Serial: serial}, License: license, Quantity: q,
			Ref: smartaccount.Ref{Source: "product_instances.csv", Line: line}}
	}
	fp := func(line int) smartaccount.Ref { return smartaccount.Ref{Source: "footprint.csv", Line: line} }
	pi := func(line int) smartaccount.Ref { return smartaccount.Ref{Source: "product_instances.csv", Line: line} }

	t.Run("three-way tie", func(t *testing.T) {
		in := &Inputs{
			Contract: contract,
			Licenses: []License{{Name: "L", Entitled: 100, Consumed: 102, Price: price("10.00"), Premium: dec("0.25")}},
			Index: index([]smartaccount.Device{
				dev(2, "A", smartaccount.Organic, day(2026, 3, 1)),
				dev(3, "B", smartaccount.Project, day(2025, 11, 1)), // on the baseline: growth
				dev(4, "C", smartaccount.Acquisition, day(2026, 10, 31)),
			}, []smartaccount.ProductInstance{inst(2, "A", "L", 1), inst(3, "B", "L", 1), inst(4, "C", "L", 1)}),
		}
		res, err := Review(in, Params{AsOf: asOf})
		require.NoError(t, err)
		require.Len(t, res.Milestones, 1)
		m := res.Milestones[0]
		// 2 billable over weights 1, 1, 1: shares 2/3 each, floors 0; the two
		// units go to the equal largest remainders in source order.
		assert.Equal(t, Attribution{Organic: 1, Project: 1}, m.Attribution)
		// 2 × 10.00 × 1.25 × 12/12 = 25.00.
		assert.Equal(t, "25.00", m.Opening.StringFixed(2))
		assert.Equal(t, []smartaccount.Ref{fp(2), fp(3), fp(4), pi(2), pi(3), pi(4)}, m.Growth)
	})
	t.Run("what counts as growth", func(t *testing.T) {
		in := &Inputs{
			Contract: contract,
			Licenses: []License{{Name: "L", Entitled: 100, Consumed: 105, Price: price("10.00"), Premium: dec("0.25")}},
			Index: index([]smartaccount.Device{
				dev(2, "A", smartaccount.Organic, day(2026, 3, 1)),   // organic growth
				dev(3, "B", smartaccount.Baseline, day(2026, 5, 1)),  // after the baseline, labelled baseline: unattributed
				dev(4, "C", smartaccount.Organic, day(2025, 10, 31)), // the day before the baseline: not growth
				dev(5, "D", smartaccount.Project, time.Time{}),       // no in-service date: not growth
				dev(6, "E", smartaccount.Baseline, day(2020, 1, 1)),  // the first row of E decides:
				dev(7, "E", smartaccount.Project, day(2026, 6, 1)),   // not growth
				dev(8, "F", 0, day(2026, 7, 1)),                      // no source: unattributed, but
				dev(9, "G", smartaccount.Organic, day(2026, 2, 1)),   // the first row of G decides:
				dev(10, "G", smartaccount.Baseline, day(2019, 1, 1)), // organic growth
			}, []smartaccount.ProductInstance{
				inst(2, "A", "L", 2),
				inst(3, "B", "L", 1),
				inst(4, "C", "L", 1),
				inst(5, "D", "L", 1),
				inst(6, "E", "L", 1),
				inst(7, "Z", "L", 1), // not in the footprint
				inst(8, "A", "X", 1), // a license not under review
				inst(9, "F", "L", 0), // F's row uses no unit
				inst(10, "G", "L", 1),
			}),
		}
		res, err := Review(in, Params{AsOf: asOf})
		require.NoError(t, err)
		m := res.Milestones[0]
		// 5 billable over organic 3 (A's 2 units, G's 1), unattributed 1:
		// 15/4 = 3.75 → 3, 5/4 = 1.25 → 1; the one left to the larger
		// remainder (15 mod 4 = 3 against 5 mod 4 = 1): organic.
		assert.Equal(t, Attribution{Organic: 4, Unattributed: 1}, m.Attribution)
		assert.Equal(t, []smartaccount.Ref{fp(2), fp(3), fp(9), pi(2), pi(3), pi(10)}, m.Growth)
	})
	t.Run("in-service dates are civil dates, in their own zone", func(t *testing.T) {
		cet, pst := time.FixedZone("CET", 3600), time.FixedZone("PST", -8*3600)
		in := &Inputs{
			Contract: contract,
			Licenses: []License{{Name: "L", Entitled: 100, Consumed: 102, Price: price("10.00"), Premium: dec("0.25")}},
			Index: index([]smartaccount.Device{
				// 2025-11-01 00:30 CET is 2025-10-31 23:30 UTC: its date is the baseline's, growth.
				dev(2, "A", smartaccount.Organic, time.Date(2025, 11, 1, 0, 30, 0, 0, cet)),
				// 2025-10-31 20:00 PST is 2025-11-01 04:00 UTC: its date is the day before, not growth.
				dev(3, "B", smartaccount.Project, time.Date(2025, 10, 31, 20, 0, 0, 0, pst)),
				// 2025-11-01 23:59 UTC: the baseline's date, growth.
				dev(4, "C", smartaccount.Acquisition, time.Date(2025, 11, 1, 23, 59, 0, 0, time.UTC)),
				// 2025-10-31 23:59 UTC: the day before, not growth.
				dev(5, "D", smartaccount.Project, time.Date(2025, 10, 31, 23, 59, 0, 0, time.UTC)),
			}, []smartaccount.ProductInstance{inst(2, "A", "L", 1), inst(3, "B", "L", 1), inst(4, "C", "L", 1), inst(5, "D", "L", 1)}),
		}
		res, err := Review(in, Params{AsOf: asOf})
		require.NoError(t, err)
		// 2 billable over organic 1 (A) and acquisition 1 (C): one each.
		assert.Equal(t, Attribution{Organic: 1, Acquisition: 1}, res.Milestones[0].Attribution)
		assert.Equal(t, []smartaccount.Ref{fp(2), fp(4), pi(2), pi(4)}, res.Milestones[0].Growth)
	})
	t.Run("an explicit baseline", func(t *testing.T) {
		in := &Inputs{
			Contract: contract,
			Licenses: []License{{Name: "L", Entitled: 100, Consumed: 101, Price: price("10.00"), Premium: dec("0.25")}},
			Index: index([]smartaccount.Device{dev(2, "A", smartaccount.Organic, day(2026, 3, 1)), dev(3, "B", smartaccount.Project, day(2026, 8, 1))},
				[]smartaccount.ProductInstance{inst(2, "A", "L", 1), inst(3, "B", "L", 1)}),
		}
		res, err := Review(in, Params{AsOf: asOf, Baseline: day(2026, 6, 1)})
		require.NoError(t, err)
		assert.Equal(t, day(2026, 6, 1), res.Baseline)
		assert.Equal(t, Attribution{Project: 1}, res.Milestones[0].Attribution, "A entered service before the baseline")
	})
}

func TestReviewPremiumsAllowanceAndPricing(t *testing.T) {
	in := &Inputs{
		Contract: Contract{Start: day(2027, 1, 1), TermYears: 1},
		Licenses: []License{
			// floor(105 × 1.10) = floor(115.5) = 115 allowed; 120 − 115 = 5 over.
			{Name: "A", Entitled: 105, Consumed: 120, Price: price("10.00"), Premium: dec("0.10"), Evidence: []smartaccount.Ref{{Source: "entitlements.csv", Line: 2}}},
			// floor(10 × 1.10) = 11 allowed; 9 over; no price.
			{Name: "B", Entitled: 10, Consumed: 20, Evidence: []smartaccount.Ref{{Source: "entitlements.csv", Line: 3}}},
		},
	}
	res, err := Review(in, Params{AsOf: day(2026, 11, 1), GrowthAllowance: dec("0.10")})
	require.NoError(t, err)
	want := []Milestone{
		// 5 × 10.00 × 1.10 × 12/12 = 55.00. The target 15 % is above the
		// opening 10 %: the buyer keeps 10 %.
		row(day(2027, 1, 1), "A", 12, 120, 105, 115, 5, 5, "55.00", "55.00", Attribution{Unattributed: 5}),
		row(day(2027, 1, 1), "B", 12, 20, 10, 11, 9, 9, "0", "0", Attribution{Unattributed: 9}),
	}
	if diff := cmp.Diff(want, res.Milestones, rowsOnly); diff != "" {
		t.Errorf("milestones (-want +got):\n%s", diff)
	}
	require.Len(t, res.Comparisons, 1, "B has no price to compare")
	assert.Equal(t, "0.10", res.Comparisons[0].TargetPremium.StringFixed(2))
	kinds := []smartaccount.Kind{}
	for _, f := range res.Findings {
		kinds = append(kinds, f.Kind)
	}
	assert.Equal(t, []smartaccount.Kind{KindExposure, KindUnpriced, KindUpFront}, kinds)
	unpriced := res.Findings[1]
	assert.Equal(t, "B", unpriced.License)
	assert.Equal(t, int64(9), unpriced.Quantity)
	assert.True(t, unpriced.Amount.IsZero())
	assert.Equal(t, "9 units to true forward over the term (2027-01-01: 9), but no proposal line prices B: no charge is computed", unpriced.Detail)
	assert.Equal(t, []smartaccount.Ref{{Source: "entitlements.csv", Line: 3}}, unpriced.Evidence)
	// Up front at Price (no subscription price): 5 × 10.00 × 12/12 = 50.00
	// against 55.00: up front is cheaper by 5.00.
	assert.Equal(t, "buying the 5 units up front as entitlement costs 50.00, true-forward 55.00 at the buyer's 10.00 % premium (55.00 at the opening 10.00 %): buying up front is cheaper by 5.00",
		res.Findings[2].Detail)

	t.Run("a target premium of zero", func(t *testing.T) {
		res, err := Review(in, Params{AsOf: day(2026, 11, 1), GrowthAllowance: dec("0.10"), TargetPremium: ptr("0")})
		require.NoError(t, err)
		// 5 × 10.00 × 1 × 12/12 = 50.00.
		assert.Equal(t, "50.00", res.Milestones[0].Target.StringFixed(2))
		assert.Equal(t, "55.00", res.Milestones[0].Opening.StringFixed(2))
	})
}

func TestReviewForecastBeforeAsOf(t *testing.T) {
	f, err := ParseForecast([]byte(`{"projects": [
 {"name": "Old rollout", "license": "L", "quantity": 500, "date": "2026-10-01"},
 {"name": "New rollout", "license": "L", "quantity": 5, "date": "2027-01-01"}]}`))
	require.NoError(t, err)
	in := &Inputs{
		Contract: Contract{Start: day(2027, 1, 1), TermYears: 1},
		Licenses: []License{{Name: "L", Entitled: 100, Consumed: 100, Price: price("10.00"), Premium: dec("0.25"),
			Evidence: []smartaccount.Ref{{Source: "entitlements.csv", Line: 2}}}},
		Forecast: f,
	}
	res, err := Review(in, Params{AsOf: day(2026, 11, 1)})
	require.NoError(t, err)
	// The old rollout is in the 100 already; the new one, dated on the
	// milestone, counts: 105, 5 over. 5 × 10.00 × 1.25 = 62.50; × 1.15 = 57.50.
	want := []Milestone{row(day(2027, 1, 1), "L", 12, 105, 100, 100, 5, 5, "62.50", "57.50", Attribution{Project: 5})}
	if diff := cmp.Diff(want, res.Milestones, rowsOnly); diff != "" {
		t.Errorf("milestones (-want +got):\n%s", diff)
	}
	assert.Equal(t, []smartaccount.Ref{{Source: "forecast.json", Line: 3}}, res.Milestones[0].Forecast)
	require.Len(t, res.Findings, 3)
	assert.Equal(t, []smartaccount.Ref{{Source: "entitlements.csv", Line: 2}, {Source: "forecast.json", Line: 3}}, res.Findings[0].Evidence)
	before := res.Findings[2]
	assert.Equal(t, KindForecastBeforeAsOf, before.Kind)
	assert.Equal(t, smartaccount.SeverityWarning, before.Severity)
	assert.Equal(t, int64(500), before.Quantity)
	assert.Equal(t, "dated before as_of 2026-11-01, so already part of today's consumption and not counted again: Old rollout (2026-10-01, 500 units)", before.Detail)
	assert.Equal(t, []smartaccount.Ref{{Source: "forecast.json", Line: 2}}, before.Evidence)
	ids := map[string]bool{}
	for _, f := range res.Findings {
		assert.False(t, ids[f.ID()], "finding %s reported twice", f.ID())
		ids[f.ID()] = true
	}
}

func TestReviewWithoutForecast(t *testing.T) {
	in := &Inputs{
		Contract: Contract{Start: day(2027, 1, 1), TermYears: 2},
		Licenses: []License{{Name: "L", Entitled: 10, Consumed: 12, Price: price("1.00"), Premium: dec("0.25")}},
	}
	res, err := Review(in, Params{AsOf: day(2026, 11, 1)})
	require.NoError(t, err)
	// Consumption stays at 12: the 2 over are billed once, at the start:
	// 2 × 1.00 × 1.25 × 24/12 = 5.00.
	want := []Milestone{
		row(day(2027, 1, 1), "L", 24, 12, 10, 10, 2, 2, "5.00", "4.60", Attribution{Unattributed: 2}),
		row(day(2028, 1, 1), "L", 12, 12, 10, 10, 2, 0, "0", "0", Attribution{}),
	}
	if diff := cmp.Diff(want, res.Milestones, rowsOnly); diff != "" {
		t.Errorf("milestones (-want +got):\n%s", diff)
	}
}

func TestReviewErrors(t *testing.T) {
	good := func() *Inputs {
		return &Inputs{
			Contract: Contract{Start: day(2027, 1, 1), TermYears: 5},
			Licenses: []License{{Name: "L", Entitled: 1, Consumed: 1, Price: price("1"), Premium: dec("0.25")}},
			Forecast: &Forecast{},
		}
	}
	asOf := day(2026, 11, 1)
	tests := []struct {
		name   string
		change func(*Inputs, *Params)
		want   string
	}{
		{"no as-of date", func(_ *Inputs, p *Params) { p.AsOf = time.Time{} }, "Params.AsOf: required"},
		{"as of the term end", func(_ *Inputs, p *Params) { p.AsOf = day(2032, 1, 1) },
			"Params.AsOf: 2032-01-01 is not before the end of the term, 2032-01-01"},
		{"negative allowance", func(_ *Inputs, p *Params) { p.GrowthAllowance = dec("-0.1") }, "Params.GrowthAllowance: -0.1 is negative"},
		{"negative exceptional growth", func(_ *Inputs, p *Params) { p.ExceptionalGrowth = ptr("-0.2") }, "Params.ExceptionalGrowth: -0.2 is negative"},
		{"target premium of -100 %", func(_ *Inputs, p *Params) { p.TargetPremium = ptr("-1") }, "Params.TargetPremium: -1 is not above -1"},
		{"baseline after as_of", func(_ *Inputs, p *Params) { p.Baseline = day(2026, 11, 2) }, "Params.Baseline: 2026-11-02 is after as_of 2026-11-01"},
		{"milestone outside the term", func(in *Inputs, _ *Params) { in.Contract.Milestones = []time.Time{day(2032, 3, 1)} },
			"Contract.Milestones[0]: 2032-03-01 is not within the term (from 2027-01-01, before 2032-01-01)"},
		{"no term", func(in *Inputs, _ *Params) { in.Contract.TermYears = 0 }, "Contract.TermYears: 0 is outside 1..30"},
		{"unnamed license", func(in *Inputs, _ *Params) { in.Licenses[0].Name = "" }, "Licenses[0].Name: missing"},
		{"license twice", func(in *Inputs, _ *Params) { in.Licenses = append(in.Licenses, in.Licenses[0]) }, `Licenses[1].Name: "L" is Licenses[0] too`},
		{"negative consumption", func(in *Inputs, _ *Params) { in.Licenses[0].Consumed = -1 }, "Licenses[0].Consumed: -1 is outside 0..1000000000000"},
		{"negative price", func(in *Inputs, _ *Params) { in.Licenses[0].Price = price("-1") }, "Licenses[0].Price: -1 is negative"},
		{"premium of -100 %", func(in *Inputs, _ *Params) { in.Licenses[0].Premium = dec("-1") }, "Licenses[0].Premium: -1 is not above -1"},
		{"growth below -100 %", func(in *Inputs, _ *Params) { in.Forecast.OrganicGrowthRate = dec("-1.01") },
			"forecast: organic_growth_rate: -1.01 is not above -1"},
		{"a project of an unknown license", func(in *Inputs, _ *Params) {
			in.Forecast.Projects = []Project{{License: "L", Date: day(2027, 1, 1)}, {License: "Nexus 9K", Quantity: 2, Date: day(2027, 1, 1)}}
		}, `forecast: projects[1].license: "Nexus 9K" is not a license of the review: no entitlement, product instance or proposal line names it`},
		{"an acquisition of an unknown license", func(in *Inputs, _ *Params) {
			in.Forecast.Acquisitions = []Acquisition{{Licenses: map[string]int64{"L": 1, "ASA": 2}, Date: day(2027, 1, 1)}}
		}, `forecast: acquisitions[0].licenses["ASA"]: "ASA" is not a license of the review: no entitlement, product instance or proposal line names it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, p := good(), Params{AsOf: asOf}
			tt.change(in, &p)
			_, err := Review(in, p)
			require.EqualError(t, err, "trueforward: review: "+tt.want)
			var fe *pricing.FieldError
			assert.True(t, errors.As(err, &fe), "a *pricing.FieldError")
		})
	}
	_, err := Review(nil, Params{AsOf: asOf})
	assert.Error(t, err)
	res, err := Review(good(), Params{AsOf: asOf})
	require.NoError(t, err)
	assert.Len(t, res.Milestones, 5, "the good inputs review")
}

func TestResultJSON(t *testing.T) {
	in := &Inputs{
		Contract: Contract{Start: day(2027, 1, 1), TermYears: 2},
		Licenses: []License{{Name: "L", Entitled: 10, Consumed: 12, Price: price("1.00"), Premium: dec("0.25")}},
	}
	res, err := Review(in, Params{AsOf: day(2026, 11, 1)})
	require.NoError(t, err)
	out, err := json.Marshal(res)
	require.NoError(t, err)
	// 2 × 1.00 × 1.25 × 24/12 = 5.00; × 1.15: 4.60; up front 2 × 1.00 × 2 = 4.00.
	assert.JSONEq(t, `{"as_of": "2026-11-01", "baseline": "2025-11-01",
		"contract": {"start": "2027-01-01", "term_years": 2, "end": "2029-01-01"},
		"milestones": [
			{"date": "2027-01-01", "license": "L", "semi_annual": false, "months": 24, "consumption": 12, "entitlement": 10,
			 "allowed": 10, "overage": 2, "billable": 2, "charge": "5.00", "target_charge": "4.60",
			 "attribution": {"organic": 0, "project": 0, "acquisition": 0, "unattributed": 2}},
			{"date": "2028-01-01", "license": "L", "semi_annual": false, "months": 12, "consumption": 12, "entitlement": 10,
			 "allowed": 10, "overage": 2, "billable": 0, "charge": "0.00", "target_charge": "0.00",
			 "attribution": {"organic": 0, "project": 0, "acquisition": 0, "unattributed": 0}}],
		"invoices": [
			{"date": "2027-01-01", "billable": 2, "charge": "5.00", "target_charge": "4.60"},
			{"date": "2028-01-01", "billable": 0, "charge": "0.00", "target_charge": "0.00"}],
		"comparisons": [{"license": "L", "units": 2, "premium": "0.25", "target_premium": "0.15",
			"charge": "5.00", "target_charge": "4.60", "up_front": "4.00", "saving": "0.60"}],
		"total": {"units": 2, "charge": "5.00", "target_charge": "4.60", "up_front": "4.00", "saving": "0.60"}}`, string(out))
}

func TestReviewHugeAllowance(t *testing.T) {
	in := &Inputs{
		Contract: Contract{Start: day(2027, 1, 1), TermYears: 1},
		Licenses: []License{{Name: "L", Entitled: 10, Consumed: 12, Price: price("1.00")}},
	}
	res, err := Review(in, Params{AsOf: day(2026, 11, 1), GrowthAllowance: dec("1e60")})
	require.NoError(t, err)
	assert.Equal(t, int64(MaxQuantity), res.Milestones[0].Allowed, "allowed stops at MaxQuantity")
	assert.Zero(t, res.Milestones[0].Overage)
}
