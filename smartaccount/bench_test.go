package smartaccount_test

import (
	"testing"

	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// benchConfig is the largest Smart Account the benchmarks measure.
var benchConfig = sample.Params{Instances: sample.MaxInstances, VirtualAccounts: 200, Licenses: 60}

// BenchmarkNewIndex indexes the largest sample, already in memory.
func BenchmarkNewIndex(b *testing.B) {
	s := &sampleOf(b, benchConfig).Snapshot
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		smartaccount.NewIndex(s)
	}
}

// BenchmarkReview reviews the largest sample, indexed once.
func BenchmarkReview(b *testing.B) {
	ds := sampleOf(b, benchConfig)
	x := smartaccount.NewIndex(&ds.Snapshot)
	p := smartaccount.ReviewParams{AsOf: ds.Options.AsOf, StaleAfterDays: ds.Options.StaleAfterDays, Tiers: ds.Proposal.Tiers}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := smartaccount.Review(x, p); err != nil {
			b.Fatal(err)
		}
	}
}
