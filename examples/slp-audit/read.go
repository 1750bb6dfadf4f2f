package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// audit holds what the program read.
type audit struct {
	asOf         time.Time
	keepCaptures bool // for the JSON output
	stderr       io.Writer

	inv      slp.Inventory
	inputs   []input
	skipped  []input
	commands map[string]capture.Command // file → command, to explain an unknown status
	captures int                        // captures read
	usage    int                        // usage files read
	reports  int                        // reports read
	rejected int                        // reports that could not be read
}

// input is one file read: what it is, or why it was skipped.
type input struct {
	File    string           `json:"file"`
	Kind    string           `json:"kind"` // "capture", "usage" or "skipped"
	Command string           `json:"command,omitempty"`
	Seen    string           `json:"dated,omitempty"` // the latest date the file shows
	Capture *capture.Capture `json:"capture,omitempty"`
	Usage   *usageSummary    `json:"usage,omitempty"`
	Reason  string           `json:"reason,omitempty"` // why a file was skipped: empty, binary, …
	Error   string           `json:"error,omitempty"`
}

// usageSummary is what the output says of a usage file: its reports are
// read one at a time and not kept.
type usageSummary struct {
	Reports    int             `json:"reports"`
	Rejected   int             `json:"rejected,omitempty"`
	SystemInfo json.RawMessage `json:"system_info,omitempty"`
	Skipped    int             `json:"skipped_elements"`
}

// read reads one PATH: a file, or a folder walked recursively.
func (a *audit) read(ctx context.Context, p string) error {
	// The PATH is read through a file system rooted at the folder itself,
	// or at the folder of a file.
	dir, root := p, "."
	if info, err := os.Stat(p); err != nil || !info.IsDir() {
		dir, root = filepath.Dir(p), filepath.Base(p)
	}
	for f, err := range slp.ReadFiles(ctx, os.DirFS(dir), root) {
		if err != nil {
			return err
		}
		a.add(ctx, filepath.Join(dir, filepath.FromSlash(f.Path)), f)
	}
	return ctx.Err()
}

// add records one file and adds what it shows to the inventory.
func (a *audit) add(ctx context.Context, name string, f slp.File) {
	relabel(&f, name)
	in := input{File: name}
	res, err := a.inv.AddFile(ctx, f)
	switch {
	case f.Err != nil:
		in.Kind, in.Reason, in.Error = "skipped", skipReason(f.Err), f.Err.Error()
		a.skipped = append(a.skipped, in)
		a.inputs = append(a.inputs, in)
		return
	case f.Capture != nil:
		c := f.Capture
		in.Kind, in.Command = "capture", c.Command.String()
		a.captures++
		if a.commands == nil {
			a.commands = make(map[string]capture.Command)
		}
		a.commands[name] = c.Command
		for _, w := range c.Warnings {
			fmt.Fprintf(a.stderr, "slp-audit: warning: %v\n", w)
		}
		if a.keepCaptures {
			in.Capture = c
		}
	default:
		in.Kind = "usage"
		in.Usage = &usageSummary{Reports: res.Reports, Rejected: res.Rejected, SystemInfo: res.SystemInfo, Skipped: res.Skipped}
		a.usage++
		a.reports += res.Reports
		a.rejected += res.Rejected
		for _, e := range res.Rejections {
			fmt.Fprintf(a.stderr, "slp-audit: report not read: %v\n", relabelErr(e, name))
		}
		if more := res.Rejected - len(res.Rejections); more > 0 {
			fmt.Fprintf(a.stderr, "slp-audit: %s: %s more not read\n", name, plural(more, "report"))
		}
		if res.Skipped > 0 {
			fmt.Fprintf(a.stderr, "slp-audit: %s: %s skipped\n", name, plural(res.Skipped, "unknown element"))
		}
	}
	if err != nil { // a usage file that stopped part way
		err = relabelErr(err, name)
		in.Error = err.Error()
		a.rejected++
		fmt.Fprintf(a.stderr, "slp-audit: %v (the reports before it are read)\n", err)
	}
	if a.dateAfterAsOf(res.Seen) {
		in.Seen = date(res.Seen)
		fmt.Fprintf(a.stderr, "slp-audit: warning: %s is dated %s, after -as-of %s\n", name, date(res.Seen), date(a.asOf))
	}
	a.inputs = append(a.inputs, in)
}

// dateAfterAsOf reports whether t falls on a day after as-of.
func (a *audit) dateAfterAsOf(t time.Time) bool {
	return !t.Before(a.asOf.AddDate(0, 0, 1))
}

// listSkipped writes the skipped files, each with its reason, to stderr.
func (a *audit) listSkipped() {
	if len(a.skipped) == 0 {
		return
	}
	fmt.Fprintf(a.stderr, "slp-audit: %s skipped:\n", plural(len(a.skipped), "file"))
	for _, s := range a.skipped {
		fmt.Fprintf(a.stderr, "  %s (%s): %s\n", s.File, s.Reason, strings.TrimPrefix(s.Error, s.File+": "))
	}
}

// warnConflicts writes a warning for every instance whose inputs disagree.
func (a *audit) warnConflicts(f *slp.Fleet) {
	for as := range f.Assessments() {
		for _, c := range as.Conflicts {
			fmt.Fprintf(a.stderr, "slp-audit: warning: %s: %s\n", deviceName(&as), conflictText(c))
		}
	}
}

// skipReason names why a file was skipped, in a word or two.
func skipReason(err error) string {
	switch {
	case errors.Is(err, slp.ErrEmpty):
		return "empty"
	case errors.Is(err, slp.ErrBinary):
		return "binary"
	case errors.Is(err, rum.ErrDTD):
		return "XML with a DTD"
	case errors.Is(err, capture.ErrNotCapture):
		return "not a capture"
	case errors.Is(err, smartaccount.ErrTooLarge):
		return "too large"
	case errors.Is(err, fs.ErrNotExist):
		return "missing"
	}
	return "unreadable"
}

// relabel names f, its capture and its errors by name, the path the user
// gave, rather than by its path within the file system it was read from.
func relabel(f *slp.File, name string) {
	f.Path = name
	if c := f.Capture; c != nil {
		c.File = name
		for _, w := range c.Warnings {
			w.File = name
		}
	}
	f.Err = relabelErr(f.Err, name)
}

// relabelErr names the file of a positioned error by name.
func relabelErr(err error, name string) error {
	var pe *smartaccount.ParseError
	if errors.As(err, &pe) {
		pe.File = name
	}
	return err
}
