package trueforward

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestCharge(t *testing.T) {
	tests := []struct {
		name           string
		units          int64
		price, premium string
		months         int
		want           string
	}{
		// 3 × 37.40 = 112.20; × 1.25 = 140.25; × 60 / 12 = 701.25.
		{"whole term", 3, "37.40", "0.25", 60, "701.25"},
		// 7 × 21.80 = 152.60; × 1.15 = 175.49; × 7 = 1,228.43; / 12 = 102.369166… → 102.37.
		{"seven months", 7, "21.80", "0.15", 7, "102.37"},
		// 1 × 1.00 / 12 = 0.08333… → 0.08; 2.00 / 12 = 0.1666… → 0.17.
		{"a twelfth, down", 1, "1.00", "0", 1, "0.08"},
		{"a twelfth, up", 1, "2.00", "0", 1, "0.17"},
		// Exact half cents go to the even cent: 0.06 / 12 = 0.005 → 0.00,
		// 0.18 / 12 = 0.015 → 0.02, 0.30 / 12 = 0.025 → 0.02.
		{"half a cent to 0", 1, "0.06", "0", 1, "0.00"},
		{"1.5 cents to 2", 1, "0.18", "0", 1, "0.02"},
		{"2.5 cents to 2", 1, "0.30", "0", 1, "0.02"},
		// 0.060000000000000000012 / 12 = 0.005000000000000000001: above the
		// half cent by 10⁻²¹, so 0.01 — a division carried to 16 digits
		// would see an exact half cent and give 0.00.
		{"just above half a cent, far down", 1, "0.060000000000000000012", "0", 1, "0.01"},
		// A premium of −100 % and more is refused by Review; 0 keeps the price.
		{"no premium", 10, "10", "0", 12, "100.00"},
		{"no months", 10, "37.40", "0.25", 0, "0.00"},
		{"no units", 0, "37.40", "0.25", 60, "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Charge(tt.units, dec(tt.price), dec(tt.premium), tt.months)
			assert.Equal(t, tt.want, got.StringFixed(2))
			assert.True(t, got.Equal(got.Round(2)), "%s is in cents", got)
		})
	}
}

func TestChargeMatchesExactRounding(t *testing.T) {
	// Against the rule itself: 100 × charge is the integer nearest to 100 ×
	// x / 12, ties to even, checked with integer arithmetic on cents.
	rng := rand.New(rand.NewPCG(5, 12))
	for range 2000 {
		units, cents, months := rng.Int64N(1000), rng.Int64N(10000), rng.IntN(61)
		x := units * cents * int64(months) // in cents, times 12
		q, r := x/12, x%12
		if 2*r > 12 || 2*r == 12 && q%2 == 1 {
			q++
		}
		got := Charge(units, decimal.New(cents, -2), decimal.Zero, months)
		if !got.Equal(decimal.New(q, -2)) {
			t.Fatalf("Charge(%d, %d cents, 0, %d) = %s, want %d cents", units, cents, months, got, q)
		}
	}
}

func TestAttribute(t *testing.T) {
	tests := []struct {
		name    string
		units   int64
		weights Attribution
		want    Attribution
	}{
		// Shares 2/3 each: floors 0, 0, 0; the 2 left go to the largest
		// remainders, all equal, so to organic and project, in that order.
		{"three-way tie", 2, Attribution{Organic: 1, Project: 1, Acquisition: 1}, Attribution{Organic: 1, Project: 1}},
		{"three-way tie, one unit", 1, Attribution{Organic: 5, Project: 5, Acquisition: 5}, Attribution{Organic: 1}},
		// Shares 7/4 = 1.75 each: floors 1 each, 3 left to organic, project, acquisition.
		{"four-way tie", 7, Attribution{Organic: 1, Project: 1, Acquisition: 1, Unattributed: 1}, Attribution{Organic: 2, Project: 2, Acquisition: 2, Unattributed: 1}},
		// 10 × 1700/3400 = 5; 10 × 1000/3400 = 2.94; 10 × 700/3400 = 2.06:
		// floors 5 + 2 + 2 = 9, the one left to the largest remainder, project.
		{"the sample's observed growth", 10, Attribution{Organic: 1700, Project: 1000, Acquisition: 700}, Attribution{Organic: 5, Project: 3, Acquisition: 2}},
		{"exact shares", 9, Attribution{Organic: 2, Project: 1}, Attribution{Organic: 6, Project: 3}},
		{"no growth known: unattributed", 4, Attribution{}, Attribution{Unattributed: 4}},
		{"negative weights count as zero", 4, Attribution{Organic: -3, Project: 1}, Attribution{Project: 4}},
		{"no units", 0, Attribution{Organic: 1}, Attribution{}},
		{"huge weights stay exact", 3, Attribution{Organic: 1 << 62, Project: 1 << 62, Acquisition: 1 << 62}, Attribution{Organic: 1, Project: 1, Acquisition: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Attribute(tt.units, tt.weights)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, max(tt.units, 0), got.Total())
		})
	}
}
