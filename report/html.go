package report

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"strings"
)

// HTMLParams are the parameters of WriteHTML.
type HTMLParams struct {
	// FindingsCSV is the file name of the CSV of findings written beside
	// the HTML file (WriteCSV), linked from every list of findings; ""
	// links nothing. It must be a relative reference: the file fetches
	// nothing and points nowhere else.
	FindingsCSV string
	// Top is how many entries a long list shows (findings, transfers,
	// positions) before it counts the rest; 0 means 10.
	Top int
}

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("file").Parse(htmlSource))

// WriteHTML writes the file as one self-contained HTML page: the executive
// summary, one section per move, the evidence, with inline SVG charts (the
// waterfall from the opening to the target, the opening and target
// schedules by year, fragmented and pooled shortage by license, the
// reporting wave). It fetches nothing, runs no script and links only to
// p.FindingsCSV; the stylesheet reads on screen and prints on A4, a section
// a page. Every text of the file is escaped (html/template). Long lists
// are cut to p.Top entries, so the page stays small whatever the number of
// findings.
func WriteHTML(w io.Writer, f *File, p HTMLParams) error {
	if err := checkRelative(p.FindingsCSV); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := htmlTemplate.Execute(bw, newView(f, p.Top, p.FindingsCSV)); err != nil {
		return err
	}
	return bw.Flush()
}

// checkRelative accepts "" or a relative reference without scheme or host.
func checkRelative(name string) error {
	if name == "" {
		return nil
	}
	u, err := url.Parse(name)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) {
		return fmt.Errorf("report: findings CSV %q must be a relative file name", name)
	}
	return nil
}
