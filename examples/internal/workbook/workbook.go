// Package workbook writes a procurement file (report.File) as an Excel
// workbook for procurement teams: a summary, the waterfall, the opening and
// target lines, one sheet per move's findings, the transfer plan, the
// scenarios and the evidence. Numbers are numbers — money with a currency
// format, percentages with a percent format, counts grouped, dates as
// dates — under a frozen header row with filters (an Excel table), and
// every text cell passes through report.NeutralizeFormula, as in the CSV
// of findings.
//
// It lives in the reference programs' module because it needs
// github.com/xuri/excelize/v2, which the library's go.mod must not
// require. Big sheets are written with excelize's StreamWriter, which keeps
// rows in a temporary file rather than in memory; a sheet holds at most
// Excel's 1,048,575 data rows, and a move with more findings continues on
// a sheet of the same name with " (2)". The output is deterministic: the
// same File gives the same bytes.
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
	"github.com/xuri/excelize/v2"

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

// Write writes f as an .xlsx workbook to w. excelize assembles the zip
// archive in memory before it writes it (about the size of the file
// written, compressed); the sheets themselves are streamed.
func Write(w io.Writer, f *report.File) error {
	return write(w, f, excelize.TotalRows-1)
}

// write is Write with the number of data rows a sheet may hold, so that a
// test can see a move continue on a second sheet.
func write(w io.Writer, f *report.File, maxRows int) error {
	x := excelize.NewFile()
	defer x.Close()
	x.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newSortedZip(w) })
	b, err := newBook(x, f.Currency, maxRows)
	if err != nil {
		return err
	}
	if err := x.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	steps := []func(*report.File) error{b.summary, b.waterfall, b.lines}
	for _, m := range report.Moves {
		steps = append(steps, func(f *report.File) error { return b.findings(f, m) })
	}
	steps = append(steps, b.transfers, b.scenarios, b.evidence)
	for _, step := range steps {
		if err := step(f); err != nil {
			return err
		}
	}
	return x.Write(w)
}

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

type column struct {
	name  string
	kind  kind
	width float64
}

// book writes the sheets of one workbook.
type book struct {
	x       *excelize.File
	styles  [kinds]int
	header  int
	maxRows int
	// row is the scratch row handed to StreamWriter.SetRow.
	row []any
}

// currencyCode is what a currency format may quote.
var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

func newBook(x *excelize.File, currency string, maxRows int) (*book, error) {
	b := &book{x: x, maxRows: maxRows}
	moneyFormat := "#,##0.00"
	if currencyCode.MatchString(currency) {
		moneyFormat = `"` + currency + ` "#,##0.00`
	}
	dateFormat := "yyyy-mm-dd"
	specs := [kinds]*excelize.Style{
		text:    {Alignment: &excelize.Alignment{Vertical: "top", WrapText: false}},
		count:   {NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}}, // #,##0
		money:   {CustomNumFmt: &moneyFormat, Alignment: &excelize.Alignment{Vertical: "top"}},
		percent: {NumFmt: 10, Alignment: &excelize.Alignment{Vertical: "top"}}, // 0.00%
		date:    {CustomNumFmt: &dateFormat, Alignment: &excelize.Alignment{Vertical: "top"}},
	}
	for k, s := range specs {
		id, err := x.NewStyle(s)
		if err != nil {
			return nil, err
		}
		b.styles[k] = id
	}
	var err error
	b.header, err = x.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE3EC"}},
		Border: []excelize.Border{{Type: "bottom", Color: "5B6775", Style: 1}},
	})
	return b, err
}

// cell converts one value for its column: text neutralised, money and
// percentages to numbers (a percentage to its fraction, for the percent
// format), counts as integers, dates as dates; nil leaves the cell empty.
func (b *book) cell(k kind, v any) any {
	var val any
	switch v := v.(type) {
	case nil:
		return nil
	case typed:
		return b.cell(v.kind, v.v)
	case string:
		if v == "" {
			return nil
		}
		val = report.NeutralizeFormula(v)
	case decimal.Decimal:
		if k == percent {
			v = v.Shift(-2)
		}
		// Excel holds numbers as doubles; excelize writes the shortest
		// text that reads back as the same double, which for an amount in
		// cents is the amount itself.
		val = v.InexactFloat64()
	case time.Time:
		if v.IsZero() {
			return nil
		}
		val = v
	default:
		val = v
	}
	return excelize.Cell{StyleID: b.styles[k], Value: val}
}

// table writes a sheet (and its continuations) with a frozen, filtered
// header row: one row for each rows yields.
func (b *book) table(name, tableName string, cols []column, rows func(yield func(...any) bool)) error {
	part := 1
	sheet := name
	sw, err := b.start(sheet, cols)
	if err != nil {
		return err
	}
	n := 0
	var failed error
	rows(func(values ...any) bool {
		if n == b.maxRows {
			if failed = b.finish(sw, tableName, part, cols, n); failed != nil {
				return false
			}
			part++
			sheet = name + " (" + strconv.Itoa(part) + ")"
			if sw, failed = b.start(sheet, cols); failed != nil {
				return false
			}
			n = 0
		}
		b.row = b.row[:0]
		for i, v := range values {
			b.row = append(b.row, b.cell(cols[i].kind, v))
		}
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		failed = sw.SetRow(cell, b.row)
		return failed == nil
	})
	if failed != nil {
		return fmt.Errorf("workbook: sheet %s: %w", sheet, failed)
	}
	if err := b.finish(sw, tableName, part, cols, n); err != nil {
		return fmt.Errorf("workbook: sheet %s: %w", sheet, err)
	}
	return nil
}

// start opens a sheet for streaming: column widths, the header row, the
// frozen pane under it.
func (b *book) start(sheet string, cols []column) (*excelize.StreamWriter, error) {
	if sheet != SheetSummary {
		if _, err := b.x.NewSheet(sheet); err != nil {
			return nil, err
		}
	}
	sw, err := b.x.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: b.header, Value: c.name}
	}
	return sw, sw.SetRow("A1", head)
}

// finish makes the written rows an Excel table, which gives the header its
// filters, and flushes the sheet.
func (b *book) finish(sw *excelize.StreamWriter, tableName string, part int, cols []column, rows int) error {
	if rows > 0 {
		last, _ := excelize.CoordinatesToCellName(len(cols), rows+1)
		name := tableName
		if part > 1 {
			name += "_" + strconv.Itoa(part)
		}
		off := false
		if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: name, StyleName: "TableStyleLight1", ShowRowStripes: &off}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// summaryRow is one line of the summary: an item, its value (of its own
// kind: the Value column mixes them) and a note.
type summaryRow struct {
	item string
	kind kind
	v    any
	note string
}

func (b *book) summary(f *report.File) error {
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
		{"Recovery %", percent, f.Recovery.Percent, placed(f.Recovery.Expected, "all moves together (METHOD.md §8)")},
		{"Hygiene alone %", percent, f.Recovery.HygienePercent, placed(f.Recovery.HygieneExpected, "hygiene alone")},
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
	cols := []column{{"Item", text, 34}, {"Value", text, 22}, {"Note", text, 90}}
	return b.table(SheetSummary, "summary", cols, func(yield func(...any) bool) {
		for _, r := range rows {
			if !yield(r.item, typed{r.kind, r.v}, r.note) {
				return
			}
		}
	})
}

// typed is a value with a kind of its own, for the mixed Value column of
// the summary.
type typed struct {
	kind kind
	v    any
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

func (b *book) waterfall(f *report.File) error {
	cols := []column{{"Step", text, 28}, {"Key", text, 26}, {"Amount", money, 18}, {"Of the opening", percent, 14},
		{"Units", count, 10}, {"Findings", count, 10}, {"What it did", text, 90}}
	return b.table(SheetWaterfall, "waterfall", cols, func(yield func(...any) bool) {
		if !yield("Opening TCV", "", f.Opening.TCV, shareOf(f.Opening.TCV, f), nil, nil, "the vendor's proposal as priced") {
			return
		}
		for _, s := range f.Waterfall {
			if !yield(report.StepTitle(s.Name), s.Name, s.Amount, shareOf(s.Amount, f), s.Units, int64(len(s.Findings)), s.Detail) {
				return
			}
		}
		yield("Target TCV", "", f.Target.TCV, shareOf(f.Target.TCV, f), nil, nil, "")
	})
}

// shareOf is amount / opening TCV × 100, the way METHOD.md §0 shows a
// percentage (two decimals, half-even); nil when the opening is zero.
func shareOf(amount decimal.Decimal, f *report.File) any {
	if f.Opening.TCV.IsZero() {
		return nil
	}
	return amount.Mul(decimal.NewFromInt(100)).DivRound(f.Opening.TCV, 16).RoundBank(2)
}

func (b *book) lines(f *report.File) error {
	cols := []column{{"Position", text, 10}, {"SKU", text, 20}, {"License", text, 30}, {"Category", text, 14},
		{"Quantity", count, 12}, {"Unit price", money, 16}, {"True-forward premium %", percent, 14}, {"TCV", money, 18}}
	return b.table(SheetLines, "lines", cols, func(yield func(...any) bool) {
		for _, p := range []struct {
			name string
			pos  *report.Position
		}{{"opening", &f.Opening}, {"target", &f.Target}} {
			for _, l := range p.pos.Lines {
				if !yield(p.name, l.SKU, l.License, l.Category.String(), l.Quantity, l.UnitPrice,
					l.Premium.Shift(2), l.TCV) {
					return
				}
			}
		}
	})
}

// tableNames are Excel table names for the moves' sheets.
var tableNames = strings.NewReplacer("-", "_", " ", "_")

func (b *book) findings(f *report.File, m report.Move) error {
	cols := []column{{"Kind", text, 24}, {"Severity", text, 10}, {"License", text, 26}, {"Virtual Account", text, 26},
		{"UDI", text, 30}, {"User", text, 28}, {"Quantity", count, 10}, {"Amount", money, 16}, {"Detail", text, 80},
		{"Evidence", text, 44}, {"ID", text, 40}}
	fs := f.Findings(m)
	return b.table(m.Title(), tableNames.Replace(string(m)), cols, func(yield func(...any) bool) {
		for i := range fs {
			fd := &fs[i]
			udi := ""
			if !fd.UDI.IsZero() {
				udi = fd.UDI.String()
			}
			if !yield(string(fd.Kind), fd.Severity.String(), fd.License, fd.VirtualAccount, udi, fd.User,
				fd.Quantity, fd.Amount, fd.Detail, report.EvidenceText(fd.Evidence), fd.ID()) {
				return
			}
		}
	})
}

func (b *book) transfers(f *report.File) error {
	cols := []column{{"License", text, 30}, {"License type", text, 14}, {"From", text, 30}, {"To", text, 30}, {"Quantity", count, 10}}
	return b.table(SheetTransfers, "transfers", cols, func(yield func(...any) bool) {
		for _, t := range f.Rightsizing.Transfers {
			if !yield(t.License, t.LicenseType.String(), t.From, t.To, t.Quantity) {
				return
			}
		}
	})
}

func (b *book) scenarios(f *report.File) error {
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
	return b.table(SheetScenarios, "scenarios", cols, func(yield func(...any) bool) {
		row := make([]any, 0, len(cols))
		for _, sc := range f.Scenarios {
			row = row[:0]
			band := ""
			if sc.Recovery.Expected.Position != 0 {
				band = sc.Recovery.Expected.Position.String()
			}
			row = append(row, sc.Name, sc.TargetTCV, sc.TargetNPV, sc.Recovery.Amount, sc.Recovery.Percent, band)
			for _, s := range steps {
				row = append(row, sc.Steps[s])
			}
			if !yield(row...) {
				return
			}
		}
	})
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

func (b *book) evidence(f *report.File) error {
	cols := []column{{"Input", text, 28}, {"SHA-256", text, 68}, {"Records", count, 12}, {"Bytes", count, 14}}
	return b.table(SheetEvidence, "evidence", cols, func(yield func(...any) bool) {
		for _, in := range f.Inputs {
			if !yield(in.File, in.SHA256, int64(in.Records), in.Bytes) {
				return
			}
		}
	})
}
