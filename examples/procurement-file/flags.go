package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	smartlicensing "github.com/openrenewal/smartlicensing"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/sample"
)

// formats are the output formats, in the order they are written.
var formats = []string{"json", "md", "html", "csv", "xlsx"}

// config holds the parsed flags.
type config struct {
	dataset     string
	out         string
	formats     []string
	scenarios   bool
	writeSample string
	force       bool
	instances   int
	// overrides change the resolved options, one per option flag given.
	overrides []func(*smartlicensing.Options)
	asOf      time.Time // -as-of; zero: options.json's, else today
}

const usage = `Usage: procurement-file [flags]

Runs the seven buyer-side moves on a dataset (or the embedded sample) and
writes the procurement file: the waterfall from the vendor's opening proposal
to a documented settlement target, every number traceable to its evidence.

  procurement-file                          the embedded sample case
  procurement-file -dataset DIR -out OUT    your dataset (docs/dataset.md)
  procurement-file -write-sample DIR        the embedded sample as a dataset

Option flags override options.json; an option neither gives takes METHOD.md's
default.

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
	format := strings.Join(formats, ",")
	fs.StringVar(&c.dataset, "dataset", "", "dataset `DIR` to run on (default: the embedded sample)")
	fs.StringVar(&c.out, "out", "procurement-file", "write the procurement file into `DIR`")
	fs.StringVar(&format, "format", format, "comma-separated output `formats`: json, md, html, csv, xlsx")
	fs.BoolVar(&c.scenarios, "scenarios", false, "add the standard scenarios (caps, premiums, stale reclaim, benchmark) side by side")
	fs.StringVar(&c.writeSample, "write-sample", "", "write the embedded sample as a dataset into `DIR` and exit; DIR must be empty or new")
	fs.BoolVar(&c.force, "force", false, "with -write-sample: write into a directory that is not empty")
	fs.IntVar(&c.instances, "instances", sample.DefaultInstances, "size of the embedded sample, in product instances `N` (1000 to 1000000)")

	// option defines a flag that overrides one option: parse reads its
	// text, set stores the value.
	type setter[T any] func(*smartlicensing.Options, T)
	option := func(name, usage string, apply func(string) (func(*smartlicensing.Options), error)) {
		fs.Func(name, usage, func(s string) error {
			change, err := apply(s)
			if err == nil {
				c.overrides = append(c.overrides, change)
			}
			return err
		})
	}
	date := func(name, usage string, set setter[time.Time]) {
		option(name, usage, func(s string) (func(*smartlicensing.Options), error) {
			d, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return nil, fmt.Errorf("%q: not a YYYY-MM-DD date", s)
			}
			if name == "as-of" {
				c.asOf = d
			}
			return func(o *smartlicensing.Options) { set(o, d) }, nil
		})
	}
	rate := func(name, usage string, set setter[decimal.Decimal]) {
		option(name, usage, func(s string) (func(*smartlicensing.Options), error) {
			r, err := parseRate(s)
			return func(o *smartlicensing.Options) { set(o, r) }, err
		})
	}
	days := func(name, usage string, set setter[int]) {
		option(name, usage, func(s string) (func(*smartlicensing.Options), error) {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%q: want a whole number of days, 0 or more", s)
			}
			return func(o *smartlicensing.Options) { set(o, n) }, nil
		})
	}
	date("as-of", "`DATE` of the position, YYYY-MM-DD (default: options.json's as_of, else today)",
		func(o *smartlicensing.Options, d time.Time) { o.AsOf = d })
	date("renewal-date", "renewal `DATE`, YYYY-MM-DD (default: the proposal's start date)",
		func(o *smartlicensing.Options, d time.Time) { o.RenewalDate = d })
	rate("price-cap", "the buyer's target price cap, a `rate` (0.04 or 4%; per year unless -cap-kind)",
		func(o *smartlicensing.Options, r decimal.Decimal) {
			o.PriceCap.Rate = r
			if o.PriceCap.Kind == pricing.CapNone {
				o.PriceCap.Kind = pricing.CapPerYear
			}
		})
	option("cap-kind", "how the cap works: `per-year`, cumulative or none", func(s string) (func(*smartlicensing.Options), error) {
		k, err := pricing.ParseCapKind(s)
		return func(o *smartlicensing.Options) { o.PriceCap.Kind = k }, err
	})
	rate("true-forward-target", "the buyer's true-forward premium, a `rate` (default 0.15)",
		func(o *smartlicensing.Options, r decimal.Decimal) { o.TrueForwardUpliftTarget = r })
	rate("growth-allowance", "growth over entitlement before a true-forward charge, a `rate` (default 0)",
		func(o *smartlicensing.Options, r decimal.Decimal) { o.GrowthAllowance = r })
	rate("exceptional-growth", "growth that triggers a semi-annual milestone, a `rate` (default 0.20)",
		func(o *smartlicensing.Options, r decimal.Decimal) { o.ExceptionalGrowth = r })
	days("stale-after-days", "an instance not seen for more `days` is stale (default 180)",
		func(o *smartlicensing.Options, n int) { o.StaleAfterDays = n })
	option("reclaim-stale", "count stale instances as reclaimable: `true` or false (default false)", func(s string) (func(*smartlicensing.Options), error) {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("%q: want true or false", s)
		}
		return func(o *smartlicensing.Options) { o.ReclaimStale = b }, nil
	})
	days("dormant-after-days", "a user with no login for more `days` is dormant (default 180)",
		func(o *smartlicensing.Options, n int) { o.DormantDays = n })
	days("slr-confirm-days", "an SLR authorization unconfirmed for more `days` is flagged (default 30)",
		func(o *smartlicensing.Options, n int) { o.SLRConfirmDays = n })
	days("slr-expiry-days", "an SLR term ending within `days` of the renewal is flagged (default 90)",
		func(o *smartlicensing.Options, n int) { o.SLRExpiryDays = n })
	rate("discount-rate", "the NPV discount `rate` (default 0.08)",
		func(o *smartlicensing.Options, r decimal.Decimal) { o.DiscountRate = r })
	rate("benchmark-discount", "discount on unit prices a benchmark supports, a `rate` (default 0)",
		func(o *smartlicensing.Options, r decimal.Decimal) { o.BenchmarkDiscount = r })
	option("industry", "the industry of the opening-uplift band, e.g. `financial-services`", func(s string) (func(*smartlicensing.Options), error) {
		_, err := pricing.LookupBand(s)
		return func(o *smartlicensing.Options) { o.Industry = s }, err
	})

	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, f := range strings.Split(format, ",") {
		f = strings.TrimSpace(strings.ToLower(f))
		if !slices.Contains(formats, f) {
			return nil, fmt.Errorf("-format %q: accepted formats are %s", f, strings.Join(formats, ", "))
		}
		if !slices.Contains(c.formats, f) {
			c.formats = append(c.formats, f)
		}
	}
	if c.instances < sample.MinInstances || c.instances > sample.MaxInstances {
		return nil, fmt.Errorf("-instances %d: must be between %d and %d", c.instances, sample.MinInstances, sample.MaxInstances)
	}
	if c.dataset != "" && c.writeSample != "" {
		return nil, errors.New("-dataset and -write-sample cannot be combined")
	}
	return c, nil
}

// parseRate reads a rate flag as pricing.ParseRate does — a fraction
// (0.04) or a percentage (4%) — and refuses what no contract means: a
// negative rate, or one above 100 % (pricing.RateWarning says what was
// likely meant).
func parseRate(s string) (decimal.Decimal, error) {
	r, err := pricing.ParseRate(strings.TrimSpace(s))
	switch {
	case err != nil:
		return decimal.Decimal{}, fmt.Errorf("%q: not a rate (0.04 or 4%%): %w", s, err)
	case r.IsNegative():
		return decimal.Decimal{}, fmt.Errorf("%q: a rate cannot be negative", s)
	case pricing.RateWarning(r) != "":
		return decimal.Decimal{}, fmt.Errorf("%q: %s", s, pricing.RateWarning(r))
	}
	return r, nil
}
