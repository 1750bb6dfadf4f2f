package rum

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Metric names a RUM measurement carries.
const (
	MetricEntitlement = "ENTITLEMENT" // a license count: the usage CSSM bills
	MetricTelemetry   = "TELEMETRY"   // other product data, not a license count
)

// Report is one RUM usage report: one <RUMReport> element holding the
// envelope {"payload":"<JSON as a string>","header":{…},"signature":{…}}.
//
// Raw is the element exactly as read (or as NewReport built it), and it is
// what writers emit, so reading and writing a report never changes a byte of
// what the device signed. The other fields are views decoded from Raw; build
// a Report with NewReport or a reader rather than by filling fields, and do
// not modify the slices, which may share Raw's memory.
type Report struct {
	// Raw is the <RUMReport> element, from "<RUMReport" to "</RUMReport>".
	Raw []byte `json:"-"`
	// Envelope is the JSON text inside the element (CDATA content, or
	// entity-decoded text), without surrounding whitespace.
	Envelope []byte `json:"-"`
	// EscapedPayload is the payload string as the envelope spells it,
	// between its quotes, escapes intact.
	EscapedPayload []byte `json:"-"`
	// Signed is the payload string decoded: the bytes the signature covers.
	Signed []byte `json:"-"`
	// Header is the envelope's header, nil when it has none.
	Header *Header `json:"header,omitempty"`
	// Signature is the envelope's signature over Signed.
	Signature Signature `json:"signature"`
	// Payload is Signed parsed.
	Payload Payload `json:"payload"`
}

// Header is the optional header of a RUM envelope: {"type":"rum"}.
type Header struct {
	Type string `json:"type"`
}

// Signature is a RUM signature: the envelope's one (which names the
// signing device) or the payload's own (which does not).
type Signature struct {
	Device      *smartaccount.UDI `json:"sudi,omitempty"` // the envelope's "sudi"; nil in the payload's signature
	SigningType string            `json:"signing_type"`   // "builtin", …
	Key         string            `json:"key"`            // usually the product's software tag
	Value       string            `json:"value"`          // base64, as written
}

// Payload is the signed content of a RUM report, in either shape devices
// write: version "2.0" (report_id in asset_identification, signature at the
// top level) or the older shape without a version (signature inside
// asset_identification, report_id in meta). Strings are kept as the device
// spelled them.
type Payload struct {
	Version         string           `json:"version,omitempty"` // "2.0"; empty in the older shape
	ReportID        uint64           `json:"report_id"`
	Asset           string           `json:"asset"`    // asset.name: the product's software tag
	Instance        smartaccount.UDI `json:"instance"` // instance.sudi: the reporting device
	Signature       Signature        `json:"signature"`
	EntitlementTag  string           `json:"entitlement_tag"` // meta.entitlement_tag
	SoftwareVersion string           `json:"software_version,omitempty"`
	UtilityEnabled  *bool            `json:"utility_enabled,omitempty"` // meta.utility_enabled, nil when absent
	HA              []Member         `json:"ha_udi,omitempty"`          // meta.ha_udi: the members of an HA system
	Measurements    []Measurement    `json:"measurements"`
}

// Member is one member of a high-availability system, as the payload's
// meta.ha_udi lists it.
type Member struct {
	Role string           `json:"role"` // "Active", "Standby", …
	UDI  smartaccount.UDI `json:"udi"`
}

// Measurement is one measured window of a RUM report. Times are UTC
// instants (the payload writes epoch seconds).
type Measurement struct {
	LogTime        time.Time       `json:"log_time"`
	Metric         string          `json:"metric_name"` // MetricEntitlement or MetricTelemetry, as written
	Start          time.Time       `json:"start_time"`
	End            time.Time       `json:"end_time"`
	SampleInterval int64           `json:"sample_interval"` // seconds
	Samples        int64           `json:"num_samples"`
	Meta           json.RawMessage `json:"meta,omitempty"` // as written: added/removed SUDI lists, close reasons, …
	ValueType      string          `json:"value_type"`     // "COUNT"
	Value          string          `json:"value"`          // as written; for an ENTITLEMENT, a decimal count
}

// Count returns the measured count of an ENTITLEMENT measurement. Reading a
// report already checked it, so it fails only for other metrics or for a
// Measurement built by hand.
func (m *Measurement) Count() (int64, error) {
	if m.Metric != MetricEntitlement || m.ValueType != "COUNT" {
		return 0, fmt.Errorf("rum: %s measurement of type %q holds no license count", m.Metric, m.ValueType)
	}
	return parseCount(m.Value)
}

// Usage is the count of one entitlement on one device over one measurement
// window.
type Usage struct {
	Tag    string           `json:"entitlement_tag"`
	Device smartaccount.UDI `json:"udi"`
	Start  time.Time        `json:"start_time"`
	End    time.Time        `json:"end_time"`
	Count  int64            `json:"count"`
}

// Usage returns the payload's usage: one Usage per ENTITLEMENT measurement,
// in the payload's order. TELEMETRY measurements carry no license count and
// are left out.
func (p *Payload) Usage() []Usage {
	var out []Usage
	for i := range p.Measurements {
		m := &p.Measurements[i]
		n, err := m.Count()
		if err != nil {
			continue // not an entitlement count; ParsePayload rejected malformed ones
		}
		out = append(out, Usage{Tag: p.EntitlementTag, Device: p.Instance, Start: m.Start, End: m.End, Count: n})
	}
	return out
}

// parseCount parses a count as RUM payloads write it: a string of
// decimal digits.
func parseCount(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || s == "" || s[0] == '+' || s[0] == '-' {
		return 0, fmt.Errorf("count %q is not a non-negative integer", s)
	}
	return n, nil
}

// maxEpoch is 9999-12-31T23:59:59Z: later epoch seconds are not a date.
const maxEpoch = 253402300799

// fieldError is a problem with one field of a payload; the reader turns
// it into a *smartaccount.ParseError that also names the file and line.
type fieldError struct {
	field, value string
	err          error
}

func (e *fieldError) Error() string {
	return fmt.Sprintf("%s %q: %v", e.field, e.value, e.err)
}

func (e *fieldError) Unwrap() error { return e.err }

// inField places err in field key of the value being read.
func inField(key string, err error) error {
	if err == nil {
		return nil
	}
	if fe, ok := err.(*fieldError); ok {
		if fe.field != "" && fe.field[0] != '[' {
			key += "."
		}
		fe.field = key + fe.field
		return fe
	}
	return &fieldError{field: key, err: err}
}

// inKey is inField for a key as read, converted only on error.
func inKey(key []byte, err error) error {
	if err == nil {
		return nil
	}
	return inField(string(key), err)
}

// atIndex places err in element i of the array being read.
func atIndex(i int, err error) error {
	if err == nil {
		return nil
	}
	return inField("["+strconv.Itoa(i)+"]", err)
}

// ParsePayload reads the decoded payload of a RUM report (Report.Signed).
// It requires the asset identification with a report ID, the device's SUDI
// and the entitlement tag, and checks every measurement: times are epoch
// seconds, and an ENTITLEMENT measurement holds a COUNT whose value is a
// string of digits. Errors are *smartaccount.ParseError values naming the field.
func ParsePayload(data []byte) (Payload, error) {
	p, err := parsePayload(data, nil)
	if err != nil {
		return Payload{}, parseError("payload", err)
	}
	return p, nil
}

// parseError turns a problem in the JSON value called name into a
// *smartaccount.ParseError naming the field.
func parseError(name string, err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		return &smartaccount.ParseError{Field: name + "." + fe.field, Value: cut(fe.value), Err: fe.err}
	}
	return &smartaccount.ParseError{Field: name, Err: err}
}

// cut shortens a value quoted in an error to 80 bytes.
func cut(s string) string {
	if len(s) <= 80 {
		return s
	}
	s = s[:80]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// objectOrNull reads an object, or null as an empty one.
func (d *decoder) objectOrNull(field func(key []byte) error) error {
	if d.null() {
		return nil
	}
	return d.fields(field)
}

// payloadDecoder holds what is read of a payload before it is checked.
type payloadDecoder struct {
	d                  *decoder
	p                  Payload
	haveAI             bool
	id, metaID         string // report IDs as written
	haveID, haveMetaID bool
	aiSig, topSig      Signature
	haveTopSig         bool
}

func parsePayload(data []byte, in interner) (Payload, error) {
	pd := payloadDecoder{d: &decoder{b: data, intern: in}}
	d := pd.d
	if d.peek() != '{' {
		return Payload{}, d.fail("expected an object")
	}
	err := d.fields(func(key []byte) error {
		var err error
		switch string(key) {
		case "version":
			pd.p.Version, err = d.text()
		case "asset_identification":
			pd.haveAI = !d.null()
			if pd.haveAI {
				err = d.fields(pd.assetIdentification)
			}
		case "signature":
			pd.haveTopSig = true
			err = d.signature(&pd.topSig)
		case "meta":
			err = d.objectOrNull(pd.meta)
		case "measurements":
			if !d.null() {
				err = d.array(pd.measurement)
			}
		default:
			_, err = d.skip()
		}
		return inKey(key, err)
	})
	if err == nil {
		err = d.end()
	}
	if err != nil {
		return Payload{}, err
	}
	return pd.check()
}

func (pd *payloadDecoder) assetIdentification(key []byte) error {
	d := pd.d
	var err error
	switch string(key) {
	case "report_id":
		pd.haveID = !d.null()
		if pd.haveID {
			pd.id, err = pd.reportID()
		}
	case "asset":
		err = d.objectOrNull(func(key []byte) error {
			if string(key) == "name" {
				var err error
				pd.p.Asset, err = d.text()
				return inField("name", err)
			}
			_, err := d.skip()
			return err
		})
	case "instance":
		err = d.objectOrNull(func(key []byte) error {
			if string(key) == "sudi" {
				return inField("sudi", d.sudi(&pd.p.Instance))
			}
			_, err := d.skip()
			return err
		})
	case "signature":
		err = d.signature(&pd.aiSig)
	default:
		_, err = d.skip()
	}
	return inKey(key, err)
}

// reportID reads a report ID as written: a number or a string.
func (pd *payloadDecoder) reportID() (string, error) {
	d := pd.d
	if d.peek() == '"' {
		return d.text()
	}
	raw, err := d.number()
	return string(raw), err
}

func (pd *payloadDecoder) meta(key []byte) error {
	d := pd.d
	var err error
	switch string(key) {
	case "report_id":
		pd.haveMetaID = !d.null()
		if pd.haveMetaID {
			pd.metaID, err = pd.reportID()
		}
	case "entitlement_tag":
		pd.p.EntitlementTag, err = d.text()
	case "software_version":
		pd.p.SoftwareVersion, err = d.text()
	case "utility_enabled":
		if !d.null() {
			var v bool
			v, err = d.boolean()
			pd.p.UtilityEnabled = &v
		}
	case "ha_udi":
		if !d.null() {
			err = d.array(func(i int) error {
				pd.p.HA = append(pd.p.HA, Member{})
				m := &pd.p.HA[len(pd.p.HA)-1]
				return atIndex(i, d.objectOrNull(func(key []byte) error {
					var err error
					switch string(key) {
					case "role":
						m.Role, err = d.text()
					case "sudi":
						err = d.sudi(&m.UDI)
					default:
						_, err = d.skip()
					}
					return inKey(key, err)
				}))
			})
		}
	default:
		_, err = d.skip()
	}
	return inKey(key, err)
}

func (pd *payloadDecoder) measurement(i int) error {
	d := pd.d
	pd.p.Measurements = append(pd.p.Measurements, Measurement{})
	m := &pd.p.Measurements[len(pd.p.Measurements)-1]
	var haveLog, haveStart, haveEnd, haveValue bool
	err := d.fields(func(key []byte) error {
		var err error
		switch string(key) {
		case "log_time":
			haveLog, err = pd.epoch(&m.LogTime)
		case "start_time":
			haveStart, err = pd.epoch(&m.Start)
		case "end_time":
			haveEnd, err = pd.epoch(&m.End)
		case "sample_interval":
			m.SampleInterval, err = pd.count()
		case "num_samples":
			m.Samples, err = pd.count()
		case "metric_name":
			m.Metric, err = d.text()
		case "meta":
			var raw []byte
			if raw, err = d.skip(); err == nil && string(raw) != "null" {
				m.Meta = raw
			}
		case "value":
			err = d.objectOrNull(func(key []byte) error {
				var err error
				switch string(key) {
				case "type":
					m.ValueType, err = d.text()
				case "value":
					haveValue = true
					switch d.peek() {
					case '"':
						m.Value, err = d.text()
					case '{', '[':
						raw, _ := d.skip()
						return &fieldError{field: "value", value: cut(string(raw)), err: errors.New("is an object or array, not a value")}
					default:
						var raw []byte
						raw, err = d.skip()
						m.Value = string(raw)
					}
				default:
					_, err = d.skip()
				}
				return inKey(key, err)
			})
		default:
			_, err = d.skip()
		}
		return inKey(key, err)
	})
	if err != nil {
		return atIndex(i, err)
	}
	for _, f := range [...]struct {
		name string
		ok   bool
	}{{"log_time", haveLog}, {"start_time", haveStart}, {"end_time", haveEnd}, {"value.value", haveValue}} {
		if !f.ok {
			return atIndex(i, &fieldError{field: f.name, err: errors.New("is missing")})
		}
	}
	if m.Metric == MetricEntitlement {
		if m.ValueType != "COUNT" {
			return atIndex(i, &fieldError{field: "value.type", value: m.ValueType, err: errors.New("an ENTITLEMENT measurement must be a COUNT")})
		}
		if _, err := parseCount(m.Value); err != nil {
			return atIndex(i, &fieldError{field: "value.value", value: m.Value, err: errors.New("is not a non-negative integer count")})
		}
	}
	return nil
}

// epoch reads epoch seconds into t; null leaves t zero and reports false.
func (pd *payloadDecoder) epoch(t *time.Time) (bool, error) {
	if pd.d.null() {
		return false, nil
	}
	n, raw, ok, err := pd.d.integer()
	if err != nil {
		return false, err
	}
	if !ok || n > maxEpoch {
		return false, &fieldError{value: string(raw), err: errors.New("is not epoch seconds")}
	}
	*t = time.Unix(n, 0).UTC()
	return true, nil
}

// count reads a non-negative integer; null reads as 0.
func (pd *payloadDecoder) count() (int64, error) {
	n, raw, ok, err := pd.d.integer()
	if err == nil && !ok {
		err = &fieldError{value: string(raw), err: errors.New("is not a non-negative integer")}
	}
	return n, err
}

// check applies the rules that need the whole payload: where the older
// shape keeps the report ID and the signature, and the required fields.
func (pd *payloadDecoder) check() (Payload, error) {
	p := pd.p
	if !pd.haveAI {
		return Payload{}, &fieldError{field: "asset_identification", err: errors.New("is missing")}
	}
	id, field := pd.id, "asset_identification.report_id"
	if !pd.haveID {
		if !pd.haveMetaID {
			return Payload{}, &fieldError{field: field, err: errors.New("is missing (also from meta)")}
		}
		id, field = pd.metaID, "meta.report_id"
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return Payload{}, &fieldError{field: field, value: id, err: errors.New("is not a report number")}
	}
	p.ReportID = n
	if p.Instance.PID == "" || p.Instance.Serial == "" {
		return Payload{}, &fieldError{field: "asset_identification.instance.sudi", err: errors.New("needs udi_pid and udi_serial_number")}
	}
	if p.EntitlementTag == "" {
		return Payload{}, &fieldError{field: "meta.entitlement_tag", err: errors.New("is missing")}
	}
	p.Signature = pd.aiSig // the older shape
	if pd.haveTopSig {
		p.Signature = pd.topSig // version 2.0
	}
	return p, nil
}

// NewReport builds a report from a decoded payload, an optional header and
// the envelope's signature. The payload must be valid UTF-8 (so that
// escaping it loses nothing) and a valid RUM payload. The envelope is
// written as {"payload":…,"header":…,"signature":…} inside a CDATA section.
func NewReport(signed []byte, header *Header, sig Signature) (*Report, error) {
	if !utf8.Valid(signed) {
		return nil, errors.New("rum: payload is not valid UTF-8")
	}
	var env bytes.Buffer
	env.Grow(len(signed) + len(signed)/8 + 256)
	enc := json.NewEncoder(&env)
	enc.SetEscapeHTML(false)
	env.WriteString(`{"payload":`)
	if err := enc.Encode(string(signed)); err != nil {
		return nil, fmt.Errorf("rum: payload: %w", err)
	}
	env.Truncate(env.Len() - 1) // Encode's newline
	if header != nil {
		env.WriteString(`,"header":`)
		if err := enc.Encode(header); err != nil {
			return nil, fmt.Errorf("rum: header: %w", err)
		}
		env.Truncate(env.Len() - 1)
	}
	// The envelope's signature as devices write it.
	type sudi struct {
		PID    string `json:"udi_pid"`
		Serial string `json:"udi_serial_number"`
	}
	ws := struct {
		SUDI        *sudi  `json:"sudi,omitempty"`
		SigningType string `json:"signing_type"`
		Key         string `json:"key"`
		Value       string `json:"value"`
	}{SigningType: sig.SigningType, Key: sig.Key, Value: sig.Value}
	if sig.Device != nil {
		ws.SUDI = &sudi{PID: sig.Device.PID, Serial: sig.Device.Serial}
	}
	env.WriteString(`,"signature":`)
	if err := enc.Encode(ws); err != nil {
		return nil, fmt.Errorf("rum: signature: %w", err)
	}
	env.Truncate(env.Len() - 1)
	env.WriteByte('}')
	envelope := env.Bytes()

	raw := make([]byte, 0, len(envelope)+64)
	raw = append(raw, "<RUMReport>"...)
	raw = appendCDATA(raw, envelope)
	raw = append(raw, "</RUMReport>"...)
	r := &Report{Raw: raw}
	if err := r.decode(envelopeIn(raw, envelope), nil); err != nil {
		return nil, err
	}
	return r, nil
}

// envelopeIn returns the envelope as a sub-slice of raw when raw holds
// it in one piece (it always does when NewReport built raw without
// splitting a CDATA section), else env itself.
func envelopeIn(raw, env []byte) []byte {
	if i := bytes.Index(raw, env); i >= 0 {
		return raw[i : i+len(env)]
	}
	return env
}

// appendCDATA appends text as CDATA, splitting the section wherever the
// text holds "]]>".
func appendCDATA(dst, text []byte) []byte {
	dst = append(dst, "<![CDATA["...)
	for {
		i := bytes.Index(text, []byte("]]>"))
		if i < 0 {
			break
		}
		dst = append(dst, text[:i+2]...)
		dst = append(dst, "]]><![CDATA["...)
		text = text[i+2:]
	}
	dst = append(dst, text...)
	return append(dst, "]]>"...)
}

// decode fills the report's views from its envelope text: it splits the
// envelope, decodes the payload string and parses the payload.
func (r *Report) decode(env []byte, in interner) error {
	r.Envelope = env
	escaped, signed, header, sig, err := splitEnvelope(env, in)
	if err != nil {
		return parseError("envelope", err)
	}
	r.EscapedPayload, r.Signed, r.Header, r.Signature = escaped, signed, header, sig
	if r.Payload, err = parsePayload(r.Signed, in); err != nil {
		return parseError("payload", err)
	}
	return nil
}
