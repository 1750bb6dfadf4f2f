package virtualaccount_test

import (
	"fmt"

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
