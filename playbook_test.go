package smartlicensing_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	smartlicensing "github.com/openrenewal/smartlicensing"
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func sampleFile(t *testing.T, scenarios bool) *report.File {
	t.Helper()
	ds, err := sample.Generate(sample.Params{})
	require.NoError(t, err)
	opts := smartlicensing.OptionsFromDataset(ds.Options, day(2026, 12, 1))
	var sc []smartlicensing.Scenario
	if scenarios {
		sc = smartlicensing.StandardScenarios(opts)
	}
	f, err := smartlicensing.Run(context.Background(), smartlicensing.InputsFromDataset(ds), opts, sc...)
	require.NoError(t, err)
	return f
}

// allFindings indexes every finding of the file by ID.
func allFindings(f *report.File) map[string]smartaccount.Finding {
	out := map[string]smartaccount.Finding{}
	for _, list := range [][]smartaccount.Finding{f.Hygiene.Reconciliation, f.Hygiene.Cleanup, f.Hygiene.Access,
		f.Rightsizing.Findings, f.TrueForward.Findings, f.SLR.Findings, f.Pricing} {
		for _, fi := range list {
			out[fi.ID()] = fi
		}
	}
	return out
}

func TestRunOnTheEmbeddedSample(t *testing.T) {
	f := sampleFile(t, false)
	assert.Equal(t, day(2026, 11, 1), f.AsOf, "as_of is the sample's options.json's")
	assert.Equal(t, "USD", f.Currency)

	// The waterfall walks METHOD.md §8's steps in order, each ≥ 0, and
	// reconciles to the cent.
	names := []string{report.StepHygiene, report.StepRightsizing, report.StepReconciliation, report.StepTrueForward,
		report.StepRightTiering, report.StepPriceCap, report.StepBenchmarkDiscount}
	require.Len(t, f.Waterfall, len(names))
	byID := allFindings(f)
	sum := decimal.Zero
	for i, s := range f.Waterfall {
		assert.Equal(t, names[i], s.Name)
		assert.False(t, s.Amount.IsNegative(), s.Name)
		assert.True(t, s.Amount.Equal(s.Amount.Round(2)), "%s is in cents", s.Name)
		if s.Amount.IsPositive() {
			assert.NotEmpty(t, s.Findings, "%s recovers %s and cites nothing", s.Name, s.Amount)
		}
		for _, id := range s.Findings {
			_, ok := byID[id]
			assert.True(t, ok, "%s cites %q, which is no finding of the file", s.Name, id)
		}
		sum = sum.Add(s.Amount)
	}
	assert.True(t, f.Opening.TCV.Sub(sum).Equal(f.Target.TCV), "opening %s − Σ %s ≠ target %s", f.Opening.TCV, sum, f.Target.TCV)
	assert.True(t, f.Recovery.Amount.Equal(sum))

	// The sample's proposal is 42,000 units at 37.40 plus true-forward and
	// other lines: its opening TCV is the method's, about USD 9.4 m.
	assert.True(t, f.Opening.TCV.GreaterThan(decimal.NewFromInt(9_000_000)) && f.Opening.TCV.LessThan(decimal.NewFromInt(9_800_000)), "%s", f.Opening.TCV)
	// The honest recovery lands where it lands; the file says where that is
	// against the 20–40 % band.
	p, _ := pricing.Percentage(sum, f.Opening.TCV)
	pct := p.Decimal()
	assert.True(t, f.Recovery.Percent.Decimal().Equal(pct))
	want := pricing.Within
	if pct.LessThan(decimal.NewFromInt(20)) {
		want = pricing.Below
	} else if pct.GreaterThan(decimal.NewFromInt(40)) {
		want = pricing.Above
	}
	assert.Equal(t, want, f.Recovery.Expected.Position)

	// Each pass's findings are its own kinds, and together they are all
	// of the hygiene review's (METHOD.md §3).
	passKinds := []map[smartaccount.Kind]bool{
		{smartaccount.KindShortage: true, smartaccount.KindSurplus: true, smartaccount.KindInUseMismatch: true},
		{smartaccount.KindDecommissioned: true, smartaccount.KindDuplicate: true, smartaccount.KindStale: true,
			smartaccount.KindUnmatched: true, smartaccount.KindOversized: true},
		{smartaccount.KindNoSAAdmin: true, smartaccount.KindSingleSAAdmin: true, smartaccount.KindExcessAdmins: true,
			smartaccount.KindExternalUser: true, smartaccount.KindDormantUser: true, smartaccount.KindOrphanRole: true},
	}
	for i, list := range [][]smartaccount.Finding{f.Hygiene.Reconciliation, f.Hygiene.Cleanup, f.Hygiene.Access} {
		assert.NotEmpty(t, list, "pass %d", i+1)
		for _, fi := range list {
			assert.True(t, passKinds[i][fi.Kind], "pass %d holds a %s finding", i+1, fi.Kind)
		}
	}

	// Every move fed the file.
	assert.Equal(t, 6000, f.Hygiene.Classes["decommissioned"], "the sample plants 6,000 decommissioned instances")
	assert.NotEmpty(t, f.Rightsizing.Transfers)
	assert.Less(t, f.Rightsizing.PooledShortage, f.Rightsizing.FragmentedShortage)
	assert.NotEmpty(t, f.TrueForward.Milestones)
	assert.False(t, f.Reporting.StageBy.IsZero())
	assert.NotEmpty(t, f.SLR.Findings)
	assert.NotEmpty(t, f.Hygiene.Access)
	assert.NotNil(t, f.UpliftBand, "financial services with a prior spend: the band is read")
	assert.True(t, f.Cap.OverTerm.Valid)
	require.NotNil(t, f.CounterProposal)
	cp, err := f.CounterProposal.Schedule(pricing.Cap{})
	require.NoError(t, err)
	assert.True(t, cp.TCV.Equal(f.Target.TCV), "the counter-proposal prices to the target: %s vs %s", cp.TCV, f.Target.TCV)
}

func TestRunScenarios(t *testing.T) {
	f := sampleFile(t, true)
	require.Len(t, f.Scenarios, 10)
	byName := map[string]report.Scenario{}
	for _, s := range f.Scenarios {
		byName[s.Name] = s
		sum := decimal.Zero
		for _, a := range s.Steps {
			sum = sum.Add(a)
		}
		assert.True(t, f.Opening.TCV.Sub(sum).Equal(s.TargetTCV), s.Name)
	}
	// A cap never recovers less when it is lower; no cap recovers nothing.
	none, three, five := byName["no cap"], byName["3.00 % per year"], byName["5.00 % per year"]
	assert.True(t, none.Steps[report.StepPriceCap].IsZero())
	assert.True(t, three.Steps[report.StepPriceCap].GreaterThan(five.Steps[report.StepPriceCap]))
	// Reclaiming stale instances recovers at least as much hygiene.
	assert.True(t, byName["stale reclaimed"].Steps[report.StepHygiene].GreaterThanOrEqual(byName["stale kept"].Steps[report.StepHygiene]))
	// A benchmark discount is a step of its own.
	assert.True(t, byName["benchmark discount 5 %"].Steps[report.StepBenchmarkDiscount].IsPositive())
}

func TestRunNamesMissingInputs(t *testing.T) {
	ds, err := sample.Generate(sample.Params{Instances: 1000})
	require.NoError(t, err)
	ds.Proposal, ds.Forecast, ds.Options, ds.Policy = nil, nil, nil, nil
	ds.Snapshot.Footprint = nil
	in := smartlicensing.InputsFromDataset(ds)
	in.Absent = []string{dataset.FootprintFile, dataset.ProposalFile, dataset.ForecastFile, dataset.OptionsFile, dataset.PolicyFile}
	f, err := smartlicensing.Run(context.Background(), in, smartlicensing.DefaultOptions(day(2026, 11, 1)))
	require.NoError(t, err)
	assert.Empty(t, f.Waterfall, "no proposal, no waterfall")
	assert.Nil(t, f.CounterProposal)
	require.Len(t, f.Missing, 5)
	for _, m := range f.Missing {
		assert.NotEmpty(t, m.Consequence, m.Input)
	}
	assert.Zero(t, f.Hygiene.Classes["decommissioned"], "without a footprint nothing is found decommissioned")
}

func TestRunRefusesBadInput(t *testing.T) {
	_, err := smartlicensing.Run(context.Background(), smartlicensing.Inputs{}, smartlicensing.DefaultOptions(day(2026, 11, 1)))
	assert.EqualError(t, err, "smartlicensing: Inputs.Snapshot is required")
	_, err = smartlicensing.Run(context.Background(), smartlicensing.Inputs{Snapshot: &smartaccount.Snapshot{}}, smartlicensing.Options{})
	assert.ErrorContains(t, err, "start from DefaultOptions")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ds, err := sample.Generate(sample.Params{Instances: 1000})
	require.NoError(t, err)
	_, err = smartlicensing.Run(ctx, smartlicensing.InputsFromDataset(ds), smartlicensing.DefaultOptions(day(2026, 11, 1)))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestInputsFromDataset(t *testing.T) {
	ds := &dataset.Dataset{
		Inputs: []dataset.Input{
			{File: dataset.SmartAccountFile, SHA256: "aa", Records: 1, Bytes: 10},
			{File: dataset.EntitlementsFile, SHA256: "bb", Records: 3, Bytes: 20},
			{File: dataset.ProductInstancesFile, SHA256: "cc", Records: 4, Bytes: 30},
			{File: dataset.FootprintFile, SHA256: "dd", Records: 2, Bytes: 40},
		},
		Warnings: []dataset.Warning{{File: dataset.EntitlementsFile, Line: 1, Column: 47, Message: `unknown column "Colour" is ignored`}},
		Absent:   []string{dataset.UsersFile, dataset.PolicyFile},
	}
	in := smartlicensing.InputsFromDataset(ds)
	assert.Equal(t, []report.Input{
		{File: dataset.SmartAccountFile, SHA256: "aa", Records: 1, Bytes: 10},
		{File: dataset.EntitlementsFile, SHA256: "bb", Records: 3, Bytes: 20},
		{File: dataset.ProductInstancesFile, SHA256: "cc", Records: 4, Bytes: 30},
		{File: dataset.FootprintFile, SHA256: "dd", Records: 2, Bytes: 40},
	}, in.Evidence)
	assert.Equal(t, []string{dataset.UsersFile, dataset.PolicyFile}, in.Absent)
	assert.Equal(t, []string{`entitlements.csv:1:47: unknown column "Colour" is ignored`}, in.Warnings)
	assert.Same(t, &ds.Snapshot, in.Snapshot)
}
