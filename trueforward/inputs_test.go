package trueforward

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func TestNewInputs(t *testing.T) {
	asOf := day(2026, 11, 1)
	ent := func(line int, va, license string, q int64, status string) smartaccount.Entitlement {
		return smartaccount.Entitlement{VirtualAccount: va, License: license, Type: smartaccount.Subscription, Quantity: q,
			Start: day(2022, 1, 1), End: day(2026, 12, 31), Status: status, Ref: smartaccount.Ref{Source: "entitlements.csv", Line: line}}
	}
	inst := func(line int, va, license string, q int64) smartaccount.ProductInstance {
		return smartaccount.ProductInstance{VirtualAccount: va, License: license, Quantity: q, Ref: smartaccount.Ref{Source: "product_instances.csv", Line: line}}
	}
	expired := ent(5, "Core", "Both", 40, "")
	expired.End = day(2026, 10, 31)
	s := &smartaccount.Snapshot{
		Entitlements: []smartaccount.Entitlement{
			ent(2, "Core", "Both", 100, ""),
			ent(3, "Branch", "Both", 20, "ACTIVE"),
			ent(4, "Core", "Both", 7, "EXPIRED"), // does not count
			expired,                              // ended before as_of: does not count
			ent(6, "Core", "Sub only", 10, ""),
			ent(7, "Core", "Perpetual", 3, ""),
			ent(8, "Core", "Lapsed", 9, "EXPIRED"), // named, but nothing counts
		},
		Instances: []smartaccount.ProductInstance{
			inst(2, "Core", "Both", 90), inst(3, "Branch", "Both", 35),
			inst(4, "Core", "Sub only", 12),
			inst(5, "Core", "Unentitled", 2), inst(6, "Branch", "Unentitled", 1),
			inst(7, "Core", "Lapsed", 4),
		},
		Footprint: []smartaccount.Device{{Ref: smartaccount.Ref{Source: "footprint.csv", Line: 2}}},
		// Licenses the index numbers too, which the review does not: no
		// entitlement, product instance or proposal line names them.
		InUse:        []smartaccount.InUse{{VirtualAccount: "Core", License: "In use only", Quantity: 4}},
		Reservations: []smartaccount.Reservation{{VirtualAccount: "Core", License: "Reserved only", Quantity: 1}},
	}
	p := &pricing.Proposal{
		StartDate: day(2027, 1, 1), TermYears: 5,
		Lines: []pricing.Line{
			{License: "Both", Category: pricing.Subscription, Quantity: 120, UnitPrice: dec("37.40")},
			{License: "Both", Category: pricing.TrueForward, Quantity: 15, UnitPrice: dec("38.00"), Uplift: dec("0.25")},
			{License: "Both", Category: pricing.TrueForward, Quantity: 1, UnitPrice: dec("99.00"), Uplift: dec("0.40")}, // not the first
			{License: "Sub only", Category: pricing.Subscription, Quantity: 10, UnitPrice: dec("21.80")},
			{License: "TF only", Category: pricing.TrueForward, Quantity: 5, UnitPrice: dec("14.60"), Uplift: dec("0.30")},
			{License: "DNA Center Appliance Support", Category: pricing.Support, Quantity: 1, UnitPrice: dec("2100.00")},
		},
	}
	f := &Forecast{}
	x := smartaccount.NewIndex(s)
	in, err := NewInputs(x, p, f, asOf)
	require.NoError(t, err)
	e := func(lines ...int) []smartaccount.Ref {
		refs := make([]smartaccount.Ref, len(lines))
		for i, l := range lines {
			refs[i] = smartaccount.Ref{Source: "entitlements.csv", Line: l}
		}
		return refs
	}
	want := []License{
		// 100 + 20 count; 90 + 35 consumed. p(L) from the first true-forward line.
		{Name: "Both", Entitled: 120, Consumed: 125, Price: price("38.00"), Premium: dec("0.25"), SubscriptionPrice: price("37.40"), Evidence: e(2, 3)},
		// Nothing counts and no line prices it: no price.
		{Name: "Lapsed", Consumed: 4, Evidence: []smartaccount.Ref{{Source: "product_instances.csv", Line: 7}}},
		{Name: "Perpetual", Entitled: 3, Evidence: e(7)},
		// Priced from its subscription line, at the vendor's true-forward premium (the first true-forward line's).
		{Name: "Sub only", Entitled: 10, Consumed: 12, Price: price("21.80"), Premium: dec("0.25"), SubscriptionPrice: price("21.80"), Evidence: e(6)},
		{Name: "TF only", Price: price("14.60"), Premium: dec("0.30")},
		// No entitlement: its instance rows are the evidence.
		{Name: "Unentitled", Consumed: 3, Evidence: []smartaccount.Ref{{Source: "product_instances.csv", Line: 5}, {Source: "product_instances.csv", Line: 6}}},
	}
	if diff := cmp.Diff(want, in.Licenses, rowsOnly); diff != "" {
		t.Errorf("licenses (-want +got):\n%s", diff)
	}
	assert.Equal(t, Contract{Start: day(2027, 1, 1), TermYears: 5}, in.Contract)
	assert.Same(t, x, in.Index, "the shared index, not a copy")
	assert.Same(t, f, in.Forecast)

	_, err = NewInputs(x, &pricing.Proposal{TermYears: 5}, nil, asOf)
	assert.EqualError(t, err, "start_date: missing: the true-forward milestones are anniversaries of the contract start")
	_, err = NewInputs(nil, p, nil, asOf)
	assert.Error(t, err)
	_, err = NewInputs(x, p, nil, day(1, 1, 1))
	assert.Error(t, err, "no as-of date")
}
