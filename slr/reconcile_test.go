package slr

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dev(serial string) smartaccount.UDI { return smartaccount.UDI{PID: "C9300-24UX", Serial: serial} }

func fpRef(line int) smartaccount.Ref { return smartaccount.Ref{Source: "footprint.csv", Line: line} }
func resRef(line int) smartaccount.Ref {
	return smartaccount.Ref{Source: "reservations.csv", Line: line}
}

// reconcileSnapshot is a hand-built Smart Account: as of 2026-03-01, renewal
// 2026-06-30, so an authorization before 2026-01-30 is overdue and a term
// ending before 2026-09-28 is expiring.
func reconcileSnapshot() *smartaccount.Snapshot {
	const dna, nwa = "DNA Advantage", "Network Advantage"
	return &smartaccount.Snapshot{
		Account: smartaccount.Account{Name: "Bank", VirtualAccounts: []smartaccount.VirtualAccount{
			{Name: "Dark Site East", Environment: smartaccount.AirGapped},
			{Name: "Campus", Environment: smartaccount.OnPrem},
			{Name: "Legacy"}, // environment not given
		}},
		Footprint: []smartaccount.Device{
			{UDI: dev("FCW0000D01"), Status: smartaccount.FootprintDecommissioned, AirGap: smartaccount.Classified, RequiredLicense: dna, Ref: fpRef(2)},
			{UDI: dev("FCW0000D02"), Status: smartaccount.FootprintActive, AirGap: smartaccount.DarkSite, RequiredLicense: dna, Ref: fpRef(3)},
			{UDI: dev("FCW0000D03"), Status: smartaccount.FootprintActive, AirGap: smartaccount.Restricted, RequiredLicense: dna, Ref: fpRef(4)},
			{UDI: dev("FCW0000D04"), Status: smartaccount.FootprintActive, AirGap: smartaccount.AirGapNone, RequiredLicense: dna, Ref: fpRef(5)},
			{UDI: dev("FCW0000D05"), Status: smartaccount.FootprintSpare, AirGap: smartaccount.Classified, RequiredLicense: dna, Ref: fpRef(6)},
			{UDI: dev("FCW0000D06"), Status: smartaccount.FootprintActive, AirGap: smartaccount.Classified, RequiredLicense: nwa, Ref: fpRef(7)},
			{UDI: dev("FCW0000D07"), Status: smartaccount.FootprintActive, AirGap: smartaccount.Classified, Ref: fpRef(8)},
			{UDI: dev("FCW0000D02"), Status: smartaccount.FootprintDecommissioned, Ref: fpRef(9)}, // duplicate row: the first counts
		},
		Reservations: []smartaccount.Reservation{
			{UDI: dev("FCW0000D01"), VirtualAccount: "Dark Site East", License: dna, Quantity: 3, State: smartaccount.Installed,
				AuthorizationDate: date(2025, 10, 1), ConfirmationCode: "aaaaaaaa", Ref: resRef(2)},
			{UDI: dev("FCW0000D01"), VirtualAccount: "Dark Site East", License: nwa, Quantity: 1, State: smartaccount.Returned, Ref: resRef(3)},
			{UDI: dev("FCW0000D02"), VirtualAccount: "Dark Site East", License: dna, Quantity: 4, State: smartaccount.Installed,
				Type: smartaccount.Term, Start: date(2025, 9, 28), End: date(2026, 9, 27),
				AuthorizationDate: date(2025, 9, 28), ConfirmationCode: "bbbbbbbb", Ref: resRef(4)},
			{UDI: dev("FCW0000D02"), VirtualAccount: "Campus", License: nwa, Quantity: 2, State: smartaccount.Authorized,
				AuthorizationDate: date(2026, 1, 29), Ref: resRef(5)},
			{UDI: smartaccount.UDI{PID: "C9500-32C", Serial: "CAT0000D08"}, VirtualAccount: "Legacy", License: dna, Quantity: 1,
				State: smartaccount.Authorized, Type: smartaccount.Term, End: date(2026, 9, 28), AuthorizationDate: date(2026, 1, 30), Ref: resRef(6)},
			{UDI: dev("FCW0000D06"), State: smartaccount.Requested, RequestCode: "CB-ZC9300-24UX:FCW0000D06-AK9A6sMTr-86", Ref: resRef(7)},
			{UDI: dev("FCW0000D07"), VirtualAccount: "Dark Site East", License: dna, Quantity: 2, State: smartaccount.Installed,
				AuthorizationDate: date(2026, 2, 1), ConfirmationCode: "cccccccc", Ref: resRef(8)},
			{UDI: dev("FCW0000D07"), VirtualAccount: "Dark Site East", License: nwa, Quantity: 1, State: smartaccount.Installed,
				AuthorizationDate: date(2026, 2, 1), ConfirmationCode: "cccccccc", Ref: resRef(9)},
			{UDI: dev("FCW0000D04"), VirtualAccount: "Dark Site East", License: dna, Quantity: 1, State: smartaccount.ReturnRequested,
				AuthorizationDate: date(2025, 6, 1), ConfirmationCode: "dddddddd", ReturnCode: testReturn, Ref: resRef(10)},
			{UDI: dev("FCW0000D01"), VirtualAccount: "Dark Site East", License: dna, Quantity: 2, Ref: resRef(11)}, // state not given: held
		},
	}
}

func TestReconcile(t *testing.T) {
	res, err := Reconcile(smartaccount.NewIndex(reconcileSnapshot()), Params{AsOf: date(2026, 3, 1), RenewalDate: date(2026, 6, 30)})
	require.NoError(t, err)

	want := []smartaccount.Finding{
		{Kind: KindReservedOnDecommissioned, Severity: smartaccount.SeverityWarning, License: "DNA Advantage", VirtualAccount: "Dark Site East",
			UDI: dev("FCW0000D01"), Quantity: 3, Evidence: []smartaccount.Ref{resRef(2), fpRef(2)},
			Detail: "3 units of DNA Advantage reserved on PID:C9300-24UX,SN:FCW0000D01, which the footprint lists as decommissioned"},
		{Kind: KindReservedOnDecommissioned, Severity: smartaccount.SeverityWarning, License: "DNA Advantage", VirtualAccount: "Dark Site East",
			UDI: dev("FCW0000D01"), Quantity: 2, Evidence: []smartaccount.Ref{resRef(11), fpRef(2)},
			Detail: "2 units of DNA Advantage reserved on PID:C9300-24UX,SN:FCW0000D01, which the footprint lists as decommissioned"},
		{Kind: KindNotConfirmed, Severity: smartaccount.SeverityWarning, License: "Network Advantage", VirtualAccount: "Campus",
			UDI: dev("FCW0000D02"), Quantity: 2, Evidence: []smartaccount.Ref{resRef(5), fpRef(3)},
			Detail: "authorized on 2026-01-29, 31 days before 2026-03-01, and no confirmation code recorded"},
		{Kind: KindHalfReturned, Severity: smartaccount.SeverityWarning, License: "DNA Advantage", VirtualAccount: "Dark Site East",
			UDI: dev("FCW0000D04"), Quantity: 1, Evidence: []smartaccount.Ref{resRef(10), fpRef(5)},
			Detail: "return code generated but the reservation is return-requested, not returned, in CSSM"},
		{Kind: KindExpiring, Severity: smartaccount.SeverityWarning, License: "DNA Advantage", VirtualAccount: "Dark Site East",
			UDI: dev("FCW0000D02"), Quantity: 4, Evidence: []smartaccount.Ref{resRef(4), fpRef(3)},
			Detail: "term ends 2026-09-27, before 2026-09-28 (renewal date + 90 days)"},
		{Kind: KindAirGappedUnreserved, Severity: smartaccount.SeverityCritical, License: "DNA Advantage",
			UDI: dev("FCW0000D03"), Quantity: 1, Evidence: []smartaccount.Ref{fpRef(4)},
			Detail: "restricted device PID:C9300-24UX,SN:FCW0000D03 has no authorized or installed reservation"},
		{Kind: KindAirGappedUnreserved, Severity: smartaccount.SeverityCritical, License: "Network Advantage",
			UDI: dev("FCW0000D06"), Quantity: 1, Evidence: []smartaccount.Ref{fpRef(7)},
			Detail: "classified device PID:C9300-24UX,SN:FCW0000D06 has no authorized or installed reservation"},
		{Kind: KindOverReserved, Severity: smartaccount.SeverityWarning, License: "DNA Advantage", VirtualAccount: "Dark Site East",
			UDI: dev("FCW0000D02"), Quantity: 3, Evidence: []smartaccount.Ref{resRef(4), fpRef(3)},
			Detail: "4 units of DNA Advantage reserved on PID:C9300-24UX,SN:FCW0000D02, 3 over what it needs: it needs one unit of its required license"},
		{Kind: KindOverReserved, Severity: smartaccount.SeverityWarning, License: "Network Advantage", VirtualAccount: "Campus",
			UDI: dev("FCW0000D02"), Quantity: 2, Evidence: []smartaccount.Ref{resRef(5), fpRef(3)},
			Detail: "2 units of Network Advantage reserved on PID:C9300-24UX,SN:FCW0000D02, 2 over what it needs: it needs none: its required license is DNA Advantage"},
		{Kind: KindOverReserved, Severity: smartaccount.SeverityWarning, License: "DNA Advantage", VirtualAccount: "Dark Site East",
			UDI: dev("FCW0000D07"), Quantity: 1, Evidence: []smartaccount.Ref{resRef(8), fpRef(8)},
			Detail: "2 units of DNA Advantage reserved on PID:C9300-24UX,SN:FCW0000D07, 1 over what it needs: it is taken to need one unit of each license reserved on it"},
		{Kind: KindMisplaced, Severity: smartaccount.SeverityInfo, License: "Network Advantage", VirtualAccount: "Campus",
			UDI: dev("FCW0000D02"), Quantity: 2, Evidence: []smartaccount.Ref{resRef(5), fpRef(3)},
			Detail: "reserved from Virtual Account Campus, whose environment is on-prem, not air-gapped"},
	}
	assert.Empty(t, cmp.Diff(want, res.Findings))
	// DNA Advantage: 3 + 2 on the decommissioned D01, 3 over on D02, 1 over
	// on D07; Network Advantage: 2 over on D02.
	assert.Equal(t, map[string]int64{"DNA Advantage": 9, "Network Advantage": 2}, res.Reclaimable)
}

func TestReconcileWindowsAndBoundaries(t *testing.T) {
	count := func(res *Result, kind smartaccount.Kind) int {
		n := 0
		for _, f := range res.Findings {
			if f.Kind == kind {
				n++
			}
		}
		return n
	}
	tests := []struct {
		name                   string
		params                 Params
		notConfirmed, expiring int
	}{
		// Defaults: 2026-01-29 is 31 days before as_of (flagged), 2026-01-30
		// exactly 30 (not flagged); the term ending 2026-09-27 is before
		// 2026-09-28 (flagged), the one ending 2026-09-28 is not.
		{"defaults", Params{AsOf: date(2026, 3, 1), RenewalDate: date(2026, 6, 30)}, 1, 1},
		{"as_of with a time of day is its civil date", Params{AsOf: time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC), RenewalDate: date(2026, 6, 30)}, 1, 1},
		{"one day later", Params{AsOf: date(2026, 3, 2), RenewalDate: date(2026, 7, 1)}, 2, 2},
		{"longer confirm window", Params{AsOf: date(2026, 3, 1), RenewalDate: date(2026, 6, 30), ConfirmDays: new(31)}, 0, 1},
		{"shorter expiry window", Params{AsOf: date(2026, 3, 1), RenewalDate: date(2026, 6, 30), ExpiryDays: new(88)}, 1, 0},
		{"renewal date defaults to as_of", Params{AsOf: date(2026, 7, 1)}, 2, 2},
		// A zero-day confirm window flags every unconfirmed authorization
		// dated before as_of: 2026-01-29 (Campus) and 2026-01-30 (Legacy);
		// a zero-day expiry window flags a term ending before the renewal
		// date itself: none does (the earliest ends 2026-09-27).
		{"zero-day windows are expressible", Params{AsOf: date(2026, 3, 1), RenewalDate: date(2026, 6, 30), ConfirmDays: new(0), ExpiryDays: new(0)}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Reconcile(smartaccount.NewIndex(reconcileSnapshot()), tt.params)
			require.NoError(t, err)
			assert.Equal(t, tt.notConfirmed, count(res, KindNotConfirmed), "not_confirmed")
			assert.Equal(t, tt.expiring, count(res, KindExpiring), "expiring")
		})
	}
}

func TestReconcileErrors(t *testing.T) {
	_, err := Reconcile(nil, Params{})
	assert.EqualError(t, err, "slr: reconcile: nil index")
	_, err = Reconcile(smartaccount.NewIndex(&smartaccount.Snapshot{}), Params{})
	assert.EqualError(t, err, "slr: reconcile: Params.AsOf is required")
	_, err = Reconcile(smartaccount.NewIndex(&smartaccount.Snapshot{}), Params{AsOf: date(2026, 3, 1), ConfirmDays: new(-1)})
	assert.EqualError(t, err, "slr: reconcile: negative window (confirm -1 days, expiry 90 days)")
}

func TestReconcileEmpty(t *testing.T) {
	res, err := Reconcile(smartaccount.NewIndex(&smartaccount.Snapshot{}), Params{AsOf: date(2026, 3, 1)})
	require.NoError(t, err)
	assert.Empty(t, res.Findings)
	assert.Equal(t, map[string]int64{}, res.Reclaimable)
}

// A reserved unit is reclaimed once (METHOD.md §8): the decommissioned D01
// holds 3 + 2 reserved units of DNA Advantage and registers 4 units of it as
// product-instance usage, which the hygiene review reclaims. Only 5 − 4 = 1
// reserved unit is left for slr_reclaimable, beside D02's 3 and D07's 1
// over-reserved units: 5 in all (9 without the usage).
func TestReconcileReclaimsAReservedUnitOnce(t *testing.T) {
	s := reconcileSnapshot()
	s.Instances = []smartaccount.ProductInstance{
		{UDI: dev("FCW0000D01"), VirtualAccount: "Dark Site East", License: "DNA Advantage", Quantity: 3},
		{UDI: dev("FCW0000D01"), VirtualAccount: "Campus", License: "DNA Advantage", Quantity: 1},
		{UDI: dev("FCW0000D01"), VirtualAccount: "Campus", License: "Other", Quantity: 7}, // not reserved: no effect
	}
	res, err := Reconcile(smartaccount.NewIndex(s), Params{AsOf: date(2026, 3, 1), RenewalDate: date(2026, 6, 30)})
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"DNA Advantage": 5, "Network Advantage": 2}, res.Reclaimable)
	var details []string
	for _, f := range res.Findings {
		if f.Kind == KindReservedOnDecommissioned {
			details = append(details, f.Detail)
			assert.Equal(t, "PID:C9300-24UX,SN:FCW0000D01", f.UDI.String())
		}
	}
	assert.Equal(t, []string{
		"3 units of DNA Advantage reserved on PID:C9300-24UX,SN:FCW0000D01, which the footprint lists as decommissioned; 3 of them are the device's own registered usage, reclaimed by the hygiene review",
		"2 units of DNA Advantage reserved on PID:C9300-24UX,SN:FCW0000D01, which the footprint lists as decommissioned; 1 of them are the device's own registered usage, reclaimed by the hygiene review",
	}, details)
}
