package report

import (
	"bufio"
	"io"
	"net/url"
	"strings"
)

// MarkdownParams are the parameters of WriteMarkdown.
type MarkdownParams struct {
	// FindingsCSV is the file name of the CSV of findings written beside
	// the Markdown file (WriteCSV), linked from every list of findings; ""
	// links nothing. It must be a relative reference.
	FindingsCSV string
	// Top is how many entries a long list shows (findings, transfers,
	// positions) before it counts the rest; 0 means 10.
	Top int
}

// WriteMarkdown writes the file as Markdown (CommonMark with GitHub
// tables): an executive summary a CIO reads in two minutes — opening,
// target, recovery against the method's bands, the waterfall, the biggest
// levers, what is missing — then one section per move and the evidence.
// Long lists are cut to p.Top entries with a count of the rest and a link
// to p.FindingsCSV, so the document stays short whatever the number of
// findings. Every text of the file is escaped, so that no input can add
// markup, a link or HTML to the document.
func WriteMarkdown(w io.Writer, f *File, p MarkdownParams) error {
	if err := checkRelative(p.FindingsCSV); err != nil {
		return err
	}
	v := newView(f, p.Top, p.FindingsCSV)
	bw := bufio.NewWriter(w)
	bw.WriteString("# " + mdEscape(v.Title) + "\n\n")
	if v.Subtitle != "" {
		bw.WriteString(mdLine(v.Subtitle) + "\n")
	}
	for _, s := range v.Sections {
		bw.WriteString("\n## " + mdEscape(s.Title) + "\n")
		for _, b := range s.Blocks {
			mdBlock(bw, b)
		}
	}
	return bw.Flush()
}

func mdBlock(w *bufio.Writer, b block) {
	switch {
	case b.Heading != "":
		w.WriteString("\n### " + mdEscape(b.Heading) + "\n")
	case b.Table != nil:
		mdTable(w, b.Table)
	case b.Chart != nil:
		// The tables beside a chart carry its numbers; a chart without
		// one brings its own.
		if b.Chart.Data != nil {
			mdTable(w, b.Chart.Data)
		}
	case b.List != nil:
		w.WriteByte('\n')
		for _, it := range b.List {
			w.WriteString("- " + mdLine(it) + "\n")
		}
	case b.Para != "":
		w.WriteString("\n" + mdLine(b.Para))
		if b.Href != "" {
			w.WriteString(" [" + mdEscape(b.Href) + "](" + mdURL(b.Href) + ")")
		}
		w.WriteByte('\n')
	}
}

func mdTable(w *bufio.Writer, t *table) {
	row := func(cells []string, bold bool) {
		w.WriteByte('|')
		for _, c := range cells {
			c = mdEscape(c)
			if bold && c != "" {
				c = "**" + c + "**"
			}
			w.WriteString(" " + c + " |")
		}
		w.WriteByte('\n')
	}
	w.WriteByte('\n')
	row(t.Head, false)
	w.WriteByte('|')
	for i := range t.Head {
		if t.ColClass(i) == "num" {
			w.WriteString(" ---: |")
		} else {
			w.WriteString(" --- |")
		}
	}
	w.WriteByte('\n')
	for _, r := range t.Rows {
		row(r, false)
	}
	if t.Foot != nil {
		row(t.Foot, true)
	}
	if t.More != "" {
		w.WriteString("\n" + mdLine(t.More) + "\n")
	}
}

// mdEscaper backslash-escapes the characters that make inline Markdown
// (emphasis, code, links, HTML, entities, table cells, headings) and folds
// line breaks into spaces.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `~`, `\~`, `#`, `\#`, `&`, `\&`, "\r\n", " ", "\n", " ", "\r", " ",
)

// mdEscape makes s plain inline text: in a table cell, a heading, a link.
// An underscore between two letters or digits cannot start emphasis
// (CommonMark's flanking rules), so "product_instances.csv" stays as it is;
// any other is escaped.
func mdEscape(s string) string {
	s = mdEscaper.Replace(s)
	if !strings.Contains(s, "_") {
		return s
	}
	word := func(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' }
	var b strings.Builder
	for i := range len(s) {
		if s[i] == '_' && (i == 0 || i == len(s)-1 || !word(s[i-1]) || !word(s[i+1])) {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mdLine makes s plain text at the start of a line (a paragraph, a list
// item), where a leading "-", "+", "=" or "1." would start a block of its
// own.
func mdLine(s string) string {
	s = mdEscape(s)
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return `\` + s
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// mdURL writes a relative file name as a link destination.
func mdURL(name string) string {
	p := (&url.URL{Path: name}).EscapedPath()
	return strings.NewReplacer("(", "%28", ")", "%29").Replace(p)
}
