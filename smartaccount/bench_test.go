package smartaccount_test

import (
	"testing"

	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// BenchmarkNewIndex indexes the largest sample, already in memory.
func BenchmarkNewIndex(b *testing.B) {
	s := &sampleOf(b, sample.MaxInstances).Snapshot
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		smartaccount.NewIndex(s)
	}
}

// BenchmarkReview reviews the largest sample, indexed once.
func BenchmarkReview(b *testing.B) {
	ds := sampleOf(b, sample.MaxInstances)
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
