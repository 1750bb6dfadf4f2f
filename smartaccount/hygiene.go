package smartaccount

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/internal/enum"
	"github.com/openrenewal/smartlicensing/internal/parallel"
)

// Finding kinds of the hygiene review (METHOD.md §2, §3), in the order
// Review reports them.
const (
	// Pass 1: reconciliation.
	KindShortage      Kind = "shortage"
	KindSurplus       Kind = "surplus"
	KindInUseMismatch Kind = "inuse_mismatch"
	// Pass 2: clean-up.
	KindDecommissioned Kind = "decommissioned"
	KindDuplicate      Kind = "duplicate"
	KindStale          Kind = "stale"
	KindUnmatched      Kind = "unmatched"
	KindOversized      Kind = "oversized"
	// Pass 3: user access.
	KindNoSAAdmin     Kind = "no_sa_admin"
	KindSingleSAAdmin Kind = "single_sa_admin"
	KindExcessAdmins  Kind = "excess_admins"
	KindExternalUser  Kind = "external_user"
	KindDormantUser   Kind = "dormant_user"
	KindOrphanRole    Kind = "orphan_role"
)

var hygieneKinds = []Kind{
	KindShortage, KindSurplus, KindInUseMismatch,
	KindDecommissioned, KindDuplicate, KindStale, KindUnmatched, KindOversized,
	KindNoSAAdmin, KindSingleSAAdmin, KindExcessAdmins, KindExternalUser, KindDormantUser, KindOrphanRole,
}

// Defaults of ReviewParams, in days (METHOD.md §3).
const (
	DefaultStaleAfterDays = 180
	DefaultDormantDays    = 180
)

// ReviewParams are the parameters of Review.
type ReviewParams struct {
	// AsOf is the date of the review, required: the caller resolves
	// "today", so that results repeat. Its calendar date (in its own
	// location) is taken as a civil date.
	AsOf time.Time
	// StaleAfterDays: an instance last seen before AsOf − StaleAfterDays is
	// stale. nil: DefaultStaleAfterDays.
	StaleAfterDays *int
	// ReclaimStale counts stale instances as reclaimable.
	ReclaimStale bool
	// DormantDays: a user who has not logged in since AsOf − DormantDays,
	// or never, is dormant. nil: DefaultDormantDays.
	DormantDays *int
	// Tiers are the proposal's tier lists, each from the lower license to
	// the higher; an instance of a license whose device needs a license
	// lower in the same list is oversized. None: no oversized findings.
	Tiers [][]string
}

// Class is what pass 2 of the hygiene review makes of an instance
// (METHOD.md §3): the first rule that matches, in the order of the
// constants. The zero value means "not classified".
type Class uint8

// Classes, in rule order.
const (
	ClassDecommissioned Class = iota + 1 // footprint status decommissioned, retired or disposed
	ClassDuplicate                       // the device's other registration is kept
	ClassStale                           // not seen for StaleAfterDays
	ClassUnmatched                       // not in the footprint: reported, not reclaimed
	ClassActive
	numClasses = iota
)

var classes = enum.New[Class]("instance class",
	[]string{"", "decommissioned", "duplicate", "stale", "unmatched", "active"}, nil)

// ParseClass parses decommissioned, duplicate, stale, unmatched or active,
// case-insensitively. Empty text is the zero value.
func ParseClass(s string) (Class, error) { return classes.Parse(s) }

// String returns METHOD.md's word for the class, "" for the zero value.
func (c Class) String() string { return classes.String(c) }

// MarshalText implements encoding.TextMarshaler.
func (c Class) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseClass.
func (c *Class) UnmarshalText(b []byte) (err error) {
	*c, err = classes.Parse(string(b))
	return err
}

// Hygiene is the outcome of the hygiene review (METHOD.md §2, §3). It
// refers to the Index it was computed from, and shares its lifetime.
type Hygiene struct {
	// AsOf is the review's civil date; StaleAfterDays and ReclaimStale
	// the resolved parameters.
	AsOf           time.Time
	StaleAfterDays int
	ReclaimStale   bool
	// Positions holds the position of every license in every Virtual
	// Account with an entitlement that counts, a product-instance row or
	// an in-use count, sorted by license then Virtual Account.
	Positions []Position
	// Licenses holds, for every license of Index.Licenses and in that
	// order, its position across the Smart Account and what pass 2 makes
	// of it.
	Licenses []LicenseHygiene
	// Oversized sums the right-tiering candidates by pair of licenses,
	// sorted by license then lower license.
	Oversized []OversizedPair
	// Findings of the three passes, ordered by kind (as the Kind
	// constants are listed), then license, Virtual Account, UDI and user.
	// No two have the same ID.
	Findings []Finding

	index   *Index
	classes []Class // per instance
	counts  [numClasses + 1]int
	// reclaimed is, per pair, the usage of the instances the review
	// reclaims (decommissioned, duplicate and, under ReclaimStale, stale).
	reclaimed []int64
}

// LicenseHygiene is one license across the Smart Account after pass 2
// (METHOD.md §3). Position.VirtualAccount is "".
type LicenseHygiene struct {
	Position
	// Reclaimable is the usage of the instances the review reclaims:
	// decommissioned and duplicate ones, and stale ones under ReclaimStale.
	Reclaimable int64 `json:"reclaimable"`
	// Stale and Unmatched are the usage of the stale and the unmatched
	// instances, reported whether or not reclaimed.
	Stale     int64 `json:"stale"`
	Unmatched int64 `json:"unmatched"`
	// Need is Consumed − Reclaimable: what the Smart Account uses after
	// the clean-up.
	Need int64 `json:"need"`
	// Unused is max(0, Entitled − Need).
	Unused int64 `json:"unused"`
	// Reclaimed lists the positions in Hygiene.Findings of the findings
	// Reclaimable rests on, one per instance and license.
	Reclaimed []int `json:"-"`
}

// OversizedPair is a right-tiering candidate summed over the instances:
// Quantity units of License, on devices that need only Lower, a license
// below it in a tier list, can move to Lower (METHOD.md §3, §8 step 5).
type OversizedPair struct {
	License  string `json:"license"`
	Lower    string `json:"lower"`
	Quantity int64  `json:"quantity"`
	// Findings lists the positions in Hygiene.Findings of its oversized
	// findings.
	Findings []int `json:"-"`
}

// Class returns the class pass 2 gave instance i of the index.
func (h *Hygiene) Class(i int) Class { return h.classes[i] }

// Count returns the number of instances of class c.
func (h *Hygiene) Count(c Class) int {
	if c > numClasses {
		return 0
	}
	return h.counts[c]
}

// Index returns the index the review was computed from.
func (h *Hygiene) Index() *Index { return h.index }

// Reclaimed returns the usage of a license in a Virtual Account (numbers of
// the Index) that the review reclaims: the consumption the hygiene reclaim
// removes from that account (METHOD.md §4).
func (h *Hygiene) Reclaimed(license, va int) int64 {
	return h.reclaimed[h.index.pair(int32(license), int32(va))]
}

// Registration is one instance as the clean-up lists it for removal or
// review.
type Registration struct {
	Instance       int // the instance's number in the Index
	UDI            UDI
	VirtualAccount string
	Hostname       string // the first hostname of its rows, else the footprint's
	Class          Class
	// LastSeen is the last contact of its rows, else their last report,
	// else their earliest registration date; zero when none is given.
	LastSeen time.Time
}

// Registrations returns the instances of the given classes, sorted by
// Virtual Account then UDI: the registrations to remove are
// Registrations(ClassDecommissioned, ClassDuplicate).
func (h *Hygiene) Registrations(cs ...Class) []Registration {
	var want [numClasses + 1]bool
	n := 0
	for _, c := range cs {
		if c <= numClasses && !want[c] {
			want[c] = true
			n += h.counts[c]
		}
	}
	x := h.index
	out := make([]Registration, 0, n)
	for i, c := range h.classes {
		if !want[c] {
			continue
		}
		in := x.Instance(i)
		out = append(out, Registration{
			Instance: i, UDI: in.UDI, VirtualAccount: x.vas[in.VirtualAccount].Name,
			Hostname: x.hostname(&in), Class: c, LastSeen: lastSeen(x.snap, in.Rows),
		})
	}
	slices.SortFunc(out, func(a, b Registration) int {
		return cmp.Or(strings.Compare(a.VirtualAccount, b.VirtualAccount), compareUDI(a.UDI, b.UDI))
	})
	return out
}

// Review runs the three passes of the hygiene review (METHOD.md §2, §3)
// over an indexed snapshot:
//
//   - pass 1, reconciliation: the position of every license in every
//     Virtual Account and across the Smart Account, and the findings
//     shortage (warning), surplus (info) and inuse_mismatch (warning);
//   - pass 2, clean-up: every instance classified (decommissioned,
//     duplicate, stale, unmatched, active: the first that matches), a
//     finding per instance and license for each class but active
//     (decommissioned, duplicate and stale warnings, unmatched info), the
//     reclaimable usage, need and unused entitlement per license, and the
//     oversized right-tiering candidates (info);
//   - pass 3, user access (when the snapshot has users): no_sa_admin
//     (critical), single_sa_admin, excess_admins, external_user (warnings),
//     dormant_user and orphan_role (info).
//
// Readings that make the rules exact: an instance's last contact and last
// report are the latest of its rows', its registration date the earliest;
// an instance with no date at all is not stale; without a footprint no
// instance is unmatched (there is nothing to match). Of a device's
// registrations the one with the latest last contact is kept (none given
// is the oldest), then the one whose first row comes first in the input —
// by Ref (source, line, record), then slice order — so the choice does not
// depend on the order of the slices. An oversized instance is one the
// review does not reclaim; its usage of the license is what can move to
// the lower tier. Customer domains are the Account's, else its Domain.
//
// Every finding cites the records it rests on. Review returns an error for
// a zero AsOf, a negative parameter, a negative quantity, or two in-use
// counts for one license and Virtual Account.
//
// Pass 2 and the sorting of the findings work in contiguous parts side by
// side, one per processor (GOMAXPROCS) on large Smart Accounts; the result
// is the same whatever the number of processors.
func Review(x *Index, p ReviewParams) (*Hygiene, error) {
	r, err := newReviewer(x, p)
	if err != nil {
		return nil, err
	}
	r.positions()
	r.access()
	r.classify() // last: it sizes the findings for what it adds
	r.finish()
	return r.h, nil
}

// reviewer holds the state of one review.
type reviewer struct {
	x       *Index
	h       *Hygiene
	asOf    time.Time
	staleAt time.Time // instances last seen before it are stale
	dormant time.Time // users who last logged in before it are dormant

	// below[l] lists the licenses below license l in a tier list that
	// some device needs, by their numbers in Index.needs.
	below [][]int32

	entitled, consumed []int64 // per pair
	refs               refArena
	// The findings in the order found, and the key each is sorted by
	// first: kind rank << 56 | (license + 1) << 28 | (Virtual Account +
	// 1), numbers of the index, 0 for none.
	found []Finding
	keys  []uint64
	devs  []int32 // per finding: the device it is about, -1 for none
	// reclaims counts the findings of each license that its
	// LicenseHygiene.Reclaimed will list.
	reclaims []int
}

var kindRank = func() map[Kind]uint64 {
	m := make(map[Kind]uint64, len(hygieneKinds))
	for i, k := range hygieneKinds {
		m[k] = uint64(i)
	}
	return m
}()

func compareUDI(a, b UDI) int {
	return cmp.Or(strings.Compare(a.PID, b.PID), strings.Compare(a.Serial, b.Serial))
}

// add records a finding about a license and a Virtual Account (numbers of
// the index, -1 for none), its evidence in input order.
func (r *reviewer) add(f Finding, license, va int32) {
	r.found = append(r.found, Finding{})
	r.keys = append(r.keys, 0)
	r.devs = append(r.devs, -1)
	r.put(len(r.found)-1, f, license, va, -1)
}

// put stores a finding at position i of the findings, as add does, with
// the device it is about (-1 for none); the parts of pass 2 each fill a
// stretch of their own.
func (r *reviewer) put(i int, f Finding, license, va, dev int32) {
	slices.SortFunc(f.Evidence, Ref.Compare)
	r.found[i] = f
	r.keys[i] = kindRank[f.Kind]<<56 | uint64(license+1)<<28 | uint64(va+1)
	r.devs[i] = dev
}

// sortKey orders one finding: kind rank << 56 | (license + 1) << 28 |
// (Virtual Account + 1), then the rank of its UDI's PID among the PIDs of
// the findings and the first 8 bytes of its serial, big-endian, then — when
// those are equal — the full UDI, user and Virtual Account name. Integers
// settle almost every comparison without touching the findings.
type sortKey struct {
	group, pid, serial uint64
	finding            int32
}

// finish sorts the findings — by kind, license, Virtual Account (numbers
// in name order), UDI, user, and the Virtual Account's name for those not
// in the index — and fills in what refers to their positions.
func (r *reviewer) finish() {
	found := r.found
	// The PIDs of the findings' UDIs, ranked in order: a few dozen
	// distinct ones, but hundreds of thousands of findings.
	rank := map[string]uint64{}
	last := ""
	for i := range found {
		if p := found[i].UDI.PID; i == 0 || p != last {
			rank[p], last = 0, p
		}
	}
	pids := slices.Sorted(maps.Keys(rank))
	for k, p := range pids {
		rank[p] = uint64(k)
	}
	keys := make([]sortKey, len(found))
	parts := parallel.Parts(len(found), minPart)
	parallel.Do(parts, func(part int) {
		lo, hi := parallel.Range(len(found), parts, part)
		lastPID, lastRank := "", uint64(0)
		for i := lo; i < hi; i++ {
			u := &found[i].UDI
			if u.PID != lastPID || i == lo {
				lastPID, lastRank = u.PID, rank[u.PID]
			}
			var prefix [8]byte
			copy(prefix[:], u.Serial)
			keys[i] = sortKey{group: r.keys[i], pid: lastRank, serial: binary.BigEndian.Uint64(prefix[:]), finding: int32(i)}
		}
	})
	parallel.SortFunc(keys, minPart, func(a, b sortKey) int {
		if c := cmp.Or(cmp.Compare(a.group, b.group), cmp.Compare(a.pid, b.pid), cmp.Compare(a.serial, b.serial)); c != 0 {
			return c
		}
		fa, fb := &found[a.finding], &found[b.finding]
		return cmp.Or(compareUDI(fa.UDI, fb.UDI), strings.Compare(fa.User, fb.User), strings.Compare(fa.VirtualAccount, fb.VirtualAccount))
	})
	order := make([]int32, len(found))
	devs := make([]int32, len(found)) // in the order sorted
	for i := range keys {
		order[i] = keys[i].finding
		devs[i] = r.devs[order[i]]
	}
	keys = nil
	permute(found, order)
	needs := make([]string, len(r.x.needs))
	for name, n := range r.x.needs {
		needs[n] = name
	}
	h := r.h
	h.Findings = found
	for l, n := range r.reclaims {
		h.Licenses[l].Reclaimed = make([]int, 0, n)
	}
	pairs := map[[2]string]int{} // (license, lower) → position in h.Oversized
	for i := range h.Findings {
		f := &h.Findings[i]
		switch f.Kind {
		case KindDecommissioned, KindDuplicate, KindStale:
			if f.Kind != KindStale || h.ReclaimStale {
				l := r.x.licenseID[f.License]
				h.Licenses[l].Reclaimed = append(h.Licenses[l].Reclaimed, i)
			}
		case KindOversized:
			pk := [2]string{f.License, needs[r.x.devNeeds[devs[i]]]}
			n, ok := pairs[pk]
			if !ok {
				n = len(h.Oversized)
				pairs[pk] = n
				h.Oversized = append(h.Oversized, OversizedPair{License: pk[0], Lower: pk[1]})
			}
			h.Oversized[n].Quantity += f.Quantity
			h.Oversized[n].Findings = append(h.Oversized[n].Findings, i)
		}
	}
	slices.SortStableFunc(h.Oversized, func(a, b OversizedPair) int {
		return cmp.Or(strings.Compare(a.License, b.License), strings.Compare(a.Lower, b.Lower))
	})
	r.found, r.keys, r.devs = nil, nil, nil
}

// permute puts s[order[i]] at position i, in place; it destroys order.
func permute[T any](s []T, order []int32) {
	for i := range order {
		if order[i] < 0 {
			continue
		}
		saved, j := s[i], int32(i)
		for {
			k := order[j]
			order[j] = -1
			if k == int32(i) {
				s[j] = saved
				break
			}
			s[j] = s[k]
			j = k
		}
	}
}

// refArena hands out evidence slices from shared chunks: one allocation
// for thousands of findings.
type refArena struct{ buf []Ref }

// take returns a slice of n Refs of its own (appending to it never reaches
// another's).
func (a *refArena) take(n int) []Ref {
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]Ref, 0, max(n, 8192))
	}
	a.buf = a.buf[:len(a.buf)+n]
	return a.buf[len(a.buf)-n : len(a.buf) : len(a.buf)]
}

var errNegative = errors.New("is negative")

func newReviewer(x *Index, p ReviewParams) (*reviewer, error) {
	if p.AsOf.IsZero() {
		return nil, errors.New("smartaccount: review: AsOf is required")
	}
	days := func(name string, v *int, def int) (int, error) {
		if v == nil {
			return def, nil
		}
		if *v < 0 {
			return 0, fmt.Errorf("smartaccount: review: %s %d is negative", name, *v)
		}
		return *v, nil
	}
	stale, err := days("StaleAfterDays", p.StaleAfterDays, DefaultStaleAfterDays)
	if err != nil {
		return nil, err
	}
	dormant, err := days("DormantDays", p.DormantDays, DefaultDormantDays)
	if err != nil {
		return nil, err
	}
	if err := checkQuantities(x); err != nil {
		return nil, err
	}
	y, m, d := p.AsOf.Date()
	asOf := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	r := &reviewer{
		x: x, asOf: asOf, below: make([][]int32, len(x.licenses)),
		staleAt: asOf.AddDate(0, 0, -stale),
		dormant: asOf.AddDate(0, 0, -dormant),
		h: &Hygiene{
			AsOf: asOf, StaleAfterDays: stale, ReclaimStale: p.ReclaimStale, index: x,
		},
	}
	for _, list := range p.Tiers {
		for hi, name := range list {
			if l, ok := x.licenseID[name]; ok {
				for _, lower := range list[:hi] {
					if need, ok := x.needs[lower]; ok && lower != name && !slices.Contains(r.below[l], need) {
						r.below[l] = append(r.below[l], need)
					}
				}
			}
		}
	}
	return r, nil
}

// checkQuantities refuses a negative quantity and a second in-use count for
// one pair: the review's sums would be wrong.
func checkQuantities(x *Index) error {
	s := x.snap
	negative := func(ref Ref, q int64) error {
		return &ParseError{File: ref.Source, Line: ref.Line, Field: "quantity", Value: strconv.FormatInt(q, 10), Err: errNegative}
	}
	for i := range s.Entitlements {
		if q := s.Entitlements[i].Quantity; q < 0 {
			return negative(s.Entitlements[i].Ref, q)
		}
	}
	if r := x.negativeRow; r >= 0 {
		return negative(s.Instances[r].Ref, s.Instances[r].Quantity)
	}
	seen := make(map[[2]string]Ref, len(s.InUse))
	for i := range s.InUse {
		u := &s.InUse[i]
		if u.Quantity < 0 {
			return negative(u.Ref, u.Quantity)
		}
		k := [2]string{u.License, u.VirtualAccount}
		if first, ok := seen[k]; ok {
			return &ParseError{File: u.Ref.Source, Line: u.Ref.Line, Field: "license",
				Err: fmt.Errorf("a second in-use count of %q in Virtual Account %q (the first is %v)", u.License, u.VirtualAccount, first)}
		}
		seen[k] = u.Ref
	}
	return nil
}
