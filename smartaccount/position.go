package smartaccount

import "strconv"

// Position is the entitlement position of one license in one Virtual
// Account, or across the Smart Account, on the review's date (METHOD.md
// §2).
type Position struct {
	License string `json:"license"`
	// VirtualAccount is "" for the position across the Smart Account.
	VirtualAccount string `json:"virtual_account,omitempty"`
	// Entitled sums the quantities of the entitlement rows that count on
	// the date: status ACTIVE and perpetual or within their term
	// (Entitlement.Counts).
	Entitled int64 `json:"entitled"`
	// Consumed sums the quantities of the product-instance rows.
	Consumed int64 `json:"consumed"`
	// InUse is CSSM's own in-use count where the snapshot has it (the
	// Virtual Account's InUse record, or the sum of them across the Smart
	// Account when every Virtual Account with consumption has one); nil
	// otherwise. A difference from Consumed is an inuse_mismatch finding,
	// never a correction.
	InUse *int64 `json:"in_use,omitempty"`
}

// Balance returns Entitled − Consumed.
func (p Position) Balance() int64 { return p.Entitled - p.Consumed }

// Shortage returns max(0, −Balance): units in use beyond the entitlement.
func (p Position) Shortage() int64 { return max(0, -p.Balance()) }

// Surplus returns max(0, Balance): units entitled and not in use.
func (p Position) Surplus() int64 { return max(0, p.Balance()) }

// positions computes pass 1 of the review (METHOD.md §2): the position of
// every pair with a counting entitlement, a product-instance row or an
// in-use count, and of every license across the Smart Account; and the
// findings shortage, surplus and inuse_mismatch.
func (r *reviewer) positions() {
	x, s := r.x, r.x.snap
	nVA := len(x.vas)
	entitled := make([]int64, len(x.licenses)*nVA)
	for i := range s.Entitlements {
		if e := &s.Entitlements[i]; e.Counts(r.asOf) {
			entitled[x.pair(x.licenseID[e.License], x.vaID[e.VirtualAccount])] += e.Quantity
		}
	}
	consumed := x.consumed
	inUse := make([]int32, len(entitled))
	for i := range inUse {
		inUse[i] = -1
	}
	for i := range s.InUse {
		inUse[x.pair(x.licenseID[s.InUse[i].License], x.vaID[s.InUse[i].VirtualAccount])] = int32(i)
	}
	r.entitled, r.consumed = entitled, consumed

	h := r.h
	h.Licenses = make([]LicenseHygiene, len(x.licenses))
	for l, name := range x.licenses {
		total := Position{License: name}
		var cssm int64
		cssmKnown := true
		for va := range nVA {
			p := x.pair(int32(l), int32(va))
			pos := Position{License: name, VirtualAccount: x.vas[va].Name, Entitled: entitled[p], Consumed: consumed[p]}
			if inUse[p] >= 0 {
				pos.InUse = new(s.InUse[inUse[p]].Quantity)
				cssm += *pos.InUse
			} else if pos.Consumed != 0 {
				cssmKnown = false
			}
			if pos.Entitled == 0 && pos.Consumed == 0 && pos.InUse == nil {
				continue
			}
			total.Entitled += pos.Entitled
			total.Consumed += pos.Consumed
			h.Positions = append(h.Positions, pos)
			r.positionFindings(l, va, &pos, inUse[p])
		}
		if cssmKnown && cssm+total.Consumed > 0 {
			total.InUse = new(cssm)
		}
		h.Licenses[l].Position = total
	}
}

// positionFindings adds the findings of one pair's position: its shortage
// or surplus, resting on the entitlement rows that count and the product-
// instance rows, and a difference from CSSM's in-use count, resting on
// that record and the rows. The product-instance rows are cited as one
// Selection (every row of the pair): a pair can sum thousands of rows, and
// a procurement file that lists each of them for every position is read
// by nobody.
func (r *reviewer) positionFindings(l, va int, pos *Position, inUse int32) {
	x, s := r.x, r.x.snap
	rows := x.Rows(l, va)
	var consumption []Ref
	if len(rows) > 0 {
		consumption = []Ref{Selection(s.Instances[rows[0]].Ref.Source, "virtual_account", pos.VirtualAccount, "license", pos.License)}
	}
	evidence := func(withEntitlements bool, extra ...Ref) []Ref {
		n := len(consumption) + len(extra)
		ents := x.Entitlements(l, va)
		if withEntitlements {
			n += len(ents)
		}
		refs := r.refs.take(n)[:0]
		if withEntitlements {
			for _, e := range ents {
				if s.Entitlements[e].Counts(r.asOf) {
					refs = append(refs, s.Entitlements[e].Ref)
				}
			}
		}
		refs = append(refs, extra...)
		return append(refs, consumption...)
	}
	f := Finding{License: pos.License, VirtualAccount: pos.VirtualAccount}
	if n := pos.Shortage(); n > 0 {
		f.Kind, f.Severity, f.Quantity = KindShortage, SeverityWarning, n
		f.Detail = "Virtual Account " + pos.VirtualAccount + " uses " + units(pos.Consumed) + " of " + pos.License +
			" but holds " + count(pos.Entitled) + ": a shortage of " + units(n) + "."
		f.Evidence = evidence(true)
		r.add(f, int32(l), int32(va))
	} else if n := pos.Surplus(); n > 0 {
		f.Kind, f.Severity, f.Quantity = KindSurplus, SeverityInfo, n
		f.Detail = "Virtual Account " + pos.VirtualAccount + " holds " + units(pos.Entitled) + " of " + pos.License +
			" but uses " + count(pos.Consumed) + ": " + units(n) + " unused there."
		f.Evidence = evidence(true)
		r.add(f, int32(l), int32(va))
	}
	if pos.InUse != nil && *pos.InUse != pos.Consumed {
		f.Kind, f.Severity, f.Quantity = KindInUseMismatch, SeverityWarning, max(*pos.InUse-pos.Consumed, pos.Consumed-*pos.InUse)
		f.Detail = "CSSM counts " + units(*pos.InUse) + " of " + pos.License + " in use in Virtual Account " + pos.VirtualAccount +
			" but its product instances use " + count(pos.Consumed) + "."
		f.Evidence = evidence(false, s.InUse[inUse].Ref)
		r.add(f, int32(l), int32(va))
	}
}

// units returns "1 unit", "2 units".
func units(n int64) string {
	if n == 1 {
		return "1 unit" // most findings: no allocation
	}
	return strconv.FormatInt(n, 10) + " units"
}

// count returns n in decimal.
func count(n int64) string { return strconv.FormatInt(n, 10) }
