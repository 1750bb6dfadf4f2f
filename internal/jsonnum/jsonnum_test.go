package jsonnum

import (
	"encoding/json"
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
