package workbook

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The namespaces and content types of SpreadsheetML and its package.
const (
	xmlHeader       = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain          = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPackageRels   = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsContentTypes  = "http://schemas.openxmlformats.org/package/2006/content-types"
	relOffice       = nsRelationships + "/officeDocument"
	relWorksheet    = nsRelationships + "/worksheet"
	relStyles       = nsRelationships + "/styles"
	relTable        = nsRelationships + "/table"
	typeSpreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml."
	typeWorkbook    = typeSpreadsheet + "sheet.main+xml"
	typeWorksheet   = typeSpreadsheet + "worksheet+xml"
	typeStyles      = typeSpreadsheet + "styles+xml"
	typeTable       = typeSpreadsheet + "table+xml"
)

// writePackage writes the sheets as a workbook (an Office Open XML
// package, a zip archive) to w: the parts in a fixed order, each
// compressed as it is written, the worksheets streamed row by row.
func writePackage(w io.Writer, sheets []*sheet, moneyFormat string) error {
	if err := checkNames(sheets); err != nil {
		return err
	}
	d := newDeflater(runtime.GOMAXPROCS(0))
	defer d.stop()
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, d.stream)
	// tables[i] is the id of sheet i's table, 0 for none.
	tables := make([]int, len(sheets))
	n := 0
	for i, s := range sheets {
		if s.hasTable() {
			n++
			tables[i] = n
		}
	}
	small := []struct {
		name string
		body string
	}{
		{"[Content_Types].xml", contentTypes(sheets, tables)},
		{"_rels/.rels", relationships(nsPackageRels, relationship{"rId1", relOffice, "xl/workbook.xml"})},
		{"xl/workbook.xml", workbookXML(sheets)},
		{"xl/_rels/workbook.xml.rels", workbookRels(sheets)},
		{"xl/styles.xml", stylesXML(moneyFormat)},
	}
	for _, p := range small {
		if err := writePart(zw, p.name, p.body); err != nil {
			return err
		}
	}
	c := &cells{b: make([]byte, 0, flushSize+4096)}
	for i, s := range sheets {
		name := "xl/worksheets/sheet" + strconv.Itoa(i+1) + ".xml"
		part, err := zw.Create(name)
		if err == nil {
			err = c.worksheet(part, s, i == 0)
		}
		if err != nil {
			return fmt.Errorf("workbook: sheet %s: %w", s.name, err)
		}
		if tables[i] == 0 {
			continue
		}
		table := "tables/table" + strconv.Itoa(tables[i]) + ".xml"
		if err := writePart(zw, "xl/worksheets/_rels/sheet"+strconv.Itoa(i+1)+".xml.rels",
			relationships(nsPackageRels, relationship{"rId1", relTable, "../" + table})); err != nil {
			return err
		}
		if err := writePart(zw, "xl/"+table, tableXML(s, tables[i])); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	return nil
}

// tableName is what Excel takes as a table's name.
var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*$`)

// checkNames returns an error for a name Excel would refuse, rather than
// write a workbook it cannot open: a sheet name empty, longer than 31
// characters, holding one of : \ / ? * [ ], beginning or ending with an
// apostrophe, or used twice (in any case); a table name other than a
// letter or underscore followed by letters, digits, underscores and full
// stops, or used twice.
func checkNames(sheets []*sheet) error {
	seen := map[string]bool{}
	for _, s := range sheets {
		n := utf8.RuneCountInString(s.name)
		switch lower := strings.ToLower(s.name); {
		case n == 0 || n > 31 || strings.ContainsAny(s.name, `:\/?*[]`) ||
			strings.HasPrefix(s.name, "'") || strings.HasSuffix(s.name, "'"):
			return fmt.Errorf("workbook: %q cannot name a sheet", s.name)
		case seen[lower]:
			return fmt.Errorf("workbook: two sheets named %q", s.name)
		default:
			seen[lower] = true
		}
		if !s.hasTable() {
			continue
		}
		switch lower := "table " + strings.ToLower(s.table); {
		case !tableName.MatchString(s.table):
			return fmt.Errorf("workbook: %q cannot name a table", s.table)
		case seen[lower]:
			return fmt.Errorf("workbook: two tables named %q", s.table)
		default:
			seen[lower] = true
		}
	}
	return nil
}

func writePart(zw *zip.Writer, name, body string) error {
	part, err := zw.Create(name)
	if err == nil {
		_, err = io.WriteString(part, body)
	}
	if err != nil {
		return fmt.Errorf("workbook: %s: %w", name, err)
	}
	return nil
}

// attr returns s escaped for an XML attribute value.
func attr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

func contentTypes(sheets []*sheet, tables []int) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Types xmlns="` + nsContentTypes + `">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="` + typeWorkbook + `"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="` + typeStyles + `"/>`)
	for i := range sheets {
		b.WriteString(`<Override PartName="/xl/worksheets/sheet` + strconv.Itoa(i+1) + `.xml" ContentType="` + typeWorksheet + `"/>`)
	}
	for _, t := range tables {
		if t != 0 {
			b.WriteString(`<Override PartName="/xl/tables/table` + strconv.Itoa(t) + `.xml" ContentType="` + typeTable + `"/>`)
		}
	}
	b.WriteString(`</Types>`)
	return b.String()
}

type relationship struct{ id, typ, target string }

func relationships(ns string, rels ...relationship) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Relationships xmlns="` + ns + `">`)
	for _, r := range rels {
		b.WriteString(`<Relationship Id="` + r.id + `" Type="` + r.typ + `" Target="` + attr(r.target) + `"/>`)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

// workbookXML lists the sheets; sheet i is relationship rId(i+1) of the
// workbook, the styles the one after them.
func workbookXML(sheets []*sheet) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRelationships + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range sheets {
		id := strconv.Itoa(i + 1)
		b.WriteString(`<sheet name="` + attr(s.name) + `" sheetId="` + id + `" r:id="rId` + id + `"/>`)
	}
	b.WriteString(`</sheets></workbook>`)
	return b.String()
}

func workbookRels(sheets []*sheet) string {
	rels := make([]relationship, 0, len(sheets)+1)
	for i := range sheets {
		id := strconv.Itoa(i + 1)
		rels = append(rels, relationship{"rId" + id, relWorksheet, "worksheets/sheet" + id + ".xml"})
	}
	rels = append(rels, relationship{"rId" + strconv.Itoa(len(sheets)+1), relStyles, "styles.xml"})
	return relationships(nsPackageRels, rels...)
}

// stylesXML holds the cell styles: one per kind, in kind order, text's
// (0) also the default, then the header's (headerStyle) — bold on a
// grey-blue fill above a thin rule. Every style aligns to the top. Counts
// and percentages use Excel's built-in formats 3 (#,##0) and 10 (0.00%),
// money and dates formats of their own.
func stylesXML(moneyFormat string) string {
	formats := [kinds]string{text: "0", count: "3", money: "164", percent: "10", date: "165"}
	var b strings.Builder
	b.WriteString(xmlHeader + `<styleSheet xmlns="` + nsMain + `">` +
		`<numFmts count="2"><numFmt numFmtId="164" formatCode="` + attr(moneyFormat) + `"/>` +
		`<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
		`<fill><patternFill patternType="solid"><fgColor rgb="FFDCE3EC"/><bgColor indexed="64"/></patternFill></fill></fills>` +
		`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
		`<border><left/><right/><top/><bottom style="thin"><color rgb="FF5B6775"/></bottom><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="` + strconv.Itoa(int(headerStyle)+1) + `">`)
	for k := range kinds {
		apply := ` applyNumberFormat="1"`
		if k == text {
			apply = ""
		}
		b.WriteString(`<xf numFmtId="` + formats[k] + `" fontId="0" fillId="0" borderId="0" xfId="0"` + apply +
			` applyAlignment="1"><alignment vertical="top"/></xf>`)
	}
	b.WriteString(`<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"` +
		` applyAlignment="1"><alignment vertical="top"/></xf>` +
		`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>` +
		`</styleSheet>`)
	return b.String()
}

// tableXML is the Excel table over a sheet's header and rows, which gives
// the header its filters; its columns are named as the header's cells.
func tableXML(s *sheet, id int) string {
	ref := s.ref()
	var b strings.Builder
	b.WriteString(xmlHeader + `<table xmlns="` + nsMain + `" id="` + strconv.Itoa(id) + `" name="` + attr(s.table) +
		`" displayName="` + attr(s.table) + `" ref="` + ref + `"><autoFilter ref="` + ref + `"/>` +
		`<tableColumns count="` + strconv.Itoa(len(s.cols)) + `">`)
	for i, c := range s.cols {
		b.WriteString(`<tableColumn id="` + strconv.Itoa(i+1) + `" name="` + attr(c.name) + `"/>`)
	}
	b.WriteString(`</tableColumns><tableStyleInfo name="TableStyleLight1" showFirstColumn="0" showLastColumn="0"` +
		` showRowStripes="0" showColumnStripes="0"/></table>`)
	return b.String()
}
