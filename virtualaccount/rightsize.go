package virtualaccount

import (
	"cmp"
	"slices"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Rightsizing is the outcome of Rightsize: the pooling set's positions
// after the hygiene reclaim, fragmented and pooled shortage per license,
// the transfer plan and fragmentation along each dimension (METHOD.md §4).
type Rightsizing struct {
	// Positions holds, for every license and Virtual Account of the
	// pooling set with an entitlement that counts or a consumption, the
	// position rightsizing works on, sorted by license then Virtual
	// Account.
	Positions []Position
	// Licenses holds every license of the index, in name order.
	Licenses []Pool
	// Fragmented and Pooled sum the licenses' shortages.
	Fragmented, Pooled int64
	// Plan moves surplus to shortage, license by license; after it each
	// license's total shortage is its Pooled shortage.
	Plan Plan
	// Fragmentation holds one entry per dimension value of the pooling
	// set, in the order of smartaccount.Dimensions, then by value.
	Fragmentation []Fragmentation
	// AirGapped names the Virtual Accounts left out of the pooling set,
	// sorted.
	AirGapped []string
}

// Position is one license in one Virtual Account of the pooling set, as
// rightsizing sees it (METHOD.md §4).
type Position struct {
	License        string `json:"license"`
	VirtualAccount string `json:"virtual_account"`
	// Entitled is entitled(L, v) of METHOD.md §2; Reserved the units that
	// held SLR reservations in the account bind to devices.
	Entitled int64 `json:"entitled"`
	Reserved int64 `json:"reserved"`
	// Consumed is consumed(L, v); Reclaimed the usage the hygiene review
	// reclaims from the account; Covered the usage of the account's
	// reserved devices that their own reservation covers (and the review
	// does not reclaim): the units Reserved already takes out of Entitled.
	Consumed  int64 `json:"consumed"`
	Reclaimed int64 `json:"reclaimed"`
	Covered   int64 `json:"covered"`
}

// Available returns max(0, Entitled − Reserved): what the account holds
// that transfers may move or its devices use.
func (p Position) Available() int64 { return max(0, p.Entitled-p.Reserved) }

// Need returns Consumed − Reclaimed − Covered: the account's use after the
// clean-up that its available units must meet.
func (p Position) Need() int64 { return p.Consumed - p.Reclaimed - p.Covered }

// Shortage returns max(0, Need − Available).
func (p Position) Shortage() int64 { return max(0, p.Need()-p.Available()) }

// Surplus returns max(0, Available − Need).
func (p Position) Surplus() int64 { return max(0, p.Available()-p.Need()) }

// Pool is one license's shortage in the pooling set, fragmented over the
// Virtual Accounts and pooled across them (METHOD.md §4):
//
//	Fragmented = Σ_v max(0, need(L, v) − available(L, v))
//	Pooled     = max(0, Σ_v need(L, v) − Σ_v available(L, v))
type Pool struct {
	License    string `json:"license"`
	Fragmented int64  `json:"fragmented_shortage"`
	Pooled     int64  `json:"pooled_shortage"`
	// Findings lists the positions in the review's Findings of the
	// shortage and surplus findings of the license in the pooling set:
	// the positions the pooled shortage rests on (with the reclaim, which
	// the review's LicenseHygiene.Reclaimed cites).
	Findings []int `json:"-"`
}

// Saving returns Fragmented − Pooled: the units pooling saves.
func (p Pool) Saving() int64 { return p.Fragmented - p.Pooled }

// Fragmentation is one value of one dimension (business unit "Payments",
// region "EMEA", …): its Virtual Accounts of the pooling set, the surplus
// stranded in them and their shortage, summed over licenses, and the units
// that pooling those accounts alone would save (Σ_L F(L) − P(L) over them).
type Fragmentation struct {
	Dimension       smartaccount.Dimension `json:"dimension"`
	Value           string                 `json:"value"`
	VirtualAccounts []string               `json:"virtual_accounts"`
	Surplus         int64                  `json:"surplus"`
	Shortage        int64                  `json:"shortage"`
	Saving          int64                  `json:"saving"`
}

// Rightsize runs Virtual Account rightsizing (METHOD.md §4) on a hygiene
// review and the index it was computed from.
//
// The pooling set is every Virtual Account but the air-gapped ones. A held
// reservation (Reservation.Holds) in an account of the pooling set has its
// quantity subtracted from that account's entitlement of its license, down
// to zero at most, before shortage and surplus: no transfer moves units
// bound to a device. The units it binds are taken from the account's rows
// of the reservation's type first, then as CSSM reserves (longest term
// first). Consumption is the review's after its reclaim. The reserved
// device's own usage of the license in that account, up to the reserved
// quantity, leaves the account's need too (Position.Covered): its
// reservation already meets it, and counting it against the remaining
// entitlement as well would count the device twice — the reading of
// METHOD.md §4 that makes "no transfer moves units bound to a device"
// exact.
//
// The plan, per license in name order: while an account has a shortage
// and another a surplus, move min(surplus, shortage) from the account with
// the largest surplus to the one with the largest shortage, ties to the
// first name; the units leave in one transfer per license type, taken from
// the surplus account's rows perpetual first, then latest end date (none
// is latest), then type, then input order (Ref). The result depends only
// on the records, not on their order.
func Rightsize(h *smartaccount.Hygiene) *Rightsizing {
	x := h.Index()
	s := x.Snapshot()
	vas := x.VirtualAccounts()
	out := &Rightsizing{}
	pooled := make([]bool, len(vas))
	for v, va := range vas {
		pooled[v] = !va.AirGapped()
		if !pooled[v] {
			out.AirGapped = append(out.AirGapped, va.Name)
		}
	}

	p := planner{x: x, s: s, h: h, pooled: pooled}
	p.reserve()
	for l, name := range x.Licenses() {
		pool := p.license(l, name, out)
		out.Fragmented += pool.Fragmented
		out.Pooled += pool.Pooled
		out.Licenses = append(out.Licenses, pool)
	}
	p.cite(out)
	out.Fragmentation = fragmentation(vas, pooled, out.Positions)
	return out
}

// planner holds the state of one rightsizing.
type planner struct {
	x      *smartaccount.Index
	s      *smartaccount.Snapshot
	h      *smartaccount.Hygiene
	pooled []bool
	// left is, per entitlement row that counts on the review's date and
	// sits in the pooling set, the units neither reserved nor moved yet;
	// reserved, per entitlement row, the units reservations bind.
	left, reserved []int64
	// reservedIn sums the held reservations per license and account;
	// coveredIn the reserved devices' usage they cover.
	reservedIn, coveredIn map[[2]int]int64
}

// reserve applies the held reservations of the pooling set to its
// entitlement rows.
func (p *planner) reserve() {
	s := p.s
	p.left = make([]int64, len(s.Entitlements))
	p.reserved = make([]int64, len(s.Entitlements))
	for i := range s.Entitlements {
		if e := &s.Entitlements[i]; e.Counts(p.h.AsOf) {
			p.left[i] = e.Quantity
		}
	}
	p.reservedIn, p.coveredIn = map[[2]int]int64{}, map[[2]int]int64{}
	usage := map[[2]int]int64{} // per (instance, license): usage not yet covered
	// Reservations in a stable order so that which row gives up its units
	// does not depend on the slice's order.
	order := make([]int, 0, len(s.Reservations))
	for i := range s.Reservations {
		r := &s.Reservations[i]
		if va, ok := p.x.VirtualAccount(r.VirtualAccount); ok && p.pooled[va] && r.Holds() && r.Quantity > 0 {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(s.Reservations[a].Ref.Compare(s.Reservations[b].Ref), cmp.Compare(a, b))
	})
	for _, i := range order {
		r := &s.Reservations[i]
		l, _ := p.x.License(r.License)
		va, _ := p.x.VirtualAccount(r.VirtualAccount)
		p.reservedIn[[2]int{l, va}] += r.Quantity
		p.coveredIn[[2]int{l, va}] += p.cover(r, l, va, usage)
		rows := p.rows(l, va)
		slices.SortStableFunc(rows, func(a, b int32) int { // its own type first
			return cmp.Compare(boolRank(s.Entitlements[a].Type != r.Type), boolRank(s.Entitlements[b].Type != r.Type))
		})
		need := r.Quantity
		for _, e := range rows {
			take := min(need, p.left[e])
			p.left[e] -= take
			p.reserved[e] += take
			need -= take
		}
	}
}

// cover returns how much of the reserved device's usage of license l in
// account va the reservation r covers: the usage of its instance there
// that the hygiene review does not reclaim, up to r's quantity, less what
// an earlier reservation of the device covered. usage keeps what is left
// per instance and license.
func (p *planner) cover(r *smartaccount.Reservation, l, va int, usage map[[2]int]int64) int64 {
	for i := range p.x.DeviceInstances(r.UDI) {
		inst := p.x.Instance(i)
		if inst.VirtualAccount != va || p.reclaimed(i) {
			continue
		}
		k := [2]int{i, l}
		left, seen := usage[k]
		if !seen {
			for _, row := range inst.Rows {
				if p.x.RowLicense(int(row)) == l {
					left += max(0, p.s.Instances[row].Quantity)
				}
			}
		}
		c := min(left, r.Quantity)
		usage[k] = left - c
		return c
	}
	return 0
}

// reclaimed reports whether the hygiene review reclaims instance i.
func (p *planner) reclaimed(i int) bool {
	switch p.h.Class(i) {
	case smartaccount.ClassDecommissioned, smartaccount.ClassDuplicate:
		return true
	case smartaccount.ClassStale:
		return p.h.ReclaimStale
	}
	return false
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rows returns the entitlement rows of a license in an account that count,
// in the order units leave them: perpetual first, then latest end date
// (none is latest), then type, then input order.
func (p *planner) rows(l, va int) []int32 {
	s := p.s
	var rows []int32
	for _, e := range p.x.Entitlements(l, va) {
		if s.Entitlements[e].Counts(p.h.AsOf) {
			rows = append(rows, e)
		}
	}
	slices.SortFunc(rows, func(a, b int32) int {
		ea, eb := &s.Entitlements[a], &s.Entitlements[b]
		pa, pb := ea.Type == smartaccount.Perpetual, eb.Type == smartaccount.Perpetual
		if pa != pb {
			return boolRank(pb) - boolRank(pa)
		}
		if !pa {
			switch {
			case ea.End.Equal(eb.End):
			case ea.End.IsZero():
				return -1
			case eb.End.IsZero():
				return 1
			default:
				return eb.End.Compare(ea.End)
			}
		}
		return cmp.Or(cmp.Compare(ea.Type, eb.Type), ea.Ref.Compare(eb.Ref), cmp.Compare(a, b))
	})
	return rows
}

// license computes one license's positions, pools and transfers.
func (p *planner) license(l int, name string, out *Rightsizing) Pool {
	x, h := p.x, p.h
	vas := x.VirtualAccounts()
	pool := Pool{License: name}
	var accounts []int // positions in out.Positions of this license's accounts
	var need, available int64
	for va := range vas {
		if !p.pooled[va] {
			continue
		}
		pos := Position{License: name, VirtualAccount: vas[va].Name, Reserved: p.reservedIn[[2]int{l, va}],
			Reclaimed: h.Reclaimed(l, va), Covered: p.coveredIn[[2]int{l, va}]}
		for _, e := range x.Entitlements(l, va) {
			if e := &p.s.Entitlements[e]; e.Counts(h.AsOf) {
				pos.Entitled += e.Quantity
			}
		}
		pos.Consumed = x.Consumed(l, va)
		if pos.Entitled == 0 && pos.Consumed == 0 {
			continue
		}
		accounts = append(accounts, len(out.Positions))
		out.Positions = append(out.Positions, pos)
		pool.Fragmented += pos.Shortage()
		need += pos.Need()
		available += pos.Available()
	}
	pool.Pooled = max(0, need-available)

	surplus := make([]int64, len(accounts))
	shortage := make([]int64, len(accounts))
	for i, k := range accounts {
		surplus[i], shortage[i] = out.Positions[k].Surplus(), out.Positions[k].Shortage()
	}
	for {
		from, to := largest(surplus), largest(shortage)
		if from < 0 || to < 0 {
			break
		}
		q := min(surplus[from], shortage[to])
		surplus[from] -= q
		shortage[to] -= q
		fromVA, _ := x.VirtualAccount(out.Positions[accounts[from]].VirtualAccount)
		p.move(l, fromVA, name, out.Positions[accounts[from]].VirtualAccount, out.Positions[accounts[to]].VirtualAccount, q, &out.Plan)
	}
	return pool
}

// largest returns the position of the largest positive value, the first
// among equals (accounts are in name order), or -1.
func largest(v []int64) int {
	best := -1
	for i, n := range v {
		if n > 0 && (best < 0 || n > v[best]) {
			best = i
		}
	}
	return best
}

// move takes q units of license l from account fromVA's rows, in leaving
// order, and adds one transfer per license type.
func (p *planner) move(l, fromVA int, license, from, to string, q int64, plan *Plan) {
	first := len(plan.Transfers)
	for _, e := range p.rows(l, fromVA) {
		if q == 0 {
			break
		}
		take := min(q, p.left[e])
		if take == 0 {
			continue
		}
		p.left[e] -= take
		q -= take
		typ := p.s.Entitlements[e].Type
		k := slices.IndexFunc(plan.Transfers[first:], func(t Transfer) bool { return t.Type == typ })
		if k < 0 {
			plan.Transfers = append(plan.Transfers, Transfer{License: license, Type: typ, From: from, To: to})
			k = len(plan.Transfers) - first - 1
		}
		plan.Transfers[first+k].Quantity += take
	}
}

// cite fills each pool's findings: the review's shortage and surplus
// findings of its license in the pooling set.
func (p *planner) cite(out *Rightsizing) {
	for i, f := range p.h.Findings {
		if f.Kind != smartaccount.KindShortage && f.Kind != smartaccount.KindSurplus {
			continue
		}
		va, _ := p.x.VirtualAccount(f.VirtualAccount)
		if l, ok := p.x.License(f.License); ok && p.pooled[va] {
			out.Licenses[l].Findings = append(out.Licenses[l].Findings, i)
		}
	}
}

// fragmentation sums the positions along each dimension.
func fragmentation(vas []smartaccount.VirtualAccount, pooled []bool, positions []Position) []Fragmentation {
	byName := make(map[string]int, len(vas))
	for v, va := range vas {
		byName[va.Name] = v
	}
	var out []Fragmentation
	for _, d := range smartaccount.Dimensions {
		values := map[string]*Fragmentation{}
		var order []string
		for v, va := range vas {
			if !pooled[v] {
				continue
			}
			value := d.Of(va)
			fr := values[value]
			if fr == nil {
				fr = &Fragmentation{Dimension: d, Value: value}
				values[value] = fr
				order = append(order, value)
			}
			fr.VirtualAccounts = append(fr.VirtualAccounts, va.Name)
		}
		type sums struct{ need, available int64 }
		perLicense := map[[2]string]*sums{} // (value, license)
		var keys [][2]string
		for _, pos := range positions {
			value := d.Of(vas[byName[pos.VirtualAccount]])
			fr := values[value]
			fr.Surplus += pos.Surplus()
			fr.Shortage += pos.Shortage()
			k := [2]string{value, pos.License}
			sm := perLicense[k]
			if sm == nil {
				sm = &sums{}
				perLicense[k] = sm
				keys = append(keys, k)
			}
			sm.need += pos.Need()
			sm.available += pos.Available()
			fr.Saving += pos.Shortage() // F; P subtracted below
		}
		for _, k := range keys {
			sm := perLicense[k]
			values[k[0]].Saving -= max(0, sm.need-sm.available)
		}
		slices.Sort(order)
		for _, value := range order {
			out = append(out, *values[value])
		}
	}
	return out
}
