package cssm_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func TestSyncSample(t *testing.T) {
	srv := newFake(t, cssmtest.Params{})
	if err := srv.Seed(sampleSnapshot(t, 10000)); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv, cssm.ProfileLegacy)
	got, err := cssm.Sync(ctx, c, cssm.SyncParams{Domain: srv.Domain()})
	if err != nil {
		t.Fatal(err)
	}
	want := srv.Snapshot()
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(smartaccount.Snapshot{}, "TakenAt")); diff != "" {
		t.Errorf("sync (-fake +got):\n%s", diff)
	}
	t.Logf("%d entitlements, %d instances, %d in-use, %d requests", len(got.Entitlements), len(got.Instances), len(got.InUse), len(srv.Requests()))
}
