package smartaccount

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/openrenewal/smartlicensing/internal/parallel"
)

// instanceDates returns the latest last contact and last report of rows and
// their earliest registration date (zero where no row gives one).
func instanceDates(s *Snapshot, rows []int32) (contact, report, registered time.Time) {
	for _, r := range rows {
		p := &s.Instances[r]
		if p.LastContact.After(contact) {
			contact = p.LastContact
		}
		if p.LastReport.After(report) {
			report = p.LastReport
		}
		if !p.Registered.IsZero() && (registered.IsZero() || p.Registered.Before(registered)) {
			registered = p.Registered
		}
	}
	return contact, report, registered
}

// seen returns an instance's last sign of life by the stale rule of
// METHOD.md §3 — last contact, else last report, else registration date —
// and which it is.
func seen(contact, report, registered time.Time) (time.Time, string) {
	switch {
	case !contact.IsZero():
		return contact, "last contact"
	case !report.IsZero():
		return report, "last report"
	}
	return registered, "registration"
}

func lastSeen(s *Snapshot, rows []int32) time.Time {
	t, _ := seen(instanceDates(s, rows))
	return t
}

// hostname returns the hostname of an instance's first row (in input
// order) that gives one, else its footprint record's.
func (x *Index) hostname(in *Instance) string {
	best := int32(-1)
	for _, r := range in.Rows {
		if x.snap.Instances[r].Hostname != "" && (best < 0 || x.rowBefore(r, best)) {
			best = r
		}
	}
	switch {
	case best >= 0:
		return x.snap.Instances[best].Hostname
	case in.Device != nil:
		return in.Device.Hostname
	}
	return ""
}

// rowBefore orders product-instance rows as the input had them: by Ref
// (source, line, record), then by position in the slice.
func (x *Index) rowBefore(a, b int32) bool {
	return cmp.Or(x.snap.Instances[a].Ref.Compare(x.snap.Instances[b].Ref), cmp.Compare(a, b)) < 0
}

// firstRow returns the row of rows that comes first in the input.
func (x *Index) firstRow(rows []int32) int32 {
	first := rows[0]
	for _, r := range rows[1:] {
		if x.rowBefore(r, first) {
			first = r
		}
	}
	return first
}

// kept returns the registration of a device registered more than once that
// the clean-up keeps: the latest last contact, then the first row.
func (r *reviewer) kept(dev int32) int32 {
	x := r.x
	best, bestFirst := int32(-1), int32(-1)
	var bestContact time.Time
	for j := x.devFirst[dev]; j >= 0; j = x.instNext[j] {
		rows := x.instRows[x.instStart[j]:x.instStart[j+1]]
		contact, _, _ := instanceDates(x.snap, rows)
		first := x.firstRow(rows)
		if best < 0 || contact.After(bestContact) || (contact.Equal(bestContact) && x.rowBefore(first, bestFirst)) {
			best, bestFirst, bestContact = j, first, contact
		}
	}
	return best
}

// usage is one license's usage on one instance.
type usage struct {
	license  int32
	quantity int64
}

// usages returns the usage of each license on an instance, in the order of
// its rows, reusing buf.
func (x *Index) usages(in *Instance, buf []usage) []usage {
	buf = buf[:0]
	for _, row := range in.Rows {
		l := x.rowLicense[row]
		k := slices.IndexFunc(buf, func(u usage) bool { return u.license == l })
		if k < 0 {
			k = len(buf)
			buf = append(buf, usage{license: l})
		}
		buf[k].quantity += x.snap.Instances[row].Quantity
	}
	return buf
}

// reclaims reports whether the review reclaims an instance of class c.
func (h *Hygiene) reclaims(c Class) bool {
	return c == ClassDecommissioned || c == ClassDuplicate || (c == ClassStale && h.ReclaimStale)
}

// oversized reports whether the review counts a usage of an instance as a
// right-tiering candidate: not reclaimed, and its device needs a license
// below the one it uses.
func (r *reviewer) oversized(c Class, dev, license int32) bool {
	if r.h.reclaims(c) || int(dev) >= len(r.x.devNeeds) {
		return false
	}
	need := r.x.devNeeds[dev]
	return need >= 0 && slices.Contains(r.below[license], need)
}

// classify runs pass 2 (METHOD.md §3): it classifies every instance and
// sums the reclaimable, stale and unmatched usage per license and pair,
// then adds the clean-up and oversized findings. Both steps cut the
// instances into contiguous parts worked on side by side (a million
// instances take one processor half a second); the findings are counted
// first, so that they are stored once, each part into its own stretch of
// the findings in instance order — the same order, whatever the number of
// parts.
func (r *reviewer) classify() {
	x, h := r.x, r.h
	n := x.NumInstances()
	h.classes = make([]Class, n)
	parts := make([]classPart, parallel.Parts(n, minPart))
	parallel.Do(len(parts), func(i int) {
		lo, hi := parallel.Range(n, len(parts), i)
		parts[i].classify(r, lo, hi)
	})
	h.reclaimed = make([]int64, len(r.entitled))
	r.reclaims = make([]int, len(x.licenses))
	total := 0
	for i := range parts {
		c := &parts[i]
		for k, v := range c.counts {
			h.counts[k] += v
		}
		for l := range h.Licenses {
			lh := &h.Licenses[l]
			lh.Stale += c.stale[l]
			lh.Unmatched += c.unmatched[l]
			lh.Reclaimable += c.reclaimable[l]
			r.reclaims[l] += c.reclaims[l]
		}
		for p, q := range c.reclaimed {
			h.reclaimed[p] += q
		}
		c.first = len(r.found) + total
		total += c.findings
	}
	for l := range h.Licenses {
		lh := &h.Licenses[l]
		lh.Need = lh.Consumed - lh.Reclaimable
		lh.Unused = max(0, lh.Entitled-lh.Need)
	}
	r.found = slices.Grow(r.found, total)[:len(r.found)+total]
	r.keys = slices.Grow(r.keys, total)[:len(r.keys)+total]
	r.devs = slices.Grow(r.devs, total)[:len(r.devs)+total]
	parallel.Do(len(parts), func(i int) { parts[i].report(r) })
}

// classPart is one part's share of pass 2: its sums, per class, license
// and pair, and the instances it reports, which it writes as findings
// from position first on.
type classPart struct {
	counts                        [numClasses + 1]int
	stale, unmatched, reclaimable []int64 // per license
	reclaims                      []int   // per license: the findings Reclaimed will list
	reclaimed                     []int64 // per pair
	instances                     []int32 // the instances with findings
	findings, first               int
	refs                          refArena
	details                       details
}

// classify classifies instances [lo, hi).
func (c *classPart) classify(r *reviewer, lo, hi int) {
	x, s, h := r.x, r.x.snap, r.h
	nl := len(x.licenses)
	c.stale, c.unmatched, c.reclaimable = make([]int64, nl), make([]int64, nl), make([]int64, nl)
	c.reclaims, c.reclaimed = make([]int, nl), make([]int64, len(r.entitled))
	keptOf := map[int32]int32{} // device → the registration kept, for devices registered more than once
	var uses []usage
	for i := lo; i < hi; i++ {
		in := x.Instance(i)
		dev := x.instDev[i]
		class := ClassActive
		switch {
		case int(dev) < len(x.devStatus) && x.devStatus[dev].Gone():
			class = ClassDecommissioned
		case x.instNext[x.devFirst[dev]] >= 0:
			k, ok := keptOf[dev]
			if !ok {
				k = r.kept(dev)
				keptOf[dev] = k
			}
			if k != int32(i) {
				class = ClassDuplicate
				break
			}
			fallthrough
		default:
			seenAt, _ := seen(instanceDates(s, in.Rows))
			switch {
			case !seenAt.IsZero() && seenAt.Before(r.staleAt):
				class = ClassStale
			case int(dev) >= len(x.devStatus) && len(s.Footprint) > 0:
				class = ClassUnmatched
			}
		}
		h.classes[i] = class
		c.counts[class]++
		uses = x.usages(&in, uses)
		before := c.findings
		for _, u := range uses {
			switch class {
			case ClassStale:
				c.stale[u.license] += u.quantity
			case ClassUnmatched:
				c.unmatched[u.license] += u.quantity
			}
			if h.reclaims(class) {
				c.reclaimable[u.license] += u.quantity
				c.reclaimed[x.pair(u.license, int32(in.VirtualAccount))] += u.quantity
				c.reclaims[u.license]++
			}
			if class != ClassActive {
				c.findings++
			}
			if r.oversized(class, dev, u.license) {
				c.findings++
			}
		}
		if c.findings > before {
			c.instances = append(c.instances, int32(i))
		}
	}
}

// report writes the clean-up and oversized findings of the part's
// instances.
func (c *classPart) report(r *reviewer) {
	x, h := r.x, r.h
	at := c.first
	var uses []usage
	for _, i := range c.instances {
		in, class := x.Instance(int(i)), h.classes[i]
		host := x.hostname(&in)
		keep := int32(-1)
		if class == ClassDuplicate {
			keep = r.kept(x.instDev[i])
		}
		uses = x.usages(&in, uses)
		for _, u := range uses {
			if class != ClassActive {
				r.put(at, r.cleanupFinding(c, &r.found[at].Detail, &in, host, class, u, keep), u.license, int32(in.VirtualAccount), x.instDev[i])
				at++
			}
			if r.oversized(class, x.instDev[i], u.license) {
				r.put(at, r.oversizedFinding(c, &r.found[at].Detail, &in, host, u), u.license, int32(in.VirtualAccount), x.instDev[i])
				at++
			}
		}
	}
	c.details.flush()
}

// licenseRows returns the refs of an instance's rows of one license, with
// room for extra more.
func (r *reviewer) licenseRows(refs *refArena, in *Instance, license int32, extra int) []Ref {
	n := 0
	for _, row := range in.Rows {
		if r.x.rowLicense[row] == license {
			n++
		}
	}
	out := refs.take(n + extra)[:0]
	for _, row := range in.Rows {
		if r.x.rowLicense[row] == license {
			out = append(out, r.x.snap.Instances[row].Ref)
		}
	}
	return out
}

// details writes the details of a part's findings — hundreds of thousands
// of sentences in a review — into one buffer, and hands them out a block at
// a time as slices of the block's one string: one allocation per block
// instead of one per finding, and a finding keeps no more than its block
// (32 KiB) alive.
type details struct {
	buf  []byte
	dst  []*string // where each sentence of the block goes
	ends []int     // where each ends in buf
}

// detailBlock is the most a block holds (unless one sentence is longer):
// the largest size the allocator rounds up by less than a few bytes.
const detailBlock = 32 << 10

// aboutDevice writes a sentence about a device into *dst: "PID:…,SN:…
// (hostname)" followed by rest. *dst is set when the block is handed out
// (by a later call or by flush), so it must not be written in between.
func (d *details) aboutDevice(dst *string, u UDI, host string, rest ...string) {
	n := len("PID:,SN:") + len(u.PID) + len(u.Serial) + len(host) + len(" ()")
	for _, p := range rest {
		n += len(p)
	}
	if len(d.buf)+n > detailBlock && len(d.buf) > 0 {
		d.flush()
	}
	if d.buf == nil {
		d.buf = make([]byte, 0, detailBlock)
	}
	d.buf = append(d.buf, "PID:"...)
	d.buf = append(d.buf, u.PID...)
	d.buf = append(d.buf, ",SN:"...)
	d.buf = append(d.buf, u.Serial...)
	if host != "" {
		d.buf = append(d.buf, " ("...)
		d.buf = append(d.buf, host...)
		d.buf = append(d.buf, ')')
	}
	for _, p := range rest {
		d.buf = append(d.buf, p...)
	}
	d.dst, d.ends = append(d.dst, dst), append(d.ends, len(d.buf))
}

// flush hands out the block's sentences.
func (d *details) flush() {
	block, start := string(d.buf), 0
	for i, dst := range d.dst {
		*dst = block[start:d.ends[i]]
		start = d.ends[i]
	}
	d.buf, d.dst, d.ends = d.buf[:0], d.dst[:0], d.ends[:0]
}

// cleanupFinding returns the pass-2 finding of one license on an instance
// of class c: it rests on the instance's rows of the license and, for a
// decommissioned device, on its footprint record; for a duplicate, on the
// rows of the registration kept, keep. Its evidence comes from the part's
// refs; its detail is written into *detail by the part's details.
func (r *reviewer) cleanupFinding(part *classPart, detail *string, in *Instance, host string, c Class, u usage, keep int32) Finding {
	refs, about := &part.refs, &part.details
	x := r.x
	va := x.vas[in.VirtualAccount].Name
	license := x.licenses[u.license]
	f := Finding{License: license, VirtualAccount: va, UDI: in.UDI, Quantity: u.quantity, Severity: SeverityWarning}
	n := units(u.quantity)
	switch c {
	case ClassDecommissioned:
		f.Kind = KindDecommissioned
		about.aboutDevice(detail, in.UDI, host, " is ", in.Device.Status.String(), " in the inventory but still registered in Virtual Account ",
			va, ", using ", n, " of ", license, ".")
		f.Evidence = append(r.licenseRows(refs, in, u.license, 1), in.Device.Ref)
	case ClassDuplicate:
		k := x.Instance(int(keep))
		contact, _, _ := instanceDates(x.snap, k.Rows)
		when := "no last contact"
		if !contact.IsZero() {
			when = "last contact " + contact.Format(time.DateOnly)
		}
		f.Kind = KindDuplicate
		about.aboutDevice(detail, in.UDI, host, " is also registered in Virtual Account ", x.vas[k.VirtualAccount].Name,
			", the registration kept (", when, "); this one in ", va, " counts ", n, " of ", license, " a second time.")
		f.Evidence = r.licenseRows(refs, in, u.license, len(k.Rows))
		for _, row := range k.Rows {
			f.Evidence = append(f.Evidence, x.snap.Instances[row].Ref)
		}
	case ClassStale:
		seenAt, seenBy := seen(instanceDates(x.snap, in.Rows))
		f.Kind = KindStale
		lead, then := "it uses ", ", reclaimable if stale instances are reclaimed."
		if r.h.ReclaimStale {
			lead, then = "its ", " are reclaimed."
			if u.quantity == 1 {
				then = " is reclaimed."
			}
		}
		about.aboutDevice(detail, in.UDI, host, " in Virtual Account ", va, " was last seen on ", seenAt.Format(time.DateOnly),
			" (", seenBy, "), more than ", strconv.Itoa(r.h.StaleAfterDays), " days before ", r.asOf.Format(time.DateOnly), "; ",
			lead, n, " of ", license, then)
		f.Evidence = r.licenseRows(refs, in, u.license, 0)
	case ClassUnmatched:
		f.Kind, f.Severity = KindUnmatched, SeverityInfo
		about.aboutDevice(detail, in.UDI, host, " is registered in Virtual Account ", va, " using ", n, " of ", license,
			" but is not in the inventory: check it before the renewal.")
		f.Evidence = r.licenseRows(refs, in, u.license, 0)
	}
	return f
}

// oversizedFinding returns a right-tiering candidate: the instance uses a
// license whose lower tier its device needs. It rests on the rows and the
// footprint record. Its detail is written into *detail, as for
// cleanupFinding.
func (r *reviewer) oversizedFinding(part *classPart, detail *string, in *Instance, host string, u usage) Finding {
	x := r.x
	va, license, lower := x.vas[in.VirtualAccount].Name, x.licenses[u.license], in.Device.RequiredLicense
	part.details.aboutDevice(detail, in.UDI, host, " in Virtual Account ", va, " uses ", license, " where the inventory says ",
		lower, " is enough: ", units(u.quantity), " can move down to ", lower, ".")
	return Finding{
		Kind: KindOversized, Severity: SeverityInfo, License: license, VirtualAccount: va, UDI: in.UDI, Quantity: u.quantity,
		Evidence: append(r.licenseRows(&part.refs, in, u.license, 1), in.Device.Ref),
	}
}
