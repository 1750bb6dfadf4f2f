// Package jsonnum turns untrusted decimal text and JSON decoding errors into
// values and messages fit for the SDK's users: decimals are parsed only after
// their exponent and length are bounded, and errors name line and column.
package jsonnum

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// MaxDigits bounds the length of a decimal's text; MaxExponent bounds its
// exponent. Money and rates never come near either; a value that does is an
// attack or a mistake, and parsing it would cost time and memory.
const (
	MaxDigits   = 64
	MaxExponent = 64
)

// Decimal parses s ("123.45", "-0.04", "1.5e3") into a decimal after
// checking its length and exponent, so that text such as "1e1000000000" is
// refused at once instead of being expanded.
func Decimal(s string) (decimal.Decimal, error) {
	if len(s) > MaxDigits {
		return decimal.Decimal{}, fmt.Errorf("%.20q… is %d characters long, more than %d", s, len(s), MaxDigits)
	}
	mant, exp, hasExp := strings.Cut(s, "e")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(s, "E")
	}
	if mant == "" || !validMantissa(mant) {
		return decimal.Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	if hasExp {
		e, err := strconv.Atoi(exp)
		if err != nil {
			return decimal.Decimal{}, fmt.Errorf("%q has a malformed exponent", s)
		}
		if e > MaxExponent || e < -MaxExponent {
			return decimal.Decimal{}, fmt.Errorf("%q has an exponent outside ±%d", s, MaxExponent)
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return d, nil
}

// validMantissa accepts an optional sign, digits and at most one point, with
// at least one digit.
func validMantissa(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	digits, points := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
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
func Position(data []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < offset && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// Text is the text of a decimal in a JSON document, written as a string
// ("0.04") and read from a string or a bare JSON number, never through a
// float. Parse it with Decimal.
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
