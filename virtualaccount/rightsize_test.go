package virtualaccount

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

var asOf = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func date(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// handCase is the hand-built Smart Account of the rightsizing tests. Five
// Virtual Accounts: A, B, C, P (the pool) and G (air-gapped); four
// licenses L, M, N, Q. The test works the numbers out.
func handCase(t *testing.T) *smartaccount.Snapshot {
	s := &smartaccount.Snapshot{Account: smartaccount.Account{Name: "Example", VirtualAccounts: []smartaccount.VirtualAccount{
		{Name: "A", BusinessUnit: "Retail", Region: "EMEA", Workload: smartaccount.Production, Environment: smartaccount.OnPrem},
		{Name: "B", BusinessUnit: "Retail", Region: "APAC", Workload: smartaccount.Production, Environment: smartaccount.OnPrem},
		{Name: "C", BusinessUnit: "Corp", Region: "EMEA", Workload: smartaccount.Development, Environment: smartaccount.Cloud},
		{Name: "P", BusinessUnit: "Corp", Region: "Global", Workload: smartaccount.Production, Environment: smartaccount.Hybrid},
		{Name: "G", BusinessUnit: "Corp", Region: "EMEA", Workload: smartaccount.Production, Environment: smartaccount.AirGapped},
	}}}
	ent := func(va, license string, typ smartaccount.LicenseType, qty int64, end, status string) {
		s.Entitlements = append(s.Entitlements, smartaccount.Entitlement{
			VirtualAccount: va, License: license, Type: typ, Quantity: qty, Start: date("2025-01-01"), End: date(end), Status: status,
			Ref: smartaccount.Ref{Source: "entitlements.csv", Line: len(s.Entitlements) + 2},
		})
	}
	ent("A", "L", sub, 10, "2026-12-31", "")
	ent("A", "L", term, 5, "2027-06-30", "")
	ent("A", "L", term, 7, "2026-10-31", "")       // ended yesterday: does not count
	ent("A", "L", sub, 4, "2027-12-31", "PENDING") // not ACTIVE: does not count
	ent("B", "L", perp, 4, "", "")
	ent("B", "L", sub, 6, "2026-12-31", "")
	ent("C", "L", sub, 5, "2026-12-31", "")
	ent("P", "L", sub, 2, "2026-12-31", "")
	ent("P", "L", term, 4, "2027-03-31", "")
	ent("P", "L", perp, 3, "", "")
	ent("G", "L", perp, 10, "", "")
	ent("C", "M", sub, 3, "2026-12-31", "")
	ent("C", "M", term, 2, "2026-12-31", "")
	ent("P", "M", sub, 3, "2026-12-31", "")
	ent("A", "N", perp, 2, "", "")
	ent("B", "N", perp, 2, "", "")
	ent("C", "Q", perp, 4, "", "")

	n := 0
	use := func(va, license string, count int) {
		for range count {
			u, err := smartaccount.NewUDI("C9300-24UX", fmt.Sprintf("FCW%04d", n))
			require.NoError(t, err)
			s.Instances = append(s.Instances, smartaccount.ProductInstance{UDI: u, VirtualAccount: va, License: license, Quantity: 1,
				Ref: smartaccount.Ref{Source: "product_instances.csv", Line: n + 2}})
			n++
		}
	}
	use("A", "L", 20) // FCW0000 and FCW0001 are decommissioned
	use("B", "L", 12)
	use("C", "L", 1)
	use("G", "L", 2)
	use("A", "M", 4)
	use("B", "M", 5)
	use("C", "N", 3)
	use("A", "Q", 3)
	for i := range 2 {
		s.Footprint = append(s.Footprint, smartaccount.Device{UDI: s.Instances[i].UDI, Status: smartaccount.FootprintDecommissioned,
			Ref: smartaccount.Ref{Source: "footprint.csv", Line: i + 2}})
	}
	res := func(va, license string, typ smartaccount.LicenseType, qty int64, state smartaccount.ReservationState) {
		s.Reservations = append(s.Reservations, smartaccount.Reservation{VirtualAccount: va, License: license, Type: typ, Quantity: qty, State: state,
			Ref: smartaccount.Ref{Source: "reservations.csv", Line: len(s.Reservations) + 2}})
	}
	res("C", "L", term, 2, smartaccount.Installed)       // held: C's L entitlement 5 − 2
	res("P", "L", perp, 5, smartaccount.Requested)       // holds nothing yet
	res("A", "L", perp, 1, smartaccount.Returned)        // holds nothing any more
	res("G", "L", perp, 2, smartaccount.Installed)       // air-gapped: outside the pooling set anyway
	res("C", "Q", perp, 3, smartaccount.ReturnRequested) // held until CSSM records the return
	return s
}

func rightsize(t *testing.T, s *smartaccount.Snapshot) (*smartaccount.Hygiene, *Rightsizing) {
	t.Helper()
	return rightsizeWith(t, s, smartaccount.ReviewParams{AsOf: asOf})
}

func rightsizeWith(t *testing.T, s *smartaccount.Snapshot, p smartaccount.ReviewParams) (*smartaccount.Hygiene, *Rightsizing) {
	t.Helper()
	h, err := smartaccount.Review(smartaccount.NewIndex(s), p)
	require.NoError(t, err)
	return h, Rightsize(h)
}

func TestRightsize(t *testing.T) {
	h, r := rightsize(t, handCase(t))

	// After the reclaim (A gives up FCW0000 and FCW0001) and the held
	// reservations (C: 2 units of L and 3 of Q):
	//   L: A need 20 − 2 = 18 of 10 + 5 = 15 → shortage 3; B 12 of 4 + 6 →
	//      shortage 2; C 1 of 5 − 2 = 3 → surplus 2; P 0 of 2 + 4 + 3 = 9 →
	//      surplus 9. F = 5, P = max(0, 31 − 37) = 0.
	//   M: A 4 of 0, B 5 of 0; C 0 of 5, P 0 of 3. F = 9, P = 9 − 8 = 1.
	//   N: A 0 of 2, B 0 of 2; C 3 of 0. F = 3, P = max(0, 3 − 4) = 0.
	//   Q: A 3 of 0; C 0 of 4 − 3 = 1. F = 3, P = 3 − 1 = 2.
	wantPositions := []Position{
		{License: "L", VirtualAccount: "A", Entitled: 15, Consumed: 20, Reclaimed: 2},
		{License: "L", VirtualAccount: "B", Entitled: 10, Consumed: 12},
		{License: "L", VirtualAccount: "C", Entitled: 5, Reserved: 2, Consumed: 1},
		{License: "L", VirtualAccount: "P", Entitled: 9},
		{License: "M", VirtualAccount: "A", Consumed: 4},
		{License: "M", VirtualAccount: "B", Consumed: 5},
		{License: "M", VirtualAccount: "C", Entitled: 5},
		{License: "M", VirtualAccount: "P", Entitled: 3},
		{License: "N", VirtualAccount: "A", Entitled: 2},
		{License: "N", VirtualAccount: "B", Entitled: 2},
		{License: "N", VirtualAccount: "C", Consumed: 3},
		{License: "Q", VirtualAccount: "A", Consumed: 3},
		{License: "Q", VirtualAccount: "C", Entitled: 4, Reserved: 3},
	}
	if diff := cmp.Diff(wantPositions, r.Positions); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
	var pools []Pool
	for _, p := range r.Licenses {
		p.Findings = nil
		pools = append(pools, p)
	}
	assert.Equal(t, []Pool{
		{License: "L", Fragmented: 5, Pooled: 0},
		{License: "M", Fragmented: 9, Pooled: 1},
		{License: "N", Fragmented: 3, Pooled: 0},
		{License: "Q", Fragmented: 3, Pooled: 2},
	}, pools)
	assert.Equal(t, int64(20), r.Fragmented)
	assert.Equal(t, int64(3), r.Pooled)
	assert.Equal(t, int64(5), r.Licenses[0].Saving())
	assert.Equal(t, []string{"G"}, r.AirGapped)

	// The plan:
	//   L: P (surplus 9) → A (shortage 3): 3 units, perpetual first — P's
	//      PERPETUAL 3; then P (6) → B (2): the latest end date next, TERM
	//      2027-03-31.
	//   M: C (5) → B (5): C's rows end on the same day, TERM before
	//      SUBSCRIPTION: 2 + 3; then P (3) → A (4): 3 SUBSCRIPTION, A keeps
	//      a shortage of 1 = P(M).
	//   N: A and B both have 2 spare, A first by name: A → C 2, B → C 1.
	//   Q: C holds 4, 3 reserved: only 1 moves; A keeps 2 = P(Q).
	want := []Transfer{
		{License: "L", Type: perp, From: "P", To: "A", Quantity: 3},
		{License: "L", Type: term, From: "P", To: "B", Quantity: 2},
		{License: "M", Type: term, From: "C", To: "B", Quantity: 2},
		{License: "M", Type: sub, From: "C", To: "B", Quantity: 3},
		{License: "M", Type: sub, From: "P", To: "A", Quantity: 3},
		{License: "N", Type: perp, From: "A", To: "C", Quantity: 2},
		{License: "N", Type: perp, From: "B", To: "C", Quantity: 1},
		{License: "Q", Type: perp, From: "C", To: "A", Quantity: 1},
	}
	if diff := cmp.Diff(want, r.Plan.Transfers); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	requests, err := r.Plan.Requests()
	require.NoError(t, err)
	assert.Equal(t, []Request{
		{From: "A", Lines: []RequestLine{{License: "N", Type: perp, To: "C", Quantity: 2}}},
		{From: "B", Lines: []RequestLine{{License: "N", Type: perp, To: "C", Quantity: 1}}},
		{From: "C", Lines: []RequestLine{
			{License: "M", Type: term, To: "B", Quantity: 2},
			{License: "M", Type: sub, To: "B", Quantity: 3},
			{License: "Q", Type: perp, To: "A", Quantity: 1},
		}},
		{From: "P", Lines: []RequestLine{
			{License: "L", Type: perp, To: "A", Quantity: 3},
			{License: "L", Type: term, To: "B", Quantity: 2},
			{License: "M", Type: sub, To: "A", Quantity: 3},
		}},
	}, requests)

	// Fragmentation, per VA (surplus / shortage over the licenses):
	// A 2 / 10 (N; L 3 + M 4 + Q 3), B 2 / 7, C 8 / 3 (L 2 + M 5 + Q 1;
	// N 3), P 12 / 0. Savings: EMEA (A, C): L F 3, P max(0, 19 − 18) = 1
	// → 2; M 4 − 0 = 4; N 3 − max(0, 3 − 2) = 2; Q 3 − 2 = 1: 9.
	// Production (A, B, P): L 5 − 0; M 9 − 6 = 3; N 0; Q 3 − 3 = 0: 8.
	// Every other value holds one account, or accounts that are short
	// (or spare) together: 0.
	wantDims := []Fragmentation{
		{Dimension: smartaccount.ByBusinessUnit, Value: "Corp", VirtualAccounts: []string{"C", "P"}, Surplus: 20, Shortage: 3},
		{Dimension: smartaccount.ByBusinessUnit, Value: "Retail", VirtualAccounts: []string{"A", "B"}, Surplus: 4, Shortage: 17},
		{Dimension: smartaccount.ByRegion, Value: "APAC", VirtualAccounts: []string{"B"}, Surplus: 2, Shortage: 7},
		{Dimension: smartaccount.ByRegion, Value: "EMEA", VirtualAccounts: []string{"A", "C"}, Surplus: 10, Shortage: 13, Saving: 9},
		{Dimension: smartaccount.ByRegion, Value: "Global", VirtualAccounts: []string{"P"}, Surplus: 12},
		{Dimension: smartaccount.ByWorkload, Value: "development", VirtualAccounts: []string{"C"}, Surplus: 8, Shortage: 3},
		{Dimension: smartaccount.ByWorkload, Value: "production", VirtualAccounts: []string{"A", "B", "P"}, Surplus: 16, Shortage: 17, Saving: 8},
		{Dimension: smartaccount.ByEnvironment, Value: "cloud", VirtualAccounts: []string{"C"}, Surplus: 8, Shortage: 3},
		{Dimension: smartaccount.ByEnvironment, Value: "hybrid", VirtualAccounts: []string{"P"}, Surplus: 12},
		{Dimension: smartaccount.ByEnvironment, Value: "on-prem", VirtualAccounts: []string{"A", "B"}, Surplus: 4, Shortage: 17},
	}
	if diff := cmp.Diff(wantDims, r.Fragmentation); diff != "" {
		t.Errorf("fragmentation (-want +got):\n%s", diff)
	}

	// L rests on the review's pass-1 findings of L in A (shortage 5,
	// before the reclaim), B (shortage 2), C (surplus 4, before the
	// reservation) and P (surplus 9); G's is left out.
	var cited []string
	for _, i := range r.Licenses[0].Findings {
		f := h.Findings[i]
		cited = append(cited, fmt.Sprintf("%s %s %d", f.Kind, f.VirtualAccount, f.Quantity))
	}
	assert.Equal(t, []string{"shortage A 5", "shortage B 2", "surplus C 4", "surplus P 9"}, cited)
}

func TestRightsizeWithoutPoolingSet(t *testing.T) {
	// Only an air-gapped account: nothing to pool, every license at zero.
	s := &smartaccount.Snapshot{Account: smartaccount.Account{VirtualAccounts: []smartaccount.VirtualAccount{{Name: "G", Environment: smartaccount.AirGapped}}},
		Entitlements: []smartaccount.Entitlement{{VirtualAccount: "G", License: "L", Type: perp, Quantity: 1, Ref: smartaccount.Ref{Source: "e", Line: 2}}}}
	_, r := rightsize(t, s)
	assert.Empty(t, r.Positions)
	assert.Equal(t, []Pool{{License: "L"}}, r.Licenses)
	assert.Empty(t, r.Plan.Transfers)
	assert.Empty(t, r.Fragmentation)
	assert.Equal(t, []string{"G"}, r.AirGapped)
}

func TestRightsizeReservationBeyondEntitlement(t *testing.T) {
	// 3 units reserved where 2 are entitled: nothing is available (not −1),
	// and the account's 1 unit of use is a shortage of 1.
	s := &smartaccount.Snapshot{Account: smartaccount.Account{VirtualAccounts: []smartaccount.VirtualAccount{{Name: "A"}, {Name: "B"}}},
		Entitlements: []smartaccount.Entitlement{
			{VirtualAccount: "A", License: "L", Type: perp, Quantity: 2, Ref: smartaccount.Ref{Source: "e", Line: 2}},
			{VirtualAccount: "B", License: "L", Type: perp, Quantity: 5, Ref: smartaccount.Ref{Source: "e", Line: 3}},
		},
		Instances:    []smartaccount.ProductInstance{{UDI: smartaccount.UDI{PID: "P", Serial: "S"}, VirtualAccount: "A", License: "L", Quantity: 1, Ref: smartaccount.Ref{Source: "p", Line: 2}}},
		Reservations: []smartaccount.Reservation{{VirtualAccount: "A", License: "L", Quantity: 3, Ref: smartaccount.Ref{Source: "r", Line: 2}}}, // state not given: held
	}
	_, r := rightsize(t, s)
	assert.Equal(t, int64(0), r.Positions[0].Available())
	assert.Equal(t, int64(1), r.Positions[0].Shortage())
	assert.Equal(t, []Transfer{{License: "L", Type: perp, From: "B", To: "A", Quantity: 1}}, r.Plan.Transfers)
}

func TestRightsizeCountsAReservedDeviceOnce(t *testing.T) {
	// Core holds 10 units of L and uses 10: nine devices, and R, which uses
	// 1 unit under its own held reservation of 1. The reservation takes 1
	// unit out of Core's entitlement (9 available), and its device's use
	// is met by it (need 10 − 1 = 9): Core is balanced. Counting R's use
	// against the 9 as well would show a shortage of 1 that is not there.
	// D is decommissioned and reserved too: the review reclaims its use,
	// so its reservation covers nothing more (need stays 9 − 0).
	u := func(serial string) smartaccount.UDI { return smartaccount.UDI{PID: "C9300-24UX", Serial: serial} }
	s := &smartaccount.Snapshot{Account: smartaccount.Account{VirtualAccounts: []smartaccount.VirtualAccount{{Name: "Core"}, {Name: "Edge"}}},
		Entitlements: []smartaccount.Entitlement{
			{VirtualAccount: "Core", License: "L", Type: perp, Quantity: 11, Ref: smartaccount.Ref{Source: "e", Line: 2}},
			{VirtualAccount: "Edge", License: "L", Type: perp, Quantity: 1, Ref: smartaccount.Ref{Source: "e", Line: 3}},
		},
		Footprint: []smartaccount.Device{{UDI: u("D"), Status: smartaccount.FootprintDecommissioned, Ref: smartaccount.Ref{Source: "f", Line: 2}}},
		Reservations: []smartaccount.Reservation{
			{UDI: u("R"), VirtualAccount: "Core", License: "L", Quantity: 1, State: smartaccount.Installed, Ref: smartaccount.Ref{Source: "r", Line: 2}},
			{UDI: u("D"), VirtualAccount: "Core", License: "L", Quantity: 1, State: smartaccount.Installed, Ref: smartaccount.Ref{Source: "r", Line: 3}},
		},
	}
	for i := range 9 {
		s.Instances = append(s.Instances, smartaccount.ProductInstance{UDI: u(fmt.Sprintf("N%d", i)), VirtualAccount: "Core", License: "L", Quantity: 1,
			Ref: smartaccount.Ref{Source: "p", Line: i + 2}})
	}
	s.Instances = append(s.Instances,
		smartaccount.ProductInstance{UDI: u("R"), VirtualAccount: "Core", License: "L", Quantity: 1, Ref: smartaccount.Ref{Source: "p", Line: 11}},
		smartaccount.ProductInstance{UDI: u("D"), VirtualAccount: "Core", License: "L", Quantity: 1, Ref: smartaccount.Ref{Source: "p", Line: 12}})
	// Core: entitled 11, reserved 2 → available 9; consumed 11, reclaimed 1
	// (D), covered 1 (R) → need 9: no shortage, no surplus. Edge: 1 unused.
	_, r := rightsize(t, s)
	require.Len(t, r.Positions, 2)
	core := r.Positions[0]
	assert.Equal(t, Position{License: "L", VirtualAccount: "Core", Entitled: 11, Reserved: 2, Consumed: 11, Reclaimed: 1, Covered: 1}, core)
	assert.Equal(t, int64(9), core.Available())
	assert.Equal(t, int64(9), core.Need())
	assert.Equal(t, int64(0), core.Shortage())
	require.Len(t, r.Licenses, 1)
	assert.Equal(t, [2]int64{0, 0}, [2]int64{r.Licenses[0].Fragmented, r.Licenses[0].Pooled}, "nothing short, fragmented or pooled")
	assert.Empty(t, r.Plan.Transfers)
}
