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
		// Dates at the edges of quickDate's fast path.
		`{"devices":[{"registrationDate":"2024-02-29","lastContactDate":"2023-02-29"}]}`,
		`{"devices":[{"registrationDate":"2024-01-02T23:59:59Z","lastContactDate":"2024-01-02T24:00:00Z"}]}`,
		`{"devices":[{"registrationDate":" 2024-01-02","lastContactDate":"2024-01-02t10:00:00z"}]}`,
		`{"devices":[{"registrationDate":"2024-01-02T10:00:00+02:00","lastContactDate":"None"}]}`,
		// Keys out of the usual order, misspelt in case, escaped.
		`{"devices":[{"licenseUsage":[],"sudi":{"udiSerialNumber":"S","udiPid":"P"},"Status":"a","st\u0061tus":"b"}],"status":"SUCCESS"}`,
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
		if errWant != nil {
			return
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%q:\nencoding/json %+v\ndecoder       %+v", data, want, got)
		}
		// The same page twice through the state a walk's pages share
		// (interned texts, usage arena): the second decodes alike and the
		// first is left as it was.
		pages := &pageState{}
		first, second := devicesBody{pages: pages}, devicesBody{pages: pages}
		if err := decodeDevicesBody(data, &first); err != nil {
			t.Fatalf("%q: first page: %v", data, err)
		}
		if err := decodeDevicesBody(data, &second); err != nil {
			t.Fatalf("%q: second page: %v", data, err)
		}
		first.pages, second.pages = nil, nil
		if !reflect.DeepEqual(want, first) || !reflect.DeepEqual(want, second) {
			t.Fatalf("%q: with a shared page state:\nencoding/json %+v\nfirst         %+v\nsecond        %+v", data, want, first, second)
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
		// As in a walk: one page state, one page slice decoded into again.
		var pages devicePages
		for range b.N {
			out := devicesBody{Devices: pages.buf[:0], pages: &pages.pageState}
			if err := decodeDevicesBody(data, &out); err != nil {
				b.Fatal(err)
			}
			pages.buf = out.Devices
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

// TestQuickDate checks the fast path of the device list's two date forms
// against the calendar: what it accepts is the instant written, what it
// refuses (ok false) is left to parseDate.
func TestQuickDate(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     time.Time // zero: refused
	}{
		{"civil date", "2023-03-08", time.Date(2023, 3, 8, 0, 0, 0, 0, time.UTC)},
		{"instant", "2026-10-31T02:35:56Z", time.Date(2026, 10, 31, 2, 35, 56, 0, time.UTC)},
		{"29 February of a leap year (2024 = 4 × 506)", "2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"29 February of 2000 (divisible by 400)", "2000-02-29", time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"29 February of 1900 (divisible by 100, not 400)", "1900-02-29", time.Time{}},
		{"29 February of 2023", "2023-02-29", time.Time{}},
		{"31 April", "2024-04-31", time.Time{}},
		{"31 December 23:59:59", "2025-12-31T23:59:59Z", time.Date(2025, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"month 13", "2024-13-01", time.Time{}},
		{"day 0", "2024-01-00", time.Time{}},
		{"hour 24", "2024-01-02T24:00:00Z", time.Time{}},
		{"leap second", "2024-01-02T23:59:60Z", time.Time{}},
		{"an offset", "2024-01-02T10:00:00+02", time.Time{}},
		{"lower-case z", "2024-01-02T10:00:00z", time.Time{}},
		{"a space", " 2024-01-02", time.Time{}},
		{"a letter for a digit", "2024-0a-02", time.Time{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := quickDate([]byte(tt.in))
			if ok != !tt.want.IsZero() || got != tt.want {
				t.Errorf("quickDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
			}
			if !ok {
				return
			}
			// What the fast path reads, parseDate reads alike.
			slow, err := parseDate(tt.in)
			if err != nil || slow != got {
				t.Errorf("parseDate(%q) = %v, %v; quickDate gave %v", tt.in, slow, err, got)
			}
		})
	}
}

func TestPlainRun(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{``, 0}, {`abc`, 3}, {`abcdefgh"`, 8}, {`abcdefghijklmnop`, 16}, {`abcdefghijk"lm`, 11},
		{`abcdefg\h`, 7}, {"abcdefgh\x1f", 8}, {"abc\x00", 3}, {"abcdefghé", 8}, {` !#~`, 4}, {"abcdefgh\x7f", 9},
		// The first special byte inside a word, with more above it (whose
		// borrows must not move the answer): its index in the word.
		{"a\x00bcdefgh", 1}, {"ab\"\x00cdefgh", 2}, {"\x80abcdefg", 0}, {`abcdefg"`, 7},
		{"abcdefgh\\\x00ijklmnop", 8}, {"abcdefghijk\x1f\x1f\x1f\x1f\x1f", 11},
	} {
		if got := plainRun([]byte(tt.in)); got != tt.want {
			t.Errorf("plainRun(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
