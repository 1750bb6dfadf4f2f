package workbook

import (
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/report"
)

// kind is what a column holds, which sets its cell style.
type kind int

const (
	text kind = iota
	count
	money
	percent // a percentage (40.00 for 40 %), shown as 40.00 %
	date
	kinds
)

// Cell styles are the kinds' own numbers, indexes into the cellXfs of
// styles.xml; text's is 0, the default, so a text cell needs no s
// attribute. The header's comes after them.
const headerStyle = kinds

// The starts of cells, up to their values: a number of each kind; a text
// cell or a header cell up to its <t, which writeText closes.
var (
	numberOpen = func() (open [kinds]string) {
		for k := range kinds {
			open[k] = `<c s="` + strconv.Itoa(int(k)) + `"><v>`
		}
		return open
	}()
	textOpen   = `<c t="inlineStr"><is><t`
	headerOpen = `<c s="` + strconv.Itoa(int(headerStyle)) + `" t="inlineStr"><is><t`
)

type column struct {
	name  string
	kind  kind
	width float64
}

// sheet is one worksheet: a header row of its columns, rows data rows
// under it, written one by one by row, and an Excel table over them
// named table (none when there are no rows: a table needs one).
type sheet struct {
	name  string
	table string
	cols  []column
	rows  int
	// row writes data row i (0 ≤ i < rows) into c, one cell method call
	// per column.
	row func(c *cells, i int)
}

// maxCellChars is Excel's limit on a cell's text, in UTF-16 code units.
const maxCellChars = 32767

// flushSize is how much worksheet XML cells holds before it writes it out.
const flushSize = 64 << 10

// cells writes the rows of one worksheet as SpreadsheetML: each row a
// <row>, each cell a <c> holding an inline string or a number, styled by
// its kind. Cells go one after the other, so they carry no reference (the
// r attribute is optional, ECMA-376 §18.3.1.4); an empty cell before
// another is an empty <c/>. cells appends into one buffer, reused from row
// to row and written out every flushSize bytes, and escapes text by hand:
// no allocation per cell.
type cells struct {
	b       []byte
	scratch []byte // text built for one cell (a UDI, evidence, an ID)
	cols    []column
	col     int // the next cell's column
	gap     int // empty cells not yet written
}

// startRow opens row n (1-based).
func (c *cells) startRow(n int) {
	c.b = append(c.b, `<row r="`...)
	c.b = strconv.AppendInt(c.b, int64(n), 10)
	c.b = append(c.b, `">`...)
	c.col, c.gap = 0, 0
}

func (c *cells) endRow() { c.b = append(c.b, "</row>"...) }

// open appends the start of the next cell up to its value, after the
// empty cells before it.
func (c *cells) open(start string) {
	for ; c.gap > 0; c.gap-- {
		c.b = append(c.b, "<c/>"...)
	}
	c.b = append(c.b, start...)
	c.col++
}

// skip leaves the next cell empty.
func (c *cells) skip() {
	c.col++
	c.gap++
}

// text writes a text cell, neutralised as report.NeutralizeFormula does;
// "" leaves the cell empty.
func (c *cells) text(s string) { writeText(c, textOpen, s) }

// bytes is text for text built in a buffer (cells.scratch).
func (c *cells) bytes(s []byte) { writeText(c, textOpen, s) }

// count writes an integer, grouped.
func (c *cells) count(n int64) {
	c.open(numberOpen[count])
	c.b = strconv.AppendInt(c.b, n, 10)
	c.b = append(c.b, "</v></c>"...)
}

// money writes an amount in the currency format. Excel holds numbers as
// doubles; the cell holds the shortest text that reads back as the
// amount's double, which for an amount in cents is the amount itself.
func (c *cells) money(d decimal.Decimal) { c.number(money, d) }

// percent writes a percentage (40.00 for 40 %) as its fraction (0.4), for
// the percent format.
func (c *cells) percent(d decimal.Decimal) { c.number(percent, d.Shift(-2)) }

func (c *cells) number(k kind, d decimal.Decimal) {
	c.open(numberOpen[k])
	c.b = strconv.AppendFloat(c.b, d.InexactFloat64(), 'f', -1, 64)
	c.b = append(c.b, "</v></c>"...)
}

// excelEpoch is day 0 of Excel's 1900 date system as it counts from
// 1900-03-01 on (Excel keeps Lotus 1-2-3's 29 February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Unix()

// firstSerial is 1900-03-01, the first day whose serial number is right.
const firstSerial = 61

// date writes t — its date and time of day as a clock read them where t
// was taken — as an Excel date; the zero time leaves the cell empty, and a
// date before 1900-03-01, which Excel cannot show, is written as text.
func (c *cells) date(t time.Time) {
	if t.IsZero() {
		c.skip()
		return
	}
	_, offset := t.Zone()
	secs := t.Unix() + int64(offset) - excelEpoch
	if secs < firstSerial*86400 {
		c.text(t.Format(time.DateOnly))
		return
	}
	serial := float64(secs/86400) + (float64(secs%86400)+float64(t.Nanosecond())/1e9)/86400
	c.open(numberOpen[date])
	c.b = strconv.AppendFloat(c.b, serial, 'f', -1, 64)
	c.b = append(c.b, "</v></c>"...)
}

// value writes a value of a small sheet by its type: text, an integer
// (count), a decimal (money, or a percentage in a percent column), a date,
// anything else as fmt.Sprint prints it; a typed value by its own kind;
// nil leaves the cell empty.
func (c *cells) value(v any) {
	k := c.cols[c.col].kind
	if t, ok := v.(typed); ok {
		k, v = t.kind, t.v
	}
	switch v := v.(type) {
	case nil:
		c.skip()
	case string:
		c.text(v)
	case int64:
		c.count(v)
	case int:
		c.count(int64(v))
	case decimal.Decimal:
		if k == percent {
			c.percent(v)
		} else {
			c.money(v)
		}
	case time.Time:
		c.date(v)
	default:
		c.text(fmt.Sprint(v))
	}
}

// typed is a value with a kind of its own, for the mixed Value column of
// the summary.
type typed struct {
	kind kind
	v    any
}

// writeText writes a text cell opened with start (textOpen, headerOpen);
// empty text leaves the cell empty. The text is neutralised (a quote
// before a character that could start a formula), cut at Excel's 32,767
// characters, and escaped: &, < and > as entities, a carriage return as
// &#xD; (an XML reader would turn it into a line feed), a character XML
// 1.0 forbids (a control character, U+FFFE, U+FFFF) or a byte that is not
// UTF-8 as U+FFFD, and an underscore that would start one of Excel's own
// escapes (_x0041_) as _x005F_. Leading or trailing white space is kept
// with xml:space="preserve".
func writeText[T string | []byte](c *cells, start string, s T) {
	if len(s) == 0 {
		c.skip()
		return
	}
	// NeutralizeFormula decides by the first character alone.
	quoted := len(report.NeutralizeFormula(string(s[:1]))) > 1
	budget := maxCellChars
	if quoted {
		budget--
	}
	if len(s) > budget { // a UTF-8 text has no more UTF-16 units than bytes
		s = s[:cutAt(s, budget)]
	}
	c.open(start)
	b := c.b
	if (!quoted && isSpace(s[0])) || isSpace(s[len(s)-1]) {
		b = append(b, ` xml:space="preserve">`...)
	} else {
		b = append(b, '>')
	}
	if quoted {
		b = append(b, '\'')
	}
	b = appendEscaped(b, s)
	c.b = append(b, "</t></is></c>"...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// plain marks the bytes written as they are: tab, line feed and the
// printable ASCII characters but &, <, > and _.
var plain = func() (t [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	t['&'], t['<'], t['>'], t['_'] = false, false, false, false
	t['\t'], t['\n'] = true, true
	return t
}()

// appendEscaped appends s escaped as writeText describes.
func appendEscaped[T string | []byte](b []byte, s T) []byte {
	start := 0
	for i := 0; i < len(s); {
		// Eight plain bytes at a time, the common case; past the last
		// whole word, the last eight bytes of s, which overlap it.
		if i+8 <= len(s) {
			if plainWord(s, i) {
				i += 8
				continue
			}
		} else if len(s) >= 8 && plainWord(s, len(s)-8) {
			break // s[i:] is plain
		}
		ch := s[i]
		if plain[ch] || ch == '_' && !excelEscape(s[i:]) {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		if ch < utf8.RuneSelf {
			switch ch {
			case '&':
				b = append(b, "&amp;"...)
			case '<':
				b = append(b, "&lt;"...)
			case '>':
				b = append(b, "&gt;"...)
			case '\r':
				b = append(b, "&#xD;"...)
			case '_': // Excel's escape of the underscore itself
				b = append(b, "_x005F_"...)
			default: // a control character
				b = append(b, "\uFFFD"...)
			}
			i++
			start = i
			continue
		}
		r, size := decodeRune(s[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}

// ones and highs are a word of 8 bytes of 0x01 and of 0x80.
const ones, highs = 0x0101010101010101, 0x8080808080808080

// plainWord reports whether the eight bytes of s from i are plain: none
// ≥ 0x80 or < 0x20, none of &, <, > and _ (a word v has a zero byte when
// (v-ones)&^v has a high bit set). It does not see that a tab or a line
// feed is plain too: those take the byte at a time.
func plainWord[T string | []byte](s T, i int) bool {
	w := s[i : i+8]
	x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	amp, lt, gt, us := x^('&'*ones), x^('<'*ones), x^('>'*ones), x^('_'*ones)
	return (x|(x-' '*ones)&^x|(amp-ones)&^amp|(lt-ones)&^lt|(gt-ones)&^gt|(us-ones)&^us)&highs == 0
}

// decodeRune is utf8.DecodeRune for text or bytes.
func decodeRune[T string | []byte](s T) (rune, int) {
	var buf [utf8.UTFMax]byte
	return utf8.DecodeRune(buf[:copy(buf[:], s)])
}

// excelEscape reports whether s begins with _xHHHH_, which Excel reads as
// the character U+HHHH.
func excelEscape[T string | []byte](s T) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for i := 2; i < 6; i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// cutAt returns the length of the longest prefix of s, whole characters,
// that Excel counts as at most n characters (UTF-16 code units; a byte that
// is not UTF-8 becomes one U+FFFD).
func cutAt[T string | []byte](s T, n int) int {
	units := 0
	for i := 0; i < len(s); {
		r, size := decodeRune(s[i:])
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > n {
			return i
		}
		units += u
		i += size
	}
	return len(s)
}

// columnName returns the letters of column i (0-based): A … Z, AA, AB, …
func columnName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append(b, byte('A'+(i-1)%26))
	}
	for l, r := 0, len(b)-1; l < r; l, r = l+1, r-1 {
		b[l], b[r] = b[r], b[l]
	}
	return string(b)
}

// hasTable reports whether s gets an Excel table: it has a table name and
// a data row.
func (s *sheet) hasTable() bool { return s.table != "" && s.rows > 0 }

// ref is the range of s: its header and rows.
func (s *sheet) ref() string {
	return "A1:" + columnName(len(s.cols)-1) + strconv.Itoa(s.rows+1)
}

// worksheet writes s to w as a worksheet part: the column widths, the
// header row frozen above the rows, the rows, and the relationship rId1 to
// its table. selected marks the sheet shown when the workbook opens.
func (c *cells) worksheet(w io.Writer, s *sheet, selected bool) error {
	c.cols = s.cols
	c.b = append(c.b[:0], xmlHeader+`<worksheet xmlns="`+nsMain+`" xmlns:r="`+nsRelationships+`"><dimension ref="`...)
	c.b = append(c.b, s.ref()...)
	c.b = append(c.b, `"/><sheetViews><sheetView`...)
	if selected {
		c.b = append(c.b, ` tabSelected="1"`...)
	}
	c.b = append(c.b, ` workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`+
		`<sheetFormatPr defaultRowHeight="15"/><cols>`...)
	for i, col := range s.cols {
		c.b = append(c.b, `<col min="`...)
		c.b = strconv.AppendInt(c.b, int64(i+1), 10)
		c.b = append(c.b, `" max="`...)
		c.b = strconv.AppendInt(c.b, int64(i+1), 10)
		c.b = append(c.b, `" width="`...)
		c.b = strconv.AppendFloat(c.b, col.width, 'f', -1, 64)
		c.b = append(c.b, `" customWidth="1"/>`...)
	}
	c.b = append(c.b, "</cols><sheetData>"...)
	c.startRow(1)
	for _, col := range s.cols {
		writeText(c, headerOpen, col.name)
	}
	c.endRow()
	for i := range s.rows {
		c.startRow(i + 2)
		s.row(c, i)
		c.endRow()
		if len(c.b) >= flushSize {
			if _, err := w.Write(c.b); err != nil {
				return err
			}
			c.b = c.b[:0]
		}
	}
	c.b = append(c.b, "</sheetData>"...)
	if s.hasTable() {
		c.b = append(c.b, `<tableParts count="1"><tablePart r:id="rId1"/></tableParts>`...)
	}
	c.b = append(c.b, "</worksheet>"...)
	_, err := w.Write(c.b)
	return err
}
