package slp

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/internal/enum"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// ReportingStatus is an instance's reporting status under its policy
// (METHOD.md §6).
type ReportingStatus uint8

// Reporting statuses. The zero value, ReportingUnknown, is for an instance
// with no date to compute a due date from.
const (
	ReportingUnknown     ReportingStatus = iota // no ACK, report or registration date known
	ReportingNotRequired                        // no periodic report required (frequency 0, already reported; or SLR)
	ReportingOverdue                            // as_of is after the due date
	ReportingDueSoon                            // due within 14 days
	ReportingACKMissing                         // last report not acknowledged after 2 days
	ReportingOK                                 // reported and acknowledged in time
)

var reportingStatuses = enum.New[ReportingStatus]("reporting status",
	[]string{"unknown", "not_required", "overdue", "due_soon", "ack_missing", "ok"}, nil)

// ReportingStatuses lists the statuses in the order reports show them.
var ReportingStatuses = [...]ReportingStatus{ReportingOverdue, ReportingDueSoon, ReportingACKMissing, ReportingOK, ReportingNotRequired, ReportingUnknown}

// String returns the status as METHOD.md names it: "overdue", "due_soon", …
func (s ReportingStatus) String() string { return reportingStatuses.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s ReportingStatus) MarshalText() ([]byte, error) { return reportingStatuses.Text(s) }

// The thresholds of METHOD.md §6.
const (
	DueSoonDays    = 14 // a due date this close (or closer) is due_soon
	ACKMissingDays = 2  // a report unacknowledged for longer is ack_missing
)

// Instance is one product instance as governance sees it: the
// product-instance rows sharing a UDI and a Virtual Account, merged
// (Instances), or what captures and usage reports show of one device
// (Inventory).
type Instance struct {
	UDI            smartaccount.UDI
	VirtualAccount string
	Hostname       string
	Transport      smartaccount.Transport
	Licenses       []string // the licenses in use, as named in the inputs, sorted
	// Counts holds the count in use of each license where the inputs give
	// one: the rows' quantity, a capture's Count, the latest window of a
	// RUM report.
	Counts     map[string]int64
	Registered time.Time // the earliest registration date of the inputs; zero when none
	LastReport time.Time // the latest usage report; zero when never
	LastACK    time.Time // the latest acknowledgement; zero when never
	// Policy is the instance's own policy when known (a capture prints
	// it); nil means the fleet policy of the Governance.
	Policy *policy.Policy
	// Seen is the latest time an input of the device shows (a capture's
	// Taken, the end of a report's window); zero for CSSM's rows.
	Seen      time.Time
	Conflicts []Conflict         // values the inputs disagree on (Inventory)
	Refs      []smartaccount.Ref // the inputs merged: rows, or files
}

// Instances merges product-instance rows into instances, one per (UDI,
// Virtual Account), in the order each first appears. The hostname and
// transport are the first non-empty ones; the registration date is the
// earliest, the last report and last ACK the latest; a license's count is
// the sum of its rows' quantities.
func Instances(rows []smartaccount.ProductInstance) []Instance {
	type key struct {
		udi smartaccount.UDI
		va  string
	}
	index := make(map[key]int, len(rows))
	var out []Instance
	for i := range rows {
		r := &rows[i]
		k := key{r.UDI, r.VirtualAccount}
		j, ok := index[k]
		if !ok {
			j = len(out)
			index[k] = j
			out = append(out, Instance{UDI: r.UDI, VirtualAccount: r.VirtualAccount})
		}
		in := &out[j]
		if in.Hostname == "" {
			in.Hostname = r.Hostname
		}
		if in.Transport == 0 {
			in.Transport = r.Transport
		}
		if r.License != "" && !slices.Contains(in.Licenses, r.License) {
			in.Licenses = append(in.Licenses, r.License)
		}
		if r.License != "" && r.Quantity > 0 {
			if in.Counts == nil {
				in.Counts = make(map[string]int64)
			}
			in.Counts[r.License] += r.Quantity
		}
		if !r.Registered.IsZero() && (in.Registered.IsZero() || r.Registered.Before(in.Registered)) {
			in.Registered = r.Registered
		}
		if r.LastReport.After(in.LastReport) {
			in.LastReport = r.LastReport
		}
		if r.LastACK.After(in.LastACK) {
			in.LastACK = r.LastACK
		}
		in.Refs = append(in.Refs, r.Ref)
	}
	for i := range out {
		slices.Sort(out[i].Licenses)
	}
	return out
}

// Classifier says which attribute group a license belongs to; ok is false
// for a license it does not know.
type Classifier func(license string) (g policy.Group, ok bool)

// EntitlementClassifier classifies licenses by the type of their
// entitlements (matched by license name, and by tag when the entitlement
// has one): PERPETUAL is unenforced perpetual, every other type unenforced
// subscription. A license held under both is unenforced subscription.
// Enforced and export-controlled licenses cannot be told from CSSM's
// entitlement list; callers who know them wrap this classifier.
func EntitlementClassifier(ents []smartaccount.Entitlement) Classifier {
	groups := make(map[string]policy.Group, len(ents))
	set := func(k string, g policy.Group) {
		if k == "" {
			return
		}
		if old, ok := groups[k]; !ok || old == policy.UnenforcedPerpetual {
			groups[k] = g
		}
	}
	for _, e := range ents {
		g := policy.UnenforcedSubscription
		if e.Type == smartaccount.Perpetual {
			g = policy.UnenforcedPerpetual
		}
		set(e.License, g)
		set(e.Tag, g)
	}
	return func(license string) (policy.Group, bool) {
		g, ok := groups[license]
		return g, ok
	}
}

// Governance computes reporting status (METHOD.md §6) as of one day under
// a fleet policy. Its zero value lacks only AsOf: Assess and Fleet refuse
// to run without it, and a nil Policy is the Cisco default.
type Governance struct {
	// AsOf is the day of the assessment; its UTC date is used. It is
	// required: the library never reads the clock (METHOD.md §0: as_of
	// defaults to today, which only the caller knows).
	AsOf time.Time
	// Policy applies to the instances that carry no policy of their own;
	// nil means the Cisco default (policy.Default).
	Policy *policy.Policy
	// Classify maps a license to its group; nil classifies nothing. A
	// license it does not know, and an instance with no license, count as
	// UnenforcedSubscription: the stricter unenforced group under the
	// Cisco default, so that missing data never hides a due report.
	Classify Classifier
}

// Assessment is the reporting status of one instance.
type Assessment struct {
	Instance
	Group      policy.Group      // the strictest group among the instance's licenses
	PolicyName string            // the policy applied
	Rules      policy.Attributes // the group's attributes under that policy
	// Anchor names the date the due date counts from: "last_ack",
	// "last_report", "registration", or "" when there is none.
	Anchor  string
	NextDue time.Time // a civil date; zero when no report is due
	Status  ReportingStatus
	// Reason says why an instance without a due date has its status:
	// unknown (no date to count from) or not_required (on SLR, or a group
	// without a reporting frequency); "" for the other statuses, which the
	// due date explains.
	Reason string
}

// Reasons of Assessment.Reason.
const (
	reasonNoDate = "no last ACK, last report or registration date is known"
	reasonSLR    = "on SLR: the device never reports"
)

// Periodic reports whether the instance reports periodically: its group
// has a reporting frequency, it is not on SLR, and it has a due date.
func (a *Assessment) Periodic() bool {
	return a.Rules.ReportingFrequency.Days > 0 && a.Transport != smartaccount.TransportSLR && !a.NextDue.IsZero()
}

// govCivil returns the UTC date of t at 00:00 UTC.
func govCivil(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// govDays returns the whole days from civil date a to civil date b.
func govDays(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// Assess computes one instance's group, next due date and status:
//
//	anchor   = last_ack, else last_report, else registration date
//	next_due = anchor + reporting_frequency_days   (never reported: registration + first_report_days)
//	status   = not_required (frequency 0 and already reported)
//	         | overdue      (as_of > next_due)
//	         | due_soon     (next_due − as_of ≤ 14 days)
//	         | ack_missing  (last report after last ACK, older than 2 days; only when the policy requires ACKs)
//	         | ok
//
// Dates are compared as UTC civil dates. An instance on SLR never reports:
// it is not_required with no due date. An instance with no date at all is
// unknown.
func (g *Governance) Assess(in Instance) (Assessment, error) {
	fleet, err := g.fleetPolicy()
	if err != nil {
		return Assessment{}, err
	}
	return g.assess(in, fleet), nil
}

// ErrNoAsOf is returned by Assess and Fleet for a Governance without AsOf.
var ErrNoAsOf = errors.New("slp: Governance.AsOf is not set: the assessment date must be given (METHOD.md §0)")

// fleetPolicy checks g and returns the policy of the instances that carry
// none.
func (g *Governance) fleetPolicy() (*policy.Policy, error) {
	if g.AsOf.IsZero() {
		return nil, ErrNoAsOf
	}
	if g.Policy != nil {
		return g.Policy, nil
	}
	def := policy.Default()
	return &def, nil
}

func (g *Governance) assess(in Instance, fleet *policy.Policy) Assessment {
	a := Assessment{Instance: in}
	pol := fleet
	if in.Policy != nil {
		pol = in.Policy
	}
	a.PolicyName = pol.Name
	groups := make([]policy.Group, 0, len(in.Licenses))
	for _, l := range in.Licenses {
		gr := policy.UnenforcedSubscription
		if g.Classify != nil {
			if c, ok := g.Classify(l); ok {
				gr = c
			}
		}
		groups = append(groups, gr)
	}
	a.Group = pol.Strictest(groups)
	a.Rules = pol.Groups[a.Group]
	if in.Transport == smartaccount.TransportSLR {
		a.Status, a.Reason = ReportingNotRequired, reasonSLR
		return a
	}
	asOf := govCivil(g.AsOf)
	reported := !in.LastACK.IsZero() || !in.LastReport.IsZero()
	switch {
	case !in.LastACK.IsZero():
		a.Anchor, a.NextDue = "last_ack", govCivil(in.LastACK).AddDate(0, 0, a.Rules.ReportingFrequency.Days)
	case !in.LastReport.IsZero():
		a.Anchor, a.NextDue = "last_report", govCivil(in.LastReport).AddDate(0, 0, a.Rules.ReportingFrequency.Days)
	case !in.Registered.IsZero():
		a.Anchor, a.NextDue = "registration", govCivil(in.Registered).AddDate(0, 0, a.Rules.FirstReport.Days)
	default:
		a.Status, a.Reason = ReportingUnknown, reasonNoDate
		return a
	}
	switch {
	case a.Rules.ReportingFrequency.Days == 0 && reported:
		a.Status, a.NextDue = ReportingNotRequired, time.Time{}
		a.Reason = "the " + a.Group.String() + " group has no reporting frequency, and the instance has reported"
	case asOf.After(a.NextDue):
		a.Status = ReportingOverdue
	case govDays(asOf, a.NextDue) <= DueSoonDays:
		a.Status = ReportingDueSoon
	case pol.ACKRequired.Value && in.LastReport.After(in.LastACK) && govDays(govCivil(in.LastReport), asOf) > ACKMissingDays:
		a.Status = ReportingACKMissing
	default:
		a.Status = ReportingOK
	}
	return a
}

// Fleet is the reporting status of a fleet of instances.
type Fleet struct {
	AsOf        time.Time
	Assessments []Assessment // ordered by Virtual Account, then UDI
	ByStatus    map[ReportingStatus]int
	// ByTransport counts instances per transport; the zero Transport
	// counts those whose transport is not known.
	ByTransport map[smartaccount.Transport]int
	// ByVirtualAccount counts instances per Virtual Account and status.
	ByVirtualAccount map[string]map[ReportingStatus]int
	Wave             Wave
}

// Wave is the reporting wave: when the instances that report periodically
// are next due, which is when their new consumption reaches CSSM.
type Wave struct {
	// Periodic counts the instances that report periodically (see
	// Assessment.Periodic); SLR instances, groups without a reporting
	// frequency and unknown instances are not among them.
	Periodic int
	// StageBy is the earliest date on or after AsOf by which half of the
	// periodic instances (rounded up) are due; zero when there are none.
	// The renewal discussion should be staged before it.
	StageBy time.Time
	// PastDue counts the periodic instances due before AsOf (overdue).
	PastDue int
	// Weeks counts the due dates on or after AsOf per week: week i covers
	// AsOf+7i to AsOf+7i+6, up to the week of the last due date, at most
	// WaveWeeks weeks.
	Weeks []Week
	// Later counts the periodic instances due after the last of WaveWeeks
	// weeks.
	Later int
}

// WaveWeeks bounds the weekly histogram of the reporting wave: ten years.
const WaveWeeks = 522

// Week is one week of the reporting wave.
type Week struct {
	Start time.Time // a civil date: AsOf + 7i
	Due   int       // periodic instances due that week
}

// Fleet computes the status of every instance and the fleet's counts and
// reporting wave.
func (g *Governance) Fleet(instances []Instance) (Fleet, error) {
	fleet, err := g.fleetPolicy()
	if err != nil {
		return Fleet{}, err
	}
	f := Fleet{
		AsOf:             govCivil(g.AsOf),
		Assessments:      make([]Assessment, len(instances)),
		ByStatus:         make(map[ReportingStatus]int),
		ByTransport:      make(map[smartaccount.Transport]int),
		ByVirtualAccount: make(map[string]map[ReportingStatus]int),
	}
	var due []time.Time
	for i, in := range instances {
		a := g.assess(in, fleet)
		f.Assessments[i] = a
		f.ByStatus[a.Status]++
		f.ByTransport[a.Transport]++
		va := f.ByVirtualAccount[a.VirtualAccount]
		if va == nil {
			va = make(map[ReportingStatus]int)
			f.ByVirtualAccount[a.VirtualAccount] = va
		}
		va[a.Status]++
		if a.Periodic() {
			due = append(due, a.NextDue)
		}
	}
	slices.SortStableFunc(f.Assessments, func(a, b Assessment) int {
		return cmp.Or(strings.Compare(a.VirtualAccount, b.VirtualAccount),
			strings.Compare(a.UDI.PID, b.UDI.PID), strings.Compare(a.UDI.Serial, b.UDI.Serial))
	})
	f.Wave = govWave(f.AsOf, due)
	return f, nil
}

// govWave builds the reporting wave from the due dates of the periodic
// instances.
func govWave(asOf time.Time, due []time.Time) Wave {
	w := Wave{Periodic: len(due)}
	if len(due) == 0 {
		return w
	}
	slices.SortFunc(due, time.Time.Compare)
	w.StageBy = due[(len(due)+1)/2-1]
	if w.StageBy.Before(asOf) {
		w.StageBy = asOf
	}
	for _, d := range due {
		if d.Before(asOf) {
			w.PastDue++
			continue
		}
		i := govDays(asOf, d) / 7
		if i >= WaveWeeks {
			w.Later++
			continue
		}
		for len(w.Weeks) <= i {
			w.Weeks = append(w.Weeks, Week{Start: asOf.AddDate(0, 0, 7*len(w.Weeks))})
		}
		w.Weeks[i].Due++
	}
	return w
}
