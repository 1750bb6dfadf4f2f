package smartaccount

import (
	"strconv"
	"time"

	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// Ref points at the input record a value came from: a file and line of a
// dataset, or an API record ("cssm:devices", index). Findings cite Refs as
// their evidence.
type Ref struct {
	Source string `json:"source"`
	Line   int    `json:"line,omitempty"`
}

// String returns "source:line", or the source alone when the line is unknown.
func (r Ref) String() string {
	if r.Line == 0 {
		return r.Source
	}
	return r.Source + ":" + strconv.Itoa(r.Line)
}

// Account is a Smart Account: the company-level container of Virtual
// Accounts, identified by its domain.
type Account struct {
	Name     string `json:"name"`
	Domain   string `json:"domain"`
	Currency string `json:"currency,omitempty"` // ISO 4217, e.g. "USD"
	// CustomerDomains are the e-mail domains of the customer's own staff; a
	// user outside them is an external user (METHOD.md §3).
	CustomerDomains []string                        `json:"customer_domains,omitempty"`
	VirtualAccounts []virtualaccount.VirtualAccount `json:"virtual_accounts"`
}

// VirtualAccount returns the Virtual Account named name and whether it exists.
func (a *Account) VirtualAccount(name string) (virtualaccount.VirtualAccount, bool) {
	for _, va := range a.VirtualAccounts {
		if va.Name == name {
			return va, true
		}
	}
	return virtualaccount.VirtualAccount{}, false
}

// StatusActive is the entitlement status that counts toward the position.
const StatusActive = "ACTIVE"

// Entitlement is a quantity of one license held in one Virtual Account.
type Entitlement struct {
	VirtualAccount string
	License        string
	Tag            string // ISO/IEC 19770-2 entitlement tag, when known
	Type           LicenseType
	Quantity       int64
	Start, End     time.Time // civil dates; zero when not given
	SubscriptionID string
	Status         string // "ACTIVE" unless CSSM says otherwise
	Ref            Ref
}

// Counts reports whether the entitlement counts toward the position on day d
// (METHOD.md §2): status ACTIVE and either perpetual or d within its term. A
// missing start or end leaves that side of the term open.
func (e *Entitlement) Counts(d time.Time) bool {
	if e.Status != StatusActive {
		return false
	}
	if e.Type == Perpetual {
		return true
	}
	return (e.Start.IsZero() || !d.Before(e.Start)) && (e.End.IsZero() || !d.After(e.End))
}

// ProductInstance is one license in use on one registered product instance:
// one row of product_instances.csv, one licenseUsage entry of CSSM's device
// list. The rows sharing a UDI and a Virtual Account make one registration.
type ProductInstance struct {
	UDI            UDI
	Hostname       string
	VirtualAccount string
	ProductTag     string
	License        string
	Quantity       int64
	Registered     time.Time // registration date; zero when not given
	LastContact    time.Time // zero when not given
	LastReport     time.Time // last SLP usage report; zero when not given
	LastACK        time.Time // last SLP acknowledgement; zero when not given
	Transport      Transport
	Ref            Ref
}

// LastSeen returns the instance's last sign of life: last contact, else last
// report, else registration date (METHOD.md §3 stale rule).
func (p *ProductInstance) LastSeen() time.Time {
	switch {
	case !p.LastContact.IsZero():
		return p.LastContact
	case !p.LastReport.IsZero():
		return p.LastReport
	}
	return p.Registered
}

// Device is one device of the buyer's own inventory (the footprint): what
// the buyer knows is deployed, spare, planned or gone, whatever CSSM says.
type Device struct {
	UDI             UDI
	Hostname        string
	Status          FootprintStatus
	Site            string
	BusinessUnit    string
	Region          string
	Workload        virtualaccount.Workload
	Environment     virtualaccount.Environment
	AirGap          AirGap
	RequiredLicense string    // the license the device actually needs, when known
	InService       time.Time // civil date; zero when not given
	GrowthSource    GrowthSource
	Ref             Ref
}

// User is a person with access to the Smart Account.
type User struct {
	Email          string
	Name           string
	Role           Role
	VirtualAccount string    // for Virtual Account roles
	LastLogin      time.Time // zero: never logged in, or not known
	Ref            Ref
}

// Reservation is a Specific License Reservation: licenses reserved in CSSM
// for one air-gapped device, which then never reports its usage.
type Reservation struct {
	UDI               UDI
	VirtualAccount    string
	License           string
	Tag               string
	Quantity          int64
	Type              LicenseType
	Start, End        time.Time // civil dates; zero when not given
	State             ReservationState
	RequestCode       string
	AuthorizationDate time.Time // civil date; zero when not authorized
	ConfirmationCode  string
	ReturnCode        string
	AirGap            AirGap
	Ref               Ref
}

// Snapshot is one Smart Account's state as of one moment, with the buyer's
// footprint beside it: everything the hygiene review reads.
type Snapshot struct {
	Account      Account
	Entitlements []Entitlement
	Instances    []ProductInstance
	Footprint    []Device
	Users        []User
	Reservations []Reservation
}
