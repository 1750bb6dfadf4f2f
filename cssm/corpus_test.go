package cssm_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
)

// corpus reads a saved real CSSM response (copied byte for byte from
// shared/corpus/cssm).
func corpus(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	require.NoError(t, err)
	return b
}

// serveCorpus makes the fake answer the next request of ep with a saved
// response.
func serveCorpus(t *testing.T, srv *cssmtest.Server, ep cssm.Endpoint, status int, name string) {
	srv.Inject(cssmtest.Fault{Endpoint: ep, Kind: cssmtest.FaultBody, Status: status, Body: corpus(t, name)})
}

func TestCorpusToken(t *testing.T) {
	// The saved token answer is served by the token endpoint; the API must
	// then see exactly its access_token as the bearer.
	var gotAuth string
	mux := http.NewServeMux()
	mux.HandleFunc("POST /as/token.oauth2", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(corpus(t, "gve-01-get-auth-token-https-cloudsso-cisco-com-as-token-oauth2.json"))
	})
	mux.HandleFunc("GET /api/v2/accounts", func(w http.ResponseWriter, r *http.Request) {
		gotAuth = r.Header.Get("Authorization")
		w.Write([]byte(`{"accounts":[],"status":"SUCCESS"}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := cssm.NewClient(cssm.ClientParams{BaseURL: srv.URL + "/api/", TokenURL: srv.URL + "/as/token.oauth2", ClientID: "id", ClientSecret: "secret-value"})
	require.NoError(t, err)
	_, _, err = c.Accounts.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Bearer aaaaaaaaaaaaaaaaaaaaaaa", gotAuth)
}

func TestCorpusAccountIDs(t *testing.T) {
	srv := newFake(t, cssmtest.Params{})
	c := newClient(t, srv, cssm.ProfileLegacy)
	serveCorpus(t, srv, cssm.EndpointAccountIDs, 200, "gve-02-get-smart-account-id-v2-accounts-search.json")
	got, resp, err := c.Accounts.IDs(ctx)
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	// The ids are strings in the saved answer ("123456"); "default" is a
	// JSON boolean.
	want := []cssm.AccountIDs{{ID: 123456, Domain: "testaccount.local", Name: "testaccount.local", VirtualAccounts: []cssm.VirtualAccountID{
		{Default: false, Name: "Lab-01", ID: 123456}, {Default: false, Name: "Lab-02", ID: 123456}}}}
	assert.Empty(t, cmp.Diff(want, got))
}

func TestCorpusDevices(t *testing.T) {
	srv := newFake(t, cssmtest.Params{})
	c := newClient(t, srv, cssm.ProfileLegacy)
	serveCorpus(t, srv, cssm.EndpointDevices, 200, "gve-03a-get-devices-license-assignment-v1-accounts-smart-account-devices.json")
	got, resp, err := c.Devices.List(ctx, "example.com", nil)
	require.NoError(t, err)
	assert.Equal(t, int64(1), resp.TotalRecords)
	at := time.Date(2022, 7, 11, 14, 33, 41, 0, time.UTC)
	want := []cssm.Device{{
		SUDI:             cssm.SUDI{UDIPID: "C8000V", UDISerialNumber: "ABCD123456"}, // macAddress, suvi, … are null
		DisplayName:      "UDI_PID:C8000V; UDI_SN:ABCD123456; ",
		RegistrationDate: cssm.Date{Time: at}, LastContactDate: cssm.Date{Time: at},
		VirtualAccount: "TEST", Status: "In Compliance",
		LicenseUsage: []cssm.LicenseUsage{{License: "Router US Export Lic. for DNA", Quantity: 1}},
	}}
	assert.Empty(t, cmp.Diff(want, got))
	u, err := got[0].UDI()
	require.NoError(t, err)
	assert.Equal(t, "PID:C8000V,SN:ABCD123456", u.String())
}

func TestCorpusOfflineFlow(t *testing.T) {
	target := cssm.Target{Domain: "testaccount.local", VirtualAccount: "Lab-01"}
	tests := []struct {
		name   string
		ep     cssm.Endpoint
		status int
		file   string
		call   func(*cssm.Client) (*cssm.PollResponse, *cssm.Response, error)
		want   *cssm.PollResponse
	}{
		{
			name: "authorization request", ep: cssm.EndpointAuthRequest, status: 202,
			file: "gve-04-request-authorization-code-v2-devices-authrequest.json",
			call: func(c *cssm.Client) (*cssm.PollResponse, *cssm.Response, error) {
				return c.Offline.AuthRequest(ctx, target, &cssm.OfflineParams{Data: []byte(`{"sudi":{"udi_pid":"C8000V","udi_serial_number":"123451234"}}`)})
			},
			// poll_id is above 2^53 (9,007,199,254,740,992): a float64
			// would read 773126444402795008.
			want: &cssm.PollResponse{Status: "OK_POLL", Timestamp: 1656010025453, Nonce: "random1234", PollID: 773126444402795033, PollInterval: 300, Action: "authorizations"},
		},
		{
			name: "removal request", ep: cssm.EndpointAuthRequest, status: 202,
			file: "gve-04-remove-license-v2-devices-authrequest.json",
			call: func(c *cssm.Client) (*cssm.PollResponse, *cssm.Response, error) {
				return c.Offline.AuthRequest(ctx, target, nil)
			},
			want: &cssm.PollResponse{Status: "OK_POLL", Timestamp: 1656010025453, Nonce: "random1234", PollID: 773126444402795033, PollInterval: 300, Action: "authorizations"},
		},
		{
			name: "usage report", ep: cssm.EndpointReportUsage, status: 202,
			file: "gve-05-report-license-usage-v2-devices-reportusage.json",
			call: func(c *cssm.Client) (*cssm.PollResponse, *cssm.Response, error) {
				return c.Offline.ReportUsage(ctx, target, nil)
			},
			want: &cssm.PollResponse{Status: "OK_POLL", Timestamp: 1644340472292, Nonce: "random1234", PollID: 77412347487202314, PollInterval: 300, Action: "acknowledgements"},
		},
		{
			name: "poll: authorizations", ep: cssm.EndpointPoll, status: 200,
			file: "gve-04-06-check-license-request-obtain-license-v2-accounts-poll-1.json",
			call: func(c *cssm.Client) (*cssm.PollResponse, *cssm.Response, error) {
				return c.Offline.Poll(ctx, target, 773126444402795033)
			},
			// "None" in error_code and status_message reads as "".
			want: &cssm.PollResponse{Status: "COMPLETE", Timestamp: 1656610485678, Nonce: "dft0qRN2fLw4kpaR", Type: "authorizations",
				CorrelationID: "6cef0ec9-6a0e-43c6-a8a9-e6e0e572156b", Data: cssm.PollData{Authorizations: []cssm.SLPAuthorization{{
					ProductInstanceIdentifier: "5278df84-7316-4332-88be-62623dd30b9e",
					SUDI:                      cssm.SnakeSUDI{UDIPID: "C8000V", UDISerialNumber: "123451234"},
					SmartLicense:              "<BASE64 ENCODED LICENSE>", AuthStatus: []json.RawMessage{}, Status: "SUCCESS",
					CorrelationID: "62bddeb34353e9338131ca6712d77e46-84c66b7830588c4c"}}}},
		},
		{
			name: "poll: acknowledgements", ep: cssm.EndpointPoll, status: 200,
			file: "gve-04-06-check-license-request-obtain-license-v2-accounts-poll-2.json",
			call: func(c *cssm.Client) (*cssm.PollResponse, *cssm.Response, error) {
				return c.Offline.Poll(ctx, target, 77412347487202314)
			},
			want: &cssm.PollResponse{Status: "COMPLETE", Timestamp: 1656619468916, Nonce: "random1234", Type: "acknowledgements",
				CorrelationID: "72ee9c07-2376-4241-838c-78d267bec448", Data: cssm.PollData{Acknowledgements: []cssm.Acknowledgement{{
					SUDI: cssm.SnakeSUDI{UDIPID: "C8000V", UDISerialNumber: "123451234"}, SoftwareTagIdentifier: "C8000V", SmartLicense: "<BASE64 ENCODED ACK>"}}}},
		},
		{
			name: "poll: removal", ep: cssm.EndpointPoll, status: 200,
			file: "gve-04-check-removal-request-v2-accounts-poll.json",
			call: func(c *cssm.Client) (*cssm.PollResponse, *cssm.Response, error) {
				return c.Offline.Poll(ctx, target, 773126444402795033)
			},
			want: &cssm.PollResponse{Status: "COMPLETE", Timestamp: 1656618004017, Nonce: "random1234", Type: "authorizations",
				CorrelationID: "3750b0a5-27ad-44f5-abcf-23fd084c8f92", Data: cssm.PollData{Authorizations: []cssm.SLPAuthorization{{
					ProductInstanceIdentifier: "790c86e8-5784-4b03-a291-91a293f94617",
					SUDI:                      cssm.SnakeSUDI{UDIPID: "C8000V", UDISerialNumber: "ASDF1234"},
					AuthStatus:                []json.RawMessage{}, Status: "SUCCESS",
					CorrelationID: "62bdfb8bd3e78f6b26537a4ab5d18f15-b6373324f01d0bd9"}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t, cssmtest.Params{})
			c := newClient(t, srv, cssm.ProfileLegacy)
			serveCorpus(t, srv, cssm.EndpointAccountIDs, 200, "gve-02-get-smart-account-id-v2-accounts-search.json")
			serveCorpus(t, srv, tt.ep, tt.status, tt.file)
			got, resp, err := tt.call(c)
			require.NoError(t, err)
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Empty(t, cmp.Diff(tt.want, got))
			// The X-CSW-* headers carry the numeric ids of the saved
			// v2/accounts/search answer.
			reqs := srv.Requests()
			last := reqs[len(reqs)-1]
			assert.Equal(t, "123456", last.Header.Get("X-CSW-SMART-ACCOUNT-ID"))
			assert.Equal(t, "123456", last.Header.Get("X-CSW-VIRTUAL-ACCOUNT-ID"))
			assert.JSONEq(t, `{"name":"smartlicensing-go-cssm"}`, last.Header.Get("X-CSW-REQUESTING-SYSTEM"))
		})
	}
}

func TestCorpusSummary(t *testing.T) {
	srv := newFake(t, cssmtest.Params{})
	c := newClient(t, srv, cssm.ProfileLegacy)
	serveCorpus(t, srv, cssm.EndpointAccountIDs, 200, "gve-02-get-smart-account-id-v2-accounts-search.json")
	serveCorpus(t, srv, cssm.EndpointSummary, 200, "gve-05-report-license-usage-v3-licenses-summary.json")
	got, _, err := c.Offline.Summary(ctx, cssm.Target{Domain: "testaccount.local", VirtualAccount: "Lab-02"}, nil)
	require.NoError(t, err)
	want := &cssm.Summary{Status: "SUCCESS", Message: "Retrieved summary for 1 license in the pool.", Timestamp: 123451234512345, Nonce: "random1234",
		Licenses: []cssm.SummaryEntry{{
			Tag:         "regid.2019-03.com.cisco.DNA_HSEC,1.0_509c41ab-05a8-431f-95fe-ec28086e8844",
			DisplayName: "Router US Export Lic. for DNA", ComplianceStatus: "In Compliance", Enforced: true, ExportRestricted: true,
			Details:         []cssm.SummaryDetail{{BillingType: "PREPAID", Quantity: 1, Status: "ACTIVE", LicenseType: "PERPETUAL"}},
			PrepaidEntitled: 1, PrepaidInUse: 1, PrepaidReserved: 1,
		}}}
	assert.Empty(t, cmp.Diff(want, got))
	// The body is {"data":{"timestamp","nonce","tags":[]}}.
	reqs := srv.Requests()
	var body struct {
		Data struct {
			Timestamp int64    `json:"timestamp"`
			Nonce     string   `json:"nonce"`
			Tags      []string `json:"tags"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(reqs[len(reqs)-1].Body, &body))
	assert.NotZero(t, body.Data.Timestamp)
	assert.Len(t, body.Data.Nonce, 16)
	assert.Equal(t, []string{}, body.Data.Tags)
}
