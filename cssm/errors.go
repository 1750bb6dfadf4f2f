package cssm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// ErrNotSubscribed is wrapped by the *ErrorResponse of a call refused with
// 403 "Invalid Client" after a token was issued: the application is
// registered but not (yet) subscribed to the API. Subscribe it in the API
// console (CSSM-API.md, "Hosts and profiles"); retrying does not help.
var ErrNotSubscribed = errors.New("your application is not subscribed to this API: subscribe it to the Smart Accounts and Licensing API in the API console (a token was issued, every call gets 403 Invalid Client)")

// ErrUnsupported is wrapped by the error of a call the client's profile does
// not offer (the SLP offline flow on SSM On-Prem, for one).
var ErrUnsupported = errors.New("not offered by this profile")

// ErrorResponse is a call CSSM refused: an HTTP status of 400 or more, or a
// 2xx whose body says "status":"ERROR" or "FAILED" (CSSM-API.md, "Errors
// inside HTTP 200"). Every text in it came from the server and has had the
// client's secret and tokens removed. Use errors.As to branch on it, and
// errors.Is(err, ErrNotSubscribed) for the subscription case.
type ErrorResponse struct {
	StatusCode int    // HTTP status
	Method     string // of the request
	Path       string // of the request, relative to the base URL, without the query
	// Status is CSSM's own status word ("ERROR", "FAILED"); "" when the
	// body had none.
	Status string
	// Code is CSSM's message_code, or the OAuth "error" of a gateway
	// refusal; "" when none.
	Code string
	// Message is statusMessage, message or error_description; "" when the
	// body had none (the body itself is never quoted whole).
	Message    string
	RequestID  string        // the request id the server gave, for Cisco support
	RetryAfter time.Duration // the server's Retry-After, when it sent one
	// notSubscribed marks the 403 Invalid Client case (see ErrNotSubscribed).
	notSubscribed bool
}

// Error returns "cssm: POST v1/…/licenses: 400 Bad Request: ERROR: message
// (request id …)", leaving out what is not known.
func (e *ErrorResponse) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cssm: %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.notSubscribed {
		b.WriteString(": " + ErrNotSubscribed.Error())
	}
	for _, part := range []string{e.Status, e.Code, e.Message} {
		if part != "" {
			b.WriteString(": " + part)
		}
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID + ")")
	}
	return b.String()
}

// Unwrap returns ErrNotSubscribed for the subscription case, else nil.
func (e *ErrorResponse) Unwrap() error {
	if e.notSubscribed {
		return ErrNotSubscribed
	}
	return nil
}

// Temporary reports whether the server said the call may succeed later
// (429, 502, 503, 504): the retry policy had given up on it.
func (e *ErrorResponse) Temporary() bool { return retryableStatus(e.StatusCode) }

// TokenError is a failure to get an access token: the token endpoint refused
// the client credentials, or could not be reached. Its fields never hold
// the client secret or a token, even when the endpoint echoes the secret in
// its error body (CSSM-API.md): the body is never kept, and the OAuth
// error_description is cleaned of the secret.
type TokenError struct {
	URL        string // the token endpoint
	StatusCode int    // 0 when no HTTP answer came
	// Code is the OAuth "error" ("invalid_client", …); "" when none.
	Code string
	// Description is the OAuth "error_description", cleaned of secrets.
	Description string
	// Err is the transport error or context error when no answer came,
	// cleaned of secrets; nil otherwise.
	Err error
}

// Error returns "cssm: token: 401 Unauthorized: invalid_client: …".
func (e *TokenError) Error() string {
	var b strings.Builder
	b.WriteString("cssm: token from " + e.URL)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	for _, part := range []string{e.Code, e.Description} {
		if part != "" {
			b.WriteString(": " + part)
		}
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	if e.StatusCode == http.StatusUnauthorized || e.Code == "invalid_client" {
		b.WriteString(" (check the client id and secret; a newly created client is refused for about 30 minutes)")
	}
	return b.String()
}

// Unwrap returns the transport or context error.
func (e *TokenError) Unwrap() error { return e.Err }

// OutcomeUnknownError is a write whose answer was lost after the request may
// have reached CSSM (a connection reset after sending, a timeout, a body
// cut short, the call's context cancelled): it may or may not have been
// applied, so it was not retried. Unwrap gives the cause (errors.Is(err,
// context.Canceled) still holds).
// Re-read the state before sending it again; Apply does so through its
// journal.
type OutcomeUnknownError struct {
	Method, Path string
	Err          error
}

// Error says what happened and what to do.
func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("cssm: %s %s: outcome unknown, not retried (the request may have been applied; re-read before re-sending): %v", e.Method, e.Path, e.Err)
}

// Unwrap returns the transport error.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// TooLargeError is a response body beyond ClientParams.MaxResponseBytes. It
// wraps smartaccount.ErrTooLarge.
type TooLargeError struct {
	Method, Path string
	Limit        int64
}

// Error names the call and the bound.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("cssm: %s %s: response body larger than %d bytes", e.Method, e.Path, e.Limit)
}

// Unwrap returns smartaccount.ErrTooLarge.
func (e *TooLargeError) Unwrap() error { return smartaccount.ErrTooLarge }

// sentinelOf returns the well-known sentinel err wraps (a context error, an
// unexpected EOF), so that a redacted copy still answers errors.Is.
func sentinelOf(err error) error {
	for _, s := range []error{context.Canceled, context.DeadlineExceeded, io.ErrUnexpectedEOF, smartaccount.ErrTooLarge} {
		if errors.Is(err, s) {
			return s
		}
	}
	return nil
}

func errRequired(what string) error { return fmt.Errorf("cssm: %s is required", what) }
