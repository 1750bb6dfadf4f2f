package slp_test

import (
	"iter"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// TestGovernanceEmbeddedSample checks the fleet view of the 42,000-instance
// sample against what the sample's rows say on their own.
func TestGovernanceEmbeddedSample(t *testing.T) {
	ds, err := sample.Generate(sample.Params{})
	require.NoError(t, err)
	snap := &ds.Snapshot
	type key struct {
		udi smartaccount.UDI
		va  string
	}
	slr := map[key]bool{}
	instances := map[key]bool{}
	for _, p := range snap.Instances {
		k := key{p.UDI, p.VirtualAccount}
		instances[k] = true
		if p.Transport == smartaccount.TransportSLR {
			slr[k] = true
		}
	}
	g := slp.Governance{AsOf: ds.Options.AsOf, Classify: slp.EntitlementClassifier(snap.Entitlements)}
	f, err := g.IndexFleet(smartaccount.NewIndex(snap))
	require.NoError(t, err)

	require.Equal(t, len(instances), f.Len(), "one assessment per (UDI, Virtual Account)")
	assert.Equal(t, 42000, len(instances))
	total := 0
	for _, n := range f.ByStatus {
		total += n
	}
	assert.Equal(t, len(instances), total, "every instance has exactly one status")
	assert.Equal(t, len(slr), f.ByTransport[smartaccount.TransportSLR])
	for a := range f.Assessments() {
		if slr[key{a.UDI, a.VirtualAccount}] {
			assert.Equal(t, slp.ReportingNotRequired, a.Status, "an SLR instance never reports: %s", a.UDI)
		}
	}
	// Under the Cisco default every license of the sample is perpetual (no
	// periodic report) or subscription (every 90 days): the instances that
	// report periodically are all those not on SLR.
	assert.Equal(t, len(instances)-len(slr), f.Wave.Periodic)
	assert.False(t, f.Wave.StageBy.Before(ds.Options.AsOf), "stage_by is on or after as_of")
	assert.False(t, f.Wave.StageBy.After(ds.Options.AsOf.AddDate(0, 0, 90)), "with a 90-day cycle half the fleet is due within 90 days")
	due := f.Wave.PastDue + f.Wave.Later
	for _, w := range f.Wave.Weeks {
		due += w.Due
	}
	assert.Equal(t, f.Wave.Periodic, due, "the histogram, the past-due and the later counts add up to the periodic instances")
}

// TestIndexFleetOfTheEmbeddedSample: IndexFleet is Fleet(Instances(x)) on
// the 42,000-instance sample, and the same whatever the order of its rows.
func TestIndexFleetOfTheEmbeddedSample(t *testing.T) {
	ds, err := sample.Generate(sample.Params{})
	require.NoError(t, err)
	snap := &ds.Snapshot
	g := slp.Governance{AsOf: ds.Options.AsOf, Classify: slp.EntitlementClassifier(snap.Entitlements)}
	x := smartaccount.NewIndex(snap)
	want, err := g.Fleet(slp.Instances(x))
	require.NoError(t, err)

	shuffled := *snap
	shuffled.Instances = slices.Clone(snap.Instances)
	rng := rand.New(rand.NewPCG(6, 13))
	rng.Shuffle(len(shuffled.Instances), func(i, j int) {
		shuffled.Instances[i], shuffled.Instances[j] = shuffled.Instances[j], shuffled.Instances[i]
	})
	for name, x := range map[string]*smartaccount.Index{"in order": x, "shuffled": smartaccount.NewIndex(&shuffled)} {
		t.Run(name, func(t *testing.T) {
			got, err := g.IndexFleet(x)
			require.NoError(t, err)
			if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(slp.Fleet{})); diff != "" {
				t.Errorf("counts and wave (-Fleet(Instances(x)) +IndexFleet(x)):\n%s", diff)
			}
			require.Equal(t, want.Len(), got.Len())
			next, stop := iter.Pull(got.Assessments())
			defer stop()
			for w := range want.Assessments() {
				a, _ := next()
				if !reflect.DeepEqual(w, a) { // cmp.Diff 42,000 times takes seconds
					t.Fatalf("assessment of %s in %s (-Fleet(Instances(x)) +IndexFleet(x)):\n%s", w.UDI, w.VirtualAccount, cmp.Diff(w, a))
				}
			}
		})
	}
}
