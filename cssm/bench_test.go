package cssm_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
)

// BenchmarkSync100k syncs a 100,000-instance account from cssmtest over
// loopback at page size 100 and reports requests per second, the time of
// one sync and allocations per product instance (client and fake together:
// they share the process). The fake serves pages from pre-encoded devices,
// so the profile shows the client's share.
func BenchmarkSync100k(b *testing.B) { benchmarkSync(b, 0) }

// BenchmarkSync100kRoundTrip1ms is BenchmarkSync100k with every API request
// answered 1 ms late, a round trip shorter than any to a real CSSM, to show
// how much of a sync is waiting for it: round-trip-share is the requests'
// delay as a share of the sync's time.
func BenchmarkSync100kRoundTrip1ms(b *testing.B) { benchmarkSync(b, time.Millisecond) }

// benchmarkSync is BenchmarkSync100k with each API request delayed by rtt.
func benchmarkSync(b *testing.B, rtt time.Duration) {
	seed := sampleSnapshot(b, 100000)
	srv := newFake(b, cssmtest.Params{})
	if err := srv.Seed(seed); err != nil {
		b.Fatal(err)
	}
	c := newClient(b, srv, cssm.ProfileLegacy)
	// One warm-up sync fills the fake's encoding cache.
	if _, err := cssm.Sync(ctx, c, cssm.SyncParams{Domain: srv.Domain(), PageSize: 100}); err != nil {
		b.Fatal(err)
	}
	if rtt > 0 {
		srv.Inject(cssmtest.Fault{Endpoint: cssmtest.AnyEndpoint, Kind: cssmtest.FaultSlow, Delay: rtt, Times: -1})
	}
	srv.ResetRequests()
	b.ReportAllocs()
	b.ResetTimer()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	var instances int
	for range b.N {
		snap, err := cssm.Sync(ctx, c, cssm.SyncParams{Domain: srv.Domain(), PageSize: 100})
		if err != nil {
			b.Fatal(err)
		}
		instances = len(snap.Instances)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.ReadMemStats(&after)
	reqs := len(srv.Requests())
	b.ReportMetric(float64(reqs)/elapsed.Seconds(), "requests/s")
	b.ReportMetric(float64(reqs)/float64(b.N), "requests/op")
	b.ReportMetric(float64(instances), "instances")
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/sync")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(instances*b.N), "allocs/instance")
	if rtt > 0 {
		b.ReportMetric(float64(reqs)*rtt.Seconds()/elapsed.Seconds(), "round-trip-share")
	}
}
