package reporttest_test

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/report/reporttest"
)

func TestFileIsConsistent(t *testing.T) {
	for _, n := range []int{0, 6, 1000, 123_457} {
		f, err := reporttest.File(n)
		require.NoError(t, err)
		assert.Equal(t, n+2, f.FindingCount(), "the findings asked for and the two about the prices")
		var sum decimal.Decimal
		for _, s := range f.Waterfall {
			assert.False(t, s.Amount.IsNegative(), "%s: no step increases TCV", s.Name)
			if s.Amount.IsPositive() && n >= 6 {
				assert.NotEmpty(t, s.Findings, "%s: a non-zero step cites findings", s.Name)
			}
			sum = sum.Add(s.Amount)
		}
		assert.True(t, f.Opening.TCV.Sub(f.Target.TCV).Equal(sum), "Σ steps = opening − target")
		assert.True(t, f.Recovery.Amount.Equal(sum))
		var years decimal.Decimal
		for _, y := range f.Target.Schedule {
			years = years.Add(y)
		}
		assert.True(t, years.Equal(f.Target.TCV), "the target schedule sums to its TCV")
		if n >= 6 {
			for _, m := range report.Moves {
				assert.NotEmpty(t, f.Findings(m), "%s has findings", m)
			}
		}
	}
	a, _ := reporttest.File(500)
	b, _ := reporttest.File(500)
	assert.Equal(t, a, b, "deterministic")
}

func ExampleFile() {
	f, err := reporttest.File(1000)
	if err != nil {
		fmt.Println(err)
		return
	}
	// 1,000 findings: 10 % reconciliation, 2 % user access, 8 %
	// rightsizing, 5 % true-forward, 5 % SLR, the rest clean-up.
	for _, m := range report.Moves {
		fmt.Printf("%-22s %4d\n", m, len(f.Findings(m)))
	}
	var sum decimal.Decimal
	for _, s := range f.Waterfall {
		sum = sum.Add(s.Amount)
	}
	fmt.Println("the waterfall reconciles:", f.Opening.TCV.Sub(sum).Equal(f.Target.TCV))
	// Output:
	// hygiene_reconciliation  100
	// hygiene_cleanup         700
	// hygiene_user_access      20
	// va_rightsizing           80
	// true_forward             50
	// slr                      50
	// pricing                   2
	// the waterfall reconciles: true
}
