package cssmtest

import (
	"encoding/json"
	"strconv"

	"github.com/openrenewal/smartlicensing/cssm"
)

// appendDevice appends the JSON of d exactly as json.Marshal(d) writes it —
// the device list's form — without reflection. The fake encodes each
// device once per state (devState.encoded), and json.Marshal made that
// most of a 100,000-device account's first sync. TestAppendDevice holds it
// to json.Marshal.
func appendDevice(b []byte, d *cssm.Device) []byte {
	b = append(b, `{"sudi":{`...)
	// SUDI.MarshalJSON: camelCase keys, empty members left out.
	first := true
	for _, m := range [...]struct{ key, value string }{
		{"udiPid", d.SUDI.UDIPID}, {"udiSerialNumber", d.SUDI.UDISerialNumber}, {"udiVid", d.SUDI.UDIVID},
		{"macAddress", d.SUDI.MACAddress}, {"suvi", d.SUDI.SUVI}, {"uuid", d.SUDI.UUID}, {"hostIdentifier", d.SUDI.HostIdentifier},
	} {
		if m.value == "" {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendMember(b, m.key, m.value)
	}
	b = append(b, '}')
	for _, m := range [...]struct{ key, value string }{
		{"hostName", d.HostName}, {"virtualAccount", d.VirtualAccount}, {"productTagName", d.ProductTagName},
		{"productName", d.ProductName}, {"productDescription", d.ProductDescription}, {"productType", d.ProductType},
		{"status", d.Status},
	} {
		b = appendMember(append(b, ','), m.key, m.value)
	}
	b = appendDate(append(b, `,"registrationDate":`...), d.RegistrationDate)
	b = appendDate(append(b, `,"lastContactDate":`...), d.LastContactDate)
	b = appendMember(append(b, ','), "displayName", d.DisplayName)
	b = append(b, `,"licenseUsage":`...)
	if d.LicenseUsage == nil {
		return append(b, `null}`...)
	}
	b = append(b, '[')
	for i, u := range d.LicenseUsage {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendMember(append(b, '{'), "license", u.License)
		b = strconv.AppendInt(append(b, `,"quantity":`...), u.Quantity, 10)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendMember appends "key":value; key needs no escaping.
func appendMember(b []byte, key, value string) []byte {
	b = append(append(append(b, '"'), key...), `":`...)
	return appendString(b, value)
}

// appendString appends s as a JSON string the way json.Marshal does. Text
// of printable ASCII without the characters json.Marshal escapes (quote,
// backslash, and <, >, & for HTML) is copied as it is; anything else is
// left to json.Marshal.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}

// appendDate appends a Date as Date.MarshalJSON writes it.
func appendDate(b []byte, d cssm.Date) []byte {
	q, _ := d.MarshalJSON() // never fails
	return append(b, q...)
}
