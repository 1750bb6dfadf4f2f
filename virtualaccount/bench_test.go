package virtualaccount_test

import (
	"testing"

	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// BenchmarkHygieneAndRightsizing measures moves 1–3 on the largest sample
// (1,000,000 instances, 200 Virtual Accounts, 60 licenses), after the
// dataset is in memory: index, reconciliation and hygiene review,
// rightsizing.
func BenchmarkHygieneAndRightsizing(b *testing.B) {
	ds, err := sample.Generate(sample.Params{Instances: sample.MaxInstances, VirtualAccounts: 200, Licenses: 60})
	if err != nil {
		b.Fatal(err)
	}
	p := smartaccount.ReviewParams{AsOf: ds.Options.AsOf, StaleAfterDays: ds.Options.StaleAfterDays, Tiers: ds.Proposal.Tiers}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h, err := smartaccount.Review(smartaccount.NewIndex(&ds.Snapshot), p)
		if err != nil {
			b.Fatal(err)
		}
		virtualaccount.Rightsize(h)
	}
}

// BenchmarkRightsize measures move 2 alone on the same sample, reviewed
// once: the pooling set, the plan and the fragmentation by dimension.
func BenchmarkRightsize(b *testing.B) {
	ds, err := sample.Generate(sample.Params{Instances: sample.MaxInstances, VirtualAccounts: 200, Licenses: 60})
	if err != nil {
		b.Fatal(err)
	}
	p := smartaccount.ReviewParams{AsOf: ds.Options.AsOf, StaleAfterDays: ds.Options.StaleAfterDays, Tiers: ds.Proposal.Tiers}
	h, err := smartaccount.Review(smartaccount.NewIndex(&ds.Snapshot), p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if rs := virtualaccount.Rightsize(h); len(rs.Licenses) == 0 {
			b.Fatal("no licenses")
		}
	}
}
