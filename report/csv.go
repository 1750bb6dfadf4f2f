package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// CSVHeader is the header row of WriteCSV, one column per field of a
// finding.
var CSVHeader = [...]string{"move", "kind", "severity", "license", "virtual_account", "udi", "user",
	"quantity", "amount", "detail", "evidence", "id"}

// EvidenceText joins evidence references with "; ", as the CSV of
// findings and the workbook write them: "product_instances.csv:12;
// footprint.csv:7".
func EvidenceText(refs []smartaccount.Ref) string {
	switch len(refs) {
	case 0:
		return ""
	case 1:
		return refs[0].String()
	}
	var b strings.Builder
	for i, r := range refs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(r.String())
	}
	return b.String()
}

// WriteCSV writes every finding of the file, one row each, in Moves order
// and within a move in the order its review reported them: the move it
// comes from, its kind and severity, license, Virtual Account, UDI, user,
// quantity, amount (two decimals), detail, its evidence references joined
// by "; " ("product_instances.csv:12; footprint.csv:7") and its ID (the one
// a waterfall step cites). The first row is CSVHeader.
//
// Text cells pass through NeutralizeFormula, so that a hostile hostname or
// detail cannot become a formula in a spreadsheet. Rows are streamed
// through a buffer: a file with a million findings is written in constant
// memory. WriteCSV returns the first error of w.
func WriteCSV(w io.Writer, f *File) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader[:]); err != nil {
		return err
	}
	rec := make([]string, len(CSVHeader))
	for _, m := range Moves {
		fs := f.Findings(m)
		for i := range fs {
			fd := &fs[i]
			rec[0] = string(m)
			rec[1] = NeutralizeFormula(string(fd.Kind))
			rec[2] = fd.Severity.String()
			rec[3] = NeutralizeFormula(fd.License)
			rec[4] = NeutralizeFormula(fd.VirtualAccount)
			rec[5] = NeutralizeFormula(udi(fd.UDI))
			rec[6] = NeutralizeFormula(fd.User)
			rec[7] = strconv.FormatInt(fd.Quantity, 10)
			rec[8] = cents(fd.Amount)
			rec[9] = NeutralizeFormula(fd.Detail)
			rec[10] = NeutralizeFormula(EvidenceText(fd.Evidence))
			rec[11] = NeutralizeFormula(fd.ID())
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
