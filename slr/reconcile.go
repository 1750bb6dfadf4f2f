package slr

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Finding kinds of the SLR reconciliation (METHOD.md §7), in the order
// Reconcile reports them.
const (
	KindReservedOnDecommissioned smartaccount.Kind = "reserved_on_decommissioned"
	KindNotConfirmed             smartaccount.Kind = "not_confirmed"
	KindHalfReturned             smartaccount.Kind = "half_returned"
	KindExpiring                 smartaccount.Kind = "expiring"
	KindAirGappedUnreserved      smartaccount.Kind = "air_gapped_unreserved"
	KindOverReserved             smartaccount.Kind = "over_reserved"
	KindMisplaced                smartaccount.Kind = "misplaced"
)

var kindOrder = map[smartaccount.Kind]int{
	KindReservedOnDecommissioned: 1, KindNotConfirmed: 2, KindHalfReturned: 3, KindExpiring: 4,
	KindAirGappedUnreserved: 5, KindOverReserved: 6, KindMisplaced: 7,
}

// Default windows of the reconciliation, in days.
const (
	DefaultConfirmDays = 30
	DefaultExpiryDays  = 90
)

// Params are the parameters of Reconcile.
type Params struct {
	AsOf        time.Time // civil date of the review; required (the caller resolves "today", so results are repeatable)
	RenewalDate time.Time // civil date of the renewal; zero: AsOf
	ConfirmDays *int      // an authorization unconfirmed for more than this many days is not_confirmed; nil: DefaultConfirmDays (new(0) is a zero-day window)
	ExpiryDays  *int      // a term ending before RenewalDate + ExpiryDays is expiring; nil: DefaultExpiryDays
}

// Result is the outcome of Reconcile.
type Result struct {
	// Findings, ordered by kind (as the Kind constants are listed), then
	// UDI, license, Virtual Account and first evidence.
	Findings []smartaccount.Finding
	// Reclaimable is slr_reclaimable(L) of METHOD.md §7 per license: units
	// reserved on decommissioned devices plus over-reserved units. Licenses
	// with nothing reclaimable are absent.
	Reclaimable map[string]int64
}

// Reconcile runs the SLR reconciliation of METHOD.md §7 over a snapshot's
// reservations, footprint and Virtual Accounts.
//
// A reservation holds units in CSSM when its state is authorized,
// installed or return-requested (or not given: CSSM lists it, so its units
// are taken as held); it is in force when authorized, installed or not
// given. Devices are joined to the footprint by UDI (the first footprint row
// of a UDI counts). The findings:
//
//   - reserved_on_decommissioned (warning): a held reservation on a device
//     the footprint lists as decommissioned, retired or disposed; all its
//     units are reclaimable.
//   - not_confirmed (warning): authorized or installed, authorized more than
//     ConfirmDays before AsOf, and no confirmation code. A reservation with
//     no authorization date is not judged.
//   - half_returned (warning): a return code was generated but the state is
//     not returned.
//   - expiring (warning): in force, with a term end before RenewalDate +
//     ExpiryDays (already ended included).
//   - air_gapped_unreserved (critical): an active (or status not given)
//     footprint device in an air-gapped category with no reservation in
//     force. Planned, spare and gone devices need none.
//   - over_reserved (warning): held units on a device that is not gone,
//     beyond what it needs. A device needs one unit of its required license
//     when the footprint names one, and nothing of any other license; when
//     no required license is known (or the device is not in the footprint)
//     it is taken to need one unit of each license reserved on it. One
//     finding per device and license with the excess units.
//   - misplaced (info): a held reservation from a Virtual Account whose
//     environment is given and is not air-gapped. A Virtual Account that is
//     unknown or has no environment is not judged.
//
// Reclaimable sums the units of reserved_on_decommissioned beyond the
// device's own registered usage (a reserved unit is reclaimed once,
// METHOD.md §8) and of over_reserved per license. Every finding cites the
// reservation rows and the footprint row it rests on. A zero AsOf and
// negative windows are errors.
//
// Reconcile reads the snapshot through x, the index every review of the
// playbook shares (smartaccount.NewIndex).
func Reconcile(x *smartaccount.Index, p Params) (*Result, error) {
	if x == nil {
		return nil, errors.New("slr: reconcile: nil index")
	}
	s := x.Snapshot()
	confirmDays, expiryDays := DefaultConfirmDays, DefaultExpiryDays
	if p.ConfirmDays != nil {
		confirmDays = *p.ConfirmDays
	}
	if p.ExpiryDays != nil {
		expiryDays = *p.ExpiryDays
	}
	if confirmDays < 0 || expiryDays < 0 {
		return nil, fmt.Errorf("slr: reconcile: negative window (confirm %d days, expiry %d days)", confirmDays, expiryDays)
	}
	if p.AsOf.IsZero() {
		return nil, errors.New("slr: reconcile: Params.AsOf is required")
	}
	asOf := civil(p.AsOf)
	renewal := asOf
	if !p.RenewalDate.IsZero() {
		renewal = civil(p.RenewalDate)
	}
	confirmBy := asOf.AddDate(0, 0, -confirmDays)
	expiresBefore := renewal.AddDate(0, 0, expiryDays)

	res := &Result{Reclaimable: make(map[string]int64)}
	add := func(f smartaccount.Finding) { res.Findings = append(res.Findings, f) }
	type unitKey struct {
		udi     smartaccount.UDI
		license string
	}
	// Maps sized for the reservations: a large Smart Account holds tens of
	// thousands, and growing a map rehashes it.
	n := len(s.Reservations)
	units := make(map[unitKey]*overReserved, n)
	// The product-instance usage of each reserved device, per license.
	usage := make(map[unitKey]int64, n)
	counted := make(map[smartaccount.UDI]bool, n)
	for i := range s.Reservations {
		u := s.Reservations[i].UDI
		if counted[u] {
			continue
		}
		counted[u] = true
		for inst := range x.DeviceInstances(u) {
			for _, r := range x.Instance(inst).Rows {
				row := &s.Instances[r]
				usage[unitKey{u, row.License}] += max(row.Quantity, 0)
			}
		}
	}
	var unitOrder []unitKey
	inForce := make(map[smartaccount.UDI]bool, n)

	for i := range s.Reservations {
		r := &s.Reservations[i]
		held := r.Holds()
		active := held && r.State != smartaccount.ReturnRequested
		dev := x.Device(r.UDI)
		gone := dev != nil && dev.Status.Gone()
		evidence := []smartaccount.Ref{r.Ref}
		if dev != nil {
			evidence = append(evidence, dev.Ref)
		}
		finding := func(kind smartaccount.Kind, sev smartaccount.Severity, qty int64, detail string) smartaccount.Finding {
			return smartaccount.Finding{
				Kind: kind, Severity: sev, License: r.License, VirtualAccount: r.VirtualAccount,
				UDI: r.UDI, Quantity: qty, Detail: detail, Evidence: slices.Clone(evidence),
			}
		}
		qty := max(r.Quantity, 0)
		if active {
			inForce[r.UDI] = true
		}
		if held && gone {
			// A reserved unit is reclaimed once (METHOD.md §8): the device's
			// own usage of the license is reclaimed by the hygiene review
			// already, so only the reserved units beyond it count here.
			k := unitKey{r.UDI, r.License}
			covered := min(qty, usage[k])
			usage[k] -= covered
			detail := fmt.Sprintf("%s of %s reserved on %s, which the footprint lists as %s", pricing.FormatUnits(qty), r.License, r.UDI, dev.Status)
			if covered > 0 {
				detail += fmt.Sprintf("; %d of them are the device's own registered usage, reclaimed by the hygiene review", covered)
			}
			add(finding(KindReservedOnDecommissioned, smartaccount.SeverityWarning, qty, detail))
			if qty > covered {
				res.Reclaimable[r.License] += qty - covered
			}
		}
		if (r.State == 0 || r.State == smartaccount.Authorized || r.State == smartaccount.Installed) &&
			r.ConfirmationCode == "" && !r.AuthorizationDate.IsZero() && civil(r.AuthorizationDate).Before(confirmBy) {
			add(finding(KindNotConfirmed, smartaccount.SeverityWarning, qty,
				fmt.Sprintf("authorized on %s, %d days before %s, and no confirmation code recorded",
					civil(r.AuthorizationDate).Format(time.DateOnly), days(civil(r.AuthorizationDate), asOf), asOf.Format(time.DateOnly))))
		}
		if r.ReturnCode != "" && r.State != smartaccount.Returned {
			add(finding(KindHalfReturned, smartaccount.SeverityWarning, qty,
				fmt.Sprintf("return code generated but the reservation is %s, not returned, in CSSM", stateName(r.State))))
		}
		if active && !r.End.IsZero() && civil(r.End).Before(expiresBefore) {
			add(finding(KindExpiring, smartaccount.SeverityWarning, qty,
				fmt.Sprintf("term ends %s, before %s (renewal date + %d days)",
					civil(r.End).Format(time.DateOnly), expiresBefore.Format(time.DateOnly), expiryDays)))
		}
		if va, ok := virtualAccount(x, r.VirtualAccount); held && ok && va.Environment != 0 && !va.AirGapped() {
			add(finding(KindMisplaced, smartaccount.SeverityInfo, qty,
				fmt.Sprintf("reserved from Virtual Account %s, whose environment is %s, not air-gapped", va.Name, va.Environment)))
		}
		if held && !gone && qty > 0 {
			k := unitKey{r.UDI, r.License}
			o := units[k]
			if o == nil {
				o = &overReserved{dev: dev}
				units[k] = o
				unitOrder = append(unitOrder, k)
			}
			o.units += qty
			o.refs = append(o.refs, r.Ref)
			o.vas = append(o.vas, r.VirtualAccount)
		}
	}

	for _, k := range unitOrder {
		o := units[k]
		need, why := int64(1), "it is taken to need one unit of each license reserved on it"
		if o.dev != nil && o.dev.RequiredLicense != "" {
			if k.license == o.dev.RequiredLicense {
				why = "it needs one unit of its required license"
			} else {
				need, why = 0, "it needs none: its required license is "+o.dev.RequiredLicense
			}
		}
		excess := o.units - need
		if excess <= 0 {
			continue
		}
		evidence := o.refs
		if o.dev != nil {
			evidence = append(evidence, o.dev.Ref)
		}
		va := o.vas[0]
		for _, v := range o.vas[1:] {
			if v != va {
				va = "" // reserved from several Virtual Accounts
			}
		}
		add(smartaccount.Finding{
			Kind: KindOverReserved, Severity: smartaccount.SeverityWarning, License: k.license, VirtualAccount: va,
			UDI: k.udi, Quantity: excess, Evidence: evidence,
			Detail: fmt.Sprintf("%s of %s reserved on %s, %d over what it needs: %s", pricing.FormatUnits(o.units), k.license, k.udi, excess, why),
		})
		res.Reclaimable[k.license] += excess
	}

	for i := range s.Footprint {
		d := &s.Footprint[i]
		if !d.AirGap.IsAirGapped() || (d.Status != 0 && d.Status != smartaccount.FootprintActive) || inForce[d.UDI] || x.Device(d.UDI) != d {
			continue
		}
		add(smartaccount.Finding{
			Kind: KindAirGappedUnreserved, Severity: smartaccount.SeverityCritical, License: d.RequiredLicense,
			UDI: d.UDI, Quantity: 1, Evidence: []smartaccount.Ref{d.Ref},
			Detail: fmt.Sprintf("%s device %s has no authorized or installed reservation", d.AirGap, d.UDI),
		})
	}

	for l, n := range res.Reclaimable {
		if n == 0 {
			delete(res.Reclaimable, l)
		}
	}
	slices.SortStableFunc(res.Findings, compareFindings)
	return res, nil
}

// virtualAccount returns the Virtual Account named name, if the Smart
// Account lists it.
func virtualAccount(x *smartaccount.Index, name string) (smartaccount.VirtualAccount, bool) {
	i, ok := x.VirtualAccount(name)
	if !ok || !x.InAccount(i) {
		return smartaccount.VirtualAccount{}, false
	}
	return x.VirtualAccounts()[i], true
}

// overReserved gathers the units one device holds of one license.
type overReserved struct {
	dev   *smartaccount.Device
	units int64
	refs  []smartaccount.Ref
	vas   []string
}

func compareFindings(a, b smartaccount.Finding) int {
	c := cmp.Or(
		cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]),
		cmp.Compare(a.UDI.PID, b.UDI.PID),
		cmp.Compare(a.UDI.Serial, b.UDI.Serial),
		cmp.Compare(a.License, b.License),
		cmp.Compare(a.VirtualAccount, b.VirtualAccount),
	)
	if c != 0 || len(a.Evidence) == 0 || len(b.Evidence) == 0 {
		return c
	}
	return cmp.Or(cmp.Compare(a.Evidence[0].Source, b.Evidence[0].Source), cmp.Compare(a.Evidence[0].Line, b.Evidence[0].Line))
}

// civil returns the civil date of t: 00:00 UTC of its UTC day.
func civil(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// days counts whole days from a to b, two civil dates.
func days(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

func stateName(s smartaccount.ReservationState) string {
	if s == 0 {
		return "of no stated state"
	}
	return s.String()
}
