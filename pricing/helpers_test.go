package pricing

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// dec builds a decimal from a string literal of a test.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// decs builds decimals from string literals.
func decs(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = dec(s)
	}
	return out
}

// decEqual makes go-cmp compare decimals by value (37.4 equals 37.40).
var decEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func assertDec(t *testing.T, want string, got decimal.Decimal) {
	t.Helper()
	if !got.Equal(dec(want)) {
		t.Errorf("got %s, want %s", got, want)
	}
}

// assertPercent checks a percentage as it prints, with exactly two decimals.
func assertPercent(t *testing.T, want string, got Percent) {
	t.Helper()
	if got.String() != want {
		t.Errorf("got %s %%, want %s %%", got, want)
	}
}

// workedProposal is METHOD.md §1's worked check: quantity × 37.40 at
// uplift for 5 years.
func workedProposal(quantity int64, uplift string) *Proposal {
	return &Proposal{
		Vendor: "Cisco", Currency: "USD", TermYears: 5, AnnualUplift: dec(uplift),
		Lines: []Line{{SKU: "DNA-E", License: "DNA Essentials", Category: Subscription, Quantity: quantity, UnitPrice: dec("37.40")}},
	}
}
