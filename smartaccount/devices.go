package smartaccount

import (
	"hash/maphash"
	"math/bits"
)

// deviceTable numbers the UDIs of an Index: open addressing with linear
// probing over power-of-two slices of 8-byte slots, each a 32-bit
// fingerprint of the UDI's hash and a number + 1 (0 is empty). A million
// devices take 16 MB that the garbage collector never scans, where a
// map[UDI]int32 takes some 90 MB of keys it does; the UDIs themselves stay
// in the snapshot's records, and a fingerprint that matches is confirmed
// against them, so look-ups are exact.
//
// The table is cut into shards by bits of the hash that neither the slot
// nor the fingerprint uses: a UDI lives in one shard, so NewIndex fills
// the shards side by side, one goroutine each.
type deviceTable struct {
	seed   maphash.Seed
	shards []shard
}

// shard is one part of a deviceTable.
type shard struct {
	slots []uint64
	n     int
}

// newDeviceTable returns a table of shards shards (rounded up to a power
// of two) sized for about n UDIs in all.
func newDeviceTable(shards, n int) *deviceTable {
	shards = 1 << bits.Len(uint(max(shards, 1)-1))
	t := &deviceTable{seed: maphash.MakeSeed(), shards: make([]shard, shards)}
	for i := range t.shards {
		t.shards[i].slots = make([]uint64, tableSize(n/shards+n/(8*shards)))
	}
	return t
}

// tableSize returns the power of two that holds n entries at most three
// quarters full.
func tableSize(n int) int {
	return 1 << bits.Len(uint(max(8, n+n/3)))
}

func (t *deviceTable) hash(u UDI) uint64 {
	return maphash.String(t.seed, u.PID)*0x9e3779b97f4a7c15 ^ maphash.String(t.seed, u.Serial)
}

// shard returns the number of the shard of a UDI of hash h.
func (t *deviceTable) shard(h uint64) int { return int(h>>24) & (len(t.shards) - 1) }

// regionBits cuts a shard into 1 << regionBits regions of slots, a few
// tens of kilobytes each at a million devices: small enough to stay in a
// core's cache while it is filled.
const regionBits = 8

// hashed is a record and the hash of its UDI.
type hashed struct {
	record int32
	hash   uint64
}

// byRegion returns the records whose UDIs hash into shard n, given the
// hash of every record, ordered by the region of the shard their first
// slot is in and, within a region, in slice order (so the records of one
// UDI keep their order). Filled in that order, a shard of megabytes is
// written one region at a time instead of a random slot at each record.
func (t *deviceTable) byRegion(n int, hashes []uint64) []hashed {
	mask := len(t.shards[n].slots) - 1
	shift := max(bits.Len(uint(mask))-regionBits, 0)
	var start [1<<regionBits + 1]int
	for _, h := range hashes {
		if t.shard(h) == n {
			start[(int(h)&mask)>>shift+1]++
		}
	}
	for r := range 1 << regionBits {
		start[r+1] += start[r]
	}
	out := make([]hashed, start[1<<regionBits])
	for j, h := range hashes {
		if t.shard(h) == n {
			r := (int(h) & mask) >> shift
			out[start[r]] = hashed{int32(j), h}
			start[r]++
		}
	}
	return out
}

// find returns the number stored for the UDI of hash h, which same
// confirms, or -1 and the slot where it would go.
func (s *shard) find(h uint64, same func(v int32) bool) (v int32, slot int) {
	mask := len(s.slots) - 1
	fp := uint32(h >> 32)
	for i := int(h) & mask; ; i = (i + 1) & mask {
		e := s.slots[i]
		if e == 0 {
			return -1, i
		}
		if uint32(e>>32) == fp {
			if v := int32(uint32(e)) - 1; same(v) {
				return v, i
			}
		}
	}
}

// insert stores number v of a UDI of hash h at the slot find returned,
// growing the shard when it is three quarters full; hashOf gives the hash
// of the UDI of a stored number.
func (s *shard) insert(h uint64, slot int, v int32, hashOf func(v int32) uint64) {
	s.slots[slot] = uint64(uint32(h>>32))<<32 | uint64(uint32(v+1))
	s.n++
	if s.n*4 < len(s.slots)*3 {
		return
	}
	old := s.slots
	s.slots = make([]uint64, 2*len(old))
	mask := len(s.slots) - 1
	for _, e := range old {
		if e == 0 {
			continue
		}
		i := int(hashOf(int32(uint32(e))-1)) & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = e
	}
}

// renumber replaces every number v stored in the shard by to[v].
func (s *shard) renumber(to []int32) {
	for i, e := range s.slots {
		if e != 0 {
			s.slots[i] = e&^0xffffffff | uint64(uint32(to[int32(uint32(e))-1]+1))
		}
	}
}

// device returns the number of the device with UDI u (hash h), or -1, the
// shard and the slot where it would go.
func (x *Index) device(u UDI, h uint64) (dev int32, s *shard, slot int) {
	s = &x.devices.shards[x.devices.shard(h)]
	dev, slot = s.find(h, func(d int32) bool { return x.udiOf(d) == u })
	return dev, s, slot
}

// deviceHash returns the hash of the UDI of device dev.
func (x *Index) deviceHash(dev int32) uint64 { return x.devices.hash(x.udiOf(dev)) }
