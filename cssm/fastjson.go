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
// a walk, each device's own texts (host name, serial number, …) sliced out
// of one string per page (pageTexts), keys compared in place in the order
// they came last (keyGlue), the two date forms the list sends parsed
// directly, and the license usage of a page's devices held in one shared
// array. It accepts exactly what encoding/json accepts into devicesBody and
// gives the same values — a differential fuzz test (FuzzDevicesDecoder)
// holds it to that — falling back to encoding/json for the rare string with
// escapes or non-ASCII bytes.

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
	// devs is the device list being decoded (the devices or data array),
	// whose devices' own texts are set at its end (see pageTexts).
	devs []Device
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
	pageTexts
}

// pageTexts gathers the texts of a device list that are each device's own
// (host name, display name, and the SUDI's serial number, MAC address,
// SUVI, UUID and host identifier) into one buffer, to be made one string
// when the list ends and each field set to its slice of it (setTexts): one
// allocation per page for them instead of one per text. A kept device thus
// keeps its page's own texts alive (some 70 bytes a device), never the page
// body. The buffer and the list of pending texts are reused page after
// page: the string is a copy.
type pageTexts struct {
	textBuf []byte
	pending []pendingText
}

// pendingText is a field of devs[dev] whose text is textBuf[start:end].
type pendingText struct {
	dev, field int32
	textSpan
}

// The fields a pendingText sets.
const (
	ownSerialNumber = iota // the SUDI's first
	ownMACAddress
	ownSUVI
	ownUUID
	ownHostIdentifier
	ownHostName
	ownDisplayName

	numOwnSUDI = ownHostIdentifier + 1
)

// texts interns the texts that repeat from device to device (Virtual
// Account, product tag and names, status, license, PID, VID): a sync of
// 100,000 devices holds a few hundred distinct ones, each allocated once.
// recent is checked before the map: consecutive devices mostly repeat one of
// the last few values of a field (a page's PIDs, product tags and licenses
// alternate between a handful).
type texts struct {
	m map[string]string
	// recent[slot] are the slot's last numRecent distinct texts, the
	// newest first.
	recent [numShared][numRecent]string
}

// numRecent is how many texts of each field are compared in place before
// the map: enough for the PIDs of a page of the sample account (nine), whose
// misses each cost a scan and a hash; a text of another length is passed
// over with one byte comparison.
const numRecent = 16

// The fields whose texts are interned, each with its own recent values.
const (
	sharedVirtualAccount = iota
	sharedProductTag
	sharedProductName
	sharedProductDescription
	sharedProductType
	sharedStatus
	sharedPID
	sharedVID
	// The license of the first, second, … element of a device's
	// licenseUsage (the last slot for the rest too).
	sharedLicense
	numShared = sharedLicense + numLicenseSlots

	numLicenseSlots = 4
)

// maxInterned bounds the text table: a page of hostile "repeated" texts that
// never repeat cannot grow it without end (past the bound texts are still
// correct, just allocated each time).
const maxInterned = 4096

// intern returns body as a string, allocated once per distinct text, and
// makes it the slot's newest recent text. Its caller (setShared) has
// already compared body with the recent texts in place.
func (t *texts) intern(slot int, body []byte) string {
	r := &t.recent[slot]
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
	copy(r[1:], r[:])
	r[0] = v
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
	// glue[i] is quoted[i] with the byte before it (the object's '{' or
	// the ',' after the member before), as words (see keyGlue); the one
	// past the names is none.
	glue [maxFields + 1]keyGlue
	// follows[i] is the member that came after member i last time (at
	// first the next in names), follows[maxFields] the member an object
	// started with.
	follows [maxFields + 1]int8
	// prev is the last member matched in the current object (maxFields at
	// its start), next the member expected now.
	prev, next int
}

// maxFields bounds the members of one kind of object.
const maxFields = 16

func newFields(names []string) fields {
	f := fields{names: names, quoted: make([]string, len(names))}
	for i, n := range names {
		f.quoted[i] = `"` + n + `":`
		f.follows[i] = int8(i + 1)
		f.glue[i] = newKeyGlue(f.quoted[i])
	}
	return f
}

// keyGlue is what comes before a member's value, a separator ('{' or ',')
// and "name":, as the little-endian words at its offsets 0, mid (8, or n-8
// when n ≤ 16) and n-8 (n its length), to be compared in place with three
// loads and no call. The words leave the separator out: zero in the first,
// and masked off in the others when n is 8 (they are at 0 too then). n is 0
// for a key of fewer than 7 or more than 22 bytes, which is compared
// otherwise.
type keyGlue struct {
	w0, wMid, wEnd, mask uint64
	mid, end, n          uint8
}

func newKeyGlue(quoted string) keyGlue {
	b := append([]byte{0}, quoted...)
	if len(b) < 8 || len(b) > glueRoom {
		return keyGlue{}
	}
	g := keyGlue{end: uint8(len(b) - 8), mid: uint8(min(8, len(b)-8)), n: uint8(len(b)), mask: ^uint64(0)}
	if len(b) == 8 {
		g.mask = ^uint64(0xff)
	}
	g.w0, g.wMid, g.wEnd = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[g.mid:]), binary.LittleEndian.Uint64(b[g.end:])
	return g
}

// glueRoom is the longest keyGlue, and the room after its start that the
// comparison needs (near the end of a body members go the slow way).
const glueRoom = 23

// at returns the glue's length if data[p:] starts with sep and the glue's
// key, else 0.
func (g *keyGlue) at(data []byte, p int, sep byte) int {
	if p > len(data)-glueRoom {
		return 0
	}
	r := (*[glueRoom]byte)(data[p : p+glueRoom])
	// end and mid are at most glueRoom-8; a glue of none (n 0) gives 0
	// whatever follows.
	if binary.LittleEndian.Uint64(r[:]) == g.w0|uint64(sep) &&
		binary.LittleEndian.Uint64(r[g.end&15:])&g.mask == g.wEnd &&
		binary.LittleEndian.Uint64(r[g.mid&15:])&g.mask == g.wMid {
		return int(g.n)
	}
	return 0
}

// nextMember consumes what comes before the value of an object's next
// member — its '{' (sep '{': the first member) or the ',' after the member
// before, the key and its colon — and returns the index of the name of
// keys it selects (-1 for none), or reports done when the object ends
// instead. The object's '{' must have been peeked. The member expected
// next (see fields) is compared in place (keyGlue) as the first thing.
func (s *scanner) nextMember(keys *fields, sep byte) (member int, done bool, err error) {
	i := keys.next
	if n := keys.glue[i].at(s.data, s.pos, sep); n > 0 {
		s.matched(keys, i, n)
		return i, false, nil
	}
	return s.otherMember(keys, sep)
}

// matched consumes the n bytes before the value of member i of keys, and
// records that it came next.
func (s *scanner) matched(keys *fields, i, n int) {
	s.pos += n
	keys.matched(i)
}

// otherMember is nextMember after an object's last member, for its first
// or a member after white space, out of the usual order, spelt otherwise
// or escaped.
func (s *scanner) otherMember(keys *fields, sep byte) (member int, done bool, err error) {
	if sep == '{' {
		s.pos++ // peeked by the caller
		if s.peek() == '}' {
			s.pos++
			return -1, true, nil
		}
	} else {
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return -1, true, nil
		default:
			return -1, false, s.wantMore('}')
		}
	}
	member, err = s.memberKey(keys)
	return member, false, err
}

// begin starts an object: its first member is expected to be the last
// object's.
func (f *fields) begin() { f.prev, f.next = maxFields, int(f.follows[maxFields]) }

// matched records that member i came next.
func (f *fields) matched(i int) {
	f.follows[f.prev] = int8(i)
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

// text consumes a string and returns its text, interned in slot (the
// texts repeat from device to device) when plain.
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
	if len(body) == 0 {
		return string(body), nil
	}
	return s.texts.intern(slot, body), nil
}

// ownText consumes a string that is a device's own text (see pageTexts)
// and appends its text to the page's text buffer, returning where it lies.
func (s *scanner) ownText() (start, end int, err error) {
	start = len(s.textBuf)
	// Fast path: a plain string, in place.
	if d, p := s.data, s.pos; p < len(d) && d[p] == '"' {
		if n := plainRun(d[p+1:]); p+1+n < len(d) && d[p+1+n] == '"' {
			s.textBuf = append(s.textBuf, d[p+1:p+1+n]...)
			s.pos = p + n + 2
			return start, len(s.textBuf), nil
		}
	}
	raw, plain, err := s.stringSpan()
	if err != nil {
		return 0, 0, err
	}
	if plain {
		s.textBuf = append(s.textBuf, raw[1:len(raw)-1]...)
	} else {
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return 0, 0, err
		}
		s.textBuf = append(s.textBuf, v...)
	}
	return start, len(s.textBuf), nil
}

// textSpan is where a text lies in textBuf.
type textSpan struct{ start, end int }

// ownSpan decodes a member that is one of a device's own texts into the
// page's text buffer, setting *span to where it lies: null leaves it
// unchanged.
func (s *scanner) ownSpan(span *textSpan) error {
	switch s.peek() {
	case '"':
		start, end, err := s.ownText()
		if err == nil {
			*span = textSpan{start, end}
		}
		return err
	case 'n':
		if s.literal("null") {
			return nil
		}
	}
	return s.typeError("sudi")
}

// setOwnText decodes a member into one of device dev's own texts (field,
// one of the own* constants): null leaves it unchanged, "" is set at once,
// any other text when the list ends (setTexts).
func (s *scanner) setOwnText(dev, field int, dst *string, name string) error {
	switch s.peek() {
	case '"':
		start, end, err := s.ownText()
		if err != nil {
			return err
		}
		if start == end {
			*dst = ""
		}
		s.pend(dev, field, textSpan{start, end})
		return nil
	case 'n':
		if s.literal("null") {
			return nil
		}
	}
	return s.typeError(name)
}

// pend records that field of device dev is textBuf[start:end], unless that
// is empty.
func (s *scanner) pend(dev, field int, span textSpan) {
	if span.start == span.end {
		return
	}
	s.pending = append(s.pending, pendingText{dev: int32(dev), field: int32(field), textSpan: span})
}

// setTexts sets the pending texts of devs from one string, and empties the
// buffer. A device member that comes twice calls it first, so that no
// field is ever set twice while pending (the later value must win).
func (s *scanner) setTexts() {
	if len(s.pending) == 0 {
		s.textBuf = s.textBuf[:0]
		return
	}
	all := string(s.textBuf)
	for _, p := range s.pending {
		d, v := &s.devs[p.dev], all[p.start:p.end]
		switch p.field {
		case ownHostName:
			d.HostName = v
		case ownDisplayName:
			d.DisplayName = v
		case ownSerialNumber:
			d.SUDI.UDISerialNumber = v
		case ownMACAddress:
			d.SUDI.MACAddress = v
		case ownSUVI:
			d.SUDI.SUVI = v
		case ownUUID:
			d.SUDI.UUID = v
		case ownHostIdentifier:
			d.SUDI.HostIdentifier = v
		}
	}
	s.textBuf, s.pending = s.textBuf[:0], s.pending[:0]
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
// fields), spelt exactly and followed by its colon, is compared in place,
// so it is neither scanned as a string first nor compared twice.
func (s *scanner) memberKey(keys *fields) (int, error) {
	if s.ws(); keys != nil && keys.next < len(keys.quoted) {
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

// more consumes the ',' between two members or elements (true) or the
// closing byte of their object or array (false).
func (s *scanner) more(closing byte) (bool, error) {
	switch s.peek() {
	case ',':
		s.pos++
		return true, nil
	case closing:
		s.pos++
		return false, nil
	}
	return false, s.wantMore(closing)
}

func (s *scanner) wantMore(closing byte) error {
	return s.fail(fmt.Sprintf("want ',' or %q", closing))
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

// setShared decodes a member into a string field whose text may repeat
// across devices, interned in slot (see setText). The slot's recent texts,
// quoted, are compared in place first: a plain text (the interned ones all
// are) closed by its quote is the whole string, so a repeat costs a few
// comparisons, no scan and no hashing. The empty text (the product name,
// description and type of most devices) is tried first.
func (s *scanner) setShared(dst *string, slot int, field string) error {
	if s.peek() != '"' {
		return s.setText(dst, field, slot)
	}
	if rest := s.data[s.pos:]; len(rest) > 1 {
		if rest[1] == '"' {
			s.pos += 2
			*dst = ""
			return nil
		}
		for _, l := range &s.texts.recent[slot] {
			if len(rest) >= len(l)+2 && rest[len(l)+1] == '"' && string(rest[1:len(l)+1]) == l {
				s.pos += len(l) + 2
				*dst = l
				return nil
			}
		}
	}
	return s.setText(dst, field, slot)
}

// setText decodes a member into a string field: null leaves it unchanged. A
// plain text is interned in slot.
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
	// Fast path: up to 18 digits, not starting with 0, that nothing of a
	// number follows (a digit, a fraction or an exponent): no overflow.
	if d, p := s.data, s.pos; p < len(d) && d[p]-'1' < 9 {
		v := int64(d[p] - '0')
		for p++; p < len(d) && d[p]-'0' < 10 && p-s.pos < 18; p++ {
			v = v*10 + int64(d[p]-'0')
		}
		if p == len(d) || d[p]-'0' >= 10 && d[p] != '.' && d[p] != 'e' && d[p] != 'E' {
			s.pos = p
			*dst = v
			return nil
		}
	}
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
	// In place first: quickDate takes nothing but digits and -T:Z, so a
	// quote 21 or 11 bytes after the opening one closes the string.
	d, p := s.data, s.pos
	for _, n := range [...]int{20, 10} {
		if p+n+1 < len(d) && d[p+n+1] == '"' {
			if t, ok := quickDate(d[p+1 : p+n+1]); ok {
				s.pos = p + n + 2
				dst.Time = t
				return nil
			}
		}
	}
	raw, _, err := s.stringSpan()
	if err != nil {
		return err
	}
	return dst.UnmarshalJSON(raw)
}

// quickDate reads "2006-01-02" (midnight UTC) or "2006-01-02T15:04:05Z"
// exactly as parseDate does, or reports false for anything else (including a
// day the month does not have, which parseDate then refuses).
func quickDate(b []byte) (time.Time, bool) {
	if len(b) != 10 && len(b) != 20 {
		return time.Time{}, false
	}
	a := (*[10]byte)(b[:10])
	// A byte minus '0' is below 10 only for a digit.
	y0, y1, y2, y3, m0, m1, d0, d1 := a[0]-'0', a[1]-'0', a[2]-'0', a[3]-'0', a[5]-'0', a[6]-'0', a[8]-'0', a[9]-'0'
	if a[4] != '-' || a[7] != '-' || max(y0, y1, y2, y3, m0, m1, d0, d1) >= 10 {
		return time.Time{}, false
	}
	y := int(y0)*1000 + int(y1)*100 + int(y2)*10 + int(y3)
	m, d := int(m0)*10+int(m1), int(d0)*10+int(d1)
	if m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return time.Time{}, false
	}
	secs := 0
	if len(b) == 20 {
		c := (*[20]byte)(b)
		h0, h1, n0, n1, s0, s1 := c[11]-'0', c[12]-'0', c[14]-'0', c[15]-'0', c[17]-'0', c[18]-'0'
		if c[10] != 'T' || c[13] != ':' || c[16] != ':' || c[19] != 'Z' || max(h0, h1, n0, n1, s0, s1) >= 10 {
			return time.Time{}, false
		}
		hh, mm, ss := int(h0)*10+int(h1), int(n0)*10+int(n1), int(s0)*10+int(s1)
		if hh > 23 || mm > 59 || ss > 59 {
			return time.Time{}, false
		}
		secs = hh*3600 + mm*60 + ss
	}
	// time.Unix(…).UTC() is time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
	// without its normalising (the fields are in range here).
	return time.Unix(int64(civilDays(y, m, d))*86400+int64(secs), 0).UTC(), true
}

// civilDays is the number of days from 1970-01-01 to the proleptic
// Gregorian date y-m-d, for 0 ≤ y ≤ 9999 and a valid m and d: the days
// before 1 January of y (each year 365, and one more for each leap year
// before it, counting year 0's), before month m, and before day d.
func civilDays(y, m, d int) int {
	days := 365*y + (y+3)/4 - (y+99)/100 + (y+399)/400 + daysBefore[m] + d - 1
	if m > 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days++
	}
	return days - 719528 // 1970-01-01
}

// daysBefore[m] is the number of days before month m in a year of 365.
var daysBefore = [13]int{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

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
	if array, err := arrayNext(s, dst, field); !array {
		return err
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

// arrayNext reports whether an array is next, for a slice field: null makes
// the field nil (false, no error); anything else is a type error.
func arrayNext[T any](s *scanner, dst *[]T, field string) (bool, error) {
	switch s.peek() {
	case '[':
		return true, nil
	case 'n':
		if s.literal("null") {
			*dst = nil
			return false, nil
		}
	}
	return false, s.typeError(field)
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
			return s.deviceList(&b.Devices, "devices")
		case pageData:
			return s.deviceList(&b.Data, "data")
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

// deviceList decodes a devices or data array into dst as slice does, the
// devices' own texts set from one string at its end (see pageTexts).
func (s *scanner) deviceList(dst *[]Device, field string) error {
	if array, err := arrayNext(s, dst, field); !array {
		return err
	}
	s.pos++
	s.devs, s.textBuf, s.pending = *dst, s.textBuf[:0], s.pending[:0]
	n, err := s.devices()
	// Even after an error, so that what was decoded is as it would be
	// without the buffer.
	s.setTexts()
	list := s.devs
	s.devs = nil
	if err != nil {
		return err
	}
	if list == nil {
		list = []Device{}
	}
	clear(list[n:])
	*dst = list[:n]
	return nil
}

// devices decodes the elements of a device list, after its '[', into devs
// (its existing elements first), and returns their number.
func (s *scanner) devices() (int, error) {
	if s.peek() == ']' {
		s.pos++
		return 0, nil
	}
	for n := 1; ; n++ {
		if n > len(s.devs) {
			s.devs = append(s.devs, Device{})
		}
		if !s.null() {
			if err := s.device(n - 1); err != nil {
				return 0, err
			}
		}
		if more, err := s.more(']'); !more {
			return n, err
		}
	}
}

// device decodes one device object into devs[dev].
func (s *scanner) device(dev int) error {
	if s.peek() != '{' {
		return s.typeError("device")
	}
	keys := &s.deviceKeys
	keys.begin()
	d := &s.devs[dev]
	var seen uint32
	for sep := byte('{'); ; sep = ',' {
		member, done, err := keys.next, false, error(nil) // nextMember, inlined
		if n := keys.glue[member].at(s.data, s.pos, sep); n > 0 {
			s.matched(keys, member, n)
		} else if member, done, err = s.otherMember(keys, sep); done || err != nil {
			return err
		}
		if member >= 0 {
			bit := uint32(1) << (member & 31) // the mask spares a check of the shift
			if seen&bit != 0 {
				s.setTexts() // see setTexts
			}
			seen |= bit
		}
		switch member {
		case devSUDI:
			err = s.decodeSUDI(dev, &d.SUDI)
		case devHostName:
			err = s.setOwnText(dev, ownHostName, &d.HostName, "hostName")
		case devVirtualAccount:
			err = s.setShared(&d.VirtualAccount, sharedVirtualAccount, "virtualAccount")
		case devProductTagName:
			err = s.setShared(&d.ProductTagName, sharedProductTag, "productTagName")
		case devProductName:
			err = s.setShared(&d.ProductName, sharedProductName, "productName")
		case devProductDescription:
			err = s.setShared(&d.ProductDescription, sharedProductDescription, "productDescription")
		case devProductType:
			err = s.setShared(&d.ProductType, sharedProductType, "productType")
		case devStatus:
			err = s.setShared(&d.Status, sharedStatus, "status")
		case devRegistrationDate:
			err = s.setDate(&d.RegistrationDate)
		case devLastContactDate:
			err = s.setDate(&d.LastContactDate)
		case devDisplayName:
			err = s.setOwnText(dev, ownDisplayName, &d.DisplayName, "displayName")
		case devLicenseUsage:
			if d.LicenseUsage == nil && s.peek() == '[' {
				err = s.usageList(&d.LicenseUsage)
			} else {
				err = slice(s, &d.LicenseUsage, "licenseUsage", s.licenseUsage)
			}
		default:
			_, err = s.value(0)
		}
		if err != nil {
			return err
		}
	}
}

// usageList decodes a device's first licenseUsage array, its '[' next, into
// the page's usage arena (see pageState); it gives what slice gives into a
// nil slice.
func (s *scanner) usageList(dst *[]LicenseUsage) error {
	s.pos++
	if s.peek() == ']' {
		s.pos++
		*dst = []LicenseUsage{}
		return nil
	}
	start := len(s.usageArena)
	for i := 0; ; i++ {
		if len(s.usageArena) == cap(s.usageArena) {
			// A new block; this device's elements so far move with it,
			// the earlier devices keep theirs in the old one.
			block := make([]LicenseUsage, 0, max(256, 2*(len(s.usageArena)-start)))
			s.usageArena = append(block, s.usageArena[start:]...)
			start = 0
		}
		s.usageArena = append(s.usageArena, LicenseUsage{})
		if !s.null() {
			if err := s.usage(&s.usageArena[len(s.usageArena)-1], i); err != nil {
				return err
			}
		}
		more, err := s.more(']')
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	end := len(s.usageArena)
	*dst = s.usageArena[start:end:end]
	return nil
}

// licenseUsage decodes one element of a licenseUsage array.
func (s *scanner) licenseUsage(u *LicenseUsage) error { return s.usage(u, 0) }

// usage decodes element i of a licenseUsage array: each place in the list
// has its own recent licenses (devices mostly list the same licenses in the
// same order).
func (s *scanner) usage(u *LicenseUsage, i int) error {
	if s.peek() != '{' {
		return s.typeError("licenseUsage")
	}
	keys := &s.usageKeys
	keys.begin()
	for sep := byte('{'); ; sep = ',' {
		member, done, err := keys.next, false, error(nil) // nextMember, inlined
		if n := keys.glue[member].at(s.data, s.pos, sep); n > 0 {
			s.matched(keys, member, n)
		} else if member, done, err = s.otherMember(keys, sep); done || err != nil {
			return err
		}
		switch member {
		case usageLicense:
			err = s.setShared(&u.License, sharedLicense+min(i, numLicenseSlots-1), "license")
		case usageQuantity:
			err = s.setInt(&u.Quantity, "quantity")
		default:
			_, err = s.value(0)
		}
		if err != nil {
			return err
		}
	}
}

// decodeSUDI decodes the SUDI of device dev (at dst) as SUDI.UnmarshalJSON
// does: both casings, the whole SUDI replaced (null gives the zero SUDI).
// Its own texts are pending (see pageTexts) until the list ends.
func (s *scanner) decodeSUDI(dev int, dst *SUDI) error {
	if s.null() {
		*dst = SUDI{}
		return nil
	}
	if s.peek() != '{' {
		return s.typeError("sudi")
	}
	if s.usualSUDI(dev, dst) {
		return nil
	}
	keys := &s.sudiKeys
	keys.begin()
	// pid and vid of either casing; own the spans in textBuf of the other
	// members, by casing and own* field (SUVI and UUID are spelt alike in
	// both casings, so only camel's are set).
	var pid, vid [2]string
	var own [2][numOwnSUDI]textSpan
	snake := false
	for sep := byte('{'); ; sep = ',' {
		member, done, err := s.nextMember(keys, sep)
		if err != nil {
			return err
		}
		if done {
			break
		}
		if member >= sudiSnakeUDIPID {
			snake = true
		}
		switch member {
		case sudiUDIPID:
			err = s.setShared(&pid[0], sharedPID, "sudi")
		case sudiUDIVID:
			err = s.setShared(&vid[0], sharedVID, "sudi")
		case sudiSnakeUDIPID:
			err = s.setShared(&pid[1], sharedPID, "sudi")
		case sudiSnakeUDIVID:
			err = s.setShared(&vid[1], sharedVID, "sudi")
		case sudiUDISerialNumber:
			err = s.ownSpan(&own[0][ownSerialNumber])
		case sudiMACAddress:
			err = s.ownSpan(&own[0][ownMACAddress])
		case sudiSUVI:
			err = s.ownSpan(&own[0][ownSUVI])
		case sudiUUID:
			err = s.ownSpan(&own[0][ownUUID])
		case sudiHostIdentifier:
			err = s.ownSpan(&own[0][ownHostIdentifier])
		case sudiSnakeUDISerialNumber:
			err = s.ownSpan(&own[1][ownSerialNumber])
		case sudiSnakeMACAddress:
			err = s.ownSpan(&own[1][ownMACAddress])
		case sudiSnakeHostIdentifier:
			err = s.ownSpan(&own[1][ownHostIdentifier])
		default:
			_, err = s.value(0)
		}
		if err != nil {
			return err
		}
	}
	if !snake {
		*dst = SUDI{UDIPID: pid[0], UDIVID: vid[0]}
		for field, span := range own[0] {
			s.pend(dev, field, span)
		}
		return nil
	}
	*dst = pickSUDI(SUDI{UDIPID: pid[0], UDIVID: vid[0]}, SUDI{UDIPID: pid[1], UDIVID: vid[1]})
	for field, span := range own[0] {
		if span.start == span.end {
			span = own[1][field]
		}
		s.pend(dev, field, span)
	}
	return nil
}

// usualSUDI decodes the usual SUDI of the device list, its '{' next: compact,
// camelCase, nothing but udiPid, udiVid and a string udiSerialNumber, each
// key where keyGlue finds it, none twice. It reports false, the scanner and the text
// buffer as they were, for anything else (including an error), which
// decodeSUDI's general path then decodes: the usual case skips that path's
// spans of every own text in both casings and their merging.
func (s *scanner) usualSUDI(dev int, dst *SUDI) bool {
	start, buffered := s.pos, len(s.textBuf)
	keys := &s.sudiKeys
	keys.begin()
	var pid, vid string
	var serial textSpan
	for sep := byte('{'); ; sep = ',' {
		i := keys.next
		n := keys.glue[i].at(s.data, s.pos, sep)
		if n == 0 {
			if s.pos < len(s.data) && s.data[s.pos] == '}' { // not at the '{'
				s.pos++
				break
			}
			s.pos, s.textBuf = start, s.textBuf[:buffered]
			return false
		}
		s.matched(keys, i, n)
		var err error
		switch {
		case i == sudiUDIPID:
			err = s.setShared(&pid, sharedPID, "sudi")
		case i == sudiUDIVID:
			err = s.setShared(&vid, sharedVID, "sudi")
		case i == sudiUDISerialNumber: // null too is left to the general path
			serial.start, serial.end, err = s.ownText()
		default:
			err = errSyntax
		}
		if err != nil {
			s.pos, s.textBuf = start, s.textBuf[:buffered]
			return false
		}
	}
	*dst = SUDI{UDIPID: pid, UDIVID: vid}
	s.pend(dev, ownSerialNumber, serial)
	return true
}
