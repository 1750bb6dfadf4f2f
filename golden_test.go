package smartlicensing_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	smartlicensing "github.com/openrenewal/smartlicensing"
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/report"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGolden")

// TestGolden runs the playbook on testdata/golden, a Smart Account small
// enough to work out by hand, checks every number of the waterfall against
// the hand computation below, and compares the JSON and Markdown renderings
// with their golden files (go test -run TestGolden -update rewrites them).
//
// The dataset, as of 2026-11-01 (options.json):
//
//	Adv: entitled 20 in A (subscription) + 4 in B (perpetual) = 24
//	     consumed 22 in A + 10 in B = 32; decommissioned A20–A22, B10: R = 4
//	     N = 32 − 4 = 28; G = floor(28 × 0.10) + 1 (project 2027-03-01) = 3
//	     floor = 31; after the reclaim A needs 19 of 20 (surplus 1), B 9 of 4
//	     (shortage 5): F = 5, P1 = max(0, 28 − 24) = 4
//	     A18, A19 need only Ess: 2 oversized units
//	Ess: entitled 5, consumed 5: nothing to reclaim
//
// The proposal: 3 years from 2027-01-01 at 10 % a year (factors 1, 1.1,
// 1.21; Σ 3.31):
//
//	Adv subscription 34 × 10.00           340.00 +  374.00 +  411.40 = 1125.40
//	Adv true-forward  8 × 10.00 × 1.25    100.00 +  110.00 +  121.00 =  331.00
//	Ess subscription  5 ×  6.00            30.00 +   33.00 +   36.30 =   99.30
//	Adv support       1 × 500.00          500.00 +  550.00 +  605.00 = 1655.00
//	                                                       opening TCV 3210.70
//
// Targets (METHOD.md §8): T* = min(8, 4) = 4; S* = min(34, 31 − 4) = 27;
// Δ = 42 − 31 = 11; hygiene moves min(R, Δ) = 4 units.
func TestGolden(t *testing.T) {
	ds, err := dataset.Read(context.Background(), os.DirFS("testdata/golden"))
	require.NoError(t, err)
	opts := smartlicensing.OptionsFromDataset(ds.Options, day(2026, 12, 1))
	f, err := smartlicensing.Run(context.Background(), smartlicensing.InputsFromDataset(ds), opts)
	require.NoError(t, err)

	want := map[string]string{
		// 4 subscription units leave: 4 × 10 × 3.31.
		report.StepHygiene: "132.40",
		// True-forward 8 → 4: 331.00 − (50 + 55 + 60.50).
		report.StepRightsizing: "165.50",
		// Subscription 30 → 27: 3 × 33.10.
		report.StepReconciliation: "99.30",
		// 4 true-forward units at 15 %: base 46 → 46 + 50.60 + 55.66 = 152.26
		// against 165.50.
		report.StepTrueForward: "13.24",
		// 2 units Adv → Ess: −2 × 33.10 + 2 × 6 × 3.31 = −66.20 + 39.72.
		report.StepRightTiering: "26.48",
		// Under 5 % a year (1, 1.05, 1.1025): Adv 25 → 250 + 262.50 + 275.62
		// = 788.12; true-forward base 46 → 46 + 48.30 + 50.72 = 145.02; Ess 7
		// → 42 + 44.10 + 46.30 = 132.40; support 500 + 525 + 551.25 =
		// 1576.25; 2641.79 against 2773.78 before the cap.
		report.StepPriceCap: "131.99",
		// Prices × 0.90: Adv 225 + 236.25 + 248.06 = 709.31; true-forward
		// 41.40 + 43.47 + 45.64 = 130.51; Ess 37.80 + 39.69 + 41.67 =
		// 119.16; support 450 + 472.50 + 496.12 = 1418.62: 2377.60.
		report.StepBenchmarkDiscount: "264.19",
	}
	got := map[string]string{}
	for _, s := range f.Waterfall {
		got[s.Name] = s.Amount.StringFixedBank(2)
		assert.NotEmpty(t, s.Findings, "%s has an amount and cites no finding", s.Name)
	}
	assert.Empty(t, cmp.Diff(want, got))
	assert.Equal(t, "3210.70", f.Opening.TCV.StringFixedBank(2))
	// 3210.70 − 833.10 = 2377.60; 833.10 / 3210.70 = 25.95 %; the hygiene
	// step alone 132.40 / 3210.70 = 4.12 %.
	assert.Equal(t, "2377.60", f.Target.TCV.StringFixedBank(2))
	assert.Equal(t, "833.10", f.Recovery.Amount.StringFixedBank(2))
	assert.Equal(t, "25.95", f.Recovery.Percent.String())
	assert.Equal(t, "4.12", f.Recovery.HygienePercent.String())
	assert.Equal(t, int64(5), f.Rightsizing.FragmentedShortage)
	assert.Equal(t, int64(4), f.Rightsizing.PooledShortage)
	// The target lines: Adv 25, true-forward 4 at 15 %, Ess 7, support 1.
	var q []int64
	for _, l := range f.Target.Lines {
		q = append(q, l.Quantity)
	}
	assert.Equal(t, []int64{25, 4, 7, 1}, q)

	for _, g := range []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"procurement-file.json", func(b *bytes.Buffer) error { return report.WriteJSON(b, f) }},
		{"procurement-file.md", func(b *bytes.Buffer) error {
			return report.WriteMarkdown(b, f, report.MarkdownParams{FindingsCSV: "findings.csv"})
		}},
	} {
		var b bytes.Buffer
		require.NoError(t, g.render(&b), g.name)
		path := filepath.Join("testdata", "golden", "want", g.name)
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
			continue
		}
		golden, err := os.ReadFile(path)
		require.NoError(t, err, "run go test -run TestGolden -update to write %s", path)
		assert.Empty(t, cmp.Diff(string(golden), b.String()), "%s differs from its golden file", g.name)
	}
}
