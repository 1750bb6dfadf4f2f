package report_test

import (
	"io"
	"sync"
	"testing"

	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/report/reporttest"
)

// million is a sample-shaped file with a million findings, built once for
// every benchmark.
var million = sync.OnceValues(func() (*report.File, error) { return reporttest.File(1_000_000) })

// counter counts what a renderer writes.
type counter int64

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }

// benchmark renders the million-finding file; -benchmem shows that the
// streaming renderers allocate per finding, never the whole document.
func benchmark(b *testing.B, write func(io.Writer, *report.File) error) {
	f, err := million()
	if err != nil {
		b.Fatal(err)
	}
	var size counter
	if err := write(&size, f); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteJSON(b *testing.B) { benchmark(b, report.WriteJSON) }

func BenchmarkWriteCSV(b *testing.B) { benchmark(b, report.WriteCSV) }

func BenchmarkWriteMarkdown(b *testing.B) {
	benchmark(b, func(w io.Writer, f *report.File) error {
		return report.WriteMarkdown(w, f, report.MarkdownParams{FindingsCSV: "findings.csv"})
	})
}

func BenchmarkWriteHTML(b *testing.B) {
	benchmark(b, func(w io.Writer, f *report.File) error {
		return report.WriteHTML(w, f, report.HTMLParams{FindingsCSV: "findings.csv"})
	})
}
