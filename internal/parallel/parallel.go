// Package parallel cuts a range of items into contiguous parts and works
// on them side by side, one part per processor. The reviews use it on
// the million-instance Smart Accounts of METHOD.md's largest cases; each
// part writes only its own state, so the results do not depend on how
// many parts there are.
package parallel

import (
	"cmp"
	"runtime"
	"slices"
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

// SortFunc sorts s in ascending order as cmp determines, like
// slices.SortFunc: its parts (of at least minItems each) are sorted side
// by side, then merged, pairs of neighbours at a time. Equal elements may
// end up in any order, as with slices.SortFunc.
func SortFunc[E any](s []E, minItems int, cmp func(a, b E) int) {
	sortParts(s, minItems, func(p []E) { slices.SortFunc(p, cmp) }, cmp)
}

// Sort sorts s in ascending order, like slices.Sort, its parts (of at
// least minItems each) side by side, then merged.
func Sort[E cmp.Ordered](s []E, minItems int) {
	sortParts(s, minItems, slices.Sort[[]E], cmp.Compare[E])
}

// sortParts sorts the parts of s with sortPart, side by side, then merges
// them as cmp orders them.
func sortParts[E any](s []E, minItems int, sortPart func([]E), cmp func(a, b E) int) {
	k := Parts(len(s), minItems)
	if k == 1 {
		sortPart(s)
		return
	}
	bounds := make([]int, k+1)
	for i := range k {
		bounds[i], bounds[i+1] = Range(len(s), k, i)
	}
	Do(k, func(i int) { sortPart(s[bounds[i]:bounds[i+1]]) })
	src, dst := s, make([]E, len(s))
	for len(bounds) > 2 {
		pairs := (len(bounds) - 1) / 2
		Do(pairs, func(i int) {
			lo, mid, hi := bounds[2*i], bounds[2*i+1], bounds[2*i+2]
			merge(dst[lo:hi], src[lo:mid], src[mid:hi], cmp)
		})
		next := bounds[:0:0]
		for i := 0; i < len(bounds); i += 2 {
			next = append(next, bounds[i])
		}
		if (len(bounds)-1)%2 == 1 { // an odd part out: carried over as it is
			lo, hi := bounds[len(bounds)-2], bounds[len(bounds)-1]
			copy(dst[lo:hi], src[lo:hi])
			next = append(next, hi)
		}
		bounds = next
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}

// merge merges the sorted a and b into out, len(a)+len(b) long, taking
// from a first when elements are equal.
func merge[E any](out, a, b []E, cmp func(a, b E) int) {
	i, j := 0, 0
	for k := range out {
		if j >= len(b) || (i < len(a) && cmp(a[i], b[j]) <= 0) {
			out[k] = a[i]
			i++
		} else {
			out[k] = b[j]
			j++
		}
	}
}
