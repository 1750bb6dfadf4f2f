package cssm

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"time"
	"unicode/utf8"
)

// The device list is the one response that grows with the account (a
// 100,000-instance sync reads 1,000 pages of it), so it has its own decoder:
// a single pass over the bytes without reflection, repeated texts (Virtual
// Account, license, status, product tag, PID) interned across the pages of
// a walk, the two date forms the list sends parsed directly, and the
// license usage of a page's devices held in one shared array. It accepts
// exactly what encoding/json accepts into devicesBody and gives the same
// values — a differential fuzz test (FuzzDevicesDecoder) holds it to that —
// falling back to encoding/json for the rare string with escapes or
// non-ASCII bytes.

// errSyntax is the decoder's error for malformed JSON; its offset is added by
// the caller.
var errSyntax = errors.New("invalid JSON")

// scanner walks a JSON document.
type scanner struct {
	data []byte
	pos  int
	*pageState
	// The members of a page's objects come in the same order object after
	// object: each kind of object remembers where its last key matched, so
	// a key is usually matched with one comparison.
	pageKeys, deviceKeys, usageKeys, sudiKeys fields
}

// pageState is what the pages of one walk share (and what one page read
// alone has to itself): the interned texts and the license usage array.
type pageState struct {
	texts texts
	// usageArena holds the LicenseUsage of the devices decoded so far,
	// each device's list a full slice expression of it (so an append to
	// one copies it away): one allocation per few hundred devices instead
	// of one per device. Elements are only ever appended, never
	// overwritten, so a device kept from an earlier page never changes.
	usageArena []LicenseUsage
}

// texts interns the texts that repeat from device to device (Virtual
// Account, product tag and names, status, license, PID, VID): a sync of
// 100,000 devices holds a few hundred distinct ones, each allocated once.
// last is checked before the map: consecutive devices mostly repeat the
// previous device's value of a field.
type texts struct {
	m    map[string]string
	last [numShared]string
}

// The fields whose texts are interned, each with its own last value.
const (
	sharedVirtualAccount = iota
	sharedProductTag
	sharedProductName
	sharedProductDescription
	sharedProductType
	sharedStatus
	sharedLicense
	sharedPID
	sharedVID
	numShared
	notShared = -1
)

// maxInterned bounds the text table: a page of hostile "repeated" texts that
// never repeat cannot grow it without end (past the bound texts are still
// correct, just allocated each time).
const maxInterned = 4096

// intern returns body as a string, allocated once per distinct text.
func (t *texts) intern(slot int, body []byte) string {
	if l := t.last[slot]; string(body) == l {
		return l
	}
	v, ok := t.m[string(body)]
	if !ok {
		v = string(body)
		if t.m == nil {
			t.m = make(map[string]string, 64)
		}
		if len(t.m) < maxInterned {
			t.m[v] = v
		}
	}
	t.last[slot] = v
	return v
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
	if s.pos < len(s.data) && s.data[s.pos] > ' ' {
		return s.data[s.pos] // no space to skip: compact JSON, the usual case
	}
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
// "has a zero byte" word tricks). Their borrows only run upwards, so the
// lowest byte they flag is the first special one: its index is the
// flag's trailing zeros / 8.
func plainRun(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		quote, backslash := w^(ones*'"'), w^(ones*'\\')
		special := (w - ones*0x20) | (quote-ones)&^quote | (backslash-ones)&^backslash | w
		if flags := special & highs; flags != 0 {
			return i + bits.TrailingZeros64(flags)/8
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

// fields are the member names of one kind of object, and the order their
// members came in last time: an object's members come in the same order
// object after object — whatever order the service uses (the fake's is
// names', the real service's its own) — so the member expected next is
// known, and compared in place (memberKey).
type fields struct {
	names []string
	// quoted are the names as a member starts with them: "name":
	quoted []string
	// first is the member an object started with last time; follows[i]
	// the member that came after member i (at first the next in names).
	first   int8
	follows [maxFields]int8
	// prev is the last member matched in the current object (-1 at its
	// start), next the member expected now.
	prev, next int
}

// maxFields bounds the members of one kind of object.
const maxFields = 16

func newFields(names []string) fields {
	f := fields{names: names, quoted: make([]string, len(names))}
	for i, n := range names {
		f.quoted[i] = `"` + n + `":`
		f.follows[i] = int8(i + 1)
	}
	return f
}

// begin starts an object: its first member is expected to be the last
// object's.
func (f *fields) begin() { f.prev, f.next = -1, int(f.first) }

// matched records that member i came next.
func (f *fields) matched(i int) {
	if f.prev < 0 {
		f.first = int8(i)
	} else {
		f.follows[f.prev] = int8(i)
	}
	f.prev, f.next = i, int(f.follows[i])
}

// match returns the index of the name that key selects the way
// encoding/json matches object keys to fields — exactly, else under Unicode
// case folding — or -1 for none.
func (f *fields) match(key []byte) int {
	for i, n := range f.names {
		if string(key) == n {
			return i
		}
	}
	for i, n := range f.names {
		if bytes.EqualFold(key, []byte(n)) {
			return i
		}
	}
	return -1
}

// text consumes a string and returns its text, interned in slot when plain
// and slot is not notShared (for the texts that repeat from device to
// device).
func (s *scanner) text(slot int) (string, error) {
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
	if slot == notShared || len(body) == 0 {
		return string(body), nil
	}
	return s.texts.intern(slot, body), nil
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
		err := s.object(nil, func(int) error {
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
// at the member's value and the index in keys of the name the key selects
// (see fields.match), -1 for none or when keys is nil.
func (s *scanner) object(keys *fields, member func(member int) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	if keys != nil {
		keys.begin()
	}
	if s.peek() == '}' {
		s.pos++
		return nil
	}
	for {
		i, err := s.memberKey(keys)
		if err != nil {
			return err
		}
		if err := member(i); err != nil {
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

// memberKey consumes an object key and its colon, and returns the index of
// the name of keys it selects (-1 for none). The key expected next (see
// fields), spelt exactly and followed by its colon, is compared in place —
// the start of almost every member of a page — so it is neither scanned as
// a string first nor compared twice.
func (s *scanner) memberKey(keys *fields) (int, error) {
	if keys != nil && keys.next < len(keys.quoted) {
		s.ws()
		i, q := keys.next, keys.quoted[keys.next]
		if rest := s.data[s.pos:]; len(rest) >= len(q) && string(rest[:len(q)]) == q {
			s.pos += len(q)
			keys.matched(i)
			return i, nil
		}
	}
	key, err := s.key()
	if err != nil {
		return -1, err
	}
	if err := s.expect(':'); err != nil {
		return -1, err
	}
	if keys == nil {
		return -1, nil
	}
	i := keys.match(key)
	if i >= 0 {
		keys.matched(i)
	}
	return i, nil
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
func (s *scanner) setString(dst *string, field string) error {
	return s.setText(dst, field, notShared)
}

// setText is setString for a text that may repeat across devices: it is
// interned in slot (unless slot is notShared).
func (s *scanner) setText(dst *string, field string, slot int) error {
	switch s.peek() {
	case '"':
		v, err := s.text(slot)
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

// setDate decodes a member into a Date. The two forms the device list sends,
// "2006-01-02" and "2006-01-02T15:04:05Z", are read here digit by digit
// (time.Parse and the string it needs were a tenth of a sync's decoding);
// anything else — null, "None", offsets, fractions, spaces, escapes, an
// impossible date — goes through Date.UnmarshalJSON, which decides.
func (s *scanner) setDate(dst *Date) error {
	if s.peek() != '"' {
		return s.setLenient(dst)
	}
	raw, plain, err := s.stringSpan()
	if err != nil {
		return err
	}
	if plain {
		if t, ok := quickDate(raw[1 : len(raw)-1]); ok {
			dst.Time = t
			return nil
		}
	}
	return dst.UnmarshalJSON(raw)
}

// quickDate reads "2006-01-02" (midnight UTC) or "2006-01-02T15:04:05Z"
// exactly as parseDate does, or reports false for anything else (including a
// day the month does not have, which parseDate then refuses).
func quickDate(b []byte) (time.Time, bool) {
	digits := func(i, n int) (int, bool) {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	if (len(b) != 10 && len(b) != 20) || b[4] != '-' || b[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := digits(0, 4)
	m, ok2 := digits(5, 2)
	d, ok3 := digits(8, 2)
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return time.Time{}, false
	}
	var hh, mm, ss int
	if len(b) == 20 {
		if b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != 'Z' {
			return time.Time{}, false
		}
		var ok4, ok5, ok6 bool
		hh, ok4 = digits(11, 2)
		mm, ok5 = digits(14, 2)
		ss, ok6 = digits(17, 2)
		if !ok4 || !ok5 || !ok6 || hh > 23 || mm > 59 || ss > 59 {
			return time.Time{}, false
		}
	}
	return time.Date(y, time.Month(m), d, hh, mm, ss, 0, time.UTC), true
}

// daysIn is the number of days of month m of year y (proleptic Gregorian,
// as the time package counts).
func daysIn(m time.Month, y int) int {
	switch {
	case m == time.February && y%4 == 0 && (y%100 != 0 || y%400 == 0):
		return 29
	case m == time.February:
		return 28
	case m == time.April || m == time.June || m == time.September || m == time.November:
		return 30
	}
	return 31
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

// The members each object of a device page can have, numbered for the
// decoder's switches (an integer switch, not a string one: a page has some
// 1,600 keys).
const (
	// A page's own members and its status envelope's, one list as
	// encoding/json sees them.
	pageTotalRecords = iota
	pageTotalRows
	pageDevices
	pageData
	pageStatus
	pageStatusMessage
	pageMessage
	pageMessageCode
	pageError
	pageErrorDescription
	pageErrorCode
)

const (
	devSUDI = iota
	devHostName
	devVirtualAccount
	devProductTagName
	devProductName
	devProductDescription
	devProductType
	devStatus
	devRegistrationDate
	devLastContactDate
	devDisplayName
	devLicenseUsage
)

const (
	usageLicense = iota
	usageQuantity
)

const (
	sudiUDIPID = iota
	sudiUDISerialNumber
	sudiUDIVID
	sudiMACAddress
	sudiSUVI
	sudiUUID
	sudiHostIdentifier
	sudiSnakeUDIPID
	sudiSnakeUDISerialNumber
	sudiSnakeUDIVID
	sudiSnakeMACAddress
	sudiSnakeHostIdentifier
)

// The key of each member, in the order the service sends them.
var (
	pageFields = []string{pageTotalRecords: "totalRecords", pageTotalRows: "totalRows", pageDevices: "devices", pageData: "data",
		pageStatus: "status", pageStatusMessage: "statusMessage", pageMessage: "message", pageMessageCode: "message_code",
		pageError: "error", pageErrorDescription: "error_description", pageErrorCode: "errorCode"}
	deviceFields = []string{devSUDI: "sudi", devHostName: "hostName", devVirtualAccount: "virtualAccount",
		devProductTagName: "productTagName", devProductName: "productName", devProductDescription: "productDescription",
		devProductType: "productType", devStatus: "status", devRegistrationDate: "registrationDate",
		devLastContactDate: "lastContactDate", devDisplayName: "displayName", devLicenseUsage: "licenseUsage"}
	usageFields = []string{usageLicense: "license", usageQuantity: "quantity"}
	sudiFields  = []string{sudiUDIPID: "udiPid", sudiUDISerialNumber: "udiSerialNumber", sudiUDIVID: "udiVid",
		sudiMACAddress: "macAddress", sudiSUVI: "suvi", sudiUUID: "uuid", sudiHostIdentifier: "hostIdentifier",
		sudiSnakeUDIPID: "udi_pid", sudiSnakeUDISerialNumber: "udi_serial_number", sudiSnakeUDIVID: "udi_vid",
		sudiSnakeMACAddress: "mac_address", sudiSnakeHostIdentifier: "host_identifier"}

	// What a page's scanner starts from (it copies them: next is its own).
	pageKeys, deviceKeys = newFields(pageFields), newFields(deviceFields)
	usageKeys, sudiKeys  = newFields(usageFields), newFields(sudiFields)
)

// decodeDevicesBody decodes a device-list page into b.
func decodeDevicesBody(data []byte, b *devicesBody) error {
	ps := b.pages
	if ps == nil {
		ps = &pageState{}
	}
	s := &scanner{data: data, pageState: ps, pageKeys: pageKeys, deviceKeys: deviceKeys, usageKeys: usageKeys, sudiKeys: sudiKeys}
	if s.null() {
		return s.end()
	}
	if s.peek() != '{' {
		return s.typeError("device list")
	}
	err := s.object(&s.pageKeys, func(member int) error {
		switch member {
		case pageTotalRecords:
			return s.setLenient(&b.TotalRecords)
		case pageTotalRows:
			return s.setLenient(&b.TotalRows)
		case pageDevices:
			return slice(s, &b.Devices, "devices", s.device)
		case pageData:
			return slice(s, &b.Data, "data", s.device)
		}
		return s.envelopeMember(member, &b.envelope)
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
func (s *scanner) envelopeMember(member int, e *envelope) error {
	var dst *String
	switch member {
	case pageStatus:
		dst = &e.Status
	case pageStatusMessage:
		dst = &e.StatusMessage
	case pageMessage:
		dst = &e.Message
	case pageMessageCode:
		dst = &e.MessageCode
	case pageError:
		dst = &e.Error
	case pageErrorDescription:
		dst = &e.ErrorDescription
	case pageErrorCode:
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
	return s.object(&s.deviceKeys, func(member int) error {
		switch member {
		case devSUDI:
			return s.decodeSUDI(&d.SUDI)
		case devHostName:
			return s.setString(&d.HostName, "hostName")
		case devVirtualAccount:
			return s.setText(&d.VirtualAccount, "virtualAccount", sharedVirtualAccount)
		case devProductTagName:
			return s.setText(&d.ProductTagName, "productTagName", sharedProductTag)
		case devProductName:
			return s.setText(&d.ProductName, "productName", sharedProductName)
		case devProductDescription:
			return s.setText(&d.ProductDescription, "productDescription", sharedProductDescription)
		case devProductType:
			return s.setText(&d.ProductType, "productType", sharedProductType)
		case devStatus:
			return s.setText(&d.Status, "status", sharedStatus)
		case devRegistrationDate:
			return s.setDate(&d.RegistrationDate)
		case devLastContactDate:
			return s.setDate(&d.LastContactDate)
		case devDisplayName:
			return s.setString(&d.DisplayName, "displayName")
		case devLicenseUsage:
			if d.LicenseUsage == nil && s.peek() == '[' {
				return s.usageList(&d.LicenseUsage)
			}
			return slice(s, &d.LicenseUsage, "licenseUsage", s.licenseUsage)
		}
		_, err := s.value(0)
		return err
	})
}

// usageList decodes a device's first licenseUsage array into the page's
// usage arena (see pageState); it gives what slice gives into a nil slice.
func (s *scanner) usageList(dst *[]LicenseUsage) error {
	start := len(s.usageArena)
	err := s.array(func() error {
		if len(s.usageArena) == cap(s.usageArena) {
			// A new block; this device's elements so far move with it,
			// the earlier devices keep theirs in the old one.
			block := make([]LicenseUsage, 0, max(256, 2*(len(s.usageArena)-start)))
			s.usageArena = append(block, s.usageArena[start:]...)
			start = 0
		}
		s.usageArena = append(s.usageArena, LicenseUsage{})
		if s.null() {
			return nil
		}
		return s.licenseUsage(&s.usageArena[len(s.usageArena)-1])
	})
	if err != nil {
		return err
	}
	if end := len(s.usageArena); end > start {
		*dst = s.usageArena[start:end:end]
	} else {
		*dst = []LicenseUsage{}
	}
	return nil
}

func (s *scanner) licenseUsage(u *LicenseUsage) error {
	if s.peek() != '{' {
		return s.typeError("licenseUsage")
	}
	return s.object(&s.usageKeys, func(member int) error {
		switch member {
		case usageLicense:
			return s.setText(&u.License, "license", sharedLicense)
		case usageQuantity:
			return s.setInt(&u.Quantity, "quantity")
		}
		_, err := s.value(0)
		return err
	})
}

// decodeSUDI decodes a SUDI as SUDI.UnmarshalJSON does: both casings, the
// whole SUDI replaced (null gives the zero SUDI).
func (s *scanner) decodeSUDI(dst *SUDI) error {
	var camel, snake SUDI
	if s.null() {
		*dst = SUDI{}
		return nil
	}
	if s.peek() != '{' {
		return s.typeError("sudi")
	}
	err := s.object(&s.sudiKeys, func(member int) error {
		var f *string
		slot := notShared
		switch member {
		case sudiUDIPID:
			f, slot = &camel.UDIPID, sharedPID
		case sudiUDISerialNumber:
			f = &camel.UDISerialNumber
		case sudiUDIVID:
			f, slot = &camel.UDIVID, sharedVID
		case sudiMACAddress:
			f = &camel.MACAddress
		case sudiSUVI:
			f = &camel.SUVI
		case sudiUUID:
			f = &camel.UUID
		case sudiHostIdentifier:
			f = &camel.HostIdentifier
		case sudiSnakeUDIPID:
			f, slot = &snake.UDIPID, sharedPID
		case sudiSnakeUDISerialNumber:
			f = &snake.UDISerialNumber
		case sudiSnakeUDIVID:
			f, slot = &snake.UDIVID, sharedVID
		case sudiSnakeMACAddress:
			f = &snake.MACAddress
		case sudiSnakeHostIdentifier:
			f = &snake.HostIdentifier
		default:
			_, err := s.value(0)
			return err
		}
		return s.setText(f, "sudi", slot)
	})
	if err != nil {
		return err
	}
	*dst = pickSUDI(camel, snake)
	return nil
}
