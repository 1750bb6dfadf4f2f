package sample_test

import (
	"fmt"

	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The default sample is the published case: 42,000 registered product
// instances, 6,000 of them gone from the buyer's inventory.
func Example() {
	ds, err := sample.Generate(sample.Params{})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := ds.Snapshot
	gone := map[smartaccount.UDI]bool{}
	for _, d := range s.Footprint {
		if d.Status.Gone() {
			gone[d.UDI] = true
		}
	}
	type instance struct {
		udi smartaccount.UDI
		va  string
	}
	instances := map[instance]bool{}
	decommissioned := 0
	for _, p := range s.Instances {
		k := instance{p.UDI, p.VirtualAccount}
		if !instances[k] && gone[p.UDI] {
			decommissioned++
		}
		instances[k] = true
	}
	fmt.Println("Smart Account:", s.Account.Name)
	fmt.Println("Virtual Accounts:", len(s.Account.VirtualAccounts))
	fmt.Println("product-instance rows:", len(s.Instances))
	fmt.Println("registered instances:", len(instances))
	fmt.Println("decommissioned in the footprint:", decommissioned)
	fmt.Println("footprint devices:", len(s.Footprint))
	fmt.Println("SLR reservations:", len(s.Reservations))
	fmt.Println("users:", len(s.Users))
	// Output:
	// Smart Account: Meridian Trust Financial Group
	// Virtual Accounts: 34
	// product-instance rows: 43800
	// registered instances: 42000
	// decommissioned in the footprint: 6000
	// footprint devices: 41950
	// SLR reservations: 840
	// users: 64
}

// Every count scales with the size: a 1,000-instance sample for quick tests.
func ExampleGenerate() {
	ds, err := sample.Generate(sample.Params{Instances: 1000})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("product-instance rows:", len(ds.Snapshot.Instances))
	fmt.Println("as of:", ds.Options.AsOf.Format("2006-01-02"), "renewal:", ds.Options.RenewalDate.Format("2006-01-02"))

	_, err = sample.Generate(sample.Params{Instances: 500})
	fmt.Println(err)
	// Output:
	// product-instance rows: 1043
	// as of: 2026-11-01 renewal: 2027-01-01
	// sample: 500 instances is outside the range 1000 to 1000000
}
