package slr

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
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
//
// It holds what the device's latest authorization code reserves, not the
// code: the code stays in the ledger, where AuthorizationLine and
// AuthorizationOffset find it, and State.AuthorizationCode (or
// Ledger.AuthorizationCode) reads it back. So a replayed state costs a few
// hundred bytes a device, whatever the codes and the history.
type Record struct {
	UDI            smartaccount.UDI
	State          smartaccount.ReservationState
	VirtualAccount string
	AirGap         smartaccount.AirGap
	RequestCode    string
	// Entitlements are the licenses the latest authorization code
	// reserves, in its order; nil before the first authorization. Shared:
	// read only.
	Entitlements        []Entitlement
	Authorized          time.Time // when the latest authorization code was recorded
	AuthorizationLine   int       // ledger line of the latest authorization code; 0 before the first
	AuthorizationOffset int64     // byte offset where that line starts
	ConfirmationCode    string
	ReturnCode          string
	Updated             time.Time // when the latest event happened
	Line                int       // ledger line of the latest event
}

// State is the current state of every reservation in a ledger, keyed by
// UDI. Get one from Replay or Ledger.State; the zero State is empty.
type State struct {
	records map[smartaccount.UDI]Record
	lines   int      // lines consumed: committed records and blank lines
	size    int64    // bytes of those lines
	strings interner // Virtual Accounts, tags and names repeated across devices
}

func newState() *State { return &State{records: make(map[smartaccount.UDI]Record)} }

// interner shares the strings that repeat from device to device, so that a
// fleet of one license costs one copy of its tag.
type interner map[string]string

// Bounds of an interner: entries, and the length of one.
const (
	internMax    = 4096
	internMaxLen = 256
)

// str returns s, or an equal string seen before.
func (in *interner) str(s string) string {
	if len(s) > internMaxLen {
		return s
	}
	if v, ok := (*in)[s]; ok {
		return v
	}
	if *in == nil {
		*in = make(interner)
	}
	if len(*in) < internMax {
		(*in)[s] = s
	}
	return s
}

// clone returns a copy of s that shares no map with it.
func (s *State) clone() *State {
	c := *s
	c.records = maps.Clone(s.records)
	c.strings = maps.Clone(s.strings)
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
		if r.AuthorizationLine == 0 {
			out = append(out, base)
			continue
		}
		y, m, d := r.Authorized.UTC().Date()
		base.AuthorizationDate = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		for _, e := range r.Entitlements {
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

// next validates e as ledger line line, starting at byte offset off, and
// returns the normalised event and the device's record after it, without
// changing s (but for the strings it shares).
func (s *State) next(e Event, line int, off int64) (Event, Record, error) {
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
	u.PID = s.strings.str(u.PID) // one copy of a product ID for the fleet
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
		rec.Entitlements = make([]Entitlement, len(a.Entitlements))
		for i, en := range a.Entitlements {
			en.Tag, en.DisplayName, en.TagDescription = s.strings.str(en.Tag), s.strings.str(en.DisplayName), s.strings.str(en.TagDescription)
			rec.Entitlements[i] = en
		}
		rec.Authorized, rec.AuthorizationLine, rec.AuthorizationOffset = e.At, line, off
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
		rec.VirtualAccount = s.strings.str(e.VirtualAccount)
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

// AuthorizationCode reads the latest authorization code of device u back
// from ledger, the ledger s was replayed from (an *os.File, a
// bytes.Reader): the code is not kept in memory. It fails when u has no
// authorization code, or when the line the state points to no longer holds
// it (the ledger is not the one replayed).
func (s *State) AuthorizationCode(ledger io.ReaderAt, u smartaccount.UDI) (string, error) {
	r, ok := s.records[u]
	if !ok || r.AuthorizationLine == 0 {
		return "", fmt.Errorf("slr: %s has no authorization code in the ledger", u)
	}
	sc := bufio.NewScanner(io.NewSectionReader(ledger, r.AuthorizationOffset, MaxLedgerLine))
	sc.Buffer(make([]byte, 0, 4096), MaxLedgerLine)
	if !sc.Scan() {
		err := sc.Err()
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return "", &smartaccount.ParseError{File: "ledger", Line: r.AuthorizationLine, Err: fmt.Errorf("reading the authorization code back: %w", err)}
	}
	e, err := decodeEvent(bytes.TrimSpace(sc.Bytes()))
	if err == nil && e.Kind == smartaccount.Authorized {
		if got, err := smartaccount.NewUDI(e.UDI.PID, e.UDI.Serial); err == nil && got == u {
			return e.AuthorizationCode, nil
		}
	}
	return "", &smartaccount.ParseError{File: "ledger", Line: r.AuthorizationLine, Field: "authorization_code",
		Err: fmt.Errorf("the line is not the authorization of %s: not the ledger this state was replayed from", u)}
}
