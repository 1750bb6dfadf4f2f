package cssmtest_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func TestSeedRefusesUndeclaredVirtualAccount(t *testing.T) {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	u, _ := smartaccount.NewUDI("P", "S")
	err := srv.Seed(&smartaccount.Snapshot{
		Account:   smartaccount.Account{Domain: "d.example", VirtualAccounts: []smartaccount.VirtualAccount{{Name: "A"}}},
		Instances: []smartaccount.ProductInstance{{UDI: u, VirtualAccount: "B", License: "L", Quantity: 1, Ref: smartaccount.Ref{Source: "product_instances.csv", Line: 2}}},
	})
	assert.EqualError(t, err, `cssmtest: product instance product_instances.csv:2: Virtual Account "B" not in the account`)
	assert.Equal(t, "example.com", srv.Domain(), "a refused seed leaves the state alone")
}

func TestFaultSkipAndTimes(t *testing.T) {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	c, err := cssm.NewClient(srv.ClientParams(cssm.ProfileLegacy))
	require.NoError(t, err)
	// Let 2 through, then 2 faults; the retry policy rides over them.
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Status: 502, Skip: 2, Times: 2})
	var attempts []int
	for range 4 {
		_, resp, err := c.VirtualAccounts.List(context.Background(), srv.Domain())
		require.NoError(t, err)
		attempts = append(attempts, resp.Attempts)
	}
	assert.Equal(t, []int{1, 1, 3, 1}, attempts)
}

func TestRecordingRedactsCredentials(t *testing.T) {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	c, err := cssm.NewClient(srv.ClientParams(cssm.ProfileLegacy))
	require.NoError(t, err)
	_, _, err = c.Accounts.List(context.Background())
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.NotContains(t, string(reqs[0].Body), cssmtest.DefaultClientSecret)
	assert.Equal(t, cssm.Redacted, reqs[1].Header.Get("Authorization"))
	assert.Equal(t, cssm.ProfileLegacy, reqs[1].Profile)
	assert.Equal(t, cssm.EndpointAccounts, reqs[1].Endpoint)
}

func TestUnknownPathAndMissingToken(t *testing.T) {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	for _, tt := range []struct {
		path, auth string
		status     int
		body       string
	}{
		{cssmtest.LegacyPrefix + "v9/nothing", "", 404, "no such API"},
		{cssmtest.LegacyPrefix + "v2/accounts", "", 401, "invalid_token"},
		{cssmtest.LegacyPrefix + "v2/accounts", "Bearer made-up", 401, "invalid_token"},
	} {
		req, _ := http.NewRequest("GET", srv.URL()+tt.path, nil)
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, tt.status, resp.StatusCode, tt.path)
		assert.True(t, strings.Contains(string(b), tt.body), "%s: %s", tt.path, b)
	}
}

func TestTokenEndpointRefusals(t *testing.T) {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	for _, tt := range []struct {
		name, path, ctype, body string
		status                  int
	}{
		{"wrong secret (form)", cssmtest.CloudSSOTokenPath, "application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=cssmtest-client&client_secret=nope", 401},
		{"password grant", cssmtest.IDTokenPath, "application/x-www-form-urlencoded", "grant_type=password&client_id=cssmtest-client&client_secret=" + cssmtest.DefaultClientSecret, 400},
		{"form at On-Prem", cssmtest.OnPremTokenPath, "application/x-www-form-urlencoded", "grant_type=client_credentials", 400},
		{"JSON at On-Prem", cssmtest.OnPremTokenPath, "application/json", `{"grant_type":"client_credentials","client_id":"cssmtest-client","client_secret":"` + cssmtest.DefaultClientSecret + `"}`, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL()+tt.path, tt.ctype, strings.NewReader(tt.body))
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tt.status, resp.StatusCode)
		})
	}
}
