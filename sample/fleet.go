package sample

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The category of a device: what the footprint and CSSM say of it.
const (
	catActive     uint8 = iota // in service, registered once, matched
	catGone                    // decommissioned, retired or disposed
	catStale                   // in service, but CSSM has not heard from it in over 180 days
	catUnmatched               // registered but not in the footprint
	catFootprint               // in the footprint only: planned or spare
	catAirGapped               // in an air-gapped Virtual Account, with one of the ag… roles
	catMisplaced               // air-gapped, but registered in a connected Virtual Account
	catDuplicated              // in service, also registered in a second Virtual Account
)

// Device flags.
const (
	flagHSEC      uint8 = 1 << iota // uses DNA HSEC beside its primary license
	flagOversized                   // needs the lower tier of its license
)

// The SLP reporting profiles that spread the instances over the statuses of
// METHOD.md §6 (under the Cisco default policy, DNA licenses report every 90
// days).
const (
	profOK         uint8 = iota // reported and acknowledged recently
	profDueSoon                 // next report due within 14 days
	profOverdue                 // next report past due
	profAckMissing              // reported, acknowledgement not back
	profNever                   // never reported
)

var profileWeights = []int{62, 9, 11, 10, 8}

// device is the plan of one device; strings and dates are made from it when
// the records are written.
type device struct {
	inService  int32 // day number; 0 = not given
	registered int32 // day number; 0 = not registered
	va         uint16
	lic        uint8 // primary license
	pid        uint8 // index into g.lics[lic].pids
	site       uint8 // index into regionSites[region]
	cat        uint8
	flags      uint8
	status     smartaccount.FootprintStatus
	growth     smartaccount.GrowthSource
	transport  smartaccount.Transport
	profile    uint8
	ag         uint8 // the ag… role of an air-gapped device
}

// duplicate is a second registration of devs[src] in another Virtual Account.
type duplicate struct {
	src int32
	va  uint16
}

// generator holds the plan of one sample.
type generator struct {
	n   int
	rng *rand.Rand
	day int32 // as_of's day number

	// The Virtual Accounts and licenses: the case's, then those Params
	// adds; primaries lists the licenses devices run on (all but DNA HSEC).
	vas       []vaSpec
	lics      []licenseSpec
	primaries []int

	devs []device
	// segment[v] is the range of devs in Virtual Account v.
	segment [][2]int
	dups    []duplicate
	// The serial numbers of devs, 11 bytes each, and their hostnames, the
	// i-th ending at hostEnds[i]: one backing string each.
	serialText, hostText string
	hostEnds             []int32

	// consumed and kept count instance rows per Virtual Account and
	// license: all of them, and those the hygiene reclaim keeps.
	consumed, kept [][]int
	// reserved counts the units held by reservations per Virtual Account,
	// license and type (perpetual, term).
	reserved [][][2]int
	// entitled counts the entitlement that counts on as_of, per Virtual
	// Account and license: what the vendor's proposal renews; holds says
	// whether the account has any entitlement row of the license.
	entitled [][]int
	holds    [][]bool
}

// newGenerator plans a sample of n instances with the case's Virtual
// Accounts and licenses and, beyond them, vas and lics in all.
func newGenerator(n, vas, lics int) *generator {
	g := &generator{
		n:    n,
		rng:  rand.New(rand.NewPCG(seed1, seed2)),
		day:  dayOf(asOf),
		vas:  append(slices.Clip(vaSpecs), extraVirtualAccounts(vas-len(vaSpecs))...),
		lics: append(caseLicenses(), extraLicenses()[:lics-numLicenses]...),
	}
	for l := range g.lics {
		if l != licHSEC {
			g.primaries = append(g.primaries, l)
		}
	}
	perVA := func() [][]int {
		out := make([][]int, len(g.vas))
		for v := range out {
			out[v] = make([]int, len(g.lics))
		}
		return out
	}
	g.segment = make([][2]int, len(g.vas))
	g.consumed, g.kept, g.entitled = perVA(), perVA(), perVA()
	g.reserved = make([][][2]int, len(g.vas))
	g.holds = make([][]bool, len(g.vas))
	for v := range g.vas {
		g.reserved[v] = make([][2]int, len(g.lics))
		g.holds[v] = make([]bool, len(g.lics))
	}
	return g
}

// plan lays out every device: Virtual Account, license, hardware, what the
// footprint says of it, its dates, transport and reporting profile.
func (g *generator) plan() {
	dupCount := g.scale(caseDuplicates)
	agTotal := g.scale(caseAirGapped)
	misplaced := g.atLeastOne(caseMisplaced)
	registered := g.n - dupCount
	connected := registered - (agTotal - misplaced)
	footprintOnly := g.scale(casePlanned) + g.scale(caseSpare)
	g.devs = make([]device, 0, registered+footprintOnly)

	// Connected Virtual Accounts: license totals first, then each license
	// over the accounts by weight × mix.
	shares := make([]int, len(g.primaries))
	for p, l := range g.primaries {
		shares[p] = g.lics[l].share
	}
	licTotals := apportion(connected, shares)
	cells := make([][]int, len(g.primaries)) // per primary license and Virtual Account
	for p := range cells {
		w := make([]int, len(g.vas))
		for v, s := range g.vas {
			if s.env != smartaccount.AirGapped {
				w[v] = s.weight * g.mixWeight(v, p)
			}
		}
		cells[p] = apportion(licTotals[p], w)
	}
	// Air-gapped Virtual Accounts: their share of the segment, then the mix.
	agWeights := make([]int, len(g.vas))
	for v, s := range g.vas {
		if s.env == smartaccount.AirGapped {
			agWeights[v] = s.weight
		}
	}
	agPerVA := apportion(agTotal-misplaced, agWeights)
	for v, s := range g.vas {
		if s.env == smartaccount.AirGapped {
			for p, c := range apportion(agPerVA[v], s.mix[:]) {
				cells[p][v] = c
			}
		}
	}

	for v, s := range g.vas {
		start := len(g.devs)
		for p, l := range g.primaries {
			for range cells[p][v] {
				d := device{va: uint16(v), lic: uint8(l), cat: catActive}
				d.pid = uint8(g.rng.IntN(len(g.lics[l].pids)))
				d.site = uint8(g.rng.IntN(len(regionSites[s.region])))
				if s.env == smartaccount.AirGapped {
					d.cat = catAirGapped
				}
				g.devs = append(g.devs, d)
			}
		}
		seg := g.devs[start:]
		g.rng.Shuffle(len(seg), func(i, j int) { seg[i], seg[j] = seg[j], seg[i] })
		g.segment[v] = [2]int{start, len(g.devs)}
	}

	g.markMisplaced(misplaced)
	g.planAirGapped()
	g.planHygiene(dupCount)
	g.planFootprintOnly()
	g.planDates()
	g.planReporting()
	g.text()
}

// markMisplaced turns the first C9300 DNA Advantage devices of vaMisplaced
// into air-gapped devices registered there by mistake.
func (g *generator) markMisplaced(k int) {
	seg := g.segment[vaIndex(vaMisplaced)]
	for i := seg[0]; i < seg[1] && k > 0; i++ {
		if g.devs[i].lic == licAdv {
			g.devs[i].cat = catMisplaced
			k--
		}
	}
}

// vaIndex returns the index in vaSpecs of the named Virtual Account.
func vaIndex(name string) int {
	for i, s := range vaSpecs {
		if s.name == name {
			return i
		}
	}
	return -1
}

// pick marks k devices, chosen at random among those eligible, each with a
// chance in proportion to weight (at most maxWeight). It stops early only if
// fewer than k devices are eligible. mark must make a device ineligible.
func (g *generator) pick(k int, eligible func(*device) bool, weight func(*device) int, maxWeight int, mark func(i int)) {
	avail := 0
	for i := range g.devs {
		if eligible(&g.devs[i]) && weight(&g.devs[i]) > 0 {
			avail++
		}
	}
	for k = min(k, avail); k > 0; {
		i := g.rng.IntN(len(g.devs))
		if d := &g.devs[i]; !eligible(d) {
			continue
		} else if w := weight(d); w <= 0 || g.rng.IntN(maxWeight) >= w {
			continue
		}
		mark(i)
		k--
	}
}

func uniform(*device) int { return 1 }

// planHygiene chooses the devices behind the clean-up findings of METHOD.md
// §3 among the connected fleet: decommissioned, stale, unmatched and
// duplicated devices, oversized ones, DNA HSEC add-ons and the recent
// growth with its sources.
func (g *generator) planHygiene(dupCount int) {
	active := func(d *device) bool { return d.cat == catActive }
	gone := g.scale(caseGone) - g.atLeastOne(caseAirGappedGone) // the rest are air-gapped
	g.pick(gone, active, func(d *device) int { return g.vas[d.va].decomBias }, 3, func(i int) {
		d := &g.devs[i]
		d.cat = catGone
		switch r := g.rng.IntN(100); {
		case r < 60:
			d.status = smartaccount.FootprintDecommissioned
		case r < 85:
			d.status = smartaccount.FootprintRetired
		default:
			d.status = smartaccount.FootprintDisposed
		}
	})
	g.pick(g.scale(caseStale), active, func(d *device) int {
		if w := g.vas[d.va].workload; w == smartaccount.Development || w == smartaccount.Staging {
			return 3
		}
		return 1
	}, 3, func(i int) { g.devs[i].cat = catStale })
	g.pick(g.scale(caseUnmatched), active, uniform, 1, func(i int) { g.devs[i].cat = catUnmatched })
	g.pick(dupCount, active, uniform, 1, func(i int) {
		g.devs[i].cat = catDuplicated
		g.dups = append(g.dups, duplicate{src: int32(i), va: g.otherVA(g.devs[i].va)})
	})

	// DNA HSEC: on routers first, the rest on C9300 DNA Advantage switches.
	withoutFlag := func(lic uint8, flag uint8) func(*device) bool {
		return func(d *device) bool {
			return d.lic == lic && d.flags&flag == 0 && d.cat != catAirGapped && d.cat != catMisplaced
		}
	}
	setFlag := func(flag uint8) func(int) { return func(i int) { g.devs[i].flags |= flag } }
	g.pick(g.scale(caseHSECRouters), withoutFlag(licISR, flagHSEC), uniform, 1, setFlag(flagHSEC))
	g.pick(g.scale(caseHSEC)-g.countFlag(flagHSEC), withoutFlag(licAdv, flagHSEC), uniform, 1, setFlag(flagHSEC))

	// Oversized: in service, registered once, but needing the lower tier.
	inService := func(lic uint8) func(*device) bool {
		return func(d *device) bool {
			return d.lic == lic && d.flags&flagOversized == 0 && (d.cat == catActive || d.cat == catStale)
		}
	}
	g.pick(g.scale(caseOversized), inService(licAdv), uniform, 1, setFlag(flagOversized))
	g.pick(g.atLeastOne(caseOversizedISR), inService(licISR), uniform, 1, setFlag(flagOversized))

	// Growth of the last twelve months, by source: acquisitions joined
	// Wealth Management, projects were mostly Retail Banking branches.
	recent := func(d *device) bool { return d.cat == catActive && d.growth == 0 }
	setGrowth := func(s smartaccount.GrowthSource) func(int) { return func(i int) { g.devs[i].growth = s } }
	g.pick(g.scale(caseOrganic), recent, uniform, 1, setGrowth(smartaccount.Organic))
	g.pick(g.scale(caseProject), recent, func(d *device) int {
		if g.vas[d.va].bu == "RB" {
			return 3
		}
		return 1
	}, 3, setGrowth(smartaccount.Project))
	g.pick(g.scale(caseAcquisition), recent, func(d *device) int {
		if g.vas[d.va].bu == "WM" {
			return 1
		}
		return 0
	}, 1, setGrowth(smartaccount.Acquisition))
}

func (g *generator) countFlag(flag uint8) int {
	n := 0
	for i := range g.devs {
		if g.devs[i].flags&flag != 0 {
			n++
		}
	}
	return n
}

// otherVA returns a connected Virtual Account of the same business unit as
// v, other than v, that holds devices: where a moved device was registered
// again.
func (g *generator) otherVA(v uint16) uint16 {
	var choice []uint16
	for i, s := range g.vas {
		if i != int(v) && s.bu == g.vas[v].bu && s.env != smartaccount.AirGapped && s.weight > 0 {
			choice = append(choice, uint16(i))
		}
	}
	return choice[g.rng.IntN(len(choice))]
}

// planFootprintOnly adds the footprint's devices that CSSM does not know:
// planned ones (coming into service in the first contract year) and spares.
func (g *generator) planFootprintOnly() {
	weights := make([]int, len(g.vas))
	for v, s := range g.vas {
		if s.env != smartaccount.AirGapped {
			weights[v] = s.weight
		}
	}
	for _, kind := range []struct {
		count  int
		status smartaccount.FootprintStatus
		growth smartaccount.GrowthSource
	}{
		{g.scale(casePlanned), smartaccount.FootprintPlanned, smartaccount.Project},
		{g.scale(caseSpare), smartaccount.FootprintSpare, smartaccount.Baseline},
	} {
		for v, c := range apportion(kind.count, weights) {
			for range c {
				l := g.primaries[g.rng.IntN(len(g.primaries))]
				g.devs = append(g.devs, device{
					va: uint16(v), lic: uint8(l), cat: catFootprint, status: kind.status, growth: kind.growth,
					pid:  uint8(g.rng.IntN(len(g.lics[l].pids))),
					site: uint8(g.rng.IntN(len(regionSites[g.vas[v].region]))),
				})
			}
		}
	}
}

// planDates sets the in-service and registration days and the footprint
// status. Recent growth entered service in the twelve months before as_of,
// the baseline from 2018 on (the devices gone since, up to 2023); planned
// devices enter service within a year.
func (g *generator) planDates() {
	for i := range g.devs {
		d := &g.devs[i]
		switch {
		case d.status == smartaccount.FootprintPlanned:
			d.inService = g.day + int32(between(g.rng, 30, 330))
			continue
		case d.status == smartaccount.FootprintSpare:
			continue
		case d.growth != 0:
			d.inService = g.day - int32(between(g.rng, 1, 365))
		case d.status.Gone():
			// Taken out in a refresh: in service until 2023 at the latest.
			d.growth = smartaccount.Baseline
			d.inService = g.day - int32(between(g.rng, 1100, 3166))
		default:
			d.growth = smartaccount.Baseline
			d.inService = g.day - int32(between(g.rng, 366, 3166))
		}
		d.registered = min(d.inService+int32(between(g.rng, 0, 21)), g.day-1)
		if d.status == 0 {
			d.status = smartaccount.FootprintActive
		}
	}
}

// planReporting sets each registered device's transport and SLP reporting
// profile.
func (g *generator) planReporting() {
	for i := range g.devs {
		d := &g.devs[i]
		switch d.cat {
		case catFootprint:
			continue
		case catMisplaced:
			d.transport = smartaccount.TransportSLR
			continue
		case catAirGapped:
			if d.ag != agUnreserved {
				d.transport = smartaccount.TransportSLR
				continue
			}
			d.transport = smartaccount.TransportOffline
		case catDuplicated:
			// Calls home daily, so that its own registration is the one kept.
			d.transport = smartaccount.TransportSmart
		default:
			r := g.rng.IntN(100)
			switch g.vas[d.va].env {
			case smartaccount.Cloud:
				d.transport = pickTransport(r, 80, 20, 0)
			case smartaccount.Hybrid:
				d.transport = pickTransport(r, 50, 30, 20)
			default:
				d.transport = pickTransport(r, 45, 25, 18)
			}
		}
		d.profile = uint8(weighted(g.rng, profileWeights))
	}
}

// pickTransport maps r in [0, 100) to smart, cslu, on-prem or, above their
// shares, offline.
func pickTransport(r, smart, cslu, onPrem int) smartaccount.Transport {
	switch {
	case r < smart:
		return smartaccount.TransportSmart
	case r < smart+cslu:
		return smartaccount.TransportCSLU
	case r < smart+cslu+onPrem:
		return smartaccount.TransportOnPrem
	}
	return smartaccount.TransportOffline
}

// weighted returns an index drawn in proportion to weights.
func weighted(r *rand.Rand, weights []int) int {
	sum := 0
	for _, w := range weights {
		sum += w
	}
	x := r.IntN(sum)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// serialSpace is the number of distinct four-character tails of a serial
// number (36⁴): the tail encodes the device's index, so serials are unique.
const serialSpace = 36 * 36 * 36 * 36

const base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// text makes the serial numbers and hostnames of every device, each set in
// one backing string. A serial is the Cisco form LLLYYWWSSSS: factory code,
// year of manufacture − 1996, week, and a tail that is a bijection of the
// device's index (unique below serialSpace devices).
func (g *generator) text() {
	n := len(g.devs)
	ser := make([]byte, 0, n*11)
	host := make([]byte, 0, n*24)
	ends := make([]int32, n)
	var siteCodes [len(regionSites)][]string
	for r, sites := range regionSites {
		for _, s := range sites {
			siteCodes[r] = append(siteCodes[r], strings.ToLower(strings.ReplaceAll(s, "-", "")))
		}
	}
	buCodes := make([]string, len(g.vas))
	for v, s := range g.vas {
		buCodes[v] = strings.ToLower(s.bu)
	}
	for i := range g.devs {
		d := &g.devs[i]
		s := g.vas[d.va]
		fam := families[g.lics[d.lic].family]
		year := 2024
		if d.inService != 0 {
			year = dayDate(d.inService).Year()
		}
		yy := year - 1996 - g.rng.IntN(2)
		ser = append(ser, fam.factories[g.rng.IntN(len(fam.factories))]...)
		ser = append(ser, byte('0'+yy/10), byte('0'+yy%10))
		wk := 1 + g.rng.IntN(52)
		ser = append(ser, byte('0'+wk/10), byte('0'+wk%10))
		tail := (i*1000003 + 7919) % serialSpace
		ser = append(ser, base36[tail/(36*36*36)], base36[tail/(36*36)%36], base36[tail/36%36], base36[tail%36])

		host = append(host, buCodes[d.va]...)
		host = append(host, '-')
		host = append(host, siteCodes[s.region][d.site]...)
		host = append(host, '-')
		host = append(host, fam.role...)
		host = appendPadded(host, i, 7)
		ends[i] = int32(len(host))
	}
	g.serialText, g.hostText, g.hostEnds = string(ser), string(host), ends
}

// serial returns the serial number of devs[i].
func (g *generator) serial(i int) string { return g.serialText[i*11 : i*11+11] }

// hostname returns the hostname of devs[i].
func (g *generator) hostname(i int) string {
	start := int32(0)
	if i > 0 {
		start = g.hostEnds[i-1]
	}
	return g.hostText[start:g.hostEnds[i]]
}

// appendPadded appends i in decimal, zero-padded to width digits.
func appendPadded(b []byte, i, width int) []byte {
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], int64(i), 10)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

// udi returns the UDI of devs[i].
func (g *generator) udi(i int) smartaccount.UDI {
	d := &g.devs[i]
	return smartaccount.UDI{PID: g.lics[d.lic].pids[d.pid], Serial: g.serial(i)}
}

// instances returns the product-instance rows, grouped by Virtual Account in
// the order of the Smart Account, a device's rows together (its primary
// license, then DNA HSEC), the duplicate registrations at the end of their
// Virtual Account. It counts consumption as it goes.
func (g *generator) instances() []smartaccount.ProductInstance {
	rows := make([]smartaccount.ProductInstance, 0, g.n+g.countFlag(flagHSEC))
	for v := range g.vas {
		for i := g.segment[v][0]; i < g.segment[v][1]; i++ {
			rows = g.appendInstance(rows, i, v, false)
		}
		for _, dp := range g.dups {
			if int(dp.va) == v {
				rows = g.appendInstance(rows, int(dp.src), v, true)
			}
		}
	}
	return rows
}

func (g *generator) appendInstance(rows []smartaccount.ProductInstance, i, v int, dup bool) []smartaccount.ProductInstance {
	d := &g.devs[i]
	contact, report, ack := g.times(d, dup)
	row := smartaccount.ProductInstance{
		UDI:            g.udi(i),
		Hostname:       g.hostname(i),
		VirtualAccount: g.vas[v].name,
		ProductTag:     families[g.lics[d.lic].family].tag,
		License:        g.lics[d.lic].name,
		Quantity:       1,
		Registered:     dayDate(d.registered),
		LastContact:    optInstant(contact),
		LastReport:     optInstant(report),
		LastACK:        optInstant(ack),
		Transport:      d.transport,
		Ref:            ref(dataset.ProductInstancesFile, len(rows)),
	}
	reclaimed := dup || d.cat == catGone
	rows = append(rows, row)
	g.count(v, int(d.lic), reclaimed)
	if d.flags&flagHSEC != 0 && !dup {
		row.License = licenses[licHSEC].name
		row.Ref.Line++
		rows = append(rows, row)
		g.count(v, licHSEC, reclaimed)
	}
	return rows
}

func (g *generator) count(v, lic int, reclaimed bool) {
	g.consumed[v][lic]++
	if !reclaimed {
		g.kept[v][lic]++
	}
}

// times returns an instance's last contact, last report and last ACK in Unix
// seconds, 0 for none, following its device's transport, reporting profile
// and footprint category.
func (g *generator) times(d *device, dup bool) (contact, report, ack int64) {
	reg := int64(d.registered) * daySeconds
	ago := func(lo, hi int) int64 {
		return int64(g.day)*daySeconds - int64(between(g.rng, lo, max(lo, hi)))*daySeconds - int64(g.rng.IntN(daySeconds))
	}
	minutes := func() int64 { return int64(between(g.rng, 10, 720)) * 60 }
	daysRegistered := int(g.day - d.registered)

	switch {
	case dup:
		// The registration left behind when the device moved: it stopped
		// calling home a few months ago.
		contact = ago(30, min(170, daysRegistered-1))
		report = contact - int64(between(g.rng, 1, 20))*daySeconds
		return contact, report, report + minutes()
	case d.transport == smartaccount.TransportSLR:
		// Reserved devices never report; CSSM last saw a code exchange.
		return ago(10, min(170, daysRegistered-1)), 0, 0
	}

	switch d.profile {
	case profOK:
		report = ago(1, 70)
		ack = report + minutes()
	case profDueSoon:
		ack = ago(77, 89)
		report = ack - minutes()
	case profOverdue:
		ack = ago(95, 300)
		report = ack - minutes()
	case profAckMissing:
		report = ago(3, 40)
		if g.rng.IntN(3) > 0 {
			ack = report - int64(between(g.rng, 60, 120))*daySeconds
		}
	}
	if report < reg {
		report, ack = 0, 0 // registered after the profile's report: never reported
	}
	if ack < reg {
		ack = 0
	}

	switch {
	case d.cat == catStale:
		contact = ago(181, min(720, daysRegistered-1))
	case d.cat == catGone:
		contact = ago(20, min(400, daysRegistered-1))
	case d.transport == smartaccount.TransportOffline:
		// Offline devices meet CSSM when an operator moves files through
		// CSLU: at least every five months, whether or not they carry a
		// usage report.
		contact = max(report, ack)
		if contact < int64(g.day-150)*daySeconds {
			contact = max(ago(1, 150), report, ack)
		}
		return contact, report, ack
	default:
		return max(ago(0, 2), report, ack), report, ack
	}
	// Silent devices: nothing after their last contact.
	if report > contact {
		report = contact - int64(between(g.rng, 1, 30))*daySeconds
		ack = report + minutes()
		if report < reg {
			report, ack = 0, 0
		}
	}
	if ack > contact {
		ack = 0
	}
	return contact, report, ack
}

// footprint returns the buyer's inventory: every registered device but the
// unmatched ones, then the planned and spare devices.
func (g *generator) footprint() []smartaccount.Device {
	rows := make([]smartaccount.Device, 0, len(g.devs))
	for i := range g.devs {
		d := &g.devs[i]
		if d.cat == catUnmatched {
			continue
		}
		s := g.vas[d.va]
		row := smartaccount.Device{
			UDI:             g.udi(i),
			Hostname:        g.hostname(i),
			Status:          d.status,
			Site:            regionSites[s.region][d.site],
			BusinessUnit:    buNames[s.bu],
			Region:          regionNames[s.region],
			Workload:        s.workload,
			Environment:     s.env,
			AirGap:          smartaccount.AirGapNone,
			RequiredLicense: g.lics[d.lic].name,
			GrowthSource:    d.growth,
			Ref:             ref(dataset.FootprintFile, len(rows)),
		}
		if d.inService != 0 {
			row.InService = dayDate(d.inService)
		}
		switch d.cat {
		case catAirGapped:
			row.AirGap = s.airGap
		case catMisplaced:
			row.Environment, row.AirGap = smartaccount.AirGapped, smartaccount.Restricted
		}
		if d.flags&flagOversized != 0 {
			row.RequiredLicense = lowerTier(int(d.lic))
		}
		rows = append(rows, row)
	}
	return rows
}

// lowerTier returns the license below a primary license in its tier list.
func lowerTier(lic int) string {
	if lic == licISR {
		return isrEssentials
	}
	return licenses[licEss].name
}
