package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
per unit per year and effective annual escalation (CAGR) over a common
horizon, ranked by NPV (lowest first). All proposals must use one currency.

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
	rate := fs.String("discount-rate", "0.08", "NPV discount `rate` as a decimal (0.08 = 8 %); payments at the start of each year")
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
	r, err := pricing.ParseDecimal(*rate)
	if err != nil {
		return nil, fmt.Errorf("-discount-rate: %v", err)
	}
	if r.LessThanOrEqual(decimal.NewFromInt(-1)) {
		return nil, fmt.Errorf("-discount-rate %s: must be above -1 (-100 %%)", r)
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
// parser accepts.
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
	return pricing.ParseProposal(data)
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
	fmt.Fprintf(tw, "rank\tvendor\tterm\tunits\tTCV (term)\tTCV (%d y)\tNPV\tNPV above best\tper unit/year\tCAGR %%\t\n", c.Horizon)
	for _, e := range c.Entries {
		term := fmt.Sprintf("%d y", e.TermYears)
		switch {
		case e.Extended:
			term += " (extended)"
		case e.Truncated:
			term += " (cut)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", e.Rank, e.Vendor, term, e.Units,
			pricing.FormatAmount(e.TermTCV.Amount()), pricing.FormatAmount(e.TCV.Amount()),
			pricing.FormatAmount(e.NPV.Amount()), pricing.FormatAmount(e.NPVAboveBest.Amount()),
			orDash(e.PerUnitYear), percentOrDash(e.CAGRPercent))
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
