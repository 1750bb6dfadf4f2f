package capture

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Parse reads a capture from r, detects which command produced it (see
// Detect) and parses it. name labels the capture (a file name; it may be
// empty): it becomes Capture.File and the File of every error and warning.
//
// Parse reads at most MaxBytes and MaxLines; it returns a
// *smartaccount.ParseError wrapping smartaccount.ErrTooLarge past them, or
// wrapping ErrNotCapture when it cannot tell the command. Values it cannot
// read are listed in Capture.Warnings with their line and column, and
// parsing goes on.
func Parse(r io.Reader, name string) (*Capture, error) {
	d, err := readDocument(r, name)
	if err != nil {
		return nil, err
	}
	cmd := d.detect()
	if cmd == CommandUnknown {
		return nil, &smartaccount.ParseError{File: name, Err: fmt.Errorf("%w: no heading or line shape of a known command", ErrNotCapture)}
	}
	return d.parse(cmd, name), nil
}

// ParseAs is Parse for a capture known to come from cmd, for callers that
// know the command (a collector that ran it) when the capture carries no
// echo and the detector could mistake it, e.g. a truncated capture.
func ParseAs(cmd Command, r io.Reader, name string) (*Capture, error) {
	if cmd == CommandUnknown || !commands.Valid(cmd) {
		return nil, fmt.Errorf("capture: ParseAs: Command(%d) is not a command the parsers know", uint8(cmd))
	}
	d, err := readDocument(r, name)
	if err != nil {
		return nil, err
	}
	return d.parse(cmd, name), nil
}

// readDocument reads at most MaxBytes of r and splits them into lines.
func readDocument(r io.Reader, name string) (*document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("capture: %s: %w", name, err)
	}
	d, err := split(data)
	if err != nil {
		return nil, &smartaccount.ParseError{File: name, Err: err}
	}
	return d, nil
}

func (d *document) parse(cmd Command, name string) *Capture {
	p := &parser{
		c:   &Capture{File: name, Command: cmd, Hostname: d.hostname, Clock: d.clock, Warnings: d.warnings},
		doc: d,
	}
	switch cmd {
	case CommandSummary:
		p.summary()
	case CommandRUMIDAll:
		p.rumIDAll()
	case CommandRUMIDDetail:
		p.rumIDDetail()
	case CommandEventlog:
		p.eventlog()
	case CommandUDI:
		if !p.udiTable() {
			p.sections(d.lines)
		}
	case CommandNXOSUsage:
		if !p.nxosTable() {
			p.sections(d.lines)
		}
	default:
		p.sections(d.lines)
	}
	p.finish()
	for _, w := range p.c.Warnings {
		w.File = name
	}
	return p.c
}

// parser holds the state of one parse.
type parser struct {
	c     *Capture
	doc   *document
	pairs []pair // reused for every line

	major   string // lower-cased underlined heading ("license usage", …)
	minor   string // lower-cased status section ("transport", "policy", …)
	sub     string // sub-section inside minor ("proxy", "vrf")
	group   int    // policy attribute group, -1 when none
	license *License

	dropped      int  // warnings past maxWarnings
	firstDropped line // the line of the first of them

	trustMember *TrustMember
	resMember   *ReservationMember
	authMember  *MemberStatus
}

func (p *parser) warn(ln line, off int, field, v string, err error) {
	if len(p.c.Warnings) >= maxWarnings {
		if p.dropped == 0 {
			p.firstDropped = ln
		}
		p.dropped++
		return
	}
	p.c.Warnings = append(p.c.Warnings, newWarning(ln, off, field, v, err))
}

// when reads the value of pr as a time, warning on failure.
func (p *parser) when(ln line, pr pair) time.Time {
	t, err := parseTime(pr.value)
	if err != nil {
		p.warn(ln, pr.off, pr.key, pr.value, err)
	}
	return t
}

// number reads the leading number of the value of pr ("30  days", "0(10)"),
// warning on failure.
func (p *parser) number(ln line, pr pair) int {
	v := pr.value
	end := 0
	for end < len(v) && v[end] >= '0' && v[end] <= '9' {
		end++
	}
	n, err := atoi(v[:end])
	if err != nil {
		p.warn(ln, pr.off, pr.key, pr.value, fmt.Errorf("not a number"))
	}
	return n
}

// attempt reads "RESULT on <date>" or a lone result or placeholder.
func (p *parser) attempt(ln line, pr pair) Attempt {
	v := pr.value
	if isNever(v) {
		return Attempt{}
	}
	res, date, ok := strings.Cut(v, " on ")
	if !ok {
		return Attempt{Result: v}
	}
	t, err := parseTime(date)
	if err != nil {
		p.warn(ln, pr.off+len(res)+4, pr.key, date, err)
	}
	return Attempt{Result: strings.TrimSpace(res), Time: t}
}

// finish sets what depends on the whole capture.
func (p *parser) finish() {
	c := p.c
	if p.dropped > 0 {
		c.Warnings = append(c.Warnings, newWarning(p.firstDropped, 0, "", "",
			fmt.Errorf("%d more warnings from this line on are not listed", p.dropped)))
	}
	if c.Model == ModelUnknown {
		switch {
		case c.Policy != nil || c.Reporting != nil:
			c.Model = ModelPolicy
		case c.Registration != nil:
			c.Model = ModelRegistration
		}
	}
	if c.Account != nil && *c.Account == (Account{}) {
		c.Account = nil
	}
}

// sections parses the key/value layout shared by status, usage, all, tech
// support, ASA and NX-OS 10: underlined major headings, status sections,
// usage blocks and tech-support handles. Sections are recognised by their
// names, not by blank lines or indentation, so missing blank lines and
// broken indentation do not matter.
func (p *parser) sections(lines []line) {
	p.group = -1
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		if ln.text == "" || isUnderline(ln.text) {
			continue
		}
		if i+1 < len(lines) && isUnderline(lines[i+1].text) {
			p.major = strings.ToLower(strings.TrimSuffix(ln.text, ":"))
			p.minor, p.sub, p.license = "", "", nil
			p.trustMember, p.resMember, p.authMember = nil, nil, nil
			i++
			continue
		}
		p.pairs = splitPairs(ln.text, p.pairs[:0])
		switch p.major {
		case "", "smart licensing status":
			p.statusLine(ln)
		case "license usage":
			p.usageLine(ln)
		case "product information":
			p.productLine(ln)
		case "agent version":
			if len(p.pairs) > 0 && strings.EqualFold(p.pairs[0].key, "Smart Agent for Licensing") {
				p.c.AgentVersion = p.pairs[0].value
			}
		case "license authorizations":
			p.authorizationsLine(ln)
		case "usage report summary":
			p.reportSummaryLine(ln)
		case "reservation info":
			p.reservationLine(ln)
		case "other info":
			p.otherInfoLine(ln)
		case "upcoming scheduled jobs":
			if len(p.pairs) > 0 && p.pairs[0].key == "Current time" && p.c.Clock.IsZero() {
				p.c.Clock = p.when(ln, p.pairs[0])
			}
		}
	}
}

// statusLine handles a line of the status part of a capture.
func (p *parser) statusLine(ln line) {
	c := p.c
	if v, ok := strings.CutPrefix(ln.text, "Smart Licensing is "); ok {
		c.SmartLicensing = v
		return
	}
	if p.productLine(ln) {
		return
	}
	if ln.indent == 0 && blockHeader(ln.text) {
		p.startLicense(ln.text)
		return
	}
	if len(p.pairs) == 0 {
		p.statusBare(ln)
		return
	}
	first := p.pairs[0]
	key := lowerKey(first.key)
	if ln.indent == 0 && statusHeading(key) {
		p.minor, p.sub, p.license, p.group, p.trustMember = key, "", nil, -1, nil
		p.openSection(ln)
		return
	}
	if p.minor == "license" && p.license != nil {
		p.licenseLine(ln)
		return
	}
	for _, pr := range p.pairs {
		p.statusPair(ln, pr)
	}
}

// openSection creates the value a status section fills and reads a value
// sharing the heading's line.
func (p *parser) openSection(ln line) {
	c := p.c
	switch p.minor {
	case "account information":
		if c.Account == nil {
			c.Account = &Account{}
		}
	case "transport":
		c.Transport = &TransportSettings{}
	case "policy":
		c.Policy = &policy.Policy{}
	case "usage reporting":
		c.Reporting = &Reporting{}
	case "registration":
		c.Registration = &Registration{}
	case "license authorization":
		c.Authorization = &Authorization{}
	case "trust code installed":
		c.TrustCode = &TrustCode{}
		first := p.pairs[0]
		if first.value != "" && !isNever(first.value) {
			c.TrustCode.Installed = p.when(ln, first)
		}
		for _, pr := range p.pairs[1:] {
			p.statusPair(ln, pr)
		}
	}
}

// statusBare handles a status line without a key: "Not Configured" under
// Proxy or VRF, "INSTALLED on <date>" under a trust-code member.
func (p *parser) statusBare(ln line) {
	if p.minor == "trust code installed" && p.trustMember != nil {
		pr := pair{key: "Trust Code Installed", value: ln.text}
		a := p.attempt(ln, pr)
		p.trustMember.State, p.trustMember.Installed = a.Result, a.Time
	}
}

func (p *parser) statusPair(ln line, pr pair) {
	c := p.c
	key := lowerKey(pr.key)
	switch p.minor {
	case "smart licensing using policy":
		switch key {
		case "status":
			if strings.EqualFold(pr.value, "ENABLED") {
				c.Model = ModelPolicy
			}
		case "reporting mode":
			c.ReportingMode = pr.value
		}
	case "account information":
		p.accountPair(ln, pr, key)
	case "transport":
		p.transportPair(pr, key)
	case "policy":
		p.policyPair(ln, pr, key)
	case "usage reporting":
		p.reportingPair(ln, pr, key)
	case "trust code installed":
		if key == "trust code type" {
			c.TrustCode.Type = pr.value
			return
		}
		if u, ok := parseUDI(pr.value); ok {
			c.TrustCode.Members = append(c.TrustCode.Members, TrustMember{Role: pr.key, UDI: u})
			p.trustMember = &c.TrustCode.Members[len(c.TrustCode.Members)-1]
		}
	case "registration":
		p.registrationPair(ln, pr, key)
	case "license authorization":
		p.authorizationPair(ln, pr, key)
	}
}

func (p *parser) accountPair(ln line, pr pair, key string) {
	a := p.c.Account
	if a == nil {
		a = &Account{}
		p.c.Account = a
	}
	switch key {
	case "smart account":
		name := pr.value
		if i := strings.LastIndex(name, " As of "); i >= 0 {
			date := name[i+len(" As of "):]
			a.AsOf = p.when(ln, pair{key: pr.key, value: date, off: pr.off + i + len(" As of ")})
			name = strings.TrimSpace(name[:i])
		}
		a.SmartAccount = textValue(name)
	case "virtual account":
		a.VirtualAccount = textValue(pr.value)
	}
}

func (p *parser) transportPair(pr pair, key string) {
	t := p.c.Transport
	v := textValue(pr.value)
	switch key {
	case "type":
		t.Type = v
	case "url":
		t.URL = v
	case "cslu address":
		t.CSLUAddress = v
	case "proxy":
		p.sub = "proxy"
		t.ProxyAddress = v // "Proxy: <address>" on some releases
	case "address":
		if p.sub == "proxy" {
			t.ProxyAddress = v
		}
	case "port":
		if p.sub == "proxy" {
			t.ProxyPort = v
		}
	case "username":
		if p.sub == "proxy" {
			t.ProxyUsername = v
		}
	case "vrf":
		p.sub = "vrf"
		t.VRF = v
	case "server identity check":
		t.ServerIdentityCheck = v
	}
}

// policyGroup maps an attribute-group heading to its group.
func policyGroup(key string) int {
	switch {
	case strings.HasPrefix(key, "unenforced") && strings.Contains(key, "perpetual"):
		return int(policy.UnenforcedPerpetual)
	case strings.HasPrefix(key, "unenforced") && strings.Contains(key, "subscription"):
		return int(policy.UnenforcedSubscription)
	case strings.HasPrefix(key, "enforced"):
		return int(policy.Enforced)
	case strings.HasPrefix(key, "export"):
		return int(policy.Export)
	}
	return -1
}

func (p *parser) policyPair(ln line, pr pair, key string) {
	pol := p.c.Policy
	switch key {
	case "policy in use":
		p.c.PolicyInUse = pr.value
		if date, ok := cutPrefixFold(pr.value, "Installed On "); ok {
			p.c.PolicyInstalled = p.when(ln, pair{key: pr.key, value: date, off: pr.off + len("Installed On ")})
		}
		return
	case "policy name":
		pol.Name = pr.value
		return
	case "reporting ack required":
		v, src := p.policyValue(ln, pr)
		switch strings.ToLower(v) {
		case "yes", "true":
			pol.ACKRequired = policy.Flag{Value: true, Source: src}
		case "no", "false":
			pol.ACKRequired = policy.Flag{Value: false, Source: src}
		default:
			p.warn(ln, pr.off, pr.key, pr.value, fmt.Errorf("not yes or no"))
		}
		return
	}
	if g := policyGroup(key); g >= 0 && pr.value == "" {
		p.group = g
		return
	}
	if p.group < 0 {
		return
	}
	var dst *policy.Days
	a := &pol.Groups[p.group]
	switch {
	case strings.HasPrefix(key, "first report"):
		dst = &a.FirstReport
	case strings.HasPrefix(key, "reporting frequency"):
		dst = &a.ReportingFrequency
	case strings.HasPrefix(key, "report on change"):
		dst = &a.ReportOnChange
	default:
		return
	}
	v, src := p.policyValue(ln, pr)
	n, err := atoi(v)
	if err != nil {
		p.warn(ln, pr.off, pr.key, pr.value, fmt.Errorf("not a number of days"))
		return
	}
	*dst = policy.Days{Days: n, Source: src}
}

// policyValue splits "365 (CISCO default)" into the value and its source.
func (p *parser) policyValue(ln line, pr pair) (string, policy.Source) {
	v := pr.value
	i := strings.LastIndexByte(v, '(')
	if i < 0 || !strings.HasSuffix(v, ")") {
		return v, policy.SourceUnknown
	}
	var src policy.Source
	if err := src.UnmarshalText([]byte(v[i+1 : len(v)-1])); err != nil {
		p.warn(ln, pr.off+i, pr.key, v[i:], fmt.Errorf("unknown policy source"))
	}
	return strings.TrimSpace(v[:i]), src
}

func (p *parser) reportingPair(ln line, pr pair, key string) {
	r := p.c.Reporting
	switch key {
	case "last ack received":
		r.LastACK = p.when(ln, pr)
	case "next ack deadline":
		r.NextACKDeadline = p.when(ln, pr)
	case "reporting push interval":
		if !isNever(pr.value) {
			r.PushIntervalDays = p.number(ln, pr)
		}
	case "next ack push check":
		r.NextACKPushCheck = p.when(ln, pr)
	case "next report push":
		r.NextReportPush = p.when(ln, pr)
	case "last report push":
		r.LastReportPush = p.when(ln, pr)
	case "last report file write":
		r.LastReportFileWrite = p.when(ln, pr)
	}
}

func (p *parser) registrationPair(ln line, pr pair, key string) {
	r := p.c.Registration
	switch key {
	case "status":
		r.Status = pr.value
	case "smart account", "virtual account":
		p.accountPair(ln, pr, key)
	case "export-controlled functionality":
		r.ExportControlled = pr.value
	case "initial registration":
		r.InitialRegistration = p.attempt(ln, pr)
	case "last renewal attempt":
		r.LastRenewal = p.attempt(ln, pr)
	case "next renewal attempt":
		r.NextRenewal = p.when(ln, pr)
	case "registration expires":
		r.Expires = p.when(ln, pr)
	}
}

func (p *parser) authorizationPair(ln line, pr pair, key string) {
	a := p.c.Authorization
	switch key {
	case "status":
		at := p.attempt(ln, pr)
		a.Status, a.Since = at.Result, at.Time
	case "last communication attempt":
		a.LastCommunication = p.attempt(ln, pr)
	case "next communication attempt":
		a.NextCommunication = p.when(ln, pr)
	case "communication deadline":
		a.CommunicationDeadline = p.when(ln, pr)
	case "evaluation period remaining":
		d, err := parseDuration(pr.value)
		if err != nil {
			p.warn(ln, pr.off, pr.key, pr.value, err)
		}
		a.EvaluationRemaining = d
	}
}

// startLicense opens a usage block "name (label):".
func (p *parser) startLicense(t string) {
	t = strings.TrimSuffix(t, ":")
	name, label := t, ""
	// The label is the last parenthesised group; it may hold parentheses.
	depth := 0
	for i := len(t) - 1; i >= 0; i-- {
		switch t[i] {
		case ')':
			depth++
		case '(':
			depth--
		}
		if depth == 0 {
			name, label = strings.TrimSpace(t[:i]), t[i+1:len(t)-1]
			break
		}
	}
	p.c.Licenses = append(p.c.Licenses, License{Name: name, Label: label})
	p.license = &p.c.Licenses[len(p.c.Licenses)-1]
	p.minor = "license"
}

// usageLine handles a line of the License Usage section of all and tech
// support.
func (p *parser) usageLine(ln line) {
	if ln.indent == 0 && blockHeader(ln.text) {
		p.startLicense(ln.text)
		return
	}
	if len(p.pairs) > 0 && p.pairs[0].key == "Handle" && ln.indent == 0 {
		h := p.number(ln, p.pairs[0])
		p.c.Licenses = append(p.c.Licenses, License{Handle: h})
		p.license = &p.c.Licenses[len(p.c.Licenses)-1]
		return
	}
	if p.license != nil {
		p.licenseLine(ln)
	}
}

// licenseLine reads the keys of a usage block or tech-support handle.
func (p *parser) licenseLine(ln line) {
	l := p.license
	for _, pr := range p.pairs {
		switch lowerKey(pr.key) {
		case "license":
			l.Name = pr.value
		case "entitlement tag":
			l.EntitlementTag = pr.value
		case "description":
			l.Description = pr.value
		case "count":
			l.Count = p.number(ln, pr)
		case "version":
			l.Version = pr.value
		case "status":
			l.Status, l.StatusCode = p.statusCode(ln, pr)
		case "status time":
			l.StatusTime = p.when(ln, pr)
		case "request time":
			l.RequestTime = p.when(ln, pr)
		case "export status":
			l.ExportStatus = pr.value
		case "feature name":
			l.FeatureName = pr.value
		case "feature description":
			l.FeatureDescription = pr.value
		case "enforcement type":
			l.Enforcement = pr.value
		case "license type":
			l.LicenseType = pr.value
		}
	}
}

// statusCode splits "IN USE(15)" into "IN USE" and 15.
func (p *parser) statusCode(ln line, pr pair) (string, int) {
	v := pr.value
	i := strings.LastIndexByte(v, '(')
	if i < 0 || !strings.HasSuffix(v, ")") {
		return v, 0
	}
	n, err := atoi(v[i+1 : len(v)-1])
	if err != nil {
		p.warn(ln, pr.off+i, pr.key, v, fmt.Errorf("bad status code"))
		return v, 0
	}
	return strings.TrimSpace(v[:i]), n
}

// productLine reads "UDI: PID:…,SN:…" and the HA UDI List
// ("Active:PID:…,SN:…"). It reports whether the line was one of those.
func (p *parser) productLine(ln line) bool {
	t := ln.text
	if v, ok := strings.CutPrefix(t, "UDI:"); ok {
		v = strings.TrimSpace(v)
		if u, ok := parseUDI(v); ok {
			p.c.UDI = u
		} else {
			p.warn(ln, len(t)-len(v), "UDI", v, fmt.Errorf("not PID:…,SN:…"))
		}
		return true
	}
	if strings.HasPrefix(t, "HA UDI List") {
		p.minor = "ha udi list"
		return true
	}
	for _, role := range [...]string{"Active", "Standby", "Member"} {
		if rest, ok := strings.CutPrefix(t, role); ok && p.minor == "ha udi list" {
			rest = strings.TrimLeft(rest, " :")
			if u, ok := parseUDI(rest); ok {
				p.c.HA = append(p.c.HA, Member{Role: role, UDI: u})
				return true
			}
		}
	}
	return false
}

// authorizationsLine reads the per-member status of License Authorizations.
func (p *parser) authorizationsLine(ln line) {
	if len(p.pairs) == 0 {
		return
	}
	pr := p.pairs[0]
	if u, ok := parseUDI(pr.value); ok {
		p.c.Authorizations = append(p.c.Authorizations, MemberStatus{Role: pr.key, UDI: u})
		p.authMember = &p.c.Authorizations[len(p.c.Authorizations)-1]
		return
	}
	if pr.key == "Status" && p.authMember != nil {
		p.authMember.Status = pr.value
	}
}

func (p *parser) reportSummaryLine(ln line) {
	if p.c.ReportSummary == nil {
		p.c.ReportSummary = &ReportSummary{}
	}
	s := p.c.ReportSummary
	for _, pr := range p.pairs {
		var dst *int
		switch lowerKey(pr.key) {
		case "total":
			dst = &s.Total
		case "purged":
			dst = &s.Purged
		case "total acknowledged received":
			dst = &s.Acknowledged
		case "waiting for ack":
			dst = &s.WaitingForACK
		case "available to report":
			dst = &s.AvailableToReport
		case "collecting data":
			dst = &s.CollectingData
		default:
			continue
		}
		*dst = p.number(ln, pr)
	}
}

func (p *parser) reservationLine(ln line) {
	if len(p.pairs) == 0 {
		return
	}
	c := p.c
	if c.Reservation == nil {
		c.Reservation = &Reservation{}
	}
	pr := p.pairs[0]
	switch lowerKey(pr.key) {
	case "license reservation":
		c.Reservation.Status = pr.value
		return
	case "specified license reservations", "purchased licenses":
		p.resMember = nil
		return
	}
	if u, ok := parseUDI(pr.value); ok && ln.indent > 0 {
		c.Reservation.Members = append(c.Reservation.Members, ReservationMember{Role: pr.key, UDI: u})
		p.resMember = &c.Reservation.Members[len(c.Reservation.Members)-1]
		return
	}
	m := p.resMember
	if m == nil {
		return
	}
	v := textValue(pr.value)
	switch lowerKey(pr.key) {
	case "reservation status":
		m.Status = v
	case "request code":
		m.RequestCode = v
	case "last return code":
		m.LastReturnCode = v
	case "last confirmation code":
		m.LastConfirmationCode = v
	case "reservation authorization code":
		m.AuthorizationCode = v
	}
}

// otherInfoLine reads the Software ID and the trust lines of tech support:
// "P:C9300-24UX,S:FCW2134L00C: No Trust Data",
// "P:C9410R,S:FXS2228026X: P:C9410R,S:FXS2228026X, state[2], Trust Data INSTALLED  TrustId:827",
// "Overall Trust: INSTALLED (2)".
func (p *parser) otherInfoLine(ln line) {
	if len(p.pairs) == 0 || ln.indent > 0 {
		return
	}
	pr := p.pairs[0]
	switch pr.key {
	case "Software ID":
		p.c.SoftwareID = pr.value
		return
	case "Overall Trust":
		p.trust().Overall = pr.value
		return
	}
	u, ok := parseUDI(pr.key)
	if !ok {
		return
	}
	state := ln.text[pr.off:] // the whole rest, not only the first pair
	if i := strings.Index(state, "], "); i >= 0 {
		state = state[i+3:]
	}
	tc := p.trust()
	tc.Members = append(tc.Members, TrustMember{UDI: u, State: strings.TrimSpace(state)})
}

func (p *parser) trust() *TrustCode {
	if p.c.TrustCode == nil {
		p.c.TrustCode = &TrustCode{}
	}
	return p.c.TrustCode
}
