package slp_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/openrenewal/smartlicensing/slp"
)

// Read a folder of captures and usage files, merge them into instances and
// assess their reporting status.
func ExampleInventory() {
	var inv slp.Inventory
	for f, err := range slp.ReadFiles(context.Background(), os.DirFS("testdata/inventory/merge"), ".") {
		if err != nil {
			fmt.Println(err)
			return
		}
		if _, err := inv.AddFile(context.Background(), f); err != nil {
			fmt.Println("skipped:", err)
		}
	}
	g := slp.Governance{AsOf: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), Classify: inv.Classify}
	fleet, err := g.Fleet(inv.Instances())
	if err != nil {
		fmt.Println(err)
		return
	}
	for a := range fleet.Assessments() {
		fmt.Println(a.Hostname, a.UDI, a.VirtualAccount, a.Transport)
		fmt.Println("  from", a.Refs)
		fmt.Println("  last ACK", a.LastACK.Format("2006-01-02"), "next due", a.NextDue.Format("2006-01-02"), a.Status)
	}
	// Output:
	// sw1 PID:C9300-24UX,SN:FCW2222A0AA DC-East cslu
	//   from [a-status.txt b-udi.txt c-usage.xml]
	//   last ACK 2024-06-01 next due 2024-08-30 ack_missing
}
