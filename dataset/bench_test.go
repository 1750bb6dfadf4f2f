package dataset_test

import (
	"context"
	"io/fs"
	"os"
	"runtime"
	"testing"
	"time"

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
	gen, err := sample.Generate(sample.Params{Instances: n})
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
	b.SetBytes(st.Size())
	retained := benchmarkRead(b, os.DirFS(dir), func(ds *dataset.Dataset) {
		if len(ds.Snapshot.Instances) != rows {
			b.Fatalf("read %d rows, want %d", len(ds.Snapshot.Instances), rows)
		}
	})
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(retained)/n, "heap-B/instance")
}

// BenchmarkRead1M reads a whole 1,000,000-instance dataset directory: the
// directory named by $SMARTLICENSING_1M (go run ./examples/procurement-file
// -write-sample DIR -instances 1000000), else the sample generated and
// written in the benchmark's setup. It reports the heap the Dataset retains.
func BenchmarkRead1M(b *testing.B) {
	dir := os.Getenv("SMARTLICENSING_1M")
	if dir == "" {
		gen, err := sample.Generate(sample.Params{Instances: 1_000_000})
		if err != nil {
			b.Fatal(err)
		}
		dir = b.TempDir()
		if err := dataset.Write(context.Background(), dir, gen); err != nil {
			b.Fatal(err)
		}
	}
	var size int64
	for _, name := range []string{dataset.ProductInstancesFile, dataset.FootprintFile} {
		st, err := os.Stat(dir + "/" + name)
		if err != nil {
			b.Skipf("%s is not a 1,000,000-instance dataset: %v", dir, err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	retained := benchmarkRead(b, os.DirFS(dir), func(ds *dataset.Dataset) {
		if n := len(ds.Snapshot.Instances); n < 1_000_000 {
			b.Fatalf("%s holds %d instance rows, not a 1,000,000-instance dataset", dir, n)
		}
	})
	b.ReportMetric(float64(retained)/(1<<20), "retained-MiB")
}

// benchmarkRead reads fsys b.N times, checking each Dataset, and returns
// the heap the last one retains. It reports the CPU time (user and system,
// every thread) each read takes as cpu-ms/op where the system tells it;
// the collections between reads are not counted.
func benchmarkRead(b *testing.B, fsys fs.FS, check func(*dataset.Dataset)) uint64 {
	var retained uint64
	var cpu time.Duration
	measured := true
	for b.Loop() {
		var before, after runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		start, ok := processCPU()
		b.StartTimer()
		ds, err := dataset.Read(context.Background(), fsys)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		end, _ := processCPU()
		cpu += end - start
		measured = measured && ok
		check(ds)
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(ds)
		b.StartTimer()
	}
	if measured {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
	return retained
}
