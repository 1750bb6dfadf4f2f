// Command slp-audit reads `show license …` captures and RUM usage files and
// prints the SLP reporting status of every product instance they show
// (METHOD.md §6): its next due date and status, a fleet summary and the
// reporting wave.
//
//	slp-audit [-as-of YYYY-MM-DD] [-format table|csv|json] [-policy policy.json] [-strict] PATH...
//
// Each PATH is a file or a folder, read recursively (names starting with
// "." are skipped). A file whose first element is <smartLicense> or
// <RUMReport> is a usage file; other text is a capture. Everything that can
// be read is read: a file that cannot (empty, binary, not a capture, XML
// with a DTD, too large) is listed on stderr with its reason, and the
// others are reported.
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
// The table and the CSV have one row per instance and license, with the
// files each row rests on and a note where the status needs one: why it is
// unknown or not_required, the inputs that disagree, inputs dated after
// -as-of.
//
// Exit status: 0 when something usable was read, 1 when nothing was (or,
// with -strict, when a file was skipped or a report could not be read), 2
// on bad usage or a PATH that does not exist. Errors, warnings and skipped
// files go to stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"time"

	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/slp/policy"
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

var formats = []string{"table", "csv", "json"}

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
	format := fl.String("format", "table", "output format: table, csv or json")
	policyFile := fl.String("policy", "", "a policy.json for instances whose capture prints no policy (default: the Cisco default)")
	strict := fl.Bool("strict", false, "fail (exit 1) when a file is skipped or a report cannot be read")
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
	if !slices.Contains(formats, *format) {
		fmt.Fprintf(stderr, "slp-audit: -format %q: want table, csv or json\n", *format)
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
		p, err := readPolicy(*policyFile)
		if err != nil {
			fmt.Fprintf(stderr, "slp-audit: -policy: %v\n", err)
			return exitUsage
		}
		pol = p
	}
	for _, p := range fl.Args() {
		if _, err := os.Stat(p); err != nil {
			fmt.Fprintf(stderr, "slp-audit: %v\n", err)
			return exitUsage
		}
	}

	a := &audit{asOf: asOf, keepCaptures: *format == "json", stderr: stderr}
	for _, p := range fl.Args() {
		if err := a.read(ctx, p); err != nil {
			fmt.Fprintf(stderr, "slp-audit: %v\n", err)
			return exitFailed
		}
	}
	a.listSkipped()
	if a.captures+a.reports == 0 {
		fmt.Fprintln(stderr, "slp-audit: nothing usable was read: no capture and no usage report")
		return exitFailed
	}
	g := slp.Governance{AsOf: asOf, Policy: &pol, Classify: a.inv.Classify}
	fleet, err := g.Fleet(a.inv.Instances())
	if err != nil {
		fmt.Fprintf(stderr, "slp-audit: %v\n", err)
		return exitFailed
	}
	a.warnConflicts(&fleet)
	switch *format {
	case "json":
		err = writeJSON(stdout, a, pol, &fleet)
	case "csv":
		err = writeCSV(stdout, a, &fleet)
	default:
		err = writeTable(stdout, a, &fleet)
	}
	if err != nil {
		fmt.Fprintf(stderr, "slp-audit: %v\n", err)
		return exitFailed
	}
	if *strict && (len(a.skipped) > 0 || a.rejected > 0) {
		fmt.Fprintf(stderr, "slp-audit: -strict: %s skipped, %s not read\n", plural(len(a.skipped), "file"), plural(a.rejected, "report"))
		return exitFailed
	}
	return exitOK
}

// readPolicy reads a policy.json, at most policy.MaxBytes of it.
func readPolicy(name string) (policy.Policy, error) {
	f, err := os.Open(name)
	if err != nil {
		return policy.Policy{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, policy.MaxBytes+1))
	if err != nil {
		return policy.Policy{}, err
	}
	p, err := policy.Parse(data)
	if err != nil {
		return p, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}
