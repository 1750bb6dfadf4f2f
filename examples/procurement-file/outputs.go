package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
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
	var todo []output
	for _, o := range outputs {
		if o.format == "" || slices.Contains(c.formats, o.format) {
			todo = append(todo, o)
		}
	}
	// The renderers only read the file, so they run side by side, as many
	// as there are processors, the longest first: on a large Smart Account
	// the workbook, the CSV and the JSON of a million findings take most
	// of the time, and whichever starts last sets the end.
	errs := make([]error, len(todo))
	done := make(chan int, len(todo))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	order := make([]int, len(todo))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(longest(todo[a].format), longest(todo[b].format)) })
	for _, i := range order {
		o := todo[i]
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				errs[i] = err
			} else if err := writeFile(filepath.Join(c.out, o.name), o.write); err != nil {
				errs[i] = fmt.Errorf("writing %s: %w", filepath.Join(c.out, o.name), err)
			}
			done <- i
		}()
	}
	for n := range todo {
		i := <-done
		bar.Set("wrote "+todo[i].name, int64(2+n), int64(2+len(todo)))
	}
	written := make([]string, 0, len(todo))
	for i, o := range todo {
		if errs[i] != nil {
			return written, errs[i]
		}
		written = append(written, filepath.Join(c.out, o.name))
	}
	return written, nil
}

// longest ranks a format by how long it takes to write on a large Smart
// Account, the longest 0.
func longest(format string) int {
	if i := slices.Index([]string{"xlsx", "csv", "json"}, format); i >= 0 {
		return i
	}
	return 3
}

// writeFile writes path through a temporary file in its directory, renamed
// into place once complete, so a reader never sees half a file. The file it
// replaces is removed first: renamed over another file, a new one is
// written out to disk by ext4 (auto_da_alloc) before the rename returns,
// a fifth of a second for the JSON of a million findings.
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
		if rerr := os.Remove(path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = rerr
		}
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
