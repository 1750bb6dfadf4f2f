package dataset

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Bounds on untrusted input. A dataset beyond them is refused with an error
// that says which bound it crossed.
const (
	MaxCSVBytes  = 4 << 30 // one CSV file
	MaxJSONBytes = 64 << 20
	// MaxLineBytes bounds one record of a CSV file: a line, with the lines a
	// quoted field continues onto, its final line break not counted.
	MaxLineBytes = 1 << 20
	MaxColumns   = 256
	// MaxCSVLines bounds the lines of one CSV file (ten times the largest
	// Smart Accounts), and so the memory its rows take.
	MaxCSVLines = 10_000_000
	// maxErrors is how many errors one read collects before it stops.
	maxErrors = 50
)

// errorList collects the ParseErrors of one read, up to maxErrors.
type errorList struct{ errs []error }

func (l *errorList) add(e *smartaccount.ParseError) { l.errs = append(l.errs, e) }
func (l *errorList) full() bool                     { return len(l.errs) >= maxErrors }
func (l *errorList) room() int                      { return maxErrors - len(l.errs) }
func (l *errorList) err() error {
	if len(l.errs) >= maxErrors {
		return errors.Join(append(l.errs, fmt.Errorf("stopped after %d errors", maxErrors))...)
	}
	return errors.Join(l.errs...)
}

// How a CSV file is read: the calling goroutine reads it in blocks, hashes
// every byte and cuts the stream into chunks of whole records (a splitter);
// one worker per processor parses chunks into parts, each part holding its
// rows and errors; the parts are joined in file order. Memory stays bounded
// by a few chunks beyond the rows themselves, and no slice is sized from
// anything but bytes already read.
const (
	blockBytes = 1 << 20 // read at a time: about one chunk
	// bufferBytes holds the start of a record a block cut (at most
	// MaxLineBytes, else the record is refused) and the next block.
	bufferBytes = MaxLineBytes + 1 + blockBytes
)

// splitter reads one CSV file and cuts it into chunks of whole records.
type splitter struct {
	file  string
	f     fs.File
	hash  hash.Hash
	total int64 // bytes read
	line  int   // line of the next chunk's first byte
	carry []byte
	eof   bool
	bom   bool // whether the first block has been checked for a BOM

	free      chan []byte // buffers the workers are done with
	allocated int
}

func newSplitter(file string, f fs.File, buffers int) *splitter {
	return &splitter{file: file, f: f, hash: sha256.New(), line: 1, free: make(chan []byte, buffers)}
}

// buffer returns an empty buffer, waiting for a worker to free one when as
// many as the channel holds are in use.
func (s *splitter) buffer() []byte {
	select {
	case b := <-s.free:
		return b[:0]
	default:
	}
	if s.allocated < cap(s.free) {
		s.allocated++
		return make([]byte, 0, bufferBytes)
	}
	return (<-s.free)[:0]
}

// next returns the next chunk of whole records, in a buffer to hand back
// through s.free, and the line its first byte is on; a nil buffer means the
// end of the file. A chunk ends after a line break that is outside any
// quoted field, or at the end of the file.
func (s *splitter) next() (buf []byte, line int, err error) {
	if s.eof {
		return nil, 0, nil
	}
	buf = append(s.buffer(), s.carry...)
	for {
		n, rerr := io.ReadFull(s.f, buf[len(buf):min(cap(buf), len(buf)+blockBytes)])
		s.hash.Write(buf[len(buf) : len(buf)+n])
		s.total += int64(n)
		buf = buf[:len(buf)+n]
		if s.total > MaxCSVBytes {
			return nil, 0, &smartaccount.ParseError{File: s.file, Line: s.line,
				Err: fmt.Errorf("file is larger than the %d bytes accepted: %w", int64(MaxCSVBytes), smartaccount.ErrTooLarge)}
		}
		if !s.bom {
			s.bom = true
			if bytes.HasPrefix(buf, []byte("\xEF\xBB\xBF")) {
				buf = buf[:copy(buf, buf[3:])]
			}
		}
		switch {
		case rerr == io.EOF || rerr == io.ErrUnexpectedEOF:
			s.eof, s.carry = true, nil
		case rerr != nil:
			return nil, 0, &smartaccount.ParseError{File: s.file, Err: rerr}
		default:
			end := lastBoundary(buf)
			if end < 0 {
				if len(buf) > MaxLineBytes {
					return nil, 0, s.tooLong(s.line)
				}
				continue // the record goes on: read more into this buffer
			}
			s.carry = append(s.carry[:0], buf[end+1:]...)
			buf = buf[:end+1]
		}
		line = s.line
		s.line += bytes.Count(buf, []byte{'\n'})
		if len(s.carry) > MaxLineBytes {
			return nil, 0, s.tooLong(s.line)
		}
		return buf, line, nil
	}
}

func (s *splitter) tooLong(line int) *smartaccount.ParseError {
	return &smartaccount.ParseError{File: s.file, Line: line,
		Err: fmt.Errorf("a record is longer than %d bytes: %w", MaxLineBytes, smartaccount.ErrTooLarge)}
}

// lastBoundary returns the index of the last line break of b that lies
// outside every quoted field, or -1. b starts at a record boundary, so a
// line break is outside when an even number of quotes precedes it. A stray
// quote can mislead the count only where the parser of the chunk stops at
// it with a syntax error, so a wrong cut is never parsed.
func lastBoundary(b []byte) int {
	i := bytes.LastIndexByte(b, '\n')
	if i < 0 {
		return -1
	}
	quotes := bytes.Count(b[:i], []byte{'"'})
	for quotes%2 == 1 {
		j := bytes.LastIndexByte(b[:i], '\n')
		if j < 0 {
			return -1
		}
		quotes -= bytes.Count(b[j:i], []byte{'"'})
		i = j
	}
	return i
}

// header is what a CSV file's first record says about its columns.
type header struct {
	index  map[string]int // lower-case header name → field index
	fields int            // number of header fields
	comma  byte
}

// column returns the field index of a header name, or -1 if the file has no
// such column.
func (h *header) column(name string) int {
	if i, ok := h.index[name]; ok {
		return i
	}
	return -1
}

// tableSpec describes one CSV file of the dataset and how a record becomes a T.
type tableSpec[T any] struct {
	file     string
	required bool
	columns  []string // every column the file may have, in Write's order
	needed   []string // the columns it must have
	// row converts the current record of w into its slot, a zero T; c
	// holds the field index of each of columns, -1 when the file has no
	// such column. Filled in place, a row is written once, not built and
	// then copied into the file's slice (a quarter of a kilobyte a product
	// instance, with the collector's barriers on every pointer copied).
	row func(w *row, c []int, slot *T)
	// store takes the rows of a file read (with errors or not).
	store func([]T)
}

// part is what one chunk gave: its rows, written in place into the
// file's slice, and its errors.
type part[T any] struct {
	out     []T // the slots reserved for the chunk's rows
	records int // rows written to out
	errs    []*smartaccount.ParseError
	// stopped means a syntax error or a bound ended the file in this chunk.
	stopped bool
}

// table is one CSV file of the dataset, opened and sized, to be read.
type table[T any] struct {
	spec tableSpec[T]
	f    fs.File
	rows []T // a slot per line break, and one: no more rows can come out
	// err is why the file cannot be read; absent marks an optional file
	// the directory lacks.
	err    *smartaccount.ParseError
	absent bool
	// lines and countErr are what count found.
	lines    int
	countErr error
}

// openTable opens the CSV file spec describes. Its line breaks are then
// counted (count), an upper bound on its rows, so that the rows are
// allocated once (size), from bytes read and never from a size the file
// claims.
//
// Read counts every table at once, one goroutine each: counting is a pass
// over each file's bytes, and the two large files took a core each for a
// tenth of the read when counted one after the other. It then sizes every
// table before reading any, the smallest rows first and the largest last.
// Each allocation that crosses the collector's goal starts a cycle, cheap
// while the rows are still zero; allocated in that order, the last cycle's
// goal is twice all the rows, which the strings the rows will hold do not
// reach — no cycle mid-read, over half a gigabyte of rows being filled,
// with the write barriers that filling them then costs. In file order, the
// product instances' 250 MB set a goal that the footprint's rows and the
// strings crossed mid-read, at the default GOGC (a program may set its
// own, with GOGC or GOMEMLIMIT; the order helps whatever they are).
func openTable[T any](r *reader, spec tableSpec[T]) *table[T] {
	t := &table[T]{spec: spec}
	f, err := r.fsys.Open(spec.file)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !spec.required:
		t.absent = true
	case errors.Is(err, fs.ErrNotExist):
		t.err = &smartaccount.ParseError{File: spec.file, Err: errMissing}
	case err != nil:
		t.err = &smartaccount.ParseError{File: spec.file, Err: err}
	default:
		t.f = f
	}
	return t
}

// count counts the line breaks of the table's file, if it is open. It
// touches nothing but the table, so that tables are counted at once.
func (t *table[T]) count() {
	if t.f != nil {
		t.lines, t.countErr = countLines(t.f)
	}
}

// rowBytes is what size will allocate for the rows.
func (t *table[T]) rowBytes() int64 {
	var zero T
	return int64(t.lines) * int64(unsafe.Sizeof(zero))
}

// size rewinds the counted file and allocates its rows, or records why it
// cannot be read.
func (t *table[T]) size(fsys fs.FS) {
	if t.f == nil {
		return
	}
	f, err := t.f, t.countErr
	if err == nil {
		f, err = rewind(fsys, t.spec.file, f)
	}
	switch {
	case err != nil:
		t.err = &smartaccount.ParseError{File: t.spec.file, Err: err}
	case t.lines > MaxCSVLines:
		t.err = &smartaccount.ParseError{File: t.spec.file, Line: MaxCSVLines + 1,
			Err: fmt.Errorf("the file has more than the %d lines accepted: %w", MaxCSVLines, smartaccount.ErrTooLarge)}
	default:
		t.f, t.rows = f, make([]T, t.lines+1)
		return
	}
	if f != nil {
		f.Close()
	}
	t.f = nil
}

// close releases the file of a table that is not read.
func (t *table[T]) close() {
	if t.f != nil {
		t.f.Close()
	}
}

// read reads the table and hands its rows to spec.store; errors go to
// r.errs, warnings to the dataset, and the file's evidence to its Inputs.
func (t *table[T]) read(r *reader) {
	defer t.close()
	spec := t.spec
	switch {
	case t.absent:
		r.ds.Absent = append(r.ds.Absent, spec.file)
		return
	case t.err != nil:
		r.errs.add(t.err)
		return
	}
	workers := runtime.GOMAXPROCS(0)
	sp := newSplitter(spec.file, t.f, 2*workers+1)
	buf, line, err := sp.next()
	if err != nil {
		r.errs.add(err.(*smartaccount.ParseError))
		return
	}
	h, rest, err := readHeader(spec, buf, line, r.warn)
	if err != nil {
		r.errs.add(err.(*smartaccount.ParseError))
		return
	}
	c := make([]int, len(spec.columns))
	for i, name := range spec.columns {
		c[i] = h.column(name)
	}

	// The workers. A chunk stops at its own error limit; the splitter stops
	// once the chunks sent hold enough errors to fill the list, since the
	// chunks after them could only add errors that would not be reported.
	room := r.errs.room()
	var st chunkState
	jobs := make(chan job[T], cap(sp.free))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := newRow(spec.file, h, &st)
			for j := range jobs {
				if r.ctx.Err() == nil {
					parseChunk(w, j, spec, c, room)
				}
				sp.free <- j.buf
			}
		})
	}
	// Each chunk gets as many slots as it has line breaks, one more when it
	// ends without one: no more rows than that can come out of it.
	rows := t.rows
	var parts []*part[T]
	reserved := 0
	send := func(buf, data []byte, line int) error {
		// The splitter has counted the chunk's line breaks: its line is
		// now the line after them, data's first line being line.
		slots := sp.line - line + 1 - lengthNL(data)
		if reserved+slots > len(rows) {
			return &smartaccount.ParseError{File: spec.file, Line: line, Err: errors.New("the file changed while it was read")}
		}
		p := &part[T]{out: rows[reserved : reserved+slots : reserved+slots]}
		reserved += slots
		parts = append(parts, p)
		jobs <- job[T]{buf: buf, data: data, line: line, part: p}
		return nil
	}
	stop := send(buf, rest.data, rest.line)
	for stop == nil && r.ctx.Err() == nil && !st.halted.Load() && st.errors.Load() < int64(room) {
		buf, line, err := sp.next()
		switch {
		case err != nil:
			stop = err
		case buf == nil:
			stop = errEOF
		default:
			stop = send(buf, buf, line)
		}
	}
	close(jobs)
	wg.Wait()
	if r.ctx.Err() != nil {
		return
	}

	// Join the parts: move each part's rows down to follow the previous
	// part's, and clear what is left past the last.
	n, records := 0, 0
	for _, p := range parts {
		n += copy(rows[n:], p.out[:p.records])
		records += p.records
		for _, e := range p.errs {
			if !r.errs.full() {
				r.errs.add(e)
			}
		}
		if p.stopped {
			stop = errEOF // the file ended here: a bound beyond it is not reached
			break
		}
	}
	clear(rows[n:])
	if stop != errEOF && stop != nil {
		r.errs.add(stop.(*smartaccount.ParseError))
	}
	r.ds.Inputs = append(r.ds.Inputs, Input{File: spec.file, SHA256: hex.EncodeToString(sp.hash.Sum(nil)),
		Records: records, Bytes: sp.total})
	spec.store(rows[:n:n])
}

// errEOF marks the end of a file's chunks.
var errEOF = errors.New("end of file")

// countLines counts the line breaks of f. It may stop early, where the
// parse is bound to stop with an error: beyond MaxCSVBytes or
// MaxCSVLines, and a buffer's length past a line longer than MaxLineBytes
// (the chunk that holds the start of that line ends before).
func countLines(f io.Reader) (int, error) {
	buf := make([]byte, blockBytes)
	var total, stopAt int64 = 0, MaxCSVBytes + 1
	lines, sinceNL := 0, 0
	for total < stopAt && lines <= MaxCSVLines {
		n, err := io.ReadFull(f, buf)
		b := buf[:n]
		total += int64(n)
		lines += bytes.Count(b, []byte{'\n'})
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			sinceNL += i
			if sinceNL > MaxLineBytes {
				stopAt = min(stopAt, total+bufferBytes)
			}
			sinceNL = n - 1 - bytes.LastIndexByte(b, '\n')
		} else {
			sinceNL += n
		}
		if sinceNL > MaxLineBytes {
			stopAt = min(stopAt, total+bufferBytes)
		}
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return lines, nil
		case err != nil:
			return 0, err
		}
	}
	return lines, nil
}

// rewind returns f at its start: f itself when it can seek, else name
// opened again.
func rewind(fsys fs.FS, name string, f fs.File) (fs.File, error) {
	if s, ok := f.(io.Seeker); ok {
		if _, err := s.Seek(0, io.SeekStart); err == nil {
			return f, nil
		}
	}
	f.Close()
	return fsys.Open(name)
}

// job is one chunk for a worker: data, in buf, starts on line; its rows
// go to part.
type job[T any] struct {
	buf, data []byte
	line      int
	part      *part[T]
}

// chunkRest is the part of the first chunk after the header.
type chunkRest struct {
	data []byte
	line int
}

// readHeader parses the header record at the start of the first chunk,
// checks the required columns and warns about unknown ones.
func readHeader[T any](spec tableSpec[T], buf []byte, line int, warn func(Warning)) (*header, chunkRest, error) {
	name := spec.file
	var s scanner
	first := func(comma byte) ([][]byte, error) {
		s.reset(buf, line, comma)
		ok, err := s.next()
		switch {
		case err != nil:
			return nil, csvError(name, err)
		case !ok:
			return nil, &smartaccount.ParseError{File: name, Line: 1, Err: errors.New("the file is empty: a header row is required")}
		case s.length() > MaxLineBytes:
			return nil, &smartaccount.ParseError{File: name, Line: s.startLine,
				Err: fmt.Errorf("a record is longer than %d bytes: %w", MaxLineBytes, smartaccount.ErrTooLarge)}
		}
		fields := make([][]byte, s.fields())
		for i := range fields {
			fields[i] = s.field(i)
		}
		return fields, nil
	}
	comma := byte(',')
	fields, err := first(comma)
	if err != nil || len(fields) == 1 {
		// One column, or a comma-separated parse that failed: a file
		// separated by semicolons or tabs, as Excel writes CSV in many
		// locales, splits into more columns with its own separator.
		best := 1
		for _, sep := range []byte{';', '\t'} {
			if f, err := first(sep); err == nil && len(f) > best {
				comma, best = sep, len(f)
			}
		}
		fields, err = first(comma)
		if comma != ',' {
			warn(Warning{File: name, Line: s.startLine, Message: fmt.Sprintf("the columns are separated by %q, not commas: read so", comma)})
		}
	}
	if err != nil {
		return nil, chunkRest{}, err
	}
	if len(fields) > MaxColumns {
		return nil, chunkRest{}, &smartaccount.ParseError{File: name, Line: s.startLine,
			Err: fmt.Errorf("%d columns, more than the %d accepted: %w", len(fields), MaxColumns, smartaccount.ErrTooLarge)}
	}
	h := &header{index: map[string]int{}, fields: len(fields), comma: comma}
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = strings.ToLower(strings.TrimSpace(string(f)))
		if _, dup := h.index[keys[i]]; dup {
			at := s.position(i)
			return nil, chunkRest{}, &smartaccount.ParseError{File: name, Line: at.line, Column: at.col, Field: keys[i], Err: errors.New("the column appears twice in the header")}
		}
		h.index[keys[i]] = i
	}
	taken := func(k string) bool { _, ok := h.index[k]; return ok }
	for i, key := range keys {
		if !slices.Contains(spec.columns, key) {
			at := s.position(i)
			warn(Warning{File: name, Line: at.line, Column: at.col, Message: fmt.Sprintf("unknown column %q is ignored%s",
				strings.TrimSpace(string(fields[i])), didYouMean(suggestion(key, spec.columns, taken)))})
		}
	}
	var missing []string
	for _, c := range spec.needed {
		if !taken(c) {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		msg := "missing required column(s) " + strings.Join(missing, ", ")
		for _, key := range keys {
			if k := suggestion(key, missing, taken); k != "" && !slices.Contains(spec.columns, key) {
				msg += fmt.Sprintf("; is %q meant to be %s?", key, k)
			}
		}
		return nil, chunkRest{}, &smartaccount.ParseError{File: name, Line: 1, Err: errors.New(msg)}
	}
	return h, chunkRest{data: buf[s.off:], line: s.line + 1}, nil
}

// csvError turns a scanner error into a *smartaccount.ParseError.
func csvError(file string, err error) *smartaccount.ParseError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &smartaccount.ParseError{File: file, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return &smartaccount.ParseError{File: file, Err: err}
}

// row is a worker's view of the record being converted, with the worker's
// intern table and string arena. Its errors go to the part being parsed.
type row struct {
	file   string
	h      *header
	state  *chunkState
	sc     scanner
	errs   *[]*smartaccount.ParseError
	intern map[string]string
	recent []recent // by field index
	arena  arena
}

// recentValues is how many of a column's latest distinct values a worker
// keeps. Files are sorted or grouped, and most columns hold a few values
// (an enumeration, a PID, a Virtual Account): a value is then found among
// its column's recent ones by a comparison or two, not looked up in the
// intern table.
const recentValues = 8

// recent is a column's latest distinct values.
type recent struct {
	values [recentValues]lastValue
	last   int // the slot of the value found last
	next   int // the slot the next new value takes
}

// lastValue is a recent value of a column, interned, with its enumeration
// value once parsed.
type lastValue struct {
	text   string
	parsed bool
	enum   uint8
}

// chunkState is what the workers of one file tell the splitter.
type chunkState struct {
	errors atomic.Int64 // errors found so far
	halted atomic.Bool  // a chunk ended the file
}

func newRow(file string, h *header, st *chunkState) *row {
	return &row{file: file, h: h, state: st, intern: map[string]string{}, recent: make([]recent, h.fields)}
}

// parseChunk converts the records of one chunk into its part, stopping at
// a syntax error, at a record beyond MaxLineBytes or when the part holds
// limit errors.
func parseChunk[T any](w *row, j job[T], spec tableSpec[T], c []int, limit int) {
	p := j.part
	w.errs = &p.errs
	// Checked once for the chunk, the usual case; field by field otherwise.
	text := bytes.IndexByte(j.data, 0) < 0 && utf8.Valid(j.data)
	w.sc.reset(j.data, j.line, w.h.comma)
	for len(p.errs) < limit {
		ok, err := w.sc.next()
		if err != nil {
			p.errs = append(p.errs, csvError(w.file, err))
			p.stopped = true
			w.state.halted.Store(true)
			return
		}
		if !ok {
			return
		}
		if w.sc.length() > MaxLineBytes {
			p.errs = append(p.errs, &smartaccount.ParseError{File: w.file, Line: w.sc.startLine,
				Err: fmt.Errorf("a record is longer than %d bytes: %w", MaxLineBytes, smartaccount.ErrTooLarge)})
			p.stopped = true
			w.state.halted.Store(true)
			return
		}
		if w.sc.fields() == 1 && len(bytes.TrimSpace(w.sc.field(0))) == 0 {
			continue // a blank line
		}
		if w.sc.fields() > w.h.fields {
			w.fail(w.h.fields, "", fmt.Errorf("the row has %d fields, the header %d (a value that holds %q must be quoted)",
				w.sc.fields(), w.h.fields, w.h.comma))
			continue
		}
		if !text && !w.text(spec.columns, c) {
			continue
		}
		spec.row(w, c, &p.out[p.records])
		p.records++
	}
}

// text checks that every field the file's columns name is UTF-8 without a
// NUL byte, recording an error for each one that is not.
func (w *row) text(columns []string, c []int) bool {
	ok := true
	for i, col := range c {
		if col < 0 || col >= w.sc.fields() {
			continue
		}
		switch f := w.sc.field(col); {
		case bytes.IndexByte(f, 0) >= 0:
			w.fail(col, columns[i], errors.New("the value holds a NUL byte"))
			ok = false
		case !utf8.Valid(f):
			w.fail(col, columns[i], errors.New("the value is not UTF-8 text (save the file as UTF-8)"))
			ok = false
		}
	}
	return ok
}

// line returns the line the current record starts on.
func (w *row) line() int { return w.sc.startLine }

// fail records an error about field col of the current record.
func (w *row) fail(col int, field string, err error) {
	at := w.position(col)
	e := &smartaccount.ParseError{File: w.file, Line: at.line, Column: at.col, Field: field, Err: err}
	*w.errs = append(*w.errs, e)
	w.state.errors.Add(1)
}

// position returns where field col of the current record starts; the
// record's start when the record has no such field.
func (w *row) position(col int) fieldPos {
	if col >= 0 && col < w.sc.fields() {
		return w.sc.position(col)
	}
	return fieldPos{line: w.line()}
}

// field returns field col of the current record, trimmed; nil when the
// file has no such column or the record is short.
func (w *row) field(col int) []byte {
	if col < 0 || col >= w.sc.fields() {
		return nil
	}
	return trim(w.sc.field(col))
}

// trim is bytes.TrimSpace, quicker on the usual field that has no space
// at either end: a byte above ' ' and below 0x80 is neither an ASCII space
// nor part of a Unicode one.
func trim(b []byte) []byte {
	if n := len(b); n > 0 && b[0] > ' ' && b[0] < 0x80 && b[n-1] > ' ' && b[n-1] < 0x80 {
		return b
	}
	return bytes.TrimSpace(b)
}

// interned returns field col as a string through the intern table: values
// that repeat on every row (Virtual Account, license, PID, enumerations)
// then share one allocation.
func (w *row) interned(col int) string {
	if v := w.lookup(col); v != nil {
		return v.text
	}
	return w.internBytes(w.field(col))
}

// lookup returns field col's value among its column's recent ones, adding
// it there (interned) when it is new; nil when the record has no such field.
func (w *row) lookup(col int) *lastValue {
	if col < 0 || col >= len(w.recent) {
		return nil
	}
	b := w.field(col)
	c := &w.recent[col]
	if v := &c.values[c.last]; v.text == string(b) {
		return v
	}
	for i := range c.values {
		if v := &c.values[i]; v.text == string(b) {
			c.last = i
			return v
		}
	}
	c.last, c.next = c.next, (c.next+1)%recentValues
	v := &c.values[c.last]
	*v = lastValue{text: w.internBytes(b)}
	return v
}

func (w *row) internBytes(b []byte) string {
	if s, ok := w.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	w.intern[s] = s
	return s
}

// owned returns field col as a string of its own, copied out of the record.
func (w *row) owned(col int) string { return w.arena.string(w.field(col)) }

// nonEmpty reports whether v, read from field col, is given, recording an
// error when not.
func (w *row) nonEmpty(col int, field, v string) bool {
	if v == "" {
		w.fail(col, field, errors.New("a value is required"))
		return false
	}
	return true
}

// required reports whether field col is given, recording an error when not.
func (w *row) required(col int, field string) bool {
	if len(w.field(col)) == 0 {
		w.fail(col, field, errors.New("a value is required"))
		return false
	}
	return true
}

// quantity parses a non-negative integer; empty gives def.
func (w *row) quantity(col int, field string, def int64) int64 {
	b := w.field(col)
	if len(b) == 0 {
		return def
	}
	n, ok := parseInt(b)
	switch {
	case !ok:
		w.fail(col, field, fmt.Errorf("%q is not a whole number", b))
		return 0
	case n < 0:
		w.fail(col, field, fmt.Errorf("%d is negative", n))
		return 0
	}
	return n
}

// date parses a YYYY-MM-DD civil date; empty gives the zero time.
func (w *row) date(col int, field string) time.Time {
	b := w.field(col)
	if len(b) == 0 {
		return time.Time{}
	}
	d, err := parseDate(b)
	if err != nil {
		w.fail(col, field, err)
	}
	return d
}

// instant parses an RFC 3339 instant or a YYYY-MM-DD date (midnight UTC);
// empty gives the zero time. The result is in UTC.
func (w *row) instant(col int, field string) time.Time {
	b := w.field(col)
	if len(b) == 0 {
		return time.Time{}
	}
	d, err := parseInstant(b)
	if err != nil {
		w.fail(col, field, err)
	}
	return d
}

// rowEnum parses field col with parse; empty gives the zero value. A value
// among the column's recent ones is not parsed again.
func rowEnum[T ~uint8](w *row, col int, field string, parse func(string) (T, error)) T {
	v := w.lookup(col)
	if v == nil {
		return 0 // no such column: not given
	}
	if v.parsed {
		return T(v.enum)
	}
	e, err := parse(v.text)
	if err != nil {
		w.fail(col, field, err)
		return e
	}
	v.parsed, v.enum = true, uint8(e)
	return e
}

// parseInt parses a decimal int64 as strconv.ParseInt(s, 10, 64) does,
// without making a string of it.
func parseInt(b []byte) (int64, bool) {
	digits := b
	if len(digits) > 0 && (digits[0] == '+' || digits[0] == '-') {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 18 {
		n, err := strconv.ParseInt(string(b), 10, 64)
		return n, err == nil
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if b[0] == '-' {
		n = -n
	}
	return n, true
}

// parseDate parses a YYYY-MM-DD civil date at midnight UTC.
func parseDate(s []byte) (time.Time, error) {
	if day, ok := civilDay(s); ok {
		return time.Unix(day, 0).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a YYYY-MM-DD date", s)
}

// civilDay returns the Unix time of midnight UTC on the YYYY-MM-DD date s,
// false when s is not such a date (year 1 to 9999, a month's real days).
// It reads the digits in fixed places, two at a time: dates are most of
// what a product instance row holds.
func civilDay(s []byte) (int64, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	c, ok1 := twoDigits(s[0], s[1])
	yy, ok2 := twoDigits(s[2], s[3])
	m, ok3 := twoDigits(s[5], s[6])
	d, ok4 := twoDigits(s[8], s[9])
	y := c*100 + yy
	if !ok1 || !ok2 || !ok3 || !ok4 || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return unixDay(y, m, d), true
}

// twoDigits returns the number the ASCII digits a and b write, false
// unless both are digits.
func twoDigits(a, b byte) (uint, bool) {
	a, b = a-'0', b-'0' // a byte below '0' wraps above 9
	return uint(a)*10 + uint(b), a <= 9 && b <= 9
}

// monthDays is the days of each month of a common year.
var monthDays = [13]uint{1: 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func daysIn(y, m uint) uint {
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 29
	}
	return monthDays[m]
}

// marchDays is the days from 1 March to the first of each month, in a
// year that starts in March (days_from_civil's (153·m' + 2) / 5).
var marchDays = [13]uint{1: 306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275}

// unixDay returns the Unix time of midnight UTC on a proleptic Gregorian
// date from year 1 (H. Hinnant's days_from_civil), as time.Date would. It
// counts unsigned, which the checked dates are: a year from 1, so the year
// before its March is never negative, and divisions need no sign fix.
func unixDay(y, m, d uint) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	doe := yoe*365 + yoe/4 - yoe/100 + marchDays[m] + d - 1
	return (int64(era*146097+doe) - 719468) * 86400
}

// parseInstant parses an RFC 3339 instant or a YYYY-MM-DD date (midnight
// UTC). The forms CSSM and Write use, 2006-01-02T15:04:05Z and the bare
// date, are read directly into seconds — four instants a product instance
// row, so this is a hot path — and give the time.Time that time.Parse
// would, field for field; any other form goes through time.Parse, whose
// verdict is final. The result is in UTC.
func parseInstant(s []byte) (time.Time, error) {
	if len(s) == 10 {
		return parseDate(s)
	}
	if len(s) == 20 && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z' {
		day, ok := civilDay(s[:10])
		hh, ok1 := twoDigits(s[11], s[12])
		mm, ok2 := twoDigits(s[14], s[15])
		ss, ok3 := twoDigits(s[17], s[18])
		if ok && ok1 && ok2 && ok3 && hh < 24 && mm < 60 && ss < 60 {
			return time.Unix(day+int64(hh*3600+mm*60+ss), 0).UTC(), nil
		}
	}
	t, err := time.Parse(time.RFC3339Nano, string(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 instant (2006-01-02T15:04:05Z) or a YYYY-MM-DD date", s)
	}
	return t.UTC(), nil
}

// arena copies short strings into shared blocks, so that a million
// hostnames and serial numbers cost a few thousand allocations instead of
// two million, and the garbage collector has that many fewer objects to
// scan. Bytes of a block are written once, before the string over them is
// handed out, and never again: that is what makes unsafe.String sound here.
type arena struct{ block []byte }

const arenaBlock = 64 << 10

func (a *arena) string(b []byte) string {
	switch {
	case len(b) == 0:
		return ""
	case len(b) > arenaBlock/16:
		return string(b)
	case cap(a.block)-len(a.block) < len(b):
		a.block = make([]byte, 0, arenaBlock)
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[start], len(b))
}
