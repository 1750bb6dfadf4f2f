// Package jsonnum holds the JSON helpers the SDK's readers share: decimal
// text read from strings or numbers without floats, errors that name the
// field of a document they are about, and the line and column of a field or
// of a decoding error. It imports only the standard library, so every
// package of the module may use it.
package jsonnum

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// FieldError is an error about one field of a JSON document, named by its
// path in the document: "term_years", "lines[3].unit_price",
// "acquisitions[0].licenses[\"X\"]". Locate finds where the field is.
type FieldError struct {
	Field string
	Err   error
}

// Error returns "field: problem".
func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *FieldError) Unwrap() error { return e.Err }

// Locate returns the line and column where the value at path starts in the
// JSON document data (path as in FieldError.Field). ok is false when the
// document has no such value or path is malformed.
func Locate(data []byte, path string) (line, col int, ok bool) {
	steps, ok := parsePath(path)
	if !ok {
		return 0, 0, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for _, st := range steps {
		tok, err := dec.Token()
		if err != nil {
			return 0, 0, false
		}
		switch {
		case st.key != nil && tok == json.Delim('{'):
			found := false
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return 0, 0, false
				}
				if k == *st.key {
					found = true
					break
				}
				if skipValue(dec) != nil {
					return 0, 0, false
				}
			}
			if !found {
				return 0, 0, false
			}
		case st.key == nil && tok == json.Delim('['):
			for range st.index {
				if !dec.More() || skipValue(dec) != nil {
					return 0, 0, false
				}
			}
			if !dec.More() {
				return 0, 0, false
			}
		default:
			return 0, 0, false
		}
	}
	line, col = Position(data, SkipSpace(data, dec.InputOffset()))
	return line, col, true
}

func skipValue(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}

// pathStep is one step of a field path: an object key or an array index.
type pathStep struct {
	key   *string
	index int
}

// parsePath splits "a.b[2][\"k\"].c" into steps.
func parsePath(path string) ([]pathStep, bool) {
	var steps []pathStep
	for len(path) > 0 {
		switch path[0] {
		case '.':
			path = path[1:]
		case '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return nil, false
			}
			inner := path[1:end]
			if strings.HasPrefix(inner, `"`) {
				// A quoted key may hold ']': find the closing quote first.
				k, rest, err := unquotePrefix(path[1:])
				if err != nil || !strings.HasPrefix(rest, "]") {
					return nil, false
				}
				steps = append(steps, pathStep{key: &k})
				path = rest[1:]
				continue
			}
			n, err := strconv.Atoi(inner)
			if err != nil || n < 0 {
				return nil, false
			}
			steps = append(steps, pathStep{index: n})
			path = path[end+1:]
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			k := path[:end]
			steps = append(steps, pathStep{key: &k})
			path = path[end:]
		}
	}
	return steps, len(steps) > 0
}

// unquotePrefix reads the Go-quoted string at the start of s.
func unquotePrefix(s string) (string, string, error) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", "", err
	}
	k, err := strconv.Unquote(q)
	return k, s[len(q):], err
}

// Cut returns a JSON value for an error message, cut to 40 bytes.
func Cut(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// SkipSpace moves off past white space and the separators ',' and ':' to
// the start of the next JSON value, so positions point at the value itself.
func SkipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

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
