package cssmtest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/sample"
)

// TestAppendDevice holds the fake's own device encoder to json.Marshal, byte
// for byte: every device of the embedded sample, and devices with what the
// sample lacks (texts json.Marshal escapes, every SUDI member, zero and
// non-UTC dates, no usage and empty usage).
func TestAppendDevice(t *testing.T) {
	ds, err := sample.Generate(sample.Params{Instances: 2000})
	if err != nil {
		t.Fatal(err)
	}
	st, err := seed(&ds.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	devices := []cssm.Device{
		{},
		{LicenseUsage: []cssm.LicenseUsage{}},
		{
			SUDI: cssm.SUDI{UDIPID: "C9300-24T", UDISerialNumber: "FOC1", UDIVID: "V01", MACAddress: "00:11:22:33:44:55",
				SUVI: "suvi", UUID: "0b4c8e5d-2a7f-4d1c-9e36-7f5a1b8c2d90", HostIdentifier: "host-id"},
			HostName: `sw "1" <core> & \edge`, VirtualAccount: "R&D / Lab (EMEA)", ProductTagName: "tag\n\t\x01",
			ProductName: "Catalyst 9300 – café", ProductDescription: "line\u2028sep", ProductType: "\x7f",
			Status: "In Compliance", DisplayName: "bad \xff utf-8",
			RegistrationDate: cssm.Date{Time: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
			LastContactDate:  cssm.Date{Time: time.Date(2026, 10, 31, 2, 35, 56, 0, time.FixedZone("CET", 3600))},
			LicenseUsage:     []cssm.LicenseUsage{{License: "DNA <Advantage>", Quantity: -3}, {License: "", Quantity: 0}},
		},
		{SUDI: cssm.SUDI{UDISerialNumber: "only serial"}, LastContactDate: cssm.Date{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.Local)}},
	}
	for _, d := range st.devices {
		devices = append(devices, d.dev)
	}
	if len(devices) < 1000 {
		t.Fatalf("the sample gave %d devices, want at least 1000", len(devices))
	}
	for i := range devices {
		want, err := json.Marshal(&devices[i])
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(appendDevice(nil, &devices[i]))); diff != "" {
			t.Fatalf("device %d (-json.Marshal +appendDevice):\n%s", i, diff)
		}
	}
}
