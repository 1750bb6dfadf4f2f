package rum_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// FuzzReadUsageFile feeds the usage-file reader arbitrary input: it must
// not panic, and whatever it reads must survive a write and a second read
// with every signed byte unchanged.
func FuzzReadUsageFile(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`<smartLicense/>`, `<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>`, `<RUMReport><![CDATA[{"payload":"{}"}]]></RUMReport>`,
		`<smartLicense><smartLicenseSystemInfo><data>{}</data></smartLicenseSystemInfo></smartLicense>`, `<a b='>'>&#x41;</a>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ur := rum.NewReader(bytes.NewReader(b), "fuzz")
		reports, errs := fuzzReadAll(t, ur)
		// Read one byte at a time, the resumable scanner must see the same.
		reports1, errs1 := fuzzReadAll(t, rum.NewReader(iotest.OneByteReader(bytes.NewReader(b)), "fuzz"))
		if len(reports1) != len(reports) || fmt.Sprint(errs1) != fmt.Sprint(errs) {
			t.Fatalf("byte by byte: %d reports, errors %v; whole: %d reports, errors %v", len(reports1), errs1, len(reports), errs)
		}
		for i := range reports {
			if !bytes.Equal(reports[i].Raw, reports1[i].Raw) {
				t.Fatalf("report %d differs when read byte by byte", i)
			}
		}
		if len(reports) == 0 {
			return
		}
		var out bytes.Buffer
		if _, err := (&rum.UsageFile{Reports: reports, SystemInfo: ur.SystemInfo()}).WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		again, err := readAll(&out, "again")
		if err != nil {
			t.Fatalf("rereading what was written: %v\n%s", err, out.Bytes())
		}
		if len(again.Reports) != len(reports) {
			t.Fatalf("reread %d reports, wrote %d", len(again.Reports), len(reports))
		}
		for i, r := range reports {
			if !bytes.Equal(r.Raw, again.Reports[i].Raw) || !bytes.Equal(r.Signed, again.Reports[i].Signed) {
				t.Fatalf("report %d changed on a round trip", i)
			}
		}
		if !bytes.Equal(again.SystemInfo, ur.SystemInfo()) {
			t.Fatalf("system info changed: %q → %q", ur.SystemInfo(), again.SystemInfo)
		}
	})
}

// fuzzReadAll reads every report it can, going on after errors about one
// report, and returns the reports and the error messages.
func fuzzReadAll(t *testing.T, ur *rum.Reader) ([]*rum.Report, []string) {
	var reports []*rum.Report
	var errs []string
	for range 1000 {
		r, err := ur.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			if _, ok := err.(*smartaccount.ParseError); !ok {
				t.Fatalf("error is %T, not *smartaccount.ParseError: %v", err, err)
			}
			errs = append(errs, err.Error())
			if ur.Err() != nil {
				break // a structural error: the reader stopped
			}
			continue
		}
		reports = append(reports, r)
	}
	return reports, errs
}

// FuzzParsePayload feeds the payload parser arbitrary JSON: it must not
// panic, and a payload it accepts has a report ID, a device, a tag and a
// count for every ENTITLEMENT measurement.
func FuzzParsePayload(f *testing.F) {
	for _, name := range []string{"testdata/example-rum-1671840750.xml", "testdata/usage-hand.xml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		uf, err := readAll(bytes.NewReader(b), name)
		if err != nil {
			f.Fatal(err)
		}
		for _, r := range uf.Reports {
			f.Add(r.Signed)
		}
	}
	f.Add([]byte(`{"asset_identification":{"report_id":"1","instance":{"sudi":{"udi_pid":"P","udi_serial_number":"S"}}},"meta":{"entitlement_tag":"T"},"measurements":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := rum.ParsePayload(b)
		if err != nil {
			if _, ok := err.(*smartaccount.ParseError); !ok {
				t.Fatalf("error is %T, not *smartaccount.ParseError: %v", err, err)
			}
			return
		}
		if p.Instance.PID == "" || p.Instance.Serial == "" || p.EntitlementTag == "" {
			t.Fatalf("accepted a payload without device or tag: %+v", p)
		}
		n := 0
		for _, m := range p.Measurements {
			if m.Metric == rum.MetricEntitlement {
				n++
			}
		}
		if got := len(p.Usage()); got != n {
			t.Fatalf("%d ENTITLEMENT measurements, %d usages", n, got)
		}
	})
}
