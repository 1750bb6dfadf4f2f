package slp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Group is one of the four attribute groups of an SLP policy. Every license
// falls in exactly one group, and the group decides how often it must be
// reported.
type Group uint8

// The four attribute groups, in the order devices print them.
const (
	UnenforcedPerpetual Group = iota
	UnenforcedSubscription
	Enforced
	Export
)

// Groups lists the attribute groups in the order devices print them.
var Groups = [...]Group{UnenforcedPerpetual, UnenforcedSubscription, Enforced, Export}

var groupNames = [...]string{"unenforced-perpetual", "unenforced-subscription", "enforced", "export"}

// String returns the group's name as used in policy.json ("unenforced-perpetual", …).
func (g Group) String() string {
	if int(g) < len(groupNames) {
		return groupNames[g]
	}
	return fmt.Sprintf("Group(%d)", uint8(g))
}

// ParseGroup parses a group name case-insensitively; underscores and spaces
// may stand for hyphens.
func ParseGroup(s string) (Group, error) {
	k := strings.NewReplacer("_", "-", " ", "-").Replace(strings.ToLower(strings.TrimSpace(s)))
	for i, n := range groupNames {
		if k == n {
			return Group(i), nil
		}
	}
	return 0, fmt.Errorf("slp: unknown attribute group %q (accepted: %s)", s, strings.Join(groupNames[:], ", "))
}

// Source says where a policy value comes from: the Cisco default or a policy
// the customer installed. Devices print it after each value.
type Source uint8

// Sources of a policy value.
const (
	SourceUnknown  Source = iota // not printed, or not read from a device
	CiscoDefault                 // "(CISCO default)"
	CustomerPolicy               // "(Customer Policy)"
)

var sourceNames = [...]string{"", "cisco-default", "customer-policy"}

// String returns "cisco-default", "customer-policy" or "" for an unknown source.
func (s Source) String() string {
	if int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return fmt.Sprintf("Source(%d)", uint8(s))
}

// MarshalText implements encoding.TextMarshaler.
func (s Source) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts the names
// String returns and the spellings devices print ("CISCO default",
// "Customer Policy"), case-insensitively.
func (s *Source) UnmarshalText(b []byte) error {
	switch strings.ToLower(strings.TrimSpace(string(b))) {
	case "":
		*s = SourceUnknown
	case "cisco-default", "cisco default":
		*s = CiscoDefault
	case "customer-policy", "customer policy":
		*s = CustomerPolicy
	default:
		return fmt.Errorf("slp: unknown policy source %q (accepted: cisco-default, customer-policy)", b)
	}
	return nil
}

// Days is a number of days together with where the value came from.
type Days struct {
	Days   int    `json:"days"`
	Source Source `json:"source,omitempty"`
}

// Attributes are the three reporting rules of one attribute group. A
// frequency of zero means no periodic report is required.
type Attributes struct {
	FirstReport        Days `json:"first_report"`
	ReportingFrequency Days `json:"reporting_frequency"`
	ReportOnChange     Days `json:"report_on_change"`
}

// Flag is a yes/no policy value together with where it came from.
type Flag struct {
	Value  bool   `json:"value"`
	Source Source `json:"source,omitempty"`
}

// Policy is an SLP reporting policy (METHOD.md §6): whether the device must
// receive an ACK for its reports, and the reporting rules of each attribute
// group, indexed by Group.
type Policy struct {
	Name        string                  `json:"name,omitempty"`
	ACKRequired Flag                    `json:"ack_required"`
	Groups      [len(Groups)]Attributes `json:"-"`
}

// DefaultPolicy returns the Cisco default policy: perpetual 365/0/90,
// subscription 90/90/90, enforced 0/0/0, export 0/0/0, ACK required.
func DefaultPolicy() Policy {
	d := func(n int) Days { return Days{Days: n, Source: CiscoDefault} }
	return Policy{
		Name:        "Cisco default",
		ACKRequired: Flag{Value: true, Source: CiscoDefault},
		Groups: [len(Groups)]Attributes{
			UnenforcedPerpetual:    {FirstReport: d(365), ReportingFrequency: d(0), ReportOnChange: d(90)},
			UnenforcedSubscription: {FirstReport: d(90), ReportingFrequency: d(90), ReportOnChange: d(90)},
			Enforced:               {FirstReport: d(0), ReportingFrequency: d(0), ReportOnChange: d(0)},
			Export:                 {FirstReport: d(0), ReportingFrequency: d(0), ReportOnChange: d(0)},
		},
	}
}

// Group returns the attributes of group g.
func (p *Policy) Group(g Group) Attributes { return p.Groups[g] }

// policyJSON is the policy.json shape: one object per attribute group, keyed
// by the group's name, each with plain day counts.
type policyJSON struct {
	Name                   string     `json:"name,omitempty"`
	ACKRequired            *bool      `json:"ack_required,omitempty"`
	UnenforcedPerpetual    *groupJSON `json:"unenforced-perpetual,omitempty"`
	UnenforcedSubscription *groupJSON `json:"unenforced-subscription,omitempty"`
	Enforced               *groupJSON `json:"enforced,omitempty"`
	Export                 *groupJSON `json:"export,omitempty"`
}

type groupJSON struct {
	FirstReportDays        *int `json:"first_report_days,omitempty"`
	ReportingFrequencyDays *int `json:"reporting_frequency_days,omitempty"`
	ReportOnChangeDays     *int `json:"report_on_change_days,omitempty"`
}

// MaxPolicyBytes bounds the size of a policy.json accepted by ParsePolicy.
const MaxPolicyBytes = 1 << 20

// ParsePolicy reads a policy.json document. Keys that are absent keep the
// Cisco default (and its source); keys that are present are marked as
// customer policy. Days must be between 0 and 3650.
//
//	{"name": "Bank policy", "ack_required": true,
//	 "unenforced-subscription": {"first_report_days": 30, "reporting_frequency_days": 30, "report_on_change_days": 30}}
func ParsePolicy(data []byte) (Policy, error) {
	p := DefaultPolicy()
	if len(data) > MaxPolicyBytes {
		return p, fmt.Errorf("slp: policy.json is %d bytes, more than the %d accepted", len(data), MaxPolicyBytes)
	}
	var raw policyJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return p, fmt.Errorf("slp: policy.json: %w", err)
	}
	if raw.Name != "" {
		p.Name = raw.Name
	} else {
		p.Name = "Customer policy"
	}
	if raw.ACKRequired != nil {
		p.ACKRequired = Flag{Value: *raw.ACKRequired, Source: CustomerPolicy}
	}
	for g, gj := range [...]*groupJSON{raw.UnenforcedPerpetual, raw.UnenforcedSubscription, raw.Enforced, raw.Export} {
		if gj == nil {
			continue
		}
		a := &p.Groups[g]
		for _, f := range [...]struct {
			key string
			in  *int
			out *Days
		}{
			{"first_report_days", gj.FirstReportDays, &a.FirstReport},
			{"reporting_frequency_days", gj.ReportingFrequencyDays, &a.ReportingFrequency},
			{"report_on_change_days", gj.ReportOnChangeDays, &a.ReportOnChange},
		} {
			if f.in == nil {
				continue
			}
			if *f.in < 0 || *f.in > 3650 {
				return p, fmt.Errorf("slp: policy.json: %s.%s: %d is outside 0..3650", Group(g), f.key, *f.in)
			}
			*f.out = Days{Days: *f.in, Source: CustomerPolicy}
		}
	}
	return p, nil
}

// MarshalJSON writes the policy in the policy.json shape read by ParsePolicy.
// Values whose source is the Cisco default are left out, so that reading the
// document back gives the same values with the same sources.
func (p Policy) MarshalJSON() ([]byte, error) {
	raw := policyJSON{Name: p.Name}
	if p.ACKRequired.Source != CiscoDefault {
		ack := p.ACKRequired.Value
		raw.ACKRequired = &ack
	}
	for g, dst := range [...]**groupJSON{&raw.UnenforcedPerpetual, &raw.UnenforcedSubscription, &raw.Enforced, &raw.Export} {
		a := p.Groups[g]
		var gj groupJSON
		for _, f := range [...]struct {
			in  Days
			out **int
		}{
			{a.FirstReport, &gj.FirstReportDays},
			{a.ReportingFrequency, &gj.ReportingFrequencyDays},
			{a.ReportOnChange, &gj.ReportOnChangeDays},
		} {
			if f.in.Source != CiscoDefault {
				n := f.in.Days
				*f.out = &n
			}
		}
		if gj != (groupJSON{}) {
			*dst = &gj
		}
	}
	return json.Marshal(raw)
}
