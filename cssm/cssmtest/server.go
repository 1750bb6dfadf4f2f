package cssmtest

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Path prefixes of the three profiles and their token endpoints, as the
// real hosts serve them (CSSM-API.md, "Hosts and profiles").
const (
	LegacyPrefix      = "/services/api/smart-accounts-and-licensing/"
	SoftwarePrefix    = "/v1/software/apis/"
	OnPremPrefix      = "/backend/api/v1/"
	CloudSSOTokenPath = "/as/token.oauth2"
	IDTokenPath       = "/oauth2/default/v1/token"
	OnPremTokenPath   = cssm.OnPremTokenPath
)

// Default credentials of a new Server.
const (
	DefaultClientID     = "cssmtest-client"
	DefaultClientSecret = "cssmtest-secret-0123456789abcdef"
)

// Params configure a Server; the zero value serves an empty Smart Account
// over plain HTTP on loopback, accepting DefaultClientID/DefaultClientSecret.
type Params struct {
	// TLS serves HTTPS with a test certificate; CertPool trusts it.
	TLS bool
	// TokenTTL is the lifetime of an access token; 0 is 3599 s, as CSSM.
	TokenTTL time.Duration
	// PollInterval is the poll_interval the SLP flow reports, in seconds
	// (CSSM says 300); 0 lets a client poll again at once.
	PollInterval int
	// Polls is how many polls of an SLP request answer OK_POLL before the
	// result; 0 is 1.
	Polls int
	// Now is the fake's clock, which decides the entitlement lines that
	// count toward a quantity; nil is time.Now.
	Now func() time.Time
}

// Server is an in-memory, stateful fake CSSM: one Smart Account with its
// Virtual Accounts, licenses and devices, the three profiles' paths, the
// token endpoints (form and JSON), the SLP 202/poll flow, request recording
// and fault injection. It is safe for concurrent use.
type Server struct {
	srv    *httptest.Server
	params Params

	mu      sync.Mutex
	st      *state
	clients map[string]string
	tokens  map[string]time.Time // access token → expiry
	faults  []*faultState
	log     []Request
	// page is the device list's response buffer, reused request after
	// request under mu (a page of 100 devices is some 50 KB: a new one per
	// request was most of the fake's garbage in a sync); scratch is where
	// a device is encoded before its exact-sized copy is kept.
	page, scratch []byte
}

// NewServer starts a Server. Close it when done.
func NewServer(p Params) *Server {
	s := &Server{params: p, st: newState(), clients: map[string]string{DefaultClientID: DefaultClientSecret}, tokens: map[string]time.Time{}}
	if s.params.TokenTTL <= 0 {
		s.params.TokenTTL = 3599 * time.Second
	}
	if s.params.Polls <= 0 {
		s.params.Polls = 1
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	// Refused handshakes and reset connections are part of its job.
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if p.TLS {
		s.srv.StartTLS()
	} else {
		s.srv.Start()
	}
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// URL is the server's root, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.srv.URL }

// CertPool trusts the server's TLS certificate (Params.TLS); nil without TLS.
func (s *Server) CertPool() *x509.CertPool {
	if s.srv.TLS == nil {
		return nil
	}
	pool := x509.NewCertPool()
	pool.AddCert(s.srv.Certificate())
	return pool
}

// BaseURL returns the API base of profile p on this server.
func (s *Server) BaseURL(p cssm.Profile) string {
	return s.srv.URL + prefixes[p]
}

// TokenURL returns the token endpoint of profile p on this server (the
// newer id.cisco.com path for the cloud profiles; CloudSSOTokenPath answers
// too).
func (s *Server) TokenURL(p cssm.Profile) string {
	if p == cssm.ProfileOnPrem {
		return s.srv.URL + OnPremTokenPath
	}
	return s.srv.URL + IDTokenPath
}

// ClientParams returns client parameters for profile p against this server
// with the default credentials and a fast retry policy.
func (s *Server) ClientParams(p cssm.Profile) cssm.ClientParams {
	return cssm.ClientParams{
		Profile: p, BaseURL: s.BaseURL(p), TokenURL: s.TokenURL(p),
		ClientID: DefaultClientID, ClientSecret: DefaultClientSecret, RootCAs: s.CertPool(),
		Retry: &cssm.RetryPolicy{MaxAttempts: 6, BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond},
	}
}

var prefixes = [...]string{cssm.ProfileLegacy: LegacyPrefix, cssm.ProfileSoftware: SoftwarePrefix, cssm.ProfileOnPrem: OnPremPrefix}

// AddClient accepts another client id and secret at the token endpoints.
func (s *Server) AddClient(id, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[id] = secret
}

// Seed replaces the Smart Account with snap's account, Virtual Accounts,
// entitlements (grouped per Virtual Account and license into license
// records), product instances (grouped per UDI and Virtual Account into
// devices) and in-use counts (where snap.InUse has none for a license and
// Virtual Account, in-use is the devices' usage). The footprint, users and
// reservations are not CSSM's and are ignored. Seed the embedded sample
// with Seed(&ds.Snapshot).
func (s *Server) Seed(snap *smartaccount.Snapshot) error {
	st, err := seed(snap)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	return nil
}

// Snapshot returns the Smart Account as it stands, in the form and order a
// complete cssm.Sync of it returns (TakenAt aside): what a sync must give.
func (s *Server) Snapshot() *smartaccount.Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.snapshot(s.now())
}

// Licenses returns the license records as the license list serves them.
func (s *Server) Licenses() []cssm.License {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.licenseList(s.now())
}

func (s *Server) now() time.Time {
	if s.params.Now != nil {
		return s.params.Now()
	}
	return time.Now()
}

// Domain returns the Smart Account's domain.
func (s *Server) Domain() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.domain
}

// ExpireTokens makes every access token issued so far expired: the next
// call with one gets 401.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.tokens {
		s.tokens[t] = time.Time{}
	}
}

// IssuedTokens returns the access tokens issued so far, for tests that check
// that a token never appears where it must not.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.tokens))
	for t := range s.tokens {
		out = append(out, t)
	}
	return out
}

// Request is one request the server received. The Authorization header and
// a token request's client_secret are recorded as cssm.Redacted.
type Request struct {
	Method   string
	Path     string // escaped, as received, without the query
	Query    url.Values
	Profile  cssm.Profile
	Endpoint cssm.Endpoint // EndpointToken for the token endpoints
	Header   http.Header
	Body     []byte
	// Fault is the kind of fault injected into this request; 0 when none.
	Fault FaultKind
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// maxBody bounds a request body.
const maxBody = 8 << 20

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, "cannot read the body", http.StatusBadRequest)
		return
	}
	rec := Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	if rec.Header.Get("Authorization") != "" {
		rec.Header.Set("Authorization", cssm.Redacted)
	}
	path := r.URL.EscapedPath()
	if path == CloudSSOTokenPath || path == IDTokenPath || path == OnPremTokenPath {
		rec.Endpoint = EndpointToken
		rec.Body = redactForm(body)
		s.token(w, r, body, &rec)
		return
	}
	prof, ep, args, ok := match(r.Method, path, r.URL.Query())
	if !ok {
		s.record(rec)
		writeJSON(w, http.StatusNotFound, map[string]string{"status": "ERROR", "statusMessage": "no such API: " + r.Method + " " + path})
		return
	}
	rec.Profile, rec.Endpoint = prof, ep
	f := s.fault(ep)
	if f != nil {
		rec.Fault = f.Kind
	}
	if f != nil && f.Kind == FaultApplyThenStall {
		if s.authorized(w, r, nil) {
			s.handle(httptest.NewRecorder(), r, prof, ep, args, body)
			s.record(rec)
			<-r.Context().Done()
		}
		return
	}
	s.record(rec)
	if !s.authorized(w, r, f) {
		return
	}
	if f != nil && f.Kind == FaultTruncate {
		rr := httptest.NewRecorder()
		s.handle(rr, r, prof, ep, args, body)
		full := rr.Body.Bytes()
		for k, v := range rr.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(full)))
		w.WriteHeader(rr.Code)
		_, _ = w.Write(full[:len(full)/2])
		resetConn(w)
		return
	}
	if f != nil && s.inject(w, f, func() { s.handle(httptest.NewRecorder(), r, prof, ep, args, body) }) {
		return
	}
	s.handle(w, r, prof, ep, args, body)
}

func (s *Server) record(rec Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, rec)
}

// redactForm hides client_secret in a recorded token request (form or
// JSON).
func redactForm(body []byte) []byte {
	if v, err := url.ParseQuery(string(body)); err == nil && v.Has("client_secret") {
		v.Set("client_secret", cssm.Redacted)
		return []byte(v.Encode())
	}
	var m map[string]any
	if json.Unmarshal(body, &m) == nil {
		if _, ok := m["client_secret"]; ok {
			m["client_secret"] = cssm.Redacted
			b, _ := json.Marshal(m)
			return b
		}
	}
	return body
}

// token serves the token endpoints: form-encoded client credentials at the
// cloud paths, a JSON body at On-Prem's.
func (s *Server) token(w http.ResponseWriter, r *http.Request, body []byte, rec *Request) {
	var id, secret, grant string
	if r.URL.Path == OnPremTokenPath {
		var req struct {
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
			GrantType    string `json:"grant_type"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			s.record(*rec)
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "the body must be JSON"})
			return
		}
		id, secret, grant = req.ClientID, req.ClientSecret, req.GrantType
	} else {
		v, err := url.ParseQuery(string(body))
		if err != nil {
			s.record(*rec)
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "the body must be form-encoded"})
			return
		}
		id, secret, grant = v.Get("client_id"), v.Get("client_secret"), v.Get("grant_type")
		if u, p, ok := r.BasicAuth(); ok {
			id, secret = u, p
		}
	}
	f := s.fault(EndpointToken)
	if f != nil {
		rec.Fault = f.Kind
	}
	s.record(*rec)
	if f != nil && f.Kind == FaultEchoSecret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client",
			"error_description": fmt.Sprintf("Invalid client %s with secret %s (body: %s)", id, secret, body)})
		return
	}
	if f != nil && s.inject(w, f, nil) {
		return
	}
	if grant != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "only client_credentials"})
		return
	}
	s.mu.Lock()
	want, known := s.clients[id]
	s.mu.Unlock()
	if !known || want != secret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed"})
		return
	}
	tok := rand.Text()
	s.mu.Lock()
	s.tokens[tok] = time.Now().Add(s.params.TokenTTL)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": int(s.params.TokenTTL / time.Second)})
}

// authorized checks the bearer token; it answers 401 for a missing, unknown
// or expired one, and 403 Invalid Client under FaultNotSubscribed.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, f *faultState) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	exp, known := s.tokens[tok]
	if f != nil && f.Kind == FaultExpireToken {
		s.tokens[tok] = time.Time{}
		exp = time.Time{}
	}
	s.mu.Unlock()
	if !ok || !known || time.Now().After(exp) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": "The access token is missing, invalid or expired"})
		return false
	}
	if f != nil && f.Kind == FaultNotSubscribed {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "Invalid Client", "error_description": "Invalid Client"})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	writeRaw(w, status, buf.Bytes())
}

func writeRaw(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("X-Request-Id", requestID())
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func requestID() string { return "cssmtest-" + rand.Text()[:12] }

// resetConn closes the client's connection abruptly (a TCP reset where the
// platform allows it): the client sees a connection reset, not an answer.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
