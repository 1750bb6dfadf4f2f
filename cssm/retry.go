package cssm

import (
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// RetryPolicy is the client's one retry rule (CSSM-API.md, "Behaviour a
// client must survive"). A read — a GET, or a POST that only queries, such
// as the license and device lists — is retried on 429, 502, 503, 504, a
// connection reset, a timeout or a body cut short. A write (a transfer, a
// removal, a reservation, a creation) is retried only when it provably did
// not happen: the connection could not be made or nothing was sent on it,
// or the server answered 429 or 503 before processing it. Waits grow
// exponentially from BaseDelay to MaxDelay with jitter (each wait is drawn
// from [d/2, d]); a Retry-After header replaces the wait, capped at
// MaxRetryAfter. Every wait ends early when the call's context is done.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts of one call, the first
	// included; 1 disables retries. 0 is the default, 5.
	MaxAttempts int
	// BaseDelay is the first wait (0: 500ms); MaxDelay caps every wait
	// (0: 30s); MaxRetryAfter caps a server's Retry-After (0: 2 minutes).
	BaseDelay, MaxDelay, MaxRetryAfter time.Duration
}

// defaultRetryPolicy is the policy of a client whose ClientParams.Retry is
// nil, and fills the zero fields of one that is not.
var defaultRetryPolicy = RetryPolicy{MaxAttempts: 5, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second, MaxRetryAfter: 2 * time.Minute}

// withDefaults fills the zero fields of p from defaultRetryPolicy.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := defaultRetryPolicy
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	return p
}

// retryableStatus reports the statuses after which a read is retried.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// decide says whether attempt (0-based) is followed by another, and after
// what wait.
func (p RetryPolicy) decide(attempt int, write bool, res result, err error) (bool, time.Duration) {
	if attempt+1 >= p.MaxAttempts {
		return false, 0
	}
	switch {
	case err != nil:
		var tl *TooLargeError
		if errors.As(err, &tl) {
			return false, 0
		}
		if write && !res.notSent {
			return false, 0
		}
		if !write && !transient(err) && !res.notSent {
			return false, 0
		}
	case res.apiErr != nil:
		code := res.status
		if !retryableStatus(code) {
			return false, 0
		}
		if write && code != http.StatusTooManyRequests && code != http.StatusServiceUnavailable {
			return false, 0 // 502/504: the write may have been processed
		}
		if res.apiErr.RetryAfter > 0 {
			return true, res.apiErr.RetryAfter
		}
	default:
		return false, 0
	}
	return true, p.backoff(attempt)
}

// backoff is the jittered exponential wait after attempt.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.BaseDelay << min(attempt, 30)
	if d <= 0 || d > p.MaxDelay {
		d = p.MaxDelay
	}
	half := d / 2
	return half + rand.N(half+1)
}

// transient reports whether a transport error is worth retrying for a read:
// a reset or refused connection, a timeout, an unexpected EOF.
func transient(err error) bool {
	switch {
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	}
	var t interface{ Timeout() bool }
	if errors.As(err, &t) && t.Timeout() {
		return true
	}
	// net/http reports a server that closed the connection without
	// answering in words only.
	msg := err.Error()
	return strings.Contains(msg, "connection reset") || strings.Contains(msg, "server closed") || strings.Contains(msg, "EOF")
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), capped at
// maxWait; 0 when absent or unreadable.
func retryAfter(h http.Header, maxWait time.Duration) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0
		}
		d = time.Duration(min(n, int64(maxWait/time.Second)+1)) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = time.Until(t)
	}
	return max(0, min(d, maxWait))
}
