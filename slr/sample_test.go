package slr_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/slr"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// TestReconcileEmbeddedSample runs the reconciliation on the 42,000-instance
// sample. The sample's generator plants each METHOD.md §7 situation a known
// number of times (sample/slr.go: 25 reservations on decommissioned devices,
// 10 unconfirmed, 6 half returned, 20 expiring, 15 air-gapped devices
// without any reservation, 8 over-reserved, 6 misplaced); the
// reconciliation, written separately, must find exactly those. An air-gapped
// device counts as unreserved while no reservation is authorized or installed
// on it, so the 12 devices whose request is not yet authorized and the 6 whose
// return code is generated are unreserved too: 15 + 12 + 6 = 33.
func TestReconcileEmbeddedSample(t *testing.T) {
	ds, err := sample.Generate(sample.Params{})
	require.NoError(t, err)
	res, err := slr.Reconcile(smartaccount.NewIndex(&ds.Snapshot), slr.Params{AsOf: ds.Options.AsOf, RenewalDate: ds.Options.RenewalDate})
	require.NoError(t, err)
	got := map[smartaccount.Kind]int{}
	for _, f := range res.Findings {
		got[f.Kind]++
		assert.NotEmpty(t, f.Evidence, "%s finding without evidence", f.Kind)
	}
	assert.Equal(t, map[smartaccount.Kind]int{
		slr.KindReservedOnDecommissioned: 25,
		slr.KindNotConfirmed:             10,
		slr.KindHalfReturned:             6,
		slr.KindExpiring:                 20,
		slr.KindAirGappedUnreserved:      33,
		slr.KindOverReserved:             8,
		slr.KindMisplaced:                6,
	}, got)
	var total int64
	for _, n := range res.Reclaimable {
		total += n
	}
	assert.Positive(t, total, "decommissioned and over-reserved units are reclaimable")
}
