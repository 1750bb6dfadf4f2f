package workbook_test

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/openrenewal/smartlicensing/examples/internal/workbook"
	"github.com/openrenewal/smartlicensing/report/reporttest"
)

func ExampleWrite() {
	f, err := reporttest.File(100)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b bytes.Buffer
	if err := workbook.Write(&b, f); err != nil {
		fmt.Println(err)
		return
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer x.Close()
	fmt.Println(x.GetSheetList())
	// The hygiene step takes 2,400 × 52.00 + 1,900 × 24.00 + 1,300 × 18.00
	// + 300 × 60.00 + 100 × 41.00 = 215,900.00 a year off the subscription
	// lines, over five years at a 9 % uplift, each line's year rounded:
	// 1,292,099.03, shown in the currency format.
	step, _ := x.GetCellValue("Waterfall", "A3")
	amount, _ := x.GetCellValue("Waterfall", "C3")
	fmt.Println(step, amount)
	// Output:
	// [Summary Waterfall Lines Reconciliation Clean-up User access Rightsizing True-forward SLR Pricing Transfers Scenarios Evidence]
	// Smart Account hygiene USD 1,292,099.03
}
