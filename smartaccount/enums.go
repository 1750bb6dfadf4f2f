package smartaccount

import "github.com/openrenewal/smartlicensing/internal/enum"

// UnknownValueError reports text that names no value of an enumeration; it
// lists the accepted names. Use errors.As to branch on it.
type UnknownValueError = enum.Error

// LicenseType is the type of an entitlement as CSSM reports it. The zero
// value means "not given".
type LicenseType uint8

// License types.
const (
	Perpetual LicenseType = iota + 1
	Term
	Subscription
	Standard
	Demo
)

var licenseTypes = enum.New[LicenseType]("license type",
	[]string{"", "PERPETUAL", "TERM", "SUBSCRIPTION", "STANDARD", "DEMO"}, nil)

// ParseLicenseType parses PERPETUAL, TERM, SUBSCRIPTION, STANDARD or DEMO,
// case-insensitively. Empty text is the zero value.
func ParseLicenseType(s string) (LicenseType, error) { return licenseTypes.Parse(s) }

// String returns the name as CSSM spells it ("PERPETUAL", …), "" for the zero value.
func (t LicenseType) String() string { return licenseTypes.String(t) }

// MarshalText implements encoding.TextMarshaler.
func (t LicenseType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseLicenseType.
func (t *LicenseType) UnmarshalText(b []byte) (err error) {
	*t, err = licenseTypes.Parse(string(b))
	return err
}

// Transport is how a product instance reports its usage to CSSM. The zero
// value means "not given".
type Transport uint8

// Transports.
const (
	TransportSmart   Transport = iota + 1 // direct to CSSM (Smart transport or Call Home)
	TransportCSLU                         // through Cisco Smart License Utility
	TransportOnPrem                       // through SSM On-Prem
	TransportOffline                      // manual report files
	TransportSLR                          // Specific License Reservation: never reports
)

var transports = enum.New[Transport]("transport",
	[]string{"", "smart", "cslu", "on-prem", "offline", "slr"},
	map[string]Transport{"callhome": TransportSmart, "call-home": TransportSmart, "onprem": TransportOnPrem, "ssm-on-prem": TransportOnPrem, "transport-off": TransportOffline, "off": TransportOffline})

// ParseTransport parses smart, cslu, on-prem, offline or slr
// case-insensitively (also "callhome" and "transport off", as devices print
// them). Empty text is the zero value.
func ParseTransport(s string) (Transport, error) { return transports.Parse(s) }

// String returns the canonical name, "" for the zero value.
func (t Transport) String() string { return transports.String(t) }

// MarshalText implements encoding.TextMarshaler.
func (t Transport) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseTransport.
func (t *Transport) UnmarshalText(b []byte) (err error) {
	*t, err = transports.Parse(string(b))
	return err
}

// FootprintStatus is a device's state in the buyer's own inventory. The zero
// value means "not given".
type FootprintStatus uint8

// Footprint statuses.
const (
	FootprintActive FootprintStatus = iota + 1
	FootprintDecommissioned
	FootprintRetired
	FootprintDisposed
	FootprintPlanned
	FootprintSpare
)

var footprintStatuses = enum.New[FootprintStatus]("footprint status",
	[]string{"", "active", "decommissioned", "retired", "disposed", "planned", "spare"},
	map[string]FootprintStatus{"in-service": FootprintActive, "decom": FootprintDecommissioned})

// ParseFootprintStatus parses active, decommissioned, retired, disposed,
// planned or spare, case-insensitively. Empty text is the zero value.
func ParseFootprintStatus(s string) (FootprintStatus, error) { return footprintStatuses.Parse(s) }

// String returns the canonical name, "" for the zero value.
func (s FootprintStatus) String() string { return footprintStatuses.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s FootprintStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseFootprintStatus.
func (s *FootprintStatus) UnmarshalText(b []byte) (err error) {
	*s, err = footprintStatuses.Parse(string(b))
	return err
}

// Gone reports whether the device has left service for good (decommissioned,
// retired or disposed): its registrations are reclaimable (METHOD.md §3).
func (s FootprintStatus) Gone() bool {
	return s == FootprintDecommissioned || s == FootprintRetired || s == FootprintDisposed
}

// AirGap is the category of an air-gapped device or reservation. The zero
// value means "not given"; AirGapNone says explicitly that the device is
// connected.
type AirGap uint8

// Air-gap categories.
const (
	AirGapNone AirGap = iota + 1
	Classified
	DarkSite
	Restricted
)

var airGaps = enum.New[AirGap]("air-gap category",
	[]string{"", "none", "classified", "dark-site", "restricted"},
	map[string]AirGap{"darksite": DarkSite, "dark": DarkSite})

// ParseAirGap parses none, classified, dark-site or restricted,
// case-insensitively. Empty text is the zero value.
func ParseAirGap(s string) (AirGap, error) { return airGaps.Parse(s) }

// String returns the canonical name, "" for the zero value.
func (a AirGap) String() string { return airGaps.String(a) }

// MarshalText implements encoding.TextMarshaler.
func (a AirGap) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseAirGap.
func (a *AirGap) UnmarshalText(b []byte) (err error) {
	*a, err = airGaps.Parse(string(b))
	return err
}

// IsAirGapped reports whether a names one of the air-gapped categories.
func (a AirGap) IsAirGapped() bool { return a == Classified || a == DarkSite || a == Restricted }

// GrowthSource says why a device entered service; true-forward overage is
// attributed by it (METHOD.md §5). The zero value means "not given".
type GrowthSource uint8

// Growth sources.
const (
	Baseline GrowthSource = iota + 1
	Organic
	Project
	Acquisition
)

var growthSources = enum.New[GrowthSource]("growth source",
	[]string{"", "baseline", "organic", "project", "acquisition"}, nil)

// ParseGrowthSource parses baseline, organic, project or acquisition,
// case-insensitively. Empty text is the zero value.
func ParseGrowthSource(s string) (GrowthSource, error) { return growthSources.Parse(s) }

// String returns the canonical name, "" for the zero value.
func (g GrowthSource) String() string { return growthSources.String(g) }

// MarshalText implements encoding.TextMarshaler.
func (g GrowthSource) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseGrowthSource.
func (g *GrowthSource) UnmarshalText(b []byte) (err error) {
	*g, err = growthSources.Parse(string(b))
	return err
}

// ReservationState is where an SLR reservation stands in its lifecycle:
// requested → authorized → installed → return-requested → returned. The
// zero value means "not given".
type ReservationState uint8

// Reservation states, in lifecycle order.
const (
	Requested ReservationState = iota + 1
	Authorized
	Installed
	ReturnRequested
	Returned
)

var reservationStates = enum.New[ReservationState]("reservation state",
	[]string{"", "requested", "authorized", "installed", "return-requested", "returned"}, nil)

// ParseReservationState parses requested, authorized, installed,
// return-requested or returned, case-insensitively. Empty text is the zero value.
func ParseReservationState(s string) (ReservationState, error) { return reservationStates.Parse(s) }

// String returns the canonical name, "" for the zero value.
func (s ReservationState) String() string { return reservationStates.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s ReservationState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseReservationState.
func (s *ReservationState) UnmarshalText(b []byte) (err error) {
	*s, err = reservationStates.Parse(string(b))
	return err
}

// Role is a Smart Account user's access role. The zero value means "not
// given".
type Role uint8

// Roles, as CSSM grants them.
const (
	SmartAccountAdmin Role = iota + 1
	SmartAccountUser
	SmartAccountViewer
	VirtualAccountAdmin
	VirtualAccountUser
	VirtualAccountViewer
)

var roles = enum.New[Role]("role",
	[]string{"", "sa-admin", "sa-user", "sa-viewer", "va-admin", "va-user", "va-viewer"},
	map[string]Role{
		"smart-account-administrator": SmartAccountAdmin, "smart-account-admin": SmartAccountAdmin,
		"smart-account-user": SmartAccountUser, "smart-account-viewer": SmartAccountViewer,
		"virtual-account-administrator": VirtualAccountAdmin, "virtual-account-admin": VirtualAccountAdmin,
		"virtual-account-user": VirtualAccountUser, "virtual-account-viewer": VirtualAccountViewer,
	})

// ParseRole parses a role: the short names sa-admin, sa-user, sa-viewer,
// va-admin, va-user, va-viewer, or CSSM's long names ("Smart Account
// Administrator", "SMART_ACCOUNT_ADMIN", "Virtual Account User", …),
// case-insensitively. Empty text is the zero value.
func ParseRole(s string) (Role, error) { return roles.Parse(s) }

// String returns the short name ("sa-admin", …), "" for the zero value.
func (r Role) String() string { return roles.String(r) }

// MarshalText implements encoding.TextMarshaler.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseRole.
func (r *Role) UnmarshalText(b []byte) (err error) {
	*r, err = roles.Parse(string(b))
	return err
}

// OnVirtualAccount reports whether the role is granted on one Virtual
// Account rather than on the whole Smart Account.
func (r Role) OnVirtualAccount() bool {
	return r == VirtualAccountAdmin || r == VirtualAccountUser || r == VirtualAccountViewer
}
