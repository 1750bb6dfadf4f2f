package smartaccount

import (
	"hash/maphash"
	"math/bits"
)

// deviceTable numbers the UDIs of an Index: open addressing with linear
// probing over a power-of-two slice of 8-byte slots, each a 32-bit
// fingerprint of the UDI's hash and the device's number + 1 (0 is empty).
// A million devices take 16 MB that the garbage collector never scans,
// where a map[UDI]int32 takes some 90 MB of keys it does; the UDIs
// themselves stay in the snapshot's records, and a fingerprint that
// matches is confirmed against them, so look-ups are exact.
type deviceTable struct {
	seed  maphash.Seed
	slots []uint64
	n     int
}

// newDeviceTable returns a table sized for about n devices.
func newDeviceTable(n int) *deviceTable {
	return &deviceTable{seed: maphash.MakeSeed(), slots: make([]uint64, tableSize(n))}
}

// tableSize returns the power of two that holds n devices at most three
// quarters full.
func tableSize(n int) int {
	return 1 << bits.Len(uint(max(8, n+n/3)))
}

func (t *deviceTable) hash(u UDI) uint64 {
	return maphash.String(t.seed, u.PID)*0x9e3779b97f4a7c15 ^ maphash.String(t.seed, u.Serial)
}

// find returns the number of the device with UDI u (hash h), or -1 and the
// slot where it would go; x gives the devices' UDIs.
func (t *deviceTable) find(x *Index, u UDI, h uint64) (dev int32, slot int) {
	mask := len(t.slots) - 1
	fp := uint32(h >> 32)
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1, i
		}
		if uint32(s>>32) == fp {
			if d := int32(uint32(s)) - 1; x.udiOf(d) == u {
				return d, i
			}
		}
	}
}

// insert numbers a device at the slot find returned, growing the table
// when it is three quarters full.
func (t *deviceTable) insert(x *Index, h uint64, slot int, dev int32) {
	t.slots[slot] = uint64(uint32(h>>32))<<32 | uint64(uint32(dev+1))
	t.n++
	if t.n*4 < len(t.slots)*3 {
		return
	}
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	mask := len(t.slots) - 1
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := int(t.hash(x.udiOf(int32(uint32(s))-1))) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
