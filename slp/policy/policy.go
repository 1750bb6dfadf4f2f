package policy

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/openrenewal/smartlicensing/internal/enum"
	"github.com/openrenewal/smartlicensing/internal/jsonnum"
	"github.com/openrenewal/smartlicensing/smartaccount"
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

var groups = enum.New[Group]("attribute group",
	[]string{"unenforced-perpetual", "unenforced-subscription", "enforced", "export"}, nil)

// String returns the group's name as used in policy.json ("unenforced-perpetual", …).
func (g Group) String() string { return groups.String(g) }

// MarshalText implements encoding.TextMarshaler.
func (g Group) MarshalText() ([]byte, error) { return groups.Text(g) }

// ParseGroup parses a group name case-insensitively; underscores and spaces
// may stand for hyphens.
func ParseGroup(s string) (Group, error) { return groups.Parse(s) }

// Source says where a policy value comes from: the Cisco default or a policy
// the customer installed. Devices print it after each value.
type Source uint8

// Sources of a policy value.
const (
	SourceUnknown Source = iota // not printed, or not read from a device
	CiscoDefault                // "(CISCO default)"
	Customer                    // "(Customer Policy)"
)

var sources = enum.New[Source]("policy source", []string{"", "cisco-default", "customer-policy"}, nil)

// String returns "cisco-default", "customer-policy" or "" for an unknown source.
func (s Source) String() string { return sources.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Source) MarshalText() ([]byte, error) { return sources.Text(s) }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts the names
// String returns and the spellings devices print ("CISCO default",
// "Customer Policy"), case-insensitively.
func (s *Source) UnmarshalText(b []byte) (err error) {
	*s, err = sources.Parse(string(b))
	return err
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

// Default returns the Cisco default policy: perpetual 365/0/90,
// subscription 90/90/90, enforced 0/0/0, export 0/0/0, ACK required.
func Default() Policy {
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

// policyJSON is the policy.json shape: one object per attribute group,
// keyed by the group's name. Values stay raw until Parse reads them,
// so an error can name its field.
type policyJSON struct {
	Name                   string          `json:"name,omitempty"`
	ACKRequired            json.RawMessage `json:"ack_required,omitempty"`
	UnenforcedPerpetual    *groupJSON      `json:"unenforced-perpetual,omitempty"`
	UnenforcedSubscription *groupJSON      `json:"unenforced-subscription,omitempty"`
	Enforced               *groupJSON      `json:"enforced,omitempty"`
	Export                 *groupJSON      `json:"export,omitempty"`
}

type groupJSON struct {
	FirstReportDays        json.RawMessage `json:"first_report_days,omitempty"`
	ReportingFrequencyDays json.RawMessage `json:"reporting_frequency_days,omitempty"`
	ReportOnChangeDays     json.RawMessage `json:"report_on_change_days,omitempty"`
}

// MaxBytes bounds the size of a policy.json accepted by Parse.
const MaxBytes = 1 << 20

// Parse reads a policy.json document; an error about a value is a
// *jsonnum.FieldError (the same type as pricing.FieldError) naming its
// field ("enforced.first_report_days: …"). Keys that are absent keep the
// Cisco default (and its source). A value is a plain number (or boolean for
// ack_required), which is marked as customer policy, or an object with its
// source, as MarshalJSON writes it. Days must be between 0 and 3650. A key
// given twice is a *jsonnum.DuplicateKeyError, never the second value kept.
//
//	{"name": "Bank policy", "ack_required": true,
//	 "unenforced-subscription": {"first_report_days": 30, "reporting_frequency_days": 30, "report_on_change_days": 30}}
func Parse(data []byte) (Policy, error) {
	p := Default()
	if len(data) > MaxBytes {
		return p, fmt.Errorf("the document is %d bytes, more than the %d accepted: %w", len(data), MaxBytes, smartaccount.ErrTooLarge)
	}
	if t := bytes.TrimSpace(data); len(t) == 0 || t[0] != '{' {
		return p, errors.New("the document must be a JSON object")
	}
	var raw policyJSON
	if err := json.Unmarshal(data, &raw); err != nil {
		return p, jsonnum.Describe(data, err)
	}
	if err := jsonnum.CheckDuplicateKeys(data); err != nil {
		return p, err
	}
	if raw.Name != "" {
		p.Name = raw.Name
	} else {
		p.Name = "Customer policy"
	}
	if raw.ACKRequired != nil {
		f, err := policyFlag(raw.ACKRequired)
		if err != nil {
			return p, &jsonnum.FieldError{Field: "ack_required", Err: err}
		}
		p.ACKRequired = f
	}
	for g, gj := range [...]*groupJSON{raw.UnenforcedPerpetual, raw.UnenforcedSubscription, raw.Enforced, raw.Export} {
		if gj == nil {
			continue
		}
		a := &p.Groups[g]
		for _, f := range [...]struct {
			key string
			in  json.RawMessage
			out *Days
		}{
			{"first_report_days", gj.FirstReportDays, &a.FirstReport},
			{"reporting_frequency_days", gj.ReportingFrequencyDays, &a.ReportingFrequency},
			{"report_on_change_days", gj.ReportOnChangeDays, &a.ReportOnChange},
		} {
			if f.in == nil {
				continue
			}
			d, err := policyDays(f.in)
			if err != nil {
				return p, &jsonnum.FieldError{Field: Group(g).String() + "." + f.key, Err: err}
			}
			*f.out = d
		}
	}
	return p, nil
}

// policyDays reads a plain number of days (customer policy) or
// {"days": N, "source": …}; N must be between 0 and 3650.
func policyDays(b json.RawMessage) (Days, error) {
	var d Days
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		if err := json.Unmarshal(b, &d); err != nil {
			return d, fmt.Errorf("%s is not {\"days\": N, \"source\": …}", jsonnum.Cut(b))
		}
	} else {
		if err := json.Unmarshal(b, &d.Days); err != nil {
			return d, fmt.Errorf("%s is not a whole number of days", jsonnum.Cut(b))
		}
		d.Source = Customer
	}
	if d.Days < 0 || d.Days > 3650 {
		return d, fmt.Errorf("%d is outside 0..3650", d.Days)
	}
	return d, nil
}

// policyFlag reads a plain boolean (customer policy) or {"value": b, "source": …}.
func policyFlag(b json.RawMessage) (Flag, error) {
	var f Flag
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		if err := json.Unmarshal(b, &f); err != nil {
			return f, fmt.Errorf("%s is not {\"value\": true|false, \"source\": …}", jsonnum.Cut(b))
		}
		return f, nil
	}
	if err := json.Unmarshal(b, &f.Value); err != nil {
		return f, fmt.Errorf("%s is not true or false", jsonnum.Cut(b))
	}
	f.Source = Customer
	return f, nil
}

// MarshalJSON writes the policy in the policy.json shape, every value with
// its source ({"days": 90, "source": "cisco-default"}), so that a capture's
// policy shows where each value came from and Parse reads it back
// unchanged.
func (p Policy) MarshalJSON() ([]byte, error) {
	type group struct {
		FirstReport        Days `json:"first_report_days"`
		ReportingFrequency Days `json:"reporting_frequency_days"`
		ReportOnChange     Days `json:"report_on_change_days"`
	}
	out := struct {
		Name                   string `json:"name,omitempty"`
		ACKRequired            Flag   `json:"ack_required"`
		UnenforcedPerpetual    group  `json:"unenforced-perpetual"`
		UnenforcedSubscription group  `json:"unenforced-subscription"`
		Enforced               group  `json:"enforced"`
		Export                 group  `json:"export"`
	}{Name: p.Name, ACKRequired: p.ACKRequired}
	for g, dst := range [...]*group{&out.UnenforcedPerpetual, &out.UnenforcedSubscription, &out.Enforced, &out.Export} {
		*dst = group(p.Groups[g])
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a policy.json document as Parse does.
func (p *Policy) UnmarshalJSON(data []byte) error {
	v, err := Parse(data)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Strictest returns the strictest of groups under the policy: the one with
// the shortest non-zero reporting frequency; among groups without one (or
// with equal frequencies), the shortest first report, then the shortest
// report on change, then the first in Groups order. Without groups it
// returns UnenforcedSubscription.
func (p *Policy) Strictest(groups []Group) Group {
	if len(groups) == 0 {
		return UnenforcedSubscription
	}
	freq := func(g Group) int {
		if f := p.Groups[g].ReportingFrequency.Days; f > 0 {
			return f
		}
		return int(^uint(0) >> 1)
	}
	return slices.MinFunc(groups, func(a, b Group) int {
		return cmp.Or(
			cmp.Compare(freq(a), freq(b)),
			cmp.Compare(p.Groups[a].FirstReport.Days, p.Groups[b].FirstReport.Days),
			cmp.Compare(p.Groups[a].ReportOnChange.Days, p.Groups[b].ReportOnChange.Days),
			cmp.Compare(a, b))
	})
}
