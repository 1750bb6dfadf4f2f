package jsonnum

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckDuplicateKeys(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // "" for no error
	}{
		{"none", `{"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}`, ""},
		{"top level", "{\"term_years\": 5,\n \"term_years\": 3}",
			"line 2, column 2: term_years is given twice in one object (first at line 1, column 2)"},
		{"in a line", "{\"lines\": [{\"sku\": \"A\"},\n  {\"sku\": \"B\", \"quantity\": 1, \"quantity\": 2}]}",
			"line 2, column 31: lines[1].quantity is given twice in one object (first at line 2, column 16)"},
		{"map key with spaces", `{"acquisitions": [{"licenses": {"DNA Adv": 1, "DNA Adv": 2}}]}`,
			`line 1, column 47: acquisitions[0].licenses["DNA Adv"] is given twice in one object (first at line 1, column 33)`},
		{"escaped the same", `{"a": 1, "\u0061": 2}`,
			"line 1, column 10: a is given twice in one object (first at line 1, column 2)"},
		{"case differs", `{"licenses": {"A": 1, "a": 2}}`, ""},
		{"nested arrays", `[[{"x": 1}], [{"x": 1, "y": 2, "x": 3}]]`,
			"line 1, column 32: [1][0].x is given twice in one object (first at line 1, column 16)"},
		{"empty key", `{"": 1, "": 2}`,
			`line 1, column 9: [""] is given twice in one object (first at line 1, column 2)`},
		{"invalid JSON", `{"a": 1, "a": }`, ""},
		{"invalid after", `{"a": 1, "b": 2} x`, ""},
		{"scalar", `"text"`, ""},
		{"empty", ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDuplicateKeys([]byte(tt.doc))
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			var dup *DuplicateKeyError
			require.ErrorAs(t, err, &dup)
			// Locate finds the first occurrence's value by the path the
			// error names (on the key's line in these documents).
			line, _, ok := Locate([]byte(tt.doc), dup.Key)
			require.True(t, ok, dup.Key)
			assert.Equal(t, dup.FirstLine, line)
		})
	}
}

// FuzzCheckDuplicateKeys: on any valid JSON document, the check finds a
// duplicate exactly when decoding into maps loses a key, and a duplicate it
// reports names the same key at both positions.
func FuzzCheckDuplicateKeys(f *testing.F) {
	for _, seed := range []string{`{"a":1,"a":2}`, `{"a":{"b":[1,{"c":1,"c":2}]}}`, `{"\u0061":1,"a":2}`, `[{"x":1},{"x":1}]`, `{"a":1}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := CheckDuplicateKeys(data)
		if !json.Valid(data) {
			if err != nil {
				t.Fatalf("invalid JSON %q gave %v", data, err)
			}
			return
		}
		var v any
		if json.Unmarshal(data, &v) != nil {
			return // valid but too deep to decode
		}
		keys := countKeyTokens(t, data)
		lost := keys != countMapKeys(v)
		if lost != (err != nil) {
			t.Fatalf("%q: %d keys, %d after decoding, error %v", data, keys, countMapKeys(v), err)
		}
		if err != nil {
			dup := err.(*DuplicateKeyError)
			if keyAt(t, data, dup.Line, dup.Column) != keyAt(t, data, dup.FirstLine, dup.FirstColumn) {
				t.Fatalf("%q: the positions of %v hold different keys", data, err)
			}
		}
	})
}

// countKeyTokens counts the keys of every object of a valid document.
func countKeyTokens(t *testing.T, data []byte) int {
	var count func(dec *json.Decoder) int
	count = func(dec *json.Decoder) int {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				if _, err := dec.Token(); err != nil {
					t.Fatal(err)
				}
				n += 1 + count(dec)
			}
			dec.Token()
		case json.Delim('['):
			for dec.More() {
				n += count(dec)
			}
			dec.Token()
		}
		return n
	}
	return count(json.NewDecoder(bytes.NewReader(data)))
}

func countMapKeys(v any) int {
	switch v := v.(type) {
	case map[string]any:
		n := len(v)
		for _, x := range v {
			n += countMapKeys(x)
		}
		return n
	case []any:
		n := 0
		for _, x := range v {
			n += countMapKeys(x)
		}
		return n
	}
	return 0
}

func keyAt(t *testing.T, data []byte, line, col int) string {
	off := 0
	for l := 1; l < line; l++ {
		off += bytes.IndexByte(data[off:], '\n') + 1
	}
	off += col - 1
	var k string
	dec := json.NewDecoder(bytes.NewReader(data[off:]))
	tok, err := dec.Token()
	if err != nil {
		t.Fatalf("no key at line %d, column %d: %v", line, col, err)
	}
	k, _ = tok.(string)
	return k
}
