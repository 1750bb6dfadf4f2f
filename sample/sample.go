package sample

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/trueforward"
)

// DefaultInstances is the size of the published case: 42,000 registered
// product instances. A zero Params generates it.
const DefaultInstances = 42000

// The range of Params.Instances.
const (
	MinInstances = 1000
	MaxInstances = 1000000
)

// Params sizes the sample.
type Params struct {
	// Instances is the number of registered product instances — distinct
	// (UDI, Virtual Account) pairs — from MinInstances to MaxInstances; 0
	// means DefaultInstances. Every count of devices, licenses and findings
	// scales with it (see Generate).
	Instances int
	// VirtualAccounts is the number of Virtual Accounts, from the case's
	// DefaultVirtualAccounts to MaxVirtualAccounts; 0 means the case's.
	// Those beyond the case's are connected sites of its business units
	// across regions, workloads and environments, each holding more or
	// fewer licenses than it uses.
	VirtualAccounts int
	// Licenses is the number of licenses, from the case's DefaultLicenses
	// to MaxLicenses; 0 means the case's. Those beyond the case's are DNA
	// tiers of further switch and router platforms, each with its devices,
	// entitlements, proposal lines and tier list.
	Licenses int
}

// The sample's fixed dates: it is always as of 1 November 2026, two months
// before a five-year renewal that starts on 1 January 2027.
var (
	asOf          = civil(2026, time.November, 1)
	contractStart = civil(2027, time.January, 1)
)

// termYears is the length of the proposed contract.
const termYears = 5

// seed fixes the generator: the same Params always gives the same sample.
const seed1, seed2 = 20261101, 42000

// Generate returns the embedded sample, sized by cfg: a financial-services
// Smart Account with cfg.Instances registered product instances, the buyer's
// footprint, users, SLR reservations, a growth forecast and options (see the
// package documentation for the whole case). The policy is nil: the Cisco
// default.
//
// Counts given for the 42,000-instance case (6,000 decommissioned, 300
// duplicates, …) scale as round(count × Instances / 42,000), half up; a
// situation the sample must show (each SLR finding, for one) occurs at least
// once at every size. The users do not scale: they are people, not devices.
//
// Every record's Ref is the file and line it has when the dataset is written
// as a directory (header on line 1, records in slice order from line 2), so
// that writing the sample and reading it back gives an equal Dataset.
// Generate is deterministic and returns an error only for a size out of range.
//
// Further Virtual Accounts and licenses change how the instances spread,
// not the counts above; the sample of the case's size is the same whatever
// this package adds for larger ones.
func Generate(cfg Params) (*dataset.Dataset, error) {
	n, err := within("instances", cfg.Instances, DefaultInstances, MinInstances, MaxInstances)
	if err != nil {
		return nil, err
	}
	vas, err := within("Virtual Accounts", cfg.VirtualAccounts, DefaultVirtualAccounts, DefaultVirtualAccounts, MaxVirtualAccounts)
	if err != nil {
		return nil, err
	}
	lics, err := within("licenses", cfg.Licenses, DefaultLicenses, DefaultLicenses, MaxLicenses)
	if err != nil {
		return nil, err
	}
	g := newGenerator(n, vas, lics)
	g.plan()
	snap := smartaccount.Snapshot{Account: g.account()}
	// The order matters: each step draws from the same random source, and
	// the entitlements are sized on the instances and reservations.
	snap.Instances = g.instances()
	snap.Footprint = g.footprint()
	snap.Reservations = g.reservations()
	snap.Entitlements = g.entitlements()
	snap.InUse = g.inUse()
	snap.Users = users(g.rng)
	proposal, err := g.proposal()
	if err != nil {
		return nil, err
	}
	forecast, err := g.forecast()
	if err != nil {
		return nil, err
	}
	return &dataset.Dataset{Snapshot: snap, Proposal: proposal, Forecast: forecast, Options: options()}, nil
}

// within returns v, or def for 0, checked against [lo, hi].
func within(what string, v, def, lo, hi int) (int, error) {
	if v == 0 {
		v = def
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("sample: %d %s is outside the range %d to %d", v, what, lo, hi)
	}
	return v, nil
}

// account returns the Smart Account with its Virtual Accounts, in the order
// of g.vas.
func (g *generator) account() smartaccount.Account {
	vas := make([]smartaccount.VirtualAccount, len(g.vas))
	for i, s := range g.vas {
		vas[i] = smartaccount.VirtualAccount{Name: s.name, BusinessUnit: buNames[s.bu], Region: regionNames[s.region], Workload: s.workload, Environment: s.env}
	}
	return smartaccount.Account{
		Name:            accountName,
		Domain:          accountDomain,
		Currency:        currency,
		CustomerDomains: append([]string(nil), customerDomains...),
		VirtualAccounts: vas,
	}
}

// forecast returns the buyer's documented growth: 4 % organic a year, two
// projects and an acquisition in the first contract year, and a project in
// the second (outside the first-year growth of METHOD.md §8). Each entry's
// Ref is its line in forecast.json as dataset.Write lays the document out
// (indented by two spaces), read back from that layout.
func (g *generator) forecast() (*trueforward.Forecast, error) {
	f := &trueforward.Forecast{
		OrganicGrowthRate: decimal.RequireFromString("0.04"),
		Projects: []trueforward.Project{
			{Name: "Branch refresh wave 3", License: licenses[licAdv].name, Quantity: int64(g.atLeastOne(600)), Date: civil(2027, time.March, 15)},
			{Name: "SD-WAN edge rollout", License: licenses[licISR].name, Quantity: int64(g.atLeastOne(240)), Date: civil(2027, time.June, 1)},
			{Name: "Data centre consolidation", License: licenses[licAdv].name, Quantity: int64(g.atLeastOne(350)), Date: civil(2028, time.April, 1)},
		},
		Acquisitions: []trueforward.Acquisition{{
			Name: "Harbor Point Wealth Partners",
			Licenses: map[string]int64{
				licenses[licAdv].name:   int64(g.atLeastOne(420)),
				licenses[licC9200].name: int64(g.atLeastOne(160)),
			},
			Date: civil(2027, time.September, 1),
		}},
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return trueforward.ParseForecast(data)
}

// options returns the buyer's settings: a 4 % per-year cap as the target,
// a 15 % true-forward premium, 8 % discount rate, stale after 180 days.
func options() *dataset.Options {
	stale, perYear := 180, pricing.CapPerYear
	return &dataset.Options{
		AsOf:                    asOf,
		RenewalDate:             contractStart,
		PriceCap:                nullDecimal("0.04"),
		CapKind:                 &perYear,
		TrueForwardUpliftTarget: nullDecimal("0.15"),
		StaleAfterDays:          &stale,
		DiscountRate:            nullDecimal("0.08"),
		Industry:                "financial-services",
	}
}

func nullDecimal(s string) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: decimal.RequireFromString(s), Valid: true}
}

// civil returns a civil date: 00:00 UTC.
func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Day numbers (days since 1970-01-01) and Unix seconds are how the
// generator computes dates; these convert them back.
const daySeconds = 86400

func dayOf(t time.Time) int32     { return int32(t.Unix() / daySeconds) }
func dayDate(d int32) time.Time   { return time.Unix(int64(d)*daySeconds, 0).UTC() }
func instant(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
func optInstant(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return instant(sec)
}

// ref is the Ref of the i-th record (0-based) of a dataset CSV file.
func ref(file string, i int) smartaccount.Ref { return smartaccount.Ref{Source: file, Line: i + 2} }

// scale returns round(count × instances / 42,000), half up.
func (g *generator) scale(count int) int {
	return (count*g.n + DefaultInstances/2) / DefaultInstances
}

// atLeastOne scales count but never below 1: for situations the sample must
// show at every size.
func (g *generator) atLeastOne(count int) int { return max(1, g.scale(count)) }

// apportion splits total in proportion to weights by the largest-remainder
// method (ties to the lower index), in integers so that the split is the
// same on every platform. All-zero weights give all zeros.
func apportion(total int, weights []int) []int {
	out := make([]int, len(weights))
	var sum int64
	for _, w := range weights {
		sum += int64(w)
	}
	if sum == 0 || total == 0 {
		return out
	}
	given := 0
	rem := make([]int64, len(weights))
	for i, w := range weights {
		q := int64(total) * int64(w)
		out[i] = int(q / sum)
		rem[i] = q % sum
		given += out[i]
	}
	for ; given < total; given++ {
		best := -1
		for i, r := range rem {
			if r > 0 && (best < 0 || r > rem[best]) {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// between returns a uniform integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }
