package smartaccount_test

import (
	"math/rand/v2"
	"slices"
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

// BenchmarkNewIndexShuffled indexes the largest sample with its footprint
// and product-instance rows shuffled: no order shared by the two files for
// NewIndex to follow, every look-up a random probe of the device table.
func BenchmarkNewIndexShuffled(b *testing.B) {
	s := sampleOf(b, benchConfig).Snapshot // a copy: the shared sample stays in order
	rng := rand.New(rand.NewPCG(1, 2))
	s.Footprint, s.Instances = slices.Clone(s.Footprint), slices.Clone(s.Instances)
	rng.Shuffle(len(s.Footprint), func(i, j int) { s.Footprint[i], s.Footprint[j] = s.Footprint[j], s.Footprint[i] })
	rng.Shuffle(len(s.Instances), func(i, j int) { s.Instances[i], s.Instances[j] = s.Instances[j], s.Instances[i] })
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		smartaccount.NewIndex(&s)
	}
}
