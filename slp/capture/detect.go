package capture

import "strings"

// Detect says which command produced a capture, or CommandUnknown. A
// command echo in the capture ("switch#show license all", "sh lic
// status") is trusted first; otherwise the content decides, by the headings
// and line shapes only that command prints. Inputs larger than
// MaxBytes are CommandUnknown.
func Detect(data []byte) Command {
	d, err := split(data)
	if err != nil {
		return CommandUnknown
	}
	return d.detect()
}

func (d *document) detect() Command {
	if c := d.detectEcho(); c != CommandUnknown {
		return c
	}
	var statusLike, product, usageBlock, udiLine, slStatus, usageHeading bool
	for i, ln := range d.lines {
		t := ln.text
		switch {
		case t == "":
			continue
		case t == "Smart Licensing Tech Support info":
			return CommandTechSupport
		case strings.HasPrefix(t, "Smart Licensing Usage Report Detail"), strings.HasPrefix(t, "Report Id: "):
			return CommandRUMIDDetail
		case strings.HasPrefix(t, "Smart Licensing Usage Report:"), strings.HasPrefix(t, "Report Id,"):
			return CommandRUMIDAll
		case strings.HasPrefix(t, "**** Event Log"), isEventLine(t):
			return CommandEventlog
		case isNXOSHeader(t):
			return CommandNXOSUsage
		case isSummaryHeader(t):
			return CommandSummary
		case isUDIHeader(t):
			return CommandUDI
		case t == "Product Information":
			product = true
		case t == "Smart Licensing Status":
			slStatus = true
		case t == "License Usage":
			usageHeading = true
		case strings.HasPrefix(t, "UDI: ") || strings.HasPrefix(t, "HA UDI List"):
			udiLine = true
		case ln.indent == 0 && statusHeading(headingKey(t)):
			statusLike = true
		case ln.indent == 0 && blockHeader(t) && i+1 < len(d.lines) && d.lines[i+1].indent > 0:
			usageBlock = true
		}
	}
	switch {
	case product || slStatus && usageHeading:
		if d.isASA() {
			return CommandASAAll
		}
		return CommandAll
	case usageBlock && d.isNXOSBlocks():
		return CommandNXOSUsage
	case usageBlock:
		return CommandUsage
	case statusLike:
		return CommandStatus
	case udiLine:
		return CommandUDI
	}
	return CommandUnknown
}

// detectEcho maps a command echo to a command; NX-OS and ASA forms are told
// apart by content.
func (d *document) detectEcho() Command {
	f := strings.Fields(d.echo)
	if len(f) < 3 {
		return CommandUnknown
	}
	sub := f[2]
	pre := func(word string, min int) bool { return len(sub) >= min && strings.HasPrefix(word, sub) }
	switch {
	case pre("status", 3):
		return CommandStatus
	case pre("summary", 2):
		return CommandSummary
	case pre("usage", 2):
		if d.isNXOSBlocks() || d.find(isNXOSHeader) >= 0 {
			return CommandNXOSUsage
		}
		return CommandUsage
	case pre("all", 2):
		if d.isASA() {
			return CommandASAAll
		}
		return CommandAll
	case pre("tech", 2), sub == "tech-support", sub == "techsupport":
		return CommandTechSupport
	case pre("udi", 2):
		return CommandUDI
	case pre("eventlog", 2):
		return CommandEventlog
	case pre("rum", 2):
		if strings.Contains(d.echo, " det") {
			return CommandRUMIDDetail
		}
		return CommandRUMIDAll
	}
	return CommandUnknown
}

// isASA tells an ASA `show license all` from an IOS XE one: the product ID
// is an ASA, or the capture has the registration sections but none of the
// IOS XE ones (Utility, Transport, Data Privacy).
func (d *document) isASA() bool {
	registration, iosxe := false, false
	for _, ln := range d.lines {
		t := ln.text
		if v, ok := strings.CutPrefix(t, "UDI: "); ok {
			if u, ok := parseUDI(v); ok && len(u.PID) >= 3 && strings.EqualFold(u.PID[:3], "ASA") {
				return true
			}
		}
		if ln.indent != 0 {
			continue
		}
		switch headingKey(t) {
		case "registration", "license authorization":
			registration = true
		case "utility", "transport", "data privacy", "smart licensing using policy":
			iosxe = true
		}
	}
	return registration && !iosxe
}

// isNXOSBlocks reports whether every usage block has an empty name and the
// capital-T keys of NX-OS 10 ("Enforcement Type", "License Type").
func (d *document) isNXOSBlocks() bool {
	blocks, capitalT := 0, false
	for _, ln := range d.lines {
		if ln.indent == 0 && blockHeader(ln.text) {
			if !strings.HasPrefix(ln.text, "(") {
				return false
			}
			blocks++
		}
		if strings.HasPrefix(ln.text, "Enforcement Type:") || strings.HasPrefix(ln.text, "License Type:") {
			capitalT = true
		}
	}
	return blocks > 0 && capitalT
}

// headingKey returns the lower-cased key of a heading line "Key:" or
// "Key: value", or "" when t has no key.
func headingKey(t string) string {
	i := strings.Index(t, ": ")
	if i < 0 {
		if !strings.HasSuffix(t, ":") {
			return ""
		}
		i = len(t) - 1
	}
	return lowerKey(strings.TrimSpace(t[:i]))
}

// statusHeading reports whether key (lower-cased) opens a section of
// `show license status`.
func statusHeading(key string) bool {
	switch key {
	case "utility", "smart licensing using policy", "account information", "data privacy", "transport",
		"miscellaneous", "policy", "usage reporting", "trust code installed", "registration",
		"license authorization", "export authorization key", "license conversion":
		return true
	}
	return false
}

// blockHeader reports whether t opens a usage block:
// "name (label):" or "(label):".
func blockHeader(t string) bool {
	return strings.HasSuffix(t, "):") && strings.IndexByte(t, '(') >= 0 && !strings.Contains(t, ": ")
}

// isSummaryHeader recognises the header of the summary table in any
// case and spacing: "License  Entitlement Tag  Count Status".
func isSummaryHeader(t string) bool {
	w1, rest := cutField(t)
	w2, _ := cutField(rest)
	return strings.EqualFold(w1, "license") && strings.EqualFold(w2, "entitlement") &&
		len(t) >= len("count status") && strings.EqualFold(t[len(t)-len("status"):], "status") &&
		strings.Contains(strings.ToLower(t), "count")
}

// isNXOSHeader recognises "Feature  Ins  Lic   Status Expiry Date Comments".
func isNXOSHeader(t string) bool {
	w1, rest := cutField(t)
	w2, rest := cutField(rest)
	w3, _ := cutField(rest)
	return strings.EqualFold(w1, "feature") && strings.EqualFold(w2, "ins") && strings.EqualFold(w3, "lic")
}
