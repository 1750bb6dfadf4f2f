package jsonnum

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DuplicateKeyError reports a key given twice in one JSON object, where
// encoding/json would silently keep the second value ("term_years": 5, then
// "term_years": 3, prices a 3-year term).
type DuplicateKeyError struct {
	// Key is the key's path in the document, as in FieldError.Field:
	// "term_years", "lines[2].quantity", "acquisitions[0].licenses[\"X\"]".
	Key string
	// Line and Column (1-based, bytes) are where the second occurrence
	// starts; FirstLine and FirstColumn where the first one does.
	Line, Column           int
	FirstLine, FirstColumn int
}

// Error returns "line L, column C: KEY is given twice in one object (first
// at line L, column C)".
func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s is given twice in one object (first at line %d, column %d)",
		e.Line, e.Column, e.Key, e.FirstLine, e.FirstColumn)
}

// CheckDuplicateKeys returns a *DuplicateKeyError for the first key given
// twice in one object of the JSON document data, at any depth, and nil when
// there is none. Keys are compared exactly, after unescaping: "a" and
// "\u0061" are the same key, "A" and "a" are not (they are two keys of a
// map of license names). Data that is not valid JSON gives nil: its syntax
// error is the decoder's to report, so a caller may check before or after
// decoding.
//
// Every JSON reader of the SDK calls it on the whole document it was given
// and returns the error as it is, or wrapped with %w, without a position of
// its own: dataset.Read reports it at the second key, with the first.
func CheckDuplicateKeys(data []byte) error {
	if !json.Valid(data) {
		return nil
	}
	c := dupChecker{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	var dup *DuplicateKeyError
	if err := c.value(); errors.As(err, &dup) {
		return dup
	}
	return nil
}

// dupChecker walks a document token by token, keeping the path to the
// current value so that only an error has to render it.
type dupChecker struct {
	data []byte
	dec  *json.Decoder
	path []pathStep
}

func (c *dupChecker) value() error {
	tok, err := c.dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]int64{}
		for c.dec.More() {
			off := SkipSpace(c.data, c.dec.InputOffset())
			tok, err := c.dec.Token()
			if err != nil {
				return err
			}
			key, _ := tok.(string)
			c.path = append(c.path, pathStep{key: &key})
			if first, dup := seen[key]; dup {
				e := &DuplicateKeyError{Key: renderPath(c.path)}
				e.Line, e.Column = Position(c.data, off)
				e.FirstLine, e.FirstColumn = Position(c.data, first)
				return e
			}
			seen[key] = off
			if err := c.value(); err != nil {
				return err
			}
			c.path = c.path[:len(c.path)-1]
		}
	case json.Delim('['):
		for i := 0; c.dec.More(); i++ {
			c.path = append(c.path, pathStep{index: i})
			if err := c.value(); err != nil {
				return err
			}
			c.path = c.path[:len(c.path)-1]
		}
	default:
		return nil
	}
	_, err = c.dec.Token() // the closing delimiter
	return err
}

// renderPath writes steps the way FieldError.Field names a field, so that
// Locate finds it: a plain key after a dot, another in ["…"].
func renderPath(steps []pathStep) string {
	var b strings.Builder
	for _, st := range steps {
		switch {
		case st.key == nil:
			fmt.Fprintf(&b, "[%d]", st.index)
		case plainKey(*st.key):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(*st.key)
		default:
			b.WriteString("[" + strconv.Quote(*st.key) + "]")
		}
	}
	return b.String()
}

// plainKey reports whether k can stand in a path without quotes.
func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}
