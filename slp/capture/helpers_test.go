package capture

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// cmpWarnings compares warnings by their message (line, column, field, value
// and reason), so that a diff shows them instead of failing on error values.
var cmpWarnings = cmp.Comparer(func(a, b *smartaccount.ParseError) bool { return a.Error() == b.Error() })

// Helpers that spell expected values compactly. Every value passed to them
// in the tests is read from the capture by hand.

func readCapture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "captures", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// at builds an instant printed in a zone with the given offset in hours.
func at(offsetHours int, y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.FixedZone("", offsetHours*3600)).UTC()
}

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time { return at(0, y, m, d, hh, mm, ss) }
func pdt(y int, m time.Month, d, hh, mm, ss int) time.Time { return at(-7, y, m, d, hh, mm, ss) }

func udi(pid, sn string) smartaccount.UDI { return smartaccount.UDI{PID: pid, Serial: sn} }

// members builds HA members from role/UDI pairs.
func members(roleUDI ...any) []Member {
	var out []Member
	for i := 0; i < len(roleUDI); i += 2 {
		out = append(out, Member{Role: roleUDI[i].(string), UDI: roleUDI[i+1].(smartaccount.UDI)})
	}
	return out
}

// customerPolicy builds a policy whose twelve values are all "(Customer Policy)",
// in print order: perpetual first/frequency/change, subscription, enforced, export.
func customerPolicy(name string, v ...int) *policy.Policy {
	p := &policy.Policy{Name: name, ACKRequired: policy.Flag{Value: true, Source: policy.Customer}}
	for g := range p.Groups {
		p.Groups[g] = policy.Attributes{
			FirstReport:        policy.Days{Days: v[3*g], Source: policy.Customer},
			ReportingFrequency: policy.Days{Days: v[3*g+1], Source: policy.Customer},
			ReportOnChange:     policy.Days{Days: v[3*g+2], Source: policy.Customer},
		}
	}
	return p
}

// printedDefault is the Cisco default as devices print it: every value
// "(CISCO default)", no policy name.
func printedDefault() *policy.Policy {
	p := policy.Default()
	p.Name = ""
	return &p
}

// handle builds a tech-support license. In every tech-support capture the
// Feature Name repeats the License name, the Feature Description repeats
// the Description, Version is 1.0, Export status NOT RESTRICTED and
// Enforcement type NOT ENFORCED.
func handle(h int, name, tag, desc string, count int, status string, code int, statusTime, requestTime time.Time, typ string) License {
	return License{
		Handle: h, Name: name, EntitlementTag: tag, Description: desc, Count: count, Version: "1.0",
		Status: status, StatusCode: code, StatusTime: statusTime, RequestTime: requestTime,
		ExportStatus: "NOT RESTRICTED", FeatureName: name, FeatureDescription: desc,
		Enforcement: "NOT ENFORCED", LicenseType: typ,
	}
}

// block builds an IOS XE usage block "name (label):" whose Description and
// Feature Description equal the label, Status IN USE, Version 1.0.
func block(name, label string, count int, typ string) License {
	return License{
		Name: name, Label: label, Description: label, Count: count, Version: "1.0", Status: "IN USE",
		ExportStatus: "NOT RESTRICTED", FeatureName: name, FeatureDescription: label,
		Enforcement: "NOT ENFORCED", LicenseType: typ,
	}
}

// noReservation is "License reservation: DISABLED" with every member NOT
// INSTALLED and every code <none>.
func noReservation(ms []Member) *Reservation {
	r := &Reservation{Status: "DISABLED"}
	for _, m := range ms {
		r.Members = append(r.Members, ReservationMember{Role: m.Role, UDI: m.UDI, Status: "NOT INSTALLED"})
	}
	return r
}

// trustLines is the trust part of tech-support Other Info: one state per UDI.
func trustLines(overall, state string, udis ...smartaccount.UDI) *TrustCode {
	tc := &TrustCode{Overall: overall}
	for _, u := range udis {
		tc.Members = append(tc.Members, TrustMember{UDI: u, State: state})
	}
	return tc
}

func authorizations(ms []Member, status string) []MemberStatus {
	var out []MemberStatus
	for _, m := range ms {
		out = append(out, MemberStatus{Role: m.Role, UDI: m.UDI, Status: status})
	}
	return out
}
