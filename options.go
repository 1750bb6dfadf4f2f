package smartlicensing

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/slr"
)

// Options holds every parameter of METHOD.md, resolved: no field means "use
// the default". Build one with DefaultOptions, then change what the renewal
// needs; Options read from a dataset's options.json come from
// OptionsFromDataset. A hand-written Options{…} literal is refused by
// Validate, because its zero fields would silently mean "no cap", "stale
// after 0 days" and so on — the defaults are not zero.
type Options struct {
	// AsOf is the date of the position (METHOD.md §0); required. The library
	// never reads the clock: the caller says what "today" is, so a run can
	// be repeated.
	AsOf time.Time
	// RenewalDate is when the renewal takes effect; zero means the
	// proposal's start date, else AsOf. SLR's expiring window counts from it.
	RenewalDate time.Time

	// PriceCap is the buyer's target cap on the uplift (METHOD.md §1, §8
	// step 6). The default is no cap (CapNone): the SDK never assumes a
	// concession the buyer has not asked for.
	PriceCap pricing.Cap
	// TrueForwardUpliftTarget is the buyer's true-forward premium (METHOD.md
	// §5, §8 step 4); default 0.15, the floor of the 15–40 point band.
	TrueForwardUpliftTarget decimal.Decimal
	// GrowthAllowance is the share of entitlement consumption may exceed
	// before a true-forward charge (METHOD.md §5); default 0 — no vendor's
	// allowance is assumed.
	GrowthAllowance decimal.Decimal
	// ExceptionalGrowth is the growth over the last milestone that triggers
	// a semi-annual true-forward milestone (METHOD.md §5); default 0.20.
	ExceptionalGrowth decimal.Decimal

	// StaleAfterDays: an instance not seen for more days is stale
	// (METHOD.md §3); default 180.
	StaleAfterDays int
	// ReclaimStale counts stale instances as reclaimable (METHOD.md §3);
	// default false.
	ReclaimStale bool
	// DormantDays: a user with no login for more days is dormant (METHOD.md
	// §3); default 180.
	DormantDays int

	// SLRConfirmDays: an SLR authorization unconfirmed for more days is
	// not_confirmed (METHOD.md §7); default 30.
	SLRConfirmDays int
	// SLRExpiryDays: an SLR reservation whose term ends before RenewalDate +
	// this many days is expiring (METHOD.md §7); default 90.
	SLRExpiryDays int

	// DiscountRate is the NPV rate (METHOD.md §1); default 0.08.
	DiscountRate decimal.Decimal
	// BenchmarkDiscount is the discount on unit prices a benchmark supports
	// (METHOD.md §8 step 7); default 0.
	BenchmarkDiscount decimal.Decimal
	// Industry selects the opening-uplift band (METHOD.md §1), e.g.
	// "financial-services"; "" skips the band reading.
	Industry string

	resolved bool // set by DefaultOptions: the fields above hold real choices
}

// Defaults of METHOD.md.
var (
	DefaultTrueForwardUpliftTarget = decimal.RequireFromString("0.15")
	DefaultExceptionalGrowth       = decimal.RequireFromString("0.20")
	DefaultDiscountRate            = decimal.RequireFromString("0.08")
)

// Default windows of METHOD.md, in days.
const (
	DefaultStaleAfterDays = 180
	DefaultDormantDays    = 180
	DefaultSLRConfirmDays = slr.DefaultConfirmDays // 30
	DefaultSLRExpiryDays  = slr.DefaultExpiryDays  // 90
)

// DefaultOptions returns the Options of METHOD.md's defaults for a position
// as of asOf (a civil date; its UTC day is used).
func DefaultOptions(asOf time.Time) Options {
	return Options{
		AsOf:                    civil(asOf),
		TrueForwardUpliftTarget: DefaultTrueForwardUpliftTarget,
		ExceptionalGrowth:       DefaultExceptionalGrowth,
		StaleAfterDays:          DefaultStaleAfterDays,
		DormantDays:             DefaultDormantDays,
		SLRConfirmDays:          DefaultSLRConfirmDays,
		SLRExpiryDays:           DefaultSLRExpiryDays,
		DiscountRate:            DefaultDiscountRate,
		resolved:                true,
	}
}

// OptionsFromDataset resolves a dataset's options.json (nil when the
// dataset has none) over METHOD.md's defaults. asOf is used when the file
// gives no as_of: the caller's "today". A value the file gives always wins
// over the default; flags of the reference programs then override the
// result field by field.
func OptionsFromDataset(o *dataset.Options, asOf time.Time) Options {
	if o != nil && !o.AsOf.IsZero() {
		asOf = o.AsOf
	}
	opts := DefaultOptions(asOf)
	if o == nil {
		return opts
	}
	opts.RenewalDate = o.RenewalDate
	if o.PriceCap.Valid {
		opts.PriceCap = pricing.Cap{Kind: pricing.CapPerYear, Rate: o.PriceCap.Decimal}
	}
	if o.CapKind != nil {
		opts.PriceCap.Kind = *o.CapKind
		if *o.CapKind == pricing.CapNone {
			opts.PriceCap.Rate = decimal.Decimal{}
		}
	}
	set := func(dst *decimal.Decimal, src decimal.NullDecimal) {
		if src.Valid {
			*dst = src.Decimal
		}
	}
	set(&opts.TrueForwardUpliftTarget, o.TrueForwardUpliftTarget)
	set(&opts.GrowthAllowance, o.GrowthAllowance)
	set(&opts.ExceptionalGrowth, o.ExceptionalGrowth)
	set(&opts.DiscountRate, o.DiscountRate)
	set(&opts.BenchmarkDiscount, o.BenchmarkDiscount)
	setInt := func(dst *int, src *int) {
		if src != nil {
			*dst = *src
		}
	}
	setInt(&opts.StaleAfterDays, o.StaleAfterDays)
	setInt(&opts.DormantDays, o.DormantDays)
	setInt(&opts.SLRConfirmDays, o.SLRConfirmDays)
	setInt(&opts.SLRExpiryDays, o.SLRExpiryDays)
	if o.ReclaimStale != nil {
		opts.ReclaimStale = *o.ReclaimStale
	}
	opts.Industry = o.Industry
	return opts
}

// Validate reports what makes the options unusable: not built by
// DefaultOptions, a zero AsOf, a negative window, a rate out of its range,
// an invalid cap or an unknown industry. Every problem is listed.
func (o *Options) Validate() error {
	if !o.resolved {
		return errors.New("smartlicensing: Options were not built by DefaultOptions or OptionsFromDataset: start from DefaultOptions(asOf) and change what you need, so that no parameter is silently zero")
	}
	var errs []error
	if o.AsOf.IsZero() {
		errs = append(errs, errors.New("AsOf is required"))
	}
	for _, w := range []struct {
		name string
		days int
	}{{"StaleAfterDays", o.StaleAfterDays}, {"DormantDays", o.DormantDays}, {"SLRConfirmDays", o.SLRConfirmDays}, {"SLRExpiryDays", o.SLRExpiryDays}} {
		if w.days < 0 {
			errs = append(errs, fmt.Errorf("%s is %d: a window of days cannot be negative", w.name, w.days))
		}
	}
	one := decimal.NewFromInt(1)
	for _, r := range []struct {
		name string
		v    decimal.Decimal
	}{
		{"TrueForwardUpliftTarget", o.TrueForwardUpliftTarget}, {"GrowthAllowance", o.GrowthAllowance},
		{"ExceptionalGrowth", o.ExceptionalGrowth}, {"DiscountRate", o.DiscountRate},
	} {
		if r.v.IsNegative() {
			errs = append(errs, fmt.Errorf("%s is %s: it cannot be negative", r.name, r.v))
		}
	}
	if o.BenchmarkDiscount.IsNegative() || !o.BenchmarkDiscount.LessThan(one) {
		errs = append(errs, fmt.Errorf("BenchmarkDiscount is %s: it must be at least 0 and below 1", o.BenchmarkDiscount))
	}
	if err := o.PriceCap.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("PriceCap: %w", err))
	}
	if o.Industry != "" {
		if _, err := pricing.LookupBand(o.Industry); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("smartlicensing: invalid options: %w", err)
	}
	return nil
}

// civil returns t's UTC calendar day at 00:00 UTC.
func civil(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
