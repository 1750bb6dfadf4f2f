package cssm

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The Ref sources of the records a Sync reads: every entitlement and in-use
// count cites its license record, every product instance its device.
const (
	// SourceLicenses: Record is "VA|license" for an in-use count and
	// "VA|license|n" for the n-th entitlement line (licenseDetails) of it.
	SourceLicenses = "cssm:licenses"
	// SourceDevices: Record is the device's UDI ("PID:…,SN:…").
	SourceDevices = "cssm:devices"
)

// DefaultSyncWalks is how many times Sync walks a list that changed while it
// was being read before it gives up.
const DefaultSyncWalks = 3

// SyncParams configure Sync.
type SyncParams struct {
	// Domain is the Smart Account's domain. Required.
	Domain string
	// PageSize is the page size of the license and device lists; 0 is
	// DefaultPageSize.
	PageSize int
	// Walks is how many walks of a list that keeps changing are tried; 0
	// is DefaultSyncWalks.
	Walks int
	// Progress, when set, is called after each page with what has been
	// read so far.
	Progress func(SyncProgress)
}

// SyncProgress is how far a Sync has come.
type SyncProgress struct {
	Stage string // "virtual accounts", "licenses" or "devices"
	// Done and Total count the records of the stage's list (Total is 0
	// until the first page tells it).
	Done, Total int64
	// Walk counts the reads of the whole account, from 1; above 1 when the
	// licenses changed while the devices were read.
	Walk int
}

// Sync reads a complete Smart Account into a Snapshot: the account and its
// Virtual Accounts, one Entitlement per entitlement line of every license
// record (licenseDetails), CSSM's own in-use count per license and Virtual
// Account (Snapshot.InUse), and one ProductInstance per license a device
// uses (licenseUsage). Every record's Ref names its API source
// (SourceLicenses, SourceDevices). TakenAt is when the sync started.
//
// A Sync returns every record or an error, never a partial Snapshot: a
// list whose total changes between pages, or that ends with fewer distinct
// records than its total, is walked again (p.Walks times in all) and then
// fails with a *PageDriftError; records repeated across pages are read
// once. The licenses are read before and after the devices, and the whole
// read is done again (p.Walks times in all) when they differ: CSSM's in-use
// counts follow the devices, so a device registered or removed during the
// sync shows there. A record that names a Virtual Account the account list lacks (one
// created during the sync) makes Sync read the Virtual Accounts again, and
// fail if it is still missing.
//
// CSSM does not report what a dataset's product_instances.csv may hold
// beside its devices: SLP report and ACK dates and the transport stay zero,
// as do the Virtual Accounts' four dimensions, the entitlements' tags and
// the account's currency. The footprint, users and reservations are not
// CSSM's: Sync leaves them empty.
func Sync(ctx context.Context, c *Client, p SyncParams) (*smartaccount.Snapshot, error) {
	if p.Domain == "" {
		return nil, errRequired("SyncParams.Domain")
	}
	walks := p.Walks
	if walks <= 0 {
		walks = DefaultSyncWalks
	}
	progress := func(sp SyncProgress) {
		if p.Progress != nil {
			p.Progress(sp)
		}
	}
	snap := &smartaccount.Snapshot{TakenAt: time.Now().UTC()}
	acct, err := syncAccount(ctx, c, p.Domain)
	if err != nil {
		return nil, err
	}
	snap.Account = acct
	progress(SyncProgress{Stage: "virtual accounts", Done: int64(len(acct.VirtualAccounts)), Total: int64(len(acct.VirtualAccounts)), Walk: 1})

	list := &ListParams{Limit: p.PageSize}
	// The license list is read before and after the device list: CSSM's
	// in-use counts follow the devices, so a device registered or removed
	// during the sync shows as a change of the licenses, and the whole read
	// is done again.
	stage := func(name string, walk int) func(done int64, last bool) {
		return func(done int64, last bool) {
			switch {
			case last:
				progress(SyncProgress{Stage: name, Done: done, Total: done, Walk: walk})
			case done%int64(list.limit()) == 0:
				progress(SyncProgress{Stage: name, Done: done, Walk: walk})
			}
		}
	}
	readLicenses := func(walk int) (ents []smartaccount.Entitlement, inUse []smartaccount.InUse, err error) {
		err = readAll(walks, c.Licenses.All(ctx, p.Domain, list),
			func() { ents, inUse = ents[:0], inUse[:0] },
			func(l *License) (err error) {
				ents, inUse, err = addLicense(ents, inUse, l)
				return err
			}, stage("licenses", walk))
		return ents, inUse, err
	}
	for walk := 1; ; walk++ {
		ents, inUse, err := readLicenses(walk)
		if err != nil {
			return nil, err
		}
		err = readAll(walks, c.Devices.all(ctx, p.Domain, list, func(total int64) { growInstances(snap, total) }),
			func() { snap.Instances = snap.Instances[:0] },
			func(d *Device) error { return addDevice(snap, d) }, stage("devices", walk))
		if err != nil {
			return nil, err
		}
		ents2, inUse2, err := readLicenses(walk)
		if err != nil {
			return nil, err
		}
		if slices.Equal(ents, ents2) && slices.Equal(inUse, inUse2) {
			snap.Entitlements, snap.InUse = ents2, inUse2
			break
		}
		if walk == walks {
			return nil, fmt.Errorf("cssm: sync: the licenses changed while the devices were read, %d times: %w", walks, ErrPageDrift)
		}
	}
	if err := checkVirtualAccounts(ctx, c, p.Domain, snap); err != nil {
		return nil, err
	}
	return snap, nil
}

// readAll walks seq into add (after reset), reporting each record read and
// the last, and walks again when the list changes under it (retryWalks).
func readAll[T any](walks int, seq iter.Seq2[T, error], reset func(), add func(*T) error, report func(done int64, last bool)) error {
	return retryWalks(walks, func(int) error {
		reset()
		var done int64
		for v, err := range seq {
			if err != nil {
				return err
			}
			if err := add(&v); err != nil {
				return err
			}
			done++
			report(done, false)
		}
		report(done, true)
		return nil
	})
}

// retryWalks runs walk until it succeeds, fails with anything but page
// drift, or has run n times.
func retryWalks(n int, walk func(int) error) error {
	var err error
	for i := 1; i <= n; i++ {
		if err = walk(i); !errors.Is(err, ErrPageDrift) {
			return err
		}
	}
	return fmt.Errorf("cssm: sync: the list kept changing over %d walks: %w", n, err)
}

// syncAccount reads the account's name and its Virtual Accounts. A profile
// without the account list (or an account it does not list) keeps the
// domain as the name.
func syncAccount(ctx context.Context, c *Client, domain string) (smartaccount.Account, error) {
	acct := smartaccount.Account{Name: domain, Domain: domain}
	list, _, err := c.Accounts.List(ctx)
	switch {
	case errors.Is(err, ErrUnsupported):
	case err != nil:
		return acct, err
	}
	for _, a := range list {
		if a.Domain == domain && a.Name != "" {
			acct.Name = a.Name
		}
	}
	vas, _, err := c.VirtualAccounts.List(ctx, domain)
	if err != nil {
		return acct, err
	}
	seen := make(map[string]bool, len(vas))
	for _, va := range vas {
		if va.Name == "" || seen[va.Name] {
			continue
		}
		seen[va.Name] = true
		acct.VirtualAccounts = append(acct.VirtualAccounts, smartaccount.VirtualAccount{Name: va.Name})
	}
	return acct, nil
}

// addLicense converts one license record.
func addLicense(ents []smartaccount.Entitlement, inUse []smartaccount.InUse, l *License) ([]smartaccount.Entitlement, []smartaccount.InUse, error) {
	key := l.VirtualAccount + "|" + l.License
	if l.License == "" || l.VirtualAccount == "" {
		return nil, nil, fmt.Errorf("cssm: %s[%s]: a license record without license or Virtual Account name", SourceLicenses, key)
	}
	inUse = append(inUse, smartaccount.InUse{VirtualAccount: l.VirtualAccount, License: l.License, Quantity: l.InUse,
		Ref: smartaccount.Ref{Source: SourceLicenses, Record: key}})
	for i, d := range l.Details {
		ref := smartaccount.Ref{Source: SourceLicenses, Record: key + "|" + strconv.Itoa(i+1)}
		t, err := smartaccount.ParseLicenseType(d.LicenseType)
		if err != nil {
			return nil, nil, fmt.Errorf("cssm: %s: licenseType: %w", ref, err)
		}
		ents = append(ents, smartaccount.Entitlement{
			VirtualAccount: l.VirtualAccount, License: l.License, Type: t, Quantity: d.Quantity,
			Start: d.StartDate.Time, End: d.EndDate.Time, SubscriptionID: string(d.SubscriptionID), Status: d.Status, Ref: ref,
		})
	}
	return ents, inUse, nil
}

// growInstances makes room for the product instances of a device list of
// total devices, told by its first page: one instance per device and an
// eighth more for the devices that use several licenses; a total above
// 2^20 (as the walk's set of seen records) is taken as 2^20, not trusted
// with memory. Without it the instances of a 100,000-device account were
// allocated and copied seven times over while they grew (the largest
// allocation of a sync).
func growInstances(snap *smartaccount.Snapshot, total int64) {
	total = min(max(total, 0), 1<<20)
	if want := total + total/8; want > int64(cap(snap.Instances)) {
		snap.Instances = slices.Grow(snap.Instances, int(want)-len(snap.Instances))
	}
}

// addDevice converts one device into a product instance per license it
// uses. A device without license usage has no row to hold it.
func addDevice(snap *smartaccount.Snapshot, d *Device) error {
	if n := len(snap.Instances); n+len(d.LicenseUsage) > cap(snap.Instances) {
		// Double: append's growth of large slices (1.25×) would copy a
		// 100,000-instance account five times over.
		snap.Instances = slices.Grow(snap.Instances, max(n, 1024))
	}
	u, err := d.UDI()
	if err != nil {
		return fmt.Errorf("cssm: %s[%s]: %w", SourceDevices, d.DisplayName, err)
	}
	ref := smartaccount.Ref{Source: SourceDevices, Record: u.String()}
	if d.VirtualAccount == "" {
		return fmt.Errorf("cssm: %s: a device without a Virtual Account", ref)
	}
	for _, lu := range d.LicenseUsage {
		snap.Instances = append(snap.Instances, smartaccount.ProductInstance{
			UDI: u, Hostname: d.HostName, VirtualAccount: d.VirtualAccount, ProductTag: d.ProductTagName,
			License: lu.License, Quantity: lu.Quantity, Registered: d.RegistrationDate.Time, LastContact: d.LastContactDate.Time, Ref: ref,
		})
	}
	return nil
}

// checkVirtualAccounts makes sure every record names a listed Virtual
// Account, reading the list again once if one is missing.
func checkVirtualAccounts(ctx context.Context, c *Client, domain string, snap *smartaccount.Snapshot) error {
	missing := func() (string, smartaccount.Ref) {
		known := make(map[string]bool, len(snap.Account.VirtualAccounts))
		for _, va := range snap.Account.VirtualAccounts {
			known[va.Name] = true
		}
		for _, u := range snap.InUse {
			if !known[u.VirtualAccount] {
				return u.VirtualAccount, u.Ref
			}
		}
		for _, p := range snap.Instances {
			if !known[p.VirtualAccount] {
				return p.VirtualAccount, p.Ref
			}
		}
		return "", smartaccount.Ref{}
	}
	name, _ := missing()
	if name == "" {
		return nil
	}
	acct, err := syncAccount(ctx, c, domain)
	if err != nil {
		return err
	}
	snap.Account = acct
	if name, ref := missing(); name != "" {
		return fmt.Errorf("cssm: sync: %s names Virtual Account %q, which the Virtual Account list does not hold", ref, name)
	}
	return nil
}
