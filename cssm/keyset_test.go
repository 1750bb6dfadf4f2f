package cssm

import (
	"hash/maphash"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestKeySet adds keys to a walk's set of seen records: each distinct key is
// added once, a repeat never, across the table's growth and when two keys'
// tags meet.
func TestKeySet(t *testing.T) {
	t.Run("growth", func(t *testing.T) {
		s := newKeySet[deviceID](0) // 64 slots: grows 8 times for 10,000 keys
		for i := range 10000 {
			assert.True(t, s.add(deviceID{"C9300-24T", "FOC" + strconv.Itoa(i), "VA"}), "key %d, first time", i)
		}
		for i := range 10000 {
			assert.False(t, s.add(deviceID{"C9300-24T", "FOC" + strconv.Itoa(i), "VA"}), "key %d again", i)
		}
		assert.True(t, s.add(deviceID{"C9300-24T", "FOC1", "VA 2"}), "a UDI read in another VA is another record")
		assert.Equal(t, 10001, s.len())
		assert.Equal(t, 16384, len(s.slots), "10,001 keys fill at most three quarters of 2^14 slots")
	})
	t.Run("tags meet", func(t *testing.T) {
		s := newKeySet[deviceID](0)
		a := deviceID{"C9300-24T", "FOC1", "VA 1"}
		b := deviceID{"C8000V", "9ABC", "VA 1"}
		assert.True(t, s.add(a))
		// Where b's probe starts, a slot with b's tag that holds a (index
		// 0, stored as 1): the keys must be compared, and b placed after
		// it.
		h := maphash.Comparable(s.seed, b)
		s.slots[h&uint64(len(s.slots)-1)] = h>>32<<32 | 1
		assert.True(t, s.add(b), "b, first time, though its tag is at its start")
		assert.False(t, s.add(b), "b again")
		assert.Equal(t, 2, s.len())
	})
}
