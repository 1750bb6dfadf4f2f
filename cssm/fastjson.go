package cssm

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The device list is the one response that grows with the account (a
// 100,000-instance sync reads 1,000 pages of it), so it has its own decoder:
// a single pass over the bytes without reflection, repeated texts (Virtual
// Account, license, status, product tag) interned per page. It accepts
// exactly what encoding/json accepts into devicesBody and gives the same
// values — a differential fuzz test (FuzzDevicesDecoder) holds it to that —
// falling back to encoding/json for the rare string with escapes or
// non-ASCII bytes.

// errSyntax is the decoder's error for malformed JSON; its offset is added by
// the caller.
var errSyntax = errors.New("invalid JSON")

// scanner walks a JSON document.
type scanner struct {
	data   []byte
	pos    int
	intern map[string]string
}

func (s *scanner) fail(what string) error {
	return fmt.Errorf("%w at offset %d: %s", errSyntax, s.pos, what)
}

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) expect(c byte) error {
	if s.peek() != c {
		return s.fail(fmt.Sprintf("want %q", c))
	}
	s.pos++
	return nil
}

// literal consumes true, false or null.
func (s *scanner) literal(word string) bool {
	if len(s.data)-s.pos >= len(word) && string(s.data[s.pos:s.pos+len(word)]) == word {
		s.pos += len(word)
		return true
	}
	return false
}

// stringSpan consumes a string and returns its raw bytes (quotes
// included) and whether it is plain: no escape, ASCII only.
func (s *scanner) stringSpan() ([]byte, bool, error) {
	if s.peek() != '"' {
		return nil, false, s.fail("want a string")
	}
	start := s.pos
	s.pos++
	// Fast path: eight bytes at a time up to the first byte that is a
	// quote, a backslash, a control character or not ASCII.
	if i := plainRun(s.data[s.pos:]); s.pos+i < len(s.data) && s.data[s.pos+i] == '"' {
		s.pos += i + 1
		return s.data[start:s.pos], true, nil
	}
	plain := true
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return s.data[start:s.pos], plain, nil
		case c == '\\':
			plain = false
			s.pos++
			if s.pos >= len(s.data) {
				return nil, false, s.fail("unterminated escape")
			}
			switch s.data[s.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos++
			case 'u':
				if len(s.data)-s.pos < 5 {
					return nil, false, s.fail("short \\u escape")
				}
				for _, h := range s.data[s.pos+1 : s.pos+5] {
					if !isHex(h) {
						return nil, false, s.fail("bad \\u escape")
					}
				}
				s.pos += 5
			default:
				return nil, false, s.fail("bad escape")
			}
		case c < 0x20:
			return nil, false, s.fail("control character in string")
		case c >= utf8.RuneSelf:
			plain = false
			s.pos++
		default:
			s.pos++
		}
	}
	return nil, false, s.fail("unterminated string")
}

// plainRun returns the length of the longest prefix of b without a quote, a
// backslash, a control character (below 0x20) or a byte of 0x80 or more,
// testing eight bytes at a time (the classic "has a byte less than n" and
// "has a zero byte" word tricks).
func plainRun(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		quote, backslash := w^(ones*'"'), w^(ones*'\\')
		special := (w - ones*0x20) | (quote-ones)&^quote | (backslash-ones)&^backslash | w
		if special&highs != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			return i
		}
	}
	return i
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// key consumes an object key and returns its bytes, unescaped (a key with
// escapes or non-ASCII bytes is decoded by encoding/json).
func (s *scanner) key() ([]byte, error) {
	raw, plain, err := s.stringSpan()
	if err != nil {
		return nil, err
	}
	if plain {
		return raw[1 : len(raw)-1], nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return []byte(v), nil
}

// field returns the name of names that key selects the way encoding/json
// matches object keys to fields — exactly, else under Unicode case folding —
// or "" for none.
func field(key []byte, names []string) string {
	for _, n := range names {
		if string(key) == n {
			return n
		}
	}
	for _, n := range names {
		if bytes.EqualFold(key, []byte(n)) {
			return n
		}
	}
	return ""
}

// text consumes a string and returns its text, interned when plain and
// intern is set (for the texts that repeat from device to device).
func (s *scanner) text(intern bool) (string, error) {
	raw, plain, err := s.stringSpan()
	if err != nil {
		return "", err
	}
	if !plain {
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", err
		}
		return v, nil
	}
	body := raw[1 : len(raw)-1]
	if !intern {
		return string(body), nil
	}
	if v, ok := s.intern[string(body)]; ok {
		return v, nil
	}
	v := string(body)
	s.intern[v] = v
	return v, nil
}

// number consumes a JSON number and returns its text.
func (s *scanner) number() ([]byte, error) {
	s.ws()
	start := s.pos
	d := s.data
	if s.pos < len(d) && d[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(d) && d[s.pos] == '0':
		s.pos++
	case s.pos < len(d) && d[s.pos] >= '1' && d[s.pos] <= '9':
		for s.pos < len(d) && d[s.pos] >= '0' && d[s.pos] <= '9' {
			s.pos++
		}
	default:
		return nil, s.fail("want a number")
	}
	if s.pos < len(d) && d[s.pos] == '.' {
		s.pos++
		if s.pos >= len(d) || d[s.pos] < '0' || d[s.pos] > '9' {
			return nil, s.fail("want a digit after '.'")
		}
		for s.pos < len(d) && d[s.pos] >= '0' && d[s.pos] <= '9' {
			s.pos++
		}
	}
	if s.pos < len(d) && (d[s.pos] == 'e' || d[s.pos] == 'E') {
		s.pos++
		if s.pos < len(d) && (d[s.pos] == '+' || d[s.pos] == '-') {
			s.pos++
		}
		if s.pos >= len(d) || d[s.pos] < '0' || d[s.pos] > '9' {
			return nil, s.fail("want an exponent")
		}
		for s.pos < len(d) && d[s.pos] >= '0' && d[s.pos] <= '9' {
			s.pos++
		}
	}
	return d[start:s.pos], nil
}

// value consumes any JSON value, validating it, and returns its raw bytes.
func (s *scanner) value(depth int) ([]byte, error) {
	if depth > 10000 {
		return nil, s.fail("nested too deep")
	}
	c := s.peek()
	start := s.pos
	switch {
	case c == '"':
		raw, _, err := s.stringSpan()
		return raw, err
	case c == '{':
		err := s.object(func([]byte) error {
			_, err := s.value(depth + 1)
			return err
		})
		return s.data[start:s.pos], err
	case c == '[':
		err := s.array(func() error {
			_, err := s.value(depth + 1)
			return err
		})
		return s.data[start:s.pos], err
	case c == 't' && s.literal("true"), c == 'f' && s.literal("false"), c == 'n' && s.literal("null"):
		return s.data[start:s.pos], nil
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	return nil, s.fail("want a value")
}

// object consumes an object, calling member for each key with the scanner
// at the member's value. key is only valid during the call.
func (s *scanner) object(member func(key []byte) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	if s.peek() == '}' {
		s.pos++
		return nil
	}
	for {
		key, err := s.key()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			return s.fail("want ',' or '}'")
		}
	}
}

// array consumes an array, calling elem with the scanner at each element.
func (s *scanner) array(elem func() error) error {
	if err := s.expect('['); err != nil {
		return err
	}
	if s.peek() == ']' {
		s.pos++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			return s.fail("want ',' or ']'")
		}
	}
}

// null consumes null if it is next.
func (s *scanner) null() bool {
	return s.peek() == 'n' && s.literal("null")
}

// typeError is a value of the wrong type for its field. encoding/json goes
// on decoding after one and reports it at the end; the result is an error
// either way, so the scanner stops at once.
func (s *scanner) typeError(field string) error {
	return fmt.Errorf("cssm: %s: a value of the wrong type at offset %d", field, s.pos)
}

// setString decodes a member into a string field: null leaves it unchanged.
func (s *scanner) setString(dst *string, field string) error { return s.setText(dst, field, false) }

// setShared is setString for a text that repeats across devices: it is
// interned.
func (s *scanner) setShared(dst *string, field string) error { return s.setText(dst, field, true) }

func (s *scanner) setText(dst *string, field string, intern bool) error {
	switch s.peek() {
	case '"':
		v, err := s.text(intern)
		if err == nil {
			*dst = v
		}
		return err
	case 'n':
		if s.literal("null") {
			return nil
		}
	}
	return s.typeError(field)
}

// setInt decodes a member into an int64 field: null leaves it unchanged; a
// fraction, an exponent or an overflow is an error.
func (s *scanner) setInt(dst *int64, field string) error {
	switch c := s.peek(); {
	case c == 'n' && s.literal("null"):
		return nil
	case c == '-' || c >= '0' && c <= '9':
		num, err := s.number()
		if err != nil {
			return err
		}
		v, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil {
			return s.typeError(field)
		}
		*dst = v
		return nil
	}
	return s.typeError(field)
}

// setLenient decodes a member with a lenient type's UnmarshalJSON (which
// gets null too, as from encoding/json).
func (s *scanner) setLenient(dst json.Unmarshaler) error {
	raw, err := s.value(0)
	if err != nil {
		return err
	}
	return dst.UnmarshalJSON(raw)
}

// slice decodes an array member into a slice field as encoding/json does:
// null makes it nil; elements decode into the slice's existing elements
// first, and the slice is cut to the array's length.
func slice[T any](s *scanner, dst *[]T, field string, elem func(*T) error) error {
	switch s.peek() {
	case 'n':
		if s.literal("null") {
			*dst = nil
			return nil
		}
		return s.typeError(field)
	case '[':
	default:
		return s.typeError(field)
	}
	list := *dst
	i := 0
	err := s.array(func() error {
		if i >= len(list) {
			var zero T
			list = append(list, zero)
		}
		i++
		if s.null() {
			return nil
		}
		return elem(&list[i-1])
	})
	if err != nil {
		return err
	}
	if list == nil {
		list = []T{}
	}
	clear(list[i:])
	*dst = list[:i]
	return nil
}

// The members each object of a device page can have.
var (
	pageFields   = []string{"totalRecords", "totalRows", "devices", "data"}
	statusFields = []string{"status", "statusMessage", "message", "message_code", "error", "error_description", "errorCode"}
	deviceFields = []string{"sudi", "hostName", "virtualAccount", "productTagName", "productName", "productDescription",
		"productType", "status", "registrationDate", "lastContactDate", "displayName", "licenseUsage"}
	usageFields = []string{"license", "quantity"}
	sudiFields  = []string{"udiPid", "udiSerialNumber", "udiVid", "macAddress", "suvi", "uuid", "hostIdentifier",
		"udi_pid", "udi_serial_number", "udi_vid", "mac_address", "host_identifier"}
)

// decodeDevicesBody decodes a device-list page into b.
func decodeDevicesBody(data []byte, b *devicesBody) error {
	s := &scanner{data: data, intern: make(map[string]string, 64)}
	if s.null() {
		return s.end()
	}
	if s.peek() != '{' {
		return s.typeError("device list")
	}
	err := s.object(func(key []byte) error {
		switch field(key, pageFields) {
		case "totalRecords":
			return s.setLenient(&b.TotalRecords)
		case "totalRows":
			return s.setLenient(&b.TotalRows)
		case "devices":
			return slice(s, &b.Devices, "devices", s.device)
		case "data":
			return slice(s, &b.Data, "data", s.device)
		}
		return s.envelopeMember(key, &b.envelope)
	})
	if err != nil {
		return err
	}
	return s.end()
}

// end checks that nothing but white space follows the document.
func (s *scanner) end() error {
	if s.ws(); s.pos < len(s.data) {
		return s.fail("data after the top-level value")
	}
	return nil
}

// envelopeMember decodes a member of the status envelope, or skips an
// unknown member.
func (s *scanner) envelopeMember(key []byte, e *envelope) error {
	var dst *String
	switch field(key, statusFields) {
	case "status":
		dst = &e.Status
	case "statusMessage":
		dst = &e.StatusMessage
	case "message":
		dst = &e.Message
	case "message_code":
		dst = &e.MessageCode
	case "error":
		dst = &e.Error
	case "error_description":
		dst = &e.ErrorDescription
	case "errorCode":
		dst = &e.ErrorCode
	default:
		_, err := s.value(0)
		return err
	}
	return s.setLenient(dst)
}

// device decodes one device object into d.
func (s *scanner) device(d *Device) error {
	if s.peek() != '{' {
		return s.typeError("device")
	}
	return s.object(func(key []byte) error {
		switch name := field(key, deviceFields); name {
		case "sudi":
			return s.sudi(&d.SUDI)
		case "hostName":
			return s.setString(&d.HostName, name)
		case "virtualAccount":
			return s.setShared(&d.VirtualAccount, name)
		case "productTagName":
			return s.setShared(&d.ProductTagName, name)
		case "productName":
			return s.setShared(&d.ProductName, name)
		case "productDescription":
			return s.setShared(&d.ProductDescription, name)
		case "productType":
			return s.setShared(&d.ProductType, name)
		case "status":
			return s.setShared(&d.Status, name)
		case "registrationDate":
			return s.setLenient(&d.RegistrationDate)
		case "lastContactDate":
			return s.setLenient(&d.LastContactDate)
		case "displayName":
			return s.setString(&d.DisplayName, name)
		case "licenseUsage":
			return slice(s, &d.LicenseUsage, name, s.licenseUsage)
		}
		_, err := s.value(0)
		return err
	})
}

func (s *scanner) licenseUsage(u *LicenseUsage) error {
	if s.peek() != '{' {
		return s.typeError("licenseUsage")
	}
	return s.object(func(key []byte) error {
		switch name := field(key, usageFields); name {
		case "license":
			return s.setShared(&u.License, name)
		case "quantity":
			return s.setInt(&u.Quantity, name)
		}
		_, err := s.value(0)
		return err
	})
}

// sudi decodes a SUDI as SUDI.UnmarshalJSON does: both casings, the whole
// SUDI replaced (null gives the zero SUDI).
func (s *scanner) sudi(dst *SUDI) error {
	var camel, snake SUDI
	if s.null() {
		*dst = SUDI{}
		return nil
	}
	if s.peek() != '{' {
		return s.typeError("sudi")
	}
	err := s.object(func(key []byte) error {
		var f *string
		shared := false
		switch name := field(key, sudiFields); name {
		case "udiPid":
			f, shared = &camel.UDIPID, true
		case "udiSerialNumber":
			f = &camel.UDISerialNumber
		case "udiVid":
			f, shared = &camel.UDIVID, true
		case "macAddress":
			f = &camel.MACAddress
		case "suvi":
			f = &camel.SUVI
		case "uuid":
			f = &camel.UUID
		case "hostIdentifier":
			f = &camel.HostIdentifier
		case "udi_pid":
			f, shared = &snake.UDIPID, true
		case "udi_serial_number":
			f = &snake.UDISerialNumber
		case "udi_vid":
			f, shared = &snake.UDIVID, true
		case "mac_address":
			f = &snake.MACAddress
		case "host_identifier":
			f = &snake.HostIdentifier
		default:
			_, err := s.value(0)
			return err
		}
		return s.setText(f, "sudi", shared)
	})
	if err != nil {
		return err
	}
	*dst = pickSUDI(camel, snake)
	return nil
}
