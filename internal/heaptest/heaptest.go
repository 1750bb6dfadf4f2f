// Package heaptest measures the heap a piece of code needs, for the tests
// and benchmarks that show a reader's memory bound (issue 14: usage files,
// the SLR ledger). It imports only the standard library, so every package
// of the module may use it in its tests; library code does not.
package heaptest

import (
	"runtime"
	"sync"
	"time"
)

// Live returns the bytes of heap objects still reachable, after a
// collection.
func Live() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// Peak runs f and returns the largest heap size seen while it ran, above
// the live heap before it, sampled every 5 ms (so a short spike can be
// missed; the figure is a lower bound of the true peak). The heap counts
// garbage not yet collected, as the process's memory does.
func Peak(f func()) uint64 {
	base := Live()
	var (
		mu   sync.Mutex
		peak uint64
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		peak = max(peak, m.HeapAlloc)
		mu.Unlock()
	}
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	f()
	sample()
	close(stop)
	<-done
	mu.Lock()
	defer mu.Unlock()
	if peak < base {
		return 0
	}
	return peak - base
}
