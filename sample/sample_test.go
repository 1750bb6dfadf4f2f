package sample

import (
	"context"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

var equalDecimals = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmpopts.IgnoreFields(dataset.Dataset{}, "Inputs", "Warnings", "Absent"),
	cmpopts.EquateEmpty(),
}

// generated caches the samples the tests share; Generate is deterministic.
var generated sync.Map

func sampleOf(t *testing.T, n int) *dataset.Dataset {
	t.Helper()
	if ds, ok := generated.Load(n); ok {
		return ds.(*dataset.Dataset)
	}
	ds, err := Generate(Params{Instances: n})
	require.NoError(t, err)
	generated.Store(n, ds)
	return ds
}

var (
	testAsOf    = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	staleBefore = testAsOf.AddDate(0, 0, -180)
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, err := Generate(Params{})
	require.NoError(t, err)
	b, err := Generate(Params{Instances: DefaultInstances})
	require.NoError(t, err)
	// reflect.DeepEqual first: cmp.Diff over 40,000 rows is slow, and only
	// needed to show a difference.
	if !reflect.DeepEqual(a.Snapshot, b.Snapshot) {
		t.Fatalf("two runs differ (-first +second):\n%s", cmp.Diff(a.Snapshot, b.Snapshot))
	}
	if diff := cmp.Diff(a, b, equalDecimals, cmpopts.IgnoreFields(dataset.Dataset{}, "Snapshot")); diff != "" {
		t.Fatalf("two runs differ (-first +second):\n%s", diff)
	}
	pa, err := newProposalFor(DefaultInstances)
	require.NoError(t, err)
	pb, err := newProposalFor(DefaultInstances)
	require.NoError(t, err)
	if diff := cmp.Diff(pa, pb, equalDecimals); diff != "" {
		t.Fatalf("two proposals differ (-first +second):\n%s", diff)
	}
}

// newProposalFor runs the generator up to the proposal.
func newProposalFor(n int) (*pricing.Proposal, error) {
	g := newGenerator(n, DefaultVirtualAccounts, DefaultLicenses)
	g.plan()
	g.instances()
	g.footprint()
	g.reservations()
	g.entitlements()
	return g.proposal()
}

func TestGenerateRejectsSizesOutOfRange(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
	}{
		{"below the minimum", 999},
		{"above the maximum", 1000001},
		{"negative", -42000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := Generate(Params{Instances: tc.n})
			require.Error(t, err)
			assert.Nil(t, ds)
			assert.Contains(t, err.Error(), "outside the range 1000 to 1000000")
		})
	}
}

// class is the clean-up class of an instance by METHOD.md §3, first match
// wins; the test's own reading of the rules.
type class int

const (
	classDecommissioned class = iota
	classDuplicate
	classStale
	classUnmatched
	classActive
)

type instanceKey struct {
	udi smartaccount.UDI
	va  string
}

// classify returns the class of every instance (UDI, Virtual Account).
func classify(s *smartaccount.Snapshot) map[instanceKey]class {
	footprint := map[smartaccount.UDI]*smartaccount.Device{}
	for i := range s.Footprint {
		footprint[s.Footprint[i].UDI] = &s.Footprint[i]
	}
	// The instance of each UDI with the latest last contact (then the
	// first row) is kept.
	type seen struct {
		va      string
		contact time.Time
	}
	keep := map[smartaccount.UDI]seen{}
	vasOf := map[smartaccount.UDI]map[string]bool{}
	lastSeen := map[instanceKey]time.Time{}
	for i := range s.Instances {
		p := &s.Instances[i]
		k := instanceKey{p.UDI, p.VirtualAccount}
		if vasOf[p.UDI] == nil {
			vasOf[p.UDI] = map[string]bool{}
		}
		vasOf[p.UDI][p.VirtualAccount] = true
		if best, ok := keep[p.UDI]; !ok || p.LastContact.After(best.contact) {
			keep[p.UDI] = seen{p.VirtualAccount, p.LastContact}
		}
		seenAt := p.LastContact
		if seenAt.IsZero() {
			seenAt = p.LastReport
		}
		if seenAt.IsZero() {
			seenAt = p.Registered
		}
		if seenAt.After(lastSeen[k]) {
			lastSeen[k] = seenAt
		}
	}
	out := map[instanceKey]class{}
	for k, seenAt := range lastSeen {
		d := footprint[k.udi]
		switch {
		case d != nil && (d.Status == smartaccount.FootprintDecommissioned || d.Status == smartaccount.FootprintRetired || d.Status == smartaccount.FootprintDisposed):
			out[k] = classDecommissioned
		case len(vasOf[k.udi]) > 1 && keep[k.udi].va != k.va:
			out[k] = classDuplicate
		case seenAt.Before(staleBefore):
			out[k] = classStale
		case d == nil:
			out[k] = classUnmatched
		default:
			out[k] = classActive
		}
	}
	return out
}

func TestGenerateCounts(t *testing.T) {
	// Expected values are round(count × n / 42,000), half up, worked out by
	// hand from the counts of the 42,000-instance case.
	for _, tc := range []struct {
		n                                                int
		decommissioned, duplicates, stale, unmatched     int
		hsec, planned, spare, oversizedAdv, oversizedISR int
	}{
		{n: 1000, decommissioned: 143, duplicates: 7, stale: 10, unmatched: 6, hsec: 43, planned: 7, spare: 5, oversizedAdv: 43, oversizedISR: 4},
		{n: 42000, decommissioned: 6000, duplicates: 300, stale: 400, unmatched: 250, hsec: 1800, planned: 300, spare: 200, oversizedAdv: 1800, oversizedISR: 150},
		{n: 100000, decommissioned: 14286, duplicates: 714, stale: 952, unmatched: 595, hsec: 4286, planned: 714, spare: 476, oversizedAdv: 4286, oversizedISR: 357},
	} {
		t.Run(strconv.Itoa(tc.n), func(t *testing.T) {
			s := &sampleOf(t, tc.n).Snapshot
			classes := classify(s)
			assert.Len(t, classes, tc.n, "distinct (UDI, Virtual Account) instances")
			assert.Len(t, s.Instances, tc.n+tc.hsec, "rows: one per instance, a second for DNA HSEC")

			counts := map[class]int{}
			for _, c := range classes {
				counts[c]++
			}
			want := map[class]int{
				classDecommissioned: tc.decommissioned,
				classDuplicate:      tc.duplicates,
				classStale:          tc.stale,
				classUnmatched:      tc.unmatched,
				classActive:         tc.n - tc.decommissioned - tc.duplicates - tc.stale - tc.unmatched,
			}
			if diff := cmp.Diff(want, counts); diff != "" {
				t.Errorf("instances by class (-want +got):\n%s", diff)
			}

			status := map[smartaccount.FootprintStatus]int{}
			for _, d := range s.Footprint {
				status[d.Status]++
			}
			assert.Equal(t, tc.planned, status[smartaccount.FootprintPlanned], "planned devices")
			assert.Equal(t, tc.spare, status[smartaccount.FootprintSpare], "spare devices")
			registeredDevices := tc.n - tc.duplicates
			assert.Len(t, s.Footprint, registeredDevices-tc.unmatched+tc.planned+tc.spare, "footprint records")

			lower := map[string]string{"C9300 DNA Advantage": "C9300 DNA Essentials", "ISR4K DNA Advantage": "ISR4K DNA Essentials"}
			required := map[smartaccount.UDI]string{}
			for _, d := range s.Footprint {
				required[d.UDI] = d.RequiredLicense
			}
			oversized := map[string]int{}
			for _, p := range s.Instances {
				if r, ok := required[p.UDI]; ok && r == lower[p.License] {
					oversized[p.License]++
				}
			}
			assert.Equal(t, map[string]int{"C9300 DNA Advantage": tc.oversizedAdv, "ISR4K DNA Advantage": tc.oversizedISR}, oversized, "oversized instances")
		})
	}
}

func TestGenerateReferences(t *testing.T) {
	s := &sampleOf(t, DefaultInstances).Snapshot
	vas := map[string]smartaccount.VirtualAccount{}
	for _, v := range s.Account.VirtualAccounts {
		require.NotContains(t, vas, v.Name, "duplicate Virtual Account")
		vas[v.Name] = v
	}
	assert.GreaterOrEqual(t, len(vas), 20)
	assert.LessOrEqual(t, len(vas), 40)

	check := func(file string, i int, ref smartaccount.Ref, vaName string) {
		t.Helper()
		if want := (smartaccount.Ref{Source: file, Line: i + 2}); ref != want {
			t.Fatalf("%s record %d: Ref %v, want %v", file, i, ref, want)
		}
		if _, ok := vas[vaName]; vaName != "" && !ok {
			t.Fatalf("%s line %d: unknown Virtual Account %q", file, i+2, vaName)
		}
	}
	for i, e := range s.Entitlements {
		check(dataset.EntitlementsFile, i, e.Ref, e.VirtualAccount)
	}
	for i, p := range s.Instances {
		check(dataset.ProductInstancesFile, i, p.Ref, p.VirtualAccount)
	}
	for i, r := range s.Reservations {
		check(dataset.ReservationsFile, i, r.Ref, r.VirtualAccount)
	}
	orphans := 0
	for i, u := range s.Users {
		if _, ok := vas[u.VirtualAccount]; u.VirtualAccount != "" && !ok {
			orphans++
			check(dataset.UsersFile, i, u.Ref, "")
			continue
		}
		check(dataset.UsersFile, i, u.Ref, u.VirtualAccount)
	}
	assert.Equal(t, 2, orphans, "users with a role on a Virtual Account that does not exist")

	devices := map[smartaccount.UDI]bool{}
	serials := map[string]bool{}
	for i, d := range s.Footprint {
		check(dataset.FootprintFile, i, d.Ref, "")
		if devices[d.UDI] || serials[d.UDI.Serial] {
			t.Fatalf("%s line %d: UDI %s or its serial is in the footprint twice", dataset.FootprintFile, i+2, d.UDI)
		}
		devices[d.UDI], serials[d.UDI.Serial] = true, true
		if norm, err := smartaccount.NewUDI(d.UDI.PID, d.UDI.Serial); err != nil || norm != d.UDI {
			t.Fatalf("UDI %s is not normalised (%v)", d.UDI, err)
		}
		if !serialForm.MatchString(d.UDI.Serial) {
			t.Fatalf("serial %q is not in the form LLLYYWWSSSS", d.UDI.Serial)
		}
	}
	unmatched := map[smartaccount.UDI]bool{}
	for _, p := range s.Instances {
		if !devices[p.UDI] {
			unmatched[p.UDI] = true
		}
	}
	assert.Len(t, unmatched, 250, "devices registered but outside the footprint")
	for _, r := range s.Reservations {
		assert.True(t, devices[r.UDI], "reservation on %s, a device outside the footprint", r.UDI)
	}
}

var serialForm = regexp.MustCompile(`^[A-Z]{3}[0-9]{4}[0-9A-Z]{4}$`)

func TestGenerateEnumerationsAreValid(t *testing.T) {
	ds := sampleOf(t, DefaultInstances)
	s := &ds.Snapshot
	// Every value prints as a name its parser reads back.
	roundTrip := func(what, name string, parse func(string) error) {
		t.Helper()
		require.NotEmpty(t, name, "%s not given", what)
		require.NoError(t, parse(name), what)
	}
	for _, v := range s.Account.VirtualAccounts {
		roundTrip("workload", v.Workload.String(), func(n string) error { _, err := smartaccount.ParseWorkload(n); return err })
		roundTrip("environment", v.Environment.String(), func(n string) error { _, err := smartaccount.ParseEnvironment(n); return err })
	}
	types := map[smartaccount.LicenseType]bool{}
	for _, e := range s.Entitlements {
		roundTrip("license type", e.Type.String(), func(n string) error { _, err := smartaccount.ParseLicenseType(n); return err })
		types[e.Type] = true
		assert.Positive(t, e.Quantity)
		assert.Regexp(t, `^regid\.\d{4}-\d{2}\.com\.cisco\.\w+,[\w.]+_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, e.Tag)
	}
	assert.Equal(t, map[smartaccount.LicenseType]bool{smartaccount.Perpetual: true, smartaccount.Term: true, smartaccount.Subscription: true, smartaccount.Demo: true}, types)
	transports := map[smartaccount.Transport]int{}
	for _, p := range s.Instances {
		roundTrip("transport", p.Transport.String(), func(n string) error { _, err := smartaccount.ParseTransport(n); return err })
		transports[p.Transport]++
	}
	assert.Len(t, transports, 5, "every transport is used")
	for _, d := range s.Footprint {
		roundTrip("status", d.Status.String(), func(n string) error { _, err := smartaccount.ParseFootprintStatus(n); return err })
		roundTrip("air gap", d.AirGap.String(), func(n string) error { _, err := smartaccount.ParseAirGap(n); return err })
		roundTrip("growth source", d.GrowthSource.String(), func(n string) error { _, err := smartaccount.ParseGrowthSource(n); return err })
		roundTrip("workload", d.Workload.String(), func(n string) error { _, err := smartaccount.ParseWorkload(n); return err })
		roundTrip("environment", d.Environment.String(), func(n string) error { _, err := smartaccount.ParseEnvironment(n); return err })
	}
	states := map[smartaccount.ReservationState]bool{}
	for _, r := range s.Reservations {
		roundTrip("reservation state", r.State.String(), func(n string) error { _, err := smartaccount.ParseReservationState(n); return err })
		roundTrip("air gap", r.AirGap.String(), func(n string) error { _, err := smartaccount.ParseAirGap(n); return err })
		states[r.State] = true
		assert.Regexp(t, `^[A-Z]{2}-Z`+regexpQuote(r.UDI.PID)+`:`+r.UDI.Serial+`-[0-9A-Za-z]+-[0-9a-f]{2}$`, r.RequestCode)
		if r.ConfirmationCode != "" {
			assert.Regexp(t, `^[0-9a-f]{8}$`, r.ConfirmationCode)
		}
		if r.ReturnCode != "" {
			assert.Regexp(t, `^[0-9A-Za-z+/]+(-[0-9A-Za-z+/]+)+$`, r.ReturnCode)
		}
	}
	assert.Len(t, states, 5, "every reservation state is used")
	for _, u := range s.Users {
		roundTrip("role", u.Role.String(), func(n string) error { _, err := smartaccount.ParseRole(n); return err })
	}
}

func regexpQuote(s string) string { return strings.NewReplacer("/", `\/`, ".", `\.`).Replace(s) }

func TestGenerateUserAccessFindings(t *testing.T) {
	s := &sampleOf(t, DefaultInstances).Snapshot
	vas := map[string]bool{}
	for _, v := range s.Account.VirtualAccounts {
		vas[v.Name] = true
	}
	var admins, external, dormant, orphan int
	for _, u := range s.Users {
		if u.Role == smartaccount.SmartAccountAdmin {
			admins++
		}
		_, domain, _ := strings.Cut(u.Email, "@")
		if !slices.Contains(s.Account.CustomerDomains, domain) {
			external++
		}
		if u.LastLogin.IsZero() || u.LastLogin.Before(staleBefore) {
			dormant++
		}
		if u.Role.OnVirtualAccount() && !vas[u.VirtualAccount] {
			orphan++
		}
	}
	// Counted by hand in userSpecs: 9 administrators; 4 external users
	// (two at the partner, Cisco's account manager, a gmail address); 9
	// dormant (logins 190, 260, 300, 402, 410, 545 days ago, 3 never); 2
	// roles on the deleted RB-LATAM-BRANCH-PROD.
	assert.Len(t, s.Users, 64)
	assert.Equal(t, 9, admins)
	assert.Greater(t, admins, max(3, len(s.Users)/10), "excess_admins")
	assert.Equal(t, 4, external, "external_user")
	assert.Equal(t, 9, dormant, "dormant_user")
	assert.Equal(t, 2, orphan, "orphan_role")
}

func TestGenerateSLRFindings(t *testing.T) {
	// Each finding of METHOD.md §7, by the test's own reading of its rule;
	// the 42,000-instance counts are those of the case, and every finding
	// occurs at least once at the smallest size.
	for _, tc := range []struct {
		n    int
		want map[string]int
	}{
		{1000, map[string]int{"reserved_on_decommissioned": 1, "not_confirmed": 1, "half_returned": 1, "expiring": 1, "air_gapped_unreserved": 1, "over_reserved": 1, "misplaced": 1}},
		{42000, map[string]int{"reserved_on_decommissioned": 25, "not_confirmed": 10, "half_returned": 6, "expiring": 20, "air_gapped_unreserved": 15, "over_reserved": 8, "misplaced": 6}},
	} {
		t.Run(strconv.Itoa(tc.n), func(t *testing.T) {
			s := &sampleOf(t, tc.n).Snapshot
			vaEnv := map[string]smartaccount.Environment{}
			for _, v := range s.Account.VirtualAccounts {
				vaEnv[v.Name] = v.Environment
			}
			footprint := map[smartaccount.UDI]smartaccount.Device{}
			for _, d := range s.Footprint {
				footprint[d.UDI] = d
			}
			renewal := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			got := map[string]int{}
			reserved := map[smartaccount.UDI]bool{}
			for _, r := range s.Reservations {
				reserved[r.UDI] = true
				if r.State == smartaccount.Returned {
					continue
				}
				if footprint[r.UDI].Status.Gone() {
					got["reserved_on_decommissioned"]++
				}
				if r.State == smartaccount.Authorized && r.ConfirmationCode == "" && r.AuthorizationDate.Before(testAsOf.AddDate(0, 0, -30)) {
					got["not_confirmed"]++
				}
				if r.ReturnCode != "" {
					got["half_returned"]++
				}
				if !r.End.IsZero() && r.End.Before(renewal.AddDate(0, 0, 90)) {
					got["expiring"]++
				}
				if r.Quantity > 1 && footprint[r.UDI].RequiredLicense == r.License {
					got["over_reserved"]++
				}
				if vaEnv[r.VirtualAccount] != smartaccount.AirGapped {
					got["misplaced"]++
				}
			}
			for _, d := range s.Footprint {
				if d.AirGap.IsAirGapped() && !reserved[d.UDI] {
					got["air_gapped_unreserved"]++
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("SLR findings (-want +got):\n%s", diff)
			}
		})
	}
}

// position is one (Virtual Account, license) position after the hygiene
// reclaim, per METHOD.md §2 and §4.
type position struct{ consumed, entitled int64 }

func TestGenerateFragmentation(t *testing.T) {
	s := &sampleOf(t, DefaultInstances).Snapshot
	classes := classify(s)
	vas := map[string]smartaccount.VirtualAccount{}
	for _, v := range s.Account.VirtualAccounts {
		vas[v.Name] = v
	}
	pos := map[string]map[string]*position{} // license → VA → position
	at := func(l, v string) *position {
		if pos[l] == nil {
			pos[l] = map[string]*position{}
		}
		if pos[l][v] == nil {
			pos[l][v] = &position{}
		}
		return pos[l][v]
	}
	for _, p := range s.Instances {
		if vas[p.VirtualAccount].AirGapped() {
			continue
		}
		if c := classes[instanceKey{p.UDI, p.VirtualAccount}]; c == classDecommissioned || c == classDuplicate {
			continue
		}
		at(p.License, p.VirtualAccount).consumed += p.Quantity
	}
	for _, e := range s.Entitlements {
		if vas[e.VirtualAccount].AirGapped() || e.Status != "ACTIVE" {
			continue
		}
		if e.Type == smartaccount.Perpetual || (!testAsOf.Before(e.Start) && !testAsOf.After(e.End)) {
			at(e.License, e.VirtualAccount).entitled += e.Quantity
		}
	}
	require.Len(t, pos, 5, "licenses")
	for l, byVA := range pos {
		var fragmented, consumed, entitled int64
		for _, p := range byVA {
			fragmented += max(0, p.consumed-p.entitled)
			consumed += p.consumed
			entitled += p.entitled
		}
		pooled := max(0, consumed-entitled)
		assert.Greater(t, fragmented, pooled, "%s: pooling saves units (F > P)", l)
	}
	// Along every dimension, some value holds stranded surplus and some
	// value a shortage of the main license.
	for _, dim := range smartaccount.Dimensions {
		surplus, shortage := map[string]bool{}, map[string]bool{}
		for v, p := range pos["C9300 DNA Advantage"] {
			value := dim.Of(vas[v])
			if p.entitled > p.consumed {
				surplus[value] = true
			}
			if p.consumed > p.entitled {
				shortage[value] = true
			}
		}
		assert.NotEmpty(t, surplus, "%s: a value with surplus", dim)
		assert.NotEmpty(t, shortage, "%s: a value with a shortage", dim)
		assert.Greater(t, len(surplus)+len(shortage), 2, "%s: more than one value", dim)
	}
}

func TestGenerateGrowthAndForecast(t *testing.T) {
	ds := sampleOf(t, DefaultInstances)
	recent := map[smartaccount.GrowthSource]int{}
	baselineAfter := 0
	cut := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, d := range ds.Snapshot.Footprint {
		if d.Status == smartaccount.FootprintPlanned || d.InService.IsZero() || d.InService.Before(cut) || d.InService.After(testAsOf) {
			continue
		}
		if d.GrowthSource == smartaccount.Baseline {
			baselineAfter++
		}
		recent[d.GrowthSource]++
	}
	assert.Equal(t, map[smartaccount.GrowthSource]int{smartaccount.Organic: 1700, smartaccount.Project: 1000, smartaccount.Acquisition: 700}, recent,
		"devices in service in the twelve months before as_of, by source")
	assert.Zero(t, baselineAfter)

	f := ds.Forecast
	require.NotNil(t, f)
	assert.True(t, f.OrganicGrowthRate.Equal(decimal.RequireFromString("0.04")))
	start, end := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	inFirstYear := 0
	for _, p := range f.Projects {
		if !p.Date.Before(start) && p.Date.Before(end) {
			inFirstYear++
		}
	}
	for _, a := range f.Acquisitions {
		if !a.Date.Before(start) && a.Date.Before(end) {
			inFirstYear++
		}
	}
	assert.Equal(t, 3, inFirstYear, "two projects and the acquisition fall in the first contract year")
	assert.Len(t, f.Projects, 3, "one project falls in the second year")

	o := ds.Options
	require.NotNil(t, o)
	assert.Equal(t, testAsOf, o.AsOf)
	assert.Equal(t, start, o.RenewalDate)
	require.NotNil(t, o.CapKind)
	assert.Equal(t, pricing.CapPerYear, *o.CapKind)
	assert.True(t, o.PriceCap.Valid && o.PriceCap.Decimal.Equal(decimal.RequireFromString("0.04")))
	assert.True(t, o.TrueForwardUpliftTarget.Decimal.Equal(decimal.RequireFromString("0.15")))
	assert.Equal(t, 180, *o.StaleAfterDays)
	assert.Equal(t, "financial-services", o.Industry)
	assert.Nil(t, ds.Policy, "the Cisco default policy")
}

func TestGenerateReportingStatusesVary(t *testing.T) {
	// METHOD.md §6 under the Cisco default policy for DNA subscriptions
	// (first report 90 days, then every 90 days), applied to the connected
	// instances.
	s := &sampleOf(t, DefaultInstances).Snapshot
	status := map[string]int{}
	for _, p := range s.Instances {
		if p.Transport == smartaccount.TransportSLR || p.License == "DNA HSEC" {
			continue
		}
		anchor := p.LastACK
		if anchor.IsZero() {
			anchor = p.LastReport
		}
		if anchor.IsZero() {
			anchor = p.Registered
		}
		due := anchor.AddDate(0, 0, 90)
		switch {
		case testAsOf.After(due):
			status["overdue"]++
		case due.Sub(testAsOf) <= 14*24*time.Hour:
			status["due_soon"]++
		case p.LastReport.After(p.LastACK) && p.LastReport.Before(testAsOf.Add(-48*time.Hour)):
			status["ack_missing"]++
		default:
			status["ok"]++
		}
	}
	total := 0
	for _, n := range status {
		total += n
	}
	for _, st := range []string{"overdue", "due_soon", "ack_missing", "ok"} {
		assert.Greater(t, status[st]*100, total, "%s: more than 1 %% of the instances (%v)", st, status)
	}
	assert.Greater(t, status["ok"]*2, total, "most instances are in order")
}

// tcv prices a proposal by METHOD.md §1 with the uplift as proposed:
// Σ_lines Σ_y round(q × p × factor_y × (1 + t)), half-even to cents.
func tcv(p *pricing.Proposal) decimal.Decimal {
	one := decimal.NewFromInt(1)
	total := decimal.Zero
	factor := one
	for y := 1; y <= p.TermYears; y++ {
		if y > 1 {
			factor = factor.Mul(one.Add(p.AnnualUplift))
		}
		for _, l := range p.Lines {
			price := decimal.NewFromInt(l.Quantity).Mul(l.UnitPrice).Mul(factor)
			if l.Category == pricing.TrueForward {
				price = price.Mul(one.Add(l.Uplift))
			}
			total = total.Add(price.RoundBank(2))
		}
	}
	return total
}

func TestTCVFormulaMatchesTheWorkedCheck(t *testing.T) {
	p := &pricing.Proposal{TermYears: 5, AnnualUplift: decimal.RequireFromString("0.09"),
		Lines: []pricing.Line{{Category: pricing.Subscription, Quantity: 42000, UnitPrice: decimal.RequireFromString("37.40")}}}
	assert.Equal(t, "9400783.42", tcv(p).StringFixed(2), "METHOD.md §1 worked check")
}

func TestProposal(t *testing.T) {
	s := &sampleOf(t, DefaultInstances).Snapshot
	p, err := newProposalFor(DefaultInstances)
	require.NoError(t, err)
	require.NoError(t, p.Validate())

	got := tcv(p)
	assert.True(t, got.Equal(p.StatedTotal.Decimal), "stated total %s, computed %s", p.StatedTotal.Decimal, got)
	low, high := decimal.NewFromInt(9_300_000), decimal.NewFromInt(9_500_000)
	assert.True(t, got.GreaterThan(low) && got.LessThan(high), "TCV %s is about 9.4 m", got)
	assert.Equal(t, 5, p.TermYears)
	assert.Equal(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), p.StartDate)
	assert.True(t, p.AnnualUplift.Equal(decimal.RequireFromString("0.09")))
	assert.Equal(t, "USD", p.Currency)
	assert.Equal(t, [][]string{{"C9300 DNA Essentials", "C9300 DNA Advantage"}, {"ISR4K DNA Essentials", "ISR4K DNA Advantage"}}, p.Tiers)
	// Opening year 1 over the prior year's spend: inside the 40–80 % band
	// of financial services.
	year1 := decimal.Zero
	for _, l := range p.Lines {
		b := decimal.NewFromInt(l.Quantity).Mul(l.UnitPrice)
		if l.Category == pricing.TrueForward {
			b = b.Mul(decimal.NewFromInt(1).Add(l.Uplift))
		}
		year1 = year1.Add(b)
	}
	uplift := year1.Div(p.PriorAnnualSpend.Decimal).Sub(decimal.NewFromInt(1))
	assert.True(t, uplift.GreaterThan(decimal.RequireFromString("0.40")) && uplift.LessThan(decimal.RequireFromString("0.80")), "opening uplift %s", uplift)

	// The vendor's quantities, recomputed from the snapshot: subscription =
	// entitlement counting on as_of, true-forward = Σ per-VA shortage.
	entitled, consumed := map[[2]string]int64{}, map[[2]string]int64{}
	for _, e := range s.Entitlements {
		if e.Status == "ACTIVE" && (e.Type == smartaccount.Perpetual || (!testAsOf.Before(e.Start) && !testAsOf.After(e.End))) {
			entitled[[2]string{e.License, e.VirtualAccount}] += e.Quantity
		}
	}
	for _, i := range s.Instances {
		consumed[[2]string{i.License, i.VirtualAccount}] += i.Quantity
	}
	for _, l := range p.Lines {
		if l.Category == pricing.Support {
			assert.Equal(t, int64(12), l.Quantity)
			continue
		}
		var want int64
		for k, e := range entitled {
			if k[0] == l.License && l.Category == pricing.Subscription {
				want += e
			}
		}
		for k, c := range consumed {
			if k[0] == l.License && l.Category == pricing.TrueForward {
				want += max(0, c-entitled[k])
			}
		}
		assert.Equal(t, want, l.Quantity, "%s %s", l.SKU, l.Category)
		assert.Positive(t, l.Quantity, l.SKU)
	}
}

func TestGenerateRoundTripsThroughADatasetDirectory(t *testing.T) {
	ds := sampleOf(t, MinInstances)
	dir := t.TempDir()
	ctx := context.Background()
	require.NoError(t, dataset.Write(ctx, dir, ds))
	got, err := dataset.Read(ctx, os.DirFS(dir))
	require.NoError(t, err)
	assert.Empty(t, got.Warnings)
	if diff := cmp.Diff(ds, got, equalDecimals); diff != "" {
		t.Errorf("written and read back (-generated +read):\n%s", diff)
	}
}

func TestGenerateInUse(t *testing.T) {
	// CSSM's counts equal the product-instance rows of each pair but for
	// three: +12, −5 and +3 units in the 42,000-instance case; at 1,000
	// instances each scales below 1 (12 × 1000 / 42000 = 0.29) and is kept
	// at 1.
	for _, tc := range []struct {
		n    int
		want map[[2]string]int64
	}{
		{1000, map[[2]string]int64{
			{"RB-AMER-BRANCH-PROD", "C9300 DNA Advantage"}: 1, {"GT-EMEA-DC-PROD", "C9300 DNA Advantage"}: -1,
			{"CIB-EMEA-TRADING-PROD", "ISR4K DNA Advantage"}: 1}},
		{42000, map[[2]string]int64{
			{"RB-AMER-BRANCH-PROD", "C9300 DNA Advantage"}: 12, {"GT-EMEA-DC-PROD", "C9300 DNA Advantage"}: -5,
			{"CIB-EMEA-TRADING-PROD", "ISR4K DNA Advantage"}: 3}},
	} {
		t.Run(strconv.Itoa(tc.n), func(t *testing.T) {
			s := &sampleOf(t, tc.n).Snapshot
			consumed := map[[2]string]int64{}
			for _, p := range s.Instances {
				consumed[[2]string{p.VirtualAccount, p.License}] += p.Quantity
			}
			held := map[[2]string]bool{}
			for _, e := range s.Entitlements {
				held[[2]string{e.VirtualAccount, e.License}] = true
			}
			got := map[[2]string]int64{}
			counted := map[[2]string]bool{}
			for i, u := range s.InUse {
				k := [2]string{u.VirtualAccount, u.License}
				require.False(t, counted[k], "%v counted twice", k)
				counted[k] = true
				assert.Equal(t, smartaccount.Ref{Source: dataset.InUseFile, Line: i + 2}, u.Ref)
				if d := u.Quantity - consumed[k]; d != 0 {
					got[k] = d
				}
			}
			assert.Equal(t, tc.want, got)
			for k := range consumed {
				assert.True(t, counted[k], "%v: consumption without a count", k)
			}
			for k := range held {
				assert.True(t, counted[k], "%v: entitlement without a count", k)
			}
		})
	}
}

func TestGenerateMoreVirtualAccountsAndLicenses(t *testing.T) {
	cfg := Params{Instances: DefaultInstances, VirtualAccounts: 200, Licenses: 60}
	ds, err := Generate(cfg)
	require.NoError(t, err)
	s := &ds.Snapshot
	require.Len(t, s.Account.VirtualAccounts, 200)
	names := map[string]bool{}
	for _, v := range s.Account.VirtualAccounts {
		require.False(t, names[v.Name], "Virtual Account %q twice", v.Name)
		names[v.Name] = true
	}
	used := map[string]bool{}
	for _, p := range s.Instances {
		used[p.License] = true
	}
	assert.Len(t, used, 60, "every license has devices")

	// The planted situations do not depend on how the fleet spreads: the
	// same counts as the case's (TestGenerateCounts).
	counts := map[class]int{}
	for _, c := range classify(s) {
		counts[c]++
	}
	assert.Equal(t, map[class]int{classDecommissioned: 6000, classDuplicate: 300, classStale: 400, classUnmatched: 250,
		classActive: 42000 - 6000 - 300 - 400 - 250}, counts)

	// The tier lists: the case's two grow by C9300 and ISR4K DNA Premier
	// once those are among the licenses; every list runs from a lower tier
	// to a higher, and names licenses of the sample (ISR4K DNA Essentials
	// aside, the case's tier without devices).
	require.NotEmpty(t, ds.Proposal.Tiers)
	assert.Equal(t, []string{"C9300 DNA Essentials", "C9300 DNA Advantage"}, ds.Proposal.Tiers[0][:2])
	for _, list := range ds.Proposal.Tiers {
		assert.GreaterOrEqual(t, len(list), 2)
		for _, l := range list {
			assert.True(t, used[l] || l == "ISR4K DNA Essentials", "tier %q names no license of the sample", l)
		}
	}
	require.NoError(t, ds.Proposal.Validate())

	// Written and read back: a valid dataset, equal to what was generated.
	small, err := Generate(Params{Instances: MinInstances, VirtualAccounts: 250, Licenses: MaxLicenses})
	require.NoError(t, err)
	dir := t.TempDir()
	ctx := context.Background()
	require.NoError(t, dataset.Write(ctx, dir, small))
	got, err := dataset.Read(ctx, os.DirFS(dir))
	require.NoError(t, err)
	if diff := cmp.Diff(small, got, equalDecimals); diff != "" {
		t.Errorf("written and read back (-generated +read):\n%s", diff)
	}

	again, err := Generate(cfg)
	require.NoError(t, err)
	assert.True(t, reflect.DeepEqual(ds.Snapshot, again.Snapshot), "deterministic")
}

func TestGenerateRejectsConfigOutOfRange(t *testing.T) {
	for _, tc := range []struct {
		cfg  Params
		want string
	}{
		{Params{VirtualAccounts: 33}, "sample: 33 Virtual Accounts is outside the range 34 to 1000"},
		{Params{VirtualAccounts: 1001}, "sample: 1001 Virtual Accounts is outside the range 34 to 1000"},
		{Params{Licenses: 4}, "sample: 4 licenses is outside the range 5 to 90"},
		{Params{Licenses: MaxLicenses + 1}, "sample: 91 licenses is outside the range 5 to 90"},
	} {
		_, err := Generate(tc.cfg)
		assert.EqualError(t, err, tc.want)
	}
}

func TestExtraLicenses(t *testing.T) {
	extras := extraLicenses()
	assert.Len(t, extras, MaxLicenses-DefaultLicenses)
	seen := map[string]bool{}
	for _, l := range append(caseLicenses(), extras...) {
		require.False(t, seen[l.name], "license %q twice", l.name)
		seen[l.name] = true
		assert.Regexp(t, `^regid\.\d{4}-\d{2}\.com\.cisco\.\w+,[\w.]+_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, l.tag)
	}
	// 36.80 + 0.35 × platform index 4 (C9500) = 38.20.
	assert.Equal(t, "38.20", priceOf("36.80", 4))
}
