package rum

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// RUM envelopes and payloads are read by a small JSON decoder rather than
// encoding/json: it walks the one schema they have without reflection, it
// keeps the payload string's bytes exactly as written (EscapedPayload), and
// a usage file of many reports reads several times faster. It checks the
// JSON grammar fully (a differential fuzz test holds it to encoding/json),
// refuses nesting deeper than maxJSONDepth, and keeps bytes that are not
// valid UTF-8 as they are.

// maxJSONDepth bounds the nesting of objects and arrays.
const maxJSONDepth = 1000

// decoder decodes one JSON document held in b.
type decoder struct {
	b      []byte
	i      int
	depth  int
	intern interner // nil: no interning
}

// interner shares the short strings that repeat from report to report
// (tags, PIDs, metric names) between the reports of one reader.
type interner map[string]string

// internMax bounds an intern table: entries, and the length of one.
const (
	internMax    = 4096
	internMaxLen = 128
)

// str returns b as a string, shared with earlier equal strings.
func (in interner) str(b []byte) string {
	if in == nil || len(b) > internMaxLen {
		return string(b)
	}
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(in) < internMax {
		in[s] = s
	}
	return s
}

// syntaxError is a JSON grammar error at a byte offset.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.off, e.msg)
}

func (d *decoder) fail(msg string) error { return &syntaxError{d.i, msg} }

func (d *decoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\r', '\n':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, 0 at the end.
func (d *decoder) peek() byte {
	d.ws()
	if d.i >= len(d.b) {
		return 0
	}
	return d.b[d.i]
}

// end checks that only whitespace follows the document.
func (d *decoder) end() error {
	if d.ws(); d.i != len(d.b) {
		return d.fail("text after the JSON value")
	}
	return nil
}

// null consumes a null literal if one is next.
func (d *decoder) null() bool {
	if d.peek() == 'n' && bytes.HasPrefix(d.b[d.i:], []byte("null")) {
		d.i += 4
		return true
	}
	return false
}

// object reads an object, calling field for each key with the decoder at
// the value; field must consume the value.
func (d *decoder) object(field func(key []byte) error) error {
	return d.list('{', '}', "an object", func(int) error {
		if d.peek() != '"' {
			return d.fail("expected a key")
		}
		key, end, err := readString(d.b, d.i)
		if err != nil {
			return err
		}
		d.i = end
		if d.peek() != ':' {
			return d.fail("expected ':'")
		}
		d.i++
		return field(key)
	})
}

// fields reads an object of the RUM schema as object does, refusing a key
// given twice: encoding/json would keep the second value without a word,
// and a payload whose count or tag appears twice is not one to trust.
// Objects of other shapes (values the reader skips) are read by object.
func (d *decoder) fields(field func(key []byte) error) error {
	var small [16][]byte
	seen := small[:0]
	var many map[string]bool // past len(small) keys
	return d.object(func(key []byte) error {
		dup := false
		if many != nil {
			dup = many[string(key)]
			many[string(key)] = true
		} else {
			for _, k := range seen {
				dup = dup || bytes.Equal(k, key)
			}
			if len(seen) < cap(seen) {
				seen = append(seen, key)
			} else {
				many = make(map[string]bool, 2*len(seen))
				for _, k := range seen {
					many[string(k)] = true
				}
				many[string(key)] = true
			}
		}
		if dup {
			return fmt.Errorf("key %q appears twice", cut(string(key)))
		}
		return field(key)
	})
}

// array reads an array, calling elem for each element with the decoder at
// it; elem must consume it.
func (d *decoder) array(elem func(i int) error) error {
	return d.list('[', ']', "an array", elem)
}

// list reads the comma-separated items of an object or array between open
// and closing, calling item for each.
func (d *decoder) list(open, closing byte, what string, item func(i int) error) error {
	if d.peek() != open {
		return d.fail("expected " + what)
	}
	if d.depth++; d.depth > maxJSONDepth {
		return d.fail("nested too deep")
	}
	d.i++
	if d.peek() == closing {
		d.i++
		d.depth--
		return nil
	}
	for n := 0; ; n++ {
		if err := item(n); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.i++
		case closing:
			d.i++
			d.depth--
			return nil
		default:
			return d.fail("expected ',' or '" + string(closing) + "'")
		}
	}
}

// str reads a string and returns its content as written (escapes intact)
// and whether it holds escapes. It checks control characters and escapes.
func (d *decoder) str() (raw []byte, esc bool, err error) {
	if d.peek() != '"' {
		return nil, false, d.fail("expected a string")
	}
	start := d.i
	end, err := stringEnd(d.b, start)
	if err != nil {
		return nil, false, err
	}
	raw = d.b[start+1 : end]
	for j := 0; j < len(raw); j++ {
		switch c := raw[j]; {
		case c < 0x20:
			d.i = start + 1 + j
			return nil, false, d.fail("control character in string")
		case c == '\\':
			esc = true
			j++ // stringEnd guarantees a byte follows
			switch raw[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if _, ok := hex4(raw[j+1:]); !ok {
					d.i = start + j
					return nil, false, d.fail(`bad \u escape`)
				}
				j += 4
			default:
				d.i = start + j
				return nil, false, d.fail("bad escape")
			}
		}
	}
	d.i = end + 1
	return raw, esc, nil
}

// text reads a string and returns it decoded; null reads as "".
func (d *decoder) text() (string, error) {
	if d.null() {
		return "", nil
	}
	if d.peek() != '"' {
		return "", d.fail("expected a string")
	}
	raw, end, err := readString(d.b, d.i)
	if err != nil {
		return "", err
	}
	d.i = end
	return d.intern.str(raw), nil
}

// number reads a number and returns it as written.
func (d *decoder) number() ([]byte, error) {
	d.ws()
	b, start := d.b, d.i
	i := start
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		d.i = i
		return nil, d.fail("expected a value")
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			d.i = i
			return nil, d.fail("expected a digit after '.'")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			d.i = i
			return nil, d.fail("expected a digit in the exponent")
		}
	}
	d.i = i
	return b[start:i], nil
}

// integer reads a non-negative integer written as a number or as a string
// of digits; null reads as 0. ok is false for any other number or string;
// raw is the value as written.
func (d *decoder) integer() (n int64, raw []byte, ok bool, err error) {
	if d.null() {
		return 0, nil, true, nil
	}
	if d.peek() == '"' {
		var esc bool
		if raw, esc, err = d.str(); err != nil || esc {
			return 0, raw, false, err
		}
	} else if raw, err = d.number(); err != nil {
		return 0, nil, false, err
	}
	if len(raw) == 0 || len(raw) > 18 { // 18 digits cannot overflow int64
		return 0, raw, false, nil
	}
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, raw, false, nil
		}
		n = n*10 + int64(c-'0')
	}
	return n, raw, true, nil
}

// boolean reads true or false.
func (d *decoder) boolean() (bool, error) {
	switch d.peek() {
	case 't':
		if bytes.HasPrefix(d.b[d.i:], []byte("true")) {
			d.i += 4
			return true, nil
		}
	case 'f':
		if bytes.HasPrefix(d.b[d.i:], []byte("false")) {
			d.i += 5
			return false, nil
		}
	}
	return false, d.fail("expected true or false")
}

// skip reads any value, checking its grammar, and returns it as written.
func (d *decoder) skip() ([]byte, error) {
	c := d.peek()
	start := d.i
	var err error
	switch c {
	case '{':
		err = d.object(func([]byte) error { _, err := d.skip(); return err }) // any object: keys may repeat
	case '[':
		err = d.array(func(int) error { _, err := d.skip(); return err })
	case '"':
		_, _, err = d.str()
	case 't', 'f':
		_, err = d.boolean()
	case 'n':
		if !d.null() {
			err = d.fail("expected a value")
		}
	default:
		_, err = d.number()
	}
	if err != nil {
		return nil, err
	}
	return d.b[start:d.i], nil
}

// stringEnd returns the index of the quote closing the string that opens
// at b[i].
func stringEnd(b []byte, i int) (int, error) {
	j := i + 1
	for {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return 0, &syntaxError{i, "unterminated string"}
		}
		j += k
		n := 0 // backslashes right before the quote
		for n < j-i-1 && b[j-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			return j, nil
		}
		j++
	}
}

// readString decodes the string that opens at b[i] as encoding/json
// would, except that bytes that are not valid UTF-8 are kept as they are:
// the result is the exact byte sequence the string spells. It returns the
// index after the closing quote. It checks control characters and escapes.
func readString(b []byte, i int) (dec []byte, end int, err error) {
	j := i + 1
	if k := bytes.IndexByte(b[j:], '"'); k >= 0 && bytes.IndexByte(b[j:j+k], '\\') < 0 {
		for _, c := range b[j : j+k] { // the common case: no escape
			if c < 0x20 {
				return nil, 0, &syntaxError{j, "control character in string"}
			}
		}
		return b[j : j+k], j + k + 1, nil
	}
	dst := make([]byte, 0, len(b)-j)
	start := j
	for j < len(b) {
		c := b[j]
		if c >= 0x20 && c != '"' && c != '\\' {
			j++
			continue
		}
		dst = append(dst, b[start:j]...)
		switch {
		case c == '"':
			return dst, j + 1, nil
		case c < 0x20:
			return nil, 0, &syntaxError{j, "control character in string"}
		}
		if j+1 >= len(b) {
			break
		}
		switch e := b[j+1]; e {
		case '"', '\\', '/':
			dst = append(dst, e)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(b[j+2:])
			if !ok {
				return nil, 0, &syntaxError{j, `bad \u escape`}
			}
			j += 6
			if utf16.IsSurrogate(r) {
				if len(b) >= j+6 && b[j] == '\\' && b[j+1] == 'u' {
					if r2, ok := hex4(b[j+2:]); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							r, j = d, j+6
						}
					}
				}
				if utf16.IsSurrogate(r) {
					r = utf8.RuneError // a lone surrogate, as encoding/json decodes it
				}
			}
			dst = utf8.AppendRune(dst, r)
			start = j
			continue
		default:
			return nil, 0, &syntaxError{j, "bad escape"}
		}
		j += 2
		start = j
	}
	return nil, 0, &syntaxError{i, "unterminated string"}
}

// hex4 reads four hex digits.
func hex4(s []byte) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// splitEnvelope reads an envelope object: the payload string's content
// as written and decoded, and the header and signature (nil header when absent or
// null). Other keys are checked and ignored.
func splitEnvelope(b []byte, in interner) (escaped, signed []byte, header *Header, sig Signature, err error) {
	d := &decoder{b: b, intern: in}
	var havePayload bool
	err = d.fields(func(key []byte) error {
		switch string(key) {
		case "payload":
			havePayload = true
			if d.peek() != '"' {
				return errors.New(`"payload" is not a string`)
			}
			start := d.i
			var end int
			if signed, end, err = readString(b, start); err != nil {
				return inField("payload", err)
			}
			escaped, d.i = b[start+1:end-1], end
			return nil
		case "header":
			if d.null() {
				return nil
			}
			header = new(Header)
			return inField("header", d.fields(func(key []byte) error {
				if string(key) == "type" {
					var err error
					header.Type, err = d.text()
					return inField("type", err)
				}
				_, err := d.skip()
				return err
			}))
		case "signature":
			return inField("signature", d.signature(&sig))
		}
		_, err := d.skip()
		return inKey(key, err)
	})
	if err == nil {
		err = d.end()
	}
	if err == nil && !havePayload {
		err = errors.New(`has no "payload"`)
	}
	return escaped, signed, header, sig, err
}

// signature reads a signature object (null reads as none).
func (d *decoder) signature(sig *Signature) error {
	if d.null() {
		return nil
	}
	return d.fields(func(key []byte) error {
		var err error
		switch string(key) {
		case "sudi":
			if d.null() {
				return nil
			}
			sig.Device = new(smartaccount.UDI)
			return d.sudi(sig.Device)
		case "signing_type":
			sig.SigningType, err = d.text()
		case "key":
			sig.Key, err = d.text()
		case "value":
			sig.Value, err = d.text()
		default:
			_, err = d.skip()
		}
		return err
	})
}

// sudi reads {"udi_pid":…,"udi_serial_number":…} (null reads as empty).
func (d *decoder) sudi(u *smartaccount.UDI) error {
	if d.null() {
		return nil
	}
	return d.fields(func(key []byte) error {
		var err error
		switch string(key) {
		case "udi_pid":
			u.PID, err = d.text()
		case "udi_serial_number":
			u.Serial, err = d.text()
		default:
			_, err = d.skip()
		}
		return err
	})
}
