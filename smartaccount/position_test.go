package smartaccount

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
)

// positionCase is the hand-built Smart Account of the pass-1 tests; the
// comments work out each position by METHOD.md §2 on 2026-11-01.
func positionCase(t *testing.T) *builder {
	b := newBuilder(t, VirtualAccount{Name: "Core"}, VirtualAccount{Name: "Branch"}, VirtualAccount{Name: "Lab"})
	// Adv in Core: 10 + 3 + 2 + 1 + 6 = 22 entitled.
	b.ent("Core", adv, Subscription, 10, "2026-01-01", "2026-12-31", "ACTIVE")  // line 2: counts
	b.ent("Core", adv, Term, 4, "2025-11-01", "2026-10-31", "ACTIVE")           // line 3: ended yesterday
	b.ent("Core", adv, Term, 3, "2026-11-01", "2027-10-31", "ACTIVE")           // line 4: starts today: counts
	b.ent("Core", adv, Perpetual, 2, "2019-01-01", "", "")                      // line 5: status not given: ACTIVE
	b.ent("Core", adv, Subscription, 5, "2026-01-01", "2026-12-31", "PENDING")  // line 6: not ACTIVE
	b.ent("Core", adv, Term, 1, "2026-05-01", "2026-11-01", "ACTIVE")           // line 7: ends today: counts
	b.ent("Core", adv, Perpetual, 6, "", "", "active")                          // line 8: any case
	b.ent("Core", adv, Demo, 9, "2026-08-01", "2026-09-30", "ACTIVE")           // line 9: demo over
	b.ent("Branch", adv, Subscription, 8, "2026-01-01", "2026-12-31", "ACTIVE") // line 10
	b.ent("Core", hsec, Perpetual, 2, "", "", "ACTIVE")                         // line 11
	b.ent("Lab", ess, Term, 4, "2023-01-01", "2025-12-31", "EXPIRED")           // line 12: never counts
	// Adv in Core: 20 + 5 = 25 consumed, a shortage of 3; in Branch 5 of
	// 8, a surplus of 3. HSEC in Core: 2 of 2.
	b.inst(row{serial: "A", va: "Core", license: adv, qty: 20})  // line 2
	b.inst(row{serial: "B", va: "Core", license: adv, qty: 5})   // line 3
	b.inst(row{serial: "C", va: "Branch", license: adv, qty: 5}) // line 4
	b.inst(row{serial: "A", va: "Core", license: hsec, qty: 2})  // line 5
	// CSSM agrees on Branch's Adv (5), counts 3 HSEC in Core where the rows
	// say 2, and 0 HSEC in Lab.
	b.inUse("Branch", adv, 5) // line 2
	b.inUse("Core", hsec, 3)  // line 3
	b.inUse("Lab", hsec, 0)   // line 4
	return b
}

func TestReviewPositions(t *testing.T) {
	h := positionCase(t).review(ReviewParams{})
	inUse := func(n int64) *int64 { return &n }
	// Sorted by license, then Virtual Account. Ess in Lab has only an
	// expired row: no position.
	want := []Position{
		{License: adv, VirtualAccount: "Branch", Entitled: 8, Consumed: 5, InUse: inUse(5)},
		{License: adv, VirtualAccount: "Core", Entitled: 22, Consumed: 25},
		{License: hsec, VirtualAccount: "Core", Entitled: 2, Consumed: 2, InUse: inUse(3)},
		{License: hsec, VirtualAccount: "Lab", InUse: inUse(0)},
	}
	if diff := cmp.Diff(want, h.Positions); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
	// Across the Smart Account: Adv 30 of 30, CSSM's count unknown in
	// Core; HSEC 2 of 2, CSSM's 3 + 0 = 3; Ess nothing.
	var totals []Position
	for _, l := range h.Licenses {
		totals = append(totals, l.Position)
	}
	wantTotals := []Position{
		{License: adv, Entitled: 30, Consumed: 30},
		{License: ess},
		{License: hsec, Entitled: 2, Consumed: 2, InUse: inUse(3)},
	}
	if diff := cmp.Diff(wantTotals, totals); diff != "" {
		t.Errorf("Smart Account positions (-want +got):\n%s", diff)
	}
	assert.Equal(t, int64(-3), want[1].Balance())
	assert.Equal(t, int64(3), want[1].Shortage())
	assert.Zero(t, want[1].Surplus())
	assert.Equal(t, int64(3), want[0].Surplus())

	wantFindings := []brief{
		{KindShortage, adv, "Core", "", "", 3},
		{KindSurplus, adv, "Branch", "", "", 3},
		{KindInUseMismatch, hsec, "Core", "", "", 1},
	}
	if diff := cmp.Diff(wantFindings, briefs(h.Findings, KindShortage, KindSurplus, KindInUseMismatch)); diff != "" {
		t.Errorf("pass-1 findings (-want +got):\n%s", diff)
	}
	assert.Len(t, h.Findings, 3, "the snapshot has no footprint and no users: nothing else")

	// The shortage rests on the rows that count (lines 2, 4, 5, 7, 8) and
	// the consumption: every product-instance row of the pair (lines 2, 3),
	// cited as one selection.
	f := h.Findings[0]
	assert.Equal(t, append(refs("entitlements.csv", 2, 4, 5, 7, 8),
		Ref{Source: "product_instances.csv", Record: "virtual_account=Core, license=C9300 DNA Advantage"}), f.Evidence)
	assert.Equal(t, "product_instances.csv[virtual_account=Core, license=C9300 DNA Advantage]", f.Evidence[5].String())
	assert.Equal(t, "Virtual Account Core uses 25 units of C9300 DNA Advantage but holds 22: a shortage of 3 units.", f.Detail)
	assert.Equal(t, SeverityWarning, f.Severity)
	f = h.Findings[1]
	assert.Equal(t, append(refs("entitlements.csv", 10), Selection("product_instances.csv", "virtual_account", "Branch", "license", "C9300 DNA Advantage")), f.Evidence)
	assert.Equal(t, "Virtual Account Branch holds 8 units of C9300 DNA Advantage but uses 5: 3 units unused there.", f.Detail)
	assert.Equal(t, SeverityInfo, f.Severity)
	f = h.Findings[2]
	assert.Equal(t, append(refs("in_use.csv", 3), Selection("product_instances.csv", "virtual_account", "Core", "license", "DNA HSEC")), f.Evidence)
	assert.Equal(t, "CSSM counts 3 units of DNA HSEC in use in Virtual Account Core but its product instances use 2.", f.Detail)
}

func TestReviewAsOfIsACivilDate(t *testing.T) {
	// An instant late on 2026-11-01 in New York is still 1 November: the
	// TERM row ending that day counts (22 entitled), the one that ended on
	// 31 October does not.
	ny := instant(t, "2026-11-01T23:30:00-04:00")
	h := positionCase(t).review(ReviewParams{AsOf: ny})
	assert.Equal(t, civil(2026, 11, 1), h.AsOf)
	assert.Equal(t, int64(22), h.Positions[1].Entitled)
	// A day later the row ending on 1 November (1 unit) no longer counts:
	// 21.
	h = positionCase(t).review(ReviewParams{AsOf: civil(2026, 11, 2)})
	assert.Equal(t, int64(21), h.Positions[1].Entitled)
}
