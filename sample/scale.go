package sample

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The case has 34 Virtual Accounts and 5 licenses; Params may ask for more,
// to measure the SDK on the largest Smart Accounts. The further ones are
// made here, by formula, from no random source: a sample of the case's
// size is the same whatever this file holds.
const (
	DefaultVirtualAccounts = 34
	MaxVirtualAccounts     = 1000
	DefaultLicenses        = numLicenses
	// MaxLicenses is the case's five and one license for each further
	// platform and tier of extraPlatforms × extraTiers.
	MaxLicenses = DefaultLicenses + 85
)

// licenseSpec is one license of a generated sample. Every field but the
// name and tag concerns primary licenses (all but DNA HSEC).
type licenseSpec struct {
	license
	family int      // the hardware family of its devices
	pids   []string // the PIDs of its devices
	share  int      // its weight in the connected fleet
	price  string   // year-1 annual unit price in the proposal
	skus   [2]string
	// platform and tier place it in a tier list ("C9500", 1 for Advantage).
	platform string
	tier     int
}

// caseLicenses returns the case's licenses, in license-index order.
func caseLicenses() []licenseSpec {
	out := make([]licenseSpec, numLicenses)
	for l := range numLicenses {
		out[l].license = licenses[l]
	}
	for l := range licISR + 1 {
		out[l].family, out[l].pids, out[l].share = licenseFamily[l], licensePIDs[l], licenseShares[l]
		out[l].price, out[l].skus = unitPrices[l], proposalSKUs[l]
	}
	out[licAdv].platform, out[licAdv].tier = "C9300", 1
	out[licEss].platform, out[licEss].tier = "C9300", 0
	out[licC9200].platform, out[licC9200].tier = "C9200", 0
	out[licISR].platform, out[licISR].tier = "ISR4K", 1
	return out
}

// extraPlatforms are the hardware platforms of the further licenses; a
// platform is a switch unless it is marked as a router.
var extraPlatforms = []struct {
	name   string
	router bool
}{
	{"C9200", false}, {"C9300", false}, {"C9300X", false}, {"C9400", false}, {"C9500", false}, {"C9600", false},
	{"C1000", false}, {"IE3300", false}, {"IE3400", false}, {"IE9300", false}, {"C9800", false},
	{"N9300", false}, {"N3000", false}, {"N7000", false}, {"MDS9100", false},
	{"ISR1100", true}, {"ISR4K", true}, {"C8200", true}, {"C8300", true}, {"C8500", true}, {"ASR1000", true},
	{"IR1100", true}, {"CSR1000V", true}, {"C8000V", true}, {"ASR9000", true}, {"NCS540", true},
	{"FPR1100", true}, {"FPR2100", true}, {"FPR4100", true}, {"ISE", false},
}

var extraTiers = []struct{ name, code, price string }{
	{"DNA Essentials", "E", "14.20"}, {"DNA Advantage", "A", "36.80"}, {"DNA Premier", "P", "52.40"},
}

// extraLicenses returns the further licenses in the order Params.Licenses
// takes them: platform by platform, lowest tier first, leaving out the
// case's own (and ISR4K DNA Essentials, which the case names as a tier
// without devices).
func extraLicenses() []licenseSpec {
	taken := map[string]bool{isrEssentials: true}
	for _, l := range licenses {
		taken[l.name] = true
	}
	var out []licenseSpec
	for p, pl := range extraPlatforms {
		for t, tier := range extraTiers {
			name := pl.name + " " + tier.name
			if taken[name] {
				continue
			}
			fam, pids := famC9300, []string{pl.name + "-24T", pl.name + "-48P"}
			if pl.router {
				fam, pids = famISR, []string{pl.name + "/K9", pl.name + "-X/K9"}
			}
			slug := strings.ToLower(strings.NewReplacer(" ", "_", "-", "_").Replace(name))
			code := pl.name + "-DNA-" + tier.code
			out = append(out, licenseSpec{
				license:  license{name: name, tag: "regid.2020-01.com.cisco." + slug + ",1.0_" + uuidOf(name)},
				family:   fam,
				pids:     pids,
				share:    300 + 40*((p*7+t*3)%11),
				price:    priceOf(tier.price, p),
				skus:     [2]string{code + "-5Y", code + "-TF"},
				platform: pl.name, tier: t,
			})
		}
	}
	return out
}

// priceOf adds 0.35 per platform index to a tier's base price.
func priceOf(base string, p int) string {
	var units, cents int
	fmt.Sscanf(base, "%d.%d", &units, &cents)
	c := units*100 + cents + 35*p
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}

// uuidOf returns a UUID-shaped hex string fixed by a name.
func uuidOf(name string) string {
	h := fnv.New128a()
	h.Write([]byte(name))
	b := h.Sum(nil)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// extraVirtualAccounts returns n further connected Virtual Accounts: sites
// of the business units, across regions, workloads and environments, each
// holding more or fewer licenses than it uses.
func extraVirtualAccounts(n int) []vaSpec {
	bus := []string{"RB", "CIB", "WM", "GT", "PAY"}
	regions := []struct {
		region int
		code   string
	}{{regAmericas, "AMER"}, {regEMEA, "EMEA"}, {regAPAC, "APAC"}}
	workloads := []struct {
		w    smartaccount.Workload
		code string
	}{{prod, "PROD"}, {prod, "PROD"}, {staging, "STAGING"}, {dev, "DEV"}, {dr, "DR"}}
	envs := []smartaccount.Environment{onPrem, onPrem, hybrid, cloud}
	mixes := [][4]int{mixBranch, mixCampus, mixDC, mixLab}
	out := make([]vaSpec, n)
	for k := range n {
		r, w := regions[k%len(regions)], workloads[k%len(workloads)]
		out[k] = vaSpec{
			name:      fmt.Sprintf("%s-%s-SITE%03d-%s", bus[k%len(bus)], r.code, k+1, w.code),
			bu:        bus[k%len(bus)],
			region:    r.region,
			workload:  w.w,
			env:       envs[k%len(envs)],
			weight:    4 + (k*13)%17,
			entPct:    65 + (k*29)%90,
			decomBias: 1 + k%3,
			mix:       mixes[k%len(mixes)],
		}
	}
	return out
}

// mixWeight weighs primary license p (a position in g.primaries) in
// Virtual Account v: the account's mix for the case's four, a formula for
// the further ones (which the air-gapped accounts do not use).
func (g *generator) mixWeight(v, p int) int {
	s := &g.vas[v]
	if p < len(s.mix) {
		return s.mix[p]
	}
	if s.env == smartaccount.AirGapped {
		return 0
	}
	return 1 + (v*7+p*11)%6
}

// tiers returns the proposal's tier lists: the case's two (C9300 and
// ISR4K), then one per further platform that has two tiers or more, each
// from the lowest tier up.
func (g *generator) tiers() [][]string {
	lists := map[string][]string{
		"C9300": {licenses[licEss].name, licenses[licAdv].name},
		"C9200": {licenses[licC9200].name},
		"ISR4K": {isrEssentials, licenses[licISR].name},
	}
	order := []string{"C9300", "ISR4K"}
	for _, pl := range extraPlatforms {
		if pl.name != "C9300" && pl.name != "ISR4K" {
			order = append(order, pl.name)
		}
	}
	for _, l := range g.lics[numLicenses:] {
		lists[l.platform] = append(lists[l.platform], l.name)
	}
	var out [][]string
	for _, p := range order {
		if len(lists[p]) > 1 {
			out = append(out, lists[p])
		}
	}
	return out
}
