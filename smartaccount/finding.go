package smartaccount

import (
	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/enum"
)

// Severity ranks a finding for the reader of the procurement file. The zero
// value means "not given".
type Severity uint8

// Severities, from least to most pressing.
const (
	SeverityInfo Severity = iota + 1
	SeverityWarning
	SeverityCritical
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

// Kind names what a finding is about, in METHOD.md's words: "shortage",
// "decommissioned", "reserved_on_decommissioned". Each review declares its
// kinds as constants; the text is what JSON, CSV and reports show.
type Kind string

// Finding is one documented observation of a review — a shortage, a
// decommissioned device still registered, a reservation never confirmed —
// with the input records it rests on. A finding without evidence is a defect.
type Finding struct {
	Kind           Kind     `json:"kind"`
	Severity       Severity `json:"severity"`
	License        string   `json:"license,omitempty"`
	VirtualAccount string   `json:"virtual_account,omitempty"`
	UDI            UDI      `json:"udi,omitzero"`
	User           string   `json:"user,omitempty"`     // the e-mail of the user a user-access finding is about
	Quantity       int64    `json:"quantity,omitempty"` // units concerned
	// Amount is what the finding is worth where a review prices it (a
	// true-forward charge, say); zero where it is not priced.
	Amount   decimal.Decimal `json:"amount,omitzero"`
	Detail   string          `json:"detail,omitempty"` // one sentence for a human reader
	Evidence []Ref           `json:"evidence"`
}

// ID is the finding's stable identity: its kind and the subject it is about
// (Virtual Account, license, device, user), joined by "|" with empty parts
// left empty: "decommissioned|Core|C9300 DNA Advantage|PID:C9300-24UX,SN:FCW1|".
// It does not depend on the order of the input rows, so a waterfall step can
// cite the findings it rests on by ID and the citation survives a re-run.
// A review never reports two findings with the same ID.
func (f *Finding) ID() string {
	var buf [128]byte // most IDs fit: the string is then the one allocation
	return string(f.AppendID(buf[:0]))
}

// AppendID appends the finding's ID (see ID) to b, for a writer that builds
// its rows in a reused buffer (the workbook, the CSV of findings).
func (f *Finding) AppendID(b []byte) []byte {
	b = append(b, f.Kind...)
	b = append(b, '|')
	b = append(b, f.VirtualAccount...)
	b = append(b, '|')
	b = append(b, f.License...)
	b = append(b, '|')
	b, _ = f.UDI.AppendText(b)
	b = append(b, '|')
	return append(b, f.User...)
}
