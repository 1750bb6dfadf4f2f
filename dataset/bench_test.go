package dataset

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"
	"testing/fstest"
	"time"
)

// instancesCSV builds a product_instances.csv of n rows shaped like a real
// export: 40 Virtual Accounts, a handful of licenses and PIDs, unique
// serials and hostnames, RFC 3339 instants.
func instancesCSV(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 190)
	b.WriteString("udi_pid,udi_serial,hostname,virtual_account,product_tag,license,quantity,registration_date,last_contact,last_report,last_ack,transport\n")
	pids := []string{"C9300-24UX", "C9300-48P", "C9200-24T", "ISR4451-X/K9"}
	licenses := []string{"C9300 DNA Advantage", "C9300 DNA Essentials", "DNA HSEC"}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		t := base.Add(time.Duration(i%500) * time.Hour)
		fmt.Fprintf(&b, "%s,FCW%04dL%04X,sw-%07d,VA %02d,regid.2017-03.com.cisco.C9300,%s,1,%s,%s,%s,%s,smart\n",
			pids[i%len(pids)], i/65536, i%65536, i, i%40, licenses[i%len(licenses)],
			t.Format(time.DateOnly), t.Format(time.RFC3339), t.Format(time.RFC3339), t.Format(time.RFC3339))
	}
	return b.Bytes()
}

func benchFS(n int) fstest.MapFS {
	var acct bytes.Buffer
	acct.WriteString(`{"name":"Bench","domain":"bench.example","virtual_accounts":[`)
	for i := range 40 {
		if i > 0 {
			acct.WriteByte(',')
		}
		fmt.Fprintf(&acct, `{"name":"VA %02d"}`, i)
	}
	acct.WriteString("]}")
	return fstest.MapFS{
		SmartAccountFile:     {Data: acct.Bytes()},
		EntitlementsFile:     {Data: []byte("virtual_account,license,quantity,license_type\n")},
		ProductInstancesFile: {Data: instancesCSV(n)},
	}
}

// BenchmarkReadProductInstances reads a 1,000,000-row product_instances.csv.
// It reports rows per second and the heap the resulting Dataset retains per
// instance (B/op counts all allocation, garbage included).
func BenchmarkReadProductInstances(b *testing.B) {
	const n = 1_000_000
	fsys := benchFS(n)
	b.SetBytes(int64(len(fsys[ProductInstancesFile].Data)))
	var retained uint64
	b.ResetTimer()
	for b.Loop() {
		var before, after runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		ds, err := Read(context.Background(), fsys)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.StartTimer()
		if len(ds.Snapshot.Instances) != n {
			b.Fatalf("read %d instances, want %d", len(ds.Snapshot.Instances), n)
		}
		retained = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(ds)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(retained)/n, "heap-B/instance")
}
