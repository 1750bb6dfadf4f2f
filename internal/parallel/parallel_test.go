package parallel

import (
	"cmp"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

func TestParts(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	tests := []struct {
		name        string
		n, minItems int
		want        int
	}{
		{"nothing", 0, 10, 1},
		{"fewer than one part's worth", 9, 10, 1},
		{"no minimum", 5, 0, procs},
		{"plenty", 1000 * procs, 10, procs},
		{"two parts' worth", 20, 10, min(2, procs)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parts(tt.n, tt.minItems); got != tt.want {
				t.Errorf("Parts(%d, %d) = %d, want %d", tt.n, tt.minItems, got, tt.want)
			}
		})
	}
}

func TestRangeCoversEveryItemOnce(t *testing.T) {
	for _, n := range []int{0, 1, 7, 10, 1001} {
		for k := 1; k <= 5; k++ {
			seen := make([]int, n)
			prev := 0
			for i := range k {
				lo, hi := Range(n, k, i)
				if lo != prev || hi < lo {
					t.Fatalf("Range(%d, %d, %d) = [%d, %d), want it to start at %d", n, k, i, lo, hi, prev)
				}
				for j := lo; j < hi; j++ {
					seen[j]++
				}
				prev = hi
			}
			if prev != n {
				t.Fatalf("the %d parts of %d end at %d", k, n, prev)
			}
			for j, c := range seen {
				if c != 1 {
					t.Fatalf("n=%d k=%d: item %d in %d parts", n, k, j, c)
				}
			}
		}
	}
}

func TestDoRunsEachPartOnce(t *testing.T) {
	for _, k := range []int{0, 1, 2, 8} {
		var calls atomic.Int64
		got := make([]int, k)
		Do(k, func(i int) { got[i]++; calls.Add(1) })
		want := make([]int, k)
		for i := range want {
			want[i] = 1
		}
		if diff := gocmp.Diff(want, got); diff != "" || calls.Load() != int64(k) {
			t.Errorf("Do(%d): calls per part (-want +got):\n%s", k, diff)
		}
	}
}

func TestSortFuncSortsLikeTheStandardLibrary(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(5)) // five parts: an odd one is carried over a round
	for _, n := range []int{0, 1, 2, 9, 10, 11, 49, 50, 51, 1000} {
		r := rand.New(rand.NewPCG(uint64(n), 7))
		s := make([]int, n)
		for i := range s {
			s[i] = r.IntN(n/3 + 1) // repeats
		}
		want := slices.Clone(s)
		slices.Sort(want)
		ordered := slices.Clone(s)
		SortFunc(s, 10, cmp.Compare[int])
		if diff := gocmp.Diff(want, s); diff != "" {
			t.Fatalf("SortFunc, n=%d (-want +got):\n%s", n, diff)
		}
		Sort(ordered, 10)
		if diff := gocmp.Diff(want, ordered); diff != "" {
			t.Fatalf("Sort, n=%d (-want +got):\n%s", n, diff)
		}
	}
}
