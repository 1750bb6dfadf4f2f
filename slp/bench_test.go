package slp_test

import (
	"sync"
	"testing"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/slp"
)

// sample1M is the 1,000,000-instance sample, generated once for every
// benchmark that reads it.
var sample1M = sync.OnceValues(func() (*dataset.Dataset, error) {
	return sample.Generate(sample.Params{Instances: sample.MaxInstances})
})

// BenchmarkFleet1M assesses the reporting status of the 1,000,000-instance
// sample (METHOD.md §6): product-instance rows merged into instances, then
// the fleet's counts and reporting wave.
func BenchmarkFleet1M(b *testing.B) {
	ds, err := sample1M()
	if err != nil {
		b.Fatal(err)
	}
	snap := &ds.Snapshot
	g := slp.Governance{AsOf: ds.Options.AsOf, Classify: slp.EntitlementClassifier(snap.Entitlements)}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := g.Fleet(slp.Instances(snap.Instances)); err != nil {
			b.Fatal(err)
		}
	}
}
