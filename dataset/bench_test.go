package dataset_test

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/sample"
)

// BenchmarkReadProductInstances reads the product_instances.csv of the
// 1,000,000-instance sample (with its smart_account.json and
// entitlements.csv). It reports rows per second and the heap the resulting
// Dataset retains per product instance; B/op counts all allocation, garbage
// included.
func BenchmarkReadProductInstances(b *testing.B) {
	const n = 1_000_000
	gen, err := sample.Generate(sample.Config{Instances: n})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	gen.Proposal, gen.Forecast, gen.Options = nil, nil, nil
	gen.Snapshot.Footprint, gen.Snapshot.Users, gen.Snapshot.Reservations = nil, nil, nil
	if err := dataset.Write(context.Background(), dir, gen); err != nil {
		b.Fatal(err)
	}
	rows := len(gen.Snapshot.Instances)
	st, err := os.Stat(dir + "/" + dataset.ProductInstancesFile)
	if err != nil {
		b.Fatal(err)
	}
	gen = nil
	fsys := os.DirFS(dir)
	b.SetBytes(st.Size())
	var retained uint64
	for b.Loop() {
		var before, after runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		ds, err := dataset.Read(context.Background(), fsys)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		if len(ds.Snapshot.Instances) != rows {
			b.Fatalf("read %d rows, want %d", len(ds.Snapshot.Instances), rows)
		}
		retained = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(ds)
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(retained)/n, "heap-B/instance")
}
