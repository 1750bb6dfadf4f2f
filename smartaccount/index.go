package smartaccount

import (
	"slices"
	"sync"

	"github.com/openrenewal/smartlicensing/internal/parallel"
)

// Index is a snapshot indexed once for every review that reads it (the
// hygiene review, rightsizing, true-forward, SLP, SLR): licenses and Virtual
// Accounts numbered, product-instance rows grouped into instances (rows
// sharing a UDI and a Virtual Account, METHOD.md §3), the footprint by UDI
// and the entitlements by license and Virtual Account.
//
// It holds positions into the snapshot's slices, not copies: it describes
// the snapshot as it was when NewIndex ran, and must not be used after the
// snapshot's records are added, removed, reordered or changed — build a new
// one instead. An Index is read-only, so any number of goroutines may share
// it.
type Index struct {
	snap *Snapshot

	licenses  []string // sorted: a license's number is its position
	licenseID map[string]int32
	vas       []VirtualAccount // sorted by name
	inAccount []bool
	vaID      map[string]int32

	rowLicense  []int32 // per product-instance row: its license
	rowInstance []int32 // per product-instance row: its instance
	rowVA       []int32 // per product-instance row, while NewIndex runs: its Virtual Account

	instVA    []int32 // per instance: its Virtual Account
	instDev   []int32 // per instance: its device
	instNext  []int32 // per instance: another instance of the same device, -1 at the end
	instStart []int32 // the rows of instance i are instRows[instStart[i]:instStart[i+1]]
	instRows  []int32

	// Devices: every UDI of the footprint, numbered first, then those of
	// the product instances only.
	devices   *deviceTable
	devRecord []int32 // per device: its footprint record (the first of its UDI by Ref), -1 when none
	devFirst  []int32 // per device: one of its instances, -1 when none (then follow instNext)
	devRow    []int32 // per device outside the footprint, numbered from len(devRecord) − len(devRow): its first row
	// Per footprint device (numbers below len(devStatus)): its status,
	// and the number in needs of its required license (-1 when none).
	devStatus    []FootprintStatus
	devNeeds     []int32
	needs        map[string]int32
	devInService []int64 // per footprint device: its in-service date in days from 1970-01-01, noDate when none

	// Pairs (license, Virtual Account), numbered license×len(vas)+va.
	entStart  []int32 // the entitlements of pair p are entRows[entStart[p]:entStart[p+1]]
	entRows   []int32
	pairStart []int32 // the product-instance rows of pair p are pairRows[pairStart[p]:pairStart[p+1]]
	pairRows  []int32
	consumed  []int64 // per pair: the sum of its rows' quantities
	// negativeRow is the first product-instance row with a negative
	// quantity, -1 when none: readRows notes it so that Review refuses
	// it without reading the rows again.
	negativeRow int
}

// Instance is one registration: the product-instance rows that share a UDI
// and a Virtual Account (METHOD.md §3). The same UDI in two Virtual
// Accounts is two instances of one device.
type Instance struct {
	UDI UDI
	// VirtualAccount numbers the instance's Virtual Account in
	// Index.VirtualAccounts.
	VirtualAccount int
	// Device is the footprint record of the UDI (the first in the input,
	// by Ref, if the footprint lists it twice); nil when the footprint does
	// not list it.
	Device *Device
	// Rows index Snapshot.Instances: the instance's rows, in slice order.
	Rows []int32
}

// NewIndex indexes s. It reads every record once and keeps positions into
// s's slices (see Index). Records naming a Virtual Account the Account does
// not list are indexed too; InAccount tells them apart.
//
// The footprint and the product-instance rows are read in contiguous
// parts side by side, one per processor; what depends on order (the
// numbers of devices and instances) is settled afterwards in one pass, so
// the index is the same whatever the number of processors.
func NewIndex(s *Snapshot) *Index {
	x := &Index{snap: s}
	x.numberDevices()
	parts := x.readRows()
	x.name(parts)
	x.group(parts)
	x.groupPairs(parts)
	x.groupEntitlements()
	return x
}

// minPart is the fewest records or instances worth a goroutine of their
// own when NewIndex or Review cut their work into parts: below it,
// starting one costs more than it saves.
const minPart = 16384

// namer numbers names in the order first seen, remembering the last name
// looked up: rows come grouped by Virtual Account and license, so most
// look-ups are the previous one again.
type namer struct {
	ids   map[string]int32
	names []string
	last  string
	lastN int32
}

func newNamer() *namer { return &namer{ids: map[string]int32{}, lastN: -1} }

func (n *namer) id(name string) int32 {
	if n.lastN >= 0 && name == n.last {
		return n.lastN
	}
	id, ok := n.ids[name]
	if !ok {
		id = int32(len(n.names))
		n.ids[name] = id
		n.names = append(n.names, name)
	}
	n.last, n.lastN = name, id
	return id
}

// sorted returns the names in order and their numbers in that order.
func (n *namer) sorted() (names []string, ids map[string]int32) {
	names = slices.Clone(n.names)
	slices.Sort(names)
	ids = make(map[string]int32, len(names))
	for i, name := range names {
		ids[name] = int32(i)
	}
	return names, ids
}

// numbersIn returns the number in ids of each name n has numbered.
func (n *namer) numbersIn(ids map[string]int32) []int32 {
	to := make([]int32, len(n.names))
	for i, name := range n.names {
		to[i] = ids[name]
	}
	return to
}

// numberDevices numbers the footprint's devices in the order of their
// first records: the first record of a UDI, by Ref, is its device's. The
// shards of the device table are filled side by side, each with the
// records whose UDIs hash into it, in slice order; the devices are then
// numbered in one pass.
func (x *Index) numberDevices() {
	s := x.snap
	fp := s.Footprint
	workers := parallel.Parts(len(fp), minPart)
	x.devices = newDeviceTable(workers, len(fp)+len(s.Instances)/8)
	// One pass over the records, in parts side by side, reads what the
	// review asks of every device and keeps it beside the device: reading
	// a million footprint records again, in instance order, would be a
	// million cache misses. Until the devices are numbered these hold one
	// entry per record.
	hashes := make([]uint64, len(fp))
	// first[j] is the first record, in slice order, with record j's UDI:
	// j itself but for a UDI listed again.
	first := make([]int32, len(fp))
	x.devStatus = make([]FootprintStatus, len(fp))
	x.devNeeds = make([]int32, len(fp))
	x.devInService = make([]int64, len(fp))
	needs := make([]*namer, workers)
	parallel.Do(workers, func(i int) {
		lo, hi := parallel.Range(len(fp), workers, i)
		needs[i] = newNamer()
		for j := lo; j < hi; j++ {
			d := &fp[j]
			hashes[j], first[j] = x.devices.hash(d.UDI), int32(j)
			x.devStatus[j], x.devNeeds[j], x.devInService[j] = d.Status, -1, civilDays(d.InService)
			if d.RequiredLicense != "" {
				x.devNeeds[j] = needs[i].id(d.RequiredLicense)
			}
		}
	})
	hashOf := func(j int32) uint64 { return hashes[j] }
	parallel.Do(len(x.devices.shards), func(n int) {
		sh := &x.devices.shards[n]
		for _, k := range x.devices.byRegion(n, hashes) {
			j, h := k.record, k.hash
			u := &fp[j].UDI
			if r, slot := sh.find(h, func(r int32) bool { return fp[r].UDI == *u }); r < 0 {
				sh.insert(h, slot, j, hashOf)
			} else {
				first[j] = r // the records come in region order: writing only the repeats spares a random write each
			}
		}
	})
	// Room for the devices outside the footprint, as many as the table
	// expects.
	x.devRecord = make([]int32, 0, len(fp)+len(s.Instances)/8)
	for j, f := range first {
		if f == int32(j) {
			first[j] = int32(len(x.devRecord)) // now the device's number
			x.devRecord = append(x.devRecord, int32(j))
			continue
		}
		dev := first[f]
		first[j] = dev
		if fp[j].Ref.Compare(fp[x.devRecord[dev]].Ref) < 0 {
			x.devRecord[dev] = int32(j) // the first in the input counts, whatever the slice order
		}
	}
	parallel.Do(len(x.devices.shards), func(n int) { x.devices.shards[n].renumber(first) })
	x.devFirst = make([]int32, len(x.devRecord), cap(x.devRecord))
	for i := range x.devFirst {
		x.devFirst[i] = -1
	}

	// The required licenses, numbered in the order first seen, whatever
	// the parts; then what was read per record, per device. A device's
	// record is never before its number (it is its UDI's first record or
	// a later one), so the entries move down in place.
	all := newNamer()
	to := make([][]int32, workers)
	for i, n := range needs {
		for _, name := range n.names {
			all.id(name)
		}
		to[i] = n.numbersIn(all.ids)
	}
	x.needs = all.ids
	parallel.Do(workers, func(i int) {
		lo, hi := parallel.Range(len(fp), workers, i)
		for j := lo; j < hi; j++ {
			if n := x.devNeeds[j]; n >= 0 {
				x.devNeeds[j] = to[i][n]
			}
		}
	})
	for dev, j := range x.devRecord {
		if int(j) != dev {
			x.devStatus[dev], x.devNeeds[dev], x.devInService[dev] = x.devStatus[j], x.devNeeds[j], x.devInService[j]
		}
	}
	n := len(x.devRecord)
	x.devStatus, x.devNeeds, x.devInService = x.devStatus[:n:n], x.devNeeds[:n:n], x.devInService[:n:n]
}

// rowPart is one part of the product-instance rows as readRows reads it:
// its licenses and Virtual Accounts numbered in the order first seen, and
// their usage.
type rowPart struct {
	lo, hi   int
	negative int // the part's first row with a negative quantity, -1 when none
	lic, va  *namer
	used     [][]int64 // per license, per account of the part
	licTo    []int32   // per license of the part: its number in the index
	vaTo     []int32   // per account of the part: its number in the index
}

// readRows reads the product-instance rows in parts side by side: each
// numbers its rows' licenses and Virtual Accounts (in rowLicense and
// rowVA), sums their quantities, and finds their devices in the footprint
// (in rowInstance, -1 for a UDI the footprint does not list), which group
// then turns into instances.
func (x *Index) readRows() []rowPart {
	rows := x.snap.Instances
	x.rowLicense = make([]int32, len(rows))
	x.rowInstance = make([]int32, len(rows))
	x.rowVA = make([]int32, len(rows))
	parts := make([]rowPart, parallel.Parts(len(rows), minPart))
	footprint := len(x.devRecord) // the devices numbered so far: the footprint's
	parallel.Do(len(parts), func(i int) {
		p := &parts[i]
		p.lo, p.hi = parallel.Range(len(rows), len(parts), i)
		p.lic, p.va, p.negative = newNamer(), newNamer(), -1
		dev := int32(-1)
		for r := p.lo; r < p.hi; r++ {
			row := &rows[r]
			if row.Quantity < 0 && p.negative < 0 {
				p.negative = r
			}
			l, v := p.lic.id(row.License), p.va.id(row.VirtualAccount)
			x.rowLicense[r], x.rowVA[r] = l, v
			for int(l) >= len(p.used) {
				p.used = append(p.used, nil)
			}
			for int(v) >= len(p.used[l]) {
				p.used[l] = append(p.used[l], 0)
			}
			p.used[l][v] += row.Quantity
			// A device's rows usually follow each other: look its UDI up
			// once. Exports of one fleet often list its devices in the
			// same order (by hostname, by serial): the footprint's next
			// device is tried before the table, at the cost of one
			// comparison when it is not the one.
			if r == p.lo || row.UDI != rows[r-1].UDI {
				if next := dev + 1; dev >= 0 && int(next) < footprint && x.udiOf(next) == row.UDI {
					dev = next
				} else {
					dev, _, _ = x.device(row.UDI, x.devices.hash(row.UDI))
				}
			}
			x.rowInstance[r] = dev
		}
	})
	x.negativeRow = -1
	for _, p := range parts {
		if p.negative >= 0 {
			x.negativeRow = p.negative
			break
		}
	}
	return parts
}

// name numbers the licenses and Virtual Accounts of every record in name
// order: those of the Account, the entitlements, the in-use counts, the
// reservations and the parts of the product-instance rows.
func (x *Index) name(parts []rowPart) {
	s := x.snap
	lic, va := newNamer(), newNamer()
	for i := range s.Account.VirtualAccounts {
		va.id(s.Account.VirtualAccounts[i].Name)
	}
	for i := range s.Entitlements {
		lic.id(s.Entitlements[i].License)
		va.id(s.Entitlements[i].VirtualAccount)
	}
	for i := range s.InUse {
		lic.id(s.InUse[i].License)
		va.id(s.InUse[i].VirtualAccount)
	}
	for i := range s.Reservations {
		lic.id(s.Reservations[i].License)
		va.id(s.Reservations[i].VirtualAccount)
	}
	for _, p := range parts {
		for _, name := range p.lic.names {
			lic.id(name)
		}
		for _, name := range p.va.names {
			va.id(name)
		}
	}
	x.licenses, x.licenseID = lic.sorted()
	var names []string
	names, x.vaID = va.sorted()
	for i := range parts {
		parts[i].licTo, parts[i].vaTo = parts[i].lic.numbersIn(x.licenseID), parts[i].va.numbersIn(x.vaID)
	}
	x.vas = make([]VirtualAccount, len(names))
	x.inAccount = make([]bool, len(names))
	for i, name := range names {
		x.vas[i].Name = name
	}
	for _, v := range s.Account.VirtualAccounts {
		if id := x.vaID[v.Name]; !x.inAccount[id] { // the first of a name counts
			x.vas[id], x.inAccount[id] = v, true
		}
	}
}

// group numbers the devices outside the footprint and the instances, in
// the order of their first rows, in one pass over the rows readRows read:
// a row's instance is its device's instance in its Virtual Account.
func (x *Index) group(parts []rowPart) {
	rows := x.snap.Instances
	x.instVA = make([]int32, 0, len(rows))
	x.instDev = make([]int32, 0, len(rows))
	x.instNext = make([]int32, 0, len(rows))
	hashOf := x.deviceHash
	for i := range parts {
		p := &parts[i]
		dev := int32(-1)
		for r := p.lo; r < p.hi; r++ {
			l, v := p.licTo[x.rowLicense[r]], p.vaTo[x.rowVA[r]]
			x.rowLicense[r], x.rowVA[r] = l, v
			if d := x.rowInstance[r]; d >= 0 {
				dev = d
			} else if r == p.lo || rows[r].UDI != rows[r-1].UDI {
				// Not in the footprint: a device of its own, numbered
				// after the footprint's, unless an earlier row named it.
				u := rows[r].UDI
				h := x.devices.hash(u)
				var sh *shard
				var slot int
				if dev, sh, slot = x.device(u, h); dev < 0 {
					dev = int32(len(x.devRecord))
					x.devRecord = append(x.devRecord, -1)
					x.devFirst = append(x.devFirst, -1)
					x.devRow = append(x.devRow, int32(r))
					sh.insert(h, slot, dev, hashOf)
				}
			}
			inst := x.devFirst[dev]
			for inst >= 0 && x.instVA[inst] != v {
				inst = x.instNext[inst]
			}
			if inst < 0 {
				inst = int32(len(x.instVA))
				x.instVA = append(x.instVA, v)
				x.instDev = append(x.instDev, dev)
				x.instNext = append(x.instNext, x.devFirst[dev])
				x.devFirst[dev] = inst
			}
			x.rowInstance[r] = inst
		}
	}
}

// groupPairs sums each pair's consumption from the parts' usage and groups
// the rows by instance and by pair.
func (x *Index) groupPairs(parts []rowPart) {
	x.consumed = make([]int64, len(x.licenses)*len(x.vas))
	for _, p := range parts {
		for l, byVA := range p.used {
			for v, q := range byVA {
				x.consumed[x.pair(p.licTo[l], p.vaTo[v])] += q
			}
		}
	}
	// The two groupings are independent passes over the rows: side by
	// side.
	var wg sync.WaitGroup
	wg.Go(func() { x.instStart, x.instRows = buckets(len(x.instVA), x.rowInstance) })
	pairs := x.rowVA // no longer needed: reused for each row's pair
	for r := range pairs {
		pairs[r] = int32(x.pair(x.rowLicense[r], pairs[r]))
	}
	x.pairStart, x.pairRows = buckets(len(x.licenses)*len(x.vas), pairs)
	wg.Wait()
	x.rowVA = nil
}

// udiOf returns the UDI of a device: its footprint record's, else its
// first row's.
func (x *Index) udiOf(dev int32) UDI {
	if d := x.devRecord[dev]; d >= 0 {
		return x.snap.Footprint[d].UDI
	}
	return x.snap.Instances[x.devRow[int(dev)-len(x.devRecord)+len(x.devRow)]].UDI
}

// buckets groups the positions of keys by key (each in [0, n)), keeping
// their order: the positions with key k are rows[start[k]:start[k+1]].
func buckets(n int, keys []int32) (start, rows []int32) {
	start = make([]int32, n+1)
	for _, k := range keys {
		start[k+1]++
	}
	for k := range n {
		start[k+1] += start[k]
	}
	rows = make([]int32, len(keys))
	next := slices.Clone(start[:n])
	for i, k := range keys {
		rows[next[k]] = int32(i)
		next[k]++
	}
	return start, rows
}

// groupEntitlements groups the entitlement rows by (license, Virtual
// Account).
func (x *Index) groupEntitlements() {
	es := x.snap.Entitlements
	keys := make([]int32, len(es))
	for i := range es {
		keys[i] = int32(x.pair(x.licenseID[es[i].License], x.vaID[es[i].VirtualAccount]))
	}
	x.entStart, x.entRows = buckets(len(x.licenses)*len(x.vas), keys)
}

// pair numbers a (license, Virtual Account) pair. Pairs are dense: a Smart
// Account has tens to hundreds of each, so license × account entries cost
// less than hashing every row.
func (x *Index) pair(license, va int32) int { return int(license)*len(x.vas) + int(va) }

// Snapshot returns the indexed snapshot.
func (x *Index) Snapshot() *Snapshot { return x.snap }

// Licenses returns the names of every license that an entitlement, a
// product instance, an in-use count or a reservation names, sorted: a
// license's number in the other methods is its position here. The slice
// is the index's own; do not change it.
func (x *Index) Licenses() []string { return x.licenses }

// License returns the number of the named license.
func (x *Index) License(name string) (int, bool) {
	id, ok := x.licenseID[name]
	return int(id), ok
}

// VirtualAccounts returns every Virtual Account the Account lists or a
// record names, sorted by name: an account's number in the other methods
// is its position here. One that the Account does not list carries only its
// name (see InAccount). The slice is the index's own; do not change it.
func (x *Index) VirtualAccounts() []VirtualAccount { return x.vas }

// VirtualAccount returns the number of the named Virtual Account.
func (x *Index) VirtualAccount(name string) (int, bool) {
	id, ok := x.vaID[name]
	return int(id), ok
}

// InAccount reports whether the Account lists Virtual Account va; records
// may name one it does not (a deleted account, say).
func (x *Index) InAccount(va int) bool { return x.inAccount[va] }

// NumInstances returns the number of instances (distinct UDI and Virtual
// Account pairs of the product-instance rows).
func (x *Index) NumInstances() int { return len(x.instVA) }

// Instance returns instance i, 0 ≤ i < NumInstances. Instances are
// numbered in the order of their first rows.
func (x *Index) Instance(i int) Instance {
	rows := x.instRows[x.instStart[i]:x.instStart[i+1]:x.instStart[i+1]]
	in := Instance{UDI: x.snap.Instances[rows[0]].UDI, VirtualAccount: int(x.instVA[i]), Rows: rows}
	if d := x.devRecord[x.instDev[i]]; d >= 0 {
		in.Device = &x.snap.Footprint[d]
	}
	return in
}

// RowInstance returns the instance of product-instance row r.
func (x *Index) RowInstance(r int) int { return int(x.rowInstance[r]) }

// RowLicense returns the license number of product-instance row r.
func (x *Index) RowLicense(r int) int { return int(x.rowLicense[r]) }

// Device returns the footprint record of a UDI (the first in the input, by
// Ref, if the footprint lists it twice), or nil.
func (x *Index) Device(u UDI) *Device {
	if dev, _, _ := x.device(u, x.devices.hash(u)); dev >= 0 && x.devRecord[dev] >= 0 {
		return &x.snap.Footprint[x.devRecord[dev]]
	}
	return nil
}

// Entitlements returns the positions in Snapshot.Entitlements of the rows
// of a license in a Virtual Account, in slice order, whatever their status
// and term. The slice is the index's own; do not change it.
func (x *Index) Entitlements(license, va int) []int32 {
	p := x.pair(int32(license), int32(va))
	return x.entRows[x.entStart[p]:x.entStart[p+1]:x.entStart[p+1]]
}

// Consumed returns consumed(L, v) of METHOD.md §2 for a license in a
// Virtual Account: the sum of the quantities of its product-instance rows.
func (x *Index) Consumed(license, va int) int64 { return x.consumed[x.pair(int32(license), int32(va))] }

// Rows returns the positions in Snapshot.Instances of the rows of a
// license in a Virtual Account, in slice order. The slice is the index's
// own; do not change it.
func (x *Index) Rows(license, va int) []int32 {
	p := x.pair(int32(license), int32(va))
	return x.pairRows[x.pairStart[p]:x.pairStart[p+1]:x.pairStart[p+1]]
}
