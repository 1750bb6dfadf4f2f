package cssm_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/openrenewal/smartlicensing/cssm"
)

// FuzzLenient decodes arbitrary JSON values into every lenient type: never
// a panic, and a value that decodes re-encodes (where the type marshals)
// to one that decodes to the same value.
func FuzzLenient(f *testing.F) {
	for _, s := range []string{`true`, `"yes"`, `"None"`, `null`, `"2022-07-11"`, `"2022-07-11T14:33:41Z"`, `773126444402795033`, `"123456"`, `1.5`, `{}`, `[]`, `"\u00e9"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var b cssm.Bool
		if json.Unmarshal(data, &b) == nil {
			var again cssm.Bool
			if err := json.Unmarshal([]byte(strconv.FormatBool(bool(b))), &again); err != nil || again != b {
				t.Fatalf("Bool %s: %v then %v (%v)", data, b, again, err)
			}
		}
		var d cssm.Date
		if json.Unmarshal(data, &d) == nil {
			out, err := json.Marshal(d)
			if err != nil {
				t.Fatalf("Date %s: marshal: %v", data, err)
			}
			var again cssm.Date
			if err := json.Unmarshal(out, &again); err != nil || !again.Equal(d.Time) {
				t.Fatalf("Date %s: %v then %s then %v (%v)", data, d.Time, out, again.Time, err)
			}
		}
		var n cssm.Int64
		if json.Unmarshal(data, &n) == nil {
			var again cssm.Int64
			if err := json.Unmarshal([]byte(strconv.FormatInt(int64(n), 10)), &again); err != nil || again != n {
				t.Fatalf("Int64 %s: %d then %d (%v)", data, n, again, err)
			}
		}
		var s cssm.String
		_ = json.Unmarshal(data, &s)
		var pd cssm.PollData
		_ = json.Unmarshal(data, &pd)
		var sudi cssm.SUDI
		_ = json.Unmarshal(data, &sudi)
	})
}

// FuzzDevicesPage decodes arbitrary bodies as a device page and a poll
// answer the way the client does: never a panic.
func FuzzDevicesPage(f *testing.F) {
	f.Add([]byte(`{"totalRecords":1,"devices":[{"sudi":{"udiPid":"C8000V","udiSerialNumber":"A"},"registrationDate":"2022-07-11T14:33:41Z","licenseUsage":[{"license":"x","quantity":1}]}],"status":"SUCCESS"}`))
	f.Add([]byte(`{"totalRows":"2","data":[{"sudi":{"udi_pid":"P","udi_serial_number":"S"},"lastContactDate":null}]}`))
	f.Add([]byte(`{"status":"OK_POLL","poll_id":773126444402795033,"data":[{"authorizations":[]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var page struct {
			TotalRecords cssm.Int64    `json:"totalRecords"`
			Devices      []cssm.Device `json:"devices"`
		}
		if json.Unmarshal(data, &page) == nil {
			for i := range page.Devices {
				_, _ = page.Devices[i].UDI()
			}
		}
		var pr cssm.PollResponse
		_ = json.Unmarshal(data, &pr)
		var lic []cssm.License
		_ = json.Unmarshal(data, &lic)
	})
}
