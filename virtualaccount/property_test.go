package virtualaccount

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// generated returns a random small Smart Account: a few Virtual Accounts
// (some air-gapped), licenses, entitlements of every type, status and
// term, devices registered once or twice (one serial sometimes under two
// PIDs), a footprint that misses some and has others gone, reservations in
// every state, in-use counts and users. Refs are file lines, as a dataset
// would give them.
func generated(seed uint64) *smartaccount.Snapshot {
	r := rand.New(rand.NewPCG(seed, 7))
	s := &smartaccount.Snapshot{Account: smartaccount.Account{Name: "Generated", Domain: "example.com"}}
	nVA := 2 + r.IntN(7)
	for v := range nVA {
		va := smartaccount.VirtualAccount{
			Name:         fmt.Sprintf("VA-%02d", v),
			BusinessUnit: []string{"Retail", "Corp", "Markets"}[r.IntN(3)],
			Region:       []string{"EMEA", "APAC", "Americas"}[r.IntN(3)],
			Workload:     smartaccount.Workload(1 + r.IntN(4)),
			Environment:  smartaccount.Environment(1 + r.IntN(3)),
		}
		if r.IntN(6) == 0 {
			va.Environment = smartaccount.AirGapped
		}
		s.Account.VirtualAccounts = append(s.Account.VirtualAccounts, va)
	}
	vaName := func() string { return s.Account.VirtualAccounts[r.IntN(nVA)].Name }
	nL := 1 + r.IntN(4)
	license := func() string { return fmt.Sprintf("LIC-%d", r.IntN(nL)) }
	day := func(offset int) time.Time { return asOf.AddDate(0, 0, offset) }

	for range r.IntN(4 * nVA * nL) {
		e := smartaccount.Entitlement{VirtualAccount: vaName(), License: license(), Type: smartaccount.LicenseType(1 + r.IntN(5)),
			Quantity: int64(r.IntN(25)), Ref: smartaccount.Ref{Source: "entitlements.csv", Line: len(s.Entitlements) + 2}}
		if e.Type != smartaccount.Perpetual {
			e.Start, e.End = day(-r.IntN(800)), day(r.IntN(900)-200)
			if e.End.Before(e.Start) {
				e.Start, e.End = e.End, e.Start
			}
		}
		e.Status = []string{"", "ACTIVE", "ACTIVE", "ACTIVE", "PENDING", "EXPIRED"}[r.IntN(6)]
		s.Entitlements = append(s.Entitlements, e)
	}
	pids := []string{"C9300-24UX", "C9300-48P"}
	for d := range r.IntN(60) {
		u := smartaccount.UDI{PID: pids[r.IntN(2)], Serial: fmt.Sprintf("FCW%04d", d/2)} // d/2: serials shared by two PIDs
		registrations := 1 + r.IntN(4)/3                                                 // a quarter registered twice
		for range registrations {
			va := vaName()
			contact := time.Time{}
			if r.IntN(5) > 0 {
				// Whole days often: equal last contacts, and ties to break.
				contact = asOf.Add(-time.Duration(r.IntN(400)) * 24 * time.Hour)
			}
			for range 1 + r.IntN(2) {
				p := smartaccount.ProductInstance{UDI: u, VirtualAccount: va, License: license(), Quantity: int64(1 + r.IntN(3)),
					Hostname: fmt.Sprintf("host-%d", d), LastContact: contact, Ref: smartaccount.Ref{Source: "product_instances.csv", Line: len(s.Instances) + 2}}
				if r.IntN(3) == 0 {
					p.LastReport = asOf.Add(-time.Duration(r.IntN(300)) * 24 * time.Hour)
				}
				if r.IntN(2) == 0 {
					p.Registered = day(-r.IntN(2000))
				}
				s.Instances = append(s.Instances, p)
			}
		}
		if r.IntN(6) > 0 {
			s.Footprint = append(s.Footprint, smartaccount.Device{UDI: u, Status: smartaccount.FootprintStatus(1 + r.IntN(6)),
				RequiredLicense: license(), Ref: smartaccount.Ref{Source: "footprint.csv", Line: len(s.Footprint) + 2}})
		}
		if r.IntN(8) == 0 {
			s.Reservations = append(s.Reservations, smartaccount.Reservation{UDI: u, VirtualAccount: vaName(), License: license(),
				Type: smartaccount.LicenseType(1 + r.IntN(2)), Quantity: int64(1 + r.IntN(4)), State: smartaccount.ReservationState(r.IntN(6)),
				Ref: smartaccount.Ref{Source: "reservations.csv", Line: len(s.Reservations) + 2}})
		}
	}
	for range r.IntN(nVA) {
		s.InUse = append(s.InUse, smartaccount.InUse{VirtualAccount: fmt.Sprintf("VA-%02d", len(s.InUse)), License: license(),
			Quantity: int64(r.IntN(30)), Ref: smartaccount.Ref{Source: "in_use.csv", Line: len(s.InUse) + 2}})
	}
	for i := range r.IntN(12) {
		domain := []string{"example.com", "example.com", "partner.net"}[r.IntN(3)]
		u := smartaccount.User{Email: fmt.Sprintf("user%d@%s", i%7, domain), Role: smartaccount.Role(1 + r.IntN(6)),
			Ref: smartaccount.Ref{Source: "users.csv", Line: len(s.Users) + 2}}
		if u.Role.OnVirtualAccount() {
			u.VirtualAccount = []string{vaName(), "Deleted"}[r.IntN(2)]
		}
		if r.IntN(3) > 0 {
			u.LastLogin = asOf.Add(-time.Duration(r.IntN(400)) * 24 * time.Hour)
		}
		s.Users = append(s.Users, u)
	}
	return s
}

// permuted returns a copy of s with every slice shuffled; each record
// keeps its Ref.
func permuted(s *smartaccount.Snapshot, seed uint64) *smartaccount.Snapshot {
	r := rand.New(rand.NewPCG(seed, 11))
	c := *s
	c.Account.VirtualAccounts = shuffled(r, s.Account.VirtualAccounts)
	c.Entitlements = shuffled(r, s.Entitlements)
	c.Instances = shuffled(r, s.Instances)
	c.Footprint = shuffled(r, s.Footprint)
	c.Reservations = shuffled(r, s.Reservations)
	c.InUse = shuffled(r, s.InUse)
	c.Users = shuffled(r, s.Users)
	return &c
}

func shuffled[T any](r *rand.Rand, s []T) []T {
	c := append([]T(nil), s...)
	r.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
	return c
}

var equalDecimals = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func TestRightsizeProperties(t *testing.T) {
	for seed := range uint64(400) {
		s := generated(seed)
		// Every other seed reclaims stale instances; the tiers make
		// oversized findings.
		params := smartaccount.ReviewParams{AsOf: asOf, ReclaimStale: seed%2 == 0, Tiers: [][]string{{"LIC-0", "LIC-1", "LIC-2", "LIC-3"}}}
		h, r := rightsizeWith(t, s, params)
		name := fmt.Sprintf("seed %d", seed)

		ids := map[string]bool{}
		for _, f := range h.Findings {
			if len(f.Evidence) == 0 || ids[f.ID()] {
				t.Fatalf("%s: finding %s has no evidence or is not the only one with its ID", name, f.ID())
			}
			ids[f.ID()] = true
		}

		pooled := map[string]bool{}
		for _, va := range s.Account.VirtualAccounts {
			pooled[va.Name] = !va.AirGapped()
		}
		// Each license's positions, and what the plan does to them.
		type state struct {
			surplus, shortage, moved int64
			byType                   map[smartaccount.LicenseType]int64 // counting entitlement per type
		}
		at := map[[2]string]*state{}
		for _, p := range r.Positions {
			if !pooled[p.VirtualAccount] {
				t.Fatalf("%s: position of %s in air-gapped %s", name, p.License, p.VirtualAccount)
			}
			at[[2]string{p.License, p.VirtualAccount}] = &state{surplus: p.Surplus(), shortage: p.Shortage(), byType: map[smartaccount.LicenseType]int64{}}
		}
		for _, e := range s.Entitlements {
			if st := at[[2]string{e.License, e.VirtualAccount}]; st != nil && e.Counts(asOf) {
				st.byType[e.Type] += e.Quantity
			}
		}
		movedOf := map[string]int64{}
		movedType := map[[3]string]int64{}
		for _, tr := range r.Plan.Transfers {
			from, to := at[[2]string{tr.License, tr.From}], at[[2]string{tr.License, tr.To}]
			if from == nil || to == nil || !pooled[tr.From] || !pooled[tr.To] || tr.Quantity <= 0 || tr.From == tr.To {
				t.Fatalf("%s: transfer %+v outside the pooling set or empty", name, tr)
			}
			from.moved += tr.Quantity
			from.surplus -= tr.Quantity
			to.shortage -= tr.Quantity
			movedOf[tr.License] += tr.Quantity
			movedType[[3]string{tr.License, tr.From, tr.Type.String()}] += tr.Quantity
			if k := [3]string{tr.License, tr.From, tr.Type.String()}; movedType[k] > from.byType[tr.Type] {
				t.Fatalf("%s: %d units of %s %s leave %s, which holds %d", name, movedType[k], tr.License, tr.Type, tr.From, from.byType[tr.Type])
			}
		}
		for k, st := range at {
			// A source gives only its surplus (so never reserved units), a
			// target receives only its shortage.
			if st.surplus < 0 || st.shortage < 0 {
				t.Fatalf("%s: %v: the plan moves more than the surplus or the shortage (%+v)", name, k, st)
			}
		}
		for _, p := range r.Licenses {
			if p.Pooled > p.Fragmented {
				t.Fatalf("%s: %s pooled %d > fragmented %d", name, p.License, p.Pooled, p.Fragmented)
			}
			var after int64
			for k, st := range at {
				if k[0] == p.License {
					after += st.shortage
				}
			}
			if after != p.Pooled {
				t.Fatalf("%s: %s: shortage after the plan %d, pooled %d", name, p.License, after, p.Pooled)
			}
			if movedOf[p.License] != p.Saving() {
				t.Fatalf("%s: %s: the plan moves %d units, pooling saves %d", name, p.License, movedOf[p.License], p.Saving())
			}
		}
		if _, err := r.Plan.Requests(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}

		// The same input, again and permuted: the same findings and plan.
		h2, r2 := rightsizeWith(t, s, params)
		if !reflect.DeepEqual(h.Findings, h2.Findings) || !reflect.DeepEqual(r, r2) {
			t.Fatalf("%s: two runs differ", name)
		}
		for p := range uint64(3) {
			h3, r3 := rightsizeWith(t, permuted(s, seed*3+p), params)
			// reflect.DeepEqual first: cmp.Diff is slow, and only needed to
			// show a difference.
			if !reflect.DeepEqual(h.Findings, h3.Findings) {
				t.Fatalf("%s, permutation %d: findings differ (-original +permuted):\n%s", name, p, cmp.Diff(h.Findings, h3.Findings, equalDecimals))
			}
			if !reflect.DeepEqual(r, r3) {
				t.Fatalf("%s, permutation %d: rightsizing differs (-original +permuted):\n%s", name, p, cmp.Diff(r, r3))
			}
			if !reflect.DeepEqual(h.Licenses, h3.Licenses) {
				t.Fatalf("%s, permutation %d: license totals differ (-original +permuted):\n%s", name, p, cmp.Diff(h.Licenses, h3.Licenses))
			}
		}
	}
}
