package smartaccount

import "github.com/openrenewal/smartlicensing/internal/enum"

// Severity ranks a finding for the reader of the procurement file. The zero
// value means "not given".
type Severity uint8

// Severities, from least to most pressing.
const (
	Info Severity = iota + 1
	Warning
	Critical
)

var severities = enum.New[Severity]("severity", []string{"", "info", "warning", "critical"}, nil)

// ParseSeverity parses info, warning or critical, case-insensitively. Empty
// text is the zero value.
func ParseSeverity(s string) (Severity, error) { return severities.Parse(s) }

// String returns the canonical name, "" for the zero value.
func (s Severity) String() string { return severities.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseSeverity.
func (s *Severity) UnmarshalText(b []byte) (err error) {
	*s, err = severities.Parse(string(b))
	return err
}

// Finding is one documented observation of a review — a shortage, a
// decommissioned device still registered, a reservation never confirmed —
// with the input records it rests on. A finding without evidence is a defect.
type Finding struct {
	Kind           string   `json:"kind"` // e.g. "shortage", "reserved_on_decommissioned"
	Severity       Severity `json:"severity"`
	License        string   `json:"license,omitempty"`
	VirtualAccount string   `json:"virtual_account,omitempty"`
	UDI            UDI      `json:"udi,omitzero"`
	Quantity       int64    `json:"quantity,omitempty"` // units concerned
	Detail         string   `json:"detail,omitempty"`   // one sentence for a human reader
	Evidence       []Ref    `json:"evidence"`
}
