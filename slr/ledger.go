package slr

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Limits of a ledger. A line holds one event; the largest is an authorized
// event carrying a whole authorization code.
const (
	MaxLedgerLine = 2*MaxAuthorizationSize + 4096
	MaxLedgerSize = 1 << 30
)

// Warning reports a problem that Replay survived: a torn last line, left by
// a write that a crash cut short. The events before it are intact.
type Warning struct {
	Line   int   // 1-based ledger line
	Offset int64 // byte offset where the line starts; Open cuts the file there
	Reason string
}

// String returns "ledger line N (byte offset O): reason".
func (w Warning) String() string {
	return "slr: ledger line " + strconv.Itoa(w.Line) + " (byte offset " + strconv.FormatInt(w.Offset, 10) + "): " + w.Reason
}

// wireEvent is the JSON form of an Event: one line of the ledger.
type wireEvent struct {
	At                time.Time                     `json:"at"`
	Event             smartaccount.ReservationState `json:"event"`
	PID               string                        `json:"udi_pid"`
	Serial            string                        `json:"udi_serial"`
	VirtualAccount    string                        `json:"virtual_account,omitempty"`
	AirGap            smartaccount.AirGap           `json:"air_gap,omitempty"`
	RequestCode       string                        `json:"request_code,omitempty"`
	AuthorizationCode string                        `json:"authorization_code,omitempty"`
	ConfirmationCode  string                        `json:"confirmation_code,omitempty"`
	ReturnCode        string                        `json:"return_code,omitempty"`
}

// Replay reads a ledger and returns the state of every reservation in it.
//
// A line is committed only once its newline is written. So a last line with
// no newline, or a last line that is not valid JSON, is a torn write: it is
// left out of the state and reported as a Warning, and everything before it
// stays readable. Anywhere else, a line that is not valid JSON or not a
// valid event is a *smartaccount.ParseError naming the line, and an event the
// reservation's state does not allow is a *TransitionError; the returned
// State then holds the events before that line. Blank lines are skipped.
// Input over MaxLedgerSize or a line over MaxLedgerLine is an error wrapping
// smartaccount.ErrTooLarge. ctx is checked every 1024 lines.
func Replay(ctx context.Context, r io.Reader) (*State, []Warning, error) {
	s := newState()
	sc := bufio.NewScanner(newLimitReader(r, MaxLedgerSize))
	sc.Buffer(make([]byte, 0, 4096), MaxLedgerLine)
	sc.Split(scanLinesKeepEnd)
	var (
		torn    *Warning // a bad line, torn if nothing but blank lines follows
		tornErr error    // why it is bad
	)
	for sc.Scan() {
		b := sc.Bytes()
		line := s.lines + 1
		if line%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return s, nil, err
			}
		}
		body := bytes.TrimSpace(b)
		if torn != nil {
			if len(body) == 0 {
				continue
			}
			return s, nil, &smartaccount.ParseError{File: "ledger", Line: torn.Line, Err: tornErr}
		}
		if b[len(b)-1] != '\n' {
			torn = &Warning{Line: line, Offset: s.size, Reason: fmt.Sprintf("last line has no newline (%d bytes): a write cut short; ignored", len(b))}
			break
		}
		if len(body) == 0 {
			s.advance(len(b))
			continue
		}
		e, err := decodeEvent(body)
		if err != nil {
			tornErr = fmt.Errorf("not a JSON event: %w", err)
			torn = &Warning{Line: line, Offset: s.size, Reason: tornErr.Error() + ": a write cut short; ignored"}
			continue
		}
		_, rec, err := s.next(e, line, s.size)
		if err != nil {
			return s, nil, err
		}
		s.commit(rec, len(b))
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("%w: line longer than %d bytes", smartaccount.ErrTooLarge, MaxLedgerLine)
		}
		return s, nil, &smartaccount.ParseError{File: "ledger", Line: s.lines + 1, Err: err}
	}
	if torn != nil {
		return s, []Warning{*torn}, nil
	}
	return s, nil, nil
}

// scanLinesKeepEnd splits lines keeping the '\n', so that a last line
// without one can be told apart.
func scanLinesKeepEnd(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i+1], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// decodeEvent reads one JSON object, refusing unknown fields and trailing data.
func decodeEvent(b []byte) (Event, error) {
	var w wireEvent
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&w); err != nil {
		return Event{}, err
	}
	if d.More() {
		return Event{}, errors.New("data after the JSON object")
	}
	return Event{
		Kind:              w.Event,
		At:                w.At,
		UDI:               smartaccount.UDI{PID: w.PID, Serial: w.Serial},
		VirtualAccount:    w.VirtualAccount,
		AirGap:            w.AirGap,
		RequestCode:       w.RequestCode,
		AuthorizationCode: w.AuthorizationCode,
		ConfirmationCode:  w.ConfirmationCode,
		ReturnCode:        w.ReturnCode,
	}, nil
}

// LedgerParams tune a Ledger.
type LedgerParams struct {
	// Sync makes Append call the writer's Sync method (an *os.File has one:
	// fsync) after each event, so that an event survives a power loss once
	// Append returns. Without it the operating system decides when.
	Sync bool
}

// Ledger is the append-only record of reservation lifecycles: one JSON
// line per Event. It checks every event against the state before writing
// it, writes each line with a single Write call, and keeps the state
// current. It is safe for concurrent use by one process; two processes
// must not append to the same file.
type Ledger struct {
	mu     sync.Mutex
	w      io.Writer
	file   *os.File // owned when the Ledger was opened with Open
	params LedgerParams
	state  *State
	buf    bytes.Buffer
	enc    *json.Encoder
	err    error // a failed write or sync: the ledger accepts nothing more
}

// NewLedger returns a Ledger that appends to w, continuing from s — the
// state Replay returned for what w already holds, positioned after its last
// committed line (after a torn tail, the caller must cut it first, as Open
// does) — or from nothing when s is nil. The Ledger keeps its own copy of s.
func NewLedger(w io.Writer, s *State, params LedgerParams) *Ledger {
	if s == nil {
		s = newState()
	}
	l := &Ledger{w: w, params: params, state: s.clone()}
	l.enc = json.NewEncoder(&l.buf)
	l.enc.SetEscapeHTML(false) // keep authorization XML readable and compact
	return l
}

// Open opens the ledger file at path, creating it (mode 0600) when absent,
// and replays it. A torn last line (see Replay) is cut off the file — it
// was never committed — and returned as a Warning; new events then start
// on a fresh line right after the last committed one. Any other replay
// error fails Open.
func Open(ctx context.Context, path string, params LedgerParams) (*Ledger, []Warning, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("slr: open ledger: %w", err)
	}
	s, warnings, err := Replay(ctx, f)
	if err == nil && len(warnings) > 0 {
		if err = f.Truncate(s.size); err == nil {
			err = f.Sync()
		}
		if err != nil {
			err = fmt.Errorf("slr: cut the torn tail of the ledger: %w", err)
		}
	}
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	l := NewLedger(f, s, params)
	l.file = f
	return l, warnings, nil
}

// Append checks e against the reservation's current state and records it:
// an invalid event is a *smartaccount.ParseError, an event the state does not allow a
// *TransitionError, and neither is written. A failed write or sync leaves
// the file in doubt, so every later Append returns that error too; reopen
// the ledger to recover.
func (l *Ledger) Append(ctx context.Context, e Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return l.err
	}
	e, rec, err := l.state.next(e, l.state.lines+1, l.state.size)
	if err != nil {
		return err
	}
	l.buf.Reset()
	if err := l.enc.Encode(wireEvent{
		At: e.At, Event: e.Kind, PID: e.UDI.PID, Serial: e.UDI.Serial,
		VirtualAccount: e.VirtualAccount, AirGap: e.AirGap,
		RequestCode: e.RequestCode, AuthorizationCode: e.AuthorizationCode,
		ConfirmationCode: e.ConfirmationCode, ReturnCode: e.ReturnCode,
	}); err != nil {
		return fmt.Errorf("slr: encode ledger event: %w", err)
	}
	line := l.buf.Bytes()
	if len(line) > MaxLedgerLine {
		return &smartaccount.ParseError{File: "ledger", Line: l.state.lines + 1, Err: tooLarge(len(line), MaxLedgerLine)}
	}
	if l.state.size+int64(len(line)) > MaxLedgerSize {
		return fmt.Errorf("slr: ledger full: %w", tooLarge(int(l.state.size)+len(line), MaxLedgerSize))
	}
	if n, err := l.w.Write(line); err != nil || n != len(line) {
		if err == nil {
			err = io.ErrShortWrite
		}
		l.err = fmt.Errorf("slr: ledger write failed after %d of %d bytes; reopen the ledger: %w", n, len(line), err)
		return l.err
	}
	if s, ok := l.w.(interface{ Sync() error }); ok && l.params.Sync {
		if err := s.Sync(); err != nil {
			l.err = fmt.Errorf("slr: ledger sync failed; reopen the ledger: %w", err)
			return l.err
		}
	}
	l.state.commit(rec, len(line))
	return nil
}

// AuthorizationCode reads the latest authorization code of device u back
// from the ledger (see State.AuthorizationCode). The ledger must be
// readable: opened with Open, or made by NewLedger with a writer that is
// also an io.ReaderAt (an *os.File).
func (l *Ledger) AuthorizationCode(u smartaccount.UDI) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ra io.ReaderAt
	if l.file != nil {
		ra = l.file
	} else if r, ok := l.w.(io.ReaderAt); ok {
		ra = r
	} else {
		return "", errors.New("slr: the ledger's writer cannot be read back: read the code with State.AuthorizationCode and the ledger's bytes")
	}
	return l.state.AuthorizationCode(ra, u)
}

// State returns a copy of the current state of every reservation.
func (l *Ledger) State() *State {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state.clone()
}

// Close closes the file of a Ledger made by Open; for one made by NewLedger
// it does nothing (the caller owns the writer). Append fails after Close.
func (l *Ledger) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = errors.New("slr: ledger closed")
	}
	if l.file == nil {
		return nil
	}
	f := l.file
	l.file = nil
	return f.Close()
}
