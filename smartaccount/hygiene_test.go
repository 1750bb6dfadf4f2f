package smartaccount

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReviewRejectsBadParamsAndInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(b *builder)
		p     ReviewParams
		want  string
	}{
		{"no date", nil, ReviewParams{}, "smartaccount: review: AsOf is required"},
		{"negative stale days", nil, ReviewParams{AsOf: reviewDate, StaleAfterDays: new(-1)}, "smartaccount: review: StaleAfterDays -1 is negative"},
		{"negative dormant days", nil, ReviewParams{AsOf: reviewDate, DormantDays: new(-30)}, "smartaccount: review: DormantDays -30 is negative"},
		{
			"negative entitlement", func(b *builder) { b.ent("Core", adv, Perpetual, -2, "", "", "") },
			ReviewParams{AsOf: reviewDate}, `entitlements.csv:2: quantity "-2": is negative`,
		},
		{
			"negative usage", func(b *builder) {
				b.inst(row{serial: "A", va: "Core", license: adv})
				b.inst(row{serial: "B", va: "Core", license: adv, qty: -1})
			},
			ReviewParams{AsOf: reviewDate}, `product_instances.csv:3: quantity "-1": is negative`,
		},
		// 40,000 rows are read in parts of at least 16,384 (two on a
		// machine of two cores or more): the first negative row in slice
		// order is named, whichever part holds it.
		{
			"negative usage in a later part of the rows", func(b *builder) { manyRows(b, 40000, 30000) },
			ReviewParams{AsOf: reviewDate}, `product_instances.csv:30002: quantity "-3": is negative`,
		},
		{
			"the first of several negative usages", func(b *builder) { manyRows(b, 40000, 35000, 12, 7) },
			ReviewParams{AsOf: reviewDate}, `product_instances.csv:9: quantity "-3": is negative`,
		},
		{
			"negative in-use count", func(b *builder) { b.inUse("Core", adv, -5) },
			ReviewParams{AsOf: reviewDate}, `in_use.csv:2: quantity "-5": is negative`,
		},
		{
			"two in-use counts for a pair", func(b *builder) { b.inUse("Core", adv, 5); b.inUse("Core", hsec, 1); b.inUse("Core", adv, 6) },
			ReviewParams{AsOf: reviewDate}, `in_use.csv:4: license: a second in-use count of "C9300 DNA Advantage" in Virtual Account "Core" (the first is in_use.csv:2)`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBuilder(t, VirtualAccount{Name: "Core"})
			if tc.build != nil {
				tc.build(b)
			}
			h, err := Review(NewIndex(&b.s), tc.p)
			assert.Nil(t, h)
			require.EqualError(t, err, tc.want)
			var pe *ParseError
			if errors.As(err, &pe) {
				assert.NotZero(t, pe.Line, "a positioned error names the line")
			}
		})
	}
}

// manyRows adds n product-instance rows, each its own device, those at the
// given positions with quantity -3.
func manyRows(b *builder, n int, negative ...int) {
	for i := range n {
		b.inst(row{serial: fmt.Sprintf("FCW%06d", i), va: "Core", license: adv})
	}
	for _, i := range negative {
		b.s.Instances[i].Quantity = -3
	}
}

func TestClassText(t *testing.T) {
	for c := ClassDecommissioned; c <= ClassActive; c++ {
		b, err := c.MarshalText()
		require.NoError(t, err)
		var back Class
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, c, back)
	}
	assert.Equal(t, "duplicate", ClassDuplicate.String())
	_, err := ParseClass("gone")
	var ue *UnknownValueError
	assert.ErrorAs(t, err, &ue)
}

// TestEveryFindingHasEvidence walks every finding of the hand-built
// reviews: each cites at least one record, and no two share an ID.
func TestEveryFindingHasEvidence(t *testing.T) {
	withUsers := cleanupCase(t)
	withUsers.user("a@example.com", SmartAccountAdmin, "", "")
	withUsers.user("b@partner.net", VirtualAccountUser, "Gone", "")
	for name, h := range map[string]*Hygiene{
		"positions": positionCase(t).review(ReviewParams{}),
		"clean-up":  withUsers.review(ReviewParams{Tiers: tiers}),
		"reclaimed": cleanupCase(t).review(ReviewParams{Tiers: tiers, ReclaimStale: true}),
	} {
		t.Run(name, func(t *testing.T) {
			require.NotEmpty(t, h.Findings)
			checkFindings(t, h.Findings)
		})
	}
}

// checkFindings asserts that every finding has evidence, a kind, a
// severity and a detail, and a unique ID.
func checkFindings(t *testing.T, fs []Finding) {
	t.Helper()
	ids := map[string]bool{}
	for i := range fs {
		f := &fs[i]
		if len(f.Evidence) == 0 || f.Kind == "" || f.Severity == 0 || f.Detail == "" {
			t.Fatalf("finding %d (%s) lacks evidence, kind, severity or detail: %+v", i, f.ID(), f)
		}
		for _, r := range f.Evidence {
			if r.Source == "" || (r.Line == 0 && r.Record == "") {
				t.Fatalf("finding %s cites %+v, no record", f.ID(), r)
			}
		}
		if ids[f.ID()] {
			t.Fatalf("two findings with ID %s", f.ID())
		}
		ids[f.ID()] = true
	}
}
