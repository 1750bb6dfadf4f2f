package pricing

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/enum"
)

// Extension says how a proposal shorter than the comparison horizon is
// priced after its term ends.
type Extension int

// The extension assumptions.
const (
	// ExtendUplift renews on the same terms: prices keep rising each year
	// at the proposal's last uplift (its annual_uplift when the term is one
	// year). It is the default.
	ExtendUplift Extension = iota
	// ExtendFlat holds prices at the last year of the term.
	ExtendFlat
)

var extensions = enum.New[Extension]("extension", []string{"uplift", "flat"}, nil)

// ParseExtension parses "uplift" or "flat", ignoring case.
func ParseExtension(s string) (Extension, error) { return extensions.Parse(s) }

// String returns "uplift" or "flat".
func (e Extension) String() string { return extensions.String(e) }

// CompareParams are the parameters of a vendor comparison.
type CompareParams struct {
	// DiscountRate is the NPV rate (0.08 for 8 %).
	DiscountRate decimal.Decimal
	// Horizon is the common number of years every proposal is priced over;
	// 0 means the longest term among the proposals.
	Horizon int
	// Extension prices the years after a shorter term.
	Extension Extension
}

// Comparison ranks proposals priced over a common horizon.
type Comparison struct {
	Currency     string
	Horizon      int
	DiscountRate decimal.Decimal
	Extension    Extension
	// Assumption states in words how terms were brought to the horizon.
	Assumption string
	// Entries are ranked: lowest NPV first, then lowest TCV, then vendor
	// name, then input order.
	Entries []Entry
}

// Entry is one proposal normalised to the comparison's horizon.
type Entry struct {
	Rank int
	// Index is the proposal's position in the input of Compare.
	Index     int
	Vendor    string
	TermYears int
	// Extended is true when the term is shorter than the horizon, Truncated
	// when it is longer.
	Extended, Truncated bool
	// Source names where the proposal came from, such as its file; Compare
	// leaves it empty for the caller to fill, and MarshalJSON writes it
	// when set.
	Source string
	// Units counts the licenses bought each year: the units of the
	// subscription and true-forward lines. SupportUnits counts the units of
	// the support lines apart, since a support contract is not a license;
	// both are priced.
	Units, SupportUnits int64
	// Years are the per-year totals over the horizon.
	Years []decimal.Decimal
	// TermTCV is the TCV over the proposal's own term, as quoted.
	TermTCV Money
	// TCV and NPV are over the horizon.
	TCV, NPV Money
	// NPVAboveBest is this NPV minus the rank-1 NPV.
	NPVAboveBest Money
	// PerUnitYear is TCV / (Units × Horizon), half-even to cents; not
	// Valid when Units is 0.
	PerUnitYear decimal.NullDecimal
	// CAGRPercent is the effective annual escalation over the horizon,
	// ((last year / first year)^(1/(horizon−1)) − 1) × 100. It is 0.00 over
	// a one-year horizon and nil when year 1 costs nothing.
	CAGRPercent *Percent
}

// Compare normalises proposals — different vendors, terms and uplifts, one
// currency — to TCV, NPV, price per unit per year and CAGR over a common
// horizon and ranks them. A shorter term is extended as opts.Extension says
// (and Comparison.Assumption states it); a longer term is cut at the horizon.
func Compare(ps []*Proposal, opts CompareParams) (*Comparison, error) {
	if len(ps) == 0 {
		return nil, errors.New("compare: no proposals")
	}
	if err := checkRate(opts.DiscountRate); err != nil {
		return nil, fmt.Errorf("discount rate: %w", err)
	}
	if _, err := extensions.Text(opts.Extension); err != nil {
		return nil, err
	}
	for i, p := range ps {
		if p == nil {
			return nil, fmt.Errorf("proposal %d is nil", i+1)
		}
		if err := p.validateFields(); err != nil {
			return nil, fmt.Errorf("proposal %d (%s): %w", i+1, p.Vendor, err)
		}
		if p.Currency != ps[0].Currency {
			return nil, fmt.Errorf("proposal %d (%s): %w", i+1, p.Vendor, &CurrencyMismatchError{Want: ps[0].Currency, Got: p.Currency})
		}
	}
	h := opts.Horizon
	if h == 0 {
		for _, p := range ps {
			h = max(h, p.TermYears)
		}
	}
	if h < 1 || h > MaxTermYears {
		return nil, fmt.Errorf("horizon %d is outside 1..%d years", h, MaxTermYears)
	}
	c := &Comparison{Currency: ps[0].Currency, Horizon: h, DiscountRate: opts.DiscountRate, Extension: opts.Extension,
		Entries: make([]Entry, len(ps))}
	for i, p := range ps {
		e, err := p.entry(h, opts)
		if err != nil {
			return nil, fmt.Errorf("proposal %d (%s): %w", i+1, p.Vendor, err)
		}
		e.Index = i
		c.Entries[i] = e
	}
	slices.SortStableFunc(c.Entries, func(a, b Entry) int {
		return cmp.Or(a.NPV.amount.Cmp(b.NPV.amount), a.TCV.amount.Cmp(b.TCV.amount), strings.Compare(a.Vendor, b.Vendor))
	})
	for i := range c.Entries {
		c.Entries[i].Rank = i + 1
		c.Entries[i].NPVAboveBest, _ = c.Entries[i].NPV.Sub(c.Entries[0].NPV) // one currency, checked above
	}
	c.Assumption = assumption(c)
	return c, nil
}

// entry prices one validated proposal over horizon h.
func (p *Proposal) entry(h int, opts CompareParams) (Entry, error) {
	own := p.UpliftRates()
	rates := make([]decimal.Decimal, h-1)
	for i := range rates {
		switch {
		case i < len(own):
			rates[i] = own[i]
		case opts.Extension == ExtendFlat:
			rates[i] = decimal.Zero
		case len(own) > 0:
			rates[i] = own[len(own)-1]
		default:
			rates[i] = p.AnnualUplift
		}
	}
	pr := p.pricer()
	f, err := Factors(rates, Cap{})
	if err != nil {
		return Entry{}, err
	}
	e := Entry{Vendor: p.Vendor, TermYears: p.TermYears, Extended: p.TermYears < h, Truncated: p.TermYears > h,
		Years: pr.years(f)}
	// The own-term TCV: the horizon's years when they cover the term.
	termYears := e.Years
	if p.TermYears != h {
		tf, err := Factors(own, Cap{})
		if err != nil {
			return Entry{}, err
		}
		termYears = pr.years(tf)
	}
	npv, err := NPV(e.Years, opts.DiscountRate)
	if err != nil {
		return Entry{}, err
	}
	cur := p.Currency
	e.TermTCV = Money{amount: sum(termYears), currency: cur}
	e.TCV = Money{amount: sum(e.Years), currency: cur}
	e.NPV = Money{amount: npv, currency: cur}
	for _, l := range p.Lines { // at most MaxQuantity each: no sum of lines in memory overflows
		if l.Category == Support {
			e.SupportUnits += l.Quantity
		} else {
			e.Units += l.Quantity
		}
	}
	if e.Units > 0 {
		e.PerUnitYear = decimal.NewNullDecimal(divBank(e.TCV.amount, decimal.NewFromInt(e.Units).Mul(decimal.NewFromInt(int64(h))), 2))
	}
	if first := e.Years[0]; first.IsPositive() {
		cagr := CAGRPercent(first, e.Years[h-1], h-1)
		e.CAGRPercent = &cagr
	}
	return e, nil
}

// assumption states how the proposals were brought to the horizon.
func assumption(c *Comparison) string {
	var ext, cut []string
	for _, e := range c.Entries {
		name := e.Vendor
		if name == "" {
			name = fmt.Sprintf("proposal %d", e.Index+1)
		}
		if e.Extended {
			ext = append(ext, fmt.Sprintf("%s (%d years)", name, e.TermYears))
		}
		if e.Truncated {
			cut = append(cut, fmt.Sprintf("%s (%d years)", name, e.TermYears))
		}
	}
	var parts []string
	if len(ext) > 0 {
		how := "prices keep rising each year at the proposal's last annual uplift, as if renewed on the same terms"
		if c.Extension == ExtendFlat {
			how = "prices stay at the last year's level, as if renewed without uplift"
		}
		parts = append(parts, fmt.Sprintf("extended to %d years — %s: %s", c.Horizon, strings.Join(ext, ", "), how))
	}
	if len(cut) > 0 {
		parts = append(parts, fmt.Sprintf("cut at %d years: %s", c.Horizon, strings.Join(cut, ", ")))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("every proposal covers the %d-year horizon; nothing is extended", c.Horizon)
	}
	return strings.Join(parts, "; ")
}

// rootPlaces is the working precision of CAGR's root.
const rootPlaces = 30

// CAGRPercent returns the compound annual growth rate from first to last
// over the given number of years as a percentage: ((last / first)^(1/years)
// − 1) × 100. first must be positive and last not negative; zero years (or
// a non-positive first) give 0.00.
func CAGRPercent(first, last decimal.Decimal, years int) Percent {
	if years <= 0 || !first.IsPositive() || last.IsNegative() {
		return Percent{}
	}
	x := root(divBank(last, first, rootPlaces), years)
	return NewPercent(x.Sub(one).Mul(hundred))
}

// root returns a^(1/k) for a ≥ 0 and k ≥ 1 to about rootPlaces decimals,
// by Newton's method from a starting point above the root, where the
// iteration decreases monotonically.
func root(a decimal.Decimal, k int) decimal.Decimal {
	if k == 1 || a.IsZero() {
		return a
	}
	// 10^ceil(d/k) ≥ a^(1/k) when a < 10^d; 1 ≥ a^(1/k) when a ≤ 1.
	x := one
	if d := int32(a.NumDigits()) + a.Exponent(); a.GreaterThan(one) && d > 0 {
		x = decimal.New(1, (d+int32(k)-1)/int32(k))
	}
	kd := decimal.NewFromInt(int64(k))
	k1 := decimal.NewFromInt(int64(k - 1))
	eps := decimal.New(1, -rootPlaces+2)
	for range 500 {
		p := one
		for range k - 1 {
			p = p.Mul(x).Truncate(rootPlaces + 10)
		}
		if p.IsZero() {
			break
		}
		next := divBank(x.Mul(k1).Add(divBank(a, p, rootPlaces)), kd, rootPlaces)
		if x.Sub(next).Abs().LessThan(eps) {
			return next
		}
		x = next
	}
	return x
}

// MarshalJSON writes the comparison with money and percentages as strings
// with two decimals, for scripts (vendor-compare -format json).
func (c Comparison) MarshalJSON() ([]byte, error) {
	type entry struct {
		Rank         int      `json:"rank"`
		Vendor       string   `json:"vendor"`
		TermYears    int      `json:"term_years"`
		Extended     bool     `json:"extended"`
		Truncated    bool     `json:"truncated"`
		Source       string   `json:"source,omitempty"`
		Units        int64    `json:"units"`
		SupportUnits int64    `json:"support_units"`
		Schedule     []string `json:"schedule"`
		TermTCV      Money    `json:"term_tcv"`
		TCV          Money    `json:"tcv"`
		NPV          Money    `json:"npv"`
		NPVAboveBest Money    `json:"npv_above_best"`
		PerUnitYear  *string  `json:"per_unit_per_year"`
		CAGR         *Percent `json:"cagr_percent"`
	}
	out := struct {
		Currency     string  `json:"currency"`
		Horizon      int     `json:"horizon_years"`
		DiscountRate string  `json:"discount_rate"`
		Extension    string  `json:"extension"`
		Assumption   string  `json:"assumption"`
		Entries      []entry `json:"proposals"`
	}{c.Currency, c.Horizon, c.DiscountRate.String(), c.Extension.String(), c.Assumption, make([]entry, len(c.Entries))}
	for i, e := range c.Entries {
		o := entry{Rank: e.Rank, Vendor: e.Vendor, TermYears: e.TermYears, Extended: e.Extended, Truncated: e.Truncated,
			Source: e.Source, Units: e.Units, SupportUnits: e.SupportUnits, Schedule: make([]string, len(e.Years)), TermTCV: e.TermTCV, TCV: e.TCV, NPV: e.NPV, NPVAboveBest: e.NPVAboveBest}
		for y, v := range e.Years {
			o.Schedule[y] = v.StringFixedBank(2)
		}
		o.PerUnitYear = nullFixed(e.PerUnitYear)
		o.CAGR = e.CAGRPercent
		out.Entries[i] = o
	}
	return json.Marshal(out)
}

// nullFixed formats a valid value with two decimals, or returns nil.
func nullFixed(d decimal.NullDecimal) *string {
	if !d.Valid {
		return nil
	}
	s := d.Decimal.StringFixedBank(2)
	return &s
}
