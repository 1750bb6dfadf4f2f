package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
)

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

const usage = `usage: vendor-compare [flags] proposal.json proposal.json [...]

Compares renewal proposals (proposal.json, see docs/dataset.md) on TCV, NPV, price
per license per year and effective annual escalation (CAGR) over a common
horizon, ranked by NPV (lowest first). All proposals must use one currency.
Licenses are the units of subscription and true-forward lines; support units
are shown apart. Rates may be fractions (0.08) or percentages (8%).

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is what the command line asks for.
type config struct {
	opts   pricing.CompareParams
	format string
	files  []string
}

// run is the program; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "vendor-compare: %v\n(run vendor-compare -h for help)\n", err)
		return exitUsage
	}
	ps := make([]*pricing.Proposal, len(cfg.files))
	for i, name := range cfg.files {
		p, err := readProposal(name)
		if err != nil {
			fmt.Fprintf(stderr, "vendor-compare: %s: %v\n", name, err)
			return exitFailed
		}
		if p.Vendor == "" {
			p.Vendor = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
		}
		for _, w := range p.RateWarnings() {
			fmt.Fprintf(stderr, "vendor-compare: warning: %s: %v\n", name, w)
		}
		var mismatch *pricing.TotalMismatchError
		switch err := p.Validate(); {
		case errors.As(err, &mismatch):
			fmt.Fprintf(stderr, "vendor-compare: warning: %s: %v; the comparison uses the computed TCV\n", name, err)
		case err != nil:
			fmt.Fprintf(stderr, "vendor-compare: %s: %v\n", name, strings.ReplaceAll(err.Error(), "\n", "; "))
			return exitFailed
		}
		ps[i] = p
	}
	c, err := pricing.Compare(ps, cfg.opts)
	if err != nil {
		fmt.Fprintf(stderr, "vendor-compare: %v\n", err)
		return exitFailed
	}
	for i := range c.Entries {
		c.Entries[i].Source = cfg.files[c.Entries[i].Index]
	}
	if cfg.format == "json" {
		err = writeJSON(stdout, c)
	} else {
		err = writeTable(stdout, c)
	}
	if err != nil {
		fmt.Fprintf(stderr, "vendor-compare: writing the comparison: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func parseArgs(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("vendor-compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	rate := fs.String("discount-rate", "0.08", "NPV discount `rate` as a fraction (0.08) or a percentage (8%); payments at the start of each year")
	horizon := fs.Int("horizon", 0, "`years` to compare over (1-30); 0 = the longest term among the proposals")
	extend := fs.String("extend", "uplift", "how a shorter term is extended to the horizon: `uplift` (keep the last annual uplift) or flat (hold the last year's price)")
	format := fs.String("format", "table", "output `format`: table or json")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	cfg := &config{format: *format, files: fs.Args()}
	if cfg.format != "table" && cfg.format != "json" {
		return nil, fmt.Errorf("-format %q: want table or json", cfg.format)
	}
	r, err := pricing.ParseRate(*rate)
	if err != nil {
		return nil, fmt.Errorf("-discount-rate: %v", err)
	}
	if r.LessThanOrEqual(decimal.NewFromInt(-1)) {
		return nil, fmt.Errorf("-discount-rate %s: must be above -1 (-100 %%)", r)
	}
	if w := pricing.RateWarning(r); w != "" {
		fmt.Fprintf(stderr, "vendor-compare: warning: -discount-rate %s\n", w)
	}
	if *horizon < 0 || *horizon > pricing.MaxTermYears {
		return nil, fmt.Errorf("-horizon %d: want 0 (the longest term) or 1..%d years", *horizon, pricing.MaxTermYears)
	}
	ext, err := pricing.ParseExtension(*extend)
	if err != nil {
		return nil, fmt.Errorf("-extend: %v", err)
	}
	if len(cfg.files) < 2 {
		return nil, fmt.Errorf("want at least two proposal.json files, got %d", len(cfg.files))
	}
	cfg.opts = pricing.CompareParams{DiscountRate: r, Horizon: *horizon, Extension: ext}
	return cfg, nil
}

// readProposal reads and parses one proposal file, reading no more than the
// parser accepts. A file that is not a proposal — not a JSON object, or
// another document of a dataset — is named for what it seems to be.
func readProposal(name string) (*pricing.Proposal, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, pricing.MaxProposalSize+1))
	if err != nil {
		return nil, err
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(text) > 0 && text[0] != '{' {
		first, _, _ := bytes.Cut(text, []byte("\n"))
		what := "not a JSON object"
		if bytes.Count(first, []byte(",")) > 1 && !bytes.ContainsAny(first[:1], "[\"") {
			what = "a CSV file, not a JSON object"
		}
		return nil, fmt.Errorf("this is not a proposal: a proposal is a JSON object, and this is %s (it starts %q)", what, cut(first, 40))
	}
	p, err := pricing.ParseProposal(data)
	var other *pricing.NotProposalError
	if errors.As(err, &other) {
		if doc := datasetDocument(other.Keys); doc != "" {
			return nil, fmt.Errorf("this is not a proposal: it looks like a dataset's %s (keys %s)", doc, strings.Join(other.Keys, ", "))
		}
	}
	return p, err
}

// otherDocuments are the JSON documents of a dataset beside proposal.json,
// each with keys only it has, so that one given by mistake can be named.
var otherDocuments = []struct {
	file string
	keys []string
}{
	{"smart_account.json", []string{"virtual_accounts", "domain", "customer_domains", "taken_at"}},
	{"options.json", []string{"as_of", "renewal_date", "price_cap", "cap_kind", "true_forward_uplift_target",
		"growth_allowance", "exceptional_growth", "stale_after_days", "reclaim_stale", "dormant_after_days",
		"slr_confirm_days", "slr_expiry_days", "discount_rate", "benchmark_discount", "industry"}},
	{"forecast.json", []string{"organic_growth_rate", "projects", "acquisitions"}},
	{"policy.json", []string{"ack_required", "unenforced-perpetual", "unenforced-subscription", "enforced", "export"}},
}

// datasetDocument names the dataset document whose keys keys has, or "".
func datasetDocument(keys []string) string {
	for _, d := range otherDocuments {
		for _, k := range keys {
			if slices.Contains(d.keys, k) {
				return d.file
			}
		}
	}
	return ""
}

// cut shortens b to n bytes for a message.
func cut(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

func writeJSON(w io.Writer, c *pricing.Comparison) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

func writeTable(w io.Writer, c *pricing.Comparison) error {
	rate := c.DiscountRate.Mul(decimal.NewFromInt(100)).StringFixedBank(2)
	fmt.Fprintf(w, "Horizon %d years, NPV at %s %%, amounts in %s\n", c.Horizon, rate, c.Currency)
	fmt.Fprintf(w, "Assumption: %s\n\n", c.Assumption)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rank\tvendor\tterm\tlicenses\tsupport units\tTCV (term)\tTCV (%d y)\tNPV\tNPV above best\tper license/year\tCAGR %%\tfile\t\n", c.Horizon)
	for _, e := range c.Entries {
		term := fmt.Sprintf("%d y", e.TermYears)
		switch {
		case e.Extended:
			term += " (extended)"
		case e.Truncated:
			term += " (cut)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", e.Rank, e.Vendor, term, e.Units, e.SupportUnits,
			pricing.FormatAmount(e.TermTCV.Amount()), pricing.FormatAmount(e.TCV.Amount()),
			pricing.FormatAmount(e.NPV.Amount()), pricing.FormatAmount(e.NPVAboveBest.Amount()),
			orDash(e.PerUnitYear), percentOrDash(e.CAGRPercent), e.Source)
	}
	return tw.Flush()
}

func cents(d decimal.Decimal) string { return d.StringFixedBank(2) }

func percentOrDash(p *pricing.Percent) string {
	if p == nil {
		return "-"
	}
	return p.String()
}

func orDash(d decimal.NullDecimal) string {
	if !d.Valid {
		return "-"
	}
	return cents(d.Decimal)
}
