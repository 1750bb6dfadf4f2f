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
}

type frame struct{ inline, nonEmpty bool }

const flushAt = 64 << 10

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
	e.flush(false)
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

// ref writes an evidence reference as smartaccount.Ref.String does
// ("product_instances.csv:12", "cssm:devices[PID:…]"), without building the
// string first.
func (e *encoder) ref(r smartaccount.Ref) {
	e.next()
	e.buf = append(e.buf, '"')
	e.buf = appendEscaped(e.buf, r.Source)
	switch {
	case r.Record != "":
		e.buf = append(e.buf, '[')
		e.buf = appendEscaped(e.buf, r.Record)
		e.buf = append(e.buf, ']')
	case r.Line != 0:
		e.buf = append(e.buf, ':')
		e.buf = strconv.AppendInt(e.buf, int64(r.Line), 10)
	}
	e.buf = append(e.buf, '"')
}

// udi writes a UDI as smartaccount.UDI.String does, "" for the zero UDI.
func (e *encoder) udi(u smartaccount.UDI) {
	e.next()
	e.buf = append(e.buf, '"')
	if !u.IsZero() {
		e.buf = append(e.buf, "PID:"...)
		e.buf = appendEscaped(e.buf, u.PID)
		e.buf = append(e.buf, ",SN:"...)
		e.buf = appendEscaped(e.buf, u.Serial)
	}
	e.buf = append(e.buf, '"')
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

// appendEscaped appends the inside of a JSON string for s.
func appendEscaped(b []byte, s string) []byte {
	i := 0
	for i < len(s) && plain[s[i]] {
		i++
	}
	if i == len(s) {
		return append(b, s...)
	}
	start := 0
	for i < len(s) {
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
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
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}
