package cssm_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/cssm"
)

func TestBool(t *testing.T) {
	tests := []struct {
		in      string
		want    cssm.Bool
		wantErr bool
	}{
		{`true`, true, false}, {`false`, false, false}, {`null`, false, false},
		{`"true"`, true, false}, {`"false"`, false, false}, {`"yes"`, true, false}, {`"Yes"`, true, false},
		{`"no"`, false, false}, {`"Y"`, true, false}, {`"n"`, false, false}, {`"1"`, true, false}, {`"0"`, false, false},
		{`""`, false, false}, {`"None"`, false, false}, {`" TRUE "`, true, false},
		{`"maybe"`, false, true}, {`1`, false, true}, {`{}`, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			b := cssm.Bool(!tt.want) // decoding overwrites
			err := json.Unmarshal([]byte(tt.in), &b)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, b)
		})
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{`"2022-07-11"`, time.Date(2022, 7, 11, 0, 0, 0, 0, time.UTC), ""},
		{`"2022-07-11T14:33:41Z"`, time.Date(2022, 7, 11, 14, 33, 41, 0, time.UTC), ""},
		// An offset is converted to UTC: 16:33:41+02:00 is 14:33:41Z.
		{`"2022-07-11T16:33:41+02:00"`, time.Date(2022, 7, 11, 14, 33, 41, 0, time.UTC), ""},
		{`"2022-07-11T14:33:41.250Z"`, time.Date(2022, 7, 11, 14, 33, 41, 250_000_000, time.UTC), ""},
		{`null`, time.Time{}, ""}, {`""`, time.Time{}, ""}, {`"None"`, time.Time{}, ""},
		{`"2022-13-01"`, time.Time{}, `"2022-13-01" is not a date`},
		{`"11/07/2022"`, time.Time{}, "is not a date"},
		{`1656610485678`, time.Time{}, "1656610485678 is not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var d cssm.Date
			err := json.Unmarshal([]byte(tt.in), &d)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(d.Time), "got %v", d.Time)
		})
	}
	// Marshal: a civil date as YYYY-MM-DD, an instant as RFC 3339, zero as null.
	for _, tt := range []struct {
		d    cssm.Date
		want string
	}{
		{cssm.Date{Time: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}, `"2024-01-02"`},
		{cssm.Date{Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}, `"2024-01-02T03:04:05Z"`},
		{cssm.Date{}, `null`},
	} {
		b, err := json.Marshal(tt.d)
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(b))
	}
}

func TestString(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`"abc"`, "abc"}, {`null`, ""}, {`"None"`, ""}, {`"none"`, "none"}, {`""`, ""},
		{`123456`, "123456"}, {`-1.5`, "-1.5"}, {`"a\u0026b"`, "a&b"},
	} {
		var s cssm.String
		require.NoError(t, json.Unmarshal([]byte(tt.in), &s), tt.in)
		assert.Equal(t, cssm.String(tt.want), s, tt.in)
	}
	var s cssm.String
	assert.Error(t, json.Unmarshal([]byte(`true`), &s))
}

func TestInt64(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		// 773126444402795033 > 2^53: through a float64 it would be
		// 773126444402795008.
		{`773126444402795033`, 773126444402795033, false},
		{`"123456"`, 123456, false}, {`" 42 "`, 42, false}, {`-7`, -7, false},
		{`null`, 0, false}, {`""`, 0, false}, {`"None"`, 0, false},
		{`9223372036854775807`, 9223372036854775807, false},
		{`9223372036854775808`, 0, true}, {`1.5`, 0, true}, {`1e3`, 0, true}, {`"x"`, 0, true}, {`true`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var n cssm.Int64
			err := json.Unmarshal([]byte(tt.in), &n)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, cssm.Int64(tt.want), n)
		})
	}
}

func TestPollDataObjectOrList(t *testing.T) {
	tests := []struct {
		name, in string
		auths    int
		acks     int
	}{
		{"object", `{"authorizations":[{"status":"SUCCESS"}]}`, 1, 0},
		{"list of objects", `[{"authorizations":[{"status":"SUCCESS"}]},{"acknowledgements":[{"smart_license":"x"},{}]}]`, 1, 2},
		{"null", `null`, 0, 0},
		{"empty list", `[]`, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d cssm.PollData
			require.NoError(t, json.Unmarshal([]byte(tt.in), &d))
			assert.Len(t, d.Authorizations, tt.auths)
			assert.Len(t, d.Acknowledgements, tt.acks)
		})
	}
	var d cssm.PollData
	assert.ErrorContains(t, json.Unmarshal([]byte(`"text"`), &d), "is not an object or a list")
}

func TestSUDIBothCasings(t *testing.T) {
	var camel, snake cssm.SUDI
	require.NoError(t, json.Unmarshal([]byte(`{"udiPid":"C8000V","udiSerialNumber":"X1","macAddress":null,"suvi":"s","uuid":"u","hostIdentifier":"h","udiVid":"V01"}`), &camel))
	require.NoError(t, json.Unmarshal([]byte(`{"udi_pid":"C8000V","udi_serial_number":"X1","mac_address":null,"suvi":"s","uuid":"u","host_identifier":"h","udi_vid":"V01"}`), &snake))
	want := cssm.SUDI{UDIPID: "C8000V", UDISerialNumber: "X1", SUVI: "s", UUID: "u", HostIdentifier: "h", UDIVID: "V01"}
	assert.Equal(t, want, camel)
	assert.Equal(t, want, snake)
	b, _ := json.Marshal(want)
	assert.JSONEq(t, `{"udiPid":"C8000V","udiSerialNumber":"X1","udiVid":"V01","suvi":"s","uuid":"u","hostIdentifier":"h"}`, string(b))
	b, _ = json.Marshal(cssm.SnakeSUDI(want))
	assert.JSONEq(t, `{"udi_pid":"C8000V","udi_serial_number":"X1","udi_vid":"V01","suvi":"s","uuid":"u","host_identifier":"h"}`, string(b))
}
