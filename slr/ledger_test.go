package slr

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

const (
	testRequest      = "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86"
	testRequestB     = "CB-ZC9300-24UX:FCW2134L0RM-AK9A6sMTr-3f"
	testConfirmation = "17488c1f"
	testReturn       = "ChWhde-okvz5f-ZNU2Cs-R5qzp5-zr2F9J-rbr"
)

var udiB = smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RM"}

func day(d int, hour int) time.Time { return time.Date(2026, 1, d, hour, 0, 0, 0, time.UTC) }

// testAuth returns the one-line authorization code, for device B when b.
func testAuth(t testing.TB, b bool) string {
	s := string(readTestdata(t, "auth_perpetual.xml"))
	if b {
		s = strings.Replace(s, "S:FCW2134L0RN", "S:FCW2134L0RM", 1)
	}
	return s
}

// lifecycle is device A's whole lifecycle and device B's request.
func lifecycle(t testing.TB) []Event {
	return []Event{
		{Kind: smartaccount.Requested, At: day(5, 9), UDI: udiC9300, AirGap: smartaccount.Classified, RequestCode: testRequest},
		{Kind: smartaccount.Authorized, At: day(6, 10), UDI: udiC9300, VirtualAccount: "Dark Site East", AuthorizationCode: testAuth(t, false)},
		{Kind: smartaccount.Requested, At: day(6, 11), UDI: udiB, RequestCode: testRequestB},
		{Kind: smartaccount.Installed, At: day(7, 12), UDI: udiC9300, ConfirmationCode: "17488C1F"},
		{Kind: smartaccount.ReturnRequested, At: day(20, 8), UDI: udiC9300, ReturnCode: testReturn},
		{Kind: smartaccount.Returned, At: day(21, 8), UDI: udiC9300},
	}
}

func appendAll(t testing.TB, l *Ledger, events []Event) {
	t.Helper()
	for i, e := range events {
		require.NoError(t, l.Append(context.Background(), e), "event %d", i+1)
	}
}

func TestLedgerLifecycle(t *testing.T) {
	var buf bytes.Buffer
	l := NewLedger(&buf, nil, LedgerParams{})
	events := lifecycle(t)
	appendAll(t, l, events)

	lines := strings.SplitAfter(buf.String(), "\n")
	require.Len(t, lines, len(events)+1) // the last element is the empty rest
	assert.Equal(t, `{"at":"2026-01-05T09:00:00Z","event":"requested","udi_pid":"C9300-24UX","udi_serial":"FCW2134L0RN","air_gap":"classified","request_code":"CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86"}`+"\n", lines[0])
	assert.Equal(t, `{"at":"2026-01-07T12:00:00Z","event":"installed","udi_pid":"C9300-24UX","udi_serial":"FCW2134L0RN","confirmation_code":"17488c1f"}`+"\n", lines[3], "confirmation code stored lower-case")
	assert.Contains(t, lines[1], `"authorization_code":"<specificPLR><authorizationCode>`, "XML stored unescaped")

	auth, err := ParseAuthorization(readTestdata(t, "auth_perpetual.xml"))
	require.NoError(t, err)
	want := []Record{
		{
			UDI: udiB, State: smartaccount.Requested, RequestCode: testRequestB,
			Updated: day(6, 11), Line: 3,
		},
		{
			UDI: udiC9300, State: smartaccount.Returned, VirtualAccount: "Dark Site East", AirGap: smartaccount.Classified,
			RequestCode: testRequest, Entitlements: auth.Entitlements, Authorized: day(6, 10),
			AuthorizationLine: 2, AuthorizationOffset: int64(len(lines[0])), // the code is on line 2, after line 1
			ConfirmationCode: testConfirmation, ReturnCode: testReturn, Updated: day(21, 8), Line: 6,
		},
	}
	assert.Empty(t, cmp.Diff(want, l.State().Records()), "ledger state")
	// The code itself stays in the ledger and reads back verbatim.
	code, err := l.State().AuthorizationCode(bytes.NewReader(buf.Bytes()), udiC9300)
	require.NoError(t, err)
	assert.Equal(t, testAuth(t, false), code)
	_, err = l.AuthorizationCode(udiC9300)
	assert.EqualError(t, err, "slr: the ledger's writer cannot be read back: read the code with State.AuthorizationCode and the ledger's bytes")
	_, err = l.State().AuthorizationCode(bytes.NewReader(buf.Bytes()), udiB)
	assert.EqualError(t, err, "slr: PID:C9300-24UX,SN:FCW2134L0RM has no authorization code in the ledger")
	_, err = l.State().AuthorizationCode(strings.NewReader(strings.Repeat("x", 5000)), udiC9300)
	assert.ErrorContains(t, err, "ledger:2: authorization_code: the line is not the authorization of PID:C9300-24UX,SN:FCW2134L0RN")

	s, warnings, err := Replay(context.Background(), bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Empty(t, cmp.Diff(want, s.Records()), "replayed state")
	assert.Equal(t, 2, s.Len())
	got, ok := s.Lookup(udiB)
	assert.True(t, ok)
	assert.Equal(t, smartaccount.Requested, got.State)
	_, ok = s.Lookup(smartaccount.UDI{PID: "X", Serial: "Y"})
	assert.False(t, ok)
}

func TestStateReservations(t *testing.T) {
	var buf bytes.Buffer
	l := NewLedger(&buf, nil, LedgerParams{})
	appendAll(t, l, lifecycle(t)[:4]) // A installed, B requested
	got := l.State().Reservations("ledger.jsonl")
	want := []smartaccount.Reservation{
		{UDI: udiB, State: smartaccount.Requested, RequestCode: testRequestB, Ref: smartaccount.Ref{Source: "ledger.jsonl", Line: 3}},
		{
			UDI: udiC9300, VirtualAccount: "Dark Site East", License: "C9300 DNA Advantage",
			Tag:      "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18",
			Quantity: 5, Type: smartaccount.Perpetual, State: smartaccount.Installed, RequestCode: testRequest,
			AuthorizationDate: time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC), ConfirmationCode: testConfirmation,
			AirGap: smartaccount.Classified, Ref: smartaccount.Ref{Source: "ledger.jsonl", Line: 4},
		},
	}
	assert.Empty(t, cmp.Diff(want, got))
}

func TestLedgerTransitions(t *testing.T) {
	req := Event{Kind: smartaccount.Requested, At: day(1, 0), UDI: udiC9300, RequestCode: testRequest}
	auth := Event{Kind: smartaccount.Authorized, At: day(2, 0), UDI: udiC9300, AuthorizationCode: testAuth(t, false)}
	inst := Event{Kind: smartaccount.Installed, At: day(3, 0), UDI: udiC9300, ConfirmationCode: testConfirmation}
	retReq := Event{Kind: smartaccount.ReturnRequested, At: day(4, 0), UDI: udiC9300, ReturnCode: testReturn}
	ret := Event{Kind: smartaccount.Returned, At: day(5, 0), UDI: udiC9300}

	legal := []struct {
		name   string
		events []Event
		final  smartaccount.ReservationState
	}{
		{"request code regenerated", []Event{req, req}, smartaccount.Requested},
		{"reservation updated while installed", []Event{req, auth, inst, auth}, smartaccount.Authorized},
		{"return of a code never installed", []Event{req, auth, retReq, ret}, smartaccount.Returned},
		{"new reservation after a return", []Event{req, auth, inst, retReq, ret, req}, smartaccount.Requested},
	}
	for _, tt := range legal {
		t.Run("legal/"+tt.name, func(t *testing.T) {
			l := NewLedger(&bytes.Buffer{}, nil, LedgerParams{})
			appendAll(t, l, tt.events)
			r, ok := l.State().Lookup(udiC9300)
			require.True(t, ok)
			assert.Equal(t, tt.final, r.State)
		})
	}

	illegal := []struct {
		name     string
		events   []Event // the last one is illegal
		from, to smartaccount.ReservationState
	}{
		{"installed with no reservation", []Event{inst}, 0, smartaccount.Installed},
		{"authorized with no request", []Event{auth}, 0, smartaccount.Authorized},
		{"authorized twice", []Event{req, auth, auth}, smartaccount.Authorized, smartaccount.Authorized},
		{"returned before return requested", []Event{req, auth, inst, ret}, smartaccount.Installed, smartaccount.Returned},
		{"requested while installed", []Event{req, auth, inst, req}, smartaccount.Installed, smartaccount.Requested},
		{"return requested before authorization", []Event{req, retReq}, smartaccount.Requested, smartaccount.ReturnRequested},
		{"installed twice", []Event{req, auth, inst, inst}, smartaccount.Installed, smartaccount.Installed},
	}
	for _, tt := range illegal {
		line := len(tt.events)
		check := func(t *testing.T, err error) {
			var te *TransitionError
			require.True(t, errors.As(err, &te), "want *TransitionError, got %v", err)
			assert.Equal(t, TransitionError{Line: line, UDI: udiC9300, From: tt.from, To: tt.to}, *te)
		}
		t.Run("append/"+tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := NewLedger(&buf, nil, LedgerParams{})
			appendAll(t, l, tt.events[:line-1])
			before := buf.Len()
			check(t, l.Append(context.Background(), tt.events[line-1]))
			assert.Equal(t, before, buf.Len(), "nothing written")
		})
		t.Run("replay/"+tt.name, func(t *testing.T) {
			// Write the illegal line by hand, as a corrupted or edited file
			// would hold it, followed by a legal-looking line.
			var buf bytes.Buffer
			l := NewLedger(&buf, nil, LedgerParams{})
			appendAll(t, l, tt.events[:line-1])
			buf.Write(encodeLine(t, tt.events[line-1]))
			buf.Write(encodeLine(t, Event{Kind: smartaccount.Requested, At: day(9, 0), UDI: udiB, RequestCode: testRequestB}))
			s, _, err := Replay(context.Background(), &buf)
			check(t, err)
			assert.ErrorContains(t, err, "slr: ledger line "+strconv.Itoa(line)+": ")
			assert.Equal(t, line-1, s.lines, "state holds the lines before the error")
		})
	}
}

// encodeLine writes e as a ledger line without any check, as an edited or
// corrupted file could hold it.
func encodeLine(t testing.TB, e Event) []byte {
	t.Helper()
	b, err := json.Marshal(wireEvent{
		At: e.At, Event: e.Kind, PID: e.UDI.PID, Serial: e.UDI.Serial,
		VirtualAccount: e.VirtualAccount, AirGap: e.AirGap, RequestCode: e.RequestCode,
		AuthorizationCode: e.AuthorizationCode, ConfirmationCode: e.ConfirmationCode, ReturnCode: e.ReturnCode,
	})
	require.NoError(t, err)
	return append(b, '\n')
}

func TestLedgerRejectsInvalidEvents(t *testing.T) {
	tests := []struct {
		name  string
		event Event
		msg   string
		udis  *MismatchError
	}{
		{"no kind", Event{At: day(1, 0), UDI: udiC9300}, "ledger:1: event: missing or unknown lifecycle event", nil},
		{"unknown kind", Event{Kind: 9, At: day(1, 0), UDI: udiC9300}, "event: missing or unknown lifecycle event", nil},
		{"no time", Event{Kind: smartaccount.Requested, UDI: udiC9300, RequestCode: testRequest}, "ledger:1: at: missing", nil},
		{"no UDI", Event{Kind: smartaccount.Requested, At: day(1, 0), RequestCode: testRequest}, "udi: UDI PID is empty", nil},
		{"no request code", Event{Kind: smartaccount.Requested, At: day(1, 0), UDI: udiC9300}, "request_code: request code: empty", nil},
		{"request code of another device", Event{Kind: smartaccount.Requested, At: day(1, 0), UDI: udiC9300, RequestCode: testRequestB},
			"request_code: slr: code is for PID:C9300-24UX,SN:FCW2134L0RM, not PID:C9300-24UX,SN:FCW2134L0RN", &MismatchError{Want: udiC9300, Got: udiB}},
		{"authorization code of another device", Event{Kind: smartaccount.Authorized, At: day(1, 0), UDI: udiC9300, AuthorizationCode: testAuth(t, true)},
			"authorization_code: slr: code is for PID:C9300-24UX,SN:FCW2134L0RM", &MismatchError{Want: udiC9300, Got: udiB}},
		{"truncated authorization code", Event{Kind: smartaccount.Authorized, At: day(1, 0), UDI: udiC9300, AuthorizationCode: testAuth(t, false)[:200]},
			"authorization_code: authorization code:1: malformed or truncated XML", nil},
		{"bad confirmation code", Event{Kind: smartaccount.Installed, At: day(1, 0), UDI: udiC9300, ConfirmationCode: "17488c1"},
			"confirmation_code: confirmation code: 7 characters", nil},
		{"bad return code", Event{Kind: smartaccount.ReturnRequested, At: day(1, 0), UDI: udiC9300, ReturnCode: "x"},
			"return_code: return code: a single group", nil},
		{"field of another event", Event{Kind: smartaccount.Installed, At: day(1, 0), UDI: udiC9300, ConfirmationCode: testConfirmation, ReturnCode: testReturn},
			`return_code: does not belong to event "installed"`, nil},
		{"virtual account on a return", Event{Kind: smartaccount.Returned, At: day(1, 0), UDI: udiC9300, VirtualAccount: "X"},
			`virtual_account: does not belong to event "returned"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := NewLedger(&buf, nil, LedgerParams{}).Append(context.Background(), tt.event)
			require.Error(t, err)
			var pe *smartaccount.ParseError
			require.True(t, errors.As(err, &pe), "want *smartaccount.ParseError, got %T: %v", err, err)
			assert.Equal(t, 1, pe.Line)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Zero(t, buf.Len(), "nothing written")
			if tt.udis != nil {
				var me *MismatchError
				require.True(t, errors.As(err, &me))
				assert.Equal(t, *tt.udis, *me)
			}
		})
	}
}

func TestReplayRejects(t *testing.T) {
	good := string(encodeLine(t, lifecycle(t)[0]))
	tests := []struct {
		name, in, msg string
		line          int
	}{
		{"invalid JSON followed by an event", good + "{\"at\":\n" + good, "ledger:2: not a JSON event: unexpected EOF", 2},
		{"torn line, blank line, then an event", "{\"at\n\n" + good, "ledger:1: not a JSON event", 1},
		{"unknown field", good + `{"at":"2026-01-06T00:00:00Z","event":"returned","udi_pid":"A","udi_serial":"B","note":"x"}` + "\n" + good, `unknown field "note"`, 2},
		{"unknown event name", `{"at":"2026-01-06T00:00:00Z","event":"cancelled","udi_pid":"A","udi_serial":"B"}` + "\n" + good, `unknown reservation state "cancelled"`, 1},
		{"two objects on a line", strings.TrimSuffix(good, "\n") + good + good, "data after the JSON object", 1},
		{"valid JSON, invalid event at the end", good + `{"at":"2026-01-06T00:00:00Z","event":"returned","udi_pid":"","udi_serial":"B"}` + "\n", "ledger:2: udi: UDI PID is empty", 2},
		{"line over the limit", good + strings.Repeat(" ", MaxLedgerLine+1) + "\n", "input larger than the accepted size: line longer than", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warnings, err := Replay(context.Background(), strings.NewReader(tt.in))
			require.Error(t, err)
			assert.Empty(t, warnings)
			var pe *smartaccount.ParseError
			require.True(t, errors.As(err, &pe), "want *smartaccount.ParseError, got %T: %v", err, err)
			assert.Equal(t, tt.line, pe.Line)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestReplayBlankLinesAndCancel(t *testing.T) {
	good := string(encodeLine(t, lifecycle(t)[0]))
	s, warnings, err := Replay(context.Background(), strings.NewReader("\n"+good+"  \r\n"))
	require.NoError(t, err)
	assert.Empty(t, warnings)
	r, ok := s.Lookup(udiC9300)
	require.True(t, ok)
	assert.Equal(t, 2, r.Line, "blank lines count")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = Replay(ctx, strings.NewReader(strings.Repeat("\n", 2000)))
	assert.ErrorIs(t, err, context.Canceled)
}

// TestReplayTornTail is the crash test: a ledger cut at every byte offset
// of its last record replays to the state before that record, with a
// warning naming the torn line (none when the cut falls exactly between
// records).
func TestReplayTornTail(t *testing.T) {
	var buf bytes.Buffer
	l := NewLedger(&buf, nil, LedgerParams{})
	events := lifecycle(t)
	appendAll(t, l, events[:len(events)-1])
	before := l.State().Records()
	prefix := buf.Len()
	appendAll(t, l, events[len(events)-1:])
	after := l.State().Records()
	full := buf.Bytes()
	last := len(events)

	for cut := prefix; cut < len(full); cut++ {
		s, warnings, err := Replay(context.Background(), bytes.NewReader(full[:cut]))
		require.NoError(t, err, "cut at %d", cut)
		require.Empty(t, cmp.Diff(before, s.Records()), "cut at %d", cut)
		if cut == prefix {
			require.Empty(t, warnings, "cut between records")
			continue
		}
		require.Len(t, warnings, 1, "cut at %d", cut)
		require.Equal(t, last, warnings[0].Line)
		require.Equal(t, int64(prefix), warnings[0].Offset)
		require.Contains(t, warnings[0].String(), "ledger line 6 (byte offset "+strconv.Itoa(prefix)+"): last line has no newline")
	}
	s, warnings, err := Replay(context.Background(), bytes.NewReader(full))
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Empty(t, cmp.Diff(after, s.Records()))

	// Garbage a crash can leave at the end with a newline — NUL bytes from
	// a file extended but never written — is a torn line too.
	s, warnings, err = Replay(context.Background(), bytes.NewReader(append(full[:prefix:prefix], "\x00\x00\x00\x00\n\n"...)))
	require.NoError(t, err)
	assert.Empty(t, cmp.Diff(before, s.Records()))
	require.Len(t, warnings, 1)
	assert.Equal(t, last, warnings[0].Line)
	assert.Contains(t, warnings[0].Reason, "not a JSON event")
}

func TestOpenCutsTornTailAndAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reservations.jsonl")
	ctx := context.Background()

	l, warnings, err := Open(ctx, path, LedgerParams{Sync: true})
	require.NoError(t, err)
	assert.Empty(t, warnings)
	events := lifecycle(t)
	appendAll(t, l, events[:2])
	require.NoError(t, l.Close())
	assert.Error(t, l.Append(ctx, events[2]), "append after close")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	good, err := os.ReadFile(path)
	require.NoError(t, err)
	torn := encodeLine(t, events[2])
	require.NoError(t, os.WriteFile(path, append(slicesClone(good), torn[:40]...), 0o600))

	l, warnings, err = Open(ctx, path, LedgerParams{})
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Equal(t, Warning{Line: 3, Offset: int64(len(good)), Reason: "last line has no newline (40 bytes): a write cut short; ignored"}, warnings[0])
	appendAll(t, l, events[2:4])
	require.NoError(t, l.Close())

	got, err := os.ReadFile(path)
	require.NoError(t, err)
	want := append(slicesClone(good), encodeLine(t, events[2])...)
	want = append(want, encodeLine(t, Event{Kind: smartaccount.Installed, At: day(7, 12), UDI: udiC9300, ConfirmationCode: testConfirmation})...)
	assert.Equal(t, string(want), string(got), "the torn bytes are cut; new lines follow the last committed one")

	l, warnings, err = Open(ctx, path, LedgerParams{})
	require.NoError(t, err)
	assert.Empty(t, warnings)
	r, ok := l.State().Lookup(udiC9300)
	require.True(t, ok)
	assert.Equal(t, smartaccount.Installed, r.State)
	assert.Equal(t, 4, r.Line)
	require.NoError(t, l.Close())
}

func TestOpenFailsOnCorruptLedger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reservations.jsonl")
	good := encodeLine(t, lifecycle(t)[0])
	require.NoError(t, os.WriteFile(path, append([]byte("garbage\n"), good...), 0o600))
	_, _, err := Open(context.Background(), path, LedgerParams{})
	assert.ErrorContains(t, err, path+": ledger:1: not a JSON event")
	after, rerr := os.ReadFile(path)
	require.NoError(t, rerr)
	assert.Equal(t, append([]byte("garbage\n"), good...), after, "a corrupt ledger is left alone")
}

func slicesClone(b []byte) []byte { return append([]byte(nil), b...) }

type syncWriter struct {
	bytes.Buffer
	syncs   int
	failAt  int // fail the Nth write (1-based); 0: never
	writes  int
	syncErr error
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes == w.failAt {
		n, _ := w.Buffer.Write(p[:len(p)/2])
		return n, errors.New("disk full")
	}
	return w.Buffer.Write(p)
}

func (w *syncWriter) Sync() error { w.syncs++; return w.syncErr }

func TestLedgerSyncAndFailures(t *testing.T) {
	ctx := context.Background()
	events := lifecycle(t)

	w := &syncWriter{}
	appendAll(t, NewLedger(w, nil, LedgerParams{Sync: true}), events[:3])
	assert.Equal(t, 3, w.syncs, "one sync per event")

	w = &syncWriter{}
	appendAll(t, NewLedger(w, nil, LedgerParams{}), events[:3])
	assert.Zero(t, w.syncs, "no sync unless asked")

	w = &syncWriter{failAt: 2}
	l := NewLedger(w, nil, LedgerParams{})
	require.NoError(t, l.Append(ctx, events[0]))
	err := l.Append(ctx, events[1])
	assert.ErrorContains(t, err, "ledger write failed after")
	assert.ErrorContains(t, err, "disk full")
	assert.Equal(t, err, l.Append(ctx, events[2]), "the failure is sticky")
	r, _ := l.State().Lookup(udiC9300)
	assert.Equal(t, smartaccount.Requested, r.State, "the failed event is not in the state")

	w = &syncWriter{syncErr: errors.New("EIO")}
	l = NewLedger(w, nil, LedgerParams{Sync: true})
	assert.ErrorContains(t, l.Append(ctx, events[0]), "ledger sync failed; reopen the ledger: EIO")
	assert.ErrorContains(t, l.Append(ctx, events[2]), "EIO")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	w = &syncWriter{}
	assert.ErrorIs(t, NewLedger(w, nil, LedgerParams{}).Append(cctx, events[0]), context.Canceled)
	assert.Zero(t, w.Len())
}

func TestNewLedgerContinuesFromReplay(t *testing.T) {
	var buf bytes.Buffer
	events := lifecycle(t)
	appendAll(t, NewLedger(&buf, nil, LedgerParams{}), events[:2])
	s, _, err := Replay(context.Background(), bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	l := NewLedger(&buf, s, LedgerParams{})
	assert.Error(t, l.Append(context.Background(), events[1]), "authorized twice, known from the replayed state")
	require.NoError(t, l.Append(context.Background(), events[2]))
	r, ok := l.State().Lookup(udiB)
	require.True(t, ok)
	assert.Equal(t, 3, r.Line, "line numbers continue")
	_, ok = s.Lookup(udiB)
	assert.False(t, ok, "the ledger keeps its own copy of the state")
}

// TestReplayTestdata replays ledgers written by hand (not by this package's
// encoder), pinning the file format.
func TestReplayTestdata(t *testing.T) {
	s, warnings, err := Replay(context.Background(), bytes.NewReader(readTestdata(t, "ledger.jsonl")))
	require.NoError(t, err)
	assert.Empty(t, warnings)
	r, ok := s.Lookup(udiC9300)
	require.True(t, ok)
	assert.Equal(t, smartaccount.Returned, r.State)
	assert.Equal(t, 5, r.Line)
	assert.Equal(t, "Dark Site East", r.VirtualAccount)
	assert.Equal(t, smartaccount.Classified, r.AirGap)
	assert.Equal(t, testConfirmation, r.ConfirmationCode)
	assert.Equal(t, testReturn, r.ReturnCode)
	assert.Equal(t, int64(5), r.Entitlements[0].Count)

	torn := readTestdata(t, "ledger_torn.jsonl") // the same, its last line cut short
	s, warnings, err = Replay(context.Background(), bytes.NewReader(torn))
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Equal(t, 5, warnings[0].Line)
	r, _ = s.Lookup(udiC9300)
	assert.Equal(t, smartaccount.ReturnRequested, r.State)
	assert.Equal(t, 4, r.Line)
}

func TestZeroStateIsEmpty(t *testing.T) {
	var s State
	assert.Zero(t, s.Len())
	assert.Empty(t, s.Records())
	assert.Empty(t, s.Reservations("x"))
	var buf bytes.Buffer
	l := NewLedger(&buf, &s, LedgerParams{})
	require.NoError(t, l.Append(context.Background(), lifecycle(t)[0]))
	assert.Equal(t, 1, l.State().Len())
}

func TestLedgerAppendLimits(t *testing.T) {
	ctx := context.Background()
	e := lifecycle(t)[0]

	var buf bytes.Buffer
	long := e
	long.VirtualAccount = strings.Repeat("x", MaxLedgerLine)
	err := NewLedger(&buf, nil, LedgerParams{}).Append(ctx, long)
	assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
	assert.ErrorContains(t, err, "ledger:1: input larger than the accepted size")
	assert.Zero(t, buf.Len())

	full := newState()
	full.size = MaxLedgerSize - 100 // the line is longer than 100 bytes
	err = NewLedger(&buf, full, LedgerParams{}).Append(ctx, e)
	assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
	assert.ErrorContains(t, err, "ledger full")
	assert.Zero(t, buf.Len())
}
