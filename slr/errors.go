package slr

import (
	"fmt"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

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
	return fmt.Errorf("%w: %d bytes, more than the limit of %d", smartaccount.ErrTooLarge, n, limit)
}
