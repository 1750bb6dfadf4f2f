package smartaccount

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The date of the hand-built reviews: 1 November 2026. With the default
// 180 days, an instance last seen before 2026-05-05T00:00Z is stale
// (1 Nov − 31 Oct − 30 Sep − 31 Aug − 31 Jul − 30 Jun − 31 May = 1 May is
// 184 days back, so 180 days back is 5 May).
var reviewDate = civil(2026, time.November, 1)

func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// instant parses an RFC 3339 instant, day a civil date; "" is the zero
// time.
func instant(t *testing.T, s string) time.Time { return parseTime(t, time.RFC3339, s) }

func day(t *testing.T, s string) time.Time { return parseTime(t, time.DateOnly, s) }

func parseTime(t *testing.T, layout, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	v, err := time.Parse(layout, s)
	require.NoError(t, err)
	return v
}

// builder makes a hand-built snapshot whose records have the Refs a
// dataset directory would give them: file and line, the header on line 1.
type builder struct {
	t *testing.T
	s Snapshot
}

func newBuilder(t *testing.T, vas ...VirtualAccount) *builder {
	return &builder{t: t, s: Snapshot{Account: Account{Name: "Example Bank", Domain: "example.com", VirtualAccounts: vas}}}
}

func ref(file string, n int) Ref { return Ref{Source: file, Line: n + 2} }

// ent adds an entitlement row; start and end are civil dates or "".
func (b *builder) ent(va, license string, typ LicenseType, qty int64, start, end, status string) *Entitlement {
	b.s.Entitlements = append(b.s.Entitlements, Entitlement{
		VirtualAccount: va, License: license, Type: typ, Quantity: qty,
		Start: day(b.t, start), End: day(b.t, end), Status: status,
		Ref: ref("entitlements.csv", len(b.s.Entitlements)),
	})
	return &b.s.Entitlements[len(b.s.Entitlements)-1]
}

// row describes a product-instance row; dates are RFC 3339 instants (the
// registration a civil date) or "".
type row struct {
	pid, serial, va, license string
	qty                      int64
	contact, report, reg     string
	host                     string
}

// inst adds a product-instance row (quantity 0 means 1).
func (b *builder) inst(r row) *ProductInstance {
	if r.pid == "" {
		r.pid = "C9300-24UX"
	}
	if r.qty == 0 {
		r.qty = 1
	}
	b.s.Instances = append(b.s.Instances, ProductInstance{
		UDI: udi(b.t, r.pid, r.serial), Hostname: r.host, VirtualAccount: r.va, License: r.license, Quantity: r.qty,
		LastContact: instant(b.t, r.contact), LastReport: instant(b.t, r.report), Registered: day(b.t, r.reg),
		Ref: ref("product_instances.csv", len(b.s.Instances)),
	})
	return &b.s.Instances[len(b.s.Instances)-1]
}

// dev adds a footprint device (PID C9300-24UX unless given).
func (b *builder) dev(pid, serial string, status FootprintStatus, required, host string) *Device {
	if pid == "" {
		pid = "C9300-24UX"
	}
	b.s.Footprint = append(b.s.Footprint, Device{
		UDI: udi(b.t, pid, serial), Status: status, RequiredLicense: required, Hostname: host,
		Ref: ref("footprint.csv", len(b.s.Footprint)),
	})
	return &b.s.Footprint[len(b.s.Footprint)-1]
}

func (b *builder) inUse(va, license string, qty int64) {
	b.s.InUse = append(b.s.InUse, InUse{VirtualAccount: va, License: license, Quantity: qty, Ref: ref("in_use.csv", len(b.s.InUse))})
}

// user adds a user; login is an RFC 3339 instant or "" for never.
func (b *builder) user(email string, role Role, va, login string) {
	b.s.Users = append(b.s.Users, User{Email: email, Role: role, VirtualAccount: va, LastLogin: instant(b.t, login),
		Ref: ref("users.csv", len(b.s.Users))})
}

// review indexes the snapshot and reviews it.
func (b *builder) review(p ReviewParams) *Hygiene {
	b.t.Helper()
	if p.AsOf.IsZero() {
		p.AsOf = reviewDate
	}
	h, err := Review(NewIndex(&b.s), p)
	require.NoError(b.t, err)
	return h
}

// brief is the part of a finding most tests compare.
type brief struct {
	Kind           Kind
	License        string
	VirtualAccount string
	Serial         string
	User           string
	Quantity       int64
}

func briefs(fs []Finding, kinds ...Kind) []brief {
	var out []brief
	for _, f := range fs {
		for _, k := range kinds {
			if f.Kind == k {
				out = append(out, brief{f.Kind, f.License, f.VirtualAccount, f.UDI.Serial, f.User, f.Quantity})
			}
		}
	}
	return out
}

// findingOf returns the finding with the given kind, license, Virtual
// Account and serial.
func findingOf(t *testing.T, h *Hygiene, kind Kind, license, va, serial string) *Finding {
	t.Helper()
	for i := range h.Findings {
		f := &h.Findings[i]
		if f.Kind == kind && f.License == license && f.VirtualAccount == va && f.UDI.Serial == serial {
			return f
		}
	}
	t.Fatalf("no %s finding for %s in %s on %s", kind, license, va, serial)
	return nil
}

func refs(file string, lines ...int) []Ref {
	out := make([]Ref, len(lines))
	for i, l := range lines {
		out[i] = Ref{Source: file, Line: l}
	}
	return out
}
