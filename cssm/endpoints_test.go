package cssm_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/slr"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

var profiles = []cssm.Profile{cssm.ProfileLegacy, cssm.ProfileSoftware, cssm.ProfileOnPrem}

// smallSeed: two Virtual Accounts (one with a name that needs escaping),
// three devices, a perpetual and a term entitlement line.
func smallSeed() *smartaccount.Snapshot {
	u1, _ := smartaccount.NewUDI("C9300-24UX", "FCW0001")
	u2, _ := smartaccount.NewUDI("C9300-24UX", "FCW0002")
	u3, _ := smartaccount.NewUDI("C8000V", "ABCD123456")
	reg := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	return &smartaccount.Snapshot{
		Account: smartaccount.Account{Name: "Small Co", Domain: "small.example", VirtualAccounts: []smartaccount.VirtualAccount{{Name: "Campus"}, {Name: "R&D / Lab (EU)"}}},
		Entitlements: []smartaccount.Entitlement{
			{VirtualAccount: "Campus", License: "DNA Advantage", Tag: "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3", Type: smartaccount.Perpetual, Quantity: 5, Status: "ACTIVE"},
			{VirtualAccount: "Campus", License: "DNA Advantage", Type: smartaccount.Term, Quantity: 3, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC), SubscriptionID: "Sub1", Status: "ACTIVE"},
			{VirtualAccount: "R&D / Lab (EU)", License: "Router HSEC", Type: smartaccount.Perpetual, Quantity: 1},
		},
		Instances: []smartaccount.ProductInstance{
			{UDI: u1, Hostname: "sw1", VirtualAccount: "Campus", ProductTag: "C9300", License: "DNA Advantage", Quantity: 1, Registered: reg, LastContact: reg.Add(48 * time.Hour)},
			{UDI: u2, Hostname: "sw2", VirtualAccount: "Campus", ProductTag: "C9300", License: "DNA Advantage", Quantity: 1, Registered: reg},
			{UDI: u3, VirtualAccount: "R&D / Lab (EU)", License: "Router HSEC", Quantity: 1, Registered: reg},
		},
	}
}

func newSmall(t *testing.T, p cssm.Profile) (*cssmtest.Server, *cssm.Client) {
	srv := newFake(t, cssmtest.Params{})
	require.NoError(t, srv.Seed(smallSeed()))
	return srv, newClient(t, srv, p)
}

func lastRequest(srv *cssmtest.Server) cssmtest.Request {
	r := srv.Requests()
	return r[len(r)-1]
}

func TestAccounts(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.String(), func(t *testing.T) {
			srv, c := newSmall(t, p)
			list, resp, err := c.Accounts.List(ctx)
			require.NoError(t, err)
			assert.Equal(t, []cssm.Account{{Name: "Small Co", Domain: "small.example", Status: "Active", Type: "CUSTOMER",
				Roles: []cssm.AccountRole{{Role: "SMART_ACCOUNT_ADMIN"}}}}, list)
			assert.Equal(t, 200, resp.StatusCode)
			assert.NotEmpty(t, resp.RequestID, "the fake sends X-Request-Id")

			found, resp, err := c.Accounts.Search(ctx, &cssm.AccountSearchParams{Domain: "small"})
			require.NoError(t, err)
			assert.Equal(t, []cssm.FoundAccount{{Domain: "small.example", Name: "Small Co", ID: "1000001", Type: "CUSTOMER", Status: "ACTIVE"}}, found)
			assert.Equal(t, int64(1), resp.TotalRecords)
			assert.Equal(t, "small", lastRequest(srv).Query.Get("domain"))
			assert.Equal(t, "CUSTOMER", lastRequest(srv).Query.Get("type"))
			var all []cssm.FoundAccount
			for a, err := range c.Accounts.SearchAll(ctx, &cssm.AccountSearchParams{Domain: "nomatch"}) {
				require.NoError(t, err)
				all = append(all, a)
			}
			assert.Empty(t, all)

			ids, _, err := c.Accounts.IDs(ctx)
			if p == cssm.ProfileOnPrem {
				assert.ErrorIs(t, err, cssm.ErrUnsupported)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, []cssm.AccountIDs{{ID: 1000001, Domain: "small.example", Name: "Small Co", VirtualAccounts: []cssm.VirtualAccountID{
				{Default: true, Name: "Campus", ID: 2000001}, {Name: "R&D / Lab (EU)", ID: 2000002}}}}, ids)
		})
	}
}

func TestVirtualAccounts(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.String(), func(t *testing.T) {
			_, c := newSmall(t, p)
			vas, _, err := c.VirtualAccounts.List(ctx, "small.example")
			require.NoError(t, err)
			// isDefault arrives as the string "true"/"false".
			assert.Equal(t, []cssm.VirtualAccount{{Name: "Campus", IsDefault: true, CommerceAccessLevel: "FULL"},
				{Name: "R&D / Lab (EU)", CommerceAccessLevel: "FULL"}}, vas)
			_, err = c.VirtualAccounts.Create(ctx, "small.example", &cssm.CreateVirtualAccountParams{Name: "DC / West", Description: "new"})
			require.NoError(t, err)
			vas, _, err = c.VirtualAccounts.List(ctx, "small.example")
			require.NoError(t, err)
			assert.Equal(t, cssm.VirtualAccount{Name: "DC / West", Description: "new", CommerceAccessLevel: "FULL"}, vas[2])
			// Creating it again is refused inside HTTP 200.
			_, err = c.VirtualAccounts.Create(ctx, "small.example", &cssm.CreateVirtualAccountParams{Name: "DC / West"})
			var er *cssm.ErrorResponse
			require.ErrorAs(t, err, &er)
			assert.Equal(t, 200, er.StatusCode)
			assert.Equal(t, "ERROR", er.Status)
			assert.Equal(t, "Virtual Account DC / West already exists", er.Message)
			// An unknown domain is a 404.
			_, _, err = c.VirtualAccounts.List(ctx, "other.example")
			require.ErrorAs(t, err, &er)
			assert.Equal(t, 404, er.StatusCode)
		})
	}
}

func TestLicenses(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.String(), func(t *testing.T) {
			srv, c := newSmall(t, p)
			list, resp, err := c.Licenses.List(ctx, "small.example", &cssm.ListParams{Limit: 1})
			require.NoError(t, err)
			assert.Equal(t, int64(2), resp.TotalRecords)
			// Campus holds 5 perpetual + 3 term DNA Advantage, 2 in use.
			want := cssm.License{License: "DNA Advantage", VirtualAccount: "Campus", Quantity: 8, InUse: 2, Available: 6, BillingType: "PREPAID", Status: "In Compliance",
				Details: []cssm.LicenseDetail{{LicenseType: "PERPETUAL", Quantity: 5, Status: "ACTIVE"},
					{LicenseType: "TERM", Quantity: 3, StartDate: cssm.Date{Time: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, EndDate: cssm.Date{Time: time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)}, SubscriptionID: "Sub1", Status: "ACTIVE"}}}
			assert.Empty(t, cmp.Diff([]cssm.License{want}, list))
			var body map[string]any
			require.NoError(t, json.Unmarshal(lastRequest(srv).Body, &body))
			assert.Equal(t, map[string]any{"virtualAccounts": []any{}, "limit": 1.0, "offset": 0.0}, body)

			var names []string
			seq := c.Licenses.All(ctx, "small.example", &cssm.ListParams{Limit: 1})
			for range 2 { // an iterator can be ranged twice
				names = names[:0]
				for l, err := range seq {
					require.NoError(t, err)
					names = append(names, l.VirtualAccount+"/"+l.License)
				}
				assert.Equal(t, []string{"Campus/DNA Advantage", "R&D / Lab (EU)/Router HSEC"}, names)
			}

			_, err = c.Licenses.Transfer(ctx, "small.example", "Campus", &cssm.TransferLicensesParams{Licenses: []cssm.LicenseTransfer{
				{License: "DNA Advantage", LicenseType: "TERM", Quantity: 2, TargetVirtualAccount: "R&D / Lab (EU)"}}})
			require.NoError(t, err)
			got := srv.Licenses()
			assert.Equal(t, int64(6), got[0].Quantity, "Campus: 8 − 2")
			assert.Equal(t, "R&D / Lab (EU)", got[1].VirtualAccount)
			assert.Equal(t, "DNA Advantage", got[1].License)
			assert.Equal(t, int64(2), got[1].Quantity)
			// More than is available is refused, and nothing moves.
			_, err = c.Licenses.Transfer(ctx, "small.example", "Campus", &cssm.TransferLicensesParams{Licenses: []cssm.LicenseTransfer{
				{License: "DNA Advantage", LicenseType: "PERPETUAL", Quantity: 5, TargetVirtualAccount: "R&D / Lab (EU)"}}})
			var er *cssm.ErrorResponse
			require.ErrorAs(t, err, &er)
			assert.Contains(t, er.Message, "insufficient available licenses of DNA Advantage in Virtual Account Campus: 4 available, 5 requested")
		})
	}
}

func TestDevices(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.String(), func(t *testing.T) {
			srv, c := newSmall(t, p)
			list, resp, err := c.Devices.List(ctx, "small.example", &cssm.ListParams{VirtualAccounts: []string{"Campus"}})
			require.NoError(t, err)
			assert.Equal(t, int64(2), resp.TotalRecords)
			require.Len(t, list, 2)
			assert.Equal(t, cssm.Device{SUDI: cssm.SUDI{UDIPID: "C9300-24UX", UDISerialNumber: "FCW0001"}, HostName: "sw1", VirtualAccount: "Campus",
				ProductTagName: "C9300", Status: "In Compliance", DisplayName: "UDI_PID:C9300-24UX; UDI_SN:FCW0001; ",
				RegistrationDate: cssm.Date{Time: time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)}, LastContactDate: cssm.Date{Time: time.Date(2024, 3, 3, 9, 30, 0, 0, time.UTC)},
				LicenseUsage: []cssm.LicenseUsage{{License: "DNA Advantage", Quantity: 1}}}, list[0])
			if p == cssm.ProfileSoftware {
				assert.Equal(t, "GET", lastRequest(srv).Method)
				assert.Equal(t, []string{"Campus"}, lastRequest(srv).Query["virtualAccountName"])
			}
			var n int
			for _, err := range c.Devices.All(ctx, "small.example", &cssm.ListParams{Limit: 2}) {
				require.NoError(t, err)
				n++
			}
			assert.Equal(t, 3, n)

			_, err = c.Devices.Transfer(ctx, "small.example", "Campus", &cssm.TransferDevicesParams{ProductInstances: []cssm.DeviceTransfer{
				{SUDI: cssm.SUDI{UDIPID: "C9300-24UX", UDISerialNumber: "FCW0002"}, ProductTagName: "C9300", TargetVirtualAccount: "R&D / Lab (EU)"}}})
			require.NoError(t, err)
			_, err = c.Devices.Remove(ctx, "small.example", "Campus", &cssm.RemoveDevicesParams{ProductInstances: []cssm.DeviceRemoval{
				{SUDI: cssm.SUDI{UDIPID: "C9300-24UX", UDISerialNumber: "FCW0001"}, ProductTagName: "C9300"}}})
			require.NoError(t, err)
			var body map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(lastRequest(srv).Body, &body))
			key := cssm.RemoveKeyV2
			if p == cssm.ProfileSoftware {
				key = cssm.RemoveKeyV3
				assert.Equal(t, "Campus", lastRequest(srv).Query.Get("virtualAccountName"))
			}
			assert.Contains(t, body, key)
			var where []string
			for _, pi := range srv.Snapshot().Instances {
				where = append(where, pi.UDI.Serial+"@"+pi.VirtualAccount)
			}
			assert.Equal(t, []string{"FCW0002@R&D / Lab (EU)", "ABCD123456@R&D / Lab (EU)"}, where)
		})
	}
}

func TestRegistrationTokens(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.String(), func(t *testing.T) {
			srv, c := newSmall(t, p)
			list, _, err := c.Tokens.List(ctx, "small.example", "R&D / Lab (EU)")
			require.NoError(t, err)
			assert.Empty(t, list)
			tok, _, err := c.Tokens.Create(ctx, "small.example", "R&D / Lab (EU)", &cssm.CreateTokenParams{Description: "lab", ExpiresAfterDays: 7})
			require.NoError(t, err)
			assert.NotEmpty(t, tok)
			assert.JSONEq(t, `{"description":"lab","expiresAfterDays":7,"exportControlled":"Not Allowed"}`, string(lastRequest(srv).Body))
			list, _, err = c.Tokens.List(ctx, "small.example", "R&D / Lab (EU)")
			require.NoError(t, err)
			require.Len(t, list, 1)
			assert.Equal(t, tok, list[0].Token)
			assert.Equal(t, cssm.String("lab"), list[0].Description)
			assert.WithinDuration(t, time.Now().AddDate(0, 0, 7), list[0].ExpirationDate.Time, 24*time.Hour)
			// A Virtual Account that does not exist is refused inside 200.
			_, _, err = c.Tokens.List(ctx, "small.example", "Nowhere")
			var er *cssm.ErrorResponse
			require.ErrorAs(t, err, &er)
			assert.Equal(t, "Virtual Account Nowhere not found", er.Message)
		})
	}
}

func TestReserve(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.String(), func(t *testing.T) {
			srv, c := newSmall(t, p)
			ledger, _, err := slr.Open(ctx, filepath.Join(t.TempDir(), "ledger.jsonl"), slr.LedgerParams{Sync: true})
			require.NoError(t, err)
			defer ledger.Close()
			codes, _, err := c.Reservations.Reserve(ctx, "small.example", "Campus", &cssm.ReserveParams{Requests: []cssm.ReservationRequest{{
				ReservationCode: "CB-ZC9300-24UX:FCW0001-AK9A6sMTr-86",
				Licenses:        []cssm.ReservedLicense{{EntitlementTag: "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3", Quantity: 2}},
			}}}, ledger)
			require.NoError(t, err)
			require.Len(t, codes, 1)
			assert.Equal(t, cssm.String("SUCCESS"), codes[0].Status)
			var body cssm.ReserveParams
			require.NoError(t, json.Unmarshal(lastRequest(srv).Body, &body))
			assert.Equal(t, "SPECIFIC", body.Requests[0].ReservationType)
			assert.Equal(t, "LONGEST_TERM_FIRST", body.Requests[0].Licenses[0].Precedence)
			// The code is in the ledger, authorized, and parses.
			u, _ := smartaccount.NewUDI("C9300-24UX", "FCW0001")
			rec, ok := ledger.State().Lookup(u)
			require.True(t, ok)
			assert.Equal(t, smartaccount.Authorized, rec.State)
			code, err := ledger.AuthorizationCode(u)
			require.NoError(t, err)
			assert.Equal(t, codes[0].AuthorizationCode, code)
			assert.Equal(t, "Campus", rec.VirtualAccount)
			require.Len(t, rec.Entitlements, 1)
			assert.Equal(t, int64(2), rec.Entitlements[0].Count)
			// The two units are reserved: 8 − 2 in use − 2 reserved.
			assert.Equal(t, int64(4), srv.Licenses()[0].Available)
			// A request code that is not one is refused before sending.
			n := len(srv.Requests())
			_, _, err = c.Reservations.Reserve(ctx, "small.example", "Campus", &cssm.ReserveParams{Requests: []cssm.ReservationRequest{{ReservationCode: "not a code"}}}, ledger)
			var pe *smartaccount.ParseError
			assert.ErrorAs(t, err, &pe)
			assert.Len(t, srv.Requests(), n)
		})
	}
}

func TestOfflineFlow(t *testing.T) {
	for _, p := range []cssm.Profile{cssm.ProfileLegacy, cssm.ProfileSoftware} {
		t.Run(p.String(), func(t *testing.T) {
			srv := newFake(t, cssmtest.Params{Polls: 3})
			require.NoError(t, srv.Seed(smallSeed()))
			c := newClient(t, srv, p)
			target := cssm.Target{Domain: "small.example", VirtualAccount: "R&D / Lab (EU)"}
			pending, resp, err := c.Offline.AuthRequest(ctx, target, &cssm.OfflineParams{Data: []byte(`{"request":{"sudi":{"udi_pid":"C8000V","udi_serial_number":"ABCD123456"}}}`)})
			require.NoError(t, err)
			assert.Equal(t, 202, resp.StatusCode)
			assert.True(t, pending.Pending())
			assert.Equal(t, cssm.Int64(773126444402795033), pending.PollID, "the fake's first poll id, above 2^53")
			assert.Equal(t, "2000002", lastRequest(srv).Header.Get("X-CSW-VIRTUAL-ACCOUNT-ID"))
			done, _, err := c.Offline.Wait(ctx, target, pending, nil)
			require.NoError(t, err)
			assert.Equal(t, cssm.String("COMPLETE"), done.Status)
			require.Len(t, done.Data.Authorizations, 1)
			assert.Equal(t, cssm.SnakeSUDI{UDIPID: "C8000V", UDISerialNumber: "ABCD123456"}, done.Data.Authorizations[0].SUDI)
			// Polls 1 and 2 answered OK_POLL, poll 3 the result.
			polls := 0
			for _, r := range srv.Requests() {
				if r.Endpoint == cssm.EndpointPoll {
					polls++
				}
			}
			assert.Equal(t, 3, polls)

			pending, _, err = c.Offline.ReportUsage(ctx, target, &cssm.OfflineParams{Data: []byte(`{"usage":[{"sudi":{"udi_pid":"C8000V","udi_serial_number":"ABCD123456"}}]}`)})
			require.NoError(t, err)
			done, _, err = c.Offline.Wait(ctx, target, pending, &cssm.WaitParams{MaxInterval: time.Millisecond})
			require.NoError(t, err)
			require.Len(t, done.Data.Acknowledgements, 1)
			assert.Equal(t, cssm.String("C8000V"), done.Data.Acknowledgements[0].SoftwareTagIdentifier)

			sum, _, err := c.Offline.Summary(ctx, cssm.Target{Domain: "small.example", VirtualAccount: "Campus"}, nil)
			require.NoError(t, err)
			require.Len(t, sum.Licenses, 1)
			assert.Equal(t, cssm.SummaryEntry{Tag: "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3", DisplayName: "DNA Advantage",
				ComplianceStatus: "In Compliance", PrepaidEntitled: 8, PrepaidInUse: 2, Details: []cssm.SummaryDetail{
					{BillingType: "PREPAID", Quantity: 5, Status: "ACTIVE", LicenseType: "PERPETUAL"},
					{BillingType: "PREPAID", Quantity: 3, StartDate: cssm.Date{Time: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, EndDate: cssm.Date{Time: time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)}, SubscriptionID: "Sub1", Status: "ACTIVE", LicenseType: "TERM"}}},
				sum.Licenses[0])
			// An unknown Virtual Account is caught before any SLP call.
			_, _, err = c.Offline.Summary(ctx, cssm.Target{Domain: "small.example", VirtualAccount: "Nowhere"}, nil)
			assert.ErrorContains(t, err, `Virtual Account "Nowhere" is not in Smart Account "small.example"`)
		})
	}
	t.Run("onprem", func(t *testing.T) {
		_, c := newSmall(t, cssm.ProfileOnPrem)
		_, _, err := c.Offline.AuthRequest(ctx, cssm.Target{Domain: "small.example"}, nil)
		assert.True(t, errors.Is(err, cssm.ErrUnsupported), "%v", err)
	})
}

func TestSyncProfiles(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.String(), func(t *testing.T) {
			srv, c := newSmall(t, p)
			var stages []string
			got, err := cssm.Sync(ctx, c, cssm.SyncParams{Domain: "small.example", PageSize: 1, Progress: func(sp cssm.SyncProgress) {
				if sp.Total > 0 {
					stages = append(stages, sp.Stage)
				}
			}})
			require.NoError(t, err)
			assert.Equal(t, []string{"virtual accounts", "licenses", "devices", "licenses"}, stages, "the licenses are read before and after the devices")
			want := srv.Snapshot()
			assert.Empty(t, cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "TakenAt" }, cmp.Ignore())))
			// Every record names its API source.
			assert.Equal(t, smartaccount.Ref{Source: "cssm:devices", Record: "PID:C9300-24UX,SN:FCW0001"}, got.Instances[0].Ref)
			assert.Equal(t, smartaccount.Ref{Source: "cssm:licenses", Record: "Campus|DNA Advantage|2"}, got.Entitlements[1].Ref)
			assert.Equal(t, smartaccount.InUse{VirtualAccount: "Campus", License: "DNA Advantage", Quantity: 2,
				Ref: smartaccount.Ref{Source: "cssm:licenses", Record: "Campus|DNA Advantage"}}, got.InUse[0])
			assert.Equal(t, "Small Co", got.Account.Name)
			assert.Len(t, got.Instances, 3)
			assert.Equal(t, slices.Collect(func(yield func(string) bool) {
				for _, e := range got.Entitlements {
					if !yield(e.Type.String()) {
						return
					}
				}
			}), []string{"PERPETUAL", "TERM", "PERPETUAL"})
		})
	}
}
