package trueforward_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/trueforward"
)

func ExampleForecast_Consumption() {
	f, _ := trueforward.ParseForecast([]byte(`{"organic_growth_rate": "0.10",
		"projects": [{"name": "Branch refresh", "license": "C9300 DNA Advantage", "quantity": 25, "date": "2027-03-01"}]}`))
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	anniversary := time.Date(2027, 11, 1, 0, 0, 0, 0, time.UTC)
	// 400 today, +10 % organic (40), +25 from the project.
	fmt.Println(f.Consumption("C9300 DNA Advantage", 400, asOf, anniversary))
	// Output: 465
}

// A true-forward charge is prorated by whole months from the milestone to
// the end of the term: 3 units × 37.40 × 1.25 × 52 / 12.
func ExampleCharge() {
	c := trueforward.Contract{Start: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), TermYears: 5}
	m := time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC)
	months := c.Months(m)
	fmt.Println(months, trueforward.Charge(3, decimal.RequireFromString("37.40"), decimal.RequireFromString("0.25"), months).StringFixed(2))
	// Output: 52 607.75
}

// Billable units are split by growth source so that the parts sum exactly.
func ExampleAttribute() {
	a := trueforward.Attribute(10, trueforward.Attribution{Organic: 1700, Project: 1000, Acquisition: 700})
	fmt.Printf("%+v\n", a)
	// Output: {Organic:5 Project:3 Acquisition:2 Unattributed:0}
}

// A license 30 units over its entitlement today, a project that adds 400
// units in the second contract year, and a 3-year term: the start trues
// forward today's overage for 36 months, the first anniversary the project
// for 24 — more than 20 % growth brings that forward to the semi-annual
// milestone.
func ExampleReview() {
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	in := &trueforward.Inputs{
		Contract: trueforward.Contract{Start: date(2027, 1, 1), TermYears: 3},
		Licenses: []trueforward.License{{
			Name: "C9300 DNA Advantage", Entitled: 1000, Consumed: 1030,
			Price: decimal.NewNullDecimal(decimal.RequireFromString("37.40")), Premium: decimal.RequireFromString("0.25"),
		}},
		Forecast: &trueforward.Forecast{Projects: []trueforward.Project{
			{Name: "Branch refresh", License: "C9300 DNA Advantage", Quantity: 400, Date: date(2027, 5, 1)},
		}},
	}
	res, err := trueforward.Review(in, trueforward.Params{AsOf: date(2026, 11, 1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range res.Milestones {
		fmt.Println(m.Date.Format(time.DateOnly), m.SemiAnnual, m.Months, m.Consumption, m.Billable, m.Opening.StringFixed(2), m.Target.StringFixed(2))
	}
	// Buying the 430 units as entitlement at the start: 430 × 37.40 × 3 years.
	t := res.Total
	fmt.Println("up front:", t.UpFront.StringFixed(2), "saving:", t.Saving.StringFixed(2))
	// Output:
	// 2027-01-01 false 36 1030 30 4207.50 3870.90
	// 2027-07-01 true 30 1430 400 46750.00 43010.00
	// 2028-01-01 false 24 1430 0 0.00 0.00
	// 2029-01-01 false 12 1430 0 0.00 0.00
	// up front: 48246.00 saving: -1365.10
}
