package slr

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// ErrTooLarge is wrapped by every error about input over one of the
// package's size limits, so callers can tell "too big" from "malformed" with
// errors.Is.
var ErrTooLarge = errors.New("input too large")

// ParseError reports input that is not a valid code, device output or
// ledger: what was being read, where, and why. Codes and authorization XML
// are never quoted whole in the message; only the part at fault is named.
type ParseError struct {
	Input string // what was being read: "request code", "authorization code", "confirmation code", "return code", "device output", "ledger"
	Line  int    // 1-based line of the input; 0 when not known
	Field string // the element, key or part at fault; "" when not applicable
	Err   error  // the reason
}

// Error returns "slr: <input> line N: <field>: <reason>".
func (e *ParseError) Error() string {
	s := "slr: " + e.Input
	if e.Line > 0 {
		s += " line " + strconv.Itoa(e.Line)
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the reason.
func (e *ParseError) Unwrap() error { return e.Err }

// MismatchError reports two UDIs that should name the same device but do
// not: an authorization code that does not answer the request it is paired
// with, or a code filed under another device's UDI. Use errors.As to branch
// on it.
type MismatchError struct {
	Want smartaccount.UDI // the device the code was expected to be for
	Got  smartaccount.UDI // the device the code names
}

// Error names both devices.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("slr: code is for %s, not %s", e.Got, e.Want)
}

// TransitionError reports a lifecycle event that the reservation's current
// state does not allow, such as "installed" before "authorized". Use
// errors.As to branch on it.
type TransitionError struct {
	Line int                           // ledger line of the event (for Append, the line it would have taken)
	UDI  smartaccount.UDI              // the device
	From smartaccount.ReservationState // current state; zero when the device has no reservation yet
	To   smartaccount.ReservationState // the state the event asked for
}

// Error names the line, the device and both states.
func (e *TransitionError) Error() string {
	from := e.From.String()
	if e.From == 0 {
		from = "no reservation"
	}
	return fmt.Sprintf("slr: ledger line %d: %s: illegal transition from %s to %s", e.Line, e.UDI, from, e.To)
}

// tooLarge builds the error for input of n bytes over limit.
func tooLarge(n, limit int) error {
	return fmt.Errorf("%w: %d bytes, more than the limit of %d", ErrTooLarge, n, limit)
}
