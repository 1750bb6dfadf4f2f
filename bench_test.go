package smartlicensing_test

import (
	"context"
	"testing"

	smartlicensing "github.com/openrenewal/smartlicensing"
	"github.com/openrenewal/smartlicensing/sample"
)

// BenchmarkRun1M runs the playbook — the seven moves and the waterfall —
// on the 1,000,000-instance sample, already in memory: what the main job
// does between reading the dataset and writing the file.
func BenchmarkRun1M(b *testing.B) {
	ds, err := sample.Generate(sample.Params{Instances: sample.MaxInstances})
	if err != nil {
		b.Fatal(err)
	}
	opts := smartlicensing.OptionsFromDataset(ds.Options, day(2026, 12, 1))
	in := smartlicensing.InputsFromDataset(ds)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := smartlicensing.Run(context.Background(), in, opts)
		if err != nil || len(f.Waterfall) == 0 {
			b.Fatal("no waterfall:", err)
		}
	}
}
