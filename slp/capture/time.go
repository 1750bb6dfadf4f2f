package capture

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// zones is the fixed table of zone abbreviations that devices print,
// in seconds east of UTC. Abbreviations are matched case-insensitively.
// Where an abbreviation is ambiguous the reading most common on Cisco
// devices is taken: IST is India (+05:30), CST is US Central (-06:00), BST is
// British Summer Time (+01:00). A printed offset (+0530, -07:00) is accepted
// too. An abbreviation outside this table is an error, never a guess.
var zones = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0,
	"BST": 3600, "IST": 5*3600 + 1800, "WEST": 3600,
	"CET": 3600, "CEST": 2 * 3600, "MET": 3600, "MEST": 2 * 3600,
	"EET": 2 * 3600, "EEST": 3 * 3600, "MSK": 3 * 3600, "SAST": 2 * 3600,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
	"AST": -4 * 3600, "ADT": -3 * 3600, "NST": -(3*3600 + 1800), "NDT": -(2*3600 + 1800),
	"BRT": -3 * 3600, "ART": -3 * 3600,
	"SGT": 8 * 3600, "HKT": 8 * 3600, "AWST": 8 * 3600, "JST": 9 * 3600, "KST": 9 * 3600,
	"ACST": 9*3600 + 1800, "ACDT": 10*3600 + 1800, "AEST": 10 * 3600, "AEDT": 11 * 3600,
	"NZST": 12 * 3600, "NZDT": 13 * 3600,
}

var months = [...]string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

var weekdays = [...]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// placeholders lists the placeholders devices print for a time or a value
// that never happened or is not set.
var placeholders = [...]string{"<none>", "<empty>", "none", "not configured", "expired not rescheduled", "never", "n/a", "-"}

// isNever reports whether s is one of the placeholders devices print
// for a time that never happened or is not set.
func isNever(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true
	}
	for _, n := range placeholders {
		if strings.EqualFold(s, n) {
			return true
		}
	}
	return false
}

// parseTime reads a device timestamp and returns it as a UTC instant.
// It accepts the layouts devices print, with any spacing:
//
//	Jul 02 13:13:37 2024 UTC          (IOS XE)
//	Tue Jul 02 2024 13:13:37 UTC      (IOS XR, ASA)
//	Jan 05 2023 12:19:01 UTC
//	2021-11-17 03:31:32.920 UTC       (event log)
//	.05:30:30.132 UTC Fri Oct 22 2021 (banner "Time source is …")
//
// The placeholders of isNever and the Unix epoch (Jan 01 00:00:00
// 1970 UTC, in any zone) return the zero time and a nil error: "never".
// A missing zone is read as UTC.
func parseTime(s string) (time.Time, error) {
	if isNever(s) {
		return time.Time{}, nil
	}
	var (
		year, month, day = -1, -1, -1
		hour, min, sec   = -1, -1, -1
		nsec             int
		offset           int
		haveZone         bool
	)
	for tok := range strings.FieldsSeq(s) {
		tok = strings.TrimLeft(tok, "*.") // the marks of an unsynchronised clock
		f := strings.TrimSuffix(tok, ",")
		switch {
		case f == "":
			continue
		case month < 0 && monthIndex(f) >= 0:
			month = monthIndex(f) + 1
		case isWeekday(f):
			// The weekday adds nothing to the date.
		case strings.Count(f, ":") == 2 && hour < 0:
			var err error
			if hour, min, sec, nsec, err = clockTime(f); err != nil {
				return time.Time{}, err
			}
		case strings.Count(f, "-") == 2 && len(f) == 10 && year < 0:
			y, err1 := atoi(f[0:4])
			m, err2 := atoi(f[5:7])
			d, err3 := atoi(f[8:10])
			if err1 != nil || err2 != nil || err3 != nil || f[4] != '-' || f[7] != '-' {
				return time.Time{}, fmt.Errorf("bad date %q", tok)
			}
			year, month, day = y, m, d
		case allDigits(f) && len(f) == 4 && year < 0:
			year, _ = atoi(f)
		case allDigits(f) && len(f) <= 2 && day < 0:
			day, _ = atoi(f)
		case !haveZone && (f[0] == '+' || f[0] == '-') && len(f) > 1:
			off, err := zoneOffsetValue(f)
			if err != nil {
				return time.Time{}, err
			}
			offset, haveZone = off, true
		case !haveZone && isAlpha(f):
			off, ok := zoneOffset(f)
			if !ok {
				return time.Time{}, fmt.Errorf("unknown time zone %q", tok)
			}
			offset, haveZone = off, true
		default:
			return time.Time{}, fmt.Errorf("unexpected %q in a date", tok)
		}
	}
	switch {
	case year < 0 || month < 0 || day < 0:
		return time.Time{}, errors.New("not a date (no day, month and year)")
	case hour < 0:
		return time.Time{}, errors.New("not a date (no time of day)")
	case month < 1 || month > 12:
		return time.Time{}, fmt.Errorf("month %d out of range", month)
	case day < 1 || day > daysIn(year, time.Month(month)):
		return time.Time{}, fmt.Errorf("day %d out of range for %s %d", day, time.Month(month), year)
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC).Add(-time.Duration(offset) * time.Second)
	if t.Unix() == 0 {
		return time.Time{}, nil
	}
	return t, nil
}

// monthIndex returns the index of the month that s names or
// abbreviates (at least three letters, any case), or -1.
func monthIndex(s string) int {
	for i, m := range months {
		if abbrev(s, m) {
			return i
		}
	}
	return -1
}

func isWeekday(s string) bool {
	for _, d := range weekdays {
		if abbrev(s, d) {
			return true
		}
	}
	return false
}

// abbrev reports whether s is name or an abbreviation of it of at
// least three letters, in any case.
func abbrev(s, name string) bool {
	return len(s) >= 3 && len(s) <= len(name) && strings.EqualFold(s, name[:len(s)])
}

// zoneOffset looks an abbreviation up in zones, in any case.
func zoneOffset(s string) (int, bool) {
	var buf [8]byte
	if len(s) > len(buf) {
		return 0, false
	}
	b := buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b[i] = c
	}
	off, ok := zones[string(b)]
	return off, ok
}

// clockTime reads hh:mm:ss with an optional fraction of up to nine digits.
func clockTime(s string) (hour, min, sec, nsec int, err error) {
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 || len(frac) > 9 || (frac != "" && !allDigits(frac)) {
		return 0, 0, 0, 0, fmt.Errorf("bad time of day %q", s)
	}
	var v [3]int
	for i, p := range parts {
		if len(p) == 0 || len(p) > 2 {
			return 0, 0, 0, 0, fmt.Errorf("bad time of day %q", s)
		}
		if v[i], err = atoi(p); err != nil {
			return 0, 0, 0, 0, fmt.Errorf("bad time of day %q", s)
		}
	}
	if v[0] > 23 || v[1] > 59 || v[2] > 60 {
		return 0, 0, 0, 0, fmt.Errorf("time of day %q out of range", s)
	}
	for _, c := range frac {
		nsec = nsec*10 + int(c-'0')
	}
	for range 9 - len(frac) {
		nsec *= 10
	}
	return v[0], v[1], v[2], nsec, nil
}

// zoneOffsetValue reads +hhmm, +hh:mm or +hh.
func zoneOffsetValue(s string) (int, error) {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	d := strings.ReplaceAll(s[1:], ":", "")
	if !allDigits(d) || (len(d) != 2 && len(d) != 4) {
		return 0, fmt.Errorf("bad zone offset %q", s)
	}
	h, _ := atoi(d[:2])
	m := 0
	if len(d) == 4 {
		m, _ = atoi(d[2:])
	}
	if h > 14 || m > 59 {
		return 0, fmt.Errorf("zone offset %q out of range", s)
	}
	return sign * (h*3600 + m*60), nil
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// parseDuration reads "89 days, 1 hours, 33 minutes, 51 seconds".
func parseDuration(s string) (time.Duration, error) {
	var d time.Duration
	fields := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(fields) == 0 || len(fields)%2 != 0 {
		return 0, fmt.Errorf("not a duration")
	}
	for i := 0; i < len(fields); i += 2 {
		n, err := atoi(fields[i])
		if err != nil || n > 1<<20 {
			return 0, fmt.Errorf("bad number %q in a duration", fields[i])
		}
		var unit time.Duration
		switch strings.TrimSuffix(strings.ToLower(fields[i+1]), "s") {
		case "day":
			unit = 24 * time.Hour
		case "hour":
			unit = time.Hour
		case "minute":
			unit = time.Minute
		case "second":
			unit = time.Second
		default:
			return 0, fmt.Errorf("unknown unit %q in a duration", fields[i+1])
		}
		d += time.Duration(n) * unit
	}
	return d, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

// atoi reads a non-negative decimal of at most 18 digits.
func atoi(s string) (int, error) {
	if !allDigits(s) || len(s) > 18 {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, nil
}
