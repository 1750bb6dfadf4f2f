package cssm_test

import (
	"context"
	"sync"
	"testing"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// newFake starts a fake CSSM closed at the end of the test.
func newFake(t testing.TB, p cssmtest.Params) *cssmtest.Server {
	t.Helper()
	srv := cssmtest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a client of srv in profile p.
func newClient(t testing.TB, srv *cssmtest.Server, p cssm.Profile, edit ...func(*cssm.ClientParams)) *cssm.Client {
	t.Helper()
	params := srv.ClientParams(p)
	for _, e := range edit {
		e(&params)
	}
	c, err := cssm.NewClient(params)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var (
	sampleOnce sync.Map
)

// sampleSnapshot returns the embedded sample of n instances (generated once
// per size and shared: read only).
func sampleSnapshot(t testing.TB, n int) *smartaccount.Snapshot {
	t.Helper()
	if v, ok := sampleOnce.Load(n); ok {
		return v.(*smartaccount.Snapshot)
	}
	ds, err := sample.Generate(sample.Params{Instances: n})
	if err != nil {
		t.Fatal(err)
	}
	sampleOnce.Store(n, &ds.Snapshot)
	return &ds.Snapshot
}

var ctx = context.Background()
