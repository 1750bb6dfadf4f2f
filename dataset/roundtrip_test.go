package dataset

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/trueforward"
)

// equalDatasets compares datasets by value; Inputs and Warnings describe a
// particular read, not the data.
var equalDatasets = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmpopts.IgnoreFields(Dataset{}, "Inputs", "Warnings", "Absent"),
	cmpopts.EquateEmpty(),
}

func TestReadFullFixture(t *testing.T) {
	ds, err := Read(context.Background(), os.DirFS("testdata/full"))
	require.NoError(t, err)
	snap := ds.Snapshot
	// The fixture's stated total leaves out the true-forward line: 100 × 37.40
	// × 1.25 = 4,675.00, then × 1.09, 1.1881, 1.295029, 1.41158161 rounded
	// half-even: 5,095.75 + 5,554.37 + 6,054.26 + 6,599.14; 27,978.52 in all,
	// on top of the subscription line's 9,400,783.42 (METHOD.md §1).
	require.Len(t, ds.Warnings, 1)
	assert.Equal(t, "proposal.json:2:79: stated_total: 9400783.42 differs from the computed TCV 9428761.94 by -27978.52",
		ds.Warnings[0].String())

	// Values read by hand from testdata/full.
	require.Len(t, snap.Account.VirtualAccounts, 3)
	assert.Equal(t, "Markets & Trading (NY/LDN)", snap.Account.VirtualAccounts[1].Name)
	require.Len(t, snap.Entitlements, 3)
	assert.Equal(t, "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18", snap.Entitlements[0].Tag)
	assert.Equal(t, "ACTIVE", snap.Entitlements[1].Status, "an empty status is ACTIVE")
	require.Len(t, snap.Instances, 4)
	assert.Equal(t, int64(1), snap.Instances[2].Quantity, "an empty quantity is 1")
	assert.Equal(t, "sw, lobby", snap.Instances[2].Hostname)
	assert.Equal(t, time.Date(2025, 1, 10, 12, 0, 0, 500_000_000, time.UTC), snap.Instances[2].LastContact)
	assert.Equal(t, smartaccount.TransportCSLU, snap.Instances[2].Transport)
	assert.Equal(t, smartaccount.Ref{Source: ProductInstancesFile, Line: 5}, snap.Instances[3].Ref)
	// in_use.csv (CRLF): CSSM counts 3 units of DNA HSEC in use in Retail
	// EMEA where the instance rows hold 2 — the review's inuse_mismatch.
	assert.Equal(t, []smartaccount.InUse{
		{VirtualAccount: "Retail EMEA", License: "C9300 DNA Advantage", Quantity: 1, Ref: smartaccount.Ref{Source: InUseFile, Line: 2}},
		{VirtualAccount: "Retail EMEA", License: "DNA HSEC", Quantity: 3, Ref: smartaccount.Ref{Source: InUseFile, Line: 3}},
		{VirtualAccount: "Markets & Trading (NY/LDN)", License: "C9300 DNA Advantage", Quantity: 1, Ref: smartaccount.Ref{Source: InUseFile, Line: 4}},
	}, snap.InUse)
	// taken_at 2026-10-31T23:00:00+01:00 is 22:00 UTC.
	assert.Equal(t, time.Date(2026, 10, 31, 22, 0, 0, 0, time.UTC), snap.TakenAt)
	require.Len(t, snap.Footprint, 3)
	assert.Equal(t, smartaccount.FootprintDecommissioned, snap.Footprint[1].Status)
	assert.Equal(t, smartaccount.Classified, snap.Footprint[2].AirGap)
	require.Len(t, snap.Users, 3)
	assert.Equal(t, smartaccount.SmartAccountAdmin, snap.Users[0].Role)
	assert.Equal(t, smartaccount.VirtualAccountViewer, snap.Users[2].Role)
	assert.Equal(t, "Old Lab", snap.Users[2].VirtualAccount, "an orphan role is kept for the hygiene review")
	require.Len(t, snap.Reservations, 1)
	assert.Equal(t, smartaccount.Installed, snap.Reservations[0].State)
	assert.Equal(t, "17488c1f", snap.Reservations[0].ConfirmationCode)

	require.NotNil(t, ds.Proposal)
	require.Len(t, ds.Proposal.Lines, 2)
	assert.True(t, ds.Proposal.Lines[1].UnitPrice.Equal(decimal.RequireFromString("37.40")), "a JSON number is read exactly")
	assert.True(t, ds.Proposal.StatedTotal.Decimal.Equal(decimal.RequireFromString("9400783.42")))
	require.NotNil(t, ds.Forecast)
	assert.Equal(t, int64(12), ds.Forecast.Acquisitions[0].Licenses["C9300 DNA Advantage"])
	require.NotNil(t, ds.Policy)
	assert.Equal(t, 30, ds.Policy.Groups[policy.UnenforcedSubscription].ReportingFrequency.Days)
	assert.Equal(t, 365, ds.Policy.Groups[policy.UnenforcedPerpetual].FirstReport.Days, "absent keys keep the Cisco default")
	require.NotNil(t, ds.Options)
	require.NotNil(t, ds.Options.CapKind)
	assert.Equal(t, pricing.CapPerYear, *ds.Options.CapKind)
	assert.True(t, ds.Options.ExceptionalGrowth.Decimal.Equal(decimal.RequireFromString("0.25")))
	assert.Equal(t, 90, *ds.Options.DormantDays)
	require.NotNil(t, ds.Options.SLRConfirmDays, "a 0-day window is given, not absent")
	assert.Equal(t, 0, *ds.Options.SLRConfirmDays)
	assert.Equal(t, 60, *ds.Options.SLRExpiryDays)

	names := make([]string, len(ds.Inputs))
	for i, in := range ds.Inputs {
		names[i] = in.File
	}
	assert.Equal(t, []string{SmartAccountFile, EntitlementsFile, ProductInstancesFile, InUseFile, FootprintFile, UsersFile,
		ReservationsFile, ProposalFile, ForecastFile, OptionsFile, PolicyFile}, names)
	assert.Equal(t, 4, ds.Inputs[2].Records)
	assert.Empty(t, ds.Absent, "the fixture holds every file")
}

func TestRoundTrip(t *testing.T) {
	first, err := Read(context.Background(), os.DirFS("testdata/full"))
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, Write(context.Background(), dir, first))
	second, err := Read(context.Background(), os.DirFS(dir))
	require.NoError(t, err)
	// The writer lays forecast.json out its own way, so the lines its
	// entries' Refs name change; everything else must not.
	movedLines := cmp.Options{
		cmpopts.IgnoreFields(trueforward.Project{}, "Ref"),
		cmpopts.IgnoreFields(trueforward.Acquisition{}, "Ref"),
	}
	if diff := cmp.Diff(first, second, equalDatasets, movedLines); diff != "" {
		t.Errorf("read → write → read changed the dataset (-first +second):\n%s", diff)
	}
	// Writing the second read gives byte-identical files: the writer is deterministic.
	dir2 := t.TempDir()
	require.NoError(t, Write(context.Background(), dir2, second))
	for _, in := range second.Inputs {
		a, err := os.ReadFile(dir + "/" + in.File)
		require.NoError(t, err)
		b, err := os.ReadFile(dir2 + "/" + in.File)
		require.NoError(t, err)
		assert.Equal(t, string(a), string(b), in.File)
	}
}

func TestWriteLeavesNoTemporaryFiles(t *testing.T) {
	ds, err := Read(context.Background(), validFS())
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, Write(context.Background(), dir, ds))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{EntitlementsFile, ProductInstancesFile, SmartAccountFile}, names)
}

// TestWriteModes: the files are readable by others, as a dataset handed to
// a colleague must be; os.CreateTemp alone made them 0600 (issue 14 item 10).
func TestWriteModes(t *testing.T) {
	ds, err := Read(context.Background(), validFS())
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, Write(context.Background(), dir, ds))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		info, err := e.Info()
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o644), info.Mode().Perm(), e.Name())
	}
}
