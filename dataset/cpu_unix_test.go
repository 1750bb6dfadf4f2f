//go:build unix

package dataset_test

import (
	"syscall"
	"time"
)

// processCPU returns the user and system CPU time the process has used, so
// that a benchmark can report the CPU a read burns beside its wall time,
// which on a shared machine says more about the code than the wall clock.
func processCPU() (time.Duration, bool) {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0, false
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()), true
}
