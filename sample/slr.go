package sample

import (
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The roles of air-gapped devices: one for each SLR situation of METHOD.md
// §7. Most devices are agInstalled: reserved, code installed, confirmed.
const (
	agInstalled    uint8 = iota
	agUnreserved         // air_gapped_unreserved: no reservation at all
	agGone               // reserved_on_decommissioned
	agRequested          // request code entered, not yet authorized
	agAuthorized         // authorized a few days ago, not yet installed
	agNotConfirmed       // not_confirmed: authorized over 30 days ago, no confirmation code
	agHalfReturned       // half_returned: return code generated, not returned in CSSM
	agExpiring           // expiring: a term reservation ending before renewal + 90 days
	agOverReserved       // over_reserved: three units where one is needed
	agUpgraded           // an Essentials reservation returned, Advantage installed instead
)

// agRoles are the special roles and their counts in the 42,000-instance
// case; each occurs at least once at every size.
var agRoles = []struct {
	role  uint8
	count int
}{
	{agUnreserved, 15}, {agGone, caseAirGappedGone}, {agRequested, 12}, {agAuthorized, 8},
	{agNotConfirmed, 10}, {agHalfReturned, 6}, {agExpiring, 20}, {agOverReserved, 8},
}

// Term of the expiring reservations: it ends before renewal + 90 days.
var (
	expiringStart = civil(2024, 3, 1)
	expiringEnd   = civil(2027, 2, 28)
)

// planAirGapped gives the devices of the air-gapped Virtual Accounts their
// roles, at random: first the upgraded ones (C9300 DNA Advantage devices),
// then agRoles in order; the rest are agInstalled.
func (g *generator) planAirGapped() {
	var idx []int
	for i := range g.devs {
		if g.devs[i].cat == catAirGapped {
			idx = append(idx, i)
		}
	}
	g.rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	rest := make([]int, 0, len(idx))
	upgraded := g.atLeastOne(caseUpgraded)
	for _, i := range idx {
		if upgraded > 0 && g.devs[i].lic == licAdv {
			g.devs[i].ag = agUpgraded
			upgraded--
		} else {
			rest = append(rest, i)
		}
	}
	for _, r := range agRoles {
		for range g.atLeastOne(r.count) {
			if len(rest) == 0 {
				return
			}
			d := &g.devs[rest[0]]
			rest = rest[1:]
			d.ag = r.role
			if r.role == agGone {
				d.status = smartaccount.FootprintDecommissioned
			}
		}
	}
}

// reservations returns the SLR reservations of the air-gapped devices and
// of the misplaced ones, in device order, and counts the units they hold.
func (g *generator) reservations() []smartaccount.Reservation {
	rows := make([]smartaccount.Reservation, 0, g.scale(caseAirGapped)+g.atLeastOne(caseUpgraded))
	for i := range g.devs {
		d := &g.devs[i]
		if (d.cat != catAirGapped && d.cat != catMisplaced) || d.ag == agUnreserved {
			continue
		}
		if d.ag == agUpgraded {
			rows = g.appendReservation(rows, i, licEss, smartaccount.Returned)
		}
		state := smartaccount.Installed
		switch d.ag {
		case agRequested:
			state = smartaccount.Requested
		case agAuthorized, agNotConfirmed:
			state = smartaccount.Authorized
		case agHalfReturned:
			state = smartaccount.ReturnRequested
		}
		rows = g.appendReservation(rows, i, int(d.lic), state)
	}
	return rows
}

func (g *generator) appendReservation(rows []smartaccount.Reservation, i, lic int, state smartaccount.ReservationState) []smartaccount.Reservation {
	d := &g.devs[i]
	udi := g.udi(i)
	r := smartaccount.Reservation{
		UDI:            udi,
		VirtualAccount: g.vas[d.va].name,
		License:        g.lics[lic].name,
		Tag:            g.lics[lic].tag,
		Quantity:       1,
		Type:           smartaccount.Perpetual,
		State:          state,
		RequestCode:    g.requestCode(udi, int(d.lic)),
		AirGap:         g.vas[d.va].airGap,
		Ref:            ref(dataset.ReservationsFile, len(rows)),
	}
	if d.cat == catMisplaced {
		r.AirGap = smartaccount.Restricted
	}
	// Authorized some days ago, never before the device was registered.
	authorized := func(lo, hi int) int32 { return max(g.day-int32(between(g.rng, lo, hi)), d.registered) }
	switch {
	case state == smartaccount.Requested:
	case d.ag == agAuthorized:
		r.AuthorizationDate = dayDate(authorized(2, 25))
	case d.ag == agNotConfirmed:
		r.AuthorizationDate = dayDate(authorized(45, 240))
	case state == smartaccount.Returned:
		// The Essentials reservation an upgrade replaced: returned long ago.
		r.AuthorizationDate = dayDate(authorized(700, 1200))
		r.ConfirmationCode = g.confirmationCode()
		r.ReturnCode = g.returnCode()
	default:
		r.AuthorizationDate = dayDate(authorized(60, 650))
		r.ConfirmationCode = g.confirmationCode()
		if state == smartaccount.ReturnRequested {
			r.ReturnCode = g.returnCode()
		}
	}
	if !r.AuthorizationDate.IsZero() {
		r.Start = r.AuthorizationDate
	}
	switch d.ag {
	case agExpiring:
		r.Type, r.Start, r.End = smartaccount.Term, expiringStart, expiringEnd
	case agOverReserved:
		r.Quantity = 3
	}
	if state == smartaccount.Authorized || state == smartaccount.Installed || state == smartaccount.ReturnRequested {
		t := 0
		if r.Type == smartaccount.Term {
			t = 1
		}
		g.reserved[d.va][lic][t] += int(r.Quantity)
	}
	return append(rows, r)
}

// requestCode returns a request code in the form devices print:
// <prefix>-Z<PID>:<SN>-<opaque>-<2 hex>.
func (g *generator) requestCode(u smartaccount.UDI, lic int) string {
	prefix := "CB"
	if lic == licISR {
		prefix = "DB"
	}
	b := make([]byte, 0, 48)
	b = append(b, prefix...)
	b = append(b, "-Z"...)
	b = append(b, u.PID...)
	b = append(b, ':')
	b = append(b, u.Serial...)
	b = append(b, '-')
	b = g.appendRandom(b, alnum, 9)
	b = append(b, '-')
	b = g.appendRandom(b, hexDigits, 2)
	return string(b)
}

// confirmationCode returns eight hex digits, as `show license reservation` prints it.
func (g *generator) confirmationCode() string { return string(g.appendRandom(nil, hexDigits, 8)) }

// returnCode returns a return code: dash-joined groups of base64-like characters.
func (g *generator) returnCode() string {
	b := make([]byte, 0, 80)
	for i := range 11 {
		if i > 0 {
			b = append(b, '-')
		}
		n := 6
		if i == 10 {
			n = 3
		}
		b = g.appendRandom(b, base64ish, n)
	}
	return string(b)
}

const (
	hexDigits = "0123456789abcdef"
	alnum     = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	base64ish = alnum + "+/"
)

func (g *generator) appendRandom(b []byte, alphabet string, n int) []byte {
	for range n {
		b = append(b, alphabet[g.rng.IntN(len(alphabet))])
	}
	return b
}
