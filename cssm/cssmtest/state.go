package cssmtest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// state is the fake Smart Account. All of it is guarded by Server.mu.
type state struct {
	name, domain string
	accountID    int64
	vas          []*vaState
	licenses     map[licKey]*licState
	devices      []*devState // in list order
	devIndex     map[devKey]*devState
	polls        map[int64]*poll
	nextPoll     int64
	shifts       int
	// changes counts the changes of the device list (a device added,
	// moved or removed); used is the devices' usage at usedAt changes. The
	// license list sums the usage of every device, and a sync reads it a
	// few pages at a time, twice: once per change is enough.
	changes, usedAt int
	used            map[licKey]int64
}

type vaState struct {
	name, description string
	id                int64
	isDefault         bool
	tokens            []cssm.RegistrationToken
}

type licKey struct{ va, license string }

type licState struct {
	tag      string
	details  []cssm.LicenseDetail
	inUseAdj int64 // seeded in-use count minus the devices' usage at seed time
	reserved int64
}

type devKey struct {
	udi smartaccount.UDI
	va  string
}

type devState struct {
	dev  cssm.Device
	udi  smartaccount.UDI
	json []byte // the encoded device, cached for the list
}

// encoded returns the device's JSON, encoding it on first use into scratch
// (the caller's reused buffer) and keeping an exact-sized copy.
func (d *devState) encoded(scratch *[]byte) []byte {
	if d.json == nil {
		*scratch = appendDevice((*scratch)[:0], &d.dev)
		d.json = slices.Clone(*scratch)
	}
	return d.json
}

type poll struct {
	kind      string // "authorizations" or "acknowledgements"
	remaining int    // polls still answered OK_POLL
	data      cssm.PollData
}

func newState() *state {
	return &state{
		name: "Example Smart Account", domain: "example.com", accountID: 1000001,
		licenses: map[licKey]*licState{}, devIndex: map[devKey]*devState{}, polls: map[int64]*poll{},
		nextPoll: 773126444402795033,
	}
}

// seed replaces the state with snap's account, Virtual Accounts,
// entitlements, product instances and in-use counts.
func seed(snap *smartaccount.Snapshot) (*state, error) {
	st := newState()
	if snap.Account.Domain != "" {
		st.domain = snap.Account.Domain
	}
	if snap.Account.Name != "" {
		st.name = snap.Account.Name
	}
	for i, va := range snap.Account.VirtualAccounts {
		st.vas = append(st.vas, &vaState{name: va.Name, id: 2000001 + int64(i), isDefault: i == 0})
	}
	for _, e := range snap.Entitlements {
		if st.va(e.VirtualAccount) == nil {
			return nil, fmt.Errorf("cssmtest: entitlement %s: Virtual Account %q not in the account", e.Ref, e.VirtualAccount)
		}
		l := st.license(e.VirtualAccount, e.License)
		if l.tag == "" {
			l.tag = e.Tag
		}
		l.details = append(l.details, cssm.LicenseDetail{
			LicenseType: e.Type.String(), Quantity: e.Quantity,
			StartDate: cssm.Date{Time: e.Start}, EndDate: cssm.Date{Time: e.End},
			SubscriptionID: cssm.String(e.SubscriptionID), Status: cmp.Or(e.Status, smartaccount.EntitlementActive),
		})
	}
	for _, p := range snap.Instances {
		if st.va(p.VirtualAccount) == nil {
			return nil, fmt.Errorf("cssmtest: product instance %s: Virtual Account %q not in the account", p.Ref, p.VirtualAccount)
		}
		k := devKey{p.UDI, p.VirtualAccount}
		d := st.devIndex[k]
		if d == nil {
			d = &devState{udi: p.UDI, dev: cssm.Device{
				SUDI:             cssm.SUDI{UDIPID: p.UDI.PID, UDISerialNumber: p.UDI.Serial},
				HostName:         p.Hostname,
				VirtualAccount:   p.VirtualAccount,
				ProductTagName:   p.ProductTag,
				Status:           "In Compliance",
				RegistrationDate: cssm.Date{Time: p.Registered},
				LastContactDate:  cssm.Date{Time: p.LastContact},
				DisplayName:      "UDI_PID:" + p.UDI.PID + "; UDI_SN:" + p.UDI.Serial + "; ",
			}}
			st.devIndex[k] = d
			st.devices = append(st.devices, d)
		}
		d.dev.LicenseUsage = append(d.dev.LicenseUsage, cssm.LicenseUsage{License: p.License, Quantity: p.Quantity})
		st.license(p.VirtualAccount, p.License)
	}
	used := st.usage()
	for _, u := range snap.InUse {
		k := licKey{u.VirtualAccount, u.License}
		st.license(k.va, k.license).inUseAdj = u.Quantity - used[k]
	}
	return st, nil
}

func (st *state) va(name string) *vaState {
	for _, v := range st.vas {
		if v.name == name {
			return v
		}
	}
	return nil
}

func (st *state) vaByID(id int64) *vaState {
	for _, v := range st.vas {
		if v.id == id {
			return v
		}
	}
	return nil
}

// license returns the record of (va, license), creating it.
func (st *state) license(va, license string) *licState {
	k := licKey{va, license}
	l := st.licenses[k]
	if l == nil {
		l = &licState{}
		st.licenses[k] = l
	}
	return l
}

// devicesChanged is called after each change of the device list.
func (st *state) devicesChanged() { st.changes++ }

// usage sums the devices' license usage per (Virtual Account, license). The
// map is shared until the devices change: read it, never write it.
func (st *state) usage() map[licKey]int64 {
	if st.used != nil && st.usedAt == st.changes {
		return st.used
	}
	used := map[licKey]int64{}
	for _, d := range st.devices {
		for _, u := range d.dev.LicenseUsage {
			used[licKey{d.dev.VirtualAccount, u.License}] += u.Quantity
		}
	}
	st.used, st.usedAt = used, st.changes
	return used
}

// licenseList returns the license records in list order (Virtual Account,
// then license), with their counts on day: the quantity counts the lines
// that count on day (cssm.LicenseDetail.Counts); all lines are listed.
func (st *state) licenseList(day time.Time) []cssm.License {
	used := st.usage()
	keys := make([]licKey, 0, len(st.licenses))
	for k := range st.licenses {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b licKey) int { return cmp.Or(cmp.Compare(a.va, b.va), cmp.Compare(a.license, b.license)) })
	out := make([]cssm.License, 0, len(keys))
	for _, k := range keys {
		l := st.licenses[k]
		var qty int64
		for _, d := range l.details {
			if d.Counts(day) {
				qty += d.Quantity
			}
		}
		inUse := used[k] + l.inUseAdj
		status := "In Compliance"
		if inUse > qty {
			status = "Out Of Compliance"
		}
		out = append(out, cssm.License{
			License: k.license, VirtualAccount: k.va, Quantity: qty, InUse: inUse,
			Available: qty - inUse - l.reserved, Reserved: l.reserved, BillingType: "PREPAID",
			Status: status, Details: slices.Clone(l.details),
		})
	}
	return out
}

// snapshot returns the state as a complete Sync of it reads it.
func (st *state) snapshot(day time.Time) *smartaccount.Snapshot {
	snap := &smartaccount.Snapshot{Account: smartaccount.Account{Name: st.name, Domain: st.domain}}
	for _, v := range st.vas {
		snap.Account.VirtualAccounts = append(snap.Account.VirtualAccounts, smartaccount.VirtualAccount{Name: v.name})
	}
	for _, l := range st.licenseList(day) {
		ref := l.VirtualAccount + "|" + l.License
		snap.InUse = append(snap.InUse, smartaccount.InUse{VirtualAccount: l.VirtualAccount, License: l.License, Quantity: l.InUse,
			Ref: smartaccount.Ref{Source: cssm.SourceLicenses, Record: ref}})
		for i, d := range l.Details {
			t, _ := smartaccount.ParseLicenseType(d.LicenseType)
			snap.Entitlements = append(snap.Entitlements, smartaccount.Entitlement{
				VirtualAccount: l.VirtualAccount, License: l.License, Type: t, Quantity: d.Quantity,
				Start: d.StartDate.Time, End: d.EndDate.Time, SubscriptionID: string(d.SubscriptionID), Status: d.Status,
				Ref: smartaccount.Ref{Source: cssm.SourceLicenses, Record: ref + "|" + strconv.Itoa(i+1)},
			})
		}
	}
	for _, d := range st.devices {
		for _, u := range d.dev.LicenseUsage {
			snap.Instances = append(snap.Instances, smartaccount.ProductInstance{
				UDI: d.udi, Hostname: d.dev.HostName, VirtualAccount: d.dev.VirtualAccount, ProductTag: d.dev.ProductTagName,
				License: u.License, Quantity: u.Quantity, Registered: d.dev.RegistrationDate.Time, LastContact: d.dev.LastContactDate.Time,
				Ref: smartaccount.Ref{Source: cssm.SourceDevices, Record: d.udi.String()},
			})
		}
	}
	return snap
}

// addDevice inserts a new device at the front of the list (a total that
// changes between pages).
func (st *state) shiftDevices() {
	st.shifts++
	if len(st.vas) == 0 {
		return
	}
	u := smartaccount.UDI{PID: "SHIFT-PID", Serial: "SHIFT" + strconv.Itoa(st.shifts)}
	license := "Shifted License"
	if len(st.devices) > 0 && len(st.devices[0].dev.LicenseUsage) > 0 {
		license = st.devices[0].dev.LicenseUsage[0].License
	}
	d := &devState{udi: u, dev: cssm.Device{
		SUDI: cssm.SUDI{UDIPID: u.PID, UDISerialNumber: u.Serial}, VirtualAccount: st.vas[0].name, Status: "In Compliance",
		RegistrationDate: cssm.Date{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		LicenseUsage:     []cssm.LicenseUsage{{License: license, Quantity: 1}},
	}}
	st.devIndex[devKey{u, d.dev.VirtualAccount}] = d
	st.devices = append([]*devState{d}, st.devices...)
	st.devicesChanged()
	st.license(d.dev.VirtualAccount, license)
}

// shiftLicenses adds a license record that sorts first (a total that
// changes between pages of the license list).
func (st *state) shiftLicenses() {
	st.shifts++
	if len(st.vas) == 0 {
		return
	}
	l := st.license(st.vas[0].name, " Shifted License "+strconv.Itoa(st.shifts))
	l.details = append(l.details, cssm.LicenseDetail{LicenseType: "PERPETUAL", Quantity: 1, Status: smartaccount.EntitlementActive})
}
