package report

import (
	"runtime"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// PrefetchBatch is how many findings a writer prefetches at a time: their
// texts and evidence (a few cache lines each) stay in a core's L2 cache
// until the writer reaches them.
const PrefetchBatch = 256

// Prefetch reads a byte of each cache line of the texts and evidence of fs
// that lie apart from the findings themselves, so that a writer finds them
// in cache: a detail, a serial number and the evidence references, built
// or read at different times, are scattered over a heap of hundreds of
// megabytes (kinds, licenses, Virtual Accounts, users, PIDs and evidence
// sources are a few strings shared by every finding, and stay in cache),
// and a row writer reads them one after the other, each read waiting on
// memory, where this loop, which does nothing else, has many in flight at
// once. The JSON and CSV writers call it on each batch of PrefetchBatch
// findings before writing their rows, and take a fifth less CPU on the
// 1M-instance job's 220,000 findings; so may a program that writes
// findings its own way (a workbook). It changes nothing.
func Prefetch(fs []smartaccount.Finding) {
	sum := 0
	for i := range fs {
		fd := &fs[i]
		for j := 0; j < len(fd.Detail); j += 64 {
			sum += int(fd.Detail[j])
		}
		if fd.UDI.Serial != "" {
			sum += int(fd.UDI.Serial[0])
		}
		for _, r := range fd.Evidence[:min(2, len(fd.Evidence))] {
			sum += r.Line
		}
	}
	runtime.KeepAlive(sum) // keeps the reads, which nothing else uses
}
