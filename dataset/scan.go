package dataset

import (
	"bytes"
	"encoding/csv"
)

// scanner splits a buffer of whole CSV records into fields. It parses
// exactly as encoding/csv does with FieldsPerRecord = -1 and strict quotes
// — the same records, the same field positions and the same errors at the
// same line and column (FuzzScanner holds it to that) — but it allocates
// nothing and stores no pointer per record: a field is a span of the
// buffer, and a quoted field is unescaped in place, over its own quotes
// (what it holds is never longer than what it was written as). Fields are
// valid until the next call to next.
//
// The code follows encoding/csv's readRecord step by step so that the two
// can be compared; what differs is only where the bytes go.
type scanner struct {
	data  []byte // the records; next rewrites quoted fields and CRLF in place
	off   int    // offset in data of the next line
	line  int    // number of the last line read
	comma byte

	spans     []span // the fields of the current record, in data
	positions []fieldPos
	start     int // offset in data where the current record starts
	startLine int // line where the current record starts
}

// span is a field of the current record: data[from:to].
type span struct{ from, to int }

// fieldPos is a 1-based line and byte column.
type fieldPos struct{ line, col int }

// reset makes s scan data, whose first byte is on line firstLine.
func (s *scanner) reset(data []byte, firstLine int, comma byte) {
	s.data, s.off, s.line, s.comma = data, 0, firstLine-1, comma
}

// fields returns the number of fields of the current record.
func (s *scanner) fields() int { return len(s.spans) }

// field returns field i of the current record.
func (s *scanner) field(i int) []byte { return s.data[s.spans[i].from:s.spans[i].to] }

// readLine returns the next line with its newline, CRLF turned into LF, and
// its offset in data, or false at the end of the data. Like encoding/csv, a
// final line without a newline loses a trailing carriage return.
func (s *scanner) readLine() (line []byte, at int, ok bool) {
	if s.off >= len(s.data) {
		return nil, s.off, false
	}
	at = s.off
	rest := s.data[at:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		line = rest[:i+1]
	} else {
		line = rest
	}
	s.off += len(line)
	s.line++
	n := len(line)
	switch {
	case line[n-1] != '\n':
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	case n >= 2 && line[n-2] == '\r':
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, at, true
}

// lengthNL reports the number of bytes of the trailing newline of b (0 or 1).
func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// next reads the next record, skipping empty lines. It returns false at the
// end of the data; a syntax error is a *csv.ParseError.
//
// line is the rest of the current line and at its offset in data; quote is
// the index in line of its next quote, or -1, found once per quote rather
// than searched for in every field.
func (s *scanner) next() (bool, error) {
	var line []byte
	var at int
	for {
		l, a, ok := s.readLine()
		if !ok {
			return false, nil
		}
		if len(l) != lengthNL(l) {
			line, at, s.start, s.startLine = l, a, a, s.line
			break
		}
	}
	s.spans, s.positions = s.spans[:0], s.positions[:0]
	pos := fieldPos{line: s.line, col: 1}
	quote := bytes.IndexByte(line, '"')
	advance := func(n int) {
		line, at, pos.col = line[n:], at+n, pos.col+n
		if quote >= 0 {
			quote -= n
		}
	}
	for {
		if len(line) == 0 || line[0] != '"' {
			// A field without quotes.
			i := bytes.IndexByte(line, s.comma)
			n := i
			if i < 0 {
				n = len(line) - lengthNL(line)
			}
			if quote >= 0 && quote < n {
				return false, &csv.ParseError{StartLine: s.startLine, Line: s.line, Column: pos.col + quote, Err: csv.ErrBareQuote}
			}
			s.spans = append(s.spans, span{at, at + n})
			s.positions = append(s.positions, pos)
			if i < 0 {
				return true, nil
			}
			advance(i + 1)
			continue
		}
		// A quoted field: its text is written at w, over the quotes.
		start, from, w := pos, at, at
		advance(1)
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				w += copy(s.data[w:], line[:i])
				advance(i + 1)
				switch {
				case len(line) > 0 && line[0] == '"': // "" is a quote
					s.data[w] = '"'
					w++
					advance(1)
					continue
				case len(line) > 0 && line[0] == s.comma: // ", ends the field
					advance(1)
					s.spans = append(s.spans, span{from, w})
					s.positions = append(s.positions, start)
				case lengthNL(line) == len(line): // "\n ends the record
					s.spans = append(s.spans, span{from, w})
					s.positions = append(s.positions, start)
					return true, nil
				default: // a quote followed by anything else
					return false, &csv.ParseError{StartLine: s.startLine, Line: s.line, Column: pos.col - 1, Err: csv.ErrQuote}
				}
			case len(line) > 0:
				// The field goes on to the next line.
				w += copy(s.data[w:], line)
				pos.col += len(line)
				next, a, ok := s.readLine()
				if ok && len(next) > 0 {
					pos.line++
					pos.col = 1
				}
				line, at = next, a
				continue
			default:
				// The data ends inside the quotes.
				return false, &csv.ParseError{StartLine: s.startLine, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
			}
			break
		}
		quote = bytes.IndexByte(line, '"')
	}
}

// length returns the bytes of the current record, quoted line breaks
// included and its final line break not.
func (s *scanner) length() int {
	n := s.off - s.start
	if n > 0 && s.data[s.off-1] == '\n' {
		n--
	}
	return n
}
