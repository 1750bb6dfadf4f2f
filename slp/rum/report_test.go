package rum_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

const (
	sampleRUM   = "testdata/example-rum-1671840750.xml"
	sampleUsage = "testdata/usage-hand.xml"
)

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

func readUsage(t testing.TB, name string) usage {
	t.Helper()
	f, err := readAll(bytes.NewReader(readFile(t, name)), name)
	require.NoError(t, err)
	return f
}

// TestReadUsageFileSample checks every value of the real RUM sample, as read
// by hand from the file. Epoch seconds were converted by hand from
// 1672531200 = 2023-01-01T00:00:00Z: e.g. 1671880245 = that − 650955 s
// (7 d 12:49:15) = 2022-12-24T11:10:45Z.
func TestReadUsageFileSample(t *testing.T) {
	f := readUsage(t, sampleRUM)
	require.Len(t, f.Reports, 1)
	r := f.Reports[0]

	const product = "regid.2018-05.com.cisco.WLC_9500C,1.0_85665885-b865-4e32-8184-5510412fcb54"
	wlc := smartaccount.UDI{PID: "C9800-CL-K9", Serial: "9NTUEA8FIIH"}
	no := false
	want := rum.Payload{
		Version:         "2.0",
		ReportID:        1671840750,
		Asset:           product,
		Instance:        wlc,
		Signature:       rum.Signature{SigningType: "builtin", Key: product, Value: "EfQw4ng6N90vukN6Gd7GHad8MZClqheuuYlkLO3x334="},
		EntitlementTag:  "regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896",
		SoftwareVersion: "17.09.02",
		UtilityEnabled:  &no,
		HA:              []rum.Member{{Role: "Active", UDI: wlc}},
		Measurements: []rum.Measurement{
			{
				LogTime: utc(2022, 12, 24, 11, 10, 45), Metric: "ENTITLEMENT",
				Start: utc(2022, 12, 24, 11, 10, 45), End: utc(2022, 12, 25, 11, 10, 44), // + 86399 s
				SampleInterval: 86399, Samples: 97,
				Meta:      json.RawMessage(`{"removed_sudi_list":[],"added_sudi_list":[{"udi_pid":"AIR-AP2802I-E-K9","udi_serial_number":"FDW2109B29P"},{"udi_pid":"AIR-AP2802I-E-K9","udi_serial_number":"FDW2109B2BX"}]}`),
				ValueType: "COUNT", Value: "2",
			},
			{
				LogTime: utc(2022, 12, 25, 11, 10, 45), Metric: "ENTITLEMENT",
				Start: utc(2022, 12, 25, 11, 10, 44), End: utc(2022, 12, 29, 19, 10, 45), // + 374401 s = 4 d 08:00:01
				SampleInterval: 374401, Samples: 417,
				Meta:      json.RawMessage(`{"removed_sudi_list":[],"added_sudi_list":[{"udi_pid":"AIR-AP2802I-E-K9","udi_serial_number":"FDW2028D3SV"}]}`),
				ValueType: "COUNT", Value: "3",
			},
			{
				LogTime: utc(2022, 12, 29, 18, 25, 19), Metric: "ENTITLEMENT", // 1672338319: 2726 s before the start
				Start: utc(2022, 12, 29, 19, 10, 45), End: utc(2023, 1, 15, 13, 43, 32), // + 1449167 s = 16 d 18:32:47
				SampleInterval: 1449167, Samples: 1615,
				Meta:      json.RawMessage(`{"clock_change_delta":"-3433","termination_reason":"ProductReload","close_reason":"ProductReload"}`),
				ValueType: "COUNT", Value: "3",
			},
		},
	}
	if diff := cmp.Diff(want, r.Payload); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
	wantSig := rum.Signature{Device: &wlc, SigningType: "builtin", Key: product, Value: "Tq2qxHTui7/n675clT/uT0Ih1SjIysZbe5LjQ212nCg="}
	if diff := cmp.Diff(wantSig, r.Signature); diff != "" {
		t.Errorf("envelope signature (-want +got):\n%s", diff)
	}
	assert.Nil(t, r.Header, "the sample's envelope has no header")
	assert.Nil(t, f.SystemInfo)

	tag := want.EntitlementTag
	wantUsage := []rum.Usage{
		{Tag: tag, Device: wlc, Start: utc(2022, 12, 24, 11, 10, 45), End: utc(2022, 12, 25, 11, 10, 44), Count: 2},
		{Tag: tag, Device: wlc, Start: utc(2022, 12, 25, 11, 10, 44), End: utc(2022, 12, 29, 19, 10, 45), Count: 3},
		{Tag: tag, Device: wlc, Start: utc(2022, 12, 29, 19, 10, 45), End: utc(2023, 1, 15, 13, 43, 32), Count: 3},
	}
	if diff := cmp.Diff(wantUsage, r.Payload.Usage()); diff != "" {
		t.Errorf("usage (-want +got):\n%s", diff)
	}
}

// TestSampleBytesKept checks that the sample's signed payload is kept byte
// for byte, escaped and decoded, and that writing it reproduces the file.
func TestSampleBytesKept(t *testing.T) {
	file := readFile(t, sampleRUM)
	r := readUsage(t, sampleRUM).Reports[0]

	// The element is the whole file (which has no trailing newline).
	assert.Equal(t, file, r.Raw)

	// The escaped payload is the text between `"payload": "` and `",\n  "signature"`.
	start := bytes.Index(file, []byte(`"payload": "`)) + len(`"payload": "`)
	end := bytes.Index(file, []byte("\",\n  \"signature\""))
	require.Positive(t, start)
	require.Greater(t, end, start)
	assert.Equal(t, file[start:end], r.EscapedPayload)

	// Decoded, it starts and ends as the file spells it without backslashes.
	assert.True(t, bytes.HasPrefix(r.Signed, []byte(`{"version":"2.0","asset_identification":{"report_id":1671840750,`)), "%.80s", r.Signed)
	assert.True(t, bytes.HasSuffix(r.Signed, []byte(`"value":{"type":"COUNT","value":"3"}}]}`)), "%.80s", r.Signed[len(r.Signed)-80:])
	assert.Equal(t, len(r.EscapedPayload)-bytes.Count(r.EscapedPayload, []byte(`\"`)), len(r.Signed), "only \\\" escapes in the sample")

	// Read → write → read: every byte the device signed is unchanged.
	var out bytes.Buffer
	_, err := (&rum.UsageFile{Reports: []*rum.Report{r}}).WriteTo(&out)
	require.NoError(t, err)
	again, err := readAll(&out, "rewritten")
	require.NoError(t, err)
	require.Len(t, again.Reports, 1)
	assert.Equal(t, file, again.Reports[0].Raw)
	assert.Equal(t, r.EscapedPayload, again.Reports[0].EscapedPayload)
	assert.Equal(t, r.Signed, again.Reports[0].Signed)
}

// TestReadUsageFileHand reads a usage file written by hand: CRLF, an XML
// declaration and a comment, the older payload shape with a header, an
// envelope written as escaped text rather than CDATA, a payload holding
// "]]>", the system information and an unknown element.
func TestReadUsageFileHand(t *testing.T) {
	f := readUsage(t, sampleUsage)
	require.Len(t, f.Reports, 2)
	c9300 := smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}
	const product = "regid.2017-03.com.cisco.C9300,v1_a1b2c3d4-0000-4000-8000-000000000001"

	old := f.Reports[0]
	assert.Equal(t, &rum.Header{Type: "rum"}, old.Header)
	assert.Equal(t, rum.Signature{Device: &c9300, SigningType: "builtin", Key: product, Value: "ZW52ZWxvcGUtc2ln"}, old.Signature)
	wantOld := rum.Payload{
		ReportID:        1600000001, // from meta in the older shape
		Asset:           product,
		Instance:        c9300,
		Signature:       rum.Signature{SigningType: "builtin", Key: product, Value: "b2xkLXNoYXBlLXNpZw=="}, // inside asset_identification
		EntitlementTag:  "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18",
		SoftwareVersion: "17.3.1",
		Measurements: []rum.Measurement{
			{LogTime: utc(2020, 9, 14, 12, 26, 40), Metric: "ENTITLEMENT", Start: utc(2020, 9, 13, 12, 26, 40), End: utc(2020, 9, 14, 12, 26, 40),
				SampleInterval: 86400, Samples: 24, Meta: json.RawMessage(`{}`), ValueType: "COUNT", Value: "1"},
			{LogTime: utc(2020, 9, 14, 12, 26, 40), Metric: "TELEMETRY", Start: utc(2020, 9, 13, 12, 26, 40), End: utc(2020, 9, 14, 12, 26, 40),
				SampleInterval: 86400, Samples: 24, Meta: json.RawMessage(`{"name":"cpu <load> & \"peak\""}`), ValueType: "GAUGE", Value: "42"},
		},
	}
	if diff := cmp.Diff(wantOld, old.Payload); diff != "" {
		t.Errorf("older shape (-want +got):\n%s", diff)
	}
	assert.Equal(t, []rum.Usage{{Tag: wantOld.EntitlementTag, Device: c9300, Start: utc(2020, 9, 13, 12, 26, 40), End: utc(2020, 9, 14, 12, 26, 40), Count: 1}},
		old.Payload.Usage(), "TELEMETRY is not usage")

	v2 := f.Reports[1]
	assert.Nil(t, v2.Header)
	assert.Equal(t, "2.0", v2.Payload.Version)
	assert.Equal(t, uint64(1600000002), v2.Payload.ReportID)
	assert.Equal(t, "djItc2ln", v2.Payload.Signature.Value)
	assert.Equal(t, []rum.Member{{Role: "Active", UDI: c9300}, {Role: "Standby", UDI: smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RP"}}}, v2.Payload.HA)
	assert.Equal(t, json.RawMessage(`{"note":"x]]>y"}`), v2.Payload.Measurements[0].Meta)
	assert.True(t, bytes.HasPrefix(v2.Envelope, []byte(`{"payload":"{\"version\":\"2.0\",`)), "entities decoded: %.40s", v2.Envelope)

	assert.JSONEq(t, `{"hostname":"sw-core-1","udi":"PID:C9300-24UX,SN:FCW2134L0RN"}`, string(f.SystemInfo))
	assert.Equal(t, 1, f.skipped, "trustCodeRequest")

	// Written back and read again, the reports and system information are unchanged.
	var out bytes.Buffer
	_, err := f.WriteTo(&out)
	require.NoError(t, err)
	again, err := readAll(&out, "rewritten")
	require.NoError(t, err)
	require.Len(t, again.Reports, 2)
	for i := range f.Reports {
		assert.Equal(t, f.Reports[i].Raw, again.Reports[i].Raw)
		assert.Equal(t, f.Reports[i].Signed, again.Reports[i].Signed)
	}
	assert.Equal(t, f.SystemInfo, again.SystemInfo)
	assert.Zero(t, again.skipped)
}

// TestNewReport builds a report, checks the envelope it writes and reads it back.
func TestNewReport(t *testing.T) {
	signed := []byte(`{"version":"2.0","asset_identification":{"report_id":7,"asset":{"name":"regid.x"},"instance":{"sudi":{"udi_pid":"ISR4331/K9","udi_serial_number":"FDO1"}}},` +
		`"meta":{"entitlement_tag":"regid.2019-03.com.cisco.DNA_HSEC,1.0_509c41ab"},` +
		`"measurements":[{"log_time":0,"metric_name":"ENTITLEMENT","start_time":0,"end_time":60,"value":{"type":"COUNT","value":"5"}}],"note":"<&>]]>é"}`)
	dev := smartaccount.UDI{PID: "ISR4331/K9", Serial: "FDO1"}
	r, err := rum.NewReport(signed, &rum.Header{Type: "rum"}, rum.Signature{Device: &dev, SigningType: "builtin", Key: "k", Value: "v"})
	require.NoError(t, err)

	wantEnv := `{"payload":"{\"version\":\"2.0\",\"asset_identification\":{\"report_id\":7,\"asset\":{\"name\":\"regid.x\"},\"instance\":{\"sudi\":{\"udi_pid\":\"ISR4331/K9\",\"udi_serial_number\":\"FDO1\"}}},` +
		`\"meta\":{\"entitlement_tag\":\"regid.2019-03.com.cisco.DNA_HSEC,1.0_509c41ab\"},` +
		`\"measurements\":[{\"log_time\":0,\"metric_name\":\"ENTITLEMENT\",\"start_time\":0,\"end_time\":60,\"value\":{\"type\":\"COUNT\",\"value\":\"5\"}}],\"note\":\"<&>]]>é\"}",` +
		`"header":{"type":"rum"},"signature":{"sudi":{"udi_pid":"ISR4331/K9","udi_serial_number":"FDO1"},"signing_type":"builtin","key":"k","value":"v"}}`
	assert.Equal(t, wantEnv, string(r.Envelope))
	// "]]>" in the envelope splits the CDATA section.
	wantRaw := "<RUMReport><![CDATA[" + strings.Replace(wantEnv, "]]>", "]]]]><![CDATA[>", 1) + "]]></RUMReport>"
	assert.Equal(t, wantRaw, string(r.Raw))
	assert.Equal(t, signed, r.Signed)
	assert.Equal(t, int64(5), r.Payload.Usage()[0].Count)

	got, err := readAll(bytes.NewReader(r.Raw), "")
	require.NoError(t, err)
	assert.Equal(t, signed, got.Reports[0].Signed)
	assert.Equal(t, []byte(wantEnv), got.Reports[0].Envelope)

	_, err = rum.NewReport([]byte("{\"x\":\"\xff\"}"), nil, rum.Signature{})
	assert.ErrorContains(t, err, "not valid UTF-8")
}

// TestParsePayloadErrors checks that bad payloads are refused with an error
// naming the field.
func TestParsePayloadErrors(t *testing.T) {
	const head = `{"version":"2.0","asset_identification":{"report_id":1,"asset":{"name":"a"},"instance":{"sudi":{"udi_pid":"P","udi_serial_number":"S"}}},"meta":{"entitlement_tag":"t"},"measurements":[`
	m := func(s string) string { return head + s + `]}` }
	tests := []struct {
		name, in, field, msg string
	}{
		{"not JSON", `{"version":`, "payload.version", "invalid JSON at byte 11: expected a string"},
		{"array", `[1]`, "payload", "invalid JSON at byte 0: expected an object"},
		{"text after", `{} {}`, "payload", "text after the JSON value"},
		{"asset a string", `{"asset_identification":{"asset":"x"}}`, "payload.asset_identification.asset", "expected an object"},
		{"bad HA member", `{"meta":{"ha_udi":[{"role":1}]}}`, "payload.meta.ha_udi[0].role", "expected a string"},
		{"time missing", m(`{"log_time":1,"metric_name":"TELEMETRY","end_time":2,"value":{"type":"X","value":1}}`), "payload.measurements[0].start_time", "is missing"},
		{"no asset identification", `{"meta":{"entitlement_tag":"t"}}`, "payload.asset_identification", "is missing"},
		{"no report id", `{"asset_identification":{"instance":{"sudi":{"udi_pid":"P","udi_serial_number":"S"}}},"meta":{"entitlement_tag":"t"}}`, "payload.asset_identification.report_id", "is missing"},
		{"negative report id", `{"asset_identification":{"report_id":-1,"instance":{"sudi":{"udi_pid":"P","udi_serial_number":"S"}}},"meta":{"entitlement_tag":"t"}}`, "payload.asset_identification.report_id", "not a report number"},
		{"no serial", `{"asset_identification":{"report_id":1,"instance":{"sudi":{"udi_pid":"P"}}},"meta":{"entitlement_tag":"t"}}`, "payload.asset_identification.instance.sudi", "udi_serial_number"},
		{"no tag", `{"asset_identification":{"report_id":1,"instance":{"sudi":{"udi_pid":"P","udi_serial_number":"S"}}},"meta":{}}`, "payload.meta.entitlement_tag", "is missing"},
		{"count not a string of digits", m(`{"log_time":1,"metric_name":"ENTITLEMENT","start_time":1,"end_time":2,"value":{"type":"COUNT","value":"3.5"}}`), "payload.measurements[0].value.value", "not a non-negative integer count"},
		{"negative count", m(`{"log_time":1,"metric_name":"ENTITLEMENT","start_time":1,"end_time":2,"value":{"type":"COUNT","value":"-1"}}`), "payload.measurements[0].value.value", "not a non-negative integer count"},
		{"entitlement not a count", m(`{"log_time":1,"metric_name":"ENTITLEMENT","start_time":1,"end_time":2,"value":{"type":"GAUGE","value":"1"}}`), "payload.measurements[0].value.type", "must be a COUNT"},
		{"value missing", m(`{"log_time":1,"metric_name":"TELEMETRY","start_time":1,"end_time":2,"value":{"type":"X"}}`), "payload.measurements[0].value.value", "is missing"},
		{"value an object", m(`{"log_time":1,"metric_name":"TELEMETRY","start_time":1,"end_time":2,"value":{"type":"X","value":{}}}`), "payload.measurements[0].value.value", "object or array"},
		{"fractional time", m(`{"log_time":1.5,"metric_name":"TELEMETRY","start_time":1,"end_time":2,"value":{"type":"X","value":1}}`), "payload.measurements[0].log_time", "epoch seconds"},
		{"time after 9999", m(`{"log_time":1,"metric_name":"TELEMETRY","start_time":1,"end_time":253402300800,"value":{"type":"X","value":1}}`), "payload.measurements[0].end_time", "epoch seconds"},
		// encoding/json would keep the second value: a tag or a count given twice is refused.
		{"tag twice", `{"asset_identification":{"report_id":1,"instance":{"sudi":{"udi_pid":"P","udi_serial_number":"S"}}},"meta":{"entitlement_tag":"a","entitlement_tag":"b"}}`, "payload.meta", `key "entitlement_tag" appears twice`},
		{"count twice", m(`{"log_time":1,"metric_name":"ENTITLEMENT","start_time":1,"end_time":2,"value":{"type":"COUNT","value":"1","value":"900"}}`), "payload.measurements[0].value", `key "value" appears twice`},
		{"report id twice", `{"asset_identification":{"report_id":1,"report_id":2}}`, "payload.asset_identification", `key "report_id" appears twice`},
		{"negative samples", m(`{"log_time":1,"metric_name":"TELEMETRY","start_time":1,"end_time":2,"num_samples":-3,"value":{"type":"X","value":1}}`), "payload.measurements[0].num_samples", "non-negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rum.ParsePayload([]byte(tt.in))
			var pe *smartaccount.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.field, pe.Field)
			assert.ErrorContains(t, err, tt.msg)
		})
	}
}

func TestMeasurementCount(t *testing.T) {
	tests := []struct {
		name string
		m    rum.Measurement
		want int64
		err  string
	}{
		{"entitlement", rum.Measurement{Metric: "ENTITLEMENT", ValueType: "COUNT", Value: "12"}, 12, ""},
		{"zero", rum.Measurement{Metric: "ENTITLEMENT", ValueType: "COUNT", Value: "0"}, 0, ""},
		{"telemetry", rum.Measurement{Metric: "TELEMETRY", ValueType: "COUNT", Value: "12"}, 0, "holds no license count"},
		{"plus sign", rum.Measurement{Metric: "ENTITLEMENT", ValueType: "COUNT", Value: "+1"}, 0, "not a non-negative integer"},
		{"empty", rum.Measurement{Metric: "ENTITLEMENT", ValueType: "COUNT"}, 0, "not a non-negative integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.m.Count()
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

var _ = cmpopts.EquateEmpty
var _ = errors.New

// TestParsePayloadVariants reads spellings devices and hand-made files use:
// numbers as strings, nulls, unknown keys, escapes.
func TestParsePayloadVariants(t *testing.T) {
	in := `{"version":null,"extra":{"deep":[1,2.5e3,{"x":[true,false,null]}]},` +
		`"asset_identification":{"report_id":"42","asset":{"name":"caf\u00e9 \ud83d\ude00 \ud800x"},"instance":{"sudi":{"udi_pid":"C9300","udi_serial_number":"S\/N1","vid":"V01"}},"signature":null},` +
		"\"\\u006deta\":{\"entitlement_tag\":\"T\\\"1\",\"utility_enabled\":true,\"ha_udi\":null},\"signature\":{\"signing_type\":\"builtin\",\"key\":\"k\",\"value\":\"v\",\"sudi\":null}," +
		`"measurements":[{"log_time":"1600000000","metric_name":"ENTITLEMENT","start_time":1600000000,"end_time":1600000060,"sample_interval":null,"num_samples":"4","meta":null,"value":{"type":"COUNT","value":"0"}},` +
		`{"log_time":1,"metric_name":"TELEMETRY","start_time":1,"end_time":2,"value":{"type":"BOOL","value":true}}]}`
	p, err := rum.ParsePayload([]byte(in))
	require.NoError(t, err)
	yes := true
	want := rum.Payload{
		ReportID:       42,
		Asset:          "café 😀 \uFFFDx", // a lone surrogate decodes to U+FFFD, as in encoding/json
		Instance:       smartaccount.UDI{PID: "C9300", Serial: "S/N1"},
		Signature:      rum.Signature{SigningType: "builtin", Key: "k", Value: "v"},
		EntitlementTag: `T"1`, // from "\u006deta": an escaped key
		UtilityEnabled: &yes,
		Measurements: []rum.Measurement{
			{LogTime: utc(2020, 9, 13, 12, 26, 40), Metric: "ENTITLEMENT", Start: utc(2020, 9, 13, 12, 26, 40), End: utc(2020, 9, 13, 12, 27, 40),
				Samples: 4, ValueType: "COUNT", Value: "0"},
			{LogTime: utc(1970, 1, 1, 0, 0, 1), Metric: "TELEMETRY", Start: utc(1970, 1, 1, 0, 0, 1), End: utc(1970, 1, 1, 0, 0, 2), ValueType: "BOOL", Value: "true"},
		},
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
}

// TestSignedKeepsInvalidUTF8 checks that bytes which are not UTF-8 reach
// Signed unchanged (encoding/json would replace them).
func TestSignedKeepsInvalidUTF8(t *testing.T) {
	payload := "{\"asset_identification\":{\"report_id\":1,\"instance\":{\"sudi\":{\"udi_pid\":\"P\",\"udi_serial_number\":\"S\"}}},\"meta\":{\"entitlement_tag\":\"T\xff\"}}"
	env := `{"payload":"` + strings.ReplaceAll(payload, `"`, `\"`) + `"}`
	f, err := readAll(strings.NewReader("<RUMReport><![CDATA["+env+"]]></RUMReport>"), "")
	require.NoError(t, err)
	assert.Equal(t, []byte(payload), f.Reports[0].Signed)
}

// TestSkippedValuesMayRepeatKeys: only the objects the reader reads refuse
// a repeated key; a value it keeps as written (a measurement's meta) is any
// JSON, as the device wrote it.
func TestSkippedValuesMayRepeatKeys(t *testing.T) {
	p, err := rum.ParsePayload([]byte(`{"asset_identification":{"report_id":1,"instance":{"sudi":{"udi_pid":"P","udi_serial_number":"S"}}},"meta":{"entitlement_tag":"T"},` +
		`"measurements":[{"log_time":1,"metric_name":"TELEMETRY","start_time":1,"end_time":2,"meta":{"x":1,"x":2},"value":{"type":"GAUGE","value":3}}],"extra":{"k":1,"k":1}}`))
	require.NoError(t, err)
	assert.Equal(t, json.RawMessage(`{"x":1,"x":2}`), p.Measurements[0].Meta)
}
