// Command procurement-file is the SDK's main job: it loads a dataset (a
// directory in the format of docs/dataset.md, or the embedded sample case),
// validates it and prints what it holds, with the SHA-256 of every input
// file — the evidence block of the procurement file.
//
// Usage:
//
//	procurement-file [flags]
//
// With no -dataset it runs on the embedded sample (42,000 instances; see
// -instances). -write-sample DIR writes that sample as a dataset directory
// and exits.
//
// Exit status: 0 on success, 1 when the job fails (an invalid dataset, a
// write error), 2 on bad usage.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// config holds the parsed flags.
type config struct {
	dataset     string
	out         string
	format      string
	asOf        time.Time
	writeSample string
	force       bool
	instances   int
}

const usage = `Usage: procurement-file [flags]

Loads a dataset (or the embedded sample), validates it and prints its summary
with the SHA-256 of every input.

Flags:
`

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("procurement-file", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	c := &config{}
	var asOf string
	fs.StringVar(&c.dataset, "dataset", "", "dataset `DIR` to load (default: the embedded sample)")
	fs.StringVar(&c.out, "out", "", "also write the summary into `DIR` (summary.txt or summary.json)")
	fs.StringVar(&c.format, "format", "text", "summary `format`: text or json")
	fs.StringVar(&asOf, "as-of", "", "`DATE` (YYYY-MM-DD) of the position; default: options.json's as_of, else today")
	fs.StringVar(&c.writeSample, "write-sample", "", "write the embedded sample as a dataset into `DIR` and exit; DIR must be empty or new")
	fs.BoolVar(&c.force, "force", false, "with -write-sample, write into a directory that is not empty")
	fs.IntVar(&c.instances, "instances", sample.DefaultInstances, "size of the embedded sample, in product instances `N` (1000 to 1000000)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.format != "text" && c.format != "json" {
		return nil, fmt.Errorf("-format %q: accepted formats are text and json", c.format)
	}
	if c.instances < sample.MinInstances || c.instances > sample.MaxInstances {
		return nil, fmt.Errorf("-instances %d: must be between %d and %d", c.instances, sample.MinInstances, sample.MaxInstances)
	}
	if c.dataset != "" && c.writeSample != "" {
		return nil, errors.New("-dataset and -write-sample cannot be combined")
	}
	if asOf != "" {
		d, err := time.Parse(time.DateOnly, asOf)
		if err != nil {
			return nil, fmt.Errorf("-as-of %q: not a YYYY-MM-DD date", asOf)
		}
		c.asOf = d
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "procurement-file:", err)
		return 2
	}
	progress := newProgress(stderr)
	if c.writeSample != "" {
		if err := checkSampleDir(c.writeSample, c.force); err != nil {
			fmt.Fprintln(stderr, "procurement-file:", err)
			return 1
		}
		progress.step(fmt.Sprintf("generating the sample (%d instances)", c.instances))
		ds, err := sample.Generate(sample.Config{Instances: c.instances})
		if err == nil {
			progress.step("writing " + c.writeSample)
			err = dataset.Write(ctx, c.writeSample, ds)
		}
		progress.done()
		if err != nil {
			fmt.Fprintln(stderr, "procurement-file:", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote the sample (%d instances) to %s\n", c.instances, c.writeSample)
		return 0
	}
	ds, source, err := load(ctx, c, progress)
	progress.done()
	if err != nil {
		fmt.Fprintln(stderr, "procurement-file:", err)
		return 1
	}
	for _, w := range ds.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	s, err := summarize(ds, source, c.asOf)
	if err != nil {
		fmt.Fprintln(stderr, "procurement-file:", err)
		return 1
	}

	var text []byte
	if c.format == "json" {
		text, err = json.MarshalIndent(s, "", "  ")
		text = append(text, '\n')
	} else {
		text = s.text()
	}
	if err == nil && c.out != "" {
		err = writeSummary(c.out, "summary."+map[string]string{"text": "txt", "json": "json"}[c.format], text)
	}
	if err != nil {
		fmt.Fprintln(stderr, "procurement-file:", err)
		return 1
	}
	stdout.Write(text)
	return 0
}

// load reads the dataset directory, or generates the embedded sample and
// reads it back through a temporary directory — so the sample is validated
// by the same reader as any dataset and its evidence block has real hashes.
func load(ctx context.Context, c *config, p *progress) (*dataset.Dataset, string, error) {
	if c.dataset != "" {
		p.step("reading " + c.dataset)
		ds, err := dataset.Read(ctx, os.DirFS(c.dataset))
		return ds, c.dataset, err
	}
	p.step(fmt.Sprintf("generating the embedded sample (%d instances)", c.instances))
	gen, err := sample.Generate(sample.Config{Instances: c.instances})
	if err != nil {
		return nil, "", err
	}
	dir, err := os.MkdirTemp("", "smartlicensing-sample-")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(dir)
	p.step("validating the sample")
	if err := dataset.Write(ctx, dir, gen); err != nil {
		return nil, "", err
	}
	ds, err := dataset.Read(ctx, os.DirFS(dir))
	return ds, fmt.Sprintf("embedded sample (%d instances)", c.instances), err
}

func writeSummary(dir, name string, text []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name), text, 0o644)
}

// summary is what the program prints: the dataset's size and its evidence.
type summary struct {
	Source          string          `json:"source"`
	SmartAccount    string          `json:"smart_account"`
	Domain          string          `json:"domain"`
	AsOf            string          `json:"as_of"`
	VirtualAccounts int             `json:"virtual_accounts"`
	Instances       int             `json:"instances"`
	InstanceRows    int             `json:"instance_rows"`
	Entitlements    int             `json:"entitlements"`
	Licenses        int             `json:"licenses"`
	Entitled        int64           `json:"entitled_units"`
	Consumed        int64           `json:"consumed_units"`
	Footprint       int             `json:"footprint_devices"`
	Users           int             `json:"users"`
	Reservations    int             `json:"reservations"`
	Proposal        *proposal       `json:"proposal,omitempty"`
	Inputs          []dataset.Input `json:"inputs"`
}

// proposal is the opening proposal as the summary shows it.
type proposal struct {
	Vendor       string `json:"vendor"`
	TermYears    int    `json:"term_years"`
	StartDate    string `json:"start_date,omitempty"`
	AnnualUplift string `json:"annual_uplift"`
	Lines        int    `json:"lines"`
	TCV          string `json:"tcv"`
	StatedTotal  string `json:"stated_total,omitempty"`

	tcv, stated decimal.Decimal // for the text form
	Currency    string          `json:"currency"`
}

// summarize counts what the dataset holds and prices its opening proposal
// (dataset.Read has validated it: invalid fields fail the read, a stated
// total that differs from the computed TCV is one of its warnings).
func summarize(ds *dataset.Dataset, source string, asOf time.Time) (summary, error) {
	snap := &ds.Snapshot
	if asOf.IsZero() && ds.Options != nil {
		asOf = ds.Options.AsOf
	}
	if asOf.IsZero() {
		now := time.Now().UTC()
		asOf = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	type instanceKey struct {
		udi smartaccount.UDI
		va  string
	}
	instances := map[instanceKey]struct{}{}
	licenses := map[string]struct{}{}
	s := summary{Source: source, SmartAccount: snap.Account.Name, Domain: snap.Account.Domain,
		AsOf: asOf.Format(time.DateOnly), VirtualAccounts: len(snap.Account.VirtualAccounts),
		InstanceRows: len(snap.Instances), Entitlements: len(snap.Entitlements), Footprint: len(snap.Footprint),
		Users: len(snap.Users), Reservations: len(snap.Reservations), Inputs: ds.Inputs}
	for i := range snap.Instances {
		p := &snap.Instances[i]
		instances[instanceKey{p.UDI, p.VirtualAccount}] = struct{}{}
		licenses[p.License] = struct{}{}
		s.Consumed += p.Quantity
	}
	for i := range snap.Entitlements {
		e := &snap.Entitlements[i]
		licenses[e.License] = struct{}{}
		if e.Counts(asOf) {
			s.Entitled += e.Quantity
		}
	}
	s.Instances, s.Licenses = len(instances), len(licenses)
	if p := ds.Proposal; p != nil {
		sched, err := p.Schedule(pricing.Cap{})
		if err != nil {
			return s, fmt.Errorf("%s: %w", dataset.ProposalFile, err)
		}
		s.Proposal = &proposal{Vendor: p.Vendor, TermYears: p.TermYears, AnnualUplift: p.AnnualUplift.String(),
			Lines: len(p.Lines), TCV: sched.TCV.StringFixedBank(2), Currency: p.Currency, tcv: sched.TCV}
		if !p.StartDate.IsZero() {
			s.Proposal.StartDate = p.StartDate.Format(time.DateOnly)
		}
		if p.StatedTotal.Valid {
			s.Proposal.StatedTotal = p.StatedTotal.Decimal.StringFixedBank(2)
			s.Proposal.stated = p.StatedTotal.Decimal
		}
	}
	return s, nil
}

func (s summary) text() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Smart Account  %s (%s)\n", s.SmartAccount, s.Domain)
	fmt.Fprintf(&b, "Source         %s\n", s.Source)
	fmt.Fprintf(&b, "As of          %s\n\n", s.AsOf)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range []struct {
		name string
		n    int64
	}{
		{"Virtual Accounts", int64(s.VirtualAccounts)},
		{"Product instances (UDI × VA)", int64(s.Instances)},
		{"Product-instance rows (instance × license)", int64(s.InstanceRows)},
		{"Entitlement rows", int64(s.Entitlements)},
		{"Licenses", int64(s.Licenses)},
		{"Units entitled (active as of)", s.Entitled},
		{"Units consumed", s.Consumed},
		{"Footprint devices", int64(s.Footprint)},
		{"Users", int64(s.Users)},
		{"SLR reservations", int64(s.Reservations)},
	} {
		fmt.Fprintf(tw, "%s\t%d\t\n", row.name, row.n)
	}
	tw.Flush()
	if p := s.Proposal; p != nil {
		fmt.Fprintf(&b, "\nOpening proposal  %s, %d years from %s, %d lines, annual uplift %s\n",
			p.Vendor, p.TermYears, p.StartDate, p.Lines, p.AnnualUplift)
		fmt.Fprintf(&b, "  TCV            %s %s", p.Currency, pricing.FormatAmount(p.tcv))
		if p.StatedTotal != "" {
			fmt.Fprintf(&b, " (stated %s)", pricing.FormatAmount(p.stated))
		}
		fmt.Fprintln(&b)
	}
	fmt.Fprintf(&b, "\nInputs\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "file\trecords\tbytes\tsha256\n")
	for _, in := range s.Inputs {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", in.File, in.Records, in.Bytes, in.SHA256)
	}
	tw.Flush()
	return b.Bytes()
}
