package virtualaccount_test

import (
	"fmt"
	"strconv"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// A plan is batched into requests of the size CSSM accepts: 2,100 units
// leave in lines of at most 998.
func ExamplePlan_Requests() {
	p := virtualaccount.Plan{Transfers: []virtualaccount.Transfer{
		{License: "C9300 DNA Advantage", Type: smartaccount.Perpetual, From: "GT-GLOBAL-POOL", To: "RB-AMER-BRANCH-PROD", Quantity: 2100},
		{License: "C9300 DNA Essentials", Type: smartaccount.Term, From: "GT-GLOBAL-POOL", To: "GT-EMEA-DR", Quantity: 40},
	}}
	requests, err := p.Requests()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range requests {
		fmt.Println("from", r.From)
		for _, l := range r.Lines {
			fmt.Printf("  %4d %s %s to %s\n", l.Quantity, l.License, l.Type, l.To)
		}
	}
	// Output:
	// from GT-GLOBAL-POOL
	//    998 C9300 DNA Advantage PERPETUAL to RB-AMER-BRANCH-PROD
	//    998 C9300 DNA Advantage PERPETUAL to RB-AMER-BRANCH-PROD
	//    104 C9300 DNA Advantage PERPETUAL to RB-AMER-BRANCH-PROD
	//     40 C9300 DNA Essentials TERM to GT-EMEA-DR
}

// Two branches: one short of a license, one with spare units. Pooling
// moves the spare perpetual unit first.
func ExampleRightsize() {
	at := func(line int) smartaccount.Ref { return smartaccount.Ref{Source: "entitlements.csv", Line: line} }
	s := &smartaccount.Snapshot{
		Account: smartaccount.Account{Name: "Example", VirtualAccounts: []smartaccount.VirtualAccount{
			{Name: "Branch East", Region: "EMEA"}, {Name: "Branch West", Region: "EMEA"}}},
		Entitlements: []smartaccount.Entitlement{
			{VirtualAccount: "Branch East", License: "DNA Advantage", Type: smartaccount.Subscription, Quantity: 2,
				End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Ref: at(2)},
			{VirtualAccount: "Branch East", License: "DNA Advantage", Type: smartaccount.Perpetual, Quantity: 1, Ref: at(3)},
		},
	}
	for i, va := range []string{"Branch East", "Branch West", "Branch West"} {
		u, _ := smartaccount.NewUDI("C9300-24UX", "FCW000"+strconv.Itoa(i))
		s.Instances = append(s.Instances, smartaccount.ProductInstance{UDI: u, VirtualAccount: va, License: "DNA Advantage", Quantity: 1,
			Ref: smartaccount.Ref{Source: "product_instances.csv", Line: i + 2}})
	}
	h, err := smartaccount.Review(smartaccount.NewIndex(s), smartaccount.ReviewParams{AsOf: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := virtualaccount.Rightsize(h)
	for _, p := range r.Licenses {
		fmt.Printf("%s: fragmented shortage %d, pooled %d, pooling saves %d\n", p.License, p.Fragmented, p.Pooled, p.Saving())
	}
	fmt.Print(r.Plan.String())
	// Output:
	// DNA Advantage: fragmented shortage 2, pooled 0, pooling saves 2
	// license        type          units  from         to
	// DNA Advantage  PERPETUAL     1      Branch East  Branch West
	// DNA Advantage  SUBSCRIPTION  1      Branch East  Branch West
	// 2 transfers, 2 units
}
