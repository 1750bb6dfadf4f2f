package capture

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Table-shaped captures are read by pattern, not by column: column widths,
// indentation and header case vary between releases, and names may be
// truncated.

// find returns the index of the first line whose text satisfies is, or -1.
func (d *document) find(is func(string) bool) int {
	for i, ln := range d.lines {
		if is(ln.text) {
			return i
		}
	}
	return -1
}

// isUDIHeader recognises the header of the old UDI table: "SlotID PID SN UDI".
func isUDIHeader(t string) bool { return strings.HasPrefix(t, "SlotID") }

// isDashes reports whether t is a table rule: "-----".
func isDashes(t string) bool {
	return len(t) >= 3 && strings.Trim(t, "-") == ""
}

// cutField splits the first blank-separated field off s.
func cutField(s string) (field, rest string) {
	i := 0
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	j := i
	for j < len(s) && !isBlank(s[j]) {
		j++
	}
	k := j
	for k < len(s) && isBlank(s[k]) {
		k++
	}
	return s[i:j], s[k:]
}

// summary reads `show license summary`: optional status sections (Account
// Information, Registration, …), then rows "name (label) count status".
func (p *parser) summary() {
	lines := p.doc.lines
	h := p.doc.find(isSummaryHeader)
	if h < 0 {
		p.sections(lines)
		return
	}
	p.sections(lines[:h])
	for _, ln := range lines[h+1:] {
		t := ln.text
		if t == "" || isDashes(t) {
			continue
		}
		l, off, err := summaryRow(t)
		if err != nil {
			p.warn(ln, off, "summary row", t, err)
			continue
		}
		p.c.Licenses = append(p.c.Licenses, l)
	}
}

// summaryRow reads "network-advantage  (C9300-48 Network Advan...)  1 IN USE".
// The name is what precedes the first parenthesis (it may hold blanks on
// older releases), the label what the parentheses hold, then the count and
// the status. A row without parentheses is "name count status".
func summaryRow(t string) (License, int, error) {
	var l License
	rest, off := t, 0
	if i := strings.IndexByte(t, '('); i >= 0 {
		j := strings.LastIndexByte(t, ')')
		if j < i {
			return l, i, errors.New("unbalanced parentheses")
		}
		l.Name, l.Label = strings.TrimSpace(t[:i]), t[i+1:j]
		rest, off = t[j+1:], j+1
	} else {
		l.Name, rest = cutField(t)
		off = len(t) - len(rest)
	}
	count, status := cutField(rest)
	n, err := atoi(count)
	if err != nil {
		return l, off, errors.New("no count")
	}
	l.Count, l.Status = n, status
	return l, off, nil
}

// rumIDAll reads the table of `show license rum id all`:
// "Report Id, State, Flag, Feature Name".
func (p *parser) rumIDAll() {
	header := false
	for _, ln := range p.doc.lines {
		t := ln.text
		switch {
		case t == "" || isUnderline(t) || isDashes(t):
			continue
		case strings.HasPrefix(t, "Report Id,"):
			header = true
			continue
		case !header:
			continue // the title "Smart Licensing Usage Report:"
		}
		idText, rest := cutField(t)
		id, err := parseID(idText)
		if err != nil {
			p.warn(ln, 0, "Report Id", idText, errors.New("not a report id"))
			continue
		}
		e := UsageReportEntry{ID: id}
		e.State, rest = cutField(rest)
		if f, r := cutField(rest); len(f) == 1 || r != "" {
			e.Flag, rest = f, r
		}
		e.FeatureName = rest
		p.c.Reports = append(p.c.Reports, e)
	}
}

// rumIDDetail reads `show license rum id … detail`: a "Report Id: N" line
// opens each report, then key/value lines with several pairs per line.
func (p *parser) rumIDDetail() {
	var e *UsageReportEntry
	for _, ln := range p.doc.lines {
		p.pairs = splitPairs(ln.text, p.pairs[:0])
		for _, pr := range p.pairs {
			key := lowerKey(pr.key)
			if key == "report id" {
				id, err := parseID(pr.value)
				if err != nil {
					p.warn(ln, pr.off, pr.key, pr.value, errors.New("not a report id"))
				}
				p.c.Reports = append(p.c.Reports, UsageReportEntry{ID: id})
				e = &p.c.Reports[len(p.c.Reports)-1]
				continue
			}
			if e != nil {
				p.rumDetailPair(ln, e, pr, key)
			}
		}
	}
}

func (p *parser) rumDetailPair(ln line, e *UsageReportEntry, pr pair, key string) {
	id := func() uint64 {
		n, err := parseID(pr.value)
		if err != nil {
			p.warn(ln, pr.off, pr.key, pr.value, errors.New("not a report id"))
		}
		return n
	}
	switch key {
	case "metric name":
		e.MetricName = pr.value
	case "feature name":
		e.FeatureName = pr.value
	case "metric value":
		e.MetricValue = pr.value
	case "udi":
		u, ok := parseUDI(pr.value)
		if !ok {
			p.warn(ln, pr.off, pr.key, pr.value, errors.New("not PID:…,SN:…"))
		}
		e.UDI = u
	case "previous report id":
		e.PreviousID = id()
	case "next report id":
		e.NextID = id()
	case "state":
		e.State = pr.value
	case "state change reason":
		e.StateChangeReason = pr.value
	case "start time":
		e.Start = p.when(ln, pr)
	case "end time":
		e.End = p.when(ln, pr)
	case "storage state":
		e.StorageState = pr.value
	case "transaction id":
		e.TransactionID = textValue(pr.value)
	case "transaction message":
		e.TransactionMessage = textValue(pr.value)
	}
}

// parseID reads a report id.
func parseID(s string) (uint64, error) {
	return strconv.ParseUint(strings.TrimSpace(s), 10, 64)
}

// isEventLine reports whether t starts like an event-log line:
// "2021-11-17 03:31:32.920 ".
func isEventLine(t string) bool {
	if len(t) < 20 || t[4] != '-' || t[7] != '-' || t[10] != ' ' || t[13] != ':' {
		return false
	}
	return allDigits(t[0:4]) && allDigits(t[5:7]) && allDigits(t[8:10]) && allDigits(t[11:13])
}

// eventlog reads `show license eventlog`: one event per line,
// "<date> <time> [zone] TYPE name="value" …".
func (p *parser) eventlog() {
	for _, ln := range p.doc.lines {
		t := ln.text
		if t == "" || strings.HasPrefix(t, "****") {
			continue
		}
		if !isEventLine(t) {
			p.warn(ln, 0, "event", t, errors.New("not an event line (date, time, type, attributes)"))
			continue
		}
		ev, off, err := parseEvent(t)
		if err != nil {
			p.warn(ln, off, "event", t[off:], err)
			if ev.Type == "" {
				continue
			}
		}
		p.c.Events = append(p.c.Events, ev)
	}
}

// parseEvent reads one event line. On an attribute error it returns
// the event read so far with the error and its offset.
func parseEvent(t string) (Event, int, error) {
	var ev Event
	date, rest := cutField(t)
	clock, rest := cutField(rest)
	stamp := date + " " + clock
	if f, r := cutField(rest); f != "" && !strings.Contains(f, "=") && isZone(f) {
		stamp, rest = stamp+" "+f, r
	}
	tm, err := parseTime(stamp)
	if err != nil {
		return ev, 0, err
	}
	ev.Time = tm
	ev.Type, rest = cutField(rest)
	if ev.Type == "" || strings.Contains(ev.Type, "=") {
		return Event{}, len(t) - len(rest), errors.New("no event type")
	}
	for rest != "" {
		off := len(t) - len(rest)
		eq := strings.IndexByte(rest, '=')
		if eq <= 0 {
			return ev, off, errors.New(`expected name="value"`)
		}
		a := EventAttr{Name: rest[:eq]}
		rest = rest[eq+1:]
		if strings.HasPrefix(rest, `"`) {
			end := quoteEnd(rest)
			if end < 0 {
				return ev, off, errors.New("unterminated quoted value")
			}
			a.Value = strings.ReplaceAll(rest[1:end], `\"`, `"`)
			rest = rest[end+1:]
		} else {
			a.Value, rest = cutField(rest)
		}
		ev.Attrs = append(ev.Attrs, a)
		rest = strings.TrimLeft(rest, " \t")
	}
	return ev, 0, nil
}

// quoteEnd returns the index of the quote closing s[0], skipping
// backslash-escaped quotes, or -1.
func quoteEnd(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// isZone reports whether f is a zone abbreviation of the table or an offset.
func isZone(f string) bool {
	if _, ok := zoneOffset(f); ok {
		return true
	}
	_, err := zoneOffsetValue(f)
	return (f[0] == '+' || f[0] == '-') && err == nil
}

// udiTable reads the old table form of `show license udi`:
// "SlotID PID SN UDI" and rows "* ASR1006 NWG1512050G ASR1006:NWG1512050G".
// It reports false when the capture has no such table.
func (p *parser) udiTable() bool {
	lines := p.doc.lines
	h := p.doc.find(isUDIHeader)
	if h < 0 {
		return false
	}
	var rows []Member
	active := -1
	for _, ln := range lines[h+1:] {
		t := ln.text
		if t == "" || isDashes(t) {
			continue
		}
		f := strings.Fields(t)
		if len(f) < 3 || len(f) > 4 {
			p.warn(ln, 0, "UDI row", t, errors.New("expected SlotID, PID, SN and UDI"))
			continue
		}
		slot := ""
		if len(f) == 4 {
			slot, f = f[0], f[1:]
		}
		u, err := smartaccount.NewUDI(f[0], f[1])
		if err != nil {
			p.warn(ln, 0, "UDI row", t, err)
			continue
		}
		if slot == "*" && active < 0 {
			active = len(rows)
		}
		rows = append(rows, Member{Role: slot, UDI: u})
	}
	if len(rows) == 0 {
		return true
	}
	if active < 0 {
		active = 0
	}
	p.c.UDI = rows[active].UDI
	if len(rows) > 1 {
		p.c.HA = rows
	}
	return true
}

// nxosTable reads the classic NX-OS table:
//
//	Feature                      Ins  Lic   Status Expiry Date Comments
//	                                 Count
//	LAN_ENTERPRISE_SERVICES_PKG   Yes   -   In use Never       -
//
// It reports false when the capture has no such table (NX-OS 10 prints
// usage blocks instead).
func (p *parser) nxosTable() bool {
	lines := p.doc.lines
	h := p.doc.find(isNXOSHeader)
	if h < 0 {
		return false
	}
	for _, ln := range lines[h+1:] {
		t := ln.text
		if t == "" || isDashes(t) || strings.EqualFold(t, "Count") {
			continue
		}
		f, err := nxosRow(t)
		if err != nil {
			p.warn(ln, 0, "feature row", t, err)
			continue
		}
		p.c.Features = append(p.c.Features, f)
	}
	return true
}

// nxosStatuses are the statuses NX-OS prints, longest first.
var nxosStatuses = [...]string{"Not in use", "In use", "Unused", "Expired", "Grace", "Unlicensed"}

func nxosRow(t string) (Feature, error) {
	var f Feature
	var ins, count string
	f.Name, t = cutField(t)
	ins, t = cutField(t)
	count, t = cutField(t)
	switch strings.ToLower(ins) {
	case "yes":
		f.Installed = true
	case "no":
	default:
		return f, fmt.Errorf("installed column %q is not Yes or No", ins)
	}
	if count != "-" {
		n, err := atoi(count)
		if err != nil {
			return f, fmt.Errorf("count column %q is not a number or -", count)
		}
		f.Count, f.Counted = n, true
	}
	for _, s := range nxosStatuses {
		if len(t) >= len(s) && strings.EqualFold(t[:len(s)], s) && (len(t) == len(s) || t[len(s)] == ' ') {
			f.Status, t = t[:len(s)], strings.TrimLeft(t[len(s):], " ")
			break
		}
	}
	if f.Status == "" {
		f.Status, t = cutField(t)
	}
	if w, r := cutField(t); strings.EqualFold(w, "never") {
		f.Expiry, t = w, r
	} else if d, r, ok := civilDate(t); ok {
		f.Expiry, f.Expires, t = strings.TrimSpace(t[:len(t)-len(r)]), d, r
	}
	if t != "-" {
		f.Comments = t
	}
	return f, nil
}

// civilDate reads a date "25 Oct 2014" or "Oct 25 2014" at the start
// of s, as 00:00 UTC.
func civilDate(s string) (time.Time, string, bool) {
	a, r := cutField(s)
	b, r := cutField(r)
	y, r := cutField(r)
	if monthIndex(a) >= 0 {
		a, b = b, a
	}
	m := monthIndex(b)
	day, err1 := atoi(a)
	year, err2 := atoi(y)
	if m < 0 || err1 != nil || err2 != nil || len(y) != 4 || day < 1 || day > daysIn(year, time.Month(m+1)) {
		return time.Time{}, s, false
	}
	return time.Date(year, time.Month(m+1), day, 0, 0, 0, 0, time.UTC), r, true
}
