package cssmtest_test

import (
	"context"
	"fmt"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
)

func ExampleServer_Inject() {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	c, _ := cssm.NewClient(srv.ClientParams(cssm.ProfileLegacy))
	// Two 503s, then the real answer: the client retries the read.
	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointVirtualAccounts, Kind: cssmtest.FaultStatus, Times: 2})
	_, resp, err := c.VirtualAccounts.List(context.Background(), srv.Domain())
	fmt.Println(resp.StatusCode, resp.Attempts, err)
	for _, r := range srv.Requests() {
		if r.Endpoint == cssmtest.EndpointToken {
			fmt.Println("token:", r.Fault)
			continue
		}
		fmt.Printf("%s: %s\n", r.Endpoint, r.Fault)
	}
	// Output:
	// 200 3 <nil>
	// token: none
	// virtual accounts: status
	// virtual accounts: status
	// virtual accounts: none
}
