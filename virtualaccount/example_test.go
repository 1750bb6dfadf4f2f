package virtualaccount_test

import (
	"fmt"

	"github.com/openrenewal/smartlicensing/virtualaccount"
)

func ExampleDimension_Of() {
	va := virtualaccount.VirtualAccount{Name: "Retail EMEA", BusinessUnit: "Retail", Region: "EMEA",
		Workload: virtualaccount.Production, Environment: virtualaccount.OnPrem}
	for _, d := range virtualaccount.Dimensions {
		fmt.Printf("%s=%s\n", d, d.Of(va))
	}
	// Output:
	// business_unit=Retail
	// region=EMEA
	// workload=production
	// environment=on-prem
}

func ExampleParseEnvironment() {
	e, err := virtualaccount.ParseEnvironment("Air Gapped")
	fmt.Println(e, err)
	// Output: air-gapped <nil>
}
