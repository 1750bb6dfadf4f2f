package trueforward_test

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/trueforward"
)

func TestReviewOfTheEmbeddedSample(t *testing.T) {
	ds, err := sample.Generate(sample.Params{})
	require.NoError(t, err)
	s, opts := &ds.Snapshot, ds.Options
	in, err := trueforward.NewInputs(smartaccount.NewIndex(s), ds.Proposal, ds.Forecast, opts.AsOf)
	require.NoError(t, err)
	res, err := trueforward.Review(in, trueforward.Params{
		AsOf:          opts.AsOf,
		TargetPremium: &opts.TrueForwardUpliftTarget.Decimal,
	})
	require.NoError(t, err)

	// The position at the contract start, worked out here from the rows:
	// consumed − entitled over the Smart Account, billed for the whole
	// five-year term at the proposal's price and 25 % premium.
	entitled, consumed := map[string]int64{}, map[string]int64{}
	for _, e := range s.Entitlements {
		if e.Counts(opts.AsOf) {
			entitled[e.License] += e.Quantity
		}
	}
	for _, p := range s.Instances {
		consumed[p.License] += p.Quantity
	}
	unitPrice := map[string]decimal.Decimal{}
	for _, l := range ds.Proposal.Lines {
		if l.Category == pricing.TrueForward {
			unitPrice[l.License] = l.UnitPrice
		}
	}
	start := ds.Proposal.StartDate
	sources := trueforward.Attribution{}
	allThree := 0
	for _, m := range res.Milestones {
		sources.Organic += m.Attribution.Organic
		sources.Project += m.Attribution.Project
		sources.Acquisition += m.Attribution.Acquisition
		if m.Attribution.Organic > 0 && m.Attribution.Project > 0 && m.Attribution.Acquisition > 0 {
			allThree++
		}
		if !m.Date.Equal(start) {
			continue
		}
		over := max(0, consumed[m.License]-entitled[m.License])
		assert.Equal(t, over, m.Billable, "%s at the start", m.License)
		want := decimal.NewFromInt(over).Mul(unitPrice[m.License]).Mul(decimal.RequireFromString("1.25")).Mul(decimal.NewFromInt(5)).RoundBank(2)
		assert.Equal(t, want.StringFixed(2), m.Opening.StringFixed(2), "%s at the start: %d × %s × 1.25 × 60/12", m.License, over, unitPrice[m.License])
	}
	assert.Positive(t, sources.Organic, "organic growth")
	assert.Positive(t, sources.Project, "project growth")
	assert.Positive(t, sources.Acquisition, "acquisition growth")
	assert.Positive(t, allThree, "milestones attributed to all three sources")
	assert.True(t, res.Total.Opening.IsPositive(), "non-zero exposure")
	assert.True(t, res.Total.Target.LessThan(res.Total.Opening), "the 15 %% target prices below the proposal's 25 %%")
	assert.Len(t, res.Invoices, 5, "five anniversaries, the start included")

	// Every growth row a milestone cites is a row of its license whose
	// device entered service on or after the baseline.
	devices := map[smartaccount.UDI]smartaccount.Device{}
	for _, d := range s.Footprint {
		if _, ok := devices[d.UDI]; !ok {
			devices[d.UDI] = d
		}
	}
	kinds := map[smartaccount.Kind]int{}
	for _, f := range res.Findings {
		kinds[f.Kind]++
		sourcesCited := map[string]int{}
		for _, r := range f.Evidence {
			sourcesCited[r.Source]++
			if r.Source != "product_instances.csv" {
				continue
			}
			p := s.Instances[r.Line-2]
			require.Equal(t, f.License, p.License, "%s cites %s", f.ID(), r)
			if d := devices[p.UDI]; f.Kind == trueforward.KindExposure {
				assert.False(t, d.InService.Before(res.Baseline), "%s cites %s, in service %s", f.ID(), r, d.InService)
			}
		}
		if f.License == "C9300 DNA Advantage" && f.Kind == trueforward.KindExposure {
			for _, src := range []string{"entitlements.csv", "product_instances.csv", "footprint.csv", "forecast.json"} {
				assert.Positive(t, sourcesCited[src], "the exposure of C9300 DNA Advantage cites %s", src)
			}
			// The branch-refresh project, the acquisition and the data-centre
			// project are the forecast entries behind it.
			assert.Equal(t, 3, sourcesCited["forecast.json"])
		}
	}
	// DNA HSEC is perpetual and no proposal line prices it.
	assert.Equal(t, map[smartaccount.Kind]int{trueforward.KindExposure: 4, trueforward.KindUnpriced: 1, trueforward.KindUpFront: 4}, kinds)
}

// TestReviewIgnoresRowOrder: the review of the embedded sample is the same
// whatever the order of its entitlement, product-instance and footprint
// rows.
func TestReviewIgnoresRowOrder(t *testing.T) {
	ds, err := sample.Generate(sample.Params{})
	require.NoError(t, err)
	review := func(s *smartaccount.Snapshot) (*trueforward.Inputs, *trueforward.Result) {
		t.Helper()
		in, err := trueforward.NewInputs(smartaccount.NewIndex(s), ds.Proposal, ds.Forecast, ds.Options.AsOf)
		require.NoError(t, err)
		res, err := trueforward.Review(in, trueforward.Params{AsOf: ds.Options.AsOf, TargetPremium: &ds.Options.TrueForwardUpliftTarget.Decimal})
		require.NoError(t, err)
		return in, res
	}
	wantIn, want := review(&ds.Snapshot)
	shuffled := ds.Snapshot
	rng := rand.New(rand.NewPCG(13, 5))
	shuffled.Entitlements = shuffle(rng, ds.Snapshot.Entitlements)
	shuffled.Instances = shuffle(rng, ds.Snapshot.Instances)
	shuffled.Footprint = shuffle(rng, ds.Snapshot.Footprint)
	gotIn, got := review(&shuffled)
	equal := cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
	if diff := cmp.Diff(wantIn.Licenses, gotIn.Licenses, equal); diff != "" {
		t.Errorf("licenses (-in order +shuffled):\n%s", diff)
	}
	if diff := cmp.Diff(want, got, equal); diff != "" {
		t.Errorf("review (-in order +shuffled):\n%s", diff)
	}
	assert.NotEmpty(t, want.Milestones[0].Growth, "growth is observed")
}

// shuffle returns the rows in a random order.
func shuffle[T any](rng *rand.Rand, rows []T) []T {
	out := slices.Clone(rows)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestReviewDoesNotDependOnProcessors: the review reads the embedded
// sample's 42,000 instances in one part per processor (none under 16,384),
// and comes out the same on one processor as on four.
func TestReviewDoesNotDependOnProcessors(t *testing.T) {
	ds, err := sample.Generate(sample.Params{})
	require.NoError(t, err)
	review := func(procs int) *trueforward.Result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		in, err := trueforward.NewInputs(smartaccount.NewIndex(&ds.Snapshot), ds.Proposal, ds.Forecast, ds.Options.AsOf)
		require.NoError(t, err)
		res, err := trueforward.Review(in, trueforward.Params{AsOf: ds.Options.AsOf, TargetPremium: &ds.Options.TrueForwardUpliftTarget.Decimal})
		require.NoError(t, err)
		return res
	}
	one, four := review(1), review(4)
	require.NotEmpty(t, one.Findings)
	if diff := cmp.Diff(one, four, cmp.Comparer(decimal.Decimal.Equal)); diff != "" {
		t.Errorf("review (-1 processor +4):\n%s", diff)
	}
}
