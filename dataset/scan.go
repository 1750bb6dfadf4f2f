package dataset

import (
	"bytes"
	"encoding/csv"
)

// scanner splits a buffer of whole CSV records into fields. It parses
// exactly as encoding/csv does with FieldsPerRecord = -1 and strict quotes
// — the same records, the same field positions and the same errors at the
// same line and column (FuzzScanner holds it to that) — but it allocates
// nothing per record: a field is a slice of the buffer, or of a scratch
// buffer for a quoted field. Fields are valid until the next call to next.
//
// The code follows encoding/csv's readRecord step by step so that the two
// can be compared; what differs is only where the bytes go.
type scanner struct {
	data  []byte // the records; next normalises CRLF in place
	off   int    // offset in data of the next line
	line  int    // number of the last line read
	comma byte

	fields    [][]byte
	positions []fieldPos
	scratch   []byte     // unescaped quoted fields of the current record
	quoted    []quotedAt // the fields held in scratch
	start     int        // offset in data where the current record starts
	startLine int        // line where the current record starts
}

// fieldPos is a 1-based line and byte column.
type fieldPos struct{ line, col int }

// quotedAt places field i of the current record in scratch[from:to].
type quotedAt struct{ i, from, to int }

// reset makes s scan data, whose first byte is on line firstLine.
func (s *scanner) reset(data []byte, firstLine int, comma byte) {
	s.data, s.off, s.line, s.comma = data, 0, firstLine-1, comma
}

// readLine returns the next line with its newline, CRLF turned into LF, or
// false at the end of the data. Like encoding/csv, a final line without a
// newline loses a trailing carriage return.
func (s *scanner) readLine() ([]byte, bool) {
	if s.off >= len(s.data) {
		return nil, false
	}
	rest := s.data[s.off:]
	var line []byte
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
	return line, true
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
func (s *scanner) next() (bool, error) {
	var line []byte
	for {
		start := s.off
		l, ok := s.readLine()
		if !ok {
			return false, nil
		}
		if len(l) != lengthNL(l) {
			line, s.start, s.startLine = l, start, s.line
			break
		}
	}
	s.fields, s.positions = s.fields[:0], s.positions[:0]
	s.scratch, s.quoted = s.scratch[:0], s.quoted[:0]
	pos := fieldPos{line: s.line, col: 1}
	for {
		if len(line) == 0 || line[0] != '"' {
			// A field without quotes.
			i := bytes.IndexByte(line, s.comma)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				return false, &csv.ParseError{StartLine: s.startLine, Line: s.line, Column: pos.col + j, Err: csv.ErrBareQuote}
			}
			s.fields = append(s.fields, field)
			s.positions = append(s.positions, pos)
			if i < 0 {
				return true, nil
			}
			line = line[i+1:]
			pos.col += i + 1
			continue
		}
		// A quoted field: its text goes to scratch, unescaped.
		start := pos
		from := len(s.scratch)
		line = line[1:]
		pos.col++
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				s.scratch = append(s.scratch, line[:i]...)
				line = line[i+1:]
				pos.col += i + 1
				switch {
				case len(line) > 0 && line[0] == '"': // "" is a quote
					s.scratch = append(s.scratch, '"')
					line = line[1:]
					pos.col++
					continue
				case len(line) > 0 && line[0] == s.comma: // ", ends the field
					line = line[1:]
					pos.col++
					s.endQuoted(from, start)
				case lengthNL(line) == len(line): // "\n ends the record
					s.endQuoted(from, start)
					return true, nil
				default: // a quote followed by anything else
					return false, &csv.ParseError{StartLine: s.startLine, Line: s.line, Column: pos.col - 1, Err: csv.ErrQuote}
				}
			case len(line) > 0:
				// The field goes on to the next line.
				s.scratch = append(s.scratch, line...)
				pos.col += len(line)
				next, ok := s.readLine()
				if ok && len(next) > 0 {
					pos.line++
					pos.col = 1
				}
				line = next
				continue
			default:
				// The data ends inside the quotes.
				return false, &csv.ParseError{StartLine: s.startLine, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
			}
			break
		}
	}
}

// endQuoted records the quoted field that started at scratch[from:]. Its
// slice is made only when the record is complete (see field), since scratch
// may move while it grows.
func (s *scanner) endQuoted(from int, at fieldPos) {
	s.quoted = append(s.quoted, quotedAt{i: len(s.fields), from: from, to: len(s.scratch)})
	s.fields = append(s.fields, nil)
	s.positions = append(s.positions, at)
}

// record returns the fields of the current record.
func (s *scanner) record() [][]byte {
	for _, q := range s.quoted {
		s.fields[q.i] = s.scratch[q.from:q.to:q.to]
	}
	s.quoted = s.quoted[:0]
	return s.fields
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
