package cssm

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Defaults of ClientParams.
const (
	DefaultMaxResponseBytes = 64 << 20
	DefaultRequestTimeout   = 2 * time.Minute
	DefaultUserAgent        = "smartlicensing-go-cssm"
)

// ClientParams configure a Client. Only ClientID and ClientSecret are
// required (and BaseURL for ProfileOnPrem); every zero field takes the
// default its comment names.
type ClientParams struct {
	// Profile selects the endpoints; the zero value is ProfileLegacy.
	Profile Profile
	// BaseURL replaces the profile's API base; TokenURL its token endpoint
	// (see the Default… constants). Both must be https, except for a
	// loopback host (127.0.0.0/8, ::1, localhost), which may be http.
	BaseURL, TokenURL string
	ClientID          string
	ClientSecret      Secret
	// RootCAs are the certificate authorities trusted for TLS, for an SSM
	// On-Prem with its own CA; nil is the system pool. There is no way to
	// turn verification off.
	RootCAs *x509.CertPool
	// Retry is the retry policy; nil (or a zero field) takes RetryPolicy's
	// defaults.
	Retry *RetryPolicy
	// Limiter, when set, spaces every request (retries included) on the
	// client side, below the subscription's unpublished rate limit.
	Limiter *rate.Limiter
	// MaxResponseBytes bounds one response body; 0 is
	// DefaultMaxResponseBytes. A larger body fails with an error wrapping
	// smartaccount.ErrTooLarge.
	MaxResponseBytes int64
	// RequestTimeout bounds one attempt of one request; 0 is
	// DefaultRequestTimeout.
	RequestTimeout time.Duration
	// Logger receives one debug line per attempt and a warning per retry
	// (method, path, status, request id, duration — never a header, a token
	// or a secret); nil logs nothing.
	Logger *slog.Logger
	// UserAgent is sent with every request; "" is DefaultUserAgent.
	UserAgent string
	// RequestingSystem is the JSON of the SLP offline flow's
	// X-CSW-REQUESTING-SYSTEM header; "" sends {"name": UserAgent}.
	RequestingSystem string
}

// Client is a CSSM REST client: one token source, one retry policy and one
// HTTP client shared by its services. It is safe for concurrent use.
type Client struct {
	profile  Profile
	base     *url.URL
	tokenURL string
	clientID string
	hc       *http.Client
	tokens   *tokenSource
	redact   *redactor
	retry    RetryPolicy
	limiter  *rate.Limiter
	log      *slog.Logger
	maxBody  int64
	ua       string
	system   string
	ids      idCache
	bufs     chan *bytes.Buffer // free response buffers (see buffer)

	// Services, go-github style: client.Devices.List(ctx, …).
	Accounts        *AccountsService
	VirtualAccounts *VirtualAccountsService
	Licenses        *LicensesService
	Devices         *DevicesService
	Tokens          *TokensService
	Reservations    *ReservationsService
	Offline         *OfflineService
}

// service is the common part of every service.
type service struct{ c *Client }

// NewClient returns a client for p, or an error naming the parameter at
// fault. It does no I/O: the first call fetches the token.
func NewClient(p ClientParams) (*Client, error) {
	if p.ClientID == "" || p.ClientSecret == "" {
		return nil, errors.New("cssm: ClientID and ClientSecret are required")
	}
	baseText, tokenURL, err := p.Profile.defaultURLs(p.BaseURL, p.TokenURL)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(baseText, "/") {
		baseText += "/"
	}
	base, err := checkURL("BaseURL", baseText)
	if err != nil {
		return nil, err
	}
	if _, err := checkURL("TokenURL", tokenURL); err != nil {
		return nil, err
	}
	c := &Client{
		profile:  p.Profile,
		base:     base,
		tokenURL: tokenURL,
		clientID: p.ClientID,
		redact:   &redactor{},
		retry:    defaultRetryPolicy,
		limiter:  p.Limiter,
		log:      p.Logger,
		maxBody:  p.MaxResponseBytes,
		ua:       p.UserAgent,
		system:   p.RequestingSystem,
		bufs:     make(chan *bytes.Buffer, 4),
	}
	if p.Retry != nil {
		c.retry = p.Retry.withDefaults()
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxResponseBytes
	}
	if c.ua == "" {
		c.ua = DefaultUserAgent
	}
	if c.system == "" {
		b, _ := json.Marshal(map[string]string{"name": c.ua})
		c.system = string(b)
	}
	c.redact.add(string(p.ClientSecret), p.ClientID)
	timeout := p.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: p.RootCAs, MinVersion: tls.VersionTLS12}
	tr.MaxIdleConnsPerHost = 16
	c.hc = &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: checkRedirect}
	fetch := formFetch(c.hc, p.ClientID, p.ClientSecret, tokenURL, c.redact)
	if p.Profile == ProfileOnPrem {
		fetch = jsonFetch(c.hc, p.ClientID, p.ClientSecret, tokenURL, c.redact, 1<<20)
	}
	c.tokens = &tokenSource{fetch: fetch, redact: c.redact, log: c.log, now: time.Now}
	s := service{c}
	c.Accounts = (*AccountsService)(&s)
	c.VirtualAccounts = (*VirtualAccountsService)(&s)
	c.Licenses = (*LicensesService)(&s)
	c.Devices = (*DevicesService)(&s)
	c.Tokens = (*TokensService)(&s)
	c.Reservations = (*ReservationsService)(&s)
	c.Offline = (*OfflineService)(&s)
	return c, nil
}

// Profile returns the client's profile.
func (c *Client) Profile() Profile { return c.profile }

// BaseURL returns the API base the client sends to.
func (c *Client) BaseURL() string { return c.base.String() }

// String describes the client without its credentials.
func (c *Client) String() string {
	return fmt.Sprintf("cssm.Client{profile: %s, base: %s, token: %s, client id: %s, secret: %s}",
		c.profile, c.base, c.tokenURL, c.clientID, Redacted)
}

// GoString is String: %#v never dumps the token cache.
func (c *Client) GoString() string { return c.String() }

// Format writes String for every verb, so that %v and %+v of a Client (or
// of a struct holding one by value) never walk into the token cache.
func (c *Client) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// LogValue implements slog.LogValuer.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// checkURL parses a configured URL and enforces HTTPS, except for loopback.
func checkURL(name, s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("cssm: %s: %w", name, err)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("cssm: %s %q has no host", name, s)
	}
	if err := checkScheme(u); err != nil {
		return nil, fmt.Errorf("cssm: %s: %w", name, err)
	}
	return u, nil
}

// checkScheme allows https anywhere and http only to a loopback host.
func checkScheme(u *url.URL) error {
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%s://%s: HTTPS is required except for a loopback host", u.Scheme, u.Host)
	}
	return fmt.Errorf("scheme %q: HTTPS is required", u.Scheme)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkRedirect refuses a redirect to another host (credentials and
// requests stay with the configured service) or to plain HTTP.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("cssm: more than 5 redirects")
	}
	if !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
		return fmt.Errorf("cssm: redirect from %s to another host (%s) refused", via[0].URL.Host, req.URL.Host)
	}
	return checkScheme(req.URL)
}

// Response is the HTTP side of one call, beside its decoded result.
type Response struct {
	StatusCode int
	// Header holds the response headers (never the request's, which carry
	// the token).
	Header    http.Header
	RequestID string
	RateLimit RateLimit
	// TotalRecords is the list's total for paged calls (totalRecords,
	// totalRows); 0 otherwise.
	TotalRecords int64
	// Attempts counts the HTTP attempts the call took (retries and the
	// re-authentication after a 401 included).
	Attempts int
}

// RateLimit is what the gateway said about the client's rate limit, where it
// said it (X-RateLimit-Limit, -Remaining, -Reset; Retry-After). CSSM's
// limits are per subscription tier and unpublished: any field may be zero.
type RateLimit struct {
	Limit, Remaining int64
	Reset            time.Time
	RetryAfter       time.Duration
}

// call is one API call as the services describe it.
type call struct {
	ep     Endpoint
	domain string
	va     string
	query  url.Values
	body   any
	header http.Header
	// write marks a call that changes CSSM's state: it is retried only when
	// provably not applied.
	write bool
	out   any
}

// resolve returns the method and the path of cl in profile p.
func (p Profile) resolve(cl *call) (method, path string, err error) {
	method, tmpl, ok := p.Route(cl.ep)
	if !ok {
		return "", "", fmt.Errorf("cssm: %s: %w (%s)", cl.ep, ErrUnsupported, p)
	}
	if strings.Contains(tmpl, "{d}") && cl.domain == "" {
		return "", "", fmt.Errorf("cssm: %s: the Smart Account domain is required", cl.ep)
	}
	if strings.Contains(tmpl, "{va}") && cl.va == "" {
		return "", "", fmt.Errorf("cssm: %s: the Virtual Account name is required", cl.ep)
	}
	path = strings.NewReplacer("{d}", url.PathEscape(cl.domain), "{va}", url.PathEscape(cl.va)).Replace(tmpl)
	if i := strings.IndexByte(path, '?'); i >= 0 {
		// A query in the route ("?virtualAccountName={va}"): the va was
		// path-escaped; make it a proper query value.
		q, err := url.ParseQuery(strings.ReplaceAll(path[i+1:], url.PathEscape(cl.va), url.QueryEscape(cl.va)))
		if err != nil {
			return "", "", err
		}
		if cl.query == nil {
			cl.query = url.Values{}
		}
		for k, v := range q {
			cl.query[k] = v
		}
		path = path[:i]
	}
	return method, path, nil
}

// encodeBody writes v as compact JSON without HTML escaping (VA names hold
// "&"), as the dry run prints it and CSSM receives it.
func encodeBody(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// do performs cl: rate limit, token, request, retries, re-authentication
// after a 401, bounded body, envelope check, decoding. The Response is never
// nil.
func (c *Client) do(ctx context.Context, cl *call) (*Response, error) {
	method, path, err := c.profile.resolve(cl)
	if err != nil {
		return &Response{}, err
	}
	var body []byte
	if cl.body != nil {
		if body, err = encodeBody(cl.body); err != nil {
			return &Response{}, fmt.Errorf("cssm: %s %s: encoding the request: %w", method, path, err)
		}
	}
	u := *c.base
	plain, err := url.PathUnescape(path)
	if err != nil {
		return &Response{}, fmt.Errorf("cssm: %s %s: %w", method, path, err)
	}
	u.Path = c.base.Path + plain
	u.RawPath = c.base.EscapedPath() + path
	if len(cl.query) > 0 {
		u.RawQuery = cl.query.Encode()
	}
	target := u.String()

	resp := &Response{}
	reauthed := false
	for attempt := 0; ; attempt++ {
		if c.limiter != nil {
			if err := c.limiter.Wait(ctx); err != nil {
				return resp, err
			}
		}
		tok, err := c.tokens.token(ctx)
		if err != nil {
			return resp, err
		}
		resp.Attempts++
		res, err := c.attempt(ctx, method, target, path, body, tok, cl)
		if err != nil && ctx.Err() != nil {
			c.release(&res)
			if cl.write && !res.notSent {
				// Cancelled after sending: it may have been applied.
				return resp, &OutcomeUnknownError{Method: method, Path: path, Err: ctx.Err()}
			}
			return resp, ctx.Err()
		}
		if res.status == http.StatusUnauthorized && !reauthed {
			// The token was refused (revoked, expired early): drop it and
			// try once more with a new one. Nothing was applied.
			c.release(&res)
			c.tokens.invalidate(tok)
			reauthed = true
			attempt--
			continue
		}
		if res.status != 0 {
			resp.StatusCode, resp.Header = res.status, res.header
			resp.RequestID = requestID(res.header)
			resp.RateLimit = rateLimit(res.header, c.retry.MaxRetryAfter)
		}
		retry, wait := c.retry.decide(attempt, cl.write, res, err)
		if !retry {
			err = c.finish(method, path, &res, err, cl, resp)
			c.release(&res)
			return resp, err
		}
		c.release(&res)
		c.log.LogAttrs(ctx, slog.LevelWarn, "cssm retry",
			slog.String("method", method), slog.String("path", path), slog.Int("status", res.status),
			slog.Int("attempt", attempt+1), slog.Duration("wait", wait), slog.String("request_id", resp.RequestID),
			slog.String("error", errText(err)))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return resp, ctx.Err()
		case <-t.C:
		}
	}
}

// finish turns the last attempt into the call's error, decoding the body of
// a success into cl.out.
func (c *Client) finish(method, path string, res *result, err error, cl *call, resp *Response) error {
	switch {
	case err != nil && cl.write && !res.notSent:
		return &OutcomeUnknownError{Method: method, Path: path, Err: err}
	case err != nil:
		return err
	case res.apiErr != nil:
		return res.apiErr
	}
	return c.decode(method, path, res.body, cl.out, resp)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// result is what one attempt gave.
type result struct {
	status int
	header http.Header
	body   []byte
	apiErr *ErrorResponse // for status ≥ 400
	// notSent: the request provably never reached the server (the
	// connection could not be made, or nothing was written on it).
	notSent bool
	buf     *bytes.Buffer // holds body; back to the client on release
}

// maxKeptBuffer: a response buffer larger than this is not kept for reuse.
const maxKeptBuffer = 4 << 20

// buffer returns a response buffer from the client's free list: a sync reads
// a thousand pages of tens of kilobytes, and decoding copies what it keeps,
// so a buffer is reused as soon as its body is decoded.
func (c *Client) buffer() *bytes.Buffer {
	select {
	case b := <-c.bufs:
		b.Reset()
		return b
	default:
		return new(bytes.Buffer)
	}
}

// release gives the body's buffer back to c; the body must not be used
// after.
func (c *Client) release(r *result) {
	if r.buf != nil && r.buf.Cap() <= maxKeptBuffer {
		select {
		case c.bufs <- r.buf:
		default:
		}
	}
	r.buf, r.body = nil, nil
}

// attempt sends one HTTP request and reads its bounded body. A transport
// error is returned cleaned of secrets.
func (c *Client) attempt(ctx context.Context, method, target, path string, body []byte, tok string, cl *call) (result, error) {
	var res result
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteHeaderField: func(string, []string) { wrote.Store(true) },
	})
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return res, err
	}
	for k, v := range cl.header {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	hr, err := c.hc.Do(req)
	if err != nil {
		res.notSent = !wrote.Load() || isDialError(err)
		c.log.LogAttrs(ctx, slog.LevelDebug, "cssm request", slog.String("method", method), slog.String("path", path),
			slog.Duration("duration", time.Since(start)), slog.String("error", c.redact.clean(err.Error())))
		return res, fmt.Errorf("cssm: %s %s: %w", method, path, c.redact.cleanError(err))
	}
	defer hr.Body.Close()
	res.status, res.header = hr.StatusCode, hr.Header
	buf := c.buffer()
	if n := hr.ContentLength; n > 0 && n <= c.maxBody {
		buf.Grow(int(n) + bytes.MinRead)
	}
	res.buf = buf
	_, err = buf.ReadFrom(io.LimitReader(hr.Body, c.maxBody+1))
	data := buf.Bytes()
	c.log.LogAttrs(ctx, slog.LevelDebug, "cssm request", slog.String("method", method), slog.String("path", path),
		slog.Int("status", hr.StatusCode), slog.Int("bytes", len(data)), slog.String("request_id", requestID(hr.Header)),
		slog.Duration("duration", time.Since(start)))
	if err != nil {
		return res, fmt.Errorf("cssm: %s %s: reading the response: %w", method, path, c.redact.cleanError(err))
	}
	if int64(len(data)) > c.maxBody {
		res.status = 0 // not an answer to act on
		return res, &TooLargeError{Method: method, Path: path, Limit: c.maxBody}
	}
	res.body = data
	if hr.StatusCode >= 400 {
		res.apiErr = c.errorResponse(method, path, hr, data)
	}
	return res, nil
}

func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// envelope is the status part every CSSM body may carry: legacy
// "status"/"statusMessage", SLP "status"/"message_code"/"message", and the
// OAuth "error"/"error_description" of a gateway refusal.
type envelope struct {
	Status           String `json:"status"`
	StatusMessage    String `json:"statusMessage"`
	Message          String `json:"message"`
	MessageCode      String `json:"message_code"`
	Error            String `json:"error"`
	ErrorDescription String `json:"error_description"`
	ErrorCode        String `json:"errorCode"`
}

func (e *envelope) status() *envelope { return e }

// failed reports whether the body's status says the call failed.
func (e *envelope) failed() bool {
	s := strings.ToUpper(string(e.Status))
	return s == "ERROR" || s == "FAILED" || s == "FAILURE"
}

func (e *envelope) text() string {
	for _, s := range []String{e.StatusMessage, e.Message, e.ErrorDescription} {
		if s != "" {
			return string(s)
		}
	}
	return ""
}

func (e *envelope) code() string {
	for _, s := range []String{e.MessageCode, e.Error, e.ErrorCode} {
		if s != "" {
			return string(s)
		}
	}
	return ""
}

// enveloped is a response type that embeds envelope.
type enveloped interface{ status() *envelope }

// errorResponse builds the error of a status ≥ 400 from its body.
func (c *Client) errorResponse(method, path string, hr *http.Response, data []byte) *ErrorResponse {
	var env envelope
	_ = json.Unmarshal(data, &env) // best effort: a gateway may answer HTML
	e := &ErrorResponse{
		StatusCode: hr.StatusCode, Method: method, Path: path,
		Status:     c.redact.clean(string(env.Status)),
		Code:       c.redact.clean(env.code()),
		Message:    c.redact.clean(truncate(env.text(), 300)),
		RequestID:  requestID(hr.Header),
		RetryAfter: retryAfter(hr.Header, c.retry.MaxRetryAfter),
	}
	if hr.StatusCode == http.StatusForbidden {
		low := strings.ToLower(string(data))
		e.notSubscribed = strings.Contains(low, "invalid client") || strings.Contains(low, "invalid_client")
	}
	return e
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// decode reads a 2xx body into out and turns an ERROR/FAILED envelope into
// an *ErrorResponse.
func (c *Client) decode(method, path string, data []byte, out any, resp *Response) error {
	if out == nil {
		out = &envelope{}
	}
	if len(bytes.TrimSpace(data)) > 0 {
		var err error
		if fd, ok := out.(interface{ decodeJSON([]byte) error }); ok {
			err = fd.decodeJSON(data)
		} else {
			err = json.Unmarshal(data, out)
		}
		if err != nil {
			return fmt.Errorf("cssm: %s %s: decoding the response: %w", method, path, c.redact.cleanError(err))
		}
	}
	if ev, ok := out.(enveloped); ok {
		if env := ev.status(); env.failed() {
			return &ErrorResponse{
				StatusCode: resp.StatusCode, Method: method, Path: path,
				Status:    c.redact.clean(string(env.Status)),
				Code:      c.redact.clean(env.code()),
				Message:   c.redact.clean(truncate(env.text(), 300)),
				RequestID: resp.RequestID,
			}
		}
	}
	if p, ok := out.(interface{ total() int64 }); ok {
		resp.TotalRecords = p.total()
	}
	return nil
}

// requestID returns the request id a gateway or CSSM put in the headers.
func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "X-Correlation-Id", "X-Mashery-Message-Id", "Request-Id"} {
		if v := h.Get(k); v != "" {
			return truncate(v, 100)
		}
	}
	return ""
}

func rateLimit(h http.Header, maxWait time.Duration) RateLimit {
	num := func(k string) int64 {
		n, _ := strconv.ParseInt(strings.TrimSpace(h.Get(k)), 10, 64)
		return n
	}
	rl := RateLimit{Limit: num("X-RateLimit-Limit"), Remaining: num("X-RateLimit-Remaining"), RetryAfter: retryAfter(h, maxWait)}
	if r := num("X-RateLimit-Reset"); r > 0 {
		rl.Reset = time.Unix(r, 0).UTC()
	}
	return rl
}
