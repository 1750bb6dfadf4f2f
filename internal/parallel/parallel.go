// Package parallel cuts a range of items into contiguous parts and works
// on them side by side, one part per processor. The reviews use it on
// the million-instance Smart Accounts of METHOD.md's largest cases; each
// part writes only its own state, so the results do not depend on how
// many parts there are.
package parallel

import (
	"runtime"
	"sync"
)

// Parts returns how many parts to cut n items into: one per processor
// (GOMAXPROCS), but none with fewer than minItems items, and at least one.
func Parts(n, minItems int) int {
	k := runtime.GOMAXPROCS(0)
	if minItems > 0 {
		k = min(k, n/minItems)
	}
	return max(k, 1)
}

// Range returns the bounds [lo, hi) of part i when n items are cut into k
// contiguous parts of nearly equal size, in order.
func Range(n, k, i int) (lo, hi int) {
	return n * i / k, n * (i + 1) / k
}

// Do runs fn(0), …, fn(k−1) side by side and returns when all have
// returned. With k ≤ 1 it calls fn on the caller's goroutine.
func Do(k int, fn func(i int)) {
	if k <= 1 {
		if k == 1 {
			fn(0)
		}
		return
	}
	var wg sync.WaitGroup
	for i := 1; i < k; i++ {
		wg.Go(func() { fn(i) })
	}
	fn(0)
	wg.Wait()
}
