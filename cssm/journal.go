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
// not parse is an error naming the line (*smartaccount.ParseError).
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
		if e.Op != "plan" && e.Op != "intent" && e.Op != "done" && e.Op != "refused" {
			return 0, &smartaccount.ParseError{File: j.path, Line: line, Field: "op", Value: truncate(e.Op, 40), Err: errors.New("unknown journal event")}
		}
		j.events = append(j.events, e)
		off += int64(len(data))
	}
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
			if s.plan == "" {
				s.plan = e.Plan
			}
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
