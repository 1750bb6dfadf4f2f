package cssm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The lenient types below decode the variations real CSSM responses show for
// one field (CSSM-API.md, "Decode leniently"): booleans as strings, dates in
// three forms or null, "None" where null is meant, integers above 2^53 that
// must never pass through a float64, and numbers quoted as strings. They
// marshal back in the canonical form.

// Bool is a boolean that CSSM may send as true/false or as a string:
// "true", "false", "yes", "no", "y", "n", "1", "0" (any case). null, "" and
// "None" are false.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (b *Bool) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "true":
		*b = true
		return nil
	case "false", "null":
		*b = false
		return nil
	}
	s, ok := unquote(data)
	if !ok {
		return decodeErr("a boolean", data)
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1":
		*b = true
	case "false", "no", "n", "0", "", "none":
		*b = false
	default:
		return decodeErr("a boolean", data)
	}
	return nil
}

// Date is an instant or a civil date that CSSM sends as "YYYY-MM-DD", as RFC
// 3339 ("2022-07-11T14:33:41Z", fractions and offsets allowed), or as null,
// "" or "None" (the zero Date). A civil date is midnight UTC.
type Date struct{ time.Time }

// UnmarshalJSON implements json.Unmarshaler.
func (d *Date) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		d.Time = time.Time{}
		return nil
	}
	s, ok := unquote(data)
	if !ok {
		return decodeErr("a date", data)
	}
	t, err := parseDate(s)
	if err != nil {
		return decodeErr("a date (YYYY-MM-DD or RFC 3339)", data)
	}
	d.Time = t
	return nil
}

// parseDate reads the three date forms; "" and "None" are the zero time.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "none") {
		return time.Time{}, nil
	}
	if len(s) == len(time.DateOnly) {
		return time.Parse(time.DateOnly, s)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// MarshalJSON writes RFC 3339 (a civil date as YYYY-MM-DD), or null for the
// zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	if d.Equal(d.Truncate(24*time.Hour)) && d.Location() == time.UTC {
		return []byte(`"` + d.Format(time.DateOnly) + `"`), nil
	}
	return []byte(`"` + d.UTC().Format(time.RFC3339) + `"`), nil
}

// String is text that CSSM may send as null or as the word "None" where it
// means null (both ""), or as a number where other responses send a string
// (ids): the number's digits.
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*s = ""
		return nil
	}
	if len(data) > 0 && (data[0] == '-' || data[0] >= '0' && data[0] <= '9') {
		if !json.Valid(data) {
			return decodeErr("a string", data)
		}
		*s = String(data)
		return nil
	}
	t, ok := unquote(data)
	if !ok {
		return decodeErr("a string", data)
	}
	if t == "None" {
		t = ""
	}
	*s = String(t)
	return nil
}

// Int64 is an integer that CSSM may send as a JSON number (read digit by
// digit: poll_id 773126444402795033 stays exact, never through a float64),
// as a quoted number ("123456", the v2 account ids), or as null, "" or
// "None" (zero). A fraction or an exponent is an error.
type Int64 int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int64) UnmarshalJSON(data []byte) error {
	text := string(data)
	if text == "null" {
		*n = 0
		return nil
	}
	if s, ok := unquote(data); ok {
		s = strings.TrimSpace(s)
		if s == "" || s == "None" {
			*n = 0
			return nil
		}
		text = s
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return decodeErr("an integer", data)
	}
	*n = Int64(v)
	return nil
}

// unquote returns the text of a JSON string literal.
func unquote(data []byte) (string, bool) {
	if len(data) < 2 || data[0] != '"' {
		return "", false
	}
	if bytes.IndexByte(data[1:len(data)-1], '\\') < 0 {
		return string(data[1 : len(data)-1]), true
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return "", false
	}
	return s, true
}

// decodeErr says which value was not what the field needs, quoting at most
// 40 bytes of it.
func decodeErr(want string, data []byte) error {
	if len(data) > 40 {
		data = append(data[:37:37], "..."...)
	}
	return fmt.Errorf("cssm: %s is not %s", data, want)
}

// oneOrMany decodes a JSON value that is either one object or a list of
// them (CSSM-API.md: "data as an object or a list"); null is none.
func oneOrMany[T any](data []byte) ([]T, error) {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0 || string(data) == "null":
		return nil, nil
	case data[0] == '[':
		var list []T
		err := json.Unmarshal(data, &list)
		return list, err
	case data[0] == '{':
		var one T
		err := json.Unmarshal(data, &one)
		return []T{one}, err
	}
	return nil, decodeErr("an object or a list", data)
}
