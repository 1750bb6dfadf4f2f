package cssm

import (
	"context"
	"errors"
	"fmt"
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
		var seen map[K]struct{}
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
				seen = make(map[K]struct{}, min(max(t-int64(start), 0), 1<<20))
			}
			total = t
			for i := range items {
				// One map operation, not a lookup then an insert: the set
				// of a 100,000-record list is megabytes, each access a
				// likely cache miss. A key already there leaves the size
				// as it was.
				n := len(seen)
				if seen[key(&items[i])] = struct{}{}; len(seen) == n {
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
		if want := total - int64(start); want > 0 && int64(len(seen)) != want {
			yield(zero, &PageDriftError{Endpoint: ep, Offset: -1, Before: want, After: int64(len(seen))})
		}
	}
}
