// Package workbook writes a procurement file (report.File) as an Excel
// workbook for procurement teams: a summary, the waterfall, the opening and
// target lines, one sheet per move's findings, the transfer plan, the
// scenarios and the evidence. Numbers are numbers — money with a currency
// format, percentages with a percent format, counts grouped, dates as
// dates — under a frozen header row with filters (an Excel table), and
// every text cell passes through report.NeutralizeFormula, as in the CSV
// of findings.
//
// The workbook is written by hand as SpreadsheetML in a zip archive, the
// worksheets streamed row by row with inline strings and escaped on bytes,
// without an allocation per cell, and compressed on every core as they are
// written: a file with a million findings takes seconds and a few
// megabytes of memory, whatever its size. A sheet holds at most Excel's
// 1,048,575 data rows, and a move with more findings continues on a sheet
// of the same name with " (2)". The output is deterministic: the same File
// gives the same bytes. Its tests read the workbook back with
// github.com/xuri/excelize/v2, which the library's go.mod must not
// require: the package lives in the reference programs' module.
package workbook

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/report"
)

// Sheet names, in workbook order; the findings sheets take their moves'
// titles (report.Move.Title) between Lines and Transfers.
const (
	SheetSummary   = "Summary"
	SheetWaterfall = "Waterfall"
	SheetLines     = "Lines"
	SheetTransfers = "Transfers"
	SheetScenarios = "Scenarios"
	SheetEvidence  = "Evidence"
)

// maxRows is the number of data rows a sheet holds: Excel's 1,048,576
// rows less the header.
const maxRows = 1<<20 - 1

// Write writes f as an .xlsx workbook to w.
func Write(w io.Writer, f *report.File) error {
	return write(w, f, maxRows)
}

// write is Write with the number of data rows a sheet may hold, so that a
// test can see a move continue on a second sheet.
func write(w io.Writer, f *report.File, sheetRows int) error {
	b := &book{maxRows: sheetRows}
	b.summary(f)
	b.waterfall(f)
	b.lines(f)
	for _, m := range report.Moves {
		b.findings(f, m)
	}
	b.transfers(f)
	b.scenarios(f)
	b.evidence(f)
	return writePackage(w, b.sheets, moneyFormat(f.Currency))
}

// currencyCode is what a currency format may quote.
var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// moneyFormat is the number format of amounts: grouped, two decimals,
// after the currency code.
func moneyFormat(currency string) string {
	if currencyCode.MatchString(currency) {
		return `"` + currency + ` "#,##0.00`
	}
	return "#,##0.00"
}

// book gathers the sheets of one workbook.
type book struct {
	sheets  []*sheet
	maxRows int
}

// table adds a sheet of rows under a header of cols, as an Excel table
// named tableName; past maxRows rows it continues on sheets named
// "name (2)", "name (3)", … each with its header and table (tableName_2,
// tableName_3, …).
func (b *book) table(name, tableName string, cols []column, rows int, row func(c *cells, i int)) {
	for part, first := 1, 0; part == 1 || first < rows; part, first = part+1, first+b.maxRows {
		s := &sheet{name: name, table: tableName, cols: cols, rows: min(b.maxRows, rows-first)}
		if part > 1 {
			s.name += " (" + strconv.Itoa(part) + ")"
			s.table += "_" + strconv.Itoa(part)
		}
		s.row = func(c *cells, i int) { row(c, first+i) }
		b.sheets = append(b.sheets, s)
	}
}

// summaryRow is one line of the summary: an item, its value (of its own
// kind: the Value column mixes them) and a note.
type summaryRow struct {
	item string
	kind kind
	v    any
	note string
}

func (b *book) summary(f *report.File) {
	rows := []summaryRow{
		{"Smart Account", text, f.SmartAccount, f.Domain},
		{"As of", date, f.AsOf, ""},
		{"Vendor", text, f.Vendor, ""},
		{"Term (years)", count, int64(f.TermYears), "from " + dateText(f.Start)},
		{"Currency", text, f.Currency, ""},
		{"Opening TCV", money, f.Opening.TCV, "the vendor's proposal as priced"},
		{"Opening NPV", money, f.Opening.NPV, ""},
		{"Target TCV", money, f.Target.TCV, "after every move of the waterfall"},
		{"Target NPV", money, f.Target.NPV, ""},
		{"Recovery", money, f.Recovery.Amount, "opening TCV − target TCV"},
		{"Recovery %", percent, f.Recovery.Percent.Decimal(), placed(f.Recovery.Expected, "all moves together (METHOD.md §8)")},
		{"Hygiene alone %", percent, f.Recovery.HygienePercent.Decimal(), placed(f.Recovery.HygieneExpected, "hygiene alone")},
		{"Target cap", text, f.Cap.Cap.String(), f.Cap.Detail},
	}
	if u := f.UpliftBand; u != nil {
		label := u.Band.Label
		if label == "" {
			label = u.Band.Industry
		}
		rows = append(rows, summaryRow{"Opening uplift %", percent, u.UpliftPercent.Decimal(),
			fmt.Sprintf("year 1 %s over the prior annual spend %s: %s the %s band of %s–%s %% (METHOD.md §1)",
				u.YearOne.StringFixedBank(2), u.PriorSpend.StringFixedBank(2), u.Position, label,
				u.Band.Low.Shift(2).String(), u.Band.High.Shift(2).String())})
	}
	for _, m := range f.Missing {
		rows = append(rows, summaryRow{"Missing input", text, m.Input, m.Consequence})
	}
	for _, w := range f.Warnings {
		rows = append(rows, summaryRow{"Warning", text, "", w})
	}
	values := make([][]any, len(rows))
	for i, r := range rows {
		values[i] = []any{r.item, typed{r.kind, r.v}, r.note}
	}
	b.fixed(SheetSummary, "summary", []column{{"Item", text, 34}, {"Value", text, 22}, {"Note", text, 90}}, values)
}

// fixed adds a small sheet of values, one per column in each row, written
// by cells.value.
func (b *book) fixed(name, tableName string, cols []column, values [][]any) {
	b.table(name, tableName, cols, len(values), func(c *cells, i int) {
		for _, v := range values[i] {
			c.value(v)
		}
	})
}

// placed says where a percentage falls against a band of the method.
func placed(b report.Band, of string) string {
	if b.Position == 0 {
		return ""
	}
	return fmt.Sprintf("%s the %s–%s %% expected of %s", b.Position, b.Low.String(), b.High.String(), of)
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(time.DateOnly)
}

func (b *book) waterfall(f *report.File) {
	cols := []column{{"Step", text, 28}, {"Key", text, 26}, {"Amount", money, 18}, {"Of the opening", percent, 14},
		{"Units", count, 10}, {"Findings", count, 10}, {"What it did", text, 90}}
	values := [][]any{{"Opening TCV", "", f.Opening.TCV, shareOf(f.Opening.TCV, f), nil, nil, "the vendor's proposal as priced"}}
	for _, s := range f.Waterfall {
		values = append(values, []any{report.StepTitle(s.Name), s.Name, s.Amount, shareOf(s.Amount, f), s.Units, int64(len(s.Findings)), s.Detail})
	}
	values = append(values, []any{"Target TCV", "", f.Target.TCV, shareOf(f.Target.TCV, f), nil, nil, ""})
	b.fixed(SheetWaterfall, "waterfall", cols, values)
}

// shareOf is amount / opening TCV × 100, the way METHOD.md §0 shows a
// percentage (two decimals, half-even); nil when the opening is zero.
func shareOf(amount decimal.Decimal, f *report.File) any {
	if f.Opening.TCV.IsZero() {
		return nil
	}
	return amount.Mul(decimal.NewFromInt(100)).DivRound(f.Opening.TCV, 16).RoundBank(2)
}

func (b *book) lines(f *report.File) {
	cols := []column{{"Position", text, 10}, {"SKU", text, 20}, {"License", text, 30}, {"Category", text, 14},
		{"Quantity", count, 12}, {"Unit price", money, 16}, {"True-forward premium %", percent, 14}, {"TCV", money, 18}}
	var values [][]any
	for _, p := range []struct {
		name string
		pos  *report.Position
	}{{"opening", &f.Opening}, {"target", &f.Target}} {
		for _, l := range p.pos.Lines {
			values = append(values, []any{p.name, l.SKU, l.License, l.Category.String(), l.Quantity, l.UnitPrice,
				l.Premium.Shift(2), l.TCV})
		}
	}
	b.fixed(SheetLines, "lines", cols, values)
}

// tableNames are Excel table names for the moves' sheets.
var tableNames = strings.NewReplacer("-", "_", " ", "_")

// findingColumns are the columns of a move's sheet, one per field of a
// finding, as in the CSV of findings.
var findingColumns = []column{{"Kind", text, 24}, {"Severity", text, 10}, {"License", text, 26},
	{"Virtual Account", text, 26}, {"UDI", text, 30}, {"User", text, 28}, {"Quantity", count, 10},
	{"Amount", money, 16}, {"Detail", text, 80}, {"Evidence", text, 44}, {"ID", text, 40}}

// findings adds a move's sheet: the sheets that can hold a million rows,
// each cell written straight from the finding.
func (b *book) findings(f *report.File, m report.Move) {
	fs := f.Findings(m)
	b.table(m.Title(), tableNames.Replace(string(m)), findingColumns, len(fs), func(c *cells, i int) {
		if i%report.PrefetchBatch == 0 {
			report.Prefetch(fs[i:min(i+report.PrefetchBatch, len(fs))])
		}
		fd := &fs[i]
		c.text(string(fd.Kind))
		c.text(fd.Severity.String())
		c.text(fd.License)
		c.text(fd.VirtualAccount)
		c.scratch, _ = fd.UDI.AppendText(c.scratch[:0])
		c.bytes(c.scratch)
		c.text(fd.User)
		c.count(fd.Quantity)
		c.money(fd.Amount)
		c.text(fd.Detail)
		c.scratch = report.AppendEvidenceText(c.scratch[:0], fd.Evidence)
		c.bytes(c.scratch)
		c.scratch = fd.AppendID(c.scratch[:0])
		c.bytes(c.scratch)
	})
}

func (b *book) transfers(f *report.File) {
	cols := []column{{"License", text, 30}, {"License type", text, 14}, {"From", text, 30}, {"To", text, 30}, {"Quantity", count, 10}}
	values := make([][]any, len(f.Rightsizing.Transfers))
	for i, t := range f.Rightsizing.Transfers {
		values[i] = []any{t.License, t.LicenseType.String(), t.From, t.To, t.Quantity}
	}
	b.fixed(SheetTransfers, "transfers", cols, values)
}

func (b *book) scenarios(f *report.File) {
	cols := []column{{"Scenario", text, 34}, {"Target TCV", money, 18}, {"Target NPV", money, 18}, {"Recovery", money, 18},
		{"Recovery %", percent, 12}, {"Against the band", text, 14}}
	var steps []string
	for _, sc := range f.Scenarios {
		for name := range sc.Steps {
			if !slices.Contains(steps, name) {
				steps = append(steps, name)
			}
		}
	}
	steps = ordered(steps)
	for _, s := range steps {
		cols = append(cols, column{report.StepTitle(s), money, 18})
	}
	values := make([][]any, len(f.Scenarios))
	for i, sc := range f.Scenarios {
		band := ""
		if sc.Recovery.Expected.Position != 0 {
			band = sc.Recovery.Expected.Position.String()
		}
		values[i] = []any{sc.Name, sc.TargetTCV, sc.TargetNPV, sc.Recovery.Amount, sc.Recovery.Percent.Decimal(), band}
		for _, s := range steps {
			values[i] = append(values[i], sc.Steps[s])
		}
	}
	b.fixed(SheetScenarios, "scenarios", cols, values)
}

// ordered puts step names in waterfall order, names the method does not
// know last in name order.
func ordered(names []string) []string {
	var out, rest []string
	for _, s := range report.Steps {
		if slices.Contains(names, s) {
			out = append(out, s)
		}
	}
	for _, n := range names {
		if !slices.Contains(report.Steps[:], n) {
			rest = append(rest, n)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func (b *book) evidence(f *report.File) {
	cols := []column{{"Input", text, 28}, {"SHA-256", text, 68}, {"Records", count, 12}, {"Bytes", count, 14}}
	values := make([][]any, len(f.Inputs))
	for i, in := range f.Inputs {
		values[i] = []any{in.File, in.SHA256, int64(in.Records), in.Bytes}
	}
	b.fixed(SheetEvidence, "evidence", cols, values)
}
