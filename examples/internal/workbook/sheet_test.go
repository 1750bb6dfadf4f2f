package workbook

import (
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cellXML writes one row through write and returns the XML of its cells.
func cellXML(cols []column, write func(c *cells)) string {
	c := &cells{cols: cols}
	c.startRow(7)
	write(c)
	c.endRow()
	return strings.TrimSuffix(strings.TrimPrefix(string(c.b), `<row r="7">`), "</row>")
}

func inline(t string) string { return `<c t="inlineStr"><is><t>` + t + `</t></is></c>` }

func TestTextCells(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"plain", "C9300 DNA Advantage", inline("C9300 DNA Advantage")},
		{"XML's specials", `a&b<c>d "q" 'a'`, inline(`a&amp;b&lt;c&gt;d "q" 'a'`)},
		{"a formula is quoted", `=HYPERLINK("x")`, inline(`'=HYPERLINK("x")`)},
		{"so is a leading tab, kept as it is", "\tx", inline("'\tx")},
		{"a carriage return is a reference: a reader would make it a line feed", "a\rb\nc", inline("a&#xD;b\nc")},
		{"leading space is preserved", " lead", `<c t="inlineStr"><is><t xml:space="preserve"> lead</t></is></c>`},
		{"trailing line feed too", "trail\n", `<c t="inlineStr"><is><t xml:space="preserve">trail` + "\n" + `</t></is></c>`},
		{"a control character XML forbids", "bell\x07\x00", inline("bell\uFFFD\uFFFD")},
		{"a byte that is not UTF-8", "bad\xffutf8\xe2\x82", inline("bad\uFFFDutf8\uFFFD\uFFFD")},
		{"the non-characters U+FFFE and U+FFFF", "a\uFFFEb\uFFFF", inline("a\uFFFDb\uFFFD")},
		{"other characters as they are", "opening TCV − target TCV, 20–40 %, Zürich, 東京", inline("opening TCV − target TCV, 20–40 %, Zürich, 東京")},
		{"an underscore that would start Excel's escape", "_x0041_ and _x005f_", inline("_x005F_x0041_ and _x005F_x005f_")},
		{"an ordinary underscore", "product_instances.csv _x00G1_ _x0041", inline("product_instances.csv _x00G1_ _x0041")},
		// Eight bytes and more are looked at a word at a time, the last
		// word overlapping the one before: a byte to escape in each place.
		{"eight plain bytes", "12345678", inline("12345678")},
		{"a special in the first word", "1<345678", inline("1&lt;345678")},
		{"a special in the overlapping tail", "123456789a&", inline("123456789a&amp;")},
		{"an escape in the tail", "123456789_x0041_", inline("123456789_x005F_x0041_")},
		{"a line feed in a word", "1234\n5678 9abcdef", inline("1234\n5678 9abcdef")},
		{"not ASCII in the tail", "123456789Zürich", inline("123456789Zürich")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, cellXML([]column{{"A", text, 1}}, func(cl *cells) { cl.text(c.in) }))
			assert.Equal(t, c.want, cellXML([]column{{"A", text, 1}}, func(cl *cells) { cl.bytes([]byte(c.in)) }), "the same from bytes")
		})
	}
}

func TestLongTextIsCut(t *testing.T) {
	a := strings.Repeat("a", 40_000)
	cases := []struct {
		name, in, want string
	}{
		// Excel holds 32,767 characters in a cell.
		{"at 32,767 characters", a, a[:32_767]},
		// The quote is one of them: 1 + 1 (=) + 32,765 a.
		{"the neutralising quote counts", "=" + a, "'=" + a[:32_765]},
		// U+1F600 takes two UTF-16 units: after 32,766 a it would be the
		// 32,767th and 32,768th, so it goes whole.
		{"a character of two units is not split", a[:32_766] + "😀b", a[:32_766]},
		{"one that fits stays", a[:32_765] + "😀b", a[:32_765] + "😀"},
		// é is two bytes but one unit: 32,767 of them fit.
		{"counted in characters, not bytes", strings.Repeat("é", 33_000), strings.Repeat("é", 32_767)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, inline(c.want), cellXML([]column{{"A", text, 1}}, func(cl *cells) { cl.text(c.in) }))
		})
	}
}

func TestNumberCells(t *testing.T) {
	cols := []column{{"A", text, 1}}
	cases := []struct {
		name  string
		write func(c *cells)
		want  string
	}{
		{"a count", func(c *cells) { c.count(1_400) }, `<c s="1"><v>1400</v></c>`},
		{"a negative count", func(c *cells) { c.count(-3) }, `<c s="1"><v>-3</v></c>`},
		{"money in cents", func(c *cells) { c.money(decimal.RequireFromString("1292099.03")) }, `<c s="2"><v>1292099.03</v></c>`},
		{"trailing zeros go", func(c *cells) { c.money(decimal.RequireFromString("3306942.50")) }, `<c s="2"><v>3306942.5</v></c>`},
		{"zero", func(c *cells) { c.money(decimal.Decimal{}) }, `<c s="2"><v>0</v></c>`},
		{"a negative balance", func(c *cells) { c.money(decimal.RequireFromString("-0.10")) }, `<c s="2"><v>-0.1</v></c>`},
		// 12.90 % is the fraction 0.129 under the percent format.
		{"a percentage", func(c *cells) { c.percent(decimal.RequireFromString("12.90")) }, `<c s="3"><v>0.129</v></c>`},
		// 2026-01-01 is day 46,023; + 31 (January) + 28 (February) + 1.
		{"a date", func(c *cells) { c.date(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) }, `<c s="4"><v>46083</v></c>`},
		{"a time of day is the fraction", func(c *cells) { c.date(time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)) }, `<c s="4"><v>46083.75</v></c>`},
		// 23:00 on the 1st in UTC is 01:00 on the 2nd in Athens (UTC+2).
		{"as the clock read where it was taken", func(c *cells) {
			c.date(time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC).In(time.FixedZone("EET", 2*3600)))
		}, `<c s="4"><v>46083.041666666664</v></c>`},
		// 1900-03-01 is day 61: 31 + 29 (Excel's 29 February 1900) + 1.
		{"the first day Excel counts right", func(c *cells) { c.date(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) }, `<c s="4"><v>61</v></c>`},
		{"a date before it is text", func(c *cells) { c.date(time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC)) }, inline("1900-02-28")},
		{"no date, no cell", func(c *cells) { c.date(time.Time{}) }, ``},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, cellXML(cols, c.write))
		})
	}
}

func TestEmptyCellsKeepTheColumns(t *testing.T) {
	cols := []column{{"A", text, 1}, {"B", text, 1}, {"C", count, 1}, {"D", money, 1}, {"E", percent, 1}, {"F", text, 1}}
	got := cellXML(cols, func(c *cells) {
		for _, v := range []any{"a", "", int64(2), nil, decimal.RequireFromString("40"), nil} {
			c.value(v)
		}
	})
	// B and D are empty: each an empty <c/> before the next cell; F, the
	// last, is not written at all.
	assert.Equal(t, inline("a")+`<c/><c s="1"><v>2</v></c><c/><c s="3"><v>0.4</v></c>`, got)
}

func TestValueKinds(t *testing.T) {
	cols := []column{{"Item", text, 1}, {"Value", text, 1}}
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"text", "USD", inline("USD")},
		{"an int64 is a count", int64(5), `<c s="1"><v>5</v></c>`},
		{"an int too", 5, `<c s="1"><v>5</v></c>`},
		{"a decimal is money", decimal.RequireFromString("12.5"), `<c s="2"><v>12.5</v></c>`},
		{"unless typed as a percentage", typed{percent, decimal.RequireFromString("33.02")}, `<c s="3"><v>0.3302</v></c>`},
		{"a typed date", typed{date, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}, `<c s="4"><v>46083</v></c>`},
		{"anything else as fmt prints it", true, inline("true")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, inline("x")+c.want, cellXML(cols, func(cl *cells) { cl.value("x"); cl.value(c.v) }))
		})
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 10: "K", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16_383: "XFD"} {
		assert.Equal(t, want, columnName(i), strconv.Itoa(i))
	}
}

// excelUnescape reads Excel's _xHHHH_ escapes, as a spreadsheet program
// does when it reads a cell's text.
var excelEscapes = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

func excelUnescape(s string) string {
	return excelEscapes.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 16)
		return string(rune(n))
	})
}

// FuzzText checks that a text cell is well-formed XML that a spreadsheet
// reads back as the text neutralised, with what XML cannot hold replaced by
// U+FFFD, and no longer than Excel's 32,767 characters. The seed corpus is
// in testdata/fuzz/FuzzText.
func FuzzText(f *testing.F) {
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		got := cellXML([]column{{"A", text, 1}}, func(c *cells) { c.text(s) })
		if s == "" {
			require.Empty(t, got)
			return
		}
		var cell struct {
			T struct {
				Space string `xml:"space,attr"`
				Text  string `xml:",chardata"`
			} `xml:"is>t"`
		}
		require.NoError(t, xml.Unmarshal([]byte(got), &cell), got)
		read := excelUnescape(cell.T.Text)
		require.LessOrEqual(t, len(utf16.Encode([]rune(read))), maxCellChars)

		// What a reader must see, worked out rune by rune.
		var want strings.Builder
		if strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			want.WriteByte('\'')
		}
		for _, r := range s { // ranging over a string gives U+FFFD for a byte that is not UTF-8
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
				r = utf8.RuneError
			}
			want.WriteRune(r)
		}
		if w := want.String(); len(utf16.Encode([]rune(w))) <= maxCellChars {
			if w != read {
				t.Fatalf("read back (-want +got):\n%s", cmp.Diff(w, read))
			}
		} else {
			require.True(t, strings.HasPrefix(w, read), "a cut text is a prefix of the whole")
		}
		if strings.Trim(read, "\t\r\n ") != read {
			require.Equal(t, "preserve", cell.T.Space, "white space at either end is preserved")
		}
	})
}

func TestNamesExcelRefuses(t *testing.T) {
	ok := func(name, table string) *sheet { return &sheet{name: name, table: table, rows: 1} }
	cases := []struct {
		name   string
		sheets []*sheet
		err    string // "" when the names are good
	}{
		{"the workbook's own", []*sheet{ok("Summary", "summary"), ok("Clean-up (2)", "hygiene_cleanup_2"), ok("User access", "access.v2")}, ""},
		{"a sheet without rows has no table to name", []*sheet{{name: "Scenarios", table: "not a name"}}, ""},
		{"31 characters", []*sheet{ok(strings.Repeat("é", 31), "t")}, ""},
		{"32", []*sheet{ok(strings.Repeat("é", 32), "t")}, `cannot name a sheet`},
		{"empty", []*sheet{ok("", "t")}, `"" cannot name a sheet`},
		{"a slash", []*sheet{ok("A/B", "t")}, `"A/B" cannot name a sheet`},
		{"a bracket", []*sheet{ok("[1]", "t")}, `cannot name a sheet`},
		{"an apostrophe at an end", []*sheet{ok("'quoted'", "t")}, `cannot name a sheet`},
		{"the same sheet name in another case", []*sheet{ok("SLR", "a"), ok("slr", "b")}, `two sheets named "slr"`},
		{"a table name with a space", []*sheet{ok("Clean-up", "hygiene cleanup")}, `"hygiene cleanup" cannot name a table`},
		{"a table name with a digit first", []*sheet{ok("Clean-up", "2nd")}, `cannot name a table`},
		{"the same table name twice", []*sheet{ok("A", "t"), ok("B", "T")}, `two tables named "T"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkNames(c.sheets)
			if c.err == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.err)
		})
	}
}
