package report

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
)

// cents writes money or a percentage the way every format of the file
// does: exactly two decimals, half-even (METHOD.md §0).
func cents(d decimal.Decimal) string {
	if d.IsZero() {
		return "0.00" // most findings are not priced: spare the formatting
	}
	return d.StringFixedBank(2)
}

// exact writes a unit price or a rate: at least two decimals and every
// decimal it has, since unit prices are never rounded (METHOD.md §0).
func exact(d decimal.Decimal) string {
	s := d.String()
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > 2 {
		return s
	}
	return d.StringFixed(2)
}

var hundred = decimal.NewFromInt(100)

// percentOf writes a fraction (0.092727) as a percentage with two decimals
// ("9.27").
func percentOf(fraction decimal.Decimal) string { return cents(fraction.Mul(hundred)) }

// date writes a civil date as YYYY-MM-DD; the zero time gives "".
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// amount writes money for a human reader: "USD 9,400,783.42".
func amount(currency string, d decimal.Decimal) string {
	if currency == "" {
		return pricing.FormatAmount(d)
	}
	return currency + " " + pricing.FormatAmount(d)
}

// percent writes a percentage for a human reader: "40.00 %".
func percent(d decimal.Decimal) string { return cents(d) + " %" }

// NeutralizeFormula returns s as a spreadsheet must read it: as text. A
// cell that begins with =, +, -, @, a tab or a carriage return is prefixed
// with a single quote, so that no spreadsheet program turns input text (a
// hostname, a Virtual Account name, a detail) into a formula. The CSV of
// findings and the workbook pass every text cell through it.
func NeutralizeFormula(s string) string {
	if s != "" && formulaStart(s[0]) {
		return "'" + s
	}
	return s
}

// formulaStart reports whether a cell that begins with c could become a
// formula.
func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
