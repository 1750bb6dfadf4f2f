package smartaccount_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

var samples sync.Map

func sampleOf(t testing.TB, cfg sample.Params) *dataset.Dataset {
	t.Helper()
	if ds, ok := samples.Load(cfg); ok {
		return ds.(*dataset.Dataset)
	}
	ds, err := sample.Generate(cfg)
	require.NoError(t, err)
	samples.Store(cfg, ds)
	return ds
}

// TestReviewOfTheSample finds each situation the generator plants exactly
// as often as it plants it. The counts are the generator's (sample/catalog.go:
// caseGone, caseDuplicates, caseStale, caseUnmatched, caseOversized,
// caseOversizedISR for the 42,000-instance case; users.go's userSpecs for
// the users), scaled as round(count × n / 42,000): at 1,000 instances 6,000
// → 142.86 → 143, 300 → 7, 400 → 10, 250 → 6, 1,800 → 43, 150 → 4. More
// Virtual Accounts and licenses spread the fleet differently but plant the
// same counts.
func TestReviewOfTheSample(t *testing.T) {
	for _, tc := range []struct {
		cfg                                         sample.Params
		decommissioned, duplicate, stale, unmatched int
		oversizedAdvantage, oversizedISR            int64
	}{
		{sample.Params{Instances: 1000}, 143, 7, 10, 6, 43, 4},
		{sample.Params{Instances: 42000}, 6000, 300, 400, 250, 1800, 150},
		{sample.Params{Instances: 42000, VirtualAccounts: 200, Licenses: 60}, 6000, 300, 400, 250, 1800, 150},
	} {
		n := tc.cfg.Instances
		t.Run(fmt.Sprintf("%d/%d/%d", n, tc.cfg.VirtualAccounts, tc.cfg.Licenses), func(t *testing.T) {
			ds := sampleOf(t, tc.cfg)
			h, err := smartaccount.Review(smartaccount.NewIndex(&ds.Snapshot), smartaccount.ReviewParams{
				AsOf: ds.Options.AsOf, StaleAfterDays: ds.Options.StaleAfterDays, Tiers: ds.Proposal.Tiers,
			})
			require.NoError(t, err)
			assert.Equal(t, n, h.Index().NumInstances())
			assert.Equal(t, tc.decommissioned, h.Count(smartaccount.ClassDecommissioned), "decommissioned, retired or disposed")
			assert.Equal(t, tc.duplicate, h.Count(smartaccount.ClassDuplicate), "duplicates")
			assert.Equal(t, tc.stale, h.Count(smartaccount.ClassStale), "stale")
			assert.Equal(t, tc.unmatched, h.Count(smartaccount.ClassUnmatched), "unmatched")
			assert.Equal(t, n-tc.decommissioned-tc.duplicate-tc.stale-tc.unmatched, h.Count(smartaccount.ClassActive), "active")

			// Right-tiering: C9300 Advantage switches that need Essentials,
			// ISR4K Advantage routers that need ISR4K Essentials.
			got := map[string]int64{}
			for _, p := range h.Oversized {
				got[p.License+" > "+p.Lower] += p.Quantity
			}
			assert.Equal(t, map[string]int64{
				"C9300 DNA Advantage > C9300 DNA Essentials": tc.oversizedAdvantage,
				"ISR4K DNA Advantage > ISR4K DNA Essentials": tc.oversizedISR,
			}, got)

			// Users (userSpecs, counted by hand): 9 administrators of 64 (more
			// than max(3, 6.4)); 4 external (two at the partner, Cisco's
			// account manager, a gmail address); 9 dormant (190, 260, 300,
			// 402, 410 and 545 days, 3 never); 2 roles on the deleted
			// RB-LATAM-BRANCH-PROD, held by two people.
			kinds := map[smartaccount.Kind]int{}
			for _, f := range h.Findings {
				kinds[f.Kind]++
			}
			// CSSM's in-use count differs from the rows in three pairs
			// (sample/inuse.go).
			assert.Equal(t, 3, kinds[smartaccount.KindInUseMismatch], "inuse_mismatch")
			assert.Equal(t, 1, kinds[smartaccount.KindExcessAdmins])
			assert.Equal(t, 4, kinds[smartaccount.KindExternalUser])
			assert.Equal(t, 9, kinds[smartaccount.KindDormantUser])
			assert.Equal(t, 2, kinds[smartaccount.KindOrphanRole])
			assert.Zero(t, kinds[smartaccount.KindNoSAAdmin]+kinds[smartaccount.KindSingleSAAdmin])

			// Every finding cites its records; IDs are unique.
			ids := map[string]bool{}
			for _, f := range h.Findings {
				require.NotEmpty(t, f.Evidence, f.ID())
				require.False(t, ids[f.ID()], "two findings with ID %s", f.ID())
				ids[f.ID()] = true
			}
		})
	}
}

// TestReviewDoesNotDependOnProcessors reviews one sample on one processor
// and on four: NewIndex and pass 2 cut the instances into one part per
// processor (42,000 instances make two parts of more than 16,384), and the
// index and the review must come out the same, finding for finding.
func TestReviewDoesNotDependOnProcessors(t *testing.T) {
	ds := sampleOf(t, sample.Params{Instances: 42000})
	p := smartaccount.ReviewParams{AsOf: ds.Options.AsOf, StaleAfterDays: ds.Options.StaleAfterDays, Tiers: ds.Proposal.Tiers}
	review := func(procs int) *smartaccount.Hygiene {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		h, err := smartaccount.Review(smartaccount.NewIndex(&ds.Snapshot), p)
		require.NoError(t, err)
		return h
	}
	one, four := review(1), review(4)
	require.NotEmpty(t, one.Findings)
	if diff := cmp.Diff(one.Findings, four.Findings, cmp.Comparer(decimal.Decimal.Equal)); diff != "" {
		t.Errorf("findings (-1 processor +4):\n%s", diff)
	}
	assert.Equal(t, one.Licenses, four.Licenses)
	assert.Equal(t, one.Positions, four.Positions)
	assert.Equal(t, one.Oversized, four.Oversized)
	x1, x4 := one.Index(), four.Index()
	require.Equal(t, x1.NumInstances(), x4.NumInstances())
	for i := range x1.NumInstances() {
		if a, b := x1.Instance(i), x4.Instance(i); !assert.Equal(t, a, b, "instance %d", i) || one.Class(i) != four.Class(i) {
			t.Fatalf("instance %d: %v on one processor, %v on four", i, one.Class(i), four.Class(i))
		}
	}
}
