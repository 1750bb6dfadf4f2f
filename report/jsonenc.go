package report

import (
	"encoding/json"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// encoder writes JSON token by token into a buffer it hands to the
// underlying writer every flushAt bytes, so that a document of any size is
// written in constant memory. Containers are indented two spaces a level;
// an inline container (a row: a finding, a schedule year) is written on one
// line, compact. The first write error sticks and ends the output.
type encoder struct {
	w   io.Writer
	buf []byte
	err error
	// stack holds, per open container, whether it is inline and whether it
	// has a value yet.
	stack []frame
	// afterKey is true between a key and its value.
	afterKey bool
	// scratch holds text built for one value (a finding's ID), reused.
	scratch []byte
}

type frame struct{ inline, nonEmpty bool }

// flushAt is 256 KiB: few calls to the writer, and a bufio.Writer of up
// to that size in front of a file (as the procurement-file program puts)
// hands each chunk on without copying it into its buffer.
const flushAt = 256 << 10

func newEncoder(w io.Writer) *encoder {
	return &encoder{w: w, buf: make([]byte, 0, flushAt+4<<10)}
}

// inline reports whether the innermost container is written on one line.
func (e *encoder) inline() bool { return len(e.stack) > 0 && e.stack[len(e.stack)-1].inline }

// newline starts a line indented to the current depth.
func (e *encoder) newline() {
	e.buf = append(e.buf, '\n')
	for range len(e.stack) {
		e.buf = append(e.buf, ' ', ' ')
	}
}

// next places the separator before a value or a key, first handing the
// buffer over when it is full.
func (e *encoder) next() {
	if len(e.buf) >= flushAt {
		e.flush(false)
	}
	if e.afterKey {
		e.afterKey = false
		return
	}
	if len(e.stack) == 0 {
		return
	}
	top := &e.stack[len(e.stack)-1]
	if top.nonEmpty {
		e.buf = append(e.buf, ',')
	}
	top.nonEmpty = true
	if !top.inline {
		e.newline()
	}
}

func (e *encoder) open(c byte, inline bool) {
	e.next()
	e.buf = append(e.buf, c)
	e.stack = append(e.stack, frame{inline: inline || e.inline()})
}

func (e *encoder) close(c byte) {
	top := e.stack[len(e.stack)-1]
	e.stack = e.stack[:len(e.stack)-1]
	if top.nonEmpty && !top.inline {
		e.newline()
	}
	e.buf = append(e.buf, c)
}

// object and array open a container written over several lines; row opens
// an object written on one line.
func (e *encoder) object()   { e.open('{', false) }
func (e *encoder) row()      { e.open('{', true) }
func (e *encoder) array()    { e.open('[', false) }
func (e *encoder) list()     { e.open('[', true) }
func (e *encoder) end()      { e.close('}') }
func (e *encoder) endArray() { e.close(']') }

// key writes an object key; the value follows.
func (e *encoder) key(k string) {
	e.next()
	e.buf = appendString(e.buf, k)
	e.buf = append(e.buf, ':')
	if !e.inline() {
		e.buf = append(e.buf, ' ')
	}
	e.afterKey = true
}

func (e *encoder) str(s string) {
	e.next()
	e.buf = appendString(e.buf, s)
}

func (e *encoder) int(n int64) {
	e.next()
	e.buf = strconv.AppendInt(e.buf, n, 10)
}

func (e *encoder) bool(b bool) {
	e.next()
	e.buf = strconv.AppendBool(e.buf, b)
}

func (e *encoder) null() {
	e.next()
	e.buf = append(e.buf, "null"...)
}

// marshal writes v with encoding/json, on one line: for a small value
// that has a JSON form of its own (a proposal).
func (e *encoder) marshal(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	e.next()
	e.buf = append(e.buf, b...)
	return nil
}

// money writes an amount or a percentage as a string with two decimals.
func (e *encoder) money(d decimal.Decimal) { e.str(cents(d)) }

// appendRef appends an evidence reference as a JSON string of
// smartaccount.Ref.String ("product_instances.csv:12",
// "cssm:devices[PID:…]"), without building the string first.
func appendRef(b []byte, r smartaccount.Ref) []byte {
	b = append(b, '"')
	b = appendEscaped(b, r.Source)
	switch {
	case r.Record != "":
		b = append(b, '[')
		b = appendEscaped(b, r.Record)
		b = append(b, ']')
	case r.Line != 0:
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(r.Line), 10)
	}
	return append(b, '"')
}

// appendUDI appends a UDI as a JSON string of smartaccount.UDI.String, ""
// for the zero UDI.
func appendUDI(b []byte, u smartaccount.UDI) []byte {
	b = append(b, '"')
	if !u.IsZero() {
		b = append(b, "PID:"...)
		b = appendEscaped(b, u.PID)
		b = append(b, ",SN:"...)
		b = appendEscaped(b, u.Serial)
	}
	return append(b, '"')
}

// date writes a civil date as "YYYY-MM-DD", or null for the zero time.
func (e *encoder) date(t time.Time) {
	if t.IsZero() {
		e.null()
		return
	}
	e.next()
	e.buf = append(e.buf, '"')
	e.buf = t.AppendFormat(e.buf, time.DateOnly)
	e.buf = append(e.buf, '"')
}

// Shorthands for a key and its value.
func (e *encoder) kstr(k, s string)                   { e.key(k); e.str(s) }
func (e *encoder) kint(k string, n int64)             { e.key(k); e.int(n) }
func (e *encoder) kmoney(k string, d decimal.Decimal) { e.key(k); e.money(d) }
func (e *encoder) kdate(k string, t time.Time)        { e.key(k); e.date(t) }

// flush hands the buffer to the writer once it holds flushAt bytes, or
// whatever it holds when final.
func (e *encoder) flush(final bool) {
	if e.err != nil {
		e.buf = e.buf[:0]
		return
	}
	if len(e.buf) == 0 || (!final && len(e.buf) < flushAt) {
		return
	}
	_, e.err = e.w.Write(e.buf)
	e.buf = e.buf[:0]
}

const hex = "0123456789abcdef"

// plain marks the bytes a JSON string holds as they are: printable ASCII
// but the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD, and U+2028 and
// U+2029 escaped so that the output is also valid JavaScript.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// appendEscaped appends the inside of a JSON string for s: runs of plain
// bytes at once, then the byte or character after a run escaped. It takes
// bytes too, for text built in a buffer (an ID).
func appendEscaped[T string | []byte](b []byte, s T) []byte {
	for {
		n := plainPrefix(s)
		b = append(b, s[:n]...)
		if n == len(s) {
			return b
		}
		s = s[n:]
		if c := s[0]; c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			s = s[1:]
			continue
		}
		r, size := decodeRune(s)
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[:size]...)
		}
		s = s[size:]
	}
}

// plainPrefix returns how many bytes at the start of s are plain: eight
// at a time while a word holds no control character, quote, backslash or
// byte beyond ASCII (the common case, whole texts), the last word
// overlapping the one before; one at a time around a byte that is not.
func plainPrefix[T string | []byte](s T) int {
	i := 0
	if len(s) >= 8 {
		for ; i+8 <= len(s) && plainWord(word(s, i)); i += 8 {
		}
		if i+8 > len(s) && plainWord(word(s, len(s)-8)) {
			return len(s)
		}
	}
	for i < len(s) && plain[s[i]] {
		i++
	}
	return i
}

// plainWord reports whether the eight bytes of x are plain.
func plainWord(x uint64) bool { return belowSpaceOrHigh(x)|hasByte(x, '"')|hasByte(x, '\\') == 0 }
