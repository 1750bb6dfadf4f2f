package slp

import (
	"cmp"
	"errors"
	"iter"
	"slices"
	"strings"
	"sync"
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
	pol := policyOf(&in, fleet)
	return judge(factsOf(&in), g.group(in.Licenses, pol), pol, dayOf(g.AsOf)).assessment(in, pol), nil
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

// policyOf returns the policy an instance is assessed under.
func policyOf(in *Instance, fleet *policy.Policy) *policy.Policy {
	if in.Policy != nil {
		return in.Policy
	}
	return fleet
}

// groupSet is a set of attribute groups, one bit per group.
type groupSet uint8

// classify returns the group of a license: Classify's, else (unknown to
// it, or a group outside policy.Groups) UnenforcedSubscription.
func (g *Governance) classify(license string) policy.Group {
	if g.Classify != nil {
		if c, ok := g.Classify(license); ok && int(c) < len(policy.Groups) {
			return c
		}
	}
	return policy.UnenforcedSubscription
}

// group returns the strictest group under pol among those of licenses.
func (g *Governance) group(licenses []string, pol *policy.Policy) policy.Group {
	var set groupSet
	for _, l := range licenses {
		set |= 1 << g.classify(l)
	}
	return strictest(pol, set)
}

// strictest returns pol.Strictest of the groups in set.
func strictest(pol *policy.Policy, set groupSet) policy.Group {
	var buf [len(policy.Groups)]policy.Group
	groups := buf[:0]
	for _, gr := range policy.Groups {
		if set&(1<<gr) != 0 {
			groups = append(groups, gr)
		}
	}
	return pol.Strictest(groups)
}

// civilDay is a UTC civil date, counted in days from 1970-01-01: dates of
// METHOD.md §6 add and compare as numbers.
type civilDay int64

// dayOf returns the UTC date of t.
func dayOf(t time.Time) civilDay {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return civilDay(d)
}

// time returns the date at 00:00 UTC.
func (d civilDay) time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// facts are what assessing an instance reads, besides its group.
type facts struct {
	registered, lastReport, lastACK time.Time
	transport                       smartaccount.Transport
}

func factsOf(in *Instance) *facts {
	return &facts{registered: in.Registered, lastReport: in.LastReport, lastACK: in.LastACK, transport: in.Transport}
}

// anchor is the date a due date counts from.
type anchor uint8

const (
	anchorNone anchor = iota
	anchorACK
	anchorReport
	anchorRegistration
)

var anchorNames = [...]string{anchorNone: "", anchorACK: "last_ack", anchorReport: "last_report", anchorRegistration: "registration"}

// verdict is what assessing an instance decides (see Assess): all a Fleet
// keeps of each instance.
type verdict struct {
	due    civilDay // the next due date; see hasDue
	status ReportingStatus
	group  policy.Group
	anchor anchor
}

// zeroDay is the date of the zero time.Time: a due date on it is no due
// date, as Assessment.NextDue shows it.
var zeroDay = dayOf(time.Time{})

// hasDue reports whether a report is due on v.due.
func (v verdict) hasDue() bool {
	return v.anchor != anchorNone && v.status != ReportingNotRequired && v.due != zeroDay
}

// periodic is Assessment.Periodic under pol.
func (v verdict) periodic(pol *policy.Policy) bool {
	return pol.Groups[v.group].ReportingFrequency.Days > 0 && v.hasDue() // an SLR instance has no due date
}

// judge assesses an instance of group under pol as of asOf (see Assess).
func judge(f *facts, group policy.Group, pol *policy.Policy, asOf civilDay) verdict {
	v := verdict{group: group}
	rules := &pol.Groups[group]
	if f.transport == smartaccount.TransportSLR {
		v.status = ReportingNotRequired
		return v
	}
	switch {
	case !f.lastACK.IsZero():
		v.anchor, v.due = anchorACK, dayOf(f.lastACK)+civilDay(rules.ReportingFrequency.Days)
	case !f.lastReport.IsZero():
		v.anchor, v.due = anchorReport, dayOf(f.lastReport)+civilDay(rules.ReportingFrequency.Days)
	case !f.registered.IsZero():
		v.anchor, v.due = anchorRegistration, dayOf(f.registered)+civilDay(rules.FirstReport.Days)
	default:
		v.status = ReportingUnknown
		return v
	}
	switch {
	case rules.ReportingFrequency.Days == 0 && v.anchor != anchorRegistration: // already reported
		v.status = ReportingNotRequired
	case asOf > v.due:
		v.status = ReportingOverdue
	case v.due-asOf <= DueSoonDays:
		v.status = ReportingDueSoon
	case pol.ACKRequired.Value && f.lastReport.After(f.lastACK) && asOf-dayOf(f.lastReport) > ACKMissingDays:
		v.status = ReportingACKMissing
	default:
		v.status = ReportingOK
	}
	return v
}

// assessment is the Assessment of in, which v judged under pol.
func (v verdict) assessment(in Instance, pol *policy.Policy) Assessment {
	a := Assessment{Instance: in, Group: v.group, PolicyName: pol.Name, Rules: pol.Groups[v.group],
		Anchor: anchorNames[v.anchor], Status: v.status}
	if v.hasDue() {
		a.NextDue = v.due.time()
	}
	switch {
	case v.status == ReportingUnknown:
		a.Reason = reasonNoDate
	case v.status == ReportingNotRequired && in.Transport == smartaccount.TransportSLR:
		a.Reason = reasonSLR
	case v.status == ReportingNotRequired:
		a.Reason = "the " + v.group.String() + " group has no reporting frequency, and the instance has reported"
	}
	return a
}

// Fleet is the reporting status of a fleet of instances: its counts and
// reporting wave, and each instance's Assessment, built as Assessments
// yields it — a fleet of a million instances holds a few bytes of each,
// not a million Assessments.
type Fleet struct {
	AsOf     time.Time
	ByStatus map[ReportingStatus]int
	// ByTransport counts instances per transport; the zero Transport
	// counts those whose transport is not known.
	ByTransport map[smartaccount.Transport]int
	// ByVirtualAccount counts instances per Virtual Account and status.
	ByVirtualAccount map[string]map[ReportingStatus]int
	Wave             Wave

	assessed *assessed
}

// assessed are the instances of a Fleet and their verdicts.
type assessed struct {
	fleet    *policy.Policy // the policy of the instances that carry none
	verdicts []verdict      // per instance
	instance func(i int) Instance
	order    func() []int32 // the instances by Virtual Account, then UDI; computed once, when first asked for
}

// Len returns the number of instances of the fleet.
func (f Fleet) Len() int {
	if f.assessed == nil {
		return 0
	}
	return len(f.assessed.verdicts)
}

// Assessments yields the assessment of every instance, ordered by Virtual
// Account, then UDI (then the order of the instances given to Fleet). Each
// is built as it is yielded.
func (f Fleet) Assessments() iter.Seq[Assessment] {
	return func(yield func(Assessment) bool) {
		if f.assessed == nil {
			return
		}
		for _, i := range f.assessed.order() {
			in := f.assessed.instance(int(i))
			if !yield(f.assessed.verdicts[i].assessment(in, policyOf(&in, f.assessed.fleet))) {
				return
			}
		}
	}
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
// reporting wave. The Fleet keeps instances (not a copy): do not change
// them while it is in use.
func (g *Governance) Fleet(instances []Instance) (Fleet, error) {
	fleet, err := g.fleetPolicy()
	if err != nil {
		return Fleet{}, err
	}
	t := newTally(dayOf(g.AsOf), 0)
	verdicts := make([]verdict, len(instances))
	va := map[string]int{}
	for i := range instances {
		in := &instances[i]
		pol := policyOf(in, fleet)
		v := judge(factsOf(in), g.group(in.Licenses, pol), pol, t.asOf)
		verdicts[i] = v
		id, ok := va[in.VirtualAccount]
		if !ok {
			id = len(va)
			va[in.VirtualAccount] = id
			t.names = append(t.names, in.VirtualAccount)
			t.byVA = append(t.byVA, [len(ReportingStatuses)]int{})
		}
		t.add(id, in.Transport, v, v.periodic(pol))
	}
	order := func() []int32 {
		order := positions(len(instances))
		slices.SortFunc(order, func(i, j int32) int {
			a, b := &instances[i], &instances[j]
			return cmp.Or(strings.Compare(a.VirtualAccount, b.VirtualAccount), compareUDIs(a.UDI, b.UDI), cmp.Compare(i, j))
		})
		return order
	}
	return t.fleet(&assessed{fleet: fleet, verdicts: verdicts,
		instance: func(i int) Instance { return instances[i] }, order: sync.OnceValue(order)}), nil
}

// positions returns 0, 1, …, n−1.
func positions(n int) []int32 {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return p
}

func compareUDIs(a, b smartaccount.UDI) int {
	return cmp.Or(strings.Compare(a.PID, b.PID), strings.Compare(a.Serial, b.Serial))
}

// tally counts the verdicts of a fleet as they come.
type tally struct {
	asOf        civilDay
	byStatus    [len(ReportingStatuses)]int
	byTransport [1 << 8]int // by smartaccount.Transport
	names       []string    // the Virtual Accounts, numbered
	byVA        [][len(ReportingStatuses)]int
	wave        waveTally
}

func newTally(asOf civilDay, vas int) *tally {
	return &tally{asOf: asOf, byVA: make([][len(ReportingStatuses)]int, vas), wave: waveTally{asOf: asOf}}
}

// add counts an instance of Virtual Account va.
func (t *tally) add(va int, tr smartaccount.Transport, v verdict, periodic bool) {
	t.byStatus[v.status]++
	t.byTransport[tr]++
	t.byVA[va][v.status]++
	if periodic {
		t.wave.add(v.due)
	}
}

// fleet returns the Fleet of the counts.
func (t *tally) fleet(a *assessed) Fleet {
	f := Fleet{AsOf: t.asOf.time(), ByStatus: counts(t.byStatus[:]), ByTransport: map[smartaccount.Transport]int{},
		ByVirtualAccount: map[string]map[ReportingStatus]int{}, Wave: t.wave.wave(), assessed: a}
	for tr, n := range t.byTransport {
		if n > 0 {
			f.ByTransport[smartaccount.Transport(tr)] = n
		}
	}
	for va, byStatus := range t.byVA {
		if c := counts(byStatus[:]); len(c) > 0 {
			f.ByVirtualAccount[t.names[va]] = c
		}
	}
	return f
}

// counts returns the non-zero counts, by status.
func counts(byStatus []int) map[ReportingStatus]int {
	m := map[ReportingStatus]int{}
	for s, n := range byStatus {
		if n > 0 {
			m[ReportingStatus(s)] = n
		}
	}
	return m
}

// waveTally counts the due dates of the periodic instances: per day for
// the WaveWeeks weeks from as_of, the others kept aside.
type waveTally struct {
	asOf     civilDay
	periodic int
	pastDue  int
	days     [7 * WaveWeeks]int // days[i]: due on as_of + i
	later    []civilDay
}

func (w *waveTally) add(due civilDay) {
	w.periodic++
	switch i := due - w.asOf; {
	case i < 0:
		w.pastDue++
	case i < 7*WaveWeeks:
		w.days[i]++
	default:
		w.later = append(w.later, due)
	}
}

// wave returns the reporting wave: StageBy is the ⌈n/2⌉-th due date, as_of
// when that one is past.
func (w *waveTally) wave() Wave {
	out := Wave{Periodic: w.periodic, PastDue: w.pastDue, Later: len(w.later)}
	if w.periodic == 0 {
		return out
	}
	k := (w.periodic+1)/2 - w.pastDue // the rank of stage_by among the dates on or after as_of
	stage := w.asOf
	last := -1
	for i, n := range w.days {
		if n == 0 {
			continue
		}
		if k > 0 && k <= n {
			stage = w.asOf + civilDay(i)
		}
		k -= n
		last = i
	}
	if k > 0 {
		slices.Sort(w.later)
		stage = w.later[k-1]
	}
	out.StageBy = stage.time()
	for i := 0; i <= last; i++ {
		if i%7 == 0 {
			out.Weeks = append(out.Weeks, Week{Start: (w.asOf + civilDay(i)).time()})
		}
		out.Weeks[len(out.Weeks)-1].Due += w.days[i]
	}
	return out
}
