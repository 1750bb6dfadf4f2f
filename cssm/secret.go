package cssm

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Redacted is what the package prints in place of a secret or a token.
const Redacted = "[REDACTED]"

// Secret is a credential: an OAuth client secret. It never prints: String,
// GoString, Format (every verb, %v and %+v included), MarshalText and
// LogValue all give Redacted, so a Secret inside any struct stays hidden in
// errors, logs and formatted values. Convert it to string only to send it.
type Secret string

// String returns Redacted.
func (Secret) String() string { return Redacted }

// GoString returns Redacted.
func (Secret) GoString() string { return Redacted }

// Format writes Redacted for every verb.
func (Secret) Format(f fmt.State, _ rune) { fmt.Fprint(f, Redacted) }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalText implements encoding.TextMarshaler: a Secret is never written out
// by encoding/json or a config dump.
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// redactor removes known secrets — the client secret and every access token
// the client has held — from text that came from a server or a transport
// error before it reaches an error, a log line or a formatted value. It also
// knows the forms a server echoes a value in: URL-, JSON- and
// base64-encoded (Basic authentication).
type redactor struct {
	mu      sync.RWMutex
	secrets []string
}

// add registers a secret (and its encoded forms). Short values are not
// registered: replacing a three-letter word everywhere would garble
// messages without protecting anything.
func (r *redactor) add(s string, clientID string) {
	if len(s) < 4 {
		return
	}
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s)}
	if b, err := json.Marshal(s); err == nil {
		forms = append(forms, strings.Trim(string(b), `"`))
	}
	if clientID != "" {
		forms = append(forms, base64.StdEncoding.EncodeToString([]byte(clientID+":"+s)))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range forms {
		if !slices.Contains(r.secrets, f) {
			r.secrets = append(r.secrets, f)
		}
	}
	// Longest first, so a form that contains another is replaced whole.
	slices.SortStableFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
}

// clean returns s with every registered secret replaced by Redacted.
func (r *redactor) clean(s string) string {
	if r == nil || s == "" {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, x := range r.secrets {
		if strings.Contains(s, x) {
			s = strings.ReplaceAll(s, x, Redacted)
		}
	}
	return s
}

// cleanError returns err unchanged when its message holds no secret, and
// otherwise an error with the cleaned message that still unwraps to err's
// chain for errors.Is on sentinels (context.Canceled and the like) but
// whose own text is clean.
func (r *redactor) cleanError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if c := r.clean(msg); c != msg {
		return &redactedError{msg: c, sentinel: sentinelOf(err)}
	}
	return err
}

// redactedError is an error whose text had a secret removed. It keeps no
// reference to the original error, whose text (or whose fields) held it.
type redactedError struct {
	msg      string
	sentinel error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.sentinel }
