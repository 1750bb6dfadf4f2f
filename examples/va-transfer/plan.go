package main

import (
	"cmp"
	"slices"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// planTransfers is the transfer plan of METHOD.md §4 on the Smart Account
// as it stands (before any hygiene reclaim): per license, while one Virtual
// Account of the pooling set has a shortage and another a surplus, move
// min(surplus, shortage) from the largest surplus to the largest shortage
// (ties by name), taking units from the source's entitlement lines perpetual
// first, then by latest end date, one transfer per license type. The
// pooling set leaves out air-gapped Virtual Accounts, and a reservation that
// holds units in a pooling Virtual Account lowers its entitlement.
//
// It stands in for package virtualaccount's planner until that is on main.
func planTransfers(snap *smartaccount.Snapshot, asOf time.Time) *virtualaccount.Plan {
	pooled := map[string]bool{}
	for _, va := range snap.Account.VirtualAccounts {
		pooled[va.Name] = !va.AirGapped()
	}
	type key struct{ license, va string }
	entitled, consumed := map[key]int64{}, map[key]int64{}
	lines := map[key][]smartaccount.Entitlement{}
	var licenses []string
	note := func(l string) {
		if !slices.Contains(licenses, l) {
			licenses = append(licenses, l)
		}
	}
	for _, e := range snap.Entitlements {
		if !pooled[e.VirtualAccount] || !e.Counts(asOf) {
			continue
		}
		k := key{e.License, e.VirtualAccount}
		entitled[k] += e.Quantity
		lines[k] = append(lines[k], e)
		note(e.License)
	}
	for _, r := range snap.Reservations {
		if pooled[r.VirtualAccount] && r.Holds() {
			entitled[key{r.License, r.VirtualAccount}] -= r.Quantity
		}
	}
	for _, p := range snap.Instances {
		if pooled[p.VirtualAccount] {
			consumed[key{p.License, p.VirtualAccount}] += p.Quantity
			note(p.License)
		}
	}
	slices.Sort(licenses)
	plan := &virtualaccount.Plan{}
	for _, lic := range licenses {
		bal := map[string]int64{}
		for va, ok := range pooled {
			if ok {
				if b := entitled[key{lic, va}] - consumed[key{lic, va}]; b != 0 {
					bal[va] = b
				}
			}
		}
		for k := range lines {
			if k.license == lic {
				slices.SortStableFunc(lines[k], func(a, b smartaccount.Entitlement) int {
					if (a.Type == smartaccount.Perpetual) != (b.Type == smartaccount.Perpetual) {
						if a.Type == smartaccount.Perpetual {
							return -1
						}
						return 1
					}
					return b.End.Compare(a.End)
				})
			}
		}
		for {
			from, to := pick(bal, 1), pick(bal, -1)
			if from == "" || to == "" {
				break
			}
			q := min(bal[from], -bal[to])
			bal[from] -= q
			bal[to] += q
			for q > 0 {
				src := lines[key{lic, from}]
				if len(src) == 0 {
					break
				}
				take := min(q, src[0].Quantity)
				plan.Transfers = append(plan.Transfers, virtualaccount.Transfer{License: lic, Type: src[0].Type, From: from, To: to, Quantity: take})
				q -= take
				if src[0].Quantity -= take; src[0].Quantity == 0 {
					lines[key{lic, from}] = src[1:]
				}
			}
		}
	}
	// Merge consecutive transfers of one type between the same accounts.
	var merged []virtualaccount.Transfer
	for _, t := range plan.Transfers {
		if n := len(merged); n > 0 && merged[n-1].License == t.License && merged[n-1].Type == t.Type && merged[n-1].From == t.From && merged[n-1].To == t.To {
			merged[n-1].Quantity += t.Quantity
			continue
		}
		merged = append(merged, t)
	}
	plan.Transfers = merged
	return plan
}

// pick returns the Virtual Account with the largest surplus (sign 1) or
// shortage (sign -1), ties by name; "" when there is none.
func pick(bal map[string]int64, sign int64) string {
	best := ""
	for va, b := range bal {
		if b*sign <= 0 {
			continue
		}
		if best == "" || b*sign > bal[best]*sign || b == bal[best] && cmp.Less(va, best) {
			best = va
		}
	}
	return best
}
