package slr_test

import (
	"testing"

	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/slr"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// BenchmarkReconcile1M reconciles the reservations of the 1,000,000-
// instance sample (20,000 of them) against its fleet, indexed once.
func BenchmarkReconcile1M(b *testing.B) {
	ds, err := sample.Generate(sample.Params{Instances: sample.MaxInstances})
	if err != nil {
		b.Fatal(err)
	}
	x := smartaccount.NewIndex(&ds.Snapshot)
	p := slr.Params{AsOf: ds.Options.AsOf, RenewalDate: ds.Options.RenewalDate}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := slr.Reconcile(x, p)
		if err != nil || len(res.Findings) == 0 {
			b.Fatal("no findings:", err)
		}
	}
}
