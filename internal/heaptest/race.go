//go:build race

package heaptest

// Race reports whether the race detector is on: it makes reading large
// inputs slow, so tests shrink them.
const Race = true
