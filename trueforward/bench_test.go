package trueforward_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/trueforward"
)

// BenchmarkReviewForecast: a 60-license, 10-year forecast with 1,000
// projects and acquisitions.
func BenchmarkReviewForecast(b *testing.B) {
	rng := rand.New(rand.NewPCG(60, 10))
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	in := &trueforward.Inputs{
		Contract: trueforward.Contract{Start: start, TermYears: 10},
		Forecast: &trueforward.Forecast{OrganicGrowthRate: decimal.RequireFromString("0.04")},
	}
	name := func(i int) string { return fmt.Sprintf("License %02d", i) }
	for i := range 60 {
		in.Licenses = append(in.Licenses, trueforward.License{
			Name: name(i), Entitled: 1000 + rng.Int64N(20000), Consumed: 1000 + rng.Int64N(22000),
			Price: decimal.NewNullDecimal(decimal.New(1000+rng.Int64N(5000), -2)), Premium: decimal.RequireFromString("0.25"),
		})
	}
	date := func() time.Time { return start.AddDate(0, 0, rng.IntN(3650)) }
	for range 800 {
		in.Forecast.Projects = append(in.Forecast.Projects, trueforward.Project{License: name(rng.IntN(60)), Quantity: 1 + rng.Int64N(500), Date: date()})
	}
	for range 200 {
		a := trueforward.Acquisition{Licenses: map[string]int64{}, Date: date()}
		for range 3 {
			a.Licenses[name(rng.IntN(60))] = 1 + rng.Int64N(300)
		}
		in.Forecast.Acquisitions = append(in.Forecast.Acquisitions, a)
	}
	p := trueforward.Params{AsOf: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := trueforward.Review(in, p); err != nil {
			b.Fatal(err)
		}
	}
}

// sample1M is the 1,000,000-instance sample, generated once for every
// benchmark that reads it.
var sample1M = sync.OnceValues(func() (*dataset.Dataset, error) {
	return sample.Generate(sample.Params{Instances: sample.MaxInstances})
})

// BenchmarkReview1M: exposure on the 1,000,000-instance sample, read
// through the index every review shares, from NewInputs to the findings.
func BenchmarkReview1M(b *testing.B) {
	ds, err := sample1M()
	if err != nil {
		b.Fatal(err)
	}
	x := smartaccount.NewIndex(&ds.Snapshot)
	p := trueforward.Params{AsOf: ds.Options.AsOf, TargetPremium: &ds.Options.TrueForwardUpliftTarget.Decimal}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		in, err := trueforward.NewInputs(x, ds.Proposal, ds.Forecast, ds.Options.AsOf)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := trueforward.Review(in, p); err != nil {
			b.Fatal(err)
		}
	}
}
