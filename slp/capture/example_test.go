package capture_test

import (
	"fmt"
	"strings"

	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/policy"
)

func ExampleParse() {
	text := "switch1#show license status\r\n" +
		"Smart Licensing Using Policy:\r\n  Status: ENABLED\r\n\r\n" +
		"Account Information:\r\n  Smart Account: Bank As of Jul 02 13:13:37 2024 EDT\r\n  Virtual Account: DC-East\r\n\r\n" +
		"Transport:\r\n  Type: cslu\r\n  Cslu address: http://cslu.example.net:8182/cslu/v1/pi\r\n\r\n" +
		"Policy:\r\n  Policy in use: Merged from multiple sources.\r\n  Reporting ACK required: yes (CISCO default)\r\n" +
		"  Unenforced/Non-Export Subscription Attributes:\r\n" +
		"    First report requirement (days): 30 (Customer Policy)\r\n" +
		"    Reporting frequency (days): 60 (Customer Policy)\r\n" +
		"    Report on change (days): 90 (CISCO default)\r\n\r\n" +
		"Usage Reporting:\r\n  Last ACK received: <none>\r\n  Next ACK deadline: Sep 30 13:13:37 2024 IST\r\n" +
		"  Last report push: Jul 02 13:10:00 2024 UTC\r\n"
	c, err := capture.Parse(strings.NewReader(text), "switch1.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	sub := c.Policy.Group(policy.UnenforcedSubscription)
	fmt.Println(c.Command, "on", c.Hostname, "-", c.Model)
	fmt.Println(c.Account.SmartAccount, c.Account.AsOf.Format("2006-01-02 15:04 MST"), c.Account.VirtualAccount)
	fmt.Println(c.Transport.Type, c.Transport.CSLUAddress)
	fmt.Println("ACK required:", c.Policy.ACKRequired.Value, c.Policy.ACKRequired.Source)
	fmt.Println("subscription frequency:", sub.ReportingFrequency.Days, sub.ReportingFrequency.Source)
	fmt.Println("last ACK never:", c.Reporting.LastACK.IsZero())
	fmt.Println("next ACK deadline:", c.Reporting.NextACKDeadline)
	// Output:
	// show license status on switch1 - policy
	// Bank 2024-07-02 17:13 UTC DC-East
	// cslu http://cslu.example.net:8182/cslu/v1/pi
	// ACK required: true cisco-default
	// subscription frequency: 60 customer-policy
	// last ACK never: true
	// next ACK deadline: 2024-09-30 07:43:37 +0000 UTC
}

func ExampleDetect() {
	for _, text := range []string{
		"Smart Licensing Tech Support info\n",
		"License Usage:\n  License   Entitlement Tag   Count Status\n  hseck9    (DNA_HSEC)    1 IN USE\n",
		"(LAN_ENTERPRISE_SERVICES_PKG):\n  Count: 1\n  License Type: Generic\n",
		"hello\n",
	} {
		fmt.Printf("%q\n", capture.Detect([]byte(text)))
	}
	// Output:
	// "show license tech support"
	// "show license summary"
	// "nxos show license usage"
	// ""
}
