package rum_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Read the real RUM sample and print the usage it measured.
func ExampleNewReader() {
	data, err := os.ReadFile("testdata/example-rum-1671840750.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := rum.NewReader(bytes.NewReader(data), "example-rum-1671840750.xml").Next(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("report", r.Payload.ReportID, "from", r.Payload.Instance)
	for _, u := range r.Payload.Usage() {
		fmt.Println(u.Start.Format("2006-01-02 15:04"), "→", u.End.Format("2006-01-02 15:04"), u.Count)
	}
	fmt.Println("signed bytes kept:", bytes.Equal(r.Raw, data))
	// Output:
	// report 1671840750 from PID:C9800-CL-K9,SN:9NTUEA8FIIH
	// 2022-12-24 11:10 → 2022-12-25 11:10 2
	// 2022-12-25 11:10 → 2022-12-29 19:10 3
	// 2022-12-29 19:10 → 2023-01-15 13:43 3
	// signed bytes kept: true
}

// Stream a usage file report by report, summing usage per entitlement tag.
func ExampleReader_Next() {
	usage := `<smartLicense>` +
		`<RUMReport><![CDATA[{"payload":"{\"asset_identification\":{\"report_id\":1,\"instance\":{\"sudi\":{\"udi_pid\":\"C9300-24UX\",\"udi_serial_number\":\"FCW1\"}}},\"meta\":{\"entitlement_tag\":\"DNA_HSEC\"},\"measurements\":[{\"log_time\":1700000000,\"metric_name\":\"ENTITLEMENT\",\"start_time\":1700000000,\"end_time\":1700086400,\"value\":{\"type\":\"COUNT\",\"value\":\"2\"}}]}"}]]></RUMReport>` +
		`<RUMReport><![CDATA[{"payload":"{\"asset_identification\":{\"report_id\":2,\"instance\":{\"sudi\":{\"udi_pid\":\"C9300-24UX\",\"udi_serial_number\":\"FCW2\"}}},\"meta\":{\"entitlement_tag\":\"DNA_HSEC\"},\"measurements\":[{\"log_time\":1700000000,\"metric_name\":\"ENTITLEMENT\",\"start_time\":1700000000,\"end_time\":1700086400,\"value\":{\"type\":\"COUNT\",\"value\":\"3\"}}]}"}]]></RUMReport>` +
		`<smartLicenseSystemInfo><data>{"hostname":"cslu-1"}</data></smartLicenseSystemInfo>` +
		`</smartLicense>`
	ur := rum.NewReader(bytes.NewReader([]byte(usage)), "usage.xml")
	total := map[string]int64{}
	for {
		r, err := ur.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, u := range r.Payload.Usage() {
			total[u.Tag] += u.Count
		}
	}
	fmt.Println(total, string(ur.SystemInfo()))
	// Output:
	// map[DNA_HSEC:5] {"hostname":"cslu-1"}
}

// Build a report from a payload and its signature, as a device would.
func ExampleNewReport() {
	payload := []byte(`{"version":"2.0","asset_identification":{"report_id":7,"instance":{"sudi":{"udi_pid":"C8000V","udi_serial_number":"9ABC"}}},"meta":{"entitlement_tag":"DNA_HSEC"},"measurements":[]}`)
	dev := smartaccount.UDI{PID: "C8000V", Serial: "9ABC"}
	r, err := rum.NewReport(payload, &rum.Header{Type: "rum"}, rum.Signature{Device: &dev, SigningType: "builtin", Key: "k", Value: "c2ln"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(r.Raw[:32]))
	fmt.Println(string(r.EscapedPayload[:21]))
	fmt.Println(bytes.Equal(r.Signed, payload))
	// Output:
	// <RUMReport><![CDATA[{"payload":"
	// {\"version\":\"2.0\",
	// true
}
