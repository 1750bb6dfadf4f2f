package main

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func orDash(s string) string { return cmp.Or(s, "-") }

func udiText(u smartaccount.UDI) string {
	if u.IsZero() {
		return ""
	}
	return u.String()
}

// deviceName names an instance for a reader: its hostname and UDI, either
// of them, or — when no input names the device — the file it was read
// from.
func deviceName(a *slp.Assessment) string {
	u := udiText(a.UDI)
	switch {
	case a.Hostname != "" && u != "":
		return a.Hostname + " " + u
	case a.Hostname != "" || u != "":
		return a.Hostname + u
	case len(a.Refs) > 0:
		return "unnamed, in " + filepath.Base(a.Refs[0].Source)
	}
	return "unnamed"
}

// shortLicense names a license in the table: the <Name> part of an
// entitlement tag (regid.2017-05.com.cisco.c9300_dna_advantage,1.0_… →
// c9300_dna_advantage, FORMATS.md "Entitlement tags"), or the license as
// the inputs name it.
func shortLicense(l string) string {
	rest, ok := strings.CutPrefix(l, "regid.")
	if !ok {
		return l
	}
	if _, after, ok := strings.Cut(rest, "."); ok { // the YYYY-MM
		rest = after
	}
	rest = strings.TrimPrefix(rest, "com.cisco.")
	if name, _, ok := strings.Cut(rest, ","); ok {
		return name
	}
	return l
}

// licenseRow is one row of the table and the CSV: an instance and one of
// its licenses ("" when it shows none).
type licenseRow struct {
	a       *slp.Assessment
	license string
}

func licenseRows(f *slp.Fleet) []licenseRow {
	var rows []licenseRow
	for as := range f.Assessments() {
		a := &as
		if len(a.Licenses) == 0 {
			rows = append(rows, licenseRow{a: a})
		}
		for _, l := range a.Licenses {
			rows = append(rows, licenseRow{a, l})
		}
	}
	return rows
}

func (r licenseRow) count() string {
	if n, ok := r.a.Counts[r.license]; ok {
		return strconv.FormatInt(n, 10)
	}
	return ""
}

func sources(a *slp.Assessment) []string {
	out := make([]string, 0, len(a.Refs))
	for _, r := range a.Refs {
		out = append(out, r.String())
	}
	return out
}

// conflictText says what the inputs of an instance disagree on, the kept
// value first. Policies are shown by their names when those differ, else
// by their rules.
func conflictText(c slp.Conflict) string {
	shown := slices.Clone(c.Values)
	if c.Field == "policy" {
		names := map[string]bool{}
		for i, v := range c.Values {
			shown[i], _, _ = strings.Cut(v, ": ")
			names[shown[i]] = true
		}
		if len(names) < len(c.Values) {
			shown = c.Values
		}
	}
	vals := make([]string, len(shown))
	for i, v := range shown {
		vals[i] = fmt.Sprintf("%s (%s)", v, c.Refs[i])
	}
	return "the inputs disagree on " + strings.ReplaceAll(c.Field, "_", " ") + ": " + strings.Join(vals, " vs ") + "; the newest is kept"
}

// plural writes n and a noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// note explains a row where its status needs it: why it is unknown or
// not_required, inputs that disagree, inputs dated after as-of.
func (a *audit) note(as *slp.Assessment) string {
	var notes []string
	if as.Reason != "" {
		n := as.Reason
		if as.Status == slp.ReportingUnknown {
			n += a.printedBy(as)
		}
		notes = append(notes, n)
	}
	for _, c := range as.Conflicts {
		notes = append(notes, conflictText(c))
	}
	if a.dateAfterAsOf(as.Seen) {
		notes = append(notes, fmt.Sprintf("its inputs are dated up to %s, after -as-of %s", date(as.Seen), date(a.asOf)))
	}
	return strings.Join(notes, "; ")
}

// printedBy says which commands an instance's captures come from, and what
// would show its dates.
func (a *audit) printedBy(as *slp.Assessment) string {
	var cmds []string
	for _, r := range as.Refs {
		if c, ok := a.commands[r.Source]; ok && !slices.Contains(cmds, c.String()) {
			cmds = append(cmds, c.String())
		}
	}
	if len(cmds) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s prints none; a capture of show license status or tech support would)", strings.Join(cmds, ", "))
}

func transportName(t smartaccount.Transport) string { return cmp.Or(t.String(), "not given") }

func writeTable(w io.Writer, a *audit, f *slp.Fleet) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE\tLICENSE\tCOUNT\tVIRTUAL ACCOUNT\tTRANSPORT\tPOLICY\tLAST ACK\tNEXT DUE\tSTATUS\tSOURCES\tNOTE")
	for _, r := range licenseRows(f) {
		as := r.a
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", deviceName(as), orDash(shortLicense(r.license)), orDash(r.count()),
			orDash(as.VirtualAccount), orDash(as.Transport.String()), orDash(as.PolicyName), orDash(date(as.LastACK)), orDash(date(as.NextDue)),
			as.Status, strings.Join(sources(as), ", "), orDash(a.note(as)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nas of %s: %s\n", date(f.AsOf), plural(f.Len(), "instance"))
	fmt.Fprintf(w, "inputs: %s, %s (%s), %s skipped\n", plural(a.captures, "capture"), plural(a.usage, "usage file"),
		plural(a.reports, "report"), plural(len(a.skipped), "file"))
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
	fmt.Fprintln(w, waveText(&f.Wave, f.AsOf))
	for _, wk := range f.Wave.Weeks {
		if wk.Due > 0 {
			fmt.Fprintf(w, "  week of %s: %d due\n", date(wk.Start), wk.Due)
		}
	}
	if f.Wave.Later > 0 {
		fmt.Fprintf(w, "  later: %d due\n", f.Wave.Later)
	}
	return nil
}

// waveText says what the reporting wave means for the renewal: the date to
// stage it before, or that the wave has already come.
func waveText(wv *slp.Wave, asOf time.Time) string {
	s := fmt.Sprintf("reporting wave: %s periodically, %d past due", plural(wv.Periodic, "instance")+map[bool]string{true: " reports", false: " report"}[wv.Periodic == 1], wv.PastDue)
	switch {
	case wv.Periodic == 0:
	case wv.PastDue == wv.Periodic:
		s += "; every periodic report is already overdue: the consumption they carry reaches CSSM as soon as the devices report"
	case !wv.StageBy.After(asOf):
		s += fmt.Sprintf("; half of the periodic reports are due by %s already: the wave is under way", date(asOf))
	default:
		s += "; stage the renewal before " + date(wv.StageBy)
	}
	return s
}

func sortedKeys[K comparable, V any](m map[K]V, name func(K) string) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int { return strings.Compare(name(a), name(b)) })
	return keys
}

// The CSV, for spreadsheets: one row per instance and license.
var csvHeader = []string{"hostname", "udi", "license", "count", "virtual_account", "transport", "policy", "group",
	"registration_date", "last_report", "last_ack", "anchor", "next_due", "status", "sources", "note"}

func writeCSV(w io.Writer, a *audit, f *slp.Fleet) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range licenseRows(f) {
		as := r.a
		if err := cw.Write([]string{as.Hostname, udiText(as.UDI), r.license, r.count(), as.VirtualAccount, as.Transport.String(),
			as.PolicyName, as.Group.String(), date(as.Registered), date(as.LastReport), date(as.LastACK), as.Anchor,
			date(as.NextDue), as.Status.String(), strings.Join(sources(as), "; "), a.note(as)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
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
	UDI            string           `json:"udi"`
	Hostname       string           `json:"hostname,omitempty"`
	VirtualAccount string           `json:"virtual_account,omitempty"`
	Transport      string           `json:"transport,omitempty"`
	Policy         string           `json:"policy"`
	Group          string           `json:"group"`
	Licenses       []string         `json:"licenses"`
	Counts         map[string]int64 `json:"counts"`
	Registered     string           `json:"registration_date,omitempty"`
	LastReport     string           `json:"last_report,omitempty"`
	LastACK        string           `json:"last_ack,omitempty"`
	Anchor         string           `json:"anchor,omitempty"`
	NextDue        string           `json:"next_due,omitempty"`
	Status         string           `json:"status"`
	Note           string           `json:"note,omitempty"`
	Conflicts      []slp.Conflict   `json:"conflicts,omitempty"`
	Sources        []string         `json:"sources"`
}

type jsonSummary struct {
	Instances        int                                    `json:"instances"`
	Inputs           jsonInputs                             `json:"inputs"`
	ByStatus         map[string]int                         `json:"instances_by_status"`
	ByTransport      map[string]int                         `json:"instances_by_transport"`
	ByVirtualAccount map[string]map[slp.ReportingStatus]int `json:"instances_by_virtual_account"`
	Wave             jsonWave                               `json:"reporting_wave"`
}

type jsonInputs struct {
	Captures        int `json:"captures"`
	UsageFiles      int `json:"usage_files"`
	Reports         int `json:"reports"`
	RejectedReports int `json:"rejected_reports"`
	Skipped         int `json:"skipped_files"`
}

type jsonWave struct {
	StageBy  string     `json:"stage_by,omitempty"`
	Periodic int        `json:"periodic"`
	PastDue  int        `json:"past_due"`
	Later    int        `json:"later"`
	Weeks    []jsonWeek `json:"weeks"` // the weeks with instances due
	Text     string     `json:"text"`
}

type jsonWeek struct {
	Start string `json:"start"`
	Due   int    `json:"due"`
}

func writeJSON(w io.Writer, a *audit, pol policy.Policy, f *slp.Fleet) error {
	out := jsonOutput{AsOf: date(f.AsOf), Inputs: a.inputs, Instances: []jsonRow{}, Policy: pol}
	if out.Inputs == nil {
		out.Inputs = []input{}
	}
	for assessment := range f.Assessments() {
		as := &assessment
		row := jsonRow{
			UDI: udiText(as.UDI), Hostname: as.Hostname, VirtualAccount: as.VirtualAccount, Transport: as.Transport.String(),
			Policy: as.PolicyName, Group: as.Group.String(), Licenses: as.Licenses, Counts: as.Counts, Registered: date(as.Registered),
			LastReport: instant(as.LastReport), LastACK: instant(as.LastACK), Anchor: as.Anchor, NextDue: date(as.NextDue),
			Status: as.Status.String(), Note: a.note(as), Conflicts: as.Conflicts, Sources: sources(as),
		}
		if row.Licenses == nil {
			row.Licenses = []string{}
		}
		if row.Counts == nil {
			row.Counts = map[string]int64{}
		}
		out.Instances = append(out.Instances, row)
	}
	s := &out.Summary
	s.Instances = f.Len()
	s.Inputs = jsonInputs{Captures: a.captures, UsageFiles: a.usage, Reports: a.reports, RejectedReports: a.rejected, Skipped: len(a.skipped)}
	s.ByStatus = make(map[string]int)
	for _, st := range slp.ReportingStatuses {
		s.ByStatus[st.String()] = f.ByStatus[st]
	}
	s.ByTransport = make(map[string]int)
	for t, n := range f.ByTransport {
		s.ByTransport[transportName(t)] = n
	}
	s.ByVirtualAccount = f.ByVirtualAccount
	s.Wave = jsonWave{StageBy: date(f.Wave.StageBy), Periodic: f.Wave.Periodic, PastDue: f.Wave.PastDue, Later: f.Wave.Later,
		Weeks: []jsonWeek{}, Text: waveText(&f.Wave, f.AsOf)}
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
