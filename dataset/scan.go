package dataset

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"math/bits"
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
// A field's position is not stored but worked out when asked for (an
// error, a header): a field starts where its span does, on the line of the
// record that holds that offset — data is rewritten only inside a quoted
// field and at a line's CRLF, so offsets keep their columns. Tracking
// columns field by field was a fifth of the scanner's work.
//
// The code follows encoding/csv's readRecord step by step so that the two
// can be compared; what differs is only where the bytes go.
type scanner struct {
	data  []byte // the records; next rewrites quoted fields and CRLF in place
	off   int    // offset in data of the next line
	line  int    // number of the last line read
	comma byte

	spans []span // the fields of the current record, in data
	// breaks holds the offset in data of each line of the current record
	// after its first: empty but for a quoted field that spans lines.
	breaks    []int
	start     int // offset in data where the current record starts
	startLine int // line where the current record starts
}

// span is a field of the current record: data[from:to].
type span struct{ from, to int }

// fieldPos is a 1-based line and byte column.
type fieldPos struct{ line, col int }

// position returns where field i of the current record starts.
func (s *scanner) position(i int) fieldPos {
	from := s.spans[i].from
	pos := fieldPos{line: s.startLine, col: from - s.start + 1}
	for _, at := range s.breaks {
		if at > from {
			break
		}
		pos = fieldPos{line: pos.line + 1, col: from - at + 1}
	}
	return pos
}

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
// line is the rest of the current line and at its offset in data; lineAt
// is the offset where that line starts, posLine its number, and a column
// is an offset less lineAt. quote is the offset in data of the line's next
// quote, or -1, found once per quote rather than searched for in every
// field.
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
	// The spans are built in a local slice, stored back when the record is
	// whole: appending through s costs a load and a store of s.spans a field.
	spans := s.spans[:0]
	s.breaks = s.breaks[:0]
	lineAt, posLine := at, s.line
	quote := bytes.IndexByte(line, '"')
	if quote >= 0 {
		quote += at
	}
	for {
		if len(line) == 0 || line[0] != '"' {
			// Fields without quotes, up to the line's next quote or its
			// end: the commas of that run end all but the last, which
			// either ends the record or holds the quote.
			stop := at + len(line) - lengthNL(line)
			if quote >= 0 && quote < stop {
				stop = quote
			}
			var from int
			spans, from = s.commas(spans, at, stop)
			if stop != quote {
				s.spans = append(spans, span{from, stop})
				return true, nil
			}
			if from != quote {
				return false, &csv.ParseError{StartLine: s.startLine, Line: s.line, Column: quote - lineAt + 1, Err: csv.ErrBareQuote}
			}
			line, at = line[from-at:], from
		}
		// A quoted field: its text is written at w, over the quotes.
		from, w := at, at
		line, at = line[1:], at+1
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				w += copy(s.data[w:], line[:i])
				line, at = line[i+1:], at+i+1
				switch {
				case len(line) > 0 && line[0] == '"': // "" is a quote
					s.data[w] = '"'
					w++
					line, at = line[1:], at+1
					continue
				case len(line) > 0 && line[0] == s.comma: // ", ends the field
					line, at = line[1:], at+1
					spans = append(spans, span{from, w})
				case lengthNL(line) == len(line): // "\n ends the record
					s.spans = append(spans, span{from, w})
					return true, nil
				default: // a quote followed by anything else
					return false, &csv.ParseError{StartLine: s.startLine, Line: s.line, Column: at - lineAt, Err: csv.ErrQuote}
				}
			case len(line) > 0:
				// The field goes on to the next line; the data may end
				// first, inside the quotes, at the end of this one.
				w += copy(s.data[w:], line)
				end := at + len(line)
				next, a, ok := s.readLine()
				if !ok || len(next) == 0 {
					return false, &csv.ParseError{StartLine: s.startLine, Line: posLine, Column: end - lineAt + 1, Err: csv.ErrQuote}
				}
				s.breaks = append(s.breaks, a)
				line, at, lineAt, posLine = next, a, a, posLine+1
				continue
			default:
				// The data ends inside the quotes.
				return false, &csv.ParseError{StartLine: s.startLine, Line: posLine, Column: at - lineAt + 1, Err: csv.ErrQuote}
			}
			break
		}
		if quote = bytes.IndexByte(line, '"'); quote >= 0 {
			quote += at
		}
	}
}

// commas appends to spans a field for each comma of data[at:stop], a run
// of a line without quotes, each field ending at its comma, and returns
// them with the offset after the last comma (at when there is none): the
// start of the run's last field, which no comma ends.
//
// It reads the run eight bytes at a time and finds every comma of a word
// at once, where bytes.IndexByte took a call and a setup per field: CSV
// fields are short, a dozen bytes, and splitting lines into them was a
// third of the scanner's work.
func (s *scanner) commas(spans []span, at, stop int) ([]span, int) {
	const low7 = 0x7f7f7f7f7f7f7f7f
	commas := 0x0101010101010101 * uint64(s.comma)
	run, from := s.data[at:stop], at
	for ; len(run) >= 8; run, at = run[8:], at+8 {
		x := binary.LittleEndian.Uint64(run) ^ commas
		// The top bit of each byte of x that is zero, that is of each
		// comma, and no other: adding 0x7f to the low seven bits of a
		// byte carries into its top bit unless they are zero, and never
		// into the next byte.
		m := ^((x&low7 + low7) | x | low7)
		for ; m != 0; m &= m - 1 {
			c := at + bits.TrailingZeros64(m)>>3
			spans = append(spans, span{from, c})
			from = c + 1
		}
	}
	for i, b := range run {
		if b == s.comma {
			spans = append(spans, span{from, at + i})
			from = at + i + 1
		}
	}
	return spans, from
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
