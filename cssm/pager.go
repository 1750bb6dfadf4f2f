package cssm

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"iter"
)

// DefaultPageSize is the page size of list calls whose ListParams.Limit is
// 0: CSSM documents no maximum, and 100 is safe (CSSM-API.md).
const DefaultPageSize = 100

// ErrPageDrift is wrapped by the *PageDriftError of a walk over a list that
// changed under it.
var ErrPageDrift = errors.New("the list changed while it was being read")

// PageDriftError is a paged walk whose list changed under it (CSSM-API.md:
// records appear or vanish between pages): the total changed between pages,
// or the walk ended with fewer distinct records than the total. The records
// already yielded are not the whole list; walk again (Sync does, a few
// times) or give up. It wraps ErrPageDrift.
type PageDriftError struct {
	Endpoint Endpoint
	Offset   int64 // the offset of the page where it was seen
	// Before and After are the totals before and after the change; when
	// the total stayed but records were missing, Before is the total and
	// After the number of distinct records read.
	Before, After int64
}

// Error says what changed.
func (e *PageDriftError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("cssm: %s: %v: read %d distinct records of a total of %d", e.Endpoint, ErrPageDrift, e.After, e.Before)
	}
	return fmt.Sprintf("cssm: %s: %v: total went from %d to %d at offset %d", e.Endpoint, ErrPageDrift, e.Before, e.After, e.Offset)
}

// Unwrap returns ErrPageDrift.
func (e *PageDriftError) Unwrap() error { return ErrPageDrift }

// ListParams select and page a list of licenses or devices.
type ListParams struct {
	// VirtualAccounts restricts the list to these Virtual Accounts; empty
	// is all of them.
	VirtualAccounts []string
	// Limit is the page size (0: DefaultPageSize); Offset the first record
	// of a single-page call or of a walk.
	Limit, Offset int
}

func (p *ListParams) limit() int {
	if p == nil || p.Limit <= 0 {
		return DefaultPageSize
	}
	return p.Limit
}

func (p *ListParams) offset() int {
	if p == nil || p.Offset < 0 {
		return 0
	}
	return p.Offset
}

// fetchPage gets the page at offset: its records, the list's total, and the
// response.
type fetchPage[T any] func(ctx context.Context, offset, limit int) ([]T, int64, error)

// walk pages through a list from offset, yielding each distinct record
// (by key) once. Each range of the returned sequence is a new walk, so it
// can be ranged more than once. A total that changes between pages, or a
// walk that ends with fewer distinct records than the total, ends the walk
// with a *PageDriftError; any other error ends it with that error.
func walk[T any, K comparable](ctx context.Context, ep Endpoint, offset, limit int, fetch fetchPage[T], key func(*T) K) iter.Seq2[T, error] {
	start := offset
	return func(yield func(T, error) bool) {
		var zero T
		var seen *keySet[K]
		total := int64(-1)
		offset := start
		for {
			items, t, err := fetch(ctx, offset, limit)
			if err != nil {
				yield(zero, err)
				return
			}
			if total >= 0 && t != total {
				yield(zero, &PageDriftError{Endpoint: ep, Offset: int64(offset), Before: total, After: t})
				return
			}
			if seen == nil {
				// Sized for the whole list, within reason.
				seen = newKeySet[K](int(min(max(t-int64(start), 0), 1<<20)))
			}
			total = t
			for i := range items {
				if !seen.add(key(&items[i])) {
					continue // read on an earlier page
				}
				if !yield(items[i], nil) {
					return
				}
			}
			offset += len(items)
			if len(items) == 0 || int64(offset) >= total {
				break
			}
		}
		if want := total - int64(start); want > 0 && int64(seen.len()) != want {
			yield(zero, &PageDriftError{Endpoint: ep, Offset: -1, Before: want, After: int64(seen.len())})
		}
	}
}

// keySet is the set of the record keys a walk has read. A device's key is
// three strings, and in a map[K]struct{} of 100,000 of them (48-byte slots,
// megabytes) each insert was a cache miss or two: the walk's largest cost
// after decoding. keySet keeps the keys in the order read, and indexes them
// in a table of one word per slot — the top 32 bits of the key's hash and
// its index in keys — probed linearly from its low bits, so an insert
// reads one cache line of a table a fifth the size; the keys themselves
// are compared only when two 32-bit tags meet. (Indexes are 32 bits: four
// billion keys would need hundreds of gigabytes first.)
type keySet[K comparable] struct {
	seed  maphash.Seed
	slots []uint64 // tag<<32 | index in keys + 1; 0 is empty
	keys  []K
}

// newKeySet returns an empty set with room for n keys.
func newKeySet[K comparable](n int) *keySet[K] {
	s := &keySet[K]{seed: maphash.MakeSeed(), keys: make([]K, 0, n)}
	s.slots = make([]uint64, tableSize(n))
	return s
}

// tableSize is the number of slots for n keys: a power of two, at most three
// quarters full.
func tableSize(n int) int {
	size := 64
	for size*3/4 < n {
		size *= 2
	}
	return size
}

// add adds k and reports whether it was not in the set yet.
func (s *keySet[K]) add(k K) bool {
	h := maphash.Comparable(s.seed, k)
	tag := h >> 32
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch slot := s.slots[i]; {
		case slot == 0:
			if len(s.keys) >= len(s.slots)*3/4 {
				s.grow()
				return s.add(k)
			}
			s.keys = append(s.keys, k)
			s.slots[i] = tag<<32 | uint64(len(s.keys))
			return true
		case slot>>32 == tag && s.keys[uint32(slot)-1] == k:
			return false
		}
	}
}

// grow doubles the table, placing every key again.
func (s *keySet[K]) grow() {
	old := s.slots
	s.slots = make([]uint64, 2*len(old))
	mask := uint64(len(s.slots) - 1)
	for _, slot := range old {
		if slot == 0 {
			continue
		}
		h := maphash.Comparable(s.seed, s.keys[uint32(slot)-1])
		i := h & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = slot
	}
}

// len returns the number of keys in the set.
func (s *keySet[K]) len() int { return len(s.keys) }
