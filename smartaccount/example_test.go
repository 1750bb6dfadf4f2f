package smartaccount_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

func ExampleParseUDI() {
	for _, s := range []string{
		"PID:C9300-24UX,SN:FCW2134L0RN",           // show license udi
		"P:C9300-24UX, S:fcw2134l0rn",             // SLR authorization code
		"UDI_PID:C9300-24UX; UDI_SN:FCW2134L0RN;", // smart agent
	} {
		u, err := smartaccount.ParseUDI(s)
		fmt.Println(u, err)
	}
	// Output:
	// PID:C9300-24UX,SN:FCW2134L0RN <nil>
	// PID:C9300-24UX,SN:FCW2134L0RN <nil>
	// PID:C9300-24UX,SN:FCW2134L0RN <nil>
}

func ExampleNewUDI() {
	u, _ := smartaccount.NewUDI(" c9300-24ux ", "fcw2134l0rn")
	fmt.Println(u.PID, u.Serial)
	// Output: C9300-24UX FCW2134L0RN
}

func ExampleParseLicenseType() {
	t, err := smartaccount.ParseLicenseType("subscription")
	fmt.Println(t, err)
	_, err = smartaccount.ParseLicenseType("lease")
	var ue *smartaccount.UnknownValueError
	fmt.Println(errors.As(err, &ue), ue.Accepted)
	// Output:
	// SUBSCRIPTION <nil>
	// true [PERPETUAL TERM SUBSCRIPTION STANDARD DEMO]
}
func ExampleDimension_Of() {
	va := smartaccount.VirtualAccount{Name: "Retail EMEA", BusinessUnit: "Retail", Region: "EMEA",
		Workload: smartaccount.Production, Environment: smartaccount.OnPrem}
	for _, d := range smartaccount.Dimensions {
		fmt.Printf("%s=%s\n", d, d.Of(va))
	}
	// Output:
	// business_unit=Retail
	// region=EMEA
	// workload=production
	// environment=on-prem
}

func ExampleParseEnvironment() {
	e, err := smartaccount.ParseEnvironment("Air Gapped")
	fmt.Println(e, err)
	// Output: air-gapped <nil>
}

// The hygiene review of a small Smart Account: one device registered
// twice, one gone from the inventory.
func ExampleReview() {
	sw1, _ := smartaccount.NewUDI("C9300-24UX", "FCW2134L0RN")
	sw2, _ := smartaccount.NewUDI("C9300-48P", "FOC2236ESSZ")
	contact := func(day int) time.Time { return time.Date(2026, 10, day, 8, 0, 0, 0, time.UTC) }
	const adv = "C9300 DNA Advantage"
	s := &smartaccount.Snapshot{
		Account: smartaccount.Account{Name: "Example Bank", Domain: "example.com",
			VirtualAccounts: []smartaccount.VirtualAccount{{Name: "Branch"}, {Name: "Campus"}}},
		Entitlements: []smartaccount.Entitlement{
			{VirtualAccount: "Branch", License: adv, Type: smartaccount.Perpetual, Quantity: 1, Ref: smartaccount.Ref{Source: "entitlements.csv", Line: 2}},
		},
		Instances: []smartaccount.ProductInstance{
			{UDI: sw1, Hostname: "br-sw1", VirtualAccount: "Branch", License: adv, Quantity: 1, LastContact: contact(30), Ref: smartaccount.Ref{Source: "product_instances.csv", Line: 2}},
			{UDI: sw1, Hostname: "br-sw1", VirtualAccount: "Campus", License: adv, Quantity: 1, LastContact: contact(2), Ref: smartaccount.Ref{Source: "product_instances.csv", Line: 3}},
			{UDI: sw2, Hostname: "br-sw2", VirtualAccount: "Branch", License: adv, Quantity: 1, LastContact: contact(30), Ref: smartaccount.Ref{Source: "product_instances.csv", Line: 4}},
		},
		Footprint: []smartaccount.Device{
			{UDI: sw1, Status: smartaccount.FootprintActive, Ref: smartaccount.Ref{Source: "footprint.csv", Line: 2}},
			{UDI: sw2, Status: smartaccount.FootprintRetired, Ref: smartaccount.Ref{Source: "footprint.csv", Line: 3}},
		},
	}
	h, err := smartaccount.Review(smartaccount.NewIndex(s), smartaccount.ReviewParams{AsOf: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range h.Findings {
		fmt.Println(f.Kind, f.Evidence)
	}
	l := h.Licenses[0]
	fmt.Printf("%s: consumed %d, reclaimable %d, need %d, entitled %d\n", l.License, l.Consumed, l.Reclaimable, l.Need, l.Entitled)
	for _, r := range h.Registrations(smartaccount.ClassDecommissioned, smartaccount.ClassDuplicate) {
		fmt.Println("remove:", r.VirtualAccount, r.Hostname, r.Class)
	}
	// Output:
	// shortage [entitlements.csv:2 product_instances.csv[virtual_account=Branch, license=C9300 DNA Advantage]]
	// shortage [product_instances.csv[virtual_account=Campus, license=C9300 DNA Advantage]]
	// decommissioned [footprint.csv:3 product_instances.csv:4]
	// duplicate [product_instances.csv:2 product_instances.csv:3]
	// C9300 DNA Advantage: consumed 3, reclaimable 2, need 1, entitled 1
	// remove: Branch br-sw2 decommissioned
	// remove: Campus br-sw1 duplicate
}
