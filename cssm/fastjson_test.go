package cssm

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"
)

// FuzzDevicesDecoder holds the device list's own decoder to encoding/json:
// for any input, both accept it or both refuse it, and when they accept it
// they give the same devicesBody.
func FuzzDevicesDecoder(f *testing.F) {
	if b, err := os.ReadFile("testdata/corpus/gve-03a-get-devices-license-assignment-v1-accounts-smart-account-devices.json"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		`{"totalRows":"2","data":[{"sudi":{"udi_pid":"P","udi_serial_number":"S","suvi":"x"},"lastContactDate":null,"licenseUsage":null}]}`,
		`{"devices":[{"hostName":"a"},null,{"HOSTNAME":"b","licenseUsage":[{"license":"L","quantity":-0}]}],"devices":[{"status":"x"}]}`,
		`{"status":"ERROR","statusMessage":"None","devices":[]}`,
		`{"devices":[{"sudi":null,"registrationDate":"2024-01-02","hostName":"caf\u00e9 \"x\""}]}`,
		`null`, ` {"totalRecords":1e2}`, `{"devices":[{"licenseUsage":[{"quantity":1.0}]}]}`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want, got devicesBody
		errWant := json.Unmarshal(data, &want)
		errGot := decodeDevicesBody(data, &got)
		if (errWant == nil) != (errGot == nil) {
			t.Fatalf("%q: encoding/json error %v, decoder error %v", data, errWant, errGot)
		}
		if errWant == nil && !reflect.DeepEqual(want, got) {
			t.Fatalf("%q:\nencoding/json %+v\ndecoder       %+v", data, want, got)
		}
	})
}

// BenchmarkDecodeDevicePage decodes one page of 100 devices as the fake
// serves it, with the device list's decoder and with encoding/json.
func BenchmarkDecodeDevicePage(b *testing.B) {
	var page devicesBody
	for i := range 100 {
		page.Devices = append(page.Devices, Device{
			SUDI: SUDI{UDIPID: "C9300-48UXM", UDISerialNumber: "FOC2642063" + string(rune('A'+i%26))}, HostName: "rb-cltdc2-as0000000",
			VirtualAccount: "RB-AMER-BRANCH-PROD", ProductTagName: "regid.2017-03.com.cisco.Catalyst_9300,1.0_0b4c8e5d-2a7f-4d1c-9e3a",
			Status: "In Compliance", DisplayName: "UDI_PID:C9300-48UXM; UDI_SN:FOC2642063Z; ",
			LicenseUsage: []LicenseUsage{{License: "C9300 DNA Advantage", Quantity: 1}, {License: "DNA HSEC", Quantity: 1}},
		})
		page.Devices[i].RegistrationDate.Time = time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
		page.Devices[i].LastContactDate.Time = time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC)
	}
	page.TotalRecords, page.Status = 100000, "SUCCESS"
	data, _ := json.Marshal(&page)
	b.Run("decoder", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for range b.N {
			var out devicesBody
			if err := decodeDevicesBody(data, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for range b.N {
			var out devicesBody
			if err := json.Unmarshal(data, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestPlainRun(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{``, 0}, {`abc`, 3}, {`abcdefgh"`, 8}, {`abcdefghijklmnop`, 16}, {`abcdefghijk"lm`, 11},
		{`abcdefg\h`, 7}, {"abcdefgh\x1f", 8}, {"abc\x00", 3}, {"abcdefghé", 8}, {` !#~`, 4}, {"abcdefgh\x7f", 9},
	} {
		if got := plainRun([]byte(tt.in)); got != tt.want {
			t.Errorf("plainRun(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
