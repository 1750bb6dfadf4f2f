// Package jsonnum holds the JSON helpers the SDK's readers share: decimal
// text read from strings or numbers without floats, and decoding errors
// rewritten to name line and column.
package jsonnum

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Describe rewrites an encoding/json error about data so that it names the
// line and column (and the field, for a type error) where decoding failed.
func Describe(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// Offset counts the bytes read, the offending one included.
		line, col := Position(data, max(syn.Offset-1, 0))
		return fmt.Errorf("line %d, column %d: %w", line, col, err)
	case errors.As(err, &typ):
		line, col := Position(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "value"
		}
		return fmt.Errorf("line %d, column %d: %s: %s is not a %s", line, col, field, typ.Value, typ.Type)
	}
	return err
}

// Position converts a byte offset in data to a 1-based line and column.
func Position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// Text is the text of a decimal in a JSON document, written as a string
// ("0.04") and read from a string or a bare JSON number, never through a
// float. Parse it with pricing.ParseDecimal.
type Text string

// MarshalJSON writes the text as a JSON string.
func (t Text) MarshalJSON() ([]byte, error) { return json.Marshal(string(t)) }

// UnmarshalJSON accepts a JSON string or a JSON number.
func (t *Text) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("%s is not a number or a decimal string", b)
	}
	*t = Text(n)
	return nil
}
