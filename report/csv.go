package report

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// CSVHeader is the header row of WriteCSV, one column per field of a
// finding.
var CSVHeader = [...]string{"move", "kind", "severity", "license", "virtual_account", "udi", "user",
	"quantity", "amount", "detail", "evidence", "id"}

// EvidenceText joins evidence references with "; ", as the CSV of
// findings and the workbook write them: "product_instances.csv:12;
// footprint.csv:7".
func EvidenceText(refs []smartaccount.Ref) string {
	if len(refs) == 1 {
		return refs[0].String()
	}
	return string(AppendEvidenceText(nil, refs))
}

// AppendEvidenceText appends the references to b as EvidenceText joins
// them, for a writer that builds its rows in a reused buffer.
func AppendEvidenceText(b []byte, refs []smartaccount.Ref) []byte {
	for i, r := range refs {
		if i > 0 {
			b = append(b, "; "...)
		}
		b = append(b, r.Source...)
		switch {
		case r.Record != "":
			b = append(b, '[')
			b = append(b, r.Record...)
			b = append(b, ']')
		case r.Line != 0:
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(r.Line), 10)
		}
	}
	return b
}

// WriteCSV writes every finding of the file, one row each, in Moves order
// and within a move in the order its review reported them: the move it
// comes from, its kind and severity, license, Virtual Account, UDI, user,
// quantity, amount (two decimals), detail, its evidence references joined
// by "; " (EvidenceText) and its ID (the one a waterfall step cites). The
// first row is CSVHeader. Cells are quoted as encoding/csv quotes them
// (RFC 4180, rows ending in \n).
//
// Text cells are neutralised as NeutralizeFormula does, so that a hostile
// hostname or detail cannot become a formula in a spreadsheet. Rows are
// built one after the other in a reused buffer, handed to w every flushAt
// bytes: a file with a million findings is written in constant memory.
// WriteCSV returns the first error of w.
func WriteCSV(w io.Writer, f *File) error {
	b := make([]byte, 0, flushAt+4<<10)
	b = append(b, strings.Join(CSVHeader[:], ",")...)
	b = append(b, '\n')
	var scratch []byte // a UDI, evidence or an ID, built for its cell
	for _, m := range Moves {
		fs := f.Findings(m)
		for i := range fs {
			if i%PrefetchBatch == 0 {
				Prefetch(fs[i:min(i+PrefetchBatch, len(fs))])
			}
			fd := &fs[i]
			b = append(b, m...)
			b = appendCell(b, string(fd.Kind), true)
			b = appendCell(b, fd.Severity.String(), false)
			b = appendCell(b, fd.License, true)
			b = appendCell(b, fd.VirtualAccount, true)
			scratch, _ = fd.UDI.AppendText(scratch[:0])
			b = appendCell(b, scratch, true)
			b = appendCell(b, fd.User, true)
			b = append(b, ',')
			b = strconv.AppendInt(b, fd.Quantity, 10)
			b = appendCell(b, cents(fd.Amount), false)
			b = appendCell(b, fd.Detail, true)
			scratch = AppendEvidenceText(scratch[:0], fd.Evidence)
			b = appendCell(b, scratch, true)
			scratch = fd.AppendID(scratch[:0])
			b = appendCell(b, scratch, true)
			b = append(b, '\n')
			if len(b) >= flushAt {
				if _, err := w.Write(b); err != nil {
					return err
				}
				b = b[:0]
			}
		}
	}
	_, err := w.Write(b)
	return err
}

// appendCell appends a comma and one cell: a text cell (text) neutralised
// as NeutralizeFormula does, then quoted where encoding/csv would quote
// it — when it holds a quote, a comma, CR or LF, begins with a space, or is
// \. — with its quotes doubled. The cell is searched for those bytes a
// word at a time and copied in runs: most cells need no quotes.
func appendCell[T string | []byte](b []byte, s T, text bool) []byte {
	b = append(b, ',')
	if len(s) == 0 {
		return b
	}
	prefixed := text && formulaStart(s[0])
	special := indexSpecial(s)
	quoted := special >= 0 || !prefixed && quotedForItsStart(s)
	if quoted {
		b = append(b, '"')
	}
	if prefixed {
		b = append(b, '\'')
	}
	if !quoted {
		return append(b, s...)
	}
	for special >= 0 {
		q := indexQuote(s[special:])
		if q < 0 {
			break
		}
		q += special
		b = append(b, s[:q+1]...)
		b = append(b, '"') // the quote doubled
		s, special = s[q+1:], 0
	}
	b = append(b, s...)
	return append(b, '"')
}

// indexSpecial returns the index of the first quote, comma, CR or LF in
// s, -1 when it holds none: then encoding/csv quotes s only for its start.
// It looks at a word at a time, the last overlapping the one before, and
// at bytes one by one only in a word that holds one.
func indexSpecial[T string | []byte](s T) int {
	i := 0
	if len(s) >= 8 {
		for ; i+8 <= len(s) && !specialWord(word(s, i)); i += 8 {
		}
		if i+8 > len(s) && !specialWord(word(s, len(s)-8)) {
			return -1
		}
	}
	for ; i < len(s); i++ {
		switch s[i] {
		case '"', ',', '\r', '\n':
			return i
		}
	}
	return -1
}

// specialWord reports whether a byte of x is a quote, a comma, CR or LF.
func specialWord(x uint64) bool {
	return hasByte(x, '"')|hasByte(x, ',')|hasByte(x, '\r')|hasByte(x, '\n') != 0
}

// indexQuote returns the index of the first quote in s, or -1, looking
// as indexSpecial does.
func indexQuote[T string | []byte](s T) int {
	i := 0
	if len(s) >= 8 {
		for ; i+8 <= len(s) && hasByte(word(s, i), '"') == 0; i += 8 {
		}
		if i+8 > len(s) && hasByte(word(s, len(s)-8), '"') == 0 {
			return -1
		}
	}
	for ; i < len(s); i++ {
		if s[i] == '"' {
			return i
		}
	}
	return -1
}

// quotedForItsStart is the rest of encoding/csv's rule for a cell s
// without a quote, comma, CR or LF and not neutralised: it is quoted when
// it is \. or begins with white space.
func quotedForItsStart[T string | []byte](s T) bool {
	if len(s) == 2 && s[0] == '\\' && s[1] == '.' {
		return true
	}
	if s[0] < utf8.RuneSelf {
		return unicode.IsSpace(rune(s[0]))
	}
	r, _ := decodeRune(s)
	return unicode.IsSpace(r)
}
