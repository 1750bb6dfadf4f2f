//go:build race

package rum_test

// raceEnabled reports whether the tests run under the race detector, which
// makes the 512 MiB read of TestReadUsageFileLimit too slow.
const raceEnabled = true
