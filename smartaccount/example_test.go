package smartaccount_test

import (
	"errors"
	"fmt"

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
