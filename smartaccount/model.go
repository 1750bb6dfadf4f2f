package smartaccount

import (
	"strconv"
	"strings"
	"time"
)

// Ref points at the input record a value came from: a line of a dataset
// file (Source "product_instances.csv", Line 12), a record of an API
// (Source "cssm:devices", Record "PID:C9300-24UX,SN:FCW2134L0RN"), or every
// record of a source with given values (Source "product_instances.csv",
// Record "virtual_account=Core, license=C9300 DNA Advantage", made by
// Selection) — how a finding about a total cites the thousands of rows it
// sums without listing each. Findings cite Refs as their evidence.
type Ref struct {
	Source string `json:"source"`
	Line   int    `json:"line,omitempty"`
	// Record is the key of an API record within Source, or a selection of
	// its records (Selection); "" for file lines.
	Record string `json:"record,omitempty"`
}

// Selection returns the Ref of every record of source whose fields have
// the given values, as name/value pairs: Selection("product_instances.csv",
// "virtual_account", "Core", "license", "DNA HSEC") prints as
// product_instances.csv[virtual_account=Core, license=DNA HSEC]. A value
// holding a comma, an equals sign, a bracket or a quote is quoted, so the
// text always reads back to the same pairs.
func Selection(source string, pairs ...string) Ref {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pairs[i])
		b.WriteByte('=')
		if v := pairs[i+1]; strings.ContainsAny(v, ",=[]\"") || strings.TrimSpace(v) != v {
			b.WriteString(strconv.Quote(v))
		} else {
			b.WriteString(v)
		}
	}
	return Ref{Source: source, Record: b.String()}
}

// String returns "source:line" for a file line, "source[record]" for an API
// record, or the source alone.
func (r Ref) String() string {
	switch {
	case r.Record != "":
		return r.Source + "[" + r.Record + "]"
	case r.Line != 0:
		return r.Source + ":" + strconv.Itoa(r.Line)
	}
	return r.Source
}

// Compare orders Refs as their records come in the inputs: by source, then
// line, then record key. It returns -1, 0 or +1.
func (r Ref) Compare(o Ref) int {
	if c := strings.Compare(r.Source, o.Source); c != 0 {
		return c
	}
	if r.Line != o.Line {
		if r.Line < o.Line {
			return -1
		}
		return 1
	}
	return strings.Compare(r.Record, o.Record)
}

// Account is a Smart Account: the company-level container of Virtual
// Accounts, identified by its domain.
type Account struct {
	Name     string `json:"name"`
	Domain   string `json:"domain"`
	Currency string `json:"currency,omitempty"` // ISO 4217, e.g. "USD"
	// CustomerDomains are the e-mail domains of the customer's own staff; a
	// user outside them is an external user (METHOD.md §3).
	CustomerDomains []string         `json:"customer_domains,omitempty"`
	VirtualAccounts []VirtualAccount `json:"virtual_accounts"`
}

// VirtualAccount returns the Virtual Account named name and whether it exists.
func (a *Account) VirtualAccount(name string) (VirtualAccount, bool) {
	for _, va := range a.VirtualAccounts {
		if va.Name == name {
			return va, true
		}
	}
	return VirtualAccount{}, false
}

// EntitlementActive is the entitlement status that counts toward the
// position. An empty Status means the same: CSSM reports other words only
// for entitlements that do not count.
const EntitlementActive = "ACTIVE"

// Entitlement is a quantity of one license held in one Virtual Account.
type Entitlement struct {
	VirtualAccount string
	License        string
	Tag            string // ISO/IEC 19770-2 entitlement tag, when known
	Type           LicenseType
	Quantity       int64
	Start, End     time.Time // civil dates; zero when not given
	SubscriptionID string
	Status         string // EntitlementActive, "" (the same), or CSSM's word for one that does not count
	Ref            Ref
}

// Counts reports whether the entitlement counts toward the position on day d
// (METHOD.md §2): status ACTIVE (or empty; any case) and either perpetual or
// d within its term. A missing start or end leaves that side of the term open.
func (e *Entitlement) Counts(d time.Time) bool {
	if e.Status != "" && e.Status != EntitlementActive && !strings.EqualFold(e.Status, EntitlementActive) {
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
	Workload        Workload
	Environment     Environment
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

// Holds reports whether the reservation holds its units (METHOD.md §7):
// while authorized, installed or return-requested. A requested one holds
// nothing yet; a returned one nothing any more. A reservation whose state is
// not given (zero) is taken to be in force: listing a reservation says it
// holds units unless its state says otherwise.
func (r *Reservation) Holds() bool {
	return r.State == 0 || r.State == Authorized || r.State == Installed || r.State == ReturnRequested
}

// InUse is CSSM's own count of the units of one license in use in one
// Virtual Account (the licenses endpoint's "inUse"). The review compares it
// with the product-instance rows and reports a difference as a finding
// (METHOD.md §2); it never corrects the position.
type InUse struct {
	VirtualAccount string
	License        string
	Quantity       int64
	Ref            Ref
}

// Snapshot is one Smart Account's state as of one moment, with the buyer's
// footprint beside it: everything the hygiene review reads.
type Snapshot struct {
	Account Account
	// TakenAt is when the Smart Account's state was read (a sync's start, or
	// the dataset's taken_at); zero when not known.
	TakenAt      time.Time
	Entitlements []Entitlement
	Instances    []ProductInstance
	// InUse holds CSSM's in-use counts per license and Virtual Account,
	// where they are known (a sync always has them; a dataset when it has
	// in_use.csv).
	InUse        []InUse
	Footprint    []Device
	Users        []User
	Reservations []Reservation
}
