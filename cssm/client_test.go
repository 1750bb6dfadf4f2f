package cssm_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func TestNewClientURLs(t *testing.T) {
	tests := []struct {
		name    string
		params  cssm.ClientParams
		base    string
		wantErr string
	}{
		{"legacy default", cssm.ClientParams{}, cssm.DefaultLegacyBaseURL, ""},
		{"software default", cssm.ClientParams{Profile: cssm.ProfileSoftware}, cssm.DefaultSoftwareBaseURL, ""},
		{"onprem needs a base", cssm.ClientParams{Profile: cssm.ProfileOnPrem}, "", "profile onprem needs a BaseURL"},
		{"onprem", cssm.ClientParams{Profile: cssm.ProfileOnPrem, BaseURL: "https://ssm.corp.example:8443/backend/api/v1"}, "https://ssm.corp.example:8443/backend/api/v1/", ""},
		{"plain http refused", cssm.ClientParams{BaseURL: "http://ssm.corp.example/api/"}, "", "HTTPS is required except for a loopback host"},
		{"plain http token refused", cssm.ClientParams{TokenURL: "http://id.example/token"}, "", "TokenURL: http://id.example: HTTPS is required"},
		{"http loopback v4", cssm.ClientParams{BaseURL: "http://127.0.0.2:8080/api/", TokenURL: "http://127.0.0.1/t"}, "http://127.0.0.2:8080/api/", ""},
		{"http loopback v6", cssm.ClientParams{BaseURL: "http://[::1]:8080/api/", TokenURL: "http://localhost/t"}, "http://[::1]:8080/api/", ""},
		{"ftp refused", cssm.ClientParams{BaseURL: "ftp://x.example/"}, "", `scheme "ftp": HTTPS is required`},
		{"no host", cssm.ClientParams{BaseURL: "https:///x"}, "", "has no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.params
			p.ClientID, p.ClientSecret = "id", "secret-value"
			c, err := cssm.NewClient(p)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.base, c.BaseURL())
		})
	}
	_, err := cssm.NewClient(cssm.ClientParams{ClientID: "id"})
	assert.ErrorContains(t, err, "ClientID and ClientSecret are required")
}

func TestOnPremJSONToken(t *testing.T) {
	srv, c := newSmall(t, cssm.ProfileOnPrem)
	_, _, err := c.VirtualAccounts.List(ctx, "small.example")
	require.NoError(t, err)
	tok := srv.Requests()[0]
	assert.Equal(t, cssmtest.EndpointToken, tok.Endpoint)
	assert.Equal(t, cssmtest.OnPremTokenPath, tok.Path)
	assert.Equal(t, "application/json", tok.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"client_id":"cssmtest-client","client_secret":"[REDACTED]","grant_type":"client_credentials"}`, string(tok.Body))
	// The cloud profiles send a form.
	srv, c = newSmall(t, cssm.ProfileLegacy)
	_, _, err = c.VirtualAccounts.List(ctx, "small.example")
	require.NoError(t, err)
	tok = srv.Requests()[0]
	assert.Equal(t, "application/x-www-form-urlencoded", tok.Header.Get("Content-Type"))
	assert.Equal(t, "client_id=cssmtest-client&client_secret=%5BREDACTED%5D&grant_type=client_credentials", string(tok.Body))
}

func TestTLS(t *testing.T) {
	srv := newFake(t, cssmtest.Params{TLS: true})
	require.NoError(t, srv.Seed(smallSeed()))
	c := newClient(t, srv, cssm.ProfileOnPrem) // with the server's CA
	_, _, err := c.VirtualAccounts.List(ctx, "small.example")
	require.NoError(t, err)
	// Without the CA the self-signed server is refused: there is no way to
	// skip verification.
	c = newClient(t, srv, cssm.ProfileOnPrem, func(p *cssm.ClientParams) { p.RootCAs = x509.NewCertPool() })
	_, _, err = c.VirtualAccounts.List(ctx, "small.example")
	var te *cssm.TokenError
	require.ErrorAs(t, err, &te)
	assert.ErrorContains(t, err, "certificate")
}

func TestRedirectToAnotherHostRefused(t *testing.T) {
	fake, _ := newSmall(t, cssm.ProfileLegacy)
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer other.Close()
	// 127.0.0.1 and localhost are different hosts for the redirect rule.
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	}))
	defer redirector.Close()
	c, err := cssm.NewClient(cssm.ClientParams{BaseURL: redirector.URL + "/api/", TokenURL: fake.TokenURL(cssm.ProfileLegacy),
		ClientID: cssmtest.DefaultClientID, ClientSecret: cssmtest.DefaultClientSecret, Retry: &cssm.RetryPolicy{MaxAttempts: 1}})
	require.NoError(t, err)
	_, _, err = c.Accounts.List(ctx)
	assert.ErrorContains(t, err, "to another host (localhost:")
	assert.ErrorContains(t, err, "refused")
	assert.Zero(t, hits.Load(), "the other host never sees the request or its token")
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		ep        cssm.Endpoint
		fault     cssmtest.Fault
		call      func(*cssm.Client) (*cssm.Response, error)
		attempts  int    // HTTP attempts of the call
		wantErr   string // "" when the retry succeeds
		unknown   bool   // the error is an *OutcomeUnknownError
		temporary bool   // the error is an *ErrorResponse with Temporary()
	}{
		{name: "read: 503 three times", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Times: 3}, call: listVAs, attempts: 4},
		{name: "read: 429 with Retry-After", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Status: 429, RetryAfter: "1"}, call: listVAs, attempts: 2},
		{name: "read: 502", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Status: 502}, call: listVAs, attempts: 2},
		{name: "read: 504", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Status: 504}, call: listVAs, attempts: 2},
		// net/http itself retries a GET once on a reused connection that
		// was reset, so the attempts the client counts vary: not checked.
		{name: "read: connection reset", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultReset, Times: 2}, call: listVAs, attempts: -1},
		{name: "read: body cut short", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultTruncate}, call: listVAs, attempts: 2},
		{name: "read: gives up after MaxAttempts", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Times: -1}, call: listVAs, attempts: 6,
			wantErr: "503 Service Unavailable: ERROR: injected Service Unavailable", temporary: true},
		{name: "read: 500 is not retried", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Status: 500}, call: listVAs, attempts: 1,
			wantErr: "500 Internal Server Error"},
		{name: "read: 400 is not retried", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Status: 400}, call: listVAs, attempts: 1,
			wantErr: "400 Bad Request"},
		{name: "write: 503 before processing is retried", fault: cssmtest.Fault{Endpoint: cssm.EndpointCreateVirtualAccount, Kind: cssmtest.FaultStatus}, call: createVA, attempts: 2},
		{name: "write: 429 before processing is retried", fault: cssmtest.Fault{Endpoint: cssm.EndpointCreateVirtualAccount, Kind: cssmtest.FaultStatus, Status: 429}, call: createVA, attempts: 2},
		{name: "write: 502 may have been processed", fault: cssmtest.Fault{Endpoint: cssm.EndpointCreateVirtualAccount, Kind: cssmtest.FaultStatus, Status: 502}, call: createVA, attempts: 1,
			wantErr: "502 Bad Gateway", temporary: true},
		{name: "write: reset after sending is not retried", fault: cssmtest.Fault{Endpoint: cssm.EndpointCreateVirtualAccount, Kind: cssmtest.FaultReset}, call: createVA, attempts: 1,
			wantErr: "outcome unknown, not retried", unknown: true},
		{name: "write: answer lost after applying", fault: cssmtest.Fault{Endpoint: cssm.EndpointCreateVirtualAccount, Kind: cssmtest.FaultApplyThenReset}, call: createVA, attempts: 1,
			wantErr: "outcome unknown", unknown: true},
		{name: "ERROR inside 200 is an error, not retried", fault: cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultErrorInOK}, call: listVAs, attempts: 1,
			wantErr: "200 OK: ERROR: injected error inside HTTP 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := newSmall(t, cssm.ProfileLegacy)
			srv.Inject(tt.fault)
			resp, err := tt.call(c)
			if tt.attempts >= 0 {
				assert.Equal(t, tt.attempts, resp.Attempts)
			}
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
			var unknown *cssm.OutcomeUnknownError
			assert.Equal(t, tt.unknown, errors.As(err, &unknown))
			var er *cssm.ErrorResponse
			if errors.As(err, &er) {
				assert.Equal(t, tt.temporary, er.Temporary())
				assert.NotEmpty(t, er.RequestID)
			}
		})
	}
}

func listVAs(c *cssm.Client) (*cssm.Response, error) {
	_, resp, err := c.VirtualAccounts.List(ctx, "small.example")
	return resp, err
}

func createVA(c *cssm.Client) (*cssm.Response, error) {
	return c.VirtualAccounts.Create(ctx, "small.example", &cssm.CreateVirtualAccountParams{Name: "New"})
}

func TestWriteRetriedWhenConnectionRefused(t *testing.T) {
	// A port nobody listens on: the connection is refused before anything is
	// sent, so even a write is retried (and fails again here).
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	fake, _ := newSmall(t, cssm.ProfileLegacy)
	c, err := cssm.NewClient(cssm.ClientParams{BaseURL: "http://" + addr + "/api/", TokenURL: fake.TokenURL(cssm.ProfileLegacy),
		ClientID: cssmtest.DefaultClientID, ClientSecret: cssmtest.DefaultClientSecret,
		Retry: &cssm.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	require.NoError(t, err)
	resp, err := c.VirtualAccounts.Create(ctx, "small.example", &cssm.CreateVirtualAccountParams{Name: "New"})
	assert.Equal(t, 3, resp.Attempts)
	assert.ErrorContains(t, err, "connection refused")
	var unknown *cssm.OutcomeUnknownError
	assert.False(t, errors.As(err, &unknown), "a refused connection provably sent nothing")
}

func TestRetryAfterWaitHonoursContext(t *testing.T) {
	// The call is cancelled once the client has logged that it is about to
	// wait: by then it has read the 429 and its Retry-After, so the wait,
	// and only the wait, is what the cancellation interrupts.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	waits := &waitRecorder{onWait: cancel}
	srv, _ := newSmall(t, cssm.ProfileLegacy)
	c := newClient(t, srv, cssm.ProfileLegacy, func(p *cssm.ClientParams) {
		p.Retry = &cssm.RetryPolicy{MaxAttempts: 3, MaxRetryAfter: time.Hour}
		p.Logger = slog.New(waits)
	})
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Status: 429, RetryAfter: "3600"})
	start := time.Now()
	resp, err := func() (*cssm.Response, error) { _, r, e := c.VirtualAccounts.List(cctx, "small.example"); return r, e }()
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), time.Minute, "the hour-long wait ended with the context")
	assert.Equal(t, 1, resp.Attempts)
	assert.Equal(t, time.Hour, resp.RateLimit.RetryAfter, "Retry-After 3600 s, capped at MaxRetryAfter = 1 h")
	assert.Equal(t, []time.Duration{time.Hour}, waits.waits, "one wait, of the capped Retry-After")
}

// waitRecorder is a slog.Handler that notes the wait of every "cssm retry"
// line and calls onWait after it.
type waitRecorder struct {
	onWait func()
	waits  []time.Duration
}

func (w *waitRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (w *waitRecorder) WithAttrs([]slog.Attr) slog.Handler       { return w }
func (w *waitRecorder) WithGroup(string) slog.Handler            { return w }
func (w *waitRecorder) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "cssm retry" {
		return nil
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "wait" {
			w.waits = append(w.waits, a.Value.Duration())
		}
		return true
	})
	w.onWait()
	return nil
}

func TestReauthenticationAfter401(t *testing.T) {
	srv, c := newSmall(t, cssm.ProfileLegacy)
	_, _, err := c.VirtualAccounts.List(ctx, "small.example")
	require.NoError(t, err)
	srv.ExpireTokens()
	resp, err := listVAs(c)
	require.NoError(t, err, "a 401 invalidates the token and the call is retried once with a new one")
	assert.Equal(t, 2, resp.Attempts)
	assert.Len(t, srv.IssuedTokens(), 2)
	// A 401 that persists (the new token is refused too) is an error.
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultExpireToken, Times: 2})
	_, err = listVAs(c)
	var er *cssm.ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, 401, er.StatusCode)
}

func TestNotSubscribed(t *testing.T) {
	srv, c := newSmall(t, cssm.ProfileLegacy)
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultNotSubscribed})
	_, err := listVAs(c)
	require.ErrorIs(t, err, cssm.ErrNotSubscribed)
	assert.ErrorContains(t, err, "403 Forbidden: your application is not subscribed to this API")
	// Another 403 is not that.
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Status: 403})
	_, err = listVAs(c)
	assert.NotErrorIs(t, err, cssm.ErrNotSubscribed)
}

func TestBodyBounded(t *testing.T) {
	srv, _ := newSmall(t, cssm.ProfileLegacy)
	c := newClient(t, srv, cssm.ProfileLegacy, func(p *cssm.ClientParams) { p.MaxResponseBytes = 100 })
	_, err := listVAs(c)
	require.ErrorIs(t, err, smartaccount.ErrTooLarge)
	var tl *cssm.TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, int64(100), tl.Limit)
}

func TestLimiterConsulted(t *testing.T) {
	srv, _ := newSmall(t, cssm.ProfileLegacy)
	c := newClient(t, srv, cssm.ProfileLegacy, func(p *cssm.ClientParams) { p.Limiter = rate.NewLimiter(0, 0) })
	_, err := listVAs(c)
	assert.ErrorContains(t, err, "exceeds limiter's burst")
	assert.Empty(t, srv.Requests(), "nothing is sent past the limiter")
	c = newClient(t, srv, cssm.ProfileLegacy, func(p *cssm.ClientParams) { p.Limiter = rate.NewLimiter(rate.Inf, 1) })
	_, err = listVAs(c)
	assert.NoError(t, err)
}

// TestTokenRefreshSurvivesCancelledRequest: the first call's context is
// cancelled while the token is being fetched; the refresh, on its own
// context, completes and is cached, and the next call uses it.
func TestTokenRefreshSurvivesCancelledRequest(t *testing.T) {
	srv, c := newSmall(t, cssm.ProfileLegacy)
	// The token endpoint answers after a second: time enough for the call
	// to be cancelled while it waits, even on a loaded machine.
	srv.Inject(cssmtest.Fault{Endpoint: cssmtest.EndpointToken, Kind: cssmtest.FaultSlow, Delay: time.Second})
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		for len(srv.Requests()) < 1 {
			time.Sleep(time.Millisecond)
		}
		cancel() // the token request has reached the server
	}()
	_, _, err := c.VirtualAccounts.List(cctx, "small.example")
	require.ErrorIs(t, err, context.Canceled)
	_, _, err = c.VirtualAccounts.List(ctx, "small.example")
	require.NoError(t, err)
	tokens := 0
	for _, r := range srv.Requests() {
		if r.Endpoint == cssmtest.EndpointToken {
			tokens++
		}
	}
	assert.Equal(t, 1, tokens, "the refresh started by the cancelled call was not abandoned: its token served the next call")
}

// TestSecretsNeverShown: the client secret and the access tokens appear in
// no error, no log line and no formatted value, even when the token endpoint
// and the API echo them.
func TestSecretsNeverShown(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, _ := newSmall(t, cssm.ProfileLegacy)
	params := srv.ClientParams(cssm.ProfileLegacy)
	params.Logger = logger
	c, err := cssm.NewClient(params)
	require.NoError(t, err)
	var shown []string
	show := func(v any) {
		shown = append(shown, fmt.Sprint(v), fmt.Sprintf("%v %+v %#v %s %q", v, v, v, v, v))
	}
	show(c)
	show(params)
	show(&params)
	show(params.ClientSecret)

	// The token endpoint refuses the secret and echoes it (and the body).
	srv.Inject(cssmtest.Fault{Endpoint: cssmtest.EndpointToken, Kind: cssmtest.FaultEchoSecret})
	_, err = listVAs(c)
	var te *cssm.TokenError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "invalid_client", te.Code)
	assert.Contains(t, te.Description, "Invalid client cssmtest-client with secret [REDACTED]")
	show(err)
	show(te)

	// A token is issued; the API then echoes it in an error message.
	_, err = listVAs(c)
	require.NoError(t, err)
	tokens := srv.IssuedTokens()
	require.Len(t, tokens, 1)
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Status: 400,
		Body: []byte(`{"status":"ERROR","statusMessage":"bad bearer ` + tokens[0] + ` for client secret ` + cssmtest.DefaultClientSecret + `"}`)})
	resp, err := listVAs(c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad bearer [REDACTED] for client secret [REDACTED]")
	show(err)
	show(resp)
	var er *cssm.ErrorResponse
	require.ErrorAs(t, err, &er)
	show(er)
	show(*er)
	show(c)

	for _, secret := range append(tokens, cssmtest.DefaultClientSecret) {
		for _, s := range shown {
			assert.NotContains(t, s, secret)
		}
		assert.NotContains(t, logs.String(), secret)
	}
	assert.Contains(t, logs.String(), "cssm token failed", "the log has the token failure, redacted")
}
