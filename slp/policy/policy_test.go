package policy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultPolicy(t *testing.T) {
	p := Default()
	// METHOD.md §6: perpetual 365/0/90, subscription 90/90/90, enforced and export 0/0/0.
	want := map[Group][3]int{
		UnenforcedPerpetual: {365, 0, 90}, UnenforcedSubscription: {90, 90, 90}, Enforced: {0, 0, 0}, Export: {0, 0, 0},
	}
	for g, w := range want {
		a := p.Group(g)
		assert.Equal(t, w, [3]int{a.FirstReport.Days, a.ReportingFrequency.Days, a.ReportOnChange.Days}, g.String())
		assert.Equal(t, CiscoDefault, a.ReportingFrequency.Source)
	}
	assert.True(t, p.ACKRequired.Value)
}

func TestParsePolicy(t *testing.T) {
	p, err := Parse([]byte(`{"name":"Bank","ack_required":false,
		"unenforced-subscription":{"reporting_frequency_days":30},
		"export":{"first_report_days":{"days":7,"source":"cisco-default"}}}`))
	require.NoError(t, err)
	assert.Equal(t, "Bank", p.Name)
	assert.Equal(t, Flag{Value: false, Source: Customer}, p.ACKRequired)
	sub := p.Group(UnenforcedSubscription)
	assert.Equal(t, Days{Days: 30, Source: Customer}, sub.ReportingFrequency, "a plain number is customer policy")
	assert.Equal(t, Days{Days: 90, Source: CiscoDefault}, sub.FirstReport, "an absent key keeps the default")
	assert.Equal(t, Days{Days: 7, Source: CiscoDefault}, p.Group(Export).FirstReport, "an object keeps its source")

	for doc, want := range map[string]string{
		`{"enforced":{"first_report_days":4000}}`:           "enforced.first_report_days: 4000 is outside 0..3650",
		`{"enforced":{"first_report_days":-1}}`:             "enforced.first_report_days: -1 is outside 0..3650",
		`{"enforced":{"first_report_days":"soon"}}`:         `enforced.first_report_days: "soon" is not a whole number of days`,
		`{"export":{"report_on_change_days":{"days":"x"}}}`: `export.report_on_change_days: {"days":"x"} is not {"days": N, "source": …}`,
		`{"ack_required":"yes"}`:                            `ack_required: "yes" is not true or false`,
		`{"ack_required":{"value":1}}`:                      `ack_required: {"value":1} is not {"value": true|false, "source": …}`,
		`[]`:                                                "the document must be a JSON object",
		"{\n\"name\": }":                                    "line 2, column 9: invalid character '}' looking for beginning of value",
		"{\"export\":{\"first_report_days\":5,\n \"first_report_days\":50}}": "line 2, column 2: export.first_report_days is given twice in one object (first at line 1, column 12)",
	} {
		_, err := Parse([]byte(doc))
		require.Error(t, err, doc)
		assert.Equal(t, want, err.Error(), doc)
	}
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	p := Default()
	p.Name = "Mixed"
	p.Groups[Enforced].ReportingFrequency = Days{Days: 30, Source: Customer}
	p.Groups[Export].ReportOnChange = Days{Days: 5} // unknown source, as a capture without "(…)" gives
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"reporting_frequency_days":{"days":30,"source":"customer-policy"}`)
	assert.Contains(t, string(b), `"first_report_days":{"days":365,"source":"cisco-default"}`)
	var back Policy
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p, back)
}

func TestParseGroup(t *testing.T) {
	g, err := ParseGroup("Unenforced_Subscription")
	require.NoError(t, err)
	assert.Equal(t, UnenforcedSubscription, g)
	_, err = ParseGroup("metered")
	assert.EqualError(t, err, `unknown attribute group "metered" (accepted: unenforced-perpetual, unenforced-subscription, enforced, export)`)
}

func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(`{"name":"Bank","ack_required":false,"unenforced-subscription":{"reporting_frequency_days":30}}`))
	b, _ := json.Marshal(Default())
	f.Add(b)
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			return
		}
		// A policy it accepts writes out and reads back unchanged.
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(out)
		if err != nil || back != p {
			t.Fatalf("%s → %s → %+v, %v", data, out, back, err)
		}
	})
}

func TestStrictest(t *testing.T) {
	def := Default()
	perpFirst := Default()
	perpFirst.Groups[UnenforcedPerpetual].ReportingFrequency.Days = 30
	tests := []struct {
		name   string
		policy Policy
		groups []Group
		want   Group
	}{
		{"subscription reports periodically, perpetual does not", def, []Group{UnenforcedPerpetual, UnenforcedSubscription}, UnenforcedSubscription},
		{"subscription's 90-day frequency beats enforced's none", def, []Group{Enforced, UnenforcedSubscription}, UnenforcedSubscription},
		{"no frequency: enforced's first report 0 beats perpetual's 365", def, []Group{UnenforcedPerpetual, Enforced}, Enforced},
		{"a tie goes to the first in Groups order", def, []Group{Export, Enforced}, Enforced},
		{"a customer policy can make perpetual the strictest", perpFirst, []Group{UnenforcedSubscription, UnenforcedPerpetual}, UnenforcedPerpetual},
		{"one group", def, []Group{Export}, Export},
		{"no group", def, nil, UnenforcedSubscription},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.policy.Strictest(tt.groups))
		})
	}
}
