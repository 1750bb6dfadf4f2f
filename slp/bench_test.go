package slp_test

import (
	"sync"
	"testing"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// sample1M is the 1,000,000-instance sample, generated once for every
// benchmark that reads it.
var sample1M = sync.OnceValues(func() (*dataset.Dataset, error) {
	return sample.Generate(sample.Params{Instances: sample.MaxInstances})
})

// fleet1M returns the governance of the 1,000,000-instance sample and the
// index every review shares.
func fleet1M(b *testing.B) (*slp.Governance, *smartaccount.Index) {
	b.Helper()
	ds, err := sample1M()
	if err != nil {
		b.Fatal(err)
	}
	snap := &ds.Snapshot
	return &slp.Governance{AsOf: ds.Options.AsOf, Classify: slp.EntitlementClassifier(snap.Entitlements)}, smartaccount.NewIndex(snap)
}

// BenchmarkFleet1M assesses the reporting status of the 1,000,000-instance
// sample (METHOD.md §6) as the playbook does, through the shared index:
// the fleet's counts and reporting wave.
func BenchmarkFleet1M(b *testing.B) {
	g, x := fleet1M(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := g.IndexFleet(x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFleetAssessments1M assesses the same fleet and reads every
// assessment, in order.
func BenchmarkFleetAssessments1M(b *testing.B) {
	g, x := fleet1M(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := g.IndexFleet(x)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for range f.Assessments() {
			n++
		}
		if n != f.Len() {
			b.Fatalf("%d assessments of %d", n, f.Len())
		}
	}
}
