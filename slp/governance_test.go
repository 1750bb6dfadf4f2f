package slp_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func mustUDI(t testing.TB, pid, sn string) smartaccount.UDI {
	t.Helper()
	u, err := smartaccount.NewUDI(pid, sn)
	require.NoError(t, err)
	return u
}

// The licenses of the tests: "perp" is perpetual, "sub" a subscription.
var testClassifier = slp.EntitlementClassifier([]smartaccount.Entitlement{
	{License: "perp", Type: smartaccount.Perpetual},
	{License: "sub", Type: smartaccount.Subscription},
})

// asOf is the day of the governance tests: 2026-11-28.
var asOf = day(2026, 11, 28)

// TestAssess checks each status of METHOD.md §6 under the Cisco default
// (subscription 90/90/90, perpetual 365/0/90, ACK required) as of
// 2026-11-28. Due dates were counted by hand on a calendar.
func TestAssess(t *testing.T) {
	custom := policy.Default()
	custom.Name = "Bank policy"
	custom.Groups[policy.UnenforcedSubscription].ReportingFrequency = policy.Days{Days: 30, Source: policy.Customer}
	noACK := policy.Default()
	noACK.ACKRequired.Value = false

	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		name       string
		in         slp.Instance
		policy     *policy.Policy // the fleet policy; nil: Cisco default
		wantGroup  policy.Group
		wantAnchor string
		wantDue    time.Time
		wantStatus slp.ReportingStatus
	}{
		{"ok: ACK 2026-10-01 + 90 = 2026-12-30, 32 days away",
			slp.Instance{Licenses: []string{"sub"}, LastACK: at(2026, 10, 1, 10), LastReport: at(2026, 10, 1, 9)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 12, 30), slp.ReportingOK},
		{"overdue: ACK 2026-08-01 + 90 = 2026-10-30",
			slp.Instance{Licenses: []string{"sub"}, LastACK: at(2026, 8, 1, 0)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 10, 30), slp.ReportingOverdue},
		{"overdue by one day: ACK 2026-08-29 + 90 = 2026-11-27",
			slp.Instance{Licenses: []string{"sub"}, LastACK: at(2026, 8, 29, 23)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 11, 27), slp.ReportingOverdue},
		{"due today is due_soon: ACK 2026-08-30 + 90 = 2026-11-28",
			slp.Instance{Licenses: []string{"sub"}, LastACK: at(2026, 8, 30, 1)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 11, 28), slp.ReportingDueSoon},
		{"due_soon at 14 days: ACK 2026-09-13 + 90 = 2026-12-12",
			slp.Instance{Licenses: []string{"sub"}, LastACK: at(2026, 9, 13, 12)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 12, 12), slp.ReportingDueSoon},
		{"ok at 15 days: ACK 2026-09-14 + 90 = 2026-12-13",
			slp.Instance{Licenses: []string{"sub"}, LastACK: at(2026, 9, 14, 12)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 12, 13), slp.ReportingOK},
		{"ack_missing: report 2026-11-25 after ACK 2026-10-01, 3 days old",
			slp.Instance{Licenses: []string{"sub"}, LastACK: at(2026, 10, 1, 10), LastReport: at(2026, 11, 25, 10)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 12, 30), slp.ReportingACKMissing},
		{"ok: report 2026-11-26 after the ACK is only 2 days old",
			slp.Instance{Licenses: []string{"sub"}, LastACK: at(2026, 10, 1, 10), LastReport: at(2026, 11, 26, 23)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 12, 30), slp.ReportingOK},
		{"ack_missing: reported 2026-11-01, never acknowledged; due 2027-01-30",
			slp.Instance{Licenses: []string{"sub"}, LastReport: at(2026, 11, 1, 8)},
			nil, policy.UnenforcedSubscription, "last_report", day(2027, 1, 30), slp.ReportingACKMissing},
		{"ok: the same when the policy requires no ACK",
			slp.Instance{Licenses: []string{"sub"}, LastReport: at(2026, 11, 1, 8)},
			&noACK, policy.UnenforcedSubscription, "last_report", day(2027, 1, 30), slp.ReportingOK},
		{"ok: perpetual never reported, registered 2026-01-10 + 365 = 2027-01-10",
			slp.Instance{Licenses: []string{"perp"}, Registered: day(2026, 1, 10)},
			nil, policy.UnenforcedPerpetual, "registration", day(2027, 1, 10), slp.ReportingOK},
		{"overdue: subscription never reported, registered 2026-08-01 + 90 = 2026-10-30",
			slp.Instance{Licenses: []string{"sub"}, Registered: day(2026, 8, 1)},
			nil, policy.UnenforcedSubscription, "registration", day(2026, 10, 30), slp.ReportingOverdue},
		{"not_required: perpetual (frequency 0) already reported",
			slp.Instance{Licenses: []string{"perp"}, LastACK: at(2025, 1, 1, 0), Registered: day(2024, 5, 1)},
			nil, policy.UnenforcedPerpetual, "last_ack", time.Time{}, slp.ReportingNotRequired},
		{"not_required: SLR never reports",
			slp.Instance{Licenses: []string{"sub"}, Transport: smartaccount.TransportSLR, Registered: day(2020, 1, 1)},
			nil, policy.UnenforcedSubscription, "", time.Time{}, slp.ReportingNotRequired},
		{"unknown: no date at all",
			slp.Instance{Licenses: []string{"sub"}},
			nil, policy.UnenforcedSubscription, "", time.Time{}, slp.ReportingUnknown},
		{"the strictest group: subscription beats perpetual",
			slp.Instance{Licenses: []string{"perp", "sub"}, LastACK: at(2026, 10, 1, 0)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 12, 30), slp.ReportingOK},
		{"an unknown license counts as subscription",
			slp.Instance{Licenses: []string{"perp", "mystery"}, LastACK: at(2026, 10, 1, 0)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 12, 30), slp.ReportingOK},
		{"no license counts as subscription",
			slp.Instance{LastACK: at(2026, 10, 1, 0)},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 12, 30), slp.ReportingOK},
		{"the instance's own policy: ACK 2026-11-01 + 30 = 2026-12-01",
			slp.Instance{Licenses: []string{"sub"}, LastACK: at(2026, 11, 1, 0), Policy: &custom},
			nil, policy.UnenforcedSubscription, "last_ack", day(2026, 12, 1), slp.ReportingDueSoon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := slp.Governance{AsOf: asOf.Add(15 * time.Hour), Policy: tt.policy, Classify: testClassifier}
			a, err := g.Assess(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.wantGroup, a.Group, "group")
			assert.Equal(t, tt.wantAnchor, a.Anchor, "anchor")
			assert.Equal(t, tt.wantDue, a.NextDue, "next due")
			assert.Equal(t, tt.wantStatus, a.Status, "status")
			switch a.Status {
			case slp.ReportingUnknown:
				assert.Equal(t, "no last ACK, last report or registration date is known", a.Reason)
			case slp.ReportingNotRequired:
				want := "the unenforced-perpetual group has no reporting frequency, and the instance has reported"
				if tt.in.Transport == smartaccount.TransportSLR {
					want = "on SLR: the device never reports"
				}
				assert.Equal(t, want, a.Reason)
			default:
				assert.Empty(t, a.Reason, "the due date explains the status")
			}
			wantPolicy := "Cisco default"
			if tt.in.Policy != nil {
				wantPolicy = "Bank policy"
			}
			assert.Equal(t, wantPolicy, a.PolicyName)
		})
	}
}

func TestEntitlementClassifier(t *testing.T) {
	c := slp.EntitlementClassifier([]smartaccount.Entitlement{
		{License: "A", Type: smartaccount.Perpetual},
		{License: "B", Type: smartaccount.Term},
		{License: "C", Type: smartaccount.Perpetual},
		{License: "C", Type: smartaccount.Subscription},
		{License: "D", Tag: "regid.2019-03.com.cisco.DNA_HSEC,1.0_509c41ab", Type: smartaccount.Perpetual},
		{License: "E", Type: smartaccount.Demo},
	})
	tests := []struct {
		license string
		want    policy.Group
		ok      bool
	}{
		{"A", policy.UnenforcedPerpetual, true},
		{"B", policy.UnenforcedSubscription, true},
		{"C", policy.UnenforcedSubscription, true},
		{"regid.2019-03.com.cisco.DNA_HSEC,1.0_509c41ab", policy.UnenforcedPerpetual, true},
		{"E", policy.UnenforcedSubscription, true},
		{"Z", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.license, func(t *testing.T) {
			g, ok := c(tt.license)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, g)
		})
	}
}

func TestInstances(t *testing.T) {
	sw1, sw2 := mustUDI(t, "C9300-24UX", "FCW1"), mustUDI(t, "C9300-24UX", "FCW2")
	rows := []smartaccount.ProductInstance{
		{UDI: sw1, VirtualAccount: "A", License: "sub", Registered: day(2024, 3, 1), LastACK: day(2026, 9, 1), Transport: smartaccount.TransportSmart, Ref: smartaccount.Ref{Source: "pi.csv", Line: 2}},
		{UDI: sw2, VirtualAccount: "A", License: "perp", Hostname: "sw2", Ref: smartaccount.Ref{Source: "pi.csv", Line: 3}},
		{UDI: sw1, VirtualAccount: "A", License: "perp", Hostname: "sw1", Registered: day(2024, 1, 1), LastReport: day(2026, 10, 1), LastACK: day(2026, 8, 1), Ref: smartaccount.Ref{Source: "pi.csv", Line: 4}},
		{UDI: sw1, VirtualAccount: "A", License: "sub", Ref: smartaccount.Ref{Source: "pi.csv", Line: 5}},
		{UDI: sw1, VirtualAccount: "B", License: "sub", Ref: smartaccount.Ref{Source: "pi.csv", Line: 6}},
	}
	want := []slp.Instance{
		{UDI: sw1, VirtualAccount: "A", Hostname: "sw1", Transport: smartaccount.TransportSmart, Licenses: []string{"perp", "sub"},
			Registered: day(2024, 1, 1), LastReport: day(2026, 10, 1), LastACK: day(2026, 9, 1),
			Refs: []smartaccount.Ref{{Source: "pi.csv", Line: 2}, {Source: "pi.csv", Line: 4}, {Source: "pi.csv", Line: 5}}},
		{UDI: sw2, VirtualAccount: "A", Hostname: "sw2", Licenses: []string{"perp"}, Refs: []smartaccount.Ref{{Source: "pi.csv", Line: 3}}},
		{UDI: sw1, VirtualAccount: "B", Licenses: []string{"sub"}, Refs: []smartaccount.Ref{{Source: "pi.csv", Line: 6}}},
	}
	if diff := cmp.Diff(want, slp.Instances(smartaccount.NewIndex(&smartaccount.Snapshot{Instances: rows}))); diff != "" {
		t.Errorf("instances (-want +got):\n%s", diff)
	}
}

// TestInstancesIgnoreRowOrder: an instance's hostname and transport are
// those of its first row by Ref (file and line), its Refs sorted, whatever
// the order of the rows.
func TestInstancesIgnoreRowOrder(t *testing.T) {
	u := mustUDI(t, "C9300-24UX", "FCW1")
	rows := []smartaccount.ProductInstance{
		{UDI: u, VirtualAccount: "A", License: "sub", Hostname: "later", Transport: smartaccount.TransportCSLU, Quantity: 2, Ref: smartaccount.Ref{Source: "pi.csv", Line: 9}},
		{UDI: u, VirtualAccount: "A", License: "perp", Quantity: 1, Ref: smartaccount.Ref{Source: "pi.csv", Line: 3}},
		{UDI: u, VirtualAccount: "A", License: "sub", Hostname: "first", Transport: smartaccount.TransportSLR, Quantity: 1, Ref: smartaccount.Ref{Source: "pi.csv", Line: 5}},
	}
	// Line 3 gives neither; line 5 is the first to give both. sub: 2 + 1.
	want := []slp.Instance{{UDI: u, VirtualAccount: "A", Hostname: "first", Transport: smartaccount.TransportSLR,
		Licenses: []string{"perp", "sub"}, Counts: map[string]int64{"perp": 1, "sub": 3},
		Refs: []smartaccount.Ref{{Source: "pi.csv", Line: 3}, {Source: "pi.csv", Line: 5}, {Source: "pi.csv", Line: 9}}}}
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}} {
		var shuffled []smartaccount.ProductInstance
		for _, i := range order {
			shuffled = append(shuffled, rows[i])
		}
		x := smartaccount.NewIndex(&smartaccount.Snapshot{Instances: shuffled})
		if diff := cmp.Diff(want, slp.Instances(x)); diff != "" {
			t.Errorf("rows %v (-want +got):\n%s", order, diff)
		}
		// On SLR (line 5): not_required, whichever row comes first.
		f, err := (&slp.Governance{AsOf: asOf}).IndexFleet(x)
		require.NoError(t, err)
		assert.Equal(t, map[slp.ReportingStatus]int{slp.ReportingNotRequired: 1}, f.ByStatus, "rows %v", order)
	}
}

// TestFleet checks the fleet counts and the reporting wave as of
// 2026-11-28, worked out by hand:
//
//	periodic due dates: 2026-10-30 (overdue), 11-29, 12-12, 12-30, 12-31
//	half of 5, rounded up, is 3: the third date, 2026-12-12, is stage_by
//	weeks from 11-28: [11-28..12-04] 1, [12-05..12-11] 0, [12-12..12-18] 1, [12-19..12-25] 0, [12-26..01-01] 2
func TestFleet(t *testing.T) {
	u := func(sn string) smartaccount.UDI { return mustUDI(t, "C9300-24UX", sn) }
	in := []slp.Instance{
		{UDI: u("I1"), VirtualAccount: "A", Licenses: []string{"sub"}, Transport: smartaccount.TransportSmart, LastACK: day(2026, 8, 1)},     // due 10-30: overdue
		{UDI: u("I2"), VirtualAccount: "A", Licenses: []string{"sub"}, Transport: smartaccount.TransportSmart, LastACK: day(2026, 9, 13)},    // due 12-12: due_soon
		{UDI: u("I3"), VirtualAccount: "A", Licenses: []string{"sub"}, Transport: smartaccount.TransportSmart, LastACK: day(2026, 10, 1)},    // due 12-30: ok
		{UDI: u("I4"), VirtualAccount: "A", Licenses: []string{"sub"}, Transport: smartaccount.TransportSmart, LastACK: day(2026, 10, 2)},    // due 12-31: ok
		{UDI: u("I5"), VirtualAccount: "A", Licenses: []string{"perp"}, Transport: smartaccount.TransportCSLU, Registered: day(2026, 1, 10)}, // first report due 2027-01-10: ok, not periodic
		{UDI: u("I6"), VirtualAccount: "A", Licenses: []string{"sub"}, Transport: smartaccount.TransportSLR, Registered: day(2025, 1, 1)},    // SLR: not_required
		{UDI: u("I7"), VirtualAccount: "A", Licenses: []string{"sub"}},                                                                       // no date: unknown
		{UDI: u("I8"), VirtualAccount: "B", Licenses: []string{"sub"}, Transport: smartaccount.TransportOffline, LastACK: day(2026, 8, 31)},  // due 11-29: due_soon
	}
	g := slp.Governance{AsOf: asOf, Classify: testClassifier}
	f, err := g.Fleet(in)
	require.NoError(t, err)

	assert.Equal(t, asOf, f.AsOf)
	assert.Equal(t, map[slp.ReportingStatus]int{
		slp.ReportingOverdue: 1, slp.ReportingDueSoon: 2, slp.ReportingOK: 3, slp.ReportingNotRequired: 1, slp.ReportingUnknown: 1,
	}, f.ByStatus)
	assert.Equal(t, map[smartaccount.Transport]int{
		smartaccount.TransportSmart: 4, smartaccount.TransportCSLU: 1, smartaccount.TransportSLR: 1, 0: 1, smartaccount.TransportOffline: 1,
	}, f.ByTransport)
	assert.Equal(t, map[string]map[slp.ReportingStatus]int{
		"A": {slp.ReportingOverdue: 1, slp.ReportingDueSoon: 1, slp.ReportingOK: 3, slp.ReportingNotRequired: 1, slp.ReportingUnknown: 1},
		"B": {slp.ReportingDueSoon: 1},
	}, f.ByVirtualAccount)
	want := slp.Wave{
		Periodic: 5,
		StageBy:  day(2026, 12, 12),
		PastDue:  1,
		Weeks: []slp.Week{
			{Start: day(2026, 11, 28), Due: 1}, {Start: day(2026, 12, 5), Due: 0}, {Start: day(2026, 12, 12), Due: 1},
			{Start: day(2026, 12, 19), Due: 0}, {Start: day(2026, 12, 26), Due: 2},
		},
	}
	if diff := cmp.Diff(want, f.Wave); diff != "" {
		t.Errorf("wave (-want +got):\n%s", diff)
	}
	var order []string
	for a := range f.Assessments() {
		order = append(order, a.VirtualAccount+"/"+a.UDI.Serial)
	}
	assert.Equal(t, []string{"A/I1", "A/I2", "A/I3", "A/I4", "A/I5", "A/I6", "A/I7", "B/I8"}, order)
}

func TestWaveEdges(t *testing.T) {
	u := func(sn string) smartaccount.UDI { return mustUDI(t, "ISR4331/K9", sn) }
	g := slp.Governance{AsOf: asOf}
	tests := []struct {
		name string
		in   []slp.Instance
		want slp.Wave
	}{
		{"no instance", nil, slp.Wave{}},
		{"all overdue: stage by as_of", []slp.Instance{
			{UDI: u("1"), LastACK: day(2026, 1, 1)}, {UDI: u("2"), LastACK: day(2026, 2, 1)},
		}, slp.Wave{Periodic: 2, StageBy: asOf, PastDue: 2}},
		{"one due on as_of", []slp.Instance{{UDI: u("1"), LastACK: day(2026, 8, 30)}},
			slp.Wave{Periodic: 1, StageBy: asOf, Weeks: []slp.Week{{Start: asOf, Due: 1}}}},
		{"two: the first of them", []slp.Instance{{UDI: u("1"), LastACK: day(2026, 10, 2)}, {UDI: u("2"), LastACK: day(2026, 9, 14)}},
			slp.Wave{Periodic: 2, StageBy: day(2026, 12, 13), Weeks: []slp.Week{
				{Start: asOf}, {Start: day(2026, 12, 5)}, {Start: day(2026, 12, 12), Due: 1}, {Start: day(2026, 12, 19)}, {Start: day(2026, 12, 26), Due: 1}}}},
		{"more than ten years ahead is Later", []slp.Instance{{UDI: u("1"), LastACK: day(2040, 1, 1)}},
			slp.Wave{Periodic: 1, StageBy: day(2040, 3, 31), Later: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := g.Fleet(tt.in)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, f.Wave); diff != "" {
				t.Errorf("wave (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReportingStatusText(t *testing.T) {
	for s, want := range map[slp.ReportingStatus]string{
		slp.ReportingUnknown: "unknown", slp.ReportingNotRequired: "not_required", slp.ReportingOverdue: "overdue",
		slp.ReportingDueSoon: "due_soon", slp.ReportingACKMissing: "ack_missing", slp.ReportingOK: "ok",
	} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, want, string(b))
	}
	assert.Equal(t, "reporting-status(9)", slp.ReportingStatus(9).String())
	_, err := slp.ReportingStatus(9).MarshalText()
	assert.EqualError(t, err, "invalid reporting status 9", "an invalid status is not written")
}

// TestZeroGovernance: a Governance built by hand with zero fields assesses
// under the Cisco default policy (METHOD.md §6) — never a zero policy that
// would make every reported instance not_required — and refuses to run
// without AsOf rather than read the clock.
func TestZeroGovernance(t *testing.T) {
	in := []slp.Instance{
		// sub, ACK 2026-08-01: under the default's 90-day frequency due
		// 2026-10-30, overdue on 2026-11-28. A zero policy (frequency 0)
		// would call it not_required.
		{UDI: mustUDI(t, "C9300-24UX", "Z1"), Licenses: []string{"sub"}, LastACK: day(2026, 8, 1)},
		// never reported, registered 2026-11-01: first report due + 90 days
		// = 2027-01-30 (ok). A zero policy would give 2026-11-01, overdue.
		{UDI: mustUDI(t, "C9300-24UX", "Z2"), Registered: day(2026, 11, 1)},
	}
	g := slp.Governance{AsOf: asOf}
	f, err := g.Fleet(in)
	require.NoError(t, err)
	require.Equal(t, 2, f.Len())
	assessments := slices.Collect(f.Assessments())
	for i, want := range []struct {
		due    time.Time
		status slp.ReportingStatus
	}{{day(2026, 10, 30), slp.ReportingOverdue}, {day(2027, 1, 30), slp.ReportingOK}} {
		a := assessments[i]
		assert.Equal(t, "Cisco default", a.PolicyName, a.UDI.Serial)
		assert.Equal(t, policy.UnenforcedSubscription, a.Group, "no classifier: subscription")
		assert.Equal(t, want.due, a.NextDue, a.UDI.Serial)
		assert.Equal(t, want.status, a.Status, a.UDI.Serial)
	}
	a, err := g.Assess(in[0])
	require.NoError(t, err)
	assert.Equal(t, slp.ReportingOverdue, a.Status)

	var zero slp.Governance
	_, err = zero.Fleet(in)
	assert.ErrorIs(t, err, slp.ErrNoAsOf)
	_, err = zero.Assess(in[0])
	assert.ErrorIs(t, err, slp.ErrNoAsOf)
	assert.EqualError(t, err, "slp: Governance.AsOf is not set: the assessment date must be given (METHOD.md §0)")
}

// TestFleetShared: goroutines may read one Fleet's assessments at once;
// the order is worked out once and each gets the same.
func TestFleetShared(t *testing.T) {
	u := func(sn string) smartaccount.UDI { return mustUDI(t, "C9300-24UX", sn) }
	rows := []smartaccount.ProductInstance{
		{UDI: u("3"), VirtualAccount: "B", License: "sub"},
		{UDI: u("2"), VirtualAccount: "A", License: "sub"},
		{UDI: u("1"), VirtualAccount: "B", License: "sub"},
		{UDI: u("1"), VirtualAccount: "A", License: "sub"},
	}
	f, err := (&slp.Governance{AsOf: asOf}).IndexFleet(smartaccount.NewIndex(&smartaccount.Snapshot{Instances: rows}))
	require.NoError(t, err)
	orders := make([][]string, 4)
	var wg sync.WaitGroup
	for i := range orders {
		wg.Go(func() {
			for a := range f.Assessments() {
				orders[i] = append(orders[i], a.VirtualAccount+"/"+a.UDI.Serial)
			}
		})
	}
	wg.Wait()
	for _, got := range orders {
		assert.Equal(t, []string{"A/1", "A/2", "B/1", "B/3"}, got)
	}
}
