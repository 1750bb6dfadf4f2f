// Command slp-audit reads `show license …` captures and RUM usage files and
// prints the SLP reporting status of every product instance they show
// (METHOD.md §6): its next due date and status, a fleet summary and the
// reporting wave.
//
//	slp-audit [-as-of YYYY-MM-DD] [-format table|json] [-policy policy.json] PATH...
//
// Each PATH is a file or a folder, read recursively (names starting with
// "." are skipped). A file whose first element is <smartLicense> or
// <RUMReport> is a usage file; any other file is a capture.
//
// How inputs become instances is the library's: slp.ReadFiles reads the
// files, slp.Inventory merges what they show into one instance per device
// (see its documentation), slp.Governance assesses them.
//
// Policy: an instance follows the policy its capture prints (that is what
// the device enforces); the others follow -policy, or the Cisco default.
// Groups: a license's group comes from what the captures print (export
// status, enforcement type, license type); a license no capture describes
// counts as unenforced subscription.
//
// Exit status: 0 when every input was read, 1 when some input could not be
// read (the others are still reported), 2 on bad usage. Errors and parse
// warnings go to stderr.
package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

const usage = `usage: slp-audit [flags] PATH...

Reads show license captures and RUM usage files (files or folders) and prints
the SLP reporting status of every product instance: next due date and status
(overdue, due_soon, ack_missing, ok, not_required, unknown), a fleet summary
and the reporting wave (METHOD.md §6).

flags:
`

// run is the program: it parses args, reads the inputs and writes the
// report to stdout. It returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("slp-audit", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprint(stderr, usage)
		fl.PrintDefaults()
	}
	asOfFlag := fl.String("as-of", "", "the assessment date, YYYY-MM-DD (default: today, UTC)")
	format := fl.String("format", "table", "output format: table or json")
	policyFile := fl.String("policy", "", "a policy.json for instances whose capture prints no policy (default: the Cisco default)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(stderr, "slp-audit: no PATH given")
		fl.Usage()
		return exitUsage
	}
	if *format != "table" && *format != "json" {
		fmt.Fprintf(stderr, "slp-audit: -format %q: want table or json\n", *format)
		return exitUsage
	}
	asOf := time.Now().UTC()
	if *asOfFlag != "" {
		t, err := time.Parse("2006-01-02", *asOfFlag)
		if err != nil {
			fmt.Fprintf(stderr, "slp-audit: -as-of %q: want YYYY-MM-DD\n", *asOfFlag)
			return exitUsage
		}
		asOf = t
	}
	asOf = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	pol := policy.Default()
	if *policyFile != "" {
		data, err := os.ReadFile(*policyFile)
		if err != nil {
			fmt.Fprintf(stderr, "slp-audit: -policy: %v\n", err)
			return exitUsage
		}
		if pol, err = policy.Parse(data); err != nil {
			fmt.Fprintf(stderr, "slp-audit: -policy: %s: %v\n", *policyFile, err)
			return exitUsage
		}
	}

	inv := new(slp.Inventory)
	var inputs []input
	failed := false
	for _, arg := range fl.Args() {
		// Each PATH is read through a file system rooted at the folder
		// itself, or at the folder of a file.
		dir, root := arg, "."
		if info, err := os.Stat(arg); err != nil || !info.IsDir() {
			dir, root = filepath.Dir(arg), filepath.Base(arg)
		}
		for f, err := range slp.ReadFiles(ctx, os.DirFS(dir), root) {
			if err != nil {
				fmt.Fprintf(stderr, "slp-audit: %v\n", err)
				return exitFailed
			}
			name := filepath.Join(dir, filepath.FromSlash(f.Path))
			relabel(&f, name)
			in := input{File: name, Capture: f.Capture}
			if f.Capture != nil {
				in.Kind = "capture"
				for _, w := range f.Capture.Warnings {
					fmt.Fprintf(stderr, "slp-audit: warning: %v\n", w)
				}
			}
			res, err := inv.AddFile(ctx, f)
			if f.Usage != nil {
				in.Kind = "usage"
				in.Usage = &usageSummary{Reports: res.Reports, SystemInfo: res.SystemInfo, Skipped: res.Skipped}
				for _, e := range res.Rejections {
					fmt.Fprintf(stderr, "slp-audit: %v\n", relabelErr(e, name))
					failed = true
				}
			}
			if err != nil {
				err = relabelErr(err, name)
				in.Error = err.Error()
				fmt.Fprintf(stderr, "slp-audit: %v\n", err)
				failed = true
			}
			inputs = append(inputs, in)
		}
	}

	g := slp.Governance{AsOf: asOf, Policy: &pol, Classify: inv.Classify}
	fleet, err := g.Fleet(inv.Instances())
	if err != nil {
		fmt.Fprintf(stderr, "slp-audit: %v\n", err)
		return exitFailed
	}
	if *format == "json" {
		err = writeJSON(stdout, inputs, pol, &fleet)
	} else {
		err = writeTable(stdout, &fleet)
	}
	if err != nil {
		fmt.Fprintf(stderr, "slp-audit: %v\n", err)
		return exitFailed
	}
	if failed {
		return exitFailed
	}
	return exitOK
}

// input is one file read: its parsed record, or the error that stopped it.
type input struct {
	File    string           `json:"file"`
	Kind    string           `json:"kind"` // "capture" or "usage"
	Capture *capture.Capture `json:"capture,omitempty"`
	Usage   *usageSummary    `json:"usage,omitempty"`
	Error   string           `json:"error,omitempty"`
}

// usageSummary is what the output says of a usage file: its reports are
// read one at a time and not kept.
type usageSummary struct {
	Reports    int             `json:"reports"`
	SystemInfo json.RawMessage `json:"system_info,omitempty"`
	Skipped    int             `json:"skipped_elements"`
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

// Output.

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func orDash(s string) string { return cmp.Or(s, "-") }

func transportName(t smartaccount.Transport) string { return cmp.Or(t.String(), "unknown") }

func udiName(u smartaccount.UDI) string {
	if u.IsZero() {
		return ""
	}
	return u.String()
}

func writeTable(w io.Writer, f *slp.Fleet) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "UDI\tHOSTNAME\tVIRTUAL ACCOUNT\tTRANSPORT\tPOLICY\tLAST ACK\tNEXT DUE\tSTATUS")
	for _, a := range f.Assessments {
		id := udiName(a.UDI)
		if id == "" && a.Hostname == "" && len(a.Refs) > 0 {
			// A capture that names no device (a summary, say) is known by its file.
			id = "file:" + filepath.Base(a.Refs[0].Source)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", orDash(id), orDash(a.Hostname), orDash(a.VirtualAccount),
			transportName(a.Transport), orDash(a.PolicyName), orDash(date(a.LastACK)), orDash(date(a.NextDue)), a.Status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nas of %s: %d instances\n", date(f.AsOf), len(f.Assessments))
	fmt.Fprintf(w, "by status:")
	for _, s := range slp.ReportingStatuses {
		fmt.Fprintf(w, " %s %d", s, f.ByStatus[s])
	}
	fmt.Fprintf(w, "\nby transport:")
	for _, t := range sortedKeys(f.ByTransport, transportName) {
		fmt.Fprintf(w, " %s %d", transportName(t), f.ByTransport[t])
	}
	fmt.Fprintln(w)
	for _, va := range sortedKeys(f.ByVirtualAccount, func(s string) string { return s }) {
		fmt.Fprintf(w, "virtual account %s:", orDash(va))
		for _, s := range slp.ReportingStatuses {
			if n := f.ByVirtualAccount[va][s]; n > 0 {
				fmt.Fprintf(w, " %s %d", s, n)
			}
		}
		fmt.Fprintln(w)
	}
	wv := f.Wave
	fmt.Fprintf(w, "reporting wave: %d instances report periodically, %d past due", wv.Periodic, wv.PastDue)
	if !wv.StageBy.IsZero() {
		fmt.Fprintf(w, "; stage the renewal before %s", date(wv.StageBy))
	}
	fmt.Fprintln(w)
	for _, wk := range wv.Weeks {
		if wk.Due > 0 {
			fmt.Fprintf(w, "  week of %s: %d due\n", date(wk.Start), wk.Due)
		}
	}
	if wv.Later > 0 {
		fmt.Fprintf(w, "  later: %d due\n", wv.Later)
	}
	return nil
}

func sortedKeys[K comparable, V any](m map[K]V, name func(K) string) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int { return strings.Compare(name(a), name(b)) })
	return keys
}

// The JSON output.
type jsonOutput struct {
	AsOf      string        `json:"as_of"`
	Policy    policy.Policy `json:"policy"`
	Inputs    []input       `json:"inputs"`
	Instances []jsonRow     `json:"instances"`
	Summary   jsonSummary   `json:"summary"`
}

type jsonRow struct {
	UDI            string   `json:"udi"`
	Hostname       string   `json:"hostname,omitempty"`
	VirtualAccount string   `json:"virtual_account,omitempty"`
	Transport      string   `json:"transport"`
	Policy         string   `json:"policy"`
	Group          string   `json:"group"`
	Licenses       []string `json:"licenses"`
	Registered     string   `json:"registration_date,omitempty"`
	LastReport     string   `json:"last_report,omitempty"`
	LastACK        string   `json:"last_ack,omitempty"`
	Anchor         string   `json:"anchor,omitempty"`
	NextDue        string   `json:"next_due,omitempty"`
	Status         string   `json:"status"`
	Sources        []string `json:"sources"`
}

type jsonSummary struct {
	Instances        int                                    `json:"instances"`
	ByStatus         map[string]int                         `json:"instances_by_status"`
	ByTransport      map[string]int                         `json:"instances_by_transport"`
	ByVirtualAccount map[string]map[slp.ReportingStatus]int `json:"instances_by_virtual_account"`
	Wave             jsonWave                               `json:"reporting_wave"`
}

type jsonWave struct {
	StageBy  string     `json:"stage_by,omitempty"`
	Periodic int        `json:"periodic"`
	PastDue  int        `json:"past_due"`
	Later    int        `json:"later"`
	Weeks    []jsonWeek `json:"weeks"` // the weeks with instances due
}

type jsonWeek struct {
	Start string `json:"start"`
	Due   int    `json:"due"`
}

func writeJSON(w io.Writer, inputs []input, pol policy.Policy, f *slp.Fleet) error {
	out := jsonOutput{AsOf: date(f.AsOf), Inputs: inputs, Instances: []jsonRow{}, Policy: pol}
	for _, a := range f.Assessments {
		row := jsonRow{
			UDI: udiName(a.UDI), Hostname: a.Hostname, VirtualAccount: a.VirtualAccount, Transport: transportName(a.Transport),
			Policy: a.PolicyName, Group: a.Group.String(), Licenses: a.Licenses, Registered: date(a.Registered),
			LastReport: a.LastReport.UTC().Format(time.RFC3339), LastACK: a.LastACK.UTC().Format(time.RFC3339),
			Anchor: a.Anchor, NextDue: date(a.NextDue), Status: a.Status.String(),
		}
		if a.LastReport.IsZero() {
			row.LastReport = ""
		}
		if a.LastACK.IsZero() {
			row.LastACK = ""
		}
		if row.Licenses == nil {
			row.Licenses = []string{}
		}
		for _, r := range a.Refs {
			row.Sources = append(row.Sources, r.String())
		}
		out.Instances = append(out.Instances, row)
	}
	s := &out.Summary
	s.Instances = len(f.Assessments)
	s.ByStatus = make(map[string]int)
	for _, st := range slp.ReportingStatuses {
		s.ByStatus[st.String()] = f.ByStatus[st]
	}
	s.ByTransport = make(map[string]int)
	for t, n := range f.ByTransport {
		s.ByTransport[transportName(t)] = n
	}
	s.ByVirtualAccount = f.ByVirtualAccount
	s.Wave = jsonWave{StageBy: date(f.Wave.StageBy), Periodic: f.Wave.Periodic, PastDue: f.Wave.PastDue, Later: f.Wave.Later, Weeks: []jsonWeek{}}
	for _, wk := range f.Wave.Weeks {
		if wk.Due > 0 { // the histogram's empty weeks are left out
			s.Wave.Weeks = append(s.Wave.Weeks, jsonWeek{Start: date(wk.Start), Due: wk.Due})
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
