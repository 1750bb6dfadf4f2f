package smartaccount

import (
	"errors"
	"strconv"
	"strings"
)

// ErrTooLarge is wrapped by every error about an input beyond one of the
// SDK's bounds — a file, a line, an element, a code — whichever package
// (dataset, slp, slr, …) rejected it, so one errors.Is tells "too big" from
// "malformed".
var ErrTooLarge = errors.New("input larger than the accepted size")

// ParseError is a problem at a position of an input: the one error shape of
// every reader of the SDK. Use errors.As to get the position; Unwrap gives
// the reason (an *UnknownValueError, ErrTooLarge, …).
type ParseError struct {
	// File names the input: a file name, or what was read when there is no
	// file ("request code").
	File string
	// Line and Column are 1-based; 0 when not applicable. Column counts
	// bytes.
	Line, Column int
	// Field is the column, key or element at fault; "" when not applicable.
	Field string
	// Value is the text at fault, at most 80 bytes; "" when it is not shown
	// (codes and secrets are never quoted).
	Value string
	Err   error
}

// Error returns "file:line:column: field "value": reason", leaving out what
// is not known.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		if e.Value != "" {
			b.WriteByte(' ')
		}
	}
	if e.Value != "" {
		b.WriteString(strconv.Quote(e.Value))
	}
	if e.Field != "" || e.Value != "" {
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the reason.
func (e *ParseError) Unwrap() error { return e.Err }

// MarshalText implements encoding.TextMarshaler: a ParseError reads as its
// message in JSON.
func (e *ParseError) MarshalText() ([]byte, error) { return []byte(e.Error()), nil }
