package report

import (
	"bufio"
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
// built in a reused buffer and streamed: a file with a million findings is
// written in constant memory. WriteCSV returns the first error of w.
func WriteCSV(w io.Writer, f *File) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	rec := append([]byte(strings.Join(CSVHeader[:], ",")), '\n')
	if _, err := bw.Write(rec); err != nil {
		return err
	}
	var scratch []byte
	for _, m := range Moves {
		fs := f.Findings(m)
		for i := range fs {
			fd := &fs[i]
			rec = append(rec[:0], m...)
			rec = appendCell(rec, string(fd.Kind), true)
			rec = appendCell(rec, fd.Severity.String(), false)
			rec = appendCell(rec, fd.License, true)
			rec = appendCell(rec, fd.VirtualAccount, true)
			scratch = scratch[:0]
			if !fd.UDI.IsZero() {
				scratch = append(append(append(append(scratch, "PID:"...), fd.UDI.PID...), ",SN:"...), fd.UDI.Serial...)
			}
			rec = appendCell(rec, scratch, true)
			rec = appendCell(rec, fd.User, true)
			rec = append(rec, ',')
			rec = strconv.AppendInt(rec, fd.Quantity, 10)
			rec = appendCell(rec, cents(fd.Amount), false)
			rec = appendCell(rec, fd.Detail, true)
			rec = appendCell(rec, AppendEvidenceText(scratch[:0], fd.Evidence), true)
			rec = appendCell(rec, fd.ID(), true)
			rec = append(rec, '\n')
			if _, err := bw.Write(rec); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// appendCell appends a comma and one cell: a text cell (text) neutralised
// as NeutralizeFormula does, then quoted where encoding/csv would quote
// it — when it holds a quote, a comma, CR or LF, begins with a space, or is
// \. — with its quotes doubled.
func appendCell[T string | []byte](b []byte, s T, text bool) []byte {
	b = append(b, ',')
	prefixed := text && len(s) > 0 && formulaStart(s[0])
	quoted := needsQuotes(s, prefixed)
	if quoted {
		b = append(b, '"')
	}
	if prefixed {
		b = append(b, '\'')
	}
	if !quoted {
		return append(b, s...)
	}
	for i := range len(s) {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// needsQuotes is encoding/csv's rule for a cell s, which a neutralising
// quote precedes when prefixed.
func needsQuotes[T string | []byte](s T, prefixed bool) bool {
	if len(s) == 0 {
		return false
	}
	for i := range len(s) {
		switch s[i] {
		case '"', ',', '\r', '\n':
			return true
		}
	}
	if prefixed {
		return false // the cell begins with the quote
	}
	if len(s) == 2 && s[0] == '\\' && s[1] == '.' {
		return true
	}
	if s[0] < utf8.RuneSelf {
		return unicode.IsSpace(rune(s[0]))
	}
	r, _ := utf8.DecodeRuneInString(string(s[:min(len(s), utf8.UTFMax)]))
	return unicode.IsSpace(r)
}
