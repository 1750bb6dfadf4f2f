package jsonnum

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecimal(t *testing.T) {
	for in, want := range map[string]string{"37.40": "37.4", "-0.04": "-0.04", "1.5e3": "1500", "1E2": "100", "+3": "3", ".5": "0.5"} {
		d, err := Decimal(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, d.String(), in)
	}
	for in, want := range map[string]string{
		"1e1000000000": `"1e1000000000" has an exponent outside ±64`,
		"1e-65":        `"1e-65" has an exponent outside ±64`,
		"abc":          `"abc" is not a decimal number`,
		"":             `"" is not a decimal number`,
		"1.2.3":        `"1.2.3" is not a decimal number`,
		"1ex":          `"1ex" has a malformed exponent`,
		"0x10":         `"0x10" is not a decimal number`,
		"12345678901234567890123456789012345678901234567890123456789012345": `"12345678901234567890"… is 65 characters long, more than 64`,
	} {
		_, err := Decimal(in)
		require.Error(t, err, in)
		assert.Equal(t, want, err.Error(), in)
	}
}

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
