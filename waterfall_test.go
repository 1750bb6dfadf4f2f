package smartlicensing

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/report"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// handProposal: 3 years at 10 % a year (factors 1, 1.1, 1.21: 3.31 in all).
//
//	Adv subscription  100 × 10.00           1000.00 + 1100.00 + 1210.00 = 3310.00
//	Adv true-forward   20 × 10.00 × 1.25     250.00 +  275.00 +  302.50 =  827.50
//	Ess subscription   10 ×  6.00             60.00 +   66.00 +   72.60 =  198.60
//	Adv support         1 × 500.00           500.00 +  550.00 +  605.00 = 1655.00
//	                                                               TCV  5991.10
func handProposal() *pricing.Proposal {
	return &pricing.Proposal{
		Vendor: "Cisco", Currency: "USD", TermYears: 3, StartDate: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		AnnualUplift: d("0.10"),
		Lines: []pricing.Line{
			{SKU: "ADV-S", License: "Adv", Category: pricing.Subscription, Quantity: 100, UnitPrice: d("10.00")},
			{SKU: "ADV-TF", License: "Adv", Category: pricing.TrueForward, Quantity: 20, UnitPrice: d("10.00"), Uplift: d("0.25")},
			{SKU: "ESS-S", License: "Ess", Category: pricing.Subscription, Quantity: 10, UnitPrice: d("6.00")},
			{SKU: "ADV-SUP", License: "Adv support", Category: pricing.Support, Quantity: 1, UnitPrice: d("500.00")},
		},
		Tiers: [][]string{{"Ess", "Adv"}},
	}
}

func TestWaterfallByHand(t *testing.T) {
	// Adv: N = 80, G = 5 (floor 85), P1 = 8, R = 12, 4 devices need Ess.
	// T* = min(20, 8) = 8; S* = min(100, 85 − 8) = 77; Δ = 120 − 85 = 35;
	// hygiene moves min(12, 35) = 12 units.
	adv := &figures{known: true, need: 80, growth: 5, pooled: 8, reclaim: 12, oversized: map[string]int64{"Ess": 4},
		evidence: map[string][]string{
			report.StepHygiene:        {"decommissioned|A|Adv|x|", "duplicate|A|Adv|y|"},
			report.StepRightsizing:    {"fragmented_shortage||Adv||"},
			report.StepReconciliation: {"surplus|A|Adv||"},
			report.StepTrueForward:    {"true_forward_exposure||Adv||"},
			report.StepRightTiering:   {"oversized|A|Adv|z|"},
		}}
	// Ess is known but needs all its units: N = 10, nothing else.
	ess := &figures{known: true, need: 10}
	res, err := runWaterfall(waterfallInput{
		proposal:          handProposal(),
		licenses:          map[string]*figures{"Adv": adv, "Ess": ess},
		cap:               pricing.Cap{Kind: pricing.CapPerYear, Rate: d("0.05")},
		premium:           d("0.15"),
		benchmark:         d("0.10"),
		capEvidence:       []string{"uplift_above_cap||||"},
		benchmarkEvidence: []string{"benchmark_discount||||"},
	})
	require.NoError(t, err)
	assert.True(t, res.opening.TCV.Equal(d("5991.10")), "opening TCV %s", res.opening.TCV)

	want := []report.Step{
		// 12 Adv subscription units leave: 12 × 10 × 3.31 = 397.20.
		{Name: report.StepHygiene, Amount: d("397.20"), Units: 12, Findings: []string{"decommissioned|A|Adv|x|", "duplicate|A|Adv|y|"}},
		// True-forward 20 → 8: 827.50 − (100 + 110 + 121) = 496.50.
		{Name: report.StepRightsizing, Amount: d("496.50"), Units: 12, Findings: []string{"fragmented_shortage||Adv||"}},
		// Subscription 88 → 77: 11 × 33.10 = 364.10.
		{Name: report.StepReconciliation, Amount: d("364.10"), Units: 11, Findings: []string{"surplus|A|Adv||"}},
		// 8 true-forward units at 15 % instead of 25 %: base 92 → 92 + 101.20
		// + 111.32 = 304.52, against 331.00: 26.48.
		{Name: report.StepTrueForward, Amount: d("26.48"), Findings: []string{"true_forward_exposure||Adv||"}},
		// 4 units Adv → Ess: Adv 73 = 2416.30 (−132.40), Ess 14 = 84 + 92.40
		// + 101.64 = 278.04 (+79.44): 52.96.
		{Name: report.StepRightTiering, Amount: d("52.96"), Units: 4, Findings: []string{"oversized|A|Adv|z|"}},
		// Under 5 % a year (1, 1.05, 1.1025): Adv 730 + 766.50 + 804.82
		// (804.825 half-even) = 2301.32; TF 92 + 96.60 + 101.43 = 290.03; Ess
		// 84 + 88.20 + 92.61 = 264.81; support 500 + 525 + 551.25 = 1576.25;
		// 4432.41 against 4653.86 uncapped: 221.45.
		{Name: report.StepPriceCap, Amount: d("221.45"), Findings: []string{"uplift_above_cap||||"}},
		// Prices × 0.9: Adv 657 + 689.85 + 724.34 = 2071.19; TF 82.80 + 86.94
		// + 91.29 = 261.03; Ess 75.60 + 79.38 + 83.35 = 238.33; support 450 +
		// 472.50 + 496.12 = 1418.62; 3989.17: 443.24.
		{Name: report.StepBenchmarkDiscount, Amount: d("443.24"), Findings: []string{"benchmark_discount||||"}},
	}
	got := res.steps
	for i := range got {
		got[i].Detail = "" // the sentences are for people; the numbers are checked here
	}
	assert.Empty(t, cmp.Diff(want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })))
	// 5991.10 − (397.20 + 496.50 + 364.10 + 26.48 + 52.96 + 221.45 + 443.24) = 3989.17.
	assert.True(t, res.final.TCV.Equal(d("3989.17")), "target TCV %s", res.final.TCV)

	// The counter-proposal holds the target quantities, premium and prices.
	q := func(i int) int64 { return res.target.Lines[i].Quantity }
	assert.Equal(t, []int64{73, 8, 14, 1}, []int64{q(0), q(1), q(2), q(3)})
	assert.True(t, res.target.Lines[1].Uplift.Equal(d("0.15")))
	assert.True(t, res.target.Lines[2].UnitPrice.Equal(d("5.4")))
	// The opening proposal is left as it was.
	assert.Equal(t, int64(100), handProposal().Lines[0].Quantity)
}

func TestWaterfallLeavesUnknownLicensesAlone(t *testing.T) {
	// No figures at all: every license keeps its opening quantities, and
	// with no cap, no better premium and no benchmark every step is zero.
	p := handProposal()
	res, err := runWaterfall(waterfallInput{proposal: p, premium: d("0.25")})
	require.NoError(t, err)
	require.Len(t, res.steps, 7)
	for _, s := range res.steps {
		assert.True(t, s.Amount.IsZero(), "%s: %s", s.Name, s.Amount)
		assert.Empty(t, s.Findings, "a zero step cites nothing")
	}
	assert.True(t, res.final.TCV.Equal(res.opening.TCV))
}

func TestWaterfallRightTieringNeverRaisesTCV(t *testing.T) {
	// Ess priced above Adv: moving oversized units would raise the TCV, so
	// the step moves nothing.
	p := handProposal()
	p.Lines[2].UnitPrice = d("12.00")
	adv := &figures{known: true, need: 120, pooled: 20, oversized: map[string]int64{"Ess": 4}}
	res, err := runWaterfall(waterfallInput{proposal: p, licenses: map[string]*figures{"Adv": adv}, premium: d("0.25")})
	require.NoError(t, err)
	assert.True(t, res.steps[4].Amount.IsZero())
	assert.Equal(t, int64(0), res.steps[4].Units)
	assert.Equal(t, int64(10), res.target.Lines[2].Quantity)
}

func TestTargets(t *testing.T) {
	tests := []struct {
		name   string
		f      *figures
		s0, t0 int64
		want   targets
	}{
		{"unknown license keeps its quantities", nil, 50, 5, targets{s0: 50, t0: 5, sStar: 50, tStar: 5}},
		// floor = 30 + 0 = 30; T* = min(5, 2) = 2; S* = min(50, 28) = 28; Δ = 55 − 30 = 25; hygiene min(40, 25) = 25.
		{"reclaim larger than Δ", &figures{known: true, need: 30, pooled: 2, reclaim: 40}, 50, 5,
			targets{s0: 50, t0: 5, sStar: 28, tStar: 2, delta: 25, hygiene: 25}},
		// floor = 60 + 10 = 70 > 50: S* = min(50, 70 − 5) = 50; T* = min(5, 9) = 5; Δ = 0.
		{"growth beyond the opening", &figures{known: true, need: 60, growth: 10, pooled: 9, reclaim: 3}, 50, 5,
			targets{s0: 50, t0: 5, sStar: 50, tStar: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, tt.f.targets(tt.s0, tt.t0)) })
	}
}
