package cssmtest

import (
	"net/http"
	"strconv"
	"time"

	"github.com/openrenewal/smartlicensing/cssm"
)

// Pseudo-endpoints for Fault.Endpoint and Request.Endpoint beside the API's.
const (
	// EndpointToken is the token endpoints.
	EndpointToken = cssm.NumEndpoints + iota
	// AnyEndpoint matches every API call (not the token endpoints).
	AnyEndpoint
)

// FaultKind is what a Fault does to the requests it hits.
type FaultKind uint8

// Fault kinds.
const (
	// FaultStatus answers Status (with Retry-After when set, and Body or a
	// CSSM error body) without processing the request.
	FaultStatus FaultKind = iota + 1
	// FaultReset drops the connection without an answer, the request not
	// processed.
	FaultReset
	// FaultTruncate sends the real answer's headers and half its body, then
	// drops the connection (the request processed).
	FaultTruncate
	// FaultSlow waits Delay, then answers normally.
	FaultSlow
	// FaultExpireToken expires the request's access token: the request gets
	// 401, the client must fetch a new token.
	FaultExpireToken
	// FaultShiftTotal adds a record at the front of the list before
	// answering a page of devices or licenses: the total changes between
	// pages and every later record moves one place.
	FaultShiftTotal
	// FaultErrorInOK answers HTTP 200 with "status":"ERROR" (or Body)
	// without processing the request.
	FaultErrorInOK
	// FaultBody answers HTTP 200 (or Status) with Body verbatim, without
	// processing the request: a saved real response, say.
	FaultBody
	// FaultApplyThenReset processes the request, then drops the connection
	// before answering: the client cannot know it was applied (a process
	// killed between a request reaching CSSM and its answer looks the same
	// to the next run).
	FaultApplyThenReset
	// FaultApplyThenStall processes the request, records it, and then
	// holds the connection without answering until the client goes away:
	// the state of a process killed (kill -9) while it waits for CSSM's
	// answer. A test that sees the request in Requests knows it was
	// applied.
	FaultApplyThenStall
	// FaultNotSubscribed answers 403 "Invalid Client", as CSSM does to an
	// application not subscribed to the API.
	FaultNotSubscribed
	// FaultEchoSecret, at EndpointToken, refuses the credentials with an
	// OAuth error whose description echoes the client secret and the body.
	FaultEchoSecret
)

var faultNames = [...]string{"none", "status", "reset", "truncate", "slow", "expire-token", "shift-total",
	"error-in-ok", "body", "apply-then-reset", "apply-then-stall", "not-subscribed", "echo-secret"}

// String names the kind; the zero FaultKind (no fault) is "none".
func (k FaultKind) String() string {
	if int(k) < len(faultNames) {
		return faultNames[k]
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault injects one kind of failure into the requests of one endpoint.
type Fault struct {
	Endpoint cssm.Endpoint // an API endpoint, EndpointToken or AnyEndpoint
	Kind     FaultKind
	// Status is FaultStatus's HTTP status (0: 503) and FaultBody's (0:
	// 200).
	Status int
	// RetryAfter is FaultStatus's Retry-After header; "" sends none.
	RetryAfter string
	// Body replaces the answer of FaultStatus, FaultErrorInOK and
	// FaultBody.
	Body []byte
	// Delay is FaultSlow's wait.
	Delay time.Duration
	// Skip lets that many matching requests through before the fault hits;
	// Times is how many it hits then (0: one; negative: all).
	Skip, Times int
}

type faultState struct {
	Fault
	skipped, hits int
}

// Inject adds a fault. Faults are matched in the order they were added; a
// request hits at most one.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultState{Fault: f})
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// fault returns the fault that hits a request of ep, counting it.
func (s *Server) fault(ep cssm.Endpoint) *faultState {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.Endpoint != ep && (f.Endpoint != AnyEndpoint || ep == EndpointToken) {
			continue
		}
		if f.skipped < f.Skip {
			f.skipped++
			continue
		}
		if f.Times >= 0 && f.hits >= max(1, f.Times) {
			continue
		}
		f.hits++
		return f
	}
	return nil
}

// inject performs f. It returns false when the request must then be
// handled normally (FaultSlow, FaultShiftTotal). process handles the
// request without answering (for FaultApplyThenReset).
func (s *Server) inject(w http.ResponseWriter, f *faultState, process func()) bool {
	switch f.Kind {
	case FaultStatus:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		status := f.Status
		if status == 0 {
			status = http.StatusServiceUnavailable
		}
		if f.Body != nil {
			writeRaw(w, status, f.Body)
		} else {
			writeJSON(w, status, map[string]string{"status": "ERROR", "statusMessage": "injected " + http.StatusText(status)})
		}
	case FaultReset:
		resetConn(w)
	case FaultSlow:
		time.Sleep(f.Delay)
		return false
	case FaultShiftTotal:
		s.mu.Lock()
		if f.Endpoint == cssm.EndpointLicenses {
			s.st.shiftLicenses()
		} else {
			s.st.shiftDevices()
		}
		s.mu.Unlock()
		return false
	case FaultErrorInOK:
		if f.Body != nil {
			writeRaw(w, http.StatusOK, f.Body)
		} else {
			writeJSON(w, http.StatusOK, map[string]string{"status": "ERROR", "statusMessage": "injected error inside HTTP 200"})
		}
	case FaultBody:
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		writeRaw(w, status, f.Body)
	case FaultApplyThenReset:
		if process != nil {
			process()
		}
		resetConn(w)
	default:
		return false
	}
	return true
}
