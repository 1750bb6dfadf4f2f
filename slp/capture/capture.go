package capture

import (
	"errors"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/internal/enum"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// MaxBytes bounds the size of one capture accepted by Parse, ParseAs and
// Detect (8 MiB). The largest real `show license tech support` output is a
// few tens of kilobytes.
const MaxBytes = 8 << 20

// MaxLines bounds the number of lines of one capture (262144; a full
// 5 MB event log has about 35000). With MaxBytes it bounds the memory
// a parse takes to a small multiple of the input.
const MaxLines = 1 << 18

// ErrNotCapture is wrapped by the error of Parse when the detector cannot
// tell which command produced a capture.
var ErrNotCapture = errors.New("not a recognised show license capture")

// Command names the device command that produced a capture.
type Command uint8

// Commands the parsers understand. IOS XE is the default platform; the
// NX-OS and ASA forms have their own values.
const (
	CommandUnknown     Command = iota
	CommandStatus              // IOS XE show license status (either model)
	CommandSummary             // IOS XE show license summary
	CommandUsage               // IOS XE show license usage
	CommandAll                 // IOS XE show license all
	CommandTechSupport         // IOS XE show license tech support
	CommandUDI                 // IOS XE show license udi (both forms)
	CommandRUMIDAll            // IOS XE show license rum id all
	CommandRUMIDDetail         // IOS XE show license rum id … detail
	CommandEventlog            // IOS XE show license eventlog
	CommandNXOSUsage           // NX-OS show license usage (classic table or NX-OS 10 blocks)
	CommandASAAll              // ASA show license all
)

var commands = enum.New[Command]("command", []string{
	"", "show license status", "show license summary", "show license usage", "show license all",
	"show license tech support", "show license udi", "show license rum id all",
	"show license rum id detail", "show license eventlog", "nxos show license usage", "asa show license all",
}, nil)

// String returns the command as a user would type it, prefixed by the
// platform for NX-OS and ASA ("nxos show license usage"); "" for
// CommandUnknown.
func (c Command) String() string { return commands.String(c) }

// MarshalText implements encoding.TextMarshaler.
func (c Command) MarshalText() ([]byte, error) { return commands.Text(c) }

// Model is the licensing model a device runs, as its capture shows it.
type Model uint8

// Licensing models.
const (
	ModelUnknown      Model = iota // the capture does not say
	ModelPolicy                    // Smart Licensing Using Policy (SLP)
	ModelRegistration              // the older registration model (Registration / License Authorization)
)

var models = enum.New[Model]("model", []string{"", "policy", "registration"}, nil)

// String returns "policy", "registration" or "" for ModelUnknown.
func (m Model) String() string { return models.String(m) }

// MarshalText implements encoding.TextMarshaler.
func (m Model) MarshalText() ([]byte, error) { return models.Text(m) }

// Member is one member of a high-availability system or stack.
type Member struct {
	Role string           `json:"role"` // "Active", "Standby", "Member", or the slot of the old UDI table
	UDI  smartaccount.UDI `json:"udi"`
}

// Capture is everything read from one `show license …` capture. Sections the
// capture does not have stay nil or empty. Names, tags and states are kept as
// the device spells them.
//
// Times are UTC instants. The zero time means "never" or "not set": the
// device printed <none>, <empty>, None, Not Configured, Expired Not
// Rescheduled or the 1970 epoch, or the capture does not have the value.
type Capture struct {
	File     string    `json:"file,omitempty"` // the name given to Parse
	Command  Command   `json:"command"`
	Hostname string    `json:"hostname,omitempty"` // from a prompt echo ("c1000v-5#show license status")
	Clock    time.Time `json:"clock,omitzero"`     // device clock: the "Time source is …" banner or "Current time:"
	Model    Model     `json:"model,omitempty"`

	SmartLicensing string `json:"smart_licensing,omitempty"` // "ENABLED" in "Smart Licensing is ENABLED"
	ReportingMode  string `json:"reporting_mode,omitempty"`  // "STANDARD" (Smart Licensing Using Policy: Reporting Mode)

	Account         *Account           `json:"account,omitempty"`
	Transport       *TransportSettings `json:"transport,omitempty"`
	Policy          *policy.Policy     `json:"policy,omitempty"`          // values and their source; nil when the capture has no Policy section
	PolicyInUse     string             `json:"policy_in_use,omitempty"`   // as printed: "Installed On …", "Merged from multiple sources."
	PolicyInstalled time.Time          `json:"policy_installed,omitzero"` // the date of "Installed On …"
	Reporting       *Reporting         `json:"reporting,omitempty"`       // Usage Reporting
	TrustCode       *TrustCode         `json:"trust_code,omitempty"`      // Trust Code Installed, or the trust lines of tech support
	Registration    *Registration      `json:"registration,omitempty"`    // the older registration model
	Authorization   *Authorization     `json:"authorization,omitempty"`   // License Authorization: Status …

	Licenses []License `json:"licenses,omitempty"` // usage blocks, tech-support handles, summary rows, ASA and NX-OS 10 blocks
	Features []Feature `json:"features,omitempty"` // NX-OS classic table rows

	UDI            smartaccount.UDI           `json:"udi,omitzero"`
	HA             []Member                   `json:"ha,omitempty"` // HA UDI List, or the rows of the old UDI table when there are several
	AgentVersion   string                     `json:"agent_version,omitempty"`
	SoftwareID     string                     `json:"software_id,omitempty"`    // tech support: the product's software tag (regid…)
	Authorizations []MemberStatus             `json:"authorizations,omitempty"` // License Authorizations: status per member
	Reservation    *Reservation               `json:"reservation,omitempty"`
	ReportSummary  *ReportSummary             `json:"report_summary,omitempty"`
	Reports        []UsageReportEntry         `json:"reports,omitempty"` // show license rum id …
	Events         []Event                    `json:"events,omitempty"`  // show license eventlog
	Warnings       []*smartaccount.ParseError `json:"warnings,omitempty"`
}

// Account is the Smart Account and Virtual Account the device belongs to.
// Capture.Account is nil when the device prints <none> for both.
type Account struct {
	SmartAccount   string    `json:"smart_account,omitempty"`
	AsOf           time.Time `json:"as_of,omitzero"` // the date glued after the name: "NAME As of <date>"
	VirtualAccount string    `json:"virtual_account,omitempty"`
}

// TransportSettings is the Transport section: how the device sends its
// reports (smartaccount.Transport names the mode an instance reports by).
type TransportSettings struct {
	Type                string `json:"type,omitempty"`         // as printed: "Smart", "cslu", "Callhome", "Transport Off", …
	URL                 string `json:"url,omitempty"`          // Smart transport
	CSLUAddress         string `json:"cslu_address,omitempty"` // cslu transport
	ProxyAddress        string `json:"proxy_address,omitempty"`
	ProxyPort           string `json:"proxy_port,omitempty"`
	ProxyUsername       string `json:"proxy_username,omitempty"` // the password is never kept
	VRF                 string `json:"vrf,omitempty"`
	ServerIdentityCheck string `json:"server_identity_check,omitempty"` // "True", "False"
}

// Reporting is the Usage Reporting section of an SLP device.
type Reporting struct {
	LastACK             time.Time `json:"last_ack,omitzero"`
	NextACKDeadline     time.Time `json:"next_ack_deadline,omitzero"`
	PushIntervalDays    int       `json:"push_interval_days,omitempty"` // "Reporting push interval: 30  days …"
	NextACKPushCheck    time.Time `json:"next_ack_push_check,omitzero"`
	NextReportPush      time.Time `json:"next_report_push,omitzero"`
	LastReportPush      time.Time `json:"last_report_push,omitzero"`
	LastReportFileWrite time.Time `json:"last_report_file_write,omitzero"`
}

// TrustCode is the trust-code state. A non-nil TrustCode with no values
// means the device printed "Trust Code Installed: <none>".
type TrustCode struct {
	Installed time.Time     `json:"installed,omitzero"` // "Trust Code Installed: <date>"
	Type      string        `json:"type,omitempty"`     // "Trust Code Installed: Trust Code Type: CSSM"
	Overall   string        `json:"overall,omitempty"`  // tech support "Overall Trust: INSTALLED (2)"
	Members   []TrustMember `json:"members,omitempty"`
}

// TrustMember is the trust-code state of one HA member.
type TrustMember struct {
	Role      string           `json:"role,omitempty"`
	UDI       smartaccount.UDI `json:"udi"`
	State     string           `json:"state,omitempty"` // "INSTALLED", "No Trust Data", "Trust Data INSTALLED", …
	Installed time.Time        `json:"installed,omitzero"`
}

// Registration is the Registration section of the older model.
type Registration struct {
	Status              string    `json:"status,omitempty"` // REGISTERED, UNREGISTERED, …
	ExportControlled    string    `json:"export_controlled,omitempty"`
	InitialRegistration Attempt   `json:"initial_registration,omitzero"`
	LastRenewal         Attempt   `json:"last_renewal,omitzero"`
	NextRenewal         time.Time `json:"next_renewal,omitzero"`
	Expires             time.Time `json:"expires,omitzero"`
}

// Attempt is a result with the time it happened: "SUCCEEDED on <date>".
type Attempt struct {
	Result string    `json:"result,omitempty"`
	Time   time.Time `json:"time,omitzero"`
}

// Authorization is the License Authorization section.
type Authorization struct {
	Status                string        `json:"status,omitempty"` // AUTHORIZED, OUT OF COMPLIANCE, EVAL MODE, Not Applicable, …
	Since                 time.Time     `json:"since,omitzero"`   // "AUTHORIZED on <date>"
	LastCommunication     Attempt       `json:"last_communication,omitzero"`
	NextCommunication     time.Time     `json:"next_communication,omitzero"`
	CommunicationDeadline time.Time     `json:"communication_deadline,omitzero"`
	EvaluationRemaining   time.Duration `json:"evaluation_remaining,omitempty"`
}

// License is one license the device reports: a usage block, a tech-support
// handle, or a summary row. Fields the capture does not print stay empty.
type License struct {
	Handle int    `json:"handle,omitempty"` // tech support only
	Name   string `json:"name,omitempty"`   // "network-advantage"; empty in NX-OS 10 and some ASA blocks
	// Label is the text in parentheses after the name: the short name of
	// the entitlement tag ("DNA_HSEC", "LAN_ENTERPRISE_SERVICES_PKG") or a
	// display name ("C9300-24 Network Advantage"), possibly truncated
	// ("C9300-48 Network Advan...").
	Label              string    `json:"label,omitempty"`
	EntitlementTag     string    `json:"entitlement_tag,omitempty"` // the full regid tag, tech support only
	Description        string    `json:"description,omitempty"`
	Count              int       `json:"count"`
	Version            string    `json:"version,omitempty"`
	Status             string    `json:"status,omitempty"`      // "IN USE", "NOT IN USE", "AUTHORIZED", … (code removed)
	StatusCode         int       `json:"status_code,omitempty"` // 15 in "IN USE(15)"
	StatusTime         time.Time `json:"status_time,omitzero"`
	RequestTime        time.Time `json:"request_time,omitzero"`
	ExportStatus       string    `json:"export_status,omitempty"`
	FeatureName        string    `json:"feature_name,omitempty"`
	FeatureDescription string    `json:"feature_description,omitempty"`
	Enforcement        string    `json:"enforcement,omitempty"`  // "NOT ENFORCED", …
	LicenseType        string    `json:"license_type,omitempty"` // "Perpetual", "Subscription", "Generic", …
}

// Feature is one row of the classic NX-OS `show license usage` table.
type Feature struct {
	Name      string    `json:"name"`
	Installed bool      `json:"installed"`
	Count     int       `json:"count"`
	Counted   bool      `json:"counted"`          // false when the count column holds "-"
	Status    string    `json:"status,omitempty"` // "In use", "Unused", …
	Expiry    string    `json:"expiry,omitempty"` // as printed: "Never", "25 Oct 2014", or empty
	Expires   time.Time `json:"expires,omitzero"` // Expiry as a date at 00:00 UTC; zero for Never or empty
	Comments  string    `json:"comments,omitempty"`
}

// MemberStatus is a status printed per HA member (License Authorizations).
type MemberStatus struct {
	Role   string           `json:"role"`
	UDI    smartaccount.UDI `json:"udi"`
	Status string           `json:"status,omitempty"`
}

// Reservation is the Reservation Info section (SLR/PLR on the device).
type Reservation struct {
	Status  string              `json:"status,omitempty"` // "License reservation: DISABLED"
	Members []ReservationMember `json:"members,omitempty"`
}

// ReservationMember is the reservation state of one HA member. Codes are ""
// when the device prints <none>.
type ReservationMember struct {
	Role                 string           `json:"role"`
	UDI                  smartaccount.UDI `json:"udi"`
	Status               string           `json:"status,omitempty"` // "NOT INSTALLED", …
	RequestCode          string           `json:"request_code,omitempty"`
	LastReturnCode       string           `json:"last_return_code,omitempty"`
	LastConfirmationCode string           `json:"last_confirmation_code,omitempty"`
	AuthorizationCode    string           `json:"authorization_code,omitempty"`
}

// ReportSummary is the Usage Report Summary: counts of the RUM reports the
// device holds. Only the first number of a value such as "0(10)" is kept.
type ReportSummary struct {
	Total             int `json:"total"`
	Purged            int `json:"purged"`
	Acknowledged      int `json:"acknowledged"`
	WaitingForACK     int `json:"waiting_for_ack"`
	AvailableToReport int `json:"available_to_report"`
	CollectingData    int `json:"collecting_data"`
}

// UsageReportEntry is one RUM report as `show license rum id …` lists it.
// The rum id all table fills ID, State, Flag and FeatureName; detail fills
// the rest.
type UsageReportEntry struct {
	ID                 uint64           `json:"id"`
	State              string           `json:"state,omitempty"` // OPEN, CLOSED, ACK, DELETED, …
	Flag               string           `json:"flag,omitempty"`
	FeatureName        string           `json:"feature_name,omitempty"`
	MetricName         string           `json:"metric_name,omitempty"`  // ENTITLEMENT, TELEMETRY
	MetricValue        string           `json:"metric_value,omitempty"` // for ENTITLEMENT, the entitlement tag
	UDI                smartaccount.UDI `json:"udi,omitzero"`
	PreviousID         uint64           `json:"previous_id,omitempty"`
	NextID             uint64           `json:"next_id,omitempty"`
	StateChangeReason  string           `json:"state_change_reason,omitempty"`
	Start              time.Time        `json:"start,omitzero"`
	End                time.Time        `json:"end,omitzero"`
	StorageState       string           `json:"storage_state,omitempty"`
	TransactionID      string           `json:"transaction_id,omitempty"`
	TransactionMessage string           `json:"transaction_message,omitempty"`
}

// Event is one line of `show license eventlog`.
type Event struct {
	Time  time.Time   `json:"time"`
	Type  string      `json:"type"` // "SAEVT_ENDPOINT_USAGE", …
	Attrs []EventAttr `json:"attrs,omitempty"`
}

// EventAttr is one name="value" pair of an event, in the order printed.
type EventAttr struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Attr returns the value of the first attribute called name, or "".
func (e *Event) Attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// Group returns the attribute group of the license as the capture
// describes it: export restricted ("RESTRICTED - ALLOWED", not "NOT
// RESTRICTED") is Export; enforced ("ENFORCED", not "NOT ENFORCED") is
// Enforced; otherwise a Perpetual license type is UnenforcedPerpetual and a
// Subscription or Term one UnenforcedSubscription. ok is false when the
// capture does not say (a summary row, a Generic license type).
func (l *License) Group() (g policy.Group, ok bool) {
	exp, enf := strings.ToUpper(l.ExportStatus), strings.ToUpper(l.Enforcement)
	switch {
	case strings.Contains(exp, "RESTRICTED") && !strings.Contains(exp, "NOT RESTRICTED"),
		strings.Contains(enf, "EXPORT RESTRICTED"):
		return policy.Export, true
	case strings.Contains(enf, "ENFORCED") && !strings.Contains(enf, "NOT ENFORCED"):
		return policy.Enforced, true
	}
	switch strings.ToLower(strings.TrimSpace(l.LicenseType)) {
	case "perpetual":
		return policy.UnenforcedPerpetual, true
	case "subscription", "term":
		return policy.UnenforcedSubscription, true
	}
	return 0, false
}
