package report_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// exampleFile is a one-line renewal: 10 units at 100.00 a year for two
// years with a 5 % uplift (1,000.00 + 1,050.00 = 2,050.00), of which one
// decommissioned device's unit is reclaimed (100.00 + 105.00 = 205.00).
func exampleFile() *report.File {
	finding := smartaccount.Finding{
		Kind: "decommissioned", Severity: smartaccount.SeverityCritical,
		License: "DNA Essentials", VirtualAccount: "Branch",
		UDI: smartaccount.UDI{PID: "C9200-24T", Serial: "JAE1"}, Quantity: 1,
		Detail:   "decommissioned in the footprint, still registered",
		Evidence: []smartaccount.Ref{{Source: "product_instances.csv", Line: 12}, {Source: "footprint.csv", Line: 7}},
	}
	line := func(q int64, tcv string) report.Line {
		return report.Line{SKU: "DNA-E", License: "DNA Essentials", Category: pricing.Subscription, Quantity: q,
			UnitPrice: decimal.RequireFromString("100.00"), TCV: decimal.RequireFromString(tcv)}
	}
	return &report.File{
		SmartAccount: "Example Bank", AsOf: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Currency: "USD",
		Opening: report.Position{Lines: []report.Line{line(10, "2050.00")},
			Schedule: []decimal.Decimal{decimal.RequireFromString("1000.00"), decimal.RequireFromString("1050.00")},
			TCV:      decimal.RequireFromString("2050.00"), NPV: decimal.RequireFromString("2000.00")},
		Target: report.Position{Lines: []report.Line{line(9, "1845.00")},
			Schedule: []decimal.Decimal{decimal.RequireFromString("900.00"), decimal.RequireFromString("945.00")},
			TCV:      decimal.RequireFromString("1845.00"), NPV: decimal.RequireFromString("1800.00")},
		Waterfall: []report.Step{{Name: report.StepHygiene, Amount: decimal.RequireFromString("205.00"), Units: 1,
			Detail: "1 decommissioned device's unit is reclaimed.", Findings: []string{finding.ID()}}},
		// 205.00 / 2,050.00 = 10.00 %.
		Recovery: report.Recovery{Amount: decimal.RequireFromString("205.00"), Percent: pricing.NewPercent(decimal.RequireFromString("10.00"))},
		Hygiene:  report.Hygiene{Cleanup: []smartaccount.Finding{finding}},
		Inputs:   []report.Input{{File: "product_instances.csv", SHA256: "5e8f…", Records: 10, Bytes: 900}},
	}
}

func ExampleWriteJSON() {
	if err := report.WriteJSON(os.Stdout, exampleFile()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "smart_account": "Example Bank",
	//   "as_of": "2026-03-01",
	//   "currency": "USD",
	//   "opening": {
	//     "tcv": "2050.00",
	//     "npv": "2000.00",
	//     "schedule": [
	//       {"year":1,"amount":"1000.00"},
	//       {"year":2,"amount":"1050.00"}
	//     ],
	//     "lines": [
	//       {"sku":"DNA-E","license":"DNA Essentials","category":"subscription","quantity":10,"unit_price":"100.00","tcv":"2050.00","uplift":"0.00"}
	//     ],
	//     "cap_kind": "none",
	//     "price_cap": "0.00"
	//   },
	//   "target": {
	//     "tcv": "1845.00",
	//     "npv": "1800.00",
	//     "schedule": [
	//       {"year":1,"amount":"900.00"},
	//       {"year":2,"amount":"945.00"}
	//     ],
	//     "lines": [
	//       {"sku":"DNA-E","license":"DNA Essentials","category":"subscription","quantity":9,"unit_price":"100.00","tcv":"1845.00","uplift":"0.00"}
	//     ],
	//     "cap_kind": "none",
	//     "price_cap": "0.00"
	//   },
	//   "waterfall": [
	//     {
	//       "step": "smart_account_hygiene",
	//       "amount": "205.00",
	//       "evidence_count": 1,
	//       "title": "Smart Account hygiene",
	//       "units": 1,
	//       "detail": "1 decommissioned device's unit is reclaimed.",
	//       "findings": [
	//         "decommissioned|Branch|DNA Essentials|PID:C9200-24T,SN:JAE1|"
	//       ]
	//     }
	//   ],
	//   "recovery": {
	//     "amount": "205.00",
	//     "percent": "10.00",
	//     "expected": {"low_percent":"0.00","high_percent":"0.00","position":null},
	//     "hygiene_percent": "0.00",
	//     "hygiene_expected": {"low_percent":"0.00","high_percent":"0.00","position":null}
	//   },
	//   "reconciliation": [],
	//   "hygiene": {
	//     "findings": [
	//       {"kind":"decommissioned","severity":"critical","license":"DNA Essentials","virtual_account":"Branch","quantity":1,"amount":"0.00","evidence":["product_instances.csv:12","footprint.csv:7"],"move":"hygiene_cleanup","udi":"PID:C9200-24T,SN:JAE1","user":"","detail":"decommissioned in the footprint, still registered","id":"decommissioned|Branch|DNA Essentials|PID:C9200-24T,SN:JAE1|"}
	//     ],
	//     "classes": {},
	//     "licenses": []
	//   },
	//   "virtual_accounts": {
	//     "fragmented_shortage": 0,
	//     "pooled_shortage": 0,
	//     "by_license": [],
	//     "by_dimension": {},
	//     "transfers": [],
	//     "requests": 0,
	//     "findings": []
	//   },
	//   "true_forward": {
	//     "milestones": [],
	//     "forecast": [],
	//     "findings": []
	//   },
	//   "slp": {
	//     "instances_by_status": {},
	//     "reporting_wave": {
	//       "stage_by": null,
	//       "periodic": 0,
	//       "past_due": 0,
	//       "weeks": [],
	//       "later": 0
	//     }
	//   },
	//   "slr": {
	//     "findings": [],
	//     "reclaimable": {}
	//   },
	//   "evidence": {
	//     "inputs": [
	//       {"file":"product_instances.csv","sha256":"5e8f…","records":10,"bytes":900}
	//     ]
	//   },
	//   "domain": "",
	//   "vendor": "",
	//   "term_years": 0,
	//   "start_date": null,
	//   "cap": {
	//     "cap_kind": "none",
	//     "price_cap": "0.00",
	//     "years": 0,
	//     "over_term_percent": null,
	//     "detail": ""
	//   },
	//   "uplift_band": null,
	//   "pricing": {
	//     "findings": []
	//   },
	//   "counter_proposal": null,
	//   "scenarios": [],
	//   "missing": [],
	//   "warnings": []
	// }
}

func ExampleWriteCSV() {
	f := exampleFile()
	// A user whose name a spreadsheet would run as a formula.
	f.Hygiene.Access = []smartaccount.Finding{{Kind: "external_user", Severity: smartaccount.SeverityWarning,
		User: `=HYPERLINK("http://evil.example","x")@evil.example`, Detail: "e-mail domain outside the customer's domains",
		Evidence: []smartaccount.Ref{{Source: "users.csv", Line: 4}}}}
	if err := report.WriteCSV(os.Stdout, f); err != nil {
		fmt.Println(err)
	}
	// Output:
	// move,kind,severity,license,virtual_account,udi,user,quantity,amount,detail,evidence,id
	// hygiene_cleanup,decommissioned,critical,DNA Essentials,Branch,"PID:C9200-24T,SN:JAE1",,1,0.00,"decommissioned in the footprint, still registered",product_instances.csv:12; footprint.csv:7,"decommissioned|Branch|DNA Essentials|PID:C9200-24T,SN:JAE1|"
	// hygiene_user_access,external_user,warning,,,,"'=HYPERLINK(""http://evil.example"",""x"")@evil.example",0,0.00,e-mail domain outside the customer's domains,users.csv:4,"external_user||||=HYPERLINK(""http://evil.example"",""x"")@evil.example"
}

func ExampleNeutralizeFormula() {
	for _, s := range []string{"C9300 DNA Advantage", "=1+1", "-2+3", "@SUM(A1:A9)"} {
		fmt.Println(report.NeutralizeFormula(s))
	}
	// Output:
	// C9300 DNA Advantage
	// '=1+1
	// '-2+3
	// '@SUM(A1:A9)
}

func ExampleWriteMarkdown() {
	f := exampleFile()
	f.Missing = []report.Missing{{Input: "footprint.csv", Consequence: "no instance can be classified decommissioned"}}
	// Only the executive summary's opening lines are shown here.
	var b strings.Builder
	if err := report.WriteMarkdown(&b, f, report.MarkdownParams{FindingsCSV: "findings.csv"}); err != nil {
		fmt.Println(err)
	}
	summary := strings.SplitN(b.String(), "\n", 14)[:13]
	fmt.Println(strings.Join(summary, "\n"))
	// Output:
	// # Procurement file: Example Bank
	//
	// as of 2026-03-01 · amounts in USD
	//
	// ## Executive summary
	//
	// The opening proposal costs USD 2,050.00. The documented target is USD 1,845.00: USD 205.00 less, 10.00 % of the opening.
	//
	// |  | TCV (USD) | NPV (USD) | Of the opening TCV |
	// | --- | ---: | ---: | ---: |
	// | Opening | 2,050.00 | 2,000.00 |  |
	// | Target | 1,845.00 | 1,800.00 | 90.00 % |
	// | Recovery | 205.00 | 200.00 | 10.00 % |
}
