package cssm

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
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
	f.Fuzz(checkDevicesDecoder)
}

// checkDevicesDecoder fails t unless the device list's decoder and
// encoding/json both accept data or both refuse it, and give the same
// devicesBody, alone and twice through a shared page state.
func checkDevicesDecoder(t *testing.T, data []byte) {
	t.Helper()
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
	benchmarkDecoders(b, data)
}

// benchmarkDecoders decodes a device page with the device list's decoder
// and with encoding/json.
func benchmarkDecoders(b *testing.B, data []byte) {
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

// BenchmarkDecodeVariedPage is BenchmarkDecodeDevicePage for a page whose
// devices differ as the fake's sample account's do: each its own serial
// number, host name, display name and dates, a few PIDs and product tags,
// one license mostly and two for some.
func BenchmarkDecodeVariedPage(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	pids := []struct{ pid, tag, license string }{
		{"C9300-48UXM", "regid.2017-03.com.cisco.Catalyst_9300,1.0_0b4c8e5d-2a7f-4d1c-9e36-7f5a1b8c2d90", "C9300 DNA Advantage"},
		{"C9300-24T", "regid.2017-03.com.cisco.Catalyst_9300,1.0_0b4c8e5d-2a7f-4d1c-9e36-7f5a1b8c2d90", "C9300 DNA Advantage"},
		{"ISR4431/K9", "regid.2016-07.com.cisco.ISR_4000,1.0_e3f9a2c6-4b8d-4a17-9c5e-2d6b0f8a1c47", "ISR4K DNA Advantage"},
	}
	var page devicesBody
	for i := range 100 {
		p := pids[rng.IntN(len(pids))]
		serial := fmt.Sprintf("FCW%08X", rng.Uint32())
		d := Device{
			SUDI: SUDI{UDIPID: p.pid, UDISerialNumber: serial}, HostName: fmt.Sprintf("rb-site%03d-as%07d", rng.IntN(200), i),
			VirtualAccount: "RB-AMER-BRANCH-PROD", ProductTagName: p.tag, Status: "In Compliance",
			DisplayName:  "UDI_PID:" + p.pid + "; UDI_SN:" + serial + "; ",
			LicenseUsage: []LicenseUsage{{License: p.license, Quantity: 1}},
		}
		if rng.IntN(9) == 0 {
			d.LicenseUsage = append(d.LicenseUsage, LicenseUsage{License: "DNA HSEC", Quantity: 1})
		}
		d.RegistrationDate.Time = time.Date(2019+rng.IntN(5), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		d.LastContactDate.Time = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(60 * 24 * time.Hour)))).Truncate(time.Second)
		page.Devices = append(page.Devices, d)
	}
	page.TotalRecords, page.Status = 100000, "SUCCESS"
	data, _ := json.Marshal(&page)
	benchmarkDecoders(b, data)
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
		{"year 0", "0000-02-29T00:00:00Z", time.Date(0, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"year 9999", "9999-12-31T23:59:59Z", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"1 March of a leap year", "2024-03-01T00:00:01Z", time.Date(2024, 3, 1, 0, 0, 1, 0, time.UTC)},
		{"before 1970", "1969-12-31T23:59:59Z", time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"a colon for a digit", "2024-01-02T1::00:00Z", time.Time{}},
		{"a slash for a digit (just below '0')", "2024-01-/2", time.Time{}},
		{"a colon for a digit (just above '9')", "2024-01-0:", time.Time{}},
		{"minute 60", "2024-01-02T10:60:00Z", time.Time{}},
		{"a space for the T", "2024-01-02 10:00:00Z", time.Time{}},
		{"19 bytes", "2024-01-02T10:00:00", time.Time{}},
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

// TestCivilDays checks quickDate's day count against the time package: every
// day of the years around the century and leap rules' edges, and 1 January,
// 28 and 29 February and 1 March of every year it reads.
func TestCivilDays(t *testing.T) {
	check := func(y, m, d int) {
		t.Helper()
		want := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400
		if got := civilDays(y, m, d); int64(got) != want {
			t.Fatalf("civilDays(%d, %d, %d) = %d, want %d", y, m, d, got, want)
		}
	}
	for _, span := range [][2]int{{0, 5}, {96, 105}, {396, 405}, {1896, 1905}, {1966, 1974}, {1996, 2005}, {2096, 2105}, {9995, 9999}} {
		for y := span[0]; y <= span[1]; y++ {
			for m := 1; m <= 12; m++ {
				for d := 1; d <= daysIn(time.Month(m), y); d++ {
					check(y, m, d)
				}
			}
		}
	}
	for y := 0; y <= 9999; y++ {
		check(y, 1, 1)
		check(y, 2, 28)
		if daysIn(time.February, y) == 29 {
			check(y, 2, 29)
		}
		check(y, 3, 1)
		check(y, 12, 31)
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

// TestKeyGlue checks the in-place key comparison: every key of the device
// page's objects matches after its own separator whatever follows it, and
// not after the other separator, with any one of its bytes changed, or too
// near the end of the data.
func TestKeyGlue(t *testing.T) {
	for _, names := range [][]string{pageFields, deviceFields, usageFields, sudiFields} {
		f := newFields(names)
		for i, name := range names {
			g := &f.glue[i]
			if int(g.n) != len(name)+4 {
				t.Fatalf("%q: glue of %d bytes", name, g.n)
			}
			for _, sep := range []byte{'{', ','} {
				other := byte('{' + ',' - sep)
				data := []byte(string(sep) + `"` + name + `":"some value that follows"}`)
				if g.at(data, 0, sep) != int(g.n) {
					t.Errorf("%q: no match after %q", name, sep)
				}
				if g.at(data, 0, other) != 0 {
					t.Errorf("%q: a match with %q for %q", name, other, sep)
				}
				for j := range g.n {
					changed := append([]byte(nil), data...)
					changed[j] ^= 0x20
					if g.at(changed, 0, sep) != 0 {
						t.Errorf("%q: a match with byte %d changed: %s", name, j, changed)
					}
				}
				if shifted := append([]byte("xyz"), data...); g.at(shifted, 3, sep) != int(g.n) || g.at(shifted, 2, sep) != 0 {
					t.Errorf("%q: wrong at an offset", name)
				}
				if short := data[:glueRoom-1]; g.at(short, 0, sep) != 0 {
					t.Errorf("%q: a match with fewer than %d bytes left", name, glueRoom)
				}
			}
		}
	}
	for _, name := range []string{"id", strings.Repeat("x", glueRoom-3)} {
		if g := newKeyGlue(`"` + name + `":`); g.n != 0 {
			t.Errorf("%q: glue of %d bytes, want none", name, g.n)
		}
	}
}

// TestDevicesDecoderFastPaths holds each fast path of the device list's
// decoder to encoding/json on the inputs at its edges (checkDevicesDecoder).
func TestDevicesDecoderFastPaths(t *testing.T) {
	dev := func(members ...string) string { return `{` + strings.Join(members, ",") + `}` }
	page := func(devices ...string) string { return `{"devices":[` + strings.Join(devices, ",") + `]}` }
	quantity := func(q string) string { return page(dev(`"licenseUsage":[{"license":"L","quantity":` + q + `}]`)) }
	for _, tt := range []struct{ name, in string }{
		// setInt's small integers.
		{"quantity 0", quantity("0")}, {"quantity 7", quantity("7")}, {"quantity 42", quantity("42")},
		{"quantity of 18 digits", quantity("999999999999999999")},
		{"quantity of 19 digits", quantity("9223372036854775807")},
		{"quantity above int64", quantity("9223372036854775808")},
		{"quantity of 20 digits", quantity("12345678901234567890")},
		{"quantity with a fraction", quantity("1.0")}, {"quantity with an exponent", quantity("1e2")},
		{"quantity with an upper-case exponent", quantity("1E2")},
		{"quantity negative", quantity("-3")}, {"quantity -0", quantity("-0")},
		{"quantity with a leading zero", quantity("01")}, {"quantity then a space", quantity("5 ")},
		{"quantity at the end of the data", `{"devices":[{"licenseUsage":[{"quantity":5`},
		{"quantity null", quantity("null")}, {"quantity a string", quantity(`"5"`)},
		// setShared's last text compared in place: the same text, one
		// that starts alike, a prefix of it, escaped, empty.
		{"a repeated status", page(dev(`"status":"In Compliance"`), dev(`"status":"In Compliance"`))},
		{"a longer status after it", page(dev(`"status":"In"`), dev(`"status":"In Compliance"`))},
		{"a shorter status after it", page(dev(`"status":"In Compliance"`), dev(`"status":"In"`))},
		{"the status escaped after it", page(dev(`"status":"ab"`), dev(`"status":"a\u0062"`), dev(`"status":"ab"`))},
		{"an empty status between", page(dev(`"status":"ab"`), dev(`"status":""`), dev(`"status":"ab"`))},
		{"a status then null", page(dev(`"status":"ab"`), dev(`"status":null`))},
		{"a status unterminated", `{"devices":[{"status":"ab"},{"status":"ab`},
		// setShared's recent texts: alternating, one a prefix of another,
		// one escaped, more of them than are kept.
		{"alternating statuses", page(dev(`"status":"A"`), dev(`"status":"AB"`), dev(`"status":"A"`), dev(`"status":"ABC"`),
			dev(`"status":"AB"`), dev(`"status":"A\u0042"`), dev(`"status":"B"`), dev(`"status":"C"`), dev(`"status":"D"`),
			dev(`"status":"A"`), dev(`"status":"ABC"`), dev(`"status":""`), dev(`"status":"A"`))},
		{"empty texts", page(dev(`"productName":"","productType":"x"`), dev(`"productName":"x","productType":"",`+
			`"sudi":{"udiPid":""},"licenseUsage":[{"license":""}]`))},
		{"a text cut short after its quote", `{"devices":[{"productName":"`},
		{"more statuses than are kept, twice over", page(func() (devs []string) {
			for i := range 2*numRecent + 3 {
				devs = append(devs, dev(fmt.Sprintf(`"status":"S%d"`, i%(numRecent+2))))
			}
			return devs
		}()...)},
		{"licenses in their places", page(
			dev(`"licenseUsage":[{"license":"A","quantity":1},{"license":"B","quantity":1},{"license":"C"},{"license":"D"},{"license":"E"}]`),
			dev(`"licenseUsage":[{"license":"B"},{"license":"A"},{"license":"C"},{"license":"E"},{"license":"D"}]`))},
		// The page's own texts, set when the list ends.
		{"own texts", page(dev(`"hostName":"h1","displayName":"d1","sudi":{"udiSerialNumber":"S1","macAddress":"m","suvi":"v","uuid":"u","hostIdentifier":"i"}`),
			dev(`"hostName":"h2","sudi":{"udi_serial_number":"S2","mac_address":"m2","host_identifier":"i2","udiPid":"P"}`))},
		// usualSUDI, and what it leaves to the general path.
		{"usual sudis", page(dev(`"sudi":{"udiPid":"P","udiSerialNumber":"S1"}`), dev(`"sudi":{"udiPid":"P","udiVid":"V","udiSerialNumber":"S2"}`),
			dev(`"sudi":{"udiSerialNumber":"S3","udiPid":"Q"}`), dev(`"sudi":{"udiPid":"P"}`), dev(`"sudi":{"udiSerialNumber":""}`),
			dev(`"sudi":{"udiPid":"P","udiSerialNumber":"S\/4"}`))},
		{"sudis for the general path", page(dev(`"sudi":{"udiPid":"P","udiSerialNumber":"S1","macAddress":"m"}`),
			dev(`"sudi":{"udiPid":"P","udiSerialNumber":"S2","udi_serial_number":"T"}`), dev(`"sudi":{"udiPid":"P","udiPid":"Q"}`),
			dev(`"sudi":{"udiPid":"P","udiSerialNumber":null}`), dev(`"sudi":{"udiSerialNumber":"S5","uuid":"u","suvi":"v"}`),
			dev(`"sudi":{"udiPid":"P" ,"udiSerialNumber":"S6"}`), dev(`"sudi":{"UDIPID":"P","udiSerialNumber":"S7"}`), dev(`"sudi":{}`))},
		{"a usual sudi in error", page(dev(`"sudi":{"udiPid":"P","udiSerialNumber":7}`))},
		{"a usual sudi cut short", `{"devices":[{"sudi":{"udiPid":"P","udiSerialNumber":"FOC12345678"`},
		{"own texts escaped", page(dev(`"hostName":"caf\u00e9","displayName":"\"q\"","sudi":{"udiSerialNumber":"S\/1"}`))},
		{"own texts empty and null", page(dev(`"hostName":"","displayName":null,"sudi":{"udiSerialNumber":"","udi_serial_number":"S"}`))},
		{"a member twice", page(dev(`"hostName":"a","hostName":"b"`), dev(`"hostName":"c","HostName":"d","hostName":null`))},
		{"the sudi twice", page(dev(`"sudi":{"udiSerialNumber":"A"},"sudi":{"udiPid":"P"}`), dev(`"sudi":{"udiSerialNumber":"B"},"sudi":null`))},
		{"a camel serial then a snake one", page(dev(`"sudi":{"udiSerialNumber":"A","udi_serial_number":"B","udiSerialNumber":null}`))},
		{"the devices twice", `{"devices":[{"hostName":"a"},{"hostName":"b"}],"devices":[{"displayName":"c"}]}`},
		{"the devices twice, the second longer", `{"devices":[{"hostName":"a"}],"devices":[{"displayName":"c"},{"hostName":"d"}]}`},
		{"devices and data", `{"devices":[{"hostName":"a"}],"data":[{"hostName":"b"}]}`},
		{"the devices then null", `{"devices":[{"hostName":"a"}],"devices":null}`},
		{"a null device", page(dev(`"hostName":"a"`), `null`, dev(`"hostName":"b"`))},
		{"an error after own texts", `{"devices":[{"hostName":"a"},{"hostName":"b",}]}`},
		// Dates in place.
		{"dates", page(dev(`"registrationDate":"2021-06-30","lastContactDate":"2026-09-11T10:56:51Z"`))},
		{"dates after a space", page(dev(`"registrationDate": "2021-06-30","lastContactDate": "2026-09-11T10:56:51Z"`))},
		{"a date with a quote where the time would end", page(dev(`"registrationDate":"2021-06-30","x":"2026-09-11T1"`))},
		{"a date cut short", `{"devices":[{"registrationDate":"2021-06-30`},
		{"a date with an escape", page(dev(`"registrationDate":"2021-06-3\u0030"`))},
		// Keys in place: after white space, out of order, misspelt.
		{"keys after white space", "{\"devices\": [ {\n \"hostName\" : \"a\" , \"status\":\"s\" } ]}"},
		{"keys in another order", page(dev(`"status":"s","hostName":"a"`), dev(`"hostName":"b","status":"t"`))},
		{"a key in another case", page(dev(`"hostName":"a"`), dev(`"HOSTNAME":"b"`))},
		{"an empty device", page(`{}`, `{ }`, dev(`"hostName":"a"`))},
		{"an empty sudi and usage", page(dev(`"sudi":{},"licenseUsage":[{}]`), dev(`"sudi":{ },"licenseUsage":[ ]`))},
		{"a trailing comma in a device", page(dev(`"hostName":"a",`))},
	} {
		t.Run(tt.name, func(t *testing.T) { checkDevicesDecoder(t, []byte(tt.in)) })
	}
}
