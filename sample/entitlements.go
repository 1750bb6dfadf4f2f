package sample

import (
	"strconv"
	"time"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The terms of the entitlements. The main subscriptions co-terminate on the
// eve of the renewal.
var (
	subStart, subEnd         = civil(2022, time.January, 1), civil(2026, time.December, 31)
	termStart, termEnd       = civil(2024, time.July, 1), civil(2027, time.June, 30)
	perpetualStart           = civil(2021, time.March, 15)
	lapsedStart, lapsedEnd   = civil(2023, time.August, 1), civil(2026, time.July, 31)
	pendingStart, pendingEnd = civil(2026, time.November, 15), civil(2031, time.November, 14)
	oldStart, oldEnd         = civil(2021, time.June, 1), civil(2024, time.May, 31)
	demoStart, demoEnd       = civil(2026, time.August, 1), civil(2026, time.September, 30)
	futureStart, futureEnd   = civil(2027, time.January, 1), civil(2031, time.December, 31)
)

// entitlements returns the entitlement rows per Virtual Account and license.
// A connected account holds entPct % of the consumption the hygiene reclaim
// keeps (so its position after the reclaim is a surplus or a shortage by
// design), as a subscription plus, when large enough, a term purchase; DNA
// HSEC is perpetual. The pool holds licenses bought centrally; the
// air-gapped accounts hold what their reservations draw. Some rows do not
// count on as_of: lapsed terms, pending and expired orders, an old demo, a
// co-termed renewal that starts with the new contract.
func (g *generator) entitlements() []smartaccount.Entitlement {
	var rows []smartaccount.Entitlement
	add := func(v, l int, typ smartaccount.LicenseType, qty int, start, end time.Time, status string) {
		if qty <= 0 {
			return
		}
		e := smartaccount.Entitlement{
			VirtualAccount: g.vas[v].name,
			License:        g.lics[l].name,
			Tag:            g.lics[l].tag,
			Type:           typ,
			Quantity:       int64(qty),
			Start:          start,
			End:            end,
			Status:         status,
			Ref:            ref(dataset.EntitlementsFile, len(rows)),
		}
		if typ == smartaccount.Subscription {
			e.SubscriptionID = "Sub" + strconv.Itoa(104000+37*v)
		}
		if e.Counts(asOf) {
			g.entitled[v][l] += qty
		}
		g.holds[v][l] = true
		rows = append(rows, e)
	}
	const active = smartaccount.EntitlementActive
	for v, s := range g.vas {
		switch {
		case s.name == vaPool:
			add(v, licAdv, smartaccount.Subscription, g.scale(900), subStart, subEnd, active)
			add(v, licEss, smartaccount.Term, g.scale(300), termStart, termEnd, active)
			continue
		case s.env == smartaccount.AirGapped:
			for l := range g.lics {
				add(v, l, smartaccount.Perpetual, g.reserved[v][l][0], perpetualStart, time.Time{}, active)
				add(v, l, smartaccount.Term, g.reserved[v][l][1], expiringStart, expiringEnd, active)
			}
			continue
		}
		for l := range g.lics {
			if g.consumed[v][l] == 0 {
				continue
			}
			e := (g.kept[v][l]*s.entPct + 50) / 100
			switch {
			case l == licHSEC:
				add(v, l, smartaccount.Perpetual, e, perpetualStart, time.Time{}, active)
			case e >= 20:
				add(v, l, smartaccount.Subscription, e-e/5, subStart, subEnd, active)
				add(v, l, smartaccount.Term, e/5, termStart, termEnd, active)
			default:
				add(v, l, smartaccount.Subscription, e, subStart, subEnd, active)
			}
			switch {
			case l == licAdv && v%5 == 0:
				add(v, l, smartaccount.Term, max(1, e/10), lapsedStart, lapsedEnd, active)
			case l == licAdv && v%7 == 3:
				add(v, l, smartaccount.Subscription, max(1, e/20), pendingStart, pendingEnd, "PENDING")
			case l == licC9200 && v%4 == 1:
				add(v, l, smartaccount.Term, max(1, e/8), oldStart, oldEnd, "EXPIRED")
			}
			switch {
			case l == licAdv && s.name == vaLab:
				add(v, l, smartaccount.Demo, g.atLeastOne(10), demoStart, demoEnd, active)
			case l == licEss && s.name == vaMisplaced:
				add(v, l, smartaccount.Term, g.atLeastOne(120), futureStart, futureEnd, active)
			}
		}
	}
	return rows
}
