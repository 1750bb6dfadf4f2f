package capture

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// line is one line of a capture: its 1-based number, the width of its
// leading blanks and its text without leading or trailing blanks (spaces,
// tabs and the CR of CRLF). A line holding only blanks has empty text.
type line struct {
	num    int
	indent int
	text   string
}

// document is a capture split into lines, with the noise devices and
// terminal logs add around the output taken out (and a leading byte-order
// mark): the "Load for five secs"
// and "Time source is …" banners, prompt echoes ("switch#show license
// status", a bare "switch#") and command echoes ("show license tech support").
type document struct {
	lines    []line
	hostname string    // from the first prompt echo
	echo     string    // the first command echo, lower-cased, blanks collapsed
	clock    time.Time // from the "Time source is" banner
	warnings []*smartaccount.ParseError
}

// split checks the size of data and splits it into a document.
func split(data []byte) (*document, error) {
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("capture of more than %d bytes (8 MiB, MaxBytes): %w", MaxBytes, smartaccount.ErrTooLarge)
	}
	n := bytes.Count(data, []byte{'\n'})
	if n >= MaxLines {
		return nil, fmt.Errorf("capture of %d lines or more, more than the %d (MaxLines) read: %w", n, MaxLines, smartaccount.ErrTooLarge)
	}
	d := &document{lines: make([]line, 0, n+1)}
	s := strings.TrimPrefix(string(data), "\uFEFF") // a byte-order mark from a Windows editor
	for num := 1; len(s) > 0; num++ {
		raw := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			raw, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		end := len(raw)
		for end > 0 && isBlank(raw[end-1]) {
			end--
		}
		start := 0
		for start < end && isBlank(raw[start]) {
			start++
		}
		ln := line{num: num, indent: start, text: raw[start:end]}
		if d.noise(ln) {
			continue
		}
		d.lines = append(d.lines, ln)
	}
	return d, nil
}

// noise reports whether ln is a banner, a prompt or a command echo, and
// records what it tells (hostname, command, clock).
func (d *document) noise(ln line) bool {
	t := ln.text
	switch {
	case strings.HasPrefix(t, "Load for five secs:"):
		return true
	case strings.HasPrefix(t, "Time source is "), strings.HasPrefix(t, "No time source"):
		if i := strings.IndexByte(t, ','); i >= 0 && d.clock.IsZero() {
			v := strings.TrimSpace(t[i+1:])
			c, err := parseTime(v)
			if err != nil {
				d.warnings = append(d.warnings, newWarning(ln, i+1, "Time source", v, err))
			}
			d.clock = c
		}
		return true
	}
	if host, rest, ok := prompt(t); ok {
		if d.hostname == "" {
			d.hostname = host
		}
		if rest != "" && d.echo == "" {
			d.echo = normEcho(rest)
		}
		return true
	}
	if ln.indent == 0 && isEcho(t) {
		if d.echo == "" {
			d.echo = normEcho(t)
		}
		return true
	}
	return false
}

// prompt recognises "host#", "host>", "host# command" and
// "host(config)#command" where the command is a show command.
func prompt(t string) (host, rest string, ok bool) {
	i := 0
	for ; i < len(t) && t[i] != '#' && t[i] != '>'; i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._-:/()", c) >= 0) {
			return "", "", false
		}
	}
	if i == 0 || i == len(t) {
		return "", "", false
	}
	host = t[:i]
	rest = strings.TrimSpace(t[i+1:])
	if rest != "" && !isEcho(rest) {
		return "", "", false
	}
	if p := strings.IndexByte(host, '('); p > 0 {
		host = host[:p]
	}
	return host, rest, true
}

// isBlank reports whether c is a blank a device pads lines with,
// the CR of CRLF included.
func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// isEcho reports whether t is a typed command: "show license …",
// abbreviated or not ("sh lic all").
func isEcho(t string) bool {
	w1, rest := cutField(t)
	w2, _ := cutField(rest)
	return len(w1) >= 2 && len(w1) <= len("show") && strings.EqualFold(w1, "show"[:len(w1)]) &&
		len(w2) >= 3 && len(w2) <= len("license") && strings.EqualFold(w2, "license"[:len(w2)])
}

func normEcho(t string) string { return strings.Join(strings.Fields(strings.ToLower(t)), " ") }

// maxWarnings bounds the warnings of one capture; past it they are
// counted, and one last warning says how many were left out.
const maxWarnings = 1000

// newWarning builds a warning for the value v at byte offset off of ln.text.
func newWarning(ln line, off int, field, v string, err error) *smartaccount.ParseError {
	if len(v) > 80 {
		v = v[:80]
	}
	return &smartaccount.ParseError{Line: ln.num, Column: ln.indent + off + 1, Field: field, Value: v, Err: err}
}

// pair is one "key: value" of a line; off is the byte offset of the
// value in the line's text.
type pair struct {
	key, value string
	off        int
}

// splitPairs splits a line into its "key: value" pairs, appending
// them to dst. A line may hold several pairs separated by two or more
// blanks, optionally after a comma ("State: ACK,      State Change Reason:
// ACKED"), and a heading may share its line with a pair ("Trust Code
// Installed:    Trust Code Type: CSSM"). A line without ": " and not ending
// in ":" yields no pair.
func splitPairs(t string, dst []pair) []pair {
	i := strings.Index(t, ": ")
	if i < 0 {
		if !strings.HasSuffix(t, ":") {
			return dst
		}
		i = len(t) - 1
	}
	key := strings.TrimSpace(t[:i])
	pos := i + 1
	for {
		start := pos
		for start < len(t) && t[start] == ' ' {
			start++
		}
		// A heading sharing its line: at least two blanks, then a key.
		if start-pos >= 2 && keyAt(t, start) > 0 {
			dst = append(dst, pair{key: key, off: start})
			k := keyAt(t, start)
			key, pos = strings.TrimSpace(t[start:k]), k+1
			continue
		}
		end, next := nextBoundary(t, start)
		dst = append(dst, pair{key: key, value: strings.TrimSpace(t[start:end]), off: start})
		if next < 0 {
			return dst
		}
		k := keyAt(t, next)
		key, pos = strings.TrimSpace(t[next:k]), k+1
	}
}

// nextBoundary finds the end of the value starting at start: the
// first run of two or more blanks (optionally preceded by a comma) followed
// by a key. It returns the end of the value and the start of the next key,
// or -1 when the value runs to the end of the line.
func nextBoundary(t string, start int) (end, next int) {
	for j := start; j < len(t); j++ {
		if t[j] != ' ' || j+1 >= len(t) || t[j+1] != ' ' {
			continue
		}
		k := j
		for k < len(t) && t[k] == ' ' {
			k++
		}
		if keyAt(t, k) > 0 {
			e := j
			if e > start && t[e-1] == ',' {
				e--
			}
			return e, k
		}
		j = k - 1
	}
	return len(t), -1
}

// keyAt returns the index of the colon ending a key that starts at
// i: a letter, then letters, digits, blanks and ()/_.- up to a colon that
// ends the line or is followed by a blank. It returns -1 if there is none.
func keyAt(t string, i int) int {
	if i >= len(t) || !(t[i]|0x20 >= 'a' && t[i]|0x20 <= 'z') {
		return -1
	}
	for j := i + 1; j < len(t) && j-i <= 60; j++ {
		c := t[j]
		switch {
		case c == ':':
			if j+1 == len(t) || t[j+1] == ' ' {
				return j
			}
			return -1
		case c|0x20 >= 'a' && c|0x20 <= 'z', c >= '0' && c <= '9', c == ' ', strings.IndexByte("()/_.-", c) >= 0:
		default:
			return -1
		}
	}
	return -1
}

// knownKeys interns the lower-cased keys the parsers look for, so
// that lower-casing a printed key (lowerKey) does not allocate.
var knownKeys = func() map[string]string {
	m := map[string]string{}
	for _, k := range [...]string{
		// status sections and their keys
		"utility", "smart licensing using policy", "account information", "data privacy", "transport",
		"miscellaneous", "policy", "usage reporting", "trust code installed", "registration",
		"license authorization", "export authorization key", "license conversion",
		"status", "reporting mode", "trust code type", "smart account", "virtual account",
		"sending hostname", "callhome hostname privacy", "smart licensing hostname privacy", "version privacy",
		"type", "url", "cslu address", "proxy", "address", "port", "username", "password", "vrf",
		"server identity check", "custom id",
		"policy in use", "policy name", "reporting ack required",
		"unenforced/non-export perpetual attributes", "unenforced/non-export subscription attributes",
		"enforced (perpetual/subscription) license attributes", "export (perpetual/subscription) license attributes",
		"first report requirement (days)", "reporting frequency (days)", "report on change (days)",
		"last ack received", "next ack deadline", "reporting push interval", "next ack push check",
		"next report push", "last report push", "last report file write",
		"export-controlled functionality", "initial registration", "last renewal attempt",
		"next renewal attempt", "registration expires", "last communication attempt",
		"next communication attempt", "communication deadline", "evaluation period remaining",
		"features authorized", "automatic conversion enabled", "last data push", "last file export",
		// usage blocks and tech-support handles
		"handle", "license", "entitlement tag", "description", "count", "version", "status time",
		"request time", "export status", "feature name", "feature description", "enforcement type",
		"license type", "measurements", "entitlement", "interval", "current value", "current report",
		"previous", "soft enforced",
		// reservation, report summary, rum id detail
		"license reservation", "overall status", "reservation status", "request code", "last return code",
		"last confirmation code", "reservation authorization code", "specified license reservations",
		"purchased licenses", "total", "purged", "total acknowledged received", "waiting for ack",
		"available to report", "collecting data", "maximum display", "in storage", "mia",
		"report module status", "report id", "metric name", "metric value", "udi", "previous report id",
		"next report id", "state change reason", "start time", "end time", "storage state",
		"transaction id", "transaction message", "state",
	} {
		m[k] = k
	}
	return m
}()

// lowerKey returns k lower-cased; keys of knownKeys come back
// without an allocation.
func lowerKey(k string) string {
	var buf [64]byte
	if len(k) <= len(buf) {
		b := buf[:len(k)]
		for i := 0; i < len(k); i++ {
			c := k[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		if s, ok := knownKeys[string(b)]; ok {
			return s
		}
	}
	return strings.ToLower(k)
}

// textValue maps the placeholders devices print for an unset text value
// (<none>, <empty>, Not Configured, None) to "".
func textValue(v string) string {
	for _, n := range placeholders[:4] {
		if strings.EqualFold(v, n) {
			return ""
		}
	}
	return v
}

// isUnderline reports whether t is a heading underline: "=====".
func isUnderline(t string) bool {
	if len(t) < 3 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] != '=' {
			return false
		}
	}
	return true
}

// parseUDI reads "PID:C9300-24UX,SN:FCW2303D16Y" (also "P:…,S:…"
// and blanks after the comma).
func parseUDI(v string) (smartaccount.UDI, bool) {
	pid, sn, ok := strings.Cut(v, ",")
	if !ok {
		return smartaccount.UDI{}, false
	}
	pid, sn = strings.TrimSpace(pid), strings.TrimSpace(sn)
	p, ok1 := cutPrefixFold(pid, "PID:", "P:")
	s, ok2 := cutPrefixFold(sn, "SN:", "S:")
	if !ok1 || !ok2 {
		return smartaccount.UDI{}, false
	}
	u, err := smartaccount.NewUDI(p, s)
	return u, err == nil
}

func cutPrefixFold(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return s[len(p):], true
		}
	}
	return s, false
}
