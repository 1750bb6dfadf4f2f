package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkMainJob runs the whole main job — read, the seven moves, every
// output format — on the dataset directory named by
// SMARTLICENSING_BENCH_DATASET (skipped when unset). Make a
// 1,000,000-instance one with
//
//	go run ./examples/procurement-file -write-sample /tmp/s1m -instances 1000000
//	SMARTLICENSING_BENCH_DATASET=/tmp/s1m go test -run - -bench MainJob -benchmem ./examples/procurement-file
func BenchmarkMainJob(b *testing.B) {
	dir := os.Getenv("SMARTLICENSING_BENCH_DATASET")
	if dir == "" {
		b.Skip("SMARTLICENSING_BENCH_DATASET is not set")
	}
	out := filepath.Join(b.TempDir(), "out")
	for b.Loop() {
		if code := run(context.Background(), []string{"-dataset", dir, "-out", out}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
}
