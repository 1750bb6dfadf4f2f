package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

func TestAppendString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"C9300 DNA Advantage", `"C9300 DNA Advantage"`},
		{`say "hi" \ bye`, `"say \"hi\" \\ bye"`},
		{"tab\tnl\ncr\r", `"tab\tnl\ncr\r"`},
		{"\x00\x1f\x7f", `"\u0000\u001f` + "\x7f" + `"`},
		{"<script>&", `"<script>&"`}, // JSON needs no HTML escaping
		{"Zürich · 5 €", `"Zürich · 5 €"`},
		{"bad \xff byte", `"bad \ufffd byte"`},
		{"line\u2028para\u2029", `"line\u2028para\u2029"`},
		// Eight bytes and more are looked at a word at a time, the last
		// word overlapping the one before: a byte to escape in each place.
		{"12345678", `"12345678"`},
		{"\"2345678", `"\"2345678"`},
		{"1234567\\", `"1234567\\"`},
		{"123456789\n", `"123456789\n"`},
		{"12345678abcdefg\x01", `"12345678abcdefg\u0001"`},
		{"Virtual Account CIB-AMER-DEV uses 3 units", `"Virtual Account CIB-AMER-DEV uses 3 units"`},
		{"12345678 Zürich", `"12345678 Zürich"`},
		{"12345678 bad \xff", `"12345678 bad \ufffd"`},
	}
	for _, tt := range tests {
		got := string(appendString(nil, tt.in))
		assert.Equal(t, tt.want, got, "%q", tt.in)
		var back string
		require.NoError(t, json.Unmarshal([]byte(got), &back), "%q", got)
		assert.Equal(t, strings.ToValidUTF8(tt.in, "\ufffd"), back)
	}
}

// escapeByRule is appendEscaped's rule written plainly, a character at a
// time: what the fast scan must write.
func escapeByRule(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\ufffd`)
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// FuzzAppendString checks that whatever the text, the JSON string is valid,
// reads back as the text (invalid UTF-8 replaced), and is what the rule
// written a character at a time gives, from text and from bytes.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x00", "\xff\xfe", "\u2028", "é", "\\u0041", "12345678\"", "1234567890abcde\x1f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		escaped := escapeByRule(s)
		if got := string(appendEscaped(nil, s)); got != escaped {
			t.Fatalf("appendEscaped(%q) = %q, want %q", s, got, escaped)
		}
		if got := string(appendEscaped(nil, []byte(s))); got != escaped {
			t.Fatalf("appendEscaped(%q as bytes) = %q, want %q", s, got, escaped)
		}
		b := appendString(nil, s)
		if !json.Valid(b) {
			t.Fatalf("invalid JSON %q for %q", b, s)
		}
		var back string
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		// encoding/json replaces each invalid byte by U+FFFD, as we do.
		want := []rune{}
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			want = append(want, r)
			i += n
		}
		if back != string(want) {
			t.Fatalf("read back %q, want %q", back, string(want))
		}
	})
}

// TestAppendRefAndUDI checks that a Ref and a UDI are written exactly as
// the JSON strings of their String methods, which the writer spares
// building.
func TestAppendRefAndUDI(t *testing.T) {
	refs := []smartaccount.Ref{
		{Source: "product_instances.csv", Line: 12},
		{Source: "cssm:devices", Record: "PID:C9300-24UX,SN:FCW2134L0RN"},
		{Source: "forecast.json"},
		{Source: `we"ird\`, Line: 3, Record: "a\tb\xff"},
		{},
	}
	udis := []smartaccount.UDI{{}, {PID: "C9300-24UX", Serial: "FCW1"}, {PID: `"<x>`, Serial: "\n"}}
	for _, r := range refs {
		assert.Equal(t, string(appendString(nil, r.String())), string(appendRef(nil, r)), "%#v", r)
	}
	for _, u := range udis {
		text, err := u.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, string(appendString(nil, string(text))), string(appendUDI(nil, u)), "%#v", u)
	}
}

func TestEncoderLayout(t *testing.T) {
	var b strings.Builder
	e := newEncoder(&b)
	e.object()
	e.kstr("a", "x")
	e.key("rows")
	e.array()
	e.row()
	e.kint("n", 1)
	e.key("l")
	e.list()
	e.str("p")
	e.str("q")
	e.endArray()
	e.end()
	e.row()
	e.end()
	e.endArray()
	e.key("empty")
	e.array()
	e.endArray()
	e.key("none")
	e.null()
	e.end()
	e.flush(true)
	require.NoError(t, e.err)
	want := `{
  "a": "x",
  "rows": [
    {"n":1,"l":["p","q"]},
    {}
  ],
  "empty": [],
  "none": null
}`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Error(diff)
	}
	assert.True(t, json.Valid([]byte(b.String())))
}

func TestExact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"37.4", "37.40"},
		{"37.40", "37.40"},
		{"0", "0.00"},
		{"12.345", "12.345"},
		{"33.660", "33.66"}, // trailing zeros beyond cents say nothing
		{"0.04", "0.04"},
		{"0.0816", "0.0816"},
		{"-1.5", "-1.50"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, exact(decimal.RequireFromString(tt.in)), tt.in)
	}
}

func TestTop(t *testing.T) {
	type item struct {
		name string
		v    int
	}
	items := []item{{"a", 3}, {"b", 9}, {"c", 3}, {"d", 7}, {"e", 9}, {"f", 1}}
	better := func(a, b *item) bool { return a.v > b.v }
	tests := []struct {
		n    int
		want []string
		rest int
	}{
		{0, nil, 6},
		{1, []string{"b"}, 5},
		{3, []string{"b", "e", "d"}, 3},      // ties keep their input order
		{4, []string{"b", "e", "d", "a"}, 2}, // a before c
		{10, []string{"b", "e", "d", "a", "c", "f"}, 0},
	}
	for _, tt := range tests {
		got, rest := top(items, tt.n, better)
		var names []string
		for _, it := range got {
			names = append(names, it.name)
		}
		assert.Equal(t, tt.want, names, "n=%d", tt.n)
		assert.Equal(t, tt.rest, rest, "n=%d", tt.n)
	}
}

func TestCount(t *testing.T) {
	tests := map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 42000: "42,000", 1234567: "1,234,567", -8: "-8", -12345: "-12,345"}
	for n, want := range tests {
		assert.Equal(t, want, count(n))
	}
}

func TestNiceStep(t *testing.T) {
	tests := []struct{ raw, want float64 }{
		{0.3, 1}, {1, 1}, {1.5, 2}, {2.2, 5}, // counts: no 2.5 below ten
		{7, 10}, {12, 20}, {22, 25}, {1307.5, 2000}, {590_464, 1_000_000}, {400_000, 500_000},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, niceStep(tt.raw), "%v", tt.raw)
	}
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct{ in, inline, line string }{
		{"plain text", "plain text", "plain text"},
		{"product_instances.csv", "product_instances.csv", "product_instances.csv"},
		{"_em_ and *strong*", `\_em\_ and \*strong\*`, `\_em\_ and \*strong\*`},
		{"a | b", `a \| b`, `a \| b`},
		{"<b>x</b>", `\<b\>x\</b\>`, `\<b\>x\</b\>`},
		{"[x](http://e)", `\[x\](http://e)`, `\[x\](http://e)`},
		{"two\nlines\r\nhere", "two lines here", "two lines here"},
		{"AT&amp;T", `AT\&amp;T`, `AT\&amp;T`},
		{"# title", `\# title`, `\# title`},
		{"- item", "- item", `\- item`},
		{"+1", "+1", `\+1`},
		{"2026. A year", "2026. A year", `2026\. A year`},
		{"1) first", "1) first", `1\) first`},
		{"−5 (a minus sign)", "−5 (a minus sign)", "−5 (a minus sign)"},
		{`back\slash`, `back\\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.inline, mdEscape(tt.in), "inline %q", tt.in)
		assert.Equal(t, tt.line, mdLine(tt.in), "line %q", tt.in)
	}
}

func TestPrune(t *testing.T) {
	tb := &table{
		Head: []string{"Kind", "License", "Units", "Amount", "Detail"},
		Cols: "ttnnt",
		Rows: [][]string{{"", "", "0", "0.00", "x"}, {"dormant", "", "0", "1.00", ""}},
		Foot: []string{"", "", "", "", ""},
	}
	tb.prune("0", "0.00")
	// The first column stays; License and Units are empty throughout.
	assert.Equal(t, []string{"Kind", "Amount", "Detail"}, tb.Head)
	assert.Equal(t, "tnt", tb.Cols)
	assert.Equal(t, [][]string{{"", "0.00", "x"}, {"dormant", "1.00", ""}}, tb.Rows)
	assert.Equal(t, []string{"", "", ""}, tb.Foot)
}

func TestCheckRelative(t *testing.T) {
	for _, ok := range []string{"", "findings.csv", "out/findings.csv", "../f.csv", "all findings.csv"} {
		assert.NoError(t, checkRelative(ok), ok)
	}
	for _, bad := range []string{"http://x/f.csv", "HTTPS://x", "//x/f.csv", "/abs/f.csv", `\\srv\f.csv`, "data:text/csv,1", "javascript:alert(1)", "%zz"} {
		assert.Error(t, checkRelative(bad), bad)
	}
}

func TestShort(t *testing.T) {
	tests := map[string]string{
		"10013617.79": "10.01 m", "1292099.03": "1.29 m", "624000": "624.0 k", "37524.12": "37.5 k",
		"9999.99": "10.0 k", "3039.88": "3.0 k", "999.50": "1000", "512.40": "512", "0": "0",
	}
	for in, want := range tests {
		assert.Equal(t, want, short(decimal.RequireFromString(in)), in)
	}
}

// csvCells are cells of every kind encoding/csv quotes or leaves, some
// long enough to be looked at a word at a time, with the byte that
// matters in the first word, the last whole one or the overlapping tail.
var csvCells = []string{"", "plain", "a,b", `say "hi"`, "two\nlines", "cr\rhere", " leading space", "\tleading tab",
	"=1+1", `=HYPERLINK("http://x","y")`, "-2,3", "@x", "\r\n", `\.`, "\u00a0nbsp first", "é", "'quoted", `""`,
	"12345678", "1234567,", "12345678,", "123456789abcdef\n", `"2345678 "quoted" twice "`, " 12345678",
	"PID:C9300-24T,SN:FCW22154MYF", "product_instances.csv:536800; footprint.csv:504850"}

// csvLine is the line encoding/csv writes for the cells.
func csvLine(t testing.TB, cells ...string) string {
	var std strings.Builder
	w := csv.NewWriter(&std)
	require.NoError(t, w.Write(cells))
	w.Flush()
	return std.String()
}

// TestAppendCellQuotesAsEncodingCSV holds the CSV writer's cells to
// encoding/csv's output for the same (neutralised) text.
func TestAppendCellQuotesAsEncodingCSV(t *testing.T) {
	for _, text := range []bool{true, false} {
		for _, c := range csvCells {
			want := c
			if text {
				want = NeutralizeFormula(c)
			}
			got := "x" + string(appendCell(nil, c, text)) + "\n"
			assert.Equal(t, csvLine(t, "x", want), got, "%q (text %v)", c, text)
			assert.Equal(t, got, "x"+string(appendCell(nil, []byte(c), text))+"\n", "bytes %q", c)
		}
	}
}

// FuzzAppendCell holds the CSV writer's cells to encoding/csv's output
// whatever the text.
func FuzzAppendCell(f *testing.F) {
	for _, c := range csvCells {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, c string) {
		for _, text := range []bool{true, false} {
			want := c
			if text {
				want = NeutralizeFormula(c)
			}
			if got, want := "x"+string(appendCell(nil, c, text))+"\n", csvLine(t, "x", want); got != want {
				t.Fatalf("appendCell(%q, text %v) = %q, want %q", c, text, got, want)
			}
			if got, want := "x"+string(appendCell(nil, []byte(c), text))+"\n", csvLine(t, "x", want); got != want {
				t.Fatalf("appendCell(%q as bytes, text %v) = %q, want %q", c, text, got, want)
			}
		}
	})
}

func TestEvidenceText(t *testing.T) {
	refs := []smartaccount.Ref{{Source: "product_instances.csv", Line: 12}, {Source: "cssm:devices", Record: "PID:A,SN:1"}, {Source: "forecast.json"}}
	assert.Equal(t, "product_instances.csv:12; cssm:devices[PID:A,SN:1]; forecast.json", EvidenceText(refs))
	assert.Equal(t, "product_instances.csv:12", EvidenceText(refs[:1]))
	assert.Equal(t, "", EvidenceText(nil))
	var parts []string
	for _, r := range refs {
		parts = append(parts, r.String())
	}
	assert.Equal(t, strings.Join(parts, "; "), EvidenceText(refs), "as Ref.String writes each")
	assert.Equal(t, "row: product_instances.csv:12; cssm:devices[PID:A,SN:1]", string(AppendEvidenceText([]byte("row: "), refs[:2])),
		"AppendEvidenceText appends after what the buffer holds")
}
