package sample

import (
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// inUseMismatches are the pairs where CSSM's own in-use count differs from
// the product instances (METHOD.md §2, inuse_mismatch), with the
// difference in the 42,000-instance case (scaled, at least 1): a count
// that still includes instances removed from the device list, one that
// lags behind new registrations, and a count on routers CSSM has not
// refreshed.
var inUseMismatches = []struct {
	va    string
	lic   int
	delta int
}{
	{"RB-AMER-BRANCH-PROD", licAdv, +12},
	{"GT-EMEA-DC-PROD", licAdv, -5},
	{"CIB-EMEA-TRADING-PROD", licISR, +3},
}

// inUse returns CSSM's in-use count of every license a Virtual Account
// holds or uses, in account then license order: the number of its
// product-instance rows, but for inUseMismatches. It draws nothing from the
// random source, and must run after entitlements.
func (g *generator) inUse() []smartaccount.InUse {
	var rows []smartaccount.InUse
	for v, s := range g.vas {
		for l := range g.lics {
			if g.consumed[v][l] == 0 && !g.holds[v][l] {
				continue
			}
			n := g.consumed[v][l]
			for _, m := range inUseMismatches {
				if m.va == s.name && m.lic == l {
					d := g.atLeastOne(max(m.delta, -m.delta))
					if m.delta < 0 {
						d = -min(d, n)
					}
					n += d
				}
			}
			rows = append(rows, smartaccount.InUse{
				VirtualAccount: s.name, License: g.lics[l].name, Quantity: int64(n),
				Ref: ref(dataset.InUseFile, len(rows)),
			})
		}
	}
	return rows
}
