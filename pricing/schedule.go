package pricing

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
)

// Factors returns the price factors of years 1..N (N = len(uplifts)+1)
// under cap c, as in METHOD.md §1: factor_1 = 1, factor_y = factor_(y−1) ×
// (1 + u'_y) with u'_y = min(u_y, c) under a per-year cap, and under a
// cumulative cap factor_y = min(factor_y, 1 + C). uplifts[i] is the uplift
// of year i+2. The factors are exact; nothing is rounded.
func Factors(uplifts []decimal.Decimal, c Cap) ([]decimal.Decimal, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if len(uplifts) >= MaxTermYears {
		return nil, fmt.Errorf("%d uplifts: a term is at most %d years", len(uplifts), MaxTermYears)
	}
	ceiling := one.Add(c.Rate)
	f := make([]decimal.Decimal, len(uplifts)+1)
	f[0] = one
	for i, u := range uplifts {
		if err := checkRate(u); err != nil {
			return nil, fmt.Errorf("uplift of year %d: %w", i+2, err)
		}
		if c.Kind == CapPerYear && u.GreaterThan(c.Rate) {
			u = c.Rate
		}
		f[i+1] = f[i].Mul(one.Add(u))
		if c.Kind == CapCumulative && f[i+1].GreaterThan(ceiling) {
			f[i+1] = ceiling
		}
	}
	return f, nil
}

// Price returns one line's price for a contract year with the given factor:
// round(q × p × factor × (1 + t)), half-even to cents, where t is the
// true-forward premium of a true-forward line and 0 otherwise.
func Price(l Line, factor decimal.Decimal) decimal.Decimal {
	return roundCents(base(l).Mul(factor))
}

// base returns q × p × (1 + t), the unrounded year-1 price of a line.
func base(l Line) decimal.Decimal {
	b := decimal.NewFromInt(l.Quantity).Mul(l.UnitPrice)
	if l.Category == TrueForward && !l.Uplift.IsZero() {
		b = b.Mul(one.Add(l.Uplift))
	}
	return b
}

// Schedule is a proposal priced year by year under one cap.
type Schedule struct {
	Currency string
	Cap      Cap
	// Factors are the price factors of years 1..N (see Factors).
	Factors []decimal.Decimal
	// Lines are the proposal's lines in their order, each priced per year.
	Lines []LineSchedule
	// Years are the per-year totals: the sums of the lines' rounded prices.
	Years []decimal.Decimal
	// TCV is the total contract value, the sum of Years.
	TCV decimal.Decimal
}

// LineSchedule is one line priced per year.
type LineSchedule struct {
	Line Line
	// Years holds the line's rounded price for years 1..N.
	Years []decimal.Decimal
	// TCV is the sum of Years.
	TCV decimal.Decimal
}

// MarshalJSON writes the schedule in the shape of the procurement file's
// opening and target, money as strings with two decimals:
// {"currency","cap_kind","price_cap","tcv","schedule":[{"year","amount"}],
// "lines":[{"sku","license","category","quantity","unit_price","tcv"}]}.
// unit_price keeps every decimal it has (unit prices are never rounded).
func (s Schedule) MarshalJSON() ([]byte, error) {
	type year struct {
		Year   int    `json:"year"`
		Amount string `json:"amount"`
	}
	type line struct {
		SKU       string   `json:"sku"`
		License   string   `json:"license"`
		Category  Category `json:"category"`
		Quantity  int64    `json:"quantity"`
		UnitPrice string   `json:"unit_price"`
		TCV       string   `json:"tcv"`
	}
	out := struct {
		Currency string  `json:"currency"`
		CapKind  CapKind `json:"cap_kind"`
		PriceCap string  `json:"price_cap,omitempty"`
		TCV      string  `json:"tcv"`
		Schedule []year  `json:"schedule"`
		Lines    []line  `json:"lines"`
	}{Currency: s.Currency, CapKind: s.Cap.Kind, TCV: s.TCV.StringFixedBank(2),
		Schedule: make([]year, len(s.Years)), Lines: make([]line, len(s.Lines))}
	if s.Cap.Kind != CapNone {
		out.PriceCap = s.Cap.Rate.String()
	}
	for y, v := range s.Years {
		out.Schedule[y] = year{Year: y + 1, Amount: v.StringFixedBank(2)}
	}
	for i, l := range s.Lines {
		out.Lines[i] = line{SKU: l.Line.SKU, License: l.Line.License, Category: l.Line.Category, Quantity: l.Line.Quantity,
			UnitPrice: moneyText(l.Line.UnitPrice), TCV: l.TCV.StringFixedBank(2)}
	}
	return json.Marshal(out)
}

// Schedule prices the proposal over its term under cap c (the zero Cap for
// the schedule as proposed). It validates the proposal's fields first, but
// not the stated total.
func (p *Proposal) Schedule(c Cap) (*Schedule, error) {
	if err := p.validateFields(); err != nil {
		return nil, err
	}
	f, err := Factors(p.UpliftRates(), c)
	if err != nil {
		return nil, err
	}
	ft := terms(f)
	n := len(f)
	s := &Schedule{Currency: p.Currency, Cap: c, Factors: f, Lines: make([]LineSchedule, len(p.Lines))}
	cells := make([]decimal.Decimal, len(p.Lines)*n) // one allocation for every line's years
	years := make([]big.Int, n)
	var w rounder
	var cents, lineSum, total big.Int
	for i, l := range p.Lines {
		bt := termOf(base(l))
		ls := LineSchedule{Line: l, Years: cells[i*n : (i+1)*n : (i+1)*n]}
		lineSum.SetInt64(0)
		for y := range ft {
			w.cents(&cents, bt, ft[y])
			ls.Years[y] = fromCents(&cents)
			lineSum.Add(&lineSum, &cents)
			years[y].Add(&years[y], &cents)
		}
		ls.TCV = fromCents(&lineSum)
		s.Lines[i] = ls
	}
	s.Years = make([]decimal.Decimal, n)
	for y := range years {
		s.Years[y] = fromCents(&years[y])
		total.Add(&total, &years[y])
	}
	s.TCV = fromCents(&total)
	return s, nil
}

func terms(ds []decimal.Decimal) []term {
	t := make([]term, len(ds))
	for i, d := range ds {
		t[i] = termOf(d)
	}
	return t
}

// pricer holds the unrounded year-1 prices of a set of lines, so that the
// same quantities can be priced under many factor sets (cap scenarios).
type pricer struct {
	bases []term
	w     rounder
	cents big.Int
	acc   big.Int
}

func (p *Proposal) pricer() *pricer {
	b := make([]term, len(p.Lines))
	for i, l := range p.Lines {
		b[i] = termOf(base(l))
	}
	return &pricer{bases: b}
}

// years returns the per-year totals under factors f.
func (pr *pricer) years(f []decimal.Decimal) []decimal.Decimal {
	out := make([]decimal.Decimal, len(f))
	for y, fy := range f {
		ft := termOf(fy)
		pr.acc.SetInt64(0)
		for _, b := range pr.bases {
			pr.w.cents(&pr.cents, b, ft)
			pr.acc.Add(&pr.acc, &pr.cents)
		}
		out[y] = fromCents(&pr.acc)
	}
	return out
}

func sum(ds []decimal.Decimal) decimal.Decimal {
	var s decimal.Decimal
	for _, d := range ds {
		s = s.Add(d)
	}
	return s
}

// npvPlaces is the precision of each discounting division (METHOD.md §1).
const npvPlaces = 12

// NPV returns the net present value at discount rate r of payments made at
// the start of each year (amounts[0] in year 1, undiscounted):
// round(Σ_y amounts[y] / (1 + r)^y), each division carried to 12 decimals
// half-even and the total rounded half-even to cents. r must be above −100 %.
func NPV(amounts []decimal.Decimal, r decimal.Decimal) (decimal.Decimal, error) {
	if err := checkRate(r); err != nil {
		return decimal.Decimal{}, fmt.Errorf("discount rate: %w", err)
	}
	g := one.Add(r)
	disc := one
	var total decimal.Decimal
	for y, a := range amounts {
		if y > 0 {
			disc = disc.Mul(g)
		}
		total = total.Add(divBank(a, disc, npvPlaces))
	}
	return roundCents(total), nil
}
