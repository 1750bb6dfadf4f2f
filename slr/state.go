package slr

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Event is one step of a reservation's lifecycle, as the Ledger records it.
// A reservation is identified by its device's UDI alone: SLR reserves
// licenses per device — one request code per device, one authorization code
// covering all of the device's licenses — so every event names a UDI and
// the licenses come from the authorization code.
//
// Each Kind carries its own field and no other's: Requested a RequestCode,
// Authorized an AuthorizationCode, Installed a ConfirmationCode,
// ReturnRequested a ReturnCode, Returned nothing. VirtualAccount and AirGap
// may be given with Requested or Authorized. At is required.
type Event struct {
	Kind              smartaccount.ReservationState // the state the reservation enters
	At                time.Time                     // when it happened (stored as UTC)
	UDI               smartaccount.UDI
	VirtualAccount    string              // the Virtual Account the licenses are reserved from
	AirGap            smartaccount.AirGap // the device's air-gap category
	RequestCode       string
	AuthorizationCode string // the <specificPLR> XML exactly as CSSM issued it
	ConfirmationCode  string
	ReturnCode        string
}

// Record is the current state of one device's reservation, as replayed from
// the ledger.
type Record struct {
	UDI               smartaccount.UDI
	State             smartaccount.ReservationState
	VirtualAccount    string
	AirGap            smartaccount.AirGap
	RequestCode       string
	AuthorizationCode string         // the latest authorization code, verbatim
	Authorization     *Authorization // AuthorizationCode parsed; nil before the first authorization. Shared: read only.
	Authorized        time.Time      // when the latest authorization code was recorded
	ConfirmationCode  string
	ReturnCode        string
	Updated           time.Time // when the latest event happened
	Line              int       // ledger line of the latest event
}

// State is the current state of every reservation in a ledger, keyed by
// UDI. Get one from Replay or Ledger.State; the zero State is empty.
type State struct {
	records map[smartaccount.UDI]Record
	lines   int   // lines consumed: committed records and blank lines
	size    int64 // bytes of those lines
}

func newState() *State { return &State{records: make(map[smartaccount.UDI]Record)} }

// clone returns a copy of s that shares no map with it.
func (s *State) clone() *State {
	c := *s
	c.records = maps.Clone(s.records)
	if c.records == nil {
		c.records = make(map[smartaccount.UDI]Record)
	}
	return &c
}

// Len returns the number of devices with a reservation history.
func (s *State) Len() int { return len(s.records) }

// Lookup returns the reservation of the device u and whether it has one.
func (s *State) Lookup(u smartaccount.UDI) (Record, bool) {
	r, ok := s.records[u]
	return r, ok
}

// Records returns every reservation, ordered by PID then serial number.
func (s *State) Records() []Record {
	out := slices.Collect(maps.Values(s.records))
	slices.SortFunc(out, func(a, b Record) int {
		return cmp.Or(cmp.Compare(a.UDI.PID, b.UDI.PID), cmp.Compare(a.UDI.Serial, b.UDI.Serial))
	})
	return out
}

// Reservations converts the state to the domain model, for Reconcile: one
// smartaccount.Reservation per entitlement of each device's latest
// authorization code (License is the entitlement's display name, else its
// tag), or one without a license for a device only requested so far. Each
// cites source and the ledger line of the device's latest event.
func (s *State) Reservations(source string) []smartaccount.Reservation {
	var out []smartaccount.Reservation
	for _, r := range s.Records() {
		base := smartaccount.Reservation{
			UDI:              r.UDI,
			VirtualAccount:   r.VirtualAccount,
			State:            r.State,
			RequestCode:      r.RequestCode,
			ConfirmationCode: r.ConfirmationCode,
			ReturnCode:       r.ReturnCode,
			AirGap:           r.AirGap,
			Ref:              smartaccount.Ref{Source: source, Line: r.Line},
		}
		if r.Authorization == nil {
			out = append(out, base)
			continue
		}
		y, m, d := r.Authorized.UTC().Date()
		base.AuthorizationDate = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		for _, e := range r.Authorization.Entitlements {
			res := base
			res.License = cmp.Or(e.DisplayName, e.Tag)
			res.Tag = e.Tag
			res.Quantity = e.Count
			res.Type = e.Type
			res.Start, res.End = e.Start, e.End
			out = append(out, res)
		}
	}
	return out
}

// allowedFrom lists, for each event kind, the states it may follow; 0 is
// "no reservation yet". Requested may repeat (the device regenerated its
// request code) and follows Returned (a new reservation for the same
// device); Authorized follows Installed too (CSSM updated the reservation
// and issued a new code); a return code can be generated for an
// authorization code that was never installed.
var allowedFrom = [...][]smartaccount.ReservationState{
	smartaccount.Requested:       {0, smartaccount.Requested, smartaccount.Returned},
	smartaccount.Authorized:      {smartaccount.Requested, smartaccount.Installed},
	smartaccount.Installed:       {smartaccount.Authorized},
	smartaccount.ReturnRequested: {smartaccount.Authorized, smartaccount.Installed},
	smartaccount.Returned:        {smartaccount.ReturnRequested},
}

// next validates e as ledger line line and returns the normalised event and
// the device's record after it, without changing s.
func (s *State) next(e Event, line int) (Event, Record, error) {
	fail := func(field string, err error) (Event, Record, error) {
		return Event{}, Record{}, &smartaccount.ParseError{File: "ledger", Line: line, Field: field, Err: err}
	}
	if e.Kind == 0 || int(e.Kind) >= len(allowedFrom) {
		return fail("event", errors.New("missing or unknown lifecycle event"))
	}
	if e.At.IsZero() {
		return fail("at", errors.New("missing"))
	}
	e.At = e.At.UTC()
	u, err := smartaccount.NewUDI(e.UDI.PID, e.UDI.Serial)
	if err != nil {
		return fail("udi", err)
	}
	e.UDI = u
	for _, f := range []struct {
		name  string
		set   bool
		owner smartaccount.ReservationState
	}{
		{"request_code", e.RequestCode != "", smartaccount.Requested},
		{"authorization_code", e.AuthorizationCode != "", smartaccount.Authorized},
		{"confirmation_code", e.ConfirmationCode != "", smartaccount.Installed},
		{"return_code", e.ReturnCode != "", smartaccount.ReturnRequested},
		{"virtual_account", e.VirtualAccount != "" && e.Kind != smartaccount.Authorized, smartaccount.Requested},
		{"air_gap", e.AirGap != 0 && e.Kind != smartaccount.Authorized, smartaccount.Requested},
	} {
		if f.set && e.Kind != f.owner {
			return fail(f.name, fmt.Errorf("does not belong to event %q", e.Kind))
		}
	}
	cur, exists := s.records[u]
	rec := cur
	switch e.Kind {
	case smartaccount.Requested:
		rc, err := ParseRequestCode(e.RequestCode)
		if err != nil {
			return fail("request_code", err)
		}
		if rc.UDI != u {
			return fail("request_code", &MismatchError{Want: u, Got: rc.UDI})
		}
		e.RequestCode = rc.Code
		rec = Record{UDI: u, RequestCode: rc.Code}
	case smartaccount.Authorized:
		if e.AuthorizationCode == "" {
			return fail("authorization_code", errors.New("missing"))
		}
		a, err := ParseAuthorization([]byte(e.AuthorizationCode))
		if err != nil {
			return fail("authorization_code", err)
		}
		if a.UDI != u {
			return fail("authorization_code", &MismatchError{Want: u, Got: a.UDI})
		}
		rec.AuthorizationCode, rec.Authorization, rec.Authorized = e.AuthorizationCode, a, e.At
		rec.ConfirmationCode, rec.ReturnCode = "", ""
	case smartaccount.Installed:
		if rec.ConfirmationCode, err = ParseConfirmationCode(e.ConfirmationCode); err != nil {
			return fail("confirmation_code", err)
		}
		e.ConfirmationCode = rec.ConfirmationCode
	case smartaccount.ReturnRequested:
		if rec.ReturnCode, err = ParseReturnCode(e.ReturnCode); err != nil {
			return fail("return_code", err)
		}
		e.ReturnCode = rec.ReturnCode
	}
	from := cur.State
	if !exists {
		from = 0
	}
	if !slices.Contains(allowedFrom[e.Kind], from) {
		return Event{}, Record{}, &TransitionError{Line: line, UDI: u, From: from, To: e.Kind}
	}
	if e.VirtualAccount != "" {
		rec.VirtualAccount = e.VirtualAccount
	}
	if e.AirGap != 0 {
		rec.AirGap = e.AirGap
	}
	rec.State, rec.Updated, rec.Line = e.Kind, e.At, line
	return e, rec, nil
}

// commit stores rec as the result of a line of n bytes.
func (s *State) commit(rec Record, n int) {
	s.records[rec.UDI] = rec
	s.advance(n)
}

// advance counts a line of n bytes.
func (s *State) advance(n int) {
	s.lines++
	s.size += int64(n)
}
