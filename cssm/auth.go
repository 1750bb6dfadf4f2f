package cssm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// tokenRefreshTimeout bounds one token request. A refresh runs on its own
// context, not the caller's: a cancelled call must not poison the cache.
const tokenRefreshTimeout = 30 * time.Second

// expiryMargin: a token this close to its expiry is refreshed before use.
const expiryMargin = time.Minute

// fetchFunc gets a new token from the token endpoint.
type fetchFunc func(ctx context.Context) (*oauth2.Token, error)

// tokenSource is the client's one token cache. Token returns the cached
// token or waits for a refresh; at most one refresh runs at a time, on a
// background context with its own timeout, so that a caller whose context
// is cancelled stops waiting without cancelling the refresh others (or its
// own retry) will use. Invalidate drops a token the API refused with 401.
type tokenSource struct {
	fetch  fetchFunc
	redact *redactor
	log    *slog.Logger
	now    func() time.Time

	mu      sync.Mutex
	tok     *oauth2.Token
	pending *refresh
}

// refresh is one token request in flight; done is closed when tok or err is
// set.
type refresh struct {
	done chan struct{}
	tok  *oauth2.Token
	err  error
}

// token returns a valid access token.
func (ts *tokenSource) token(ctx context.Context) (string, error) {
	ts.mu.Lock()
	if ts.tok != nil && (ts.tok.Expiry.IsZero() || ts.now().Add(expiryMargin).Before(ts.tok.Expiry)) {
		t := ts.tok.AccessToken
		ts.mu.Unlock()
		return t, nil
	}
	r := ts.pending
	if r == nil {
		r = &refresh{done: make(chan struct{})}
		ts.pending = r
		go ts.run(r)
	}
	ts.mu.Unlock()
	select {
	case <-r.done:
		if r.err != nil {
			return "", r.err
		}
		return r.tok.AccessToken, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// run performs refresh r on a background context.
func (ts *tokenSource) run(r *refresh) {
	ctx, cancel := context.WithTimeout(context.Background(), tokenRefreshTimeout)
	defer cancel()
	tok, err := ts.fetch(ctx)
	if err == nil && (tok == nil || tok.AccessToken == "") {
		err = errors.New("cssm: token endpoint returned no access_token")
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if err == nil {
		ts.redact.add(tok.AccessToken, "")
		ts.tok = tok
		ts.log.LogAttrs(ctx, slog.LevelDebug, "cssm token", slog.Time("expiry", tok.Expiry))
	} else {
		ts.log.LogAttrs(ctx, slog.LevelWarn, "cssm token failed", slog.String("error", err.Error()))
	}
	r.tok, r.err = tok, err
	ts.pending = nil
	close(r.done)
}

// invalidate drops the cached token if it is still the one the API refused,
// so that the next call fetches a new one (x/oauth2 never does this itself).
func (ts *tokenSource) invalidate(used string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.tok != nil && ts.tok.AccessToken == used {
		ts.tok = nil
	}
}

// formFetch gets tokens with the client-credentials grant, credentials in
// the form body (the cloud token endpoints), through x/oauth2.
func formFetch(hc *http.Client, id string, secret Secret, tokenURL string, redact *redactor) fetchFunc {
	cfg := &clientcredentials.Config{
		ClientID:     id,
		ClientSecret: string(secret),
		TokenURL:     tokenURL,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	return func(ctx context.Context) (*oauth2.Token, error) {
		tok, err := cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
		if err == nil {
			return tok, nil
		}
		te := &TokenError{URL: tokenURL}
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			// re.Body and re.Error() may echo the secret: keep neither.
			if re.Response != nil {
				te.StatusCode = re.Response.StatusCode
			}
			te.Code = redact.clean(re.ErrorCode)
			te.Description = redact.clean(re.ErrorDescription)
			return nil, te
		}
		te.Err = redact.cleanError(err)
		return nil, te
	}
}

// jsonFetch gets tokens from SSM On-Prem, which wants the credentials as a
// JSON body {"client_id","client_secret","grant_type"} (CSSM-API.md).
func jsonFetch(hc *http.Client, id string, secret Secret, tokenURL string, redact *redactor, limit int64) fetchFunc {
	return func(ctx context.Context) (*oauth2.Token, error) {
		body, err := json.Marshal(struct {
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
			GrantType    string `json:"grant_type"`
		}{id, string(secret), "client_credentials"})
		if err != nil {
			return nil, &TokenError{URL: tokenURL, Err: err}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, bytes.NewReader(body))
		if err != nil {
			return nil, &TokenError{URL: tokenURL, Err: redact.cleanError(err)}
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return nil, &TokenError{URL: tokenURL, Err: redact.cleanError(err)}
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
		if err != nil {
			return nil, &TokenError{URL: tokenURL, StatusCode: resp.StatusCode, Err: redact.cleanError(err)}
		}
		if int64(len(data)) > limit {
			return nil, &TokenError{URL: tokenURL, StatusCode: resp.StatusCode, Err: &TooLargeError{Method: "POST", Path: "token", Limit: limit}}
		}
		var tr struct {
			AccessToken      String `json:"access_token"`
			TokenType        String `json:"token_type"`
			ExpiresIn        Int64  `json:"expires_in"`
			Error            String `json:"error"`
			ErrorDescription String `json:"error_description"`
		}
		jerr := json.Unmarshal(data, &tr)
		if resp.StatusCode/100 != 2 || tr.AccessToken == "" {
			te := &TokenError{URL: tokenURL, StatusCode: resp.StatusCode,
				Code: redact.clean(string(tr.Error)), Description: redact.clean(string(tr.ErrorDescription))}
			if resp.StatusCode/100 == 2 {
				te.Err = errors.New("no access_token in the answer")
				if jerr != nil {
					te.Err = fmt.Errorf("answer is not a token: %w", redact.cleanError(jerr))
				}
			}
			return nil, te
		}
		tok := &oauth2.Token{AccessToken: string(tr.AccessToken), TokenType: string(tr.TokenType)}
		if tr.ExpiresIn > 0 {
			tok.Expiry = time.Now().Add(time.Duration(tr.ExpiresIn) * time.Second)
		}
		return tok, nil
	}
}
