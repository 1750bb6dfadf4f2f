package jsonnum

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTextAcceptsStringsAndNumbers(t *testing.T) {
	var v struct{ A, B Text }
	require.NoError(t, json.Unmarshal([]byte(`{"A":"0.04","B":0.08}`), &v))
	assert.Equal(t, Text("0.04"), v.A)
	assert.Equal(t, Text("0.08"), v.B)
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"0.04","B":"0.08"}`, string(out))
	assert.Error(t, json.Unmarshal([]byte(`{"A":true}`), &v))
}

func TestDescribe(t *testing.T) {
	data := []byte("{\n  \"a\": 1,\n  \"b\": x\n}")
	err := json.Unmarshal(data, new(any))
	assert.EqualError(t, Describe(data, err), "line 3, column 8: invalid character 'x' looking for beginning of value")

	var v struct {
		N int `json:"n"`
	}
	data = []byte("{\n\"n\": \"seven\"}")
	err = json.Unmarshal(data, &v)
	assert.Contains(t, Describe(data, err).Error(), "line 2")
	assert.Contains(t, Describe(data, err).Error(), "n: string is not a int")
}

func TestLocate(t *testing.T) {
	doc := []byte(`{
  "term_years": 5,
  "lines": [
    {"sku": "A", "quantity": 1},
    {"sku": "B",
     "quantity": -5}
  ],
  "licenses": {"C9300 [Adv]": 12, "x": {"y": [0, 1, {"z": true}]}}
}`)
	tests := []struct {
		path      string
		line, col int
		ok        bool
	}{
		{"term_years", 2, 17, true},
		{"lines", 3, 12, true},
		{"lines[0]", 4, 5, true},
		{"lines[1].quantity", 6, 18, true},
		{"lines[0].sku", 4, 13, true},
		{`licenses["C9300 [Adv]"]`, 8, 31, true},
		{`licenses.x.y[2].z`, 8, 59, true},
		{"lines[2]", 0, 0, false},
		{"missing", 0, 0, false},
		{"term_years.x", 0, 0, false},
		{"lines[x]", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		line, col, ok := Locate(doc, tt.path)
		assert.Equal(t, tt.ok, ok, tt.path)
		assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{line, col}, tt.path)
	}
}

func TestFieldError(t *testing.T) {
	err := &FieldError{Field: "lines[1].quantity", Err: errors.New("-5 is negative")}
	assert.EqualError(t, err, "lines[1].quantity: -5 is negative")
	var fe *FieldError
	assert.True(t, errors.As(fmt.Errorf("wrapped: %w", err), &fe))
	assert.Equal(t, "-5 is negative", errors.Unwrap(err).Error())
}

func FuzzLocate(f *testing.F) {
	f.Add([]byte(`{"lines":[{"quantity":-5}],"licenses":{"a b":1}}`), "lines[0].quantity")
	f.Add([]byte(`{"licenses":{"a b":1}}`), `licenses["a b"]`)
	f.Add([]byte(`[1,2`), "[1]")
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		line, col, ok := Locate(data, path)
		if ok && (line < 1 || col < 1) {
			t.Fatalf("Locate(%q, %q) = %d, %d", data, path, line, col)
		}
	})
}
