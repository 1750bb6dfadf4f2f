package slp_test

import (
	"fmt"
	"time"

	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Assess the reporting status of product instances as CSSM lists them.
func ExampleGovernance_IndexFleet() {
	udi := func(sn string) smartaccount.UDI { u, _ := smartaccount.NewUDI("C9300-24UX", sn); return u }
	date := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	rows := []smartaccount.ProductInstance{
		{UDI: udi("FCW1"), VirtualAccount: "DC", License: "network-advantage", LastACK: date("2026-08-01")},
		{UDI: udi("FCW1"), VirtualAccount: "DC", License: "dna-advantage", LastACK: date("2026-08-01")},
		{UDI: udi("FCW2"), VirtualAccount: "DC", License: "network-advantage", LastACK: date("2026-10-01"), LastReport: date("2026-11-20")},
		{UDI: udi("FCW3"), VirtualAccount: "Lab", License: "network-advantage", Transport: smartaccount.TransportSLR},
	}
	g := slp.Governance{
		AsOf: date("2026-11-28"), // Policy nil: the Cisco default
		Classify: slp.EntitlementClassifier([]smartaccount.Entitlement{
			{License: "network-advantage", Type: smartaccount.Perpetual},
			{License: "dna-advantage", Type: smartaccount.Subscription},
		}),
	}
	f, err := g.IndexFleet(smartaccount.NewIndex(&smartaccount.Snapshot{Instances: rows}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for a := range f.Assessments() {
		due := "-"
		if !a.NextDue.IsZero() {
			due = a.NextDue.Format("2006-01-02")
		}
		fmt.Println(a.UDI.Serial, a.Group, due, a.Status)
	}
	fmt.Println("stage by", f.Wave.StageBy.Format("2006-01-02"))
	// Output:
	// FCW1 unenforced-subscription 2026-10-30 overdue
	// FCW2 unenforced-perpetual - not_required
	// FCW3 unenforced-perpetual - not_required
	// stage by 2026-11-28
}
