package virtualaccount_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// On the embedded sample pooling saves units of every license: the
// generator gives some Virtual Accounts more than they use and others
// fewer, and a pool account licenses nobody uses (sample/catalog.go).
func TestRightsizeTheSample(t *testing.T) {
	for _, n := range []int{sample.MinInstances, sample.DefaultInstances} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			ds, err := sample.Generate(sample.Params{Instances: n})
			require.NoError(t, err)
			h, err := smartaccount.Review(smartaccount.NewIndex(&ds.Snapshot), smartaccount.ReviewParams{
				AsOf: ds.Options.AsOf, StaleAfterDays: ds.Options.StaleAfterDays, Tiers: ds.Proposal.Tiers})
			require.NoError(t, err)
			r := virtualaccount.Rightsize(h)
			require.Len(t, r.Licenses, 5)
			checkSample(t, r)
			for _, p := range r.Licenses {
				assert.Less(t, p.Pooled, p.Fragmented, "%s: pooled < fragmented", p.License)
				assert.NotEmpty(t, p.Findings, p.License)
			}
			// The misplaced reservations sit in GT-AMER-DC-PROD: their units
			// are held there.
			for _, p := range r.Positions {
				if p.VirtualAccount == "GT-AMER-DC-PROD" && p.License == "C9300 DNA Advantage" {
					assert.Positive(t, p.Reserved)
				}
			}
		})
	}
}

func checkSample(t *testing.T, r *virtualaccount.Rightsizing) {
	t.Helper()
	assert.Equal(t, []string{"CIB-AMER-VAULT-AG", "GT-EMEA-DARKSITE-AG"}, r.AirGapped)
	assert.Equal(t, r.Fragmented-r.Pooled, r.Plan.Units(), "the plan moves what pooling saves")
	for _, tr := range r.Plan.Transfers {
		assert.NotContains(t, r.AirGapped, tr.From)
		assert.NotContains(t, r.AirGapped, tr.To)
	}
	_, err := r.Plan.Requests()
	require.NoError(t, err)
}

// With 200 Virtual Accounts and 60 licenses pooling still never costs
// units, and the plan keeps its rules.
func TestRightsizeALargerSample(t *testing.T) {
	ds, err := sample.Generate(sample.Params{Instances: sample.DefaultInstances, VirtualAccounts: 200, Licenses: 60})
	require.NoError(t, err)
	h, err := smartaccount.Review(smartaccount.NewIndex(&ds.Snapshot), smartaccount.ReviewParams{AsOf: ds.Options.AsOf, Tiers: ds.Proposal.Tiers})
	require.NoError(t, err)
	r := virtualaccount.Rightsize(h)
	require.Len(t, r.Licenses, 60)
	for _, p := range r.Licenses {
		assert.LessOrEqual(t, p.Pooled, p.Fragmented, p.License)
	}
	assert.Less(t, r.Pooled, r.Fragmented)
	checkSample(t, r)
}
