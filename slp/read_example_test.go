package slp_test

import (
	"context"
	"fmt"
	"os"

	"github.com/openrenewal/smartlicensing/slp"
)

// Read a folder of captures and usage files, one file at a time.
func ExampleReadFiles() {
	fsys := os.DirFS("capture/testdata/captures")
	for f, err := range slp.ReadFiles(context.Background(), fsys, "show_license_udi_golden_output2.txt", "show_license_techsupport_golden_output_5.txt") {
		if err != nil { // the context ended
			fmt.Println(err)
			return
		}
		if f.Err != nil {
			fmt.Println(f.Path, "skipped:", f.Err)
			continue
		}
		c := f.Capture
		fmt.Println(f.Path, "|", c.Command, "|", c.UDI, "| HA members:", len(c.HA))
		for _, l := range c.Licenses {
			fmt.Println("  ", l.Name, l.Count, l.Status, l.EntitlementTag)
		}
	}
	// Output:
	// show_license_udi_golden_output2.txt | show license udi | PID:C9350-24U,SN:FOC2705Y8X0 | HA members: 4
	// show_license_techsupport_golden_output_5.txt | show license tech support | PID:C9410R,SN:FXS2228026X | HA members: 2
	//    network-advantage 2 IN USE regid.2017-05.com.cisco.advantagek9-C9400,1.0_61a546cd-1037-47cb-bbe6-7cad3217a7b3
	//    dna-advantage 1 IN USE regid.2017-05.com.cisco.dna_advantage-C9400,1.0_6e77dbc1-0da3-466c-8414-97c8ee4d48ce
}
