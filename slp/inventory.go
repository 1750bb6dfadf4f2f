package slp

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Inventory turns what the device side shows — `show license …` captures
// and RUM usage reports — into product instances for governance
// (METHOD.md §6), for a network team that has no CSSM export.
//
// How inputs become instances:
//
//   - A capture is one device, named by its UDI (the Active member of an HA
//     system when the capture prints only the HA list or the trust-code
//     members), else by its hostname (a prompt echo), else by nothing:
//     then it is a device of its own, known by its file. Captures with the
//     same UDI, or the same hostname, are one device; a capture that names
//     both links them.
//   - From a capture come the Virtual Account, the transport (a
//     reservation installed on the device means SLR), the last ACK and last
//     report push, the initial registration of the older model, the policy
//     it prints (the policy the device enforces) and its licenses — by
//     entitlement tag when printed, else by name — with their counts and
//     groups (capture.License.Group).
//   - A RUM report is a report from the device it names: the device uses
//     the report's entitlement tag, with the count of its latest window, and
//     the newest window end of its reports counts as a report made then,
//     when no capture shows a later report push.
//
// Where two inputs of one device disagree (two Virtual Accounts,
// REGISTERED and UNREGISTERED, two policies, …) the instance keeps the
// value of the newest input and lists a Conflict.
//
// The zero Inventory is empty and ready to use. Its memory holds the
// devices, not the inputs: a usage file of millions of reports adds only
// what is new about its devices.
type Inventory struct {
	devices []*device
	byKey   map[string]*device
	groups  map[string]policy.Group // license, tag or name → group, as captures describe it
	unnamed int                     // captures that name no device and no file
}

// device is what the inputs say about one product instance.
type device struct {
	in          Instance
	lastPush    time.Time // "Last report push" of a capture
	lastWindow  time.Time // newest window end of its RUM reports
	reg         string    // registration status of the older model, as printed
	counts      map[string]dated
	origin      [numFields]source // the input each kept value came from
	policyShown bool
}

// source is an input and when it was taken (zero when it does not say).
type source struct {
	ref smartaccount.Ref
	at  time.Time
}

// dated is a license count and when the input that gives it was taken.
type dated struct {
	n  int64
	at time.Time
}

// The values inputs can disagree on.
type field uint8

const (
	fieldHostname field = iota
	fieldVirtualAccount
	fieldTransport
	fieldRegistration
	fieldPolicy
	numFields
)

var fieldNames = [numFields]string{"hostname", "virtual_account", "transport", "registration", "policy"}

// Conflict is a value the inputs of one instance disagree on. The instance
// keeps the value of the newest input — the one taken last, as far as the
// inputs say (capture.Capture.Taken), else the first read. Values lists the
// kept value first, then the others in the order seen (at most
// MaxConflictValues), and Refs the input each came from.
type Conflict struct {
	Field  string             `json:"field"` // "hostname", "virtual_account", "transport", "registration" or "policy"
	Values []string           `json:"values"`
	Refs   []smartaccount.Ref `json:"refs"`
}

// MaxConflictValues bounds the values a Conflict lists.
const MaxConflictValues = 8

// key returns the device of k, creating it.
func (inv *Inventory) key(k string) *device {
	if inv.byKey == nil {
		inv.byKey = make(map[string]*device)
	}
	d := inv.byKey[k]
	if d == nil {
		d = &device{}
		inv.byKey[k] = d
		inv.devices = append(inv.devices, d)
	}
	return d
}

// AddCapture records what a capture shows about its device. The capture's
// File names it in the instance's Refs.
func (inv *Inventory) AddCapture(c *capture.Capture) {
	u := c.UDI
	for _, m := range c.HA {
		if u.IsZero() && strings.EqualFold(m.Role, "Active") {
			u = m.UDI
		}
	}
	if c.TrustCode != nil { // a status capture names its device only in its trust code
		for _, m := range c.TrustCode.Members {
			if u.IsZero() && strings.EqualFold(m.Role, "Active") {
				u = m.UDI
			}
		}
	}
	var d *device
	switch host := "host:" + c.Hostname; {
	case !u.IsZero(): // captures' UDIs are normalised already
		d = inv.key("udi:" + u.String())
		d.in.UDI = u
		if c.Hostname == "" {
			break
		}
		// A capture of the same host without a UDI may come first or later;
		// a host already known under another UDI is another device.
		if h := inv.byKey[host]; h == nil {
			inv.byKey[host] = d
		} else if h != d && h.in.UDI.IsZero() {
			inv.merge(d, h)
		}
	case c.Hostname != "":
		d = inv.key(host)
	case c.File != "":
		d = inv.key("file:" + c.File)
	default:
		inv.unnamed++
		d = inv.key("capture:" + strconv.Itoa(inv.unnamed))
	}
	ref := smartaccount.Ref{Source: c.File}
	taken := c.Taken()
	src := source{ref, taken}
	d.agree(fieldHostname, &d.in.Hostname, c.Hostname, src)
	if c.Account != nil {
		d.agree(fieldVirtualAccount, &d.in.VirtualAccount, c.Account.VirtualAccount, src)
	}
	if c.Transport != nil {
		if t, err := smartaccount.ParseTransport(c.Transport.Type); err == nil { // unknown types stay "not given"
			d.agreeTransport(t, src)
		}
	}
	if c.Reservation != nil {
		for _, m := range c.Reservation.Members {
			s := strings.ToUpper(m.Status)
			if strings.Contains(s, "INSTALLED") && !strings.Contains(s, "NOT INSTALLED") {
				// A reservation on the device outweighs what its transport says.
				d.in.Transport, d.origin[fieldTransport] = smartaccount.TransportSLR, src
			}
		}
	}
	if r := c.Reporting; r != nil {
		d.in.LastACK = later(d.in.LastACK, r.LastACK)
		d.lastPush = later(d.lastPush, r.LastReportPush)
	}
	if r := c.Registration; r != nil {
		d.in.Registered = earlier(d.in.Registered, r.InitialRegistration.Time)
		d.agree(fieldRegistration, &d.reg, r.Status, src)
	}
	if c.Policy != nil {
		p := *c.Policy
		if p.Name == "" {
			p.Name = cmp.Or(c.PolicyInUse, "as printed")
		}
		d.agreePolicy(&p, src)
	}
	for i := range c.Licenses {
		l := &c.Licenses[i]
		name := cmp.Or(l.EntitlementTag, l.Name, l.Label)
		if name == "" {
			continue
		}
		d.uses(name, int64(l.Count), taken)
		if g, ok := l.Group(); ok {
			inv.classify(name, g)
			if l.Name != "" {
				inv.classify(l.Name, g)
			}
		}
	}
	d.in.Seen = later(d.in.Seen, taken)
	d.in.Refs = append(d.in.Refs, ref)
}

// AddReport records what a RUM report shows about its device; source names
// the usage file in the instance's Refs. It fails only for a report whose
// device cannot be named (a UDI holding a control character).
func (inv *Inventory) AddReport(r *rum.Report, source string) error {
	u, err := smartaccount.NewUDI(r.Payload.Instance.PID, r.Payload.Instance.Serial)
	if err != nil {
		return fmt.Errorf("slp: %s: report %d: %w", source, r.Payload.ReportID, err)
	}
	d := inv.key("udi:" + u.String())
	d.in.UDI = u
	tag := r.Payload.EntitlementTag
	var end time.Time
	for _, use := range r.Payload.Usage() {
		d.uses(tag, use.Count, use.End)
		end = later(end, use.End)
	}
	if end.IsZero() { // no ENTITLEMENT window: the device still uses the tag
		d.uses(tag, -1, time.Time{})
	}
	for _, m := range r.Payload.Measurements {
		end = later(end, m.End)
	}
	d.lastWindow = later(d.lastWindow, end)
	d.in.Seen = later(d.in.Seen, end)
	if ref := (smartaccount.Ref{Source: source}); !slices.Contains(d.in.Refs, ref) {
		d.in.Refs = append(d.in.Refs, ref)
	}
	return nil
}

// classify records the group a capture gives a license.
func (inv *Inventory) classify(license string, g policy.Group) {
	if inv.groups == nil {
		inv.groups = make(map[string]policy.Group)
	}
	inv.groups[license] = g
}

// Classify returns the attribute group the captures give a license (by
// entitlement tag or by name); it is a Classifier for Governance. A
// license no capture describes is not known.
func (inv *Inventory) Classify(license string) (policy.Group, bool) {
	g, ok := inv.groups[license]
	return g, ok
}

// Instances returns one instance per device, in the order each first
// appeared, with its licenses sorted.
func (inv *Inventory) Instances() []Instance {
	out := make([]Instance, 0, len(inv.devices))
	for _, d := range inv.devices {
		in := d.in
		in.LastReport = later(d.lastPush, d.lastWindow)
		in.Licenses = slices.Sorted(maps.Keys(d.counts))
		in.Counts = make(map[string]int64, len(d.counts))
		for l, c := range d.counts {
			if c.n >= 0 {
				in.Counts[l] = c.n
			}
		}
		in.Refs = slices.Clone(in.Refs)
		in.Conflicts = make([]Conflict, len(d.in.Conflicts))
		for i, c := range d.in.Conflicts { // the kept value first
			k := slices.Index(c.Values, d.kept(field(slices.Index(fieldNames[:], c.Field))))
			if k < 0 { // an SLR device's transport, or a value past MaxConflictValues
				in.Conflicts[i] = Conflict{Field: c.Field, Values: slices.Clone(c.Values), Refs: slices.Clone(c.Refs)}
				continue
			}
			in.Conflicts[i] = Conflict{Field: c.Field,
				Values: append([]string{c.Values[k]}, slices.Delete(slices.Clone(c.Values), k, k+1)...),
				Refs:   append([]smartaccount.Ref{c.Refs[k]}, slices.Delete(slices.Clone(c.Refs), k, k+1)...)}
		}
		if len(in.Conflicts) == 0 {
			in.Conflicts = nil
		}
		out = append(out, in)
	}
	return out
}

// uses records that the device uses license, n of it (−1: count not
// given) as of at; the latest count wins.
func (d *device) uses(license string, n int64, at time.Time) {
	if d.counts == nil {
		d.counts = make(map[string]dated)
	}
	old, ok := d.counts[license]
	switch {
	case !ok, n >= 0 && (old.n < 0 || !at.Before(old.at)):
		d.counts[license] = dated{n, at}
	}
}

// agree records that the input s gives v for f: the first value given is
// kept in *have, a different one is a Conflict and replaces it when s is
// newer.
func (d *device) agree(f field, have *string, v string, s source) {
	switch {
	case v == "":
	case *have == "":
		*have, d.origin[f] = v, s
	case *have != v:
		d.conflict(f, *have, d.origin[f].ref, v, s.ref)
		if s.at.After(d.origin[f].at) {
			*have, d.origin[f] = v, s
		}
	}
}

func (d *device) agreeTransport(t smartaccount.Transport, s source) {
	if d.in.Transport == smartaccount.TransportSLR {
		return // an SLR device reports by no transport: what one prints does not matter
	}
	have := d.in.Transport.String()
	d.agree(fieldTransport, &have, t.String(), s)
	if have == t.String() {
		d.in.Transport = t
	}
}

func (d *device) agreePolicy(p *policy.Policy, s source) {
	if !d.policyShown {
		d.in.Policy, d.policyShown, d.origin[fieldPolicy] = p, true, s
		return
	}
	if have, v := policyText(d.in.Policy), policyText(p); have != v && policyRules(have) != policyRules(v) {
		d.conflict(fieldPolicy, have, d.origin[fieldPolicy].ref, v, s.ref)
		if s.at.After(d.origin[fieldPolicy].at) {
			d.in.Policy, d.origin[fieldPolicy] = p, s
		}
	}
}

// kept returns the text of the value the device keeps for f.
func (d *device) kept(f field) string {
	switch f {
	case fieldHostname:
		return d.in.Hostname
	case fieldVirtualAccount:
		return d.in.VirtualAccount
	case fieldTransport:
		return d.in.Transport.String()
	case fieldRegistration:
		return d.reg
	}
	return policyText(d.in.Policy)
}

// policyText writes a policy's rules, to compare two policies and show
// them: "Name: ack yes; unenforced-perpetual 365/0/90; …". Sources do not
// count: the same rules printed with and without them agree.
func policyText(p *policy.Policy) string {
	var b strings.Builder
	b.WriteString(p.Name)
	fmt.Fprintf(&b, ": ack %t", p.ACKRequired.Value)
	for _, g := range policy.Groups {
		a := p.Group(g)
		fmt.Fprintf(&b, "; %s %d/%d/%d", g, a.FirstReport.Days, a.ReportingFrequency.Days, a.ReportOnChange.Days)
	}
	return b.String()
}

// policyRules is policyText without the name: two captures may name one
// policy differently ("Installed On …", the policy name).
func policyRules(text string) string {
	_, rules, _ := strings.Cut(text, ": ")
	return rules
}

// conflict records that ref gives v for f where the device keeps have,
// which came from first.
func (d *device) conflict(f field, have string, first smartaccount.Ref, v string, ref smartaccount.Ref) {
	name := fieldNames[f]
	i := slices.IndexFunc(d.in.Conflicts, func(c Conflict) bool { return c.Field == name })
	if i < 0 {
		d.in.Conflicts = append(d.in.Conflicts, Conflict{Field: name, Values: []string{have}, Refs: []smartaccount.Ref{first}})
		i = len(d.in.Conflicts) - 1
	}
	c := &d.in.Conflicts[i]
	if !slices.Contains(c.Values, v) && len(c.Values) < MaxConflictValues {
		c.Values, c.Refs = append(c.Values, v), append(c.Refs, ref)
	}
}

// merge moves what device from knows into device into, and drops from.
func (inv *Inventory) merge(into, from *device) {
	into.agree(fieldHostname, &into.in.Hostname, from.in.Hostname, from.origin[fieldHostname])
	into.agree(fieldVirtualAccount, &into.in.VirtualAccount, from.in.VirtualAccount, from.origin[fieldVirtualAccount])
	into.agree(fieldRegistration, &into.reg, from.reg, from.origin[fieldRegistration])
	if from.in.Transport != 0 {
		into.agreeTransport(from.in.Transport, from.origin[fieldTransport])
	}
	if from.policyShown {
		into.agreePolicy(from.in.Policy, from.origin[fieldPolicy])
	}
	for _, c := range from.in.Conflicts {
		f := field(slices.Index(fieldNames[:], c.Field))
		for i := 1; i < len(c.Values); i++ {
			into.conflict(f, c.Values[0], c.Refs[0], c.Values[i], c.Refs[i])
		}
	}
	into.in.LastACK = later(into.in.LastACK, from.in.LastACK)
	into.in.Registered = earlier(into.in.Registered, from.in.Registered)
	into.in.Seen = later(into.in.Seen, from.in.Seen)
	into.lastPush = later(into.lastPush, from.lastPush)
	into.lastWindow = later(into.lastWindow, from.lastWindow)
	for l, c := range from.counts {
		into.uses(l, c.n, c.at)
	}
	into.in.Refs = append(into.in.Refs, from.in.Refs...)
	inv.devices = slices.DeleteFunc(inv.devices, func(d *device) bool { return d == from })
	for k, d := range inv.byKey {
		if d == from {
			inv.byKey[k] = into
		}
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// earlier returns the earlier of a and b, ignoring a zero time.
func earlier(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

// FileResult says what AddFile took from a file.
type FileResult struct {
	// Seen is the latest time the file shows: a capture's Taken, the
	// newest window end of a usage file's reports; zero when none.
	Seen       time.Time
	Reports    int             // the reports of a usage file added
	Rejected   int             // the reports of a usage file that could not be read
	Rejections []error         // the first MaxRejections of them
	SystemInfo json.RawMessage // a usage file's <smartLicenseSystemInfo><data>
	Skipped    int             // the unknown elements a usage file holds
}

// MaxRejections bounds the errors a FileResult lists.
const MaxRejections = 10

// AddFile adds a file of ReadFiles: its capture, or every report of its
// usage file, read to the end. A report that cannot be read is counted in
// the result and the others are added; an error that stops the usage file
// (its structure, its size, ctx) is returned with what was added before
// it. A skipped file returns its Err and adds nothing.
func (inv *Inventory) AddFile(ctx context.Context, f File) (FileResult, error) {
	var res FileResult
	switch {
	case f.Err != nil:
		return res, f.Err
	case f.Capture != nil:
		inv.AddCapture(f.Capture)
		res.Seen = f.Capture.Taken()
		return res, nil
	case f.Usage == nil:
		return res, fmt.Errorf("slp: %s: a File with neither capture nor usage file", f.Path)
	}
	err := inv.addReports(ctx, f, &res)
	res.SystemInfo, res.Skipped = f.Usage.SystemInfo(), f.Usage.Skipped()
	return res, err
}

// addReports adds the reports of a usage file to its end.
func (inv *Inventory) addReports(ctx context.Context, f File, res *FileResult) error {
	for {
		r, err := f.Usage.Next(ctx)
		if err == io.EOF {
			return nil
		}
		if err == nil {
			err = inv.AddReport(r, f.Path)
		}
		switch {
		case err == nil:
			res.Reports++
			for _, m := range r.Payload.Measurements {
				res.Seen = later(res.Seen, m.End)
			}
		case ctx.Err() != nil || f.Usage.Err() != nil:
			return err
		default:
			res.Rejected++
			if len(res.Rejections) < MaxRejections {
				res.Rejections = append(res.Rejections, err)
			}
		}
	}
}
