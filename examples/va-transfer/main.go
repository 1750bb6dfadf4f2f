// Command va-transfer plans the Virtual Account transfers that pool a Smart
// Account's licenses (METHOD.md §4) and, with -apply, executes them through
// CSSM.
//
// Usage:
//
//	va-transfer -dataset DIR [-format text|json]
//	va-transfer -dataset DIR -apply -journal FILE [connection flags]
//	va-transfer -demo [-dataset DIR] [-apply -journal FILE]
//
// Without -apply it is a dry run: it prints the plan and the exact CSSM
// requests (method, path, JSON body) without sending anything. With -apply it
// sends them in CSSM-sized batches, recording each in the journal FILE before
// and after sending; run the same command again after an interruption — even
// a kill -9 between a request reaching CSSM and its answer — and it
// finishes the plan without repeating a transfer, settling the interrupted
// request by re-reading the balances. Before sending, it re-reads the
// balances and refuses a plan that no longer fits them.
//
// The plan is rightsizing's (package virtualaccount), made after the hygiene
// review's reclaim: it moves units that decommissioned and duplicate
// registrations still hold in CSSM, so remove those registrations first.
// -demo applies to an in-process fake CSSM seeded with the dataset (or the
// embedded sample) as it stands after that clean-up; its state ends with the
// process, so a demo run always starts afresh.
//
// Exit status: 0 when the plan was printed (dry run) or wholly applied, 1
// when the job failed or the plan is only partly applied, 2 on bad usage.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"time"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/examples/internal/cssmflags"
	"github.com/openrenewal/smartlicensing/examples/internal/progress"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `Usage: va-transfer -dataset DIR [-format text|json]
       va-transfer -dataset DIR -apply -journal FILE [connection flags]
       va-transfer -demo [-dataset DIR] [-apply -journal FILE]

Plans the Virtual Account transfers that pool the licenses of a dataset and
prints the plan with the exact CSSM requests (a dry run). -apply executes them
through CSSM with a journal: the same command run again after an interruption
finishes the plan without repeating a transfer.

`

type config struct {
	conn    cssmflags.Flags
	dataset string
	format  string
	apply   bool
	journal string
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("va-transfer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.Usage = func() {
		fmt.Fprint(stderr, usage, cssmflags.Help, "\nFlags:\n")
		fs.PrintDefaults()
	}
	c.conn.Register(fs)
	fs.StringVar(&c.dataset, "dataset", "", "plan from the dataset `DIR` (default with -demo: the embedded sample)")
	fs.StringVar(&c.format, "format", "text", "output `format`: text or json")
	fs.BoolVar(&c.apply, "apply", false, "execute the plan through CSSM (default: dry run)")
	fs.StringVar(&c.journal, "journal", "", "journal `FILE` of -apply, created if absent (required with -apply)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case c.format != "text" && c.format != "json":
		return nil, fmt.Errorf("-format %q: accepted formats are text and json", c.format)
	case c.dataset == "" && !c.conn.Demo:
		return nil, errors.New("-dataset DIR is required (or -demo)")
	case c.apply && c.journal == "":
		return nil, errors.New("-apply needs -journal FILE: the journal is what makes a re-run resume instead of repeating")
	case !c.apply && c.journal != "":
		return nil, errors.New("-journal is used only with -apply")
	}
	if c.apply || c.conn.Demo {
		if err := c.conn.Check(); err != nil {
			return nil, err
		}
	} else if _, err := cssm.ParseProfile(c.conn.Profile); err != nil {
		return nil, fmt.Errorf("-profile %q: accepted profiles are legacy, software and onprem", c.conn.Profile)
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "va-transfer:", err)
		return 2
	}
	if err := transfer(ctx, c, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "va-transfer:", err)
		return 1
	}
	return 0
}

// output is what -format json prints.
type output struct {
	SmartAccount string               `json:"smart_account"`
	AsOf         string               `json:"as_of"`
	Plan         *virtualaccount.Plan `json:"plan"`
	Requests     []request            `json:"requests"`
	Applied      *cssm.ApplyResult    `json:"applied,omitempty"`
}

type request struct {
	Method string          `json:"method"`
	Path   string          `json:"path"`
	Body   json.RawMessage `json:"body"`
}

func transfer(ctx context.Context, c *config, stdout, stderr io.Writer) error {
	ds, err := load(ctx, c.dataset)
	if err != nil {
		return err
	}
	for _, w := range ds.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	asOf := time.Now().UTC().Truncate(24 * time.Hour)
	if ds.Options != nil && !ds.Options.AsOf.IsZero() {
		asOf = ds.Options.AsOf
	}
	snap := &ds.Snapshot
	plan, h, err := planOf(ds, asOf)
	if err != nil {
		return err
	}
	domain := c.conn.Domain
	if domain == "" {
		domain = snap.Account.Domain
	}
	prof, _ := cssm.ParseProfile(c.conn.Profile)
	reqs, err := cssm.PrepareRequests(prof, domain, plan)
	if err != nil {
		return err
	}
	out := output{SmartAccount: domain, AsOf: asOf.Format(time.DateOnly), Plan: plan}
	for _, r := range reqs {
		out.Requests = append(out.Requests, request{Method: r.Method, Path: r.Path, Body: r.JSON})
	}
	if c.format == "text" {
		printText(stdout, &out, c.apply)
	}
	if c.apply {
		seed := snap
		if c.conn.Demo {
			seed = cleanedUp(h)
		}
		res, err := apply(ctx, c, seed, domain, plan, stderr)
		out.Applied = res
		if c.format == "text" && res != nil {
			fmt.Fprintf(stdout, "\nApplied %d of %d requests: %d done in an earlier run, %d found applied on re-reading the balances, %d sent now.\n",
				res.Before+res.Settled+res.Sent, res.Requests, res.Before, res.Settled, res.Sent)
		}
		var mis *cssm.MisfitError
		if errors.As(err, &mis) && slices.ContainsFunc(mis.Misfits, func(m cssm.Misfit) bool { return m.Type == 0 }) {
			fmt.Fprintln(stderr, "va-transfer: CSSM counts units in use that the plan moves: remove the registrations the hygiene review reclaims (decommissioned and duplicate devices) first, then run again")
		}
		if err != nil {
			return err
		}
	}
	if c.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(&out)
	}
	return nil
}

// planOf is the transfer plan of Virtual Account rightsizing (METHOD.md §4):
// after the hygiene review's reclaim, surplus moves to shortage license by
// license, outside the air-gapped accounts and the units SLR reservations
// hold. It returns the review too.
func planOf(ds *dataset.Dataset, asOf time.Time) (*virtualaccount.Plan, *smartaccount.Hygiene, error) {
	p := smartaccount.ReviewParams{AsOf: asOf}
	if o := ds.Options; o != nil {
		p.StaleAfterDays = o.StaleAfterDays
		p.ReclaimStale = o.ReclaimStale != nil && *o.ReclaimStale
	}
	if ds.Proposal != nil {
		p.Tiers = ds.Proposal.Tiers
	}
	h, err := smartaccount.Review(smartaccount.NewIndex(&ds.Snapshot), p)
	if err != nil {
		return nil, nil, err
	}
	return &virtualaccount.Rightsize(h).Plan, h, nil
}

// cleanedUp returns the Smart Account as CSSM holds it once the hygiene
// clean-up is done: without the registrations the review reclaims
// (decommissioned and duplicate, and stale ones when they are reclaimed).
// The -demo fake serves it, since the plan moves units those registrations
// hold until they are removed.
func cleanedUp(h *smartaccount.Hygiene) *smartaccount.Snapshot {
	classes := []smartaccount.Class{smartaccount.ClassDecommissioned, smartaccount.ClassDuplicate}
	if h.ReclaimStale {
		classes = append(classes, smartaccount.ClassStale)
	}
	x := h.Index()
	gone := map[int32]bool{}
	for _, r := range h.Registrations(classes...) {
		for _, row := range x.Instance(r.Instance).Rows {
			gone[row] = true
		}
	}
	snap := *x.Snapshot()
	// CSSM's in-use counts follow its devices: without the recorded ones
	// the fake derives them from the devices that remain.
	snap.Instances, snap.InUse = nil, nil
	for i, p := range x.Snapshot().Instances {
		if !gone[int32(i)] {
			snap.Instances = append(snap.Instances, p)
		}
	}
	return &snap
}

func load(ctx context.Context, dir string) (*dataset.Dataset, error) {
	if dir == "" {
		return sample.Generate(sample.Params{})
	}
	return dataset.Read(ctx, os.DirFS(dir))
}

func apply(ctx context.Context, c *config, seed *smartaccount.Snapshot, domain string, plan *virtualaccount.Plan, stderr io.Writer) (*cssm.ApplyResult, error) {
	client, _, stop, err := c.conn.Connect(seed, stderr)
	if err != nil {
		return nil, err
	}
	defer stop()
	j, err := cssm.OpenJournal(c.journal)
	if err != nil {
		return nil, err
	}
	defer j.Close()
	bar := progress.New(stderr, "applying", -1)
	defer bar.Finish()
	return cssm.Apply(ctx, client, plan, cssm.ApplyParams{Domain: domain, Journal: j, Progress: func(p cssm.ApplyProgress) {
		bar.Set(fmt.Sprintf("request %d", p.Request.Index), int64(p.Done), int64(p.Total))
	}})
}

func printText(w io.Writer, out *output, apply bool) {
	fmt.Fprintf(w, "Smart Account %s, as of %s: %d transfers in %d requests", out.SmartAccount, out.AsOf, len(out.Plan.Transfers), len(out.Requests))
	if !apply {
		fmt.Fprint(w, " (dry run: nothing is sent)")
	}
	fmt.Fprint(w, "\n\n", out.Plan.String())
	fmt.Fprintln(w, "\nRequests:")
	for i, r := range out.Requests {
		fmt.Fprintf(w, "\n#%d %s %s\n%s\n", i+1, r.Method, r.Path, r.Body)
	}
}
