package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/openrenewal/smartlicensing/examples/internal/progress"
	"github.com/openrenewal/smartlicensing/examples/internal/workbook"
	"github.com/openrenewal/smartlicensing/report"
)

// File names of the outputs in -out DIR.
const (
	jsonName     = "procurement-file.json"
	markdownName = "procurement-file.md"
	htmlName     = "procurement-file.html"
	csvName      = "findings.csv"
	xlsxName     = "procurement-file.xlsx"
	counterName  = "counter-proposal.json"
)

// output is one file the program writes.
type output struct {
	format string // the -format name, "" when always written
	name   string
	write  func(io.Writer) error
}

// writeOutputs writes the formats asked for, each through a temporary file
// renamed into place, and the counter-proposal when there is a proposal. It
// returns the paths written, in order.
func writeOutputs(ctx context.Context, c *config, f *report.File, bar *progress.Bar) ([]string, error) {
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return nil, err
	}
	csvLink := ""
	if slices.Contains(c.formats, "csv") {
		csvLink = csvName
	}
	outputs := []output{
		{"json", jsonName, func(w io.Writer) error { return report.WriteJSON(w, f) }},
		{"md", markdownName, func(w io.Writer) error {
			return report.WriteMarkdown(w, f, report.MarkdownParams{FindingsCSV: csvLink})
		}},
		{"html", htmlName, func(w io.Writer) error { return report.WriteHTML(w, f, report.HTMLParams{FindingsCSV: csvLink}) }},
		{"csv", csvName, func(w io.Writer) error { return report.WriteCSV(w, f) }},
		{"xlsx", xlsxName, func(w io.Writer) error { return workbook.Write(w, f) }},
	}
	if f.CounterProposal != nil {
		outputs = append(outputs, output{"", counterName, func(w io.Writer) error {
			data, err := json.MarshalIndent(f.CounterProposal, "", "  ")
			if err != nil {
				return err
			}
			_, err = w.Write(append(data, '\n'))
			return err
		}})
	}
	var written []string
	for i, o := range outputs {
		if o.format != "" && !slices.Contains(c.formats, o.format) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return written, err
		}
		bar.Set("writing "+o.name, int64(2+i), int64(2+len(outputs)))
		path := filepath.Join(c.out, o.name)
		if err := writeFile(path, o.write); err != nil {
			return written, fmt.Errorf("writing %s: %w", path, err)
		}
		written = append(written, path)
	}
	return written, nil
}

// writeFile writes path through a temporary file in its directory, renamed
// into place once complete, so a reader never sees half a file.
func writeFile(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 256<<10)
	err = fill(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
