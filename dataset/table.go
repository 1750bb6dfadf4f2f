package dataset

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Bounds on untrusted input. A dataset beyond them is refused with an error
// that says which bound it crossed.
const (
	MaxCSVBytes  = 4 << 30 // one CSV file
	MaxJSONBytes = 64 << 20
	MaxLineBytes = 1 << 20 // one physical line of a CSV file
	MaxColumns   = 256
	// maxErrors is how many errors one read collects before it stops.
	maxErrors = 50
)

// errorList collects the ParseErrors of one read, up to maxErrors.
type errorList struct{ errs []error }

func (l *errorList) add(e *smartaccount.ParseError) { l.errs = append(l.errs, e) }
func (l *errorList) full() bool                     { return len(l.errs) >= maxErrors }
func (l *errorList) err() error {
	if len(l.errs) >= maxErrors {
		return errors.Join(append(l.errs, fmt.Errorf("stopped after %d errors", maxErrors))...)
	}
	return errors.Join(l.errs...)
}

// boundedReader refuses input longer than max bytes in all, or with a line
// longer than MaxLineBytes, so that a hostile file cannot make the reader
// allocate without bound.
type boundedReader struct {
	r       io.Reader
	total   int64
	max     int64
	sinceNL int
}

var errLineTooLong = fmt.Errorf("a line is longer than %d bytes: %w", MaxLineBytes, smartaccount.ErrTooLarge)

func (b *boundedReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.total += int64(n)
	if b.total > b.max {
		return 0, fmt.Errorf("file is larger than the %d bytes accepted: %w", b.max, smartaccount.ErrTooLarge)
	}
	// Lines inside one chunk are shorter than the chunk (the CSV reader reads
	// through a small bufio buffer); the first and last lines of a chunk
	// continue the neighbouring chunks, so they are counted across reads.
	if i := bytes.IndexByte(p[:n], '\n'); i >= 0 {
		if b.sinceNL+i > MaxLineBytes {
			return 0, errLineTooLong
		}
		b.sinceNL = n - bytes.LastIndexByte(p[:n], '\n') - 1
	} else {
		b.sinceNL += n
	}
	if b.sinceNL > MaxLineBytes {
		return 0, errLineTooLong
	}
	return n, err
}

// table reads one header-driven CSV file record by record.
type table struct {
	file   string
	csv    *csv.Reader
	rec    []string
	index  map[string]int // lower-case header name → field index
	hash   hash.Hash
	in     *boundedReader
	errs   *errorList
	rows   int
	intern map[string]string
	size   int64 // the file's size as stat reports it; 0 when unknown
}

// estimateRows predicts the number of records from the bytes consumed so far
// and the file's size, so a reader can size its slice once instead of
// growing it: for a million rows, growth would copy and garbage-collect
// several times the final slice.
func (t *table) estimateRows() int {
	if t.size <= 0 || t.in.total <= 0 || t.rows == 0 {
		return 0
	}
	est := int64(float64(t.size) / float64(t.in.total) * float64(t.rows) * 1.02)
	return int(min(est, int64(MaxCSVBytes/16)))
}

// presize grows s to hold every record of t, once the first records have
// shown how long a record is.
func presize[T any](t *table, s []T) []T {
	if t.rows != 1024 {
		return s
	}
	if n := t.estimateRows(); n > cap(s) {
		return slices.Grow(s, n-len(s))
	}
	return s
}

// openTable opens name in fsys, strips a UTF-8 BOM, reads the header, checks
// the required columns and warns about unknown ones. known lists every column
// the file may have.
func openTable(fsys fs.FS, name string, required, known []string, errs *errorList, warn func(Warning)) (*table, io.Closer, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	h := sha256.New()
	in := &boundedReader{r: io.TeeReader(f, h), max: MaxCSVBytes}
	br := newBOMSkipper(in)
	r := csv.NewReader(br)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	t := &table{file: name, csv: r, hash: h, in: in, errs: errs, index: map[string]int{}, intern: map[string]string{}}
	if st, err := f.Stat(); err == nil {
		t.size = st.Size()
	}
	header, err := r.Read()
	if err == io.EOF {
		f.Close()
		return nil, nil, &smartaccount.ParseError{File: name, Line: 1, Err: errors.New("the file is empty: a header row is required")}
	}
	if err != nil {
		f.Close()
		return nil, nil, t.csvError(err)
	}
	if len(header) > MaxColumns {
		f.Close()
		return nil, nil, &smartaccount.ParseError{File: name, Line: 1, Err: fmt.Errorf("%d columns, more than the %d accepted: %w", len(header), MaxColumns, smartaccount.ErrTooLarge)}
	}
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(h))
		line, col := r.FieldPos(i)
		if _, dup := t.index[key]; dup {
			f.Close()
			return nil, nil, &smartaccount.ParseError{File: name, Line: line, Column: col, Field: key, Err: errors.New("the column appears twice in the header")}
		}
		t.index[key] = i
		if !slices.Contains(known, key) {
			warn(Warning{File: name, Line: line, Column: col, Message: fmt.Sprintf("unknown column %q is ignored", strings.TrimSpace(h))})
		}
	}
	var missing []string
	for _, c := range required {
		if _, ok := t.index[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		f.Close()
		return nil, nil, &smartaccount.ParseError{File: name, Line: 1, Err: fmt.Errorf("missing required column(s) %s", strings.Join(missing, ", "))}
	}
	return t, f, nil
}

// column returns the field index of a header name, or -1 if the file has no
// such column.
func (t *table) column(name string) int {
	if i, ok := t.index[name]; ok {
		return i
	}
	return -1
}

// next reads the next record; it returns false at the end of the file, on a
// CSV syntax error (recorded) or when the context is done.
func (t *table) next(ctx context.Context) (bool, error) {
	if t.rows&4095 == 4095 {
		if err := ctx.Err(); err != nil {
			return false, err
		}
	}
	for {
		rec, err := t.csv.Read()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			t.errs.add(t.csvError(err))
			return false, nil
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		t.rec = rec
		t.rows++
		return true, nil
	}
}

// csvError turns an encoding/csv or bounded-reader error into a smartaccount.ParseError.
func (t *table) csvError(err error) *smartaccount.ParseError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &smartaccount.ParseError{File: t.file, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	line, _ := t.csv.FieldPos(0)
	return &smartaccount.ParseError{File: t.file, Line: line, Err: err}
}

// line returns the line the current record starts on.
func (t *table) line() int {
	line, _ := t.csv.FieldPos(0)
	return line
}

// fail records an error about field col of the current record.
func (t *table) fail(col int, field string, err error) {
	e := &smartaccount.ParseError{File: t.file, Field: field, Err: err}
	if col >= 0 && col < len(t.rec) {
		e.Line, e.Column = t.csv.FieldPos(col)
	} else {
		e.Line = t.line()
	}
	t.errs.add(e)
}

// str returns field col of the current record, trimmed; "" when the file has
// no such column or the record is short.
func (t *table) str(col int) string {
	if col < 0 || col >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[col])
}

// interned returns str(col) through the intern table: values that repeat on
// every row (Virtual Account, license, PID) then share one allocation.
func (t *table) interned(col int) string {
	s := t.str(col)
	if v, ok := t.intern[s]; ok {
		return v
	}
	s = strings.Clone(s)
	t.intern[s] = s
	return s
}

// owned returns a copy of str(col), so the record's backing line can be freed.
func (t *table) owned(col int) string { return strings.Clone(t.str(col)) }

// required returns str(col) and records an error when it is empty.
func (t *table) required(col int, field string) (string, bool) {
	s := t.str(col)
	if s == "" {
		t.fail(col, field, errors.New("a value is required"))
		return "", false
	}
	return s, true
}

// quantity parses a non-negative integer; empty gives def.
func (t *table) quantity(col int, field string, def int64) int64 {
	s := t.str(col)
	if s == "" {
		return def
	}
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil:
		t.fail(col, field, fmt.Errorf("%q is not a whole number", s))
		return 0
	case n < 0:
		t.fail(col, field, fmt.Errorf("%d is negative", n))
		return 0
	}
	return n
}

// date parses a YYYY-MM-DD civil date; empty gives the zero time.
func (t *table) date(col int, field string) time.Time {
	s := t.str(col)
	if s == "" {
		return time.Time{}
	}
	d, err := parseDate(s)
	if err != nil {
		t.fail(col, field, err)
	}
	return d
}

// instant parses an RFC 3339 instant or a YYYY-MM-DD date (midnight UTC);
// empty gives the zero time. The result is in UTC.
func (t *table) instant(col int, field string) time.Time {
	s := t.str(col)
	if s == "" {
		return time.Time{}
	}
	d, err := parseInstant(s)
	if err != nil {
		t.fail(col, field, err)
	}
	return d
}

// enum parses field col with parse; empty gives the zero value.
func tableEnum[T any](t *table, col int, field string, parse func(string) (T, error)) T {
	v, err := parse(t.str(col))
	if err != nil {
		t.fail(col, field, err)
	}
	return v
}

// finish closes the file and records its evidence.
func (t *table) finish() Input {
	return Input{File: t.file, SHA256: hex.EncodeToString(t.hash.Sum(nil)), Records: t.rows, Bytes: t.in.total}
}

func parseDate(s string) (time.Time, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && digits(s[:4]) && digits(s[5:7]) && digits(s[8:]) {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[5:7])
		d, _ := strconv.Atoi(s[8:])
		if y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
			return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a YYYY-MM-DD date", s)
}

// digits reports whether s is made of ASCII digits only (no sign, no space).
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func parseInstant(s string) (time.Time, error) {
	if len(s) == 10 {
		return parseDate(s)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 instant (2006-01-02T15:04:05Z) or a YYYY-MM-DD date", s)
	}
	return t.UTC(), nil
}

// bomSkipper drops a UTF-8 byte-order mark at the start of its input.
type bomSkipper struct {
	r       io.Reader
	started bool
	buf     []byte
}

func newBOMSkipper(r io.Reader) *bomSkipper { return &bomSkipper{r: r} }

func (b *bomSkipper) Read(p []byte) (int, error) {
	if !b.started {
		b.started = true
		head := make([]byte, 3)
		n, err := io.ReadFull(b.r, head)
		head = head[:n]
		if bytes.Equal(head, []byte{0xEF, 0xBB, 0xBF}) {
			head = nil
		}
		b.buf = head
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return 0, err
		}
	}
	if len(b.buf) > 0 {
		n := copy(p, b.buf)
		b.buf = b.buf[n:]
		return n, nil
	}
	return b.r.Read(p)
}
