package cssm

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// MaxJournalLine bounds one line of a journal file.
const MaxJournalLine = 1 << 20

// Journal is the append-only record of an Apply: one JSON line per event,
// each written with one write and fsync'd before Apply goes on. Before a
// transfer request is sent its intent is recorded (with the balances it will
// change, before and after); after CSSM answers, its outcome. A run
// interrupted anywhere — even killed between a request reaching CSSM and its
// answer — leaves at most one intent without outcome, which the next Apply
// settles by re-reading the balances instead of sending blindly. A torn last
// line (a crash in the middle of a write) was never committed and is cut
// off when the journal is opened.
//
// A Journal belongs to one plan: Apply refuses a journal written for
// another. Two processes must not use the same journal at once.
type Journal struct {
	f      *os.File
	path   string
	events []journalEvent
}

// journalEvent is one line of the journal.
type journalEvent struct {
	Op string    `json:"op"` // "plan", "intent", "done", "refused"
	At time.Time `json:"at"`
	// plan
	Plan     string `json:"plan,omitempty"` // the plan's digest
	Domain   string `json:"domain,omitempty"`
	Requests int    `json:"requests,omitempty"`
	// intent, done, refused
	Index int    `json:"index,omitempty"` // 1-based request index
	Key   string `json:"key,omitempty"`   // the request's idempotency key
	// intent: the balances the request changes, before and after it.
	Before map[string]int64 `json:"before,omitempty"`
	After  map[string]int64 `json:"after,omitempty"`
	// done: "sent" (CSSM answered SUCCESS) or "found applied" (settled by
	// re-reading the balances); refused: CSSM's answer.
	How   string `json:"how,omitempty"`
	Error string `json:"error,omitempty"`
}

// OpenJournal opens the journal file at path, creating it (mode 0600) when
// absent, and replays it. A torn last line is cut off. A journal that does
// not parse, or holds a line Apply would not have written (an event before
// the plan or without its request's key, a second plan, a request index
// outside the plan), is an error naming the line (*smartaccount.ParseError).
func OpenJournal(path string) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cssm: journal: %w", err)
	}
	j := &Journal{f: f, path: path}
	keep, err := j.replay(f)
	if err == nil {
		err = f.Truncate(keep)
	}
	if err == nil {
		_, err = f.Seek(keep, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

// replay reads every committed line and returns the offset after the last
// one.
func (j *Journal) replay(r io.Reader) (int64, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	for line := 1; ; line++ {
		data, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			var more []byte
			more, err = readLong(br, data)
			data = more
		}
		if err == io.EOF {
			return off, nil // a last line without its newline is torn: cut off
		}
		if err != nil {
			return 0, &smartaccount.ParseError{File: j.path, Line: line, Err: err}
		}
		var e journalEvent
		if err := json.Unmarshal(bytes.TrimSpace(data), &e); err != nil {
			return 0, &smartaccount.ParseError{File: j.path, Line: line, Err: fmt.Errorf("not a journal event: %w", err)}
		}
		if err := j.check(&e); err != nil {
			err.File, err.Line = j.path, line
			return 0, err
		}
		j.events = append(j.events, e)
		off += int64(len(data))
	}
}

// check refuses an event that Apply could not have written after the
// events before it: a journal edited by hand or damaged must not make Apply
// skip a request (or count one done) on the strength of a line it never
// wrote.
func (j *Journal) check(e *journalEvent) *smartaccount.ParseError {
	fail := func(field, value, msg string) *smartaccount.ParseError {
		return &smartaccount.ParseError{Field: field, Value: value, Err: errors.New(msg)}
	}
	switch e.Op {
	case "plan":
		if len(j.events) > 0 {
			return fail("op", e.Op, "a second plan in one journal")
		}
		if e.Plan == "" || e.Requests < 0 {
			return fail("plan", truncate(e.Plan, 40), "a plan event without its digest, or with a negative number of requests")
		}
	case "intent", "done", "refused":
		if len(j.events) == 0 {
			return fail("op", e.Op, "the journal does not start with its plan")
		}
		if n := j.events[0].Requests; e.Index < 1 || e.Index > n {
			return fail("index", strconv.Itoa(e.Index), fmt.Sprintf("not a request of the plan (1 to %d)", n))
		}
		if e.Key == "" {
			return fail("key", "", "an event without its request's key")
		}
	default:
		return fail("op", truncate(e.Op, 40), "unknown journal event")
	}
	return nil
}

// readLong reads the rest of a line longer than the reader's buffer, up to
// MaxJournalLine.
func readLong(br *bufio.Reader, first []byte) ([]byte, error) {
	buf := append([]byte(nil), first...)
	for {
		part, err := br.ReadSlice('\n')
		buf = append(buf, part...)
		if len(buf) > MaxJournalLine {
			return nil, fmt.Errorf("line longer than %d bytes: %w", MaxJournalLine, smartaccount.ErrTooLarge)
		}
		if err != bufio.ErrBufferFull {
			return buf, err
		}
	}
}

// append writes e as one line and fsyncs it.
func (j *Journal) append(e journalEvent) error {
	e.At = time.Now().UTC()
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if _, err := j.f.Write(data); err != nil {
		return fmt.Errorf("cssm: journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("cssm: journal %s: %w", j.path, err)
	}
	j.events = append(j.events, e)
	return nil
}

// Close closes the journal file.
func (j *Journal) Close() error { return j.f.Close() }

// Path returns the journal's file name.
func (j *Journal) Path() string { return j.path }

// matches checks a journal whose plan digest is that of reqs against the
// requests themselves: every event names one of them by its index and key.
func (j *Journal) matches(reqs []PreparedRequest) error {
	for i := range j.events {
		e := &j.events[i]
		switch {
		case e.Op == "plan" && e.Requests != len(reqs):
			return &damagedJournalError{path: j.path, what: fmt.Sprintf("its plan has %d requests, this plan %d", e.Requests, len(reqs))}
		case e.Op != "plan" && (e.Index > len(reqs) || reqs[e.Index-1].Key != e.Key):
			return &damagedJournalError{path: j.path, what: fmt.Sprintf("its request %d has another key than this plan's", e.Index)}
		}
	}
	return nil
}

// damagedJournalError is a journal that names this plan but not its
// requests: edited or damaged. It is an ErrJournalMismatch.
type damagedJournalError struct{ path, what string }

func (e *damagedJournalError) Error() string {
	return fmt.Sprintf("cssm: journal %s names this plan but %s: it was edited or damaged; use a new journal file", e.path, e.what)
}

func (e *damagedJournalError) Is(target error) bool { return target == ErrJournalMismatch }

// journalState sums up the journal: the plan digest, the requests done, and
// the intents without outcome (at most one after a crash), by index.
type journalState struct {
	plan    string
	done    map[int]string // index → how
	pending []*journalEvent
}

func (j *Journal) state() journalState {
	s := journalState{done: map[int]string{}}
	intents := map[int]*journalEvent{}
	for i := range j.events {
		e := &j.events[i]
		switch e.Op {
		case "plan":
			s.plan = e.Plan
		case "intent":
			intents[e.Index] = e
		case "done":
			s.done[e.Index] = e.How
			delete(intents, e.Index)
		case "refused":
			delete(intents, e.Index)
		}
	}
	for _, e := range intents {
		s.pending = append(s.pending, e)
	}
	slices.SortFunc(s.pending, func(a, b *journalEvent) int { return a.Index - b.Index })
	return s
}
