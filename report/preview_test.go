package report_test

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/report"
)

var preview = flag.String("preview", "", "write the sample-shaped file in every format into `DIR`, for scripts/render-html.sh")

// TestPreview writes reporttest's sample-shaped file, with 50,000 findings,
// as file.json, file.md, file.html and findings.csv into the -preview
// directory, so that a person (or scripts/render-html.sh) can look at
// them:
//
//	go test ./report -run TestPreview -preview /tmp/preview
//	scripts/render-html.sh /tmp/preview/file.html
func TestPreview(t *testing.T) {
	if *preview == "" {
		t.Skip("no -preview directory")
	}
	f := sampleFile(t, 50_000)
	require.NoError(t, os.MkdirAll(*preview, 0o755))
	for name, write := range map[string]func(io.Writer) error{
		"file.json":    func(w io.Writer) error { return report.WriteJSON(w, f) },
		"findings.csv": func(w io.Writer) error { return report.WriteCSV(w, f) },
		"file.md": func(w io.Writer) error {
			return report.WriteMarkdown(w, f, report.MarkdownParams{FindingsCSV: "findings.csv"})
		},
		"file.html": func(w io.Writer) error {
			return report.WriteHTML(w, f, report.HTMLParams{FindingsCSV: "findings.csv"})
		},
	} {
		out, err := os.Create(filepath.Join(*preview, name))
		require.NoError(t, err)
		require.NoError(t, write(out))
		require.NoError(t, out.Close())
	}
}
