package trueforward

import (
	"errors"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// NewInputs builds the inputs of Review from a snapshot read through the
// index every review shares, the vendor's proposal and the buyer's forecast
// (nil: none), so that callers need not.
//
// The contract is the proposal's (ContractOf). The licenses are every
// license an entitlement row (of any status), a product-instance row or a
// subscription or true-forward line names, sorted by name; support lines
// are not licenses. Per license:
//
//   - Entitled sums the entitlement rows that count on asOf (METHOD.md §2)
//     over every Virtual Account, and Evidence cites them; a license with
//     none cites its product-instance rows instead, which are then all of
//     its overage. Evidence is sorted by Ref, whatever the order of the
//     rows.
//   - Consumed is Σ_v consumed(L, v), the index's (Index.Consumed).
//   - Price, p(L), is the unit price of the license's first true-forward
//     line, else of its first subscription line; with neither, it is not
//     Valid and the license is not charged. Premium is that true-forward
//     line's uplift; a license priced from a subscription line takes the
//     premium of the proposal's first true-forward line (the vendor's
//     true-forward premium), or 0 when it has none.
//   - SubscriptionPrice is the unit price of its first subscription line.
//
// Index is x itself.
func NewInputs(x *smartaccount.Index, p *pricing.Proposal, f *Forecast, asOf time.Time) (*Inputs, error) {
	switch {
	case x == nil:
		return nil, errors.New("trueforward: inputs: no snapshot index")
	case asOf.IsZero():
		return nil, errors.New("trueforward: inputs: no as-of date")
	}
	c, err := ContractOf(p)
	if err != nil {
		return nil, err
	}
	asOf = civil(asOf)
	s := x.Snapshot()
	licenses := map[string]*License{}
	get := func(name string) *License {
		l := licenses[name]
		if l == nil && name != "" {
			l = &License{Name: name}
			licenses[name] = l
		}
		return l
	}
	names, vas := x.Licenses(), len(x.VirtualAccounts())
	counted := make([]bool, len(names)) // by the index's number: licenses with an entitlement row that counts
	for i := range s.Entitlements {
		e := &s.Entitlements[i]
		l := get(e.License)
		if l == nil || !e.Counts(asOf) {
			continue
		}
		n, _ := x.License(e.License) // the index names every entitlement's license
		counted[n] = true
		l.Entitled = addUnits(l.Entitled, min(max(e.Quantity, 0), MaxQuantity))
		l.Evidence = append(l.Evidence, e.Ref)
	}
	// Consumption is the index's, per Virtual Account: only a license with
	// no entitlement that counts reads its rows, to cite them.
	for n, name := range names {
		rows := 0
		for v := range vas {
			rows += len(x.Rows(n, v))
		}
		if rows == 0 {
			continue // named by an in-use count or a reservation only
		}
		l := get(name)
		if l == nil {
			continue
		}
		for v := range vas {
			l.Consumed = addUnits(l.Consumed, min(max(x.Consumed(n, v), 0), MaxQuantity))
			if !counted[n] {
				for _, r := range x.Rows(n, v) {
					l.Evidence = append(l.Evidence, s.Instances[r].Ref)
				}
			}
		}
	}
	var vendorPremium decimal.NullDecimal
	trueForward := map[string]bool{}
	for _, line := range p.Lines {
		if line.Category != pricing.TrueForward && line.Category != pricing.Subscription {
			continue
		}
		l := get(line.License)
		if l == nil {
			continue
		}
		switch line.Category {
		case pricing.TrueForward:
			if !vendorPremium.Valid {
				vendorPremium = decimal.NewNullDecimal(line.Uplift)
			}
			if !trueForward[l.Name] {
				trueForward[l.Name] = true
				l.Price, l.Premium = decimal.NewNullDecimal(line.UnitPrice), line.Uplift
			}
		case pricing.Subscription:
			if !l.SubscriptionPrice.Valid {
				l.SubscriptionPrice = decimal.NewNullDecimal(line.UnitPrice)
			}
		}
	}
	in := &Inputs{Contract: c, Index: x, Forecast: f}
	for _, name := range sortedNames(licenses) {
		l := licenses[name]
		if !slices.IsSortedFunc(l.Evidence, compareRefs) { // rows out of file order
			slices.SortStableFunc(l.Evidence, compareRefs)
		}
		if !trueForward[name] && l.SubscriptionPrice.Valid {
			l.Price, l.Premium = l.SubscriptionPrice, vendorPremium.Decimal
		}
		in.Licenses = append(in.Licenses, *l)
	}
	return in, nil
}

func sortedNames(m map[string]*License) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
