package slp

import (
	"slices"
	"sync"

	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Instances returns the instances of the snapshot x indexes (METHOD.md §3:
// its product-instance rows that share a UDI and a Virtual Account), in
// the order of their first rows. An instance's hostname and transport are
// those of its first row (by Ref) that gives one; its registration date is
// the earliest of its rows, its last report and last ACK the latest; a
// license's count is the sum of its rows' quantities; its Refs are its
// rows', sorted.
func Instances(x *smartaccount.Index) []Instance {
	out := make([]Instance, x.NumInstances())
	for i := range out {
		out[i] = instanceOf(x, i)
	}
	return out
}

// merged are the facts of an index instance that governance reads, merged
// from its rows as Instances says.
type merged struct {
	facts
	transportRef *smartaccount.Ref // the row the transport comes from
}

func (m *merged) add(r *smartaccount.ProductInstance) {
	if !r.Registered.IsZero() && (m.registered.IsZero() || r.Registered.Before(m.registered)) {
		m.registered = r.Registered
	}
	if r.LastReport.After(m.lastReport) {
		m.lastReport = r.LastReport
	}
	if r.LastACK.After(m.lastACK) {
		m.lastACK = r.LastACK
	}
	if r.Transport != 0 && (m.transportRef == nil || r.Ref.Compare(*m.transportRef) < 0) {
		m.transport, m.transportRef = r.Transport, &r.Ref
	}
}

// instanceOf builds index instance i.
func instanceOf(x *smartaccount.Index, i int) Instance {
	s, xi := x.Snapshot(), x.Instance(i)
	out := Instance{UDI: xi.UDI, VirtualAccount: x.VirtualAccounts()[xi.VirtualAccount].Name,
		Refs: make([]smartaccount.Ref, 0, len(xi.Rows))}
	var m merged
	var hostRef *smartaccount.Ref
	licenses := make([]int, 0, len(xi.Rows))
	names := x.Licenses()
	for _, row := range xi.Rows {
		r := &s.Instances[row]
		m.add(r)
		if r.Hostname != "" && (hostRef == nil || r.Ref.Compare(*hostRef) < 0) {
			out.Hostname, hostRef = r.Hostname, &r.Ref
		}
		if r.License != "" {
			licenses = append(licenses, x.RowLicense(int(row)))
			if r.Quantity > 0 {
				if out.Counts == nil {
					out.Counts = map[string]int64{}
				}
				out.Counts[r.License] += r.Quantity
			}
		}
		out.Refs = append(out.Refs, r.Ref)
	}
	out.Registered, out.LastReport, out.LastACK, out.Transport = m.registered, m.lastReport, m.lastACK, m.transport
	slices.Sort(licenses) // license numbers are in name order
	for _, l := range slices.Compact(licenses) {
		out.Licenses = append(out.Licenses, names[l])
	}
	slices.SortStableFunc(out.Refs, smartaccount.Ref.Compare)
	return out
}

// IndexFleet computes the Fleet of the instances of the snapshot x
// indexes: the same Fleet as Fleet(Instances(x)), without building an
// Instance until Assessments yields it. Classify is asked once per license.
func (g *Governance) IndexFleet(x *smartaccount.Index) (Fleet, error) {
	fleet, err := g.fleetPolicy()
	if err != nil {
		return Fleet{}, err
	}
	// The group of each license, and the strictest group of every set of
	// them under the fleet policy: CSSM's rows carry no policy of their
	// own.
	names := x.Licenses()
	groups := make([]groupSet, len(names))
	for l, name := range names {
		if name != "" {
			groups[l] = 1 << g.classify(name)
		}
	}
	var strictestOf [1 << len(policy.Groups)]policy.Group
	for set := range strictestOf {
		strictestOf[set] = strictest(fleet, groupSet(set))
	}
	vas := x.VirtualAccounts()
	t := newTally(dayOf(g.AsOf), len(vas))
	for _, va := range vas {
		t.names = append(t.names, va.Name)
	}
	s := x.Snapshot()
	verdicts := make([]verdict, x.NumInstances())
	for i := range verdicts {
		xi := x.Instance(i)
		var m merged
		var set groupSet
		for _, row := range xi.Rows {
			m.add(&s.Instances[row])
			set |= groups[x.RowLicense(int(row))]
		}
		v := judge(&m.facts, strictestOf[set], fleet, t.asOf)
		verdicts[i] = v
		t.add(xi.VirtualAccount, m.transport, v, v.periodic(fleet))
	}
	return t.fleet(&assessed{fleet: fleet, verdicts: verdicts,
		instance: func(i int) Instance { return instanceOf(x, i) },
		order:    sync.OnceValue(func() []int32 { return indexOrder(x) })}), nil
}

// indexOrder returns the instances of x by Virtual Account, then UDI:
// bucketed by account (numbered in name order), then sorted within each.
func indexOrder(x *smartaccount.Index) []int32 {
	n := x.NumInstances()
	udis := make([]smartaccount.UDI, n)
	start := make([]int, len(x.VirtualAccounts())+1)
	for i := range n {
		xi := x.Instance(i)
		udis[i] = xi.UDI
		start[xi.VirtualAccount+1]++
	}
	for v := 1; v < len(start); v++ {
		start[v] += start[v-1]
	}
	order := make([]int32, n)
	next := slices.Clone(start)
	for i := range n {
		v := x.Instance(i).VirtualAccount
		order[next[v]] = int32(i)
		next[v]++
	}
	for v := range len(start) - 1 {
		// A UDI is in a Virtual Account once: no two instances compare equal.
		slices.SortFunc(order[start[v]:start[v+1]], func(a, b int32) int { return compareUDIs(udis[a], udis[b]) })
	}
	return order
}
