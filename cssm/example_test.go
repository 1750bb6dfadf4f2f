package cssm_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// exampleAccount is a two-Virtual-Account Smart Account for the examples.
func exampleAccount() *smartaccount.Snapshot {
	u, _ := smartaccount.NewUDI("C9300-24UX", "FCW2134L0RN")
	return &smartaccount.Snapshot{
		Account: smartaccount.Account{Name: "Example Bank", Domain: "bank.example", VirtualAccounts: []smartaccount.VirtualAccount{{Name: "Branch"}, {Name: "Pool"}}},
		Entitlements: []smartaccount.Entitlement{
			{VirtualAccount: "Pool", License: "C9300 DNA Advantage", Type: smartaccount.Perpetual, Quantity: 40},
		},
		Instances: []smartaccount.ProductInstance{{UDI: u, VirtualAccount: "Branch", License: "C9300 DNA Advantage", Quantity: 1}},
	}
}

func ExampleSync() {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	if err := srv.Seed(exampleAccount()); err != nil {
		panic(err)
	}
	c, err := cssm.NewClient(srv.ClientParams(cssm.ProfileLegacy))
	if err != nil {
		panic(err)
	}
	snap, err := cssm.Sync(context.Background(), c, cssm.SyncParams{Domain: "bank.example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(snap.Account.Name, len(snap.Account.VirtualAccounts), "Virtual Accounts")
	for _, u := range snap.InUse {
		fmt.Printf("%s in %s: %d in use (%s)\n", u.License, u.VirtualAccount, u.Quantity, u.Ref)
	}
	fmt.Println(snap.Instances[0].UDI, snap.Instances[0].Ref)
	// Output:
	// Example Bank 2 Virtual Accounts
	// C9300 DNA Advantage in Branch: 1 in use (cssm:licenses[Branch|C9300 DNA Advantage])
	// C9300 DNA Advantage in Pool: 0 in use (cssm:licenses[Pool|C9300 DNA Advantage])
	// PID:C9300-24UX,SN:FCW2134L0RN cssm:devices[PID:C9300-24UX,SN:FCW2134L0RN]
}

func ExamplePrepareRequests() {
	plan := &virtualaccount.Plan{Transfers: []virtualaccount.Transfer{
		{License: "C9300 DNA Advantage", Type: smartaccount.Perpetual, From: "Pool", To: "R&D / Lab", Quantity: 1500},
	}}
	reqs, err := cssm.PrepareRequests(cssm.ProfileLegacy, "bank.example", plan)
	if err != nil {
		panic(err)
	}
	for _, r := range reqs {
		fmt.Println(r.Method, r.Path)
		fmt.Println(string(r.JSON))
	}
	// Output:
	// POST v1/accounts/bank.example/virtual-accounts/Pool/licenses/transfer
	// {"licenses":[{"license":"C9300 DNA Advantage","licenseType":"PERPETUAL","quantity":998,"targetVirtualAccount":"R&D / Lab"},{"license":"C9300 DNA Advantage","licenseType":"PERPETUAL","quantity":502,"targetVirtualAccount":"R&D / Lab"}]}
}

func ExampleErrorResponse() {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	c, _ := cssm.NewClient(srv.ClientParams(cssm.ProfileLegacy))
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultNotSubscribed})
	_, _, err := c.VirtualAccounts.List(context.Background(), srv.Domain())
	var er *cssm.ErrorResponse
	if errors.As(err, &er) {
		fmt.Println(er.StatusCode, errors.Is(err, cssm.ErrNotSubscribed))
	}
	// Output:
	// 403 true
}

func ExampleDevicesService_All() {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	_ = srv.Seed(exampleAccount())
	c, _ := cssm.NewClient(srv.ClientParams(cssm.ProfileSoftware))
	for d, err := range c.Devices.All(context.Background(), "bank.example", &cssm.ListParams{Limit: 50}) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(d.SUDI.UDIPID, d.SUDI.UDISerialNumber, d.VirtualAccount)
	}
	// Output:
	// C9300-24UX FCW2134L0RN Branch
}
