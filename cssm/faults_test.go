package cssm_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// TestSyncUnderFaults syncs a 10,000-instance account while the fake
// injects each fault kind, on the device list (from its 11th page, so that
// the walk is well under way) and, for the kinds that take another path
// there, on the license list: the sync returns
// exactly the records the fake then holds, or a clear error — never a
// partial snapshot.
func TestSyncUnderFaults(t *testing.T) {
	seed := sampleSnapshot(t, 10000)
	type outcome int
	const (
		exact outcome = iota
		fails
	)
	tests := []struct {
		name  string
		fault cssmtest.Fault
		want  outcome
		// check, when set, inspects the error of a failing sync.
		check func(t *testing.T, err error)
		// both: the fault is injected into the license list too (the
		// others take the same retry path there as on the device list).
		both bool
	}{
		{name: "503 without Retry-After", both: true, fault: cssmtest.Fault{Kind: cssmtest.FaultStatus, Times: 3}},
		{name: "429 with Retry-After", fault: cssmtest.Fault{Kind: cssmtest.FaultStatus, Status: 429, RetryAfter: "1", Times: 2}},
		{name: "502", fault: cssmtest.Fault{Kind: cssmtest.FaultStatus, Status: 502, Times: 2}},
		{name: "504", fault: cssmtest.Fault{Kind: cssmtest.FaultStatus, Status: 504}},
		{name: "connection reset", both: true, fault: cssmtest.Fault{Kind: cssmtest.FaultReset, Times: 3}},
		{name: "truncated body", both: true, fault: cssmtest.Fault{Kind: cssmtest.FaultTruncate, Times: 2}},
		{name: "slow response", fault: cssmtest.Fault{Kind: cssmtest.FaultSlow, Delay: 30 * time.Millisecond, Times: 3}},
		{name: "token expiry", fault: cssmtest.Fault{Kind: cssmtest.FaultExpireToken}},
		{name: "total changes between pages", both: true, fault: cssmtest.Fault{Kind: cssmtest.FaultShiftTotal}},
		{name: "total changes on every page", both: true, fault: cssmtest.Fault{Kind: cssmtest.FaultShiftTotal, Times: -1}, want: fails,
			check: func(t *testing.T, err error) {
				var de *cssm.PageDriftError
				require.ErrorAs(t, err, &de)
				assert.ErrorContains(t, err, "the list kept changing over 3 walks")
			}},
		{name: "ERROR inside 200", both: true, fault: cssmtest.Fault{Kind: cssmtest.FaultErrorInOK}, want: fails,
			check: func(t *testing.T, err error) {
				var er *cssm.ErrorResponse
				require.ErrorAs(t, err, &er)
				assert.Equal(t, 200, er.StatusCode)
				assert.Equal(t, "injected error inside HTTP 200", er.Message)
			}},
		{name: "503 that never ends", fault: cssmtest.Fault{Kind: cssmtest.FaultStatus, Times: -1}, want: fails,
			check: func(t *testing.T, err error) {
				var er *cssm.ErrorResponse
				require.ErrorAs(t, err, &er)
				assert.True(t, er.Temporary())
			}},
		{name: "500", fault: cssmtest.Fault{Kind: cssmtest.FaultStatus, Status: 500}, want: fails},
		{name: "not subscribed", fault: cssmtest.Fault{Kind: cssmtest.FaultNotSubscribed}, want: fails,
			check: func(t *testing.T, err error) { assert.ErrorIs(t, err, cssm.ErrNotSubscribed) }},
	}
	for _, list := range []struct {
		name string
		ep   cssm.Endpoint
		skip int
	}{{"devices", cssm.EndpointDevices, 10}, {"licenses", cssm.EndpointLicenses, 1}} {
		for _, tt := range tests {
			if list.ep == cssm.EndpointLicenses && !tt.both {
				continue
			}
			t.Run(list.name+"/"+tt.name, func(t *testing.T) {
				srv := newFake(t, cssmtest.Params{})
				require.NoError(t, srv.Seed(seed))
				c := newClient(t, srv, cssm.ProfileLegacy)
				f := tt.fault
				f.Endpoint, f.Skip = list.ep, list.skip
				srv.Inject(f)
				got, err := cssm.Sync(ctx, c, cssm.SyncParams{Domain: srv.Domain(), PageSize: 100})
				faulted := 0
				for _, r := range srv.Requests() {
					if r.Fault != 0 {
						faulted++
					}
				}
				require.NotZero(t, faulted, "the fault was injected")
				if tt.want == fails {
					require.Error(t, err)
					assert.Nil(t, got, "no snapshot beside an error")
					if tt.check != nil {
						tt.check(t, err)
					}
					return
				}
				require.NoError(t, err)
				want := srv.Snapshot()
				if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(smartaccount.Snapshot{}, "TakenAt")); diff != "" {
					t.Errorf("sync differs from the fake's state (-fake +sync):\n%s", diff)
				}
				assert.GreaterOrEqual(t, countUDIs(got), 10000)
			})
		}
	}
}

func countUDIs(s *smartaccount.Snapshot) int {
	type key struct {
		u  smartaccount.UDI
		va string
	}
	seen := map[key]bool{}
	for _, p := range s.Instances {
		seen[key{p.UDI, p.VirtualAccount}] = true
	}
	return len(seen)
}

// TestWalkDeduplicates: a record repeated across pages (the list shifted by
// one after a record was added before the cursor, with the total unchanged
// because another vanished after it) is read once, and the walk fails when
// the distinct records fall short of the total.
func TestWalkDeduplicates(t *testing.T) {
	srv, c := newSmall(t, cssm.ProfileLegacy)
	// Page 2 of size 1 repeats page 1's device.
	page1 := `{"totalRecords":3,"devices":[{"sudi":{"udiPid":"A","udiSerialNumber":"1"},"virtualAccount":"Campus","licenseUsage":[]}],"status":"SUCCESS"}`
	page3 := `{"totalRecords":3,"devices":[{"sudi":{"udiPid":"A","udiSerialNumber":"2"},"virtualAccount":"Campus","licenseUsage":[]}],"status":"SUCCESS"}`
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointDevices, Kind: cssmtest.FaultBody, Body: []byte(page1), Times: 2})
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointDevices, Kind: cssmtest.FaultBody, Body: []byte(page3), Times: 1})
	var serials []string
	var walkErr error
	for d, err := range c.Devices.All(ctx, "small.example", &cssm.ListParams{Limit: 1}) {
		if err != nil {
			walkErr = err
			break
		}
		serials = append(serials, d.SUDI.UDISerialNumber)
	}
	assert.Equal(t, []string{"1", "2"}, serials, "the repeat is dropped")
	var de *cssm.PageDriftError
	require.ErrorAs(t, walkErr, &de)
	assert.True(t, errors.Is(walkErr, cssm.ErrPageDrift))
	assert.Equal(t, "cssm: devices: the list changed while it was being read: read 2 distinct records of a total of 3", walkErr.Error())
}
