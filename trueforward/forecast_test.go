package trueforward

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

const forecastDoc = `{"organic_growth_rate": "0.05",
 "projects": [{"name": "Branch refresh", "license": "DNA Advantage", "quantity": 30, "date": "2027-03-01"}],
 "acquisitions": [{"name": "Acme", "licenses": {"DNA Advantage": 12, "HSEC": 2}, "date": "2028-06-15"}]}`

// equalForecasts compares forecasts by value, decimals by Equal.
var equalForecasts = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmpopts.EquateEmpty(),
}

func TestConsumption(t *testing.T) {
	f, err := ParseForecast([]byte(forecastDoc))
	require.NoError(t, err)
	f.Projects = append(f.Projects, Project{Name: "Done already", License: "DNA Advantage", Quantity: 500, Date: day(2026, 10, 31)})
	asOf := day(2026, 11, 1)
	tests := []struct {
		name      string
		license   string
		milestone time.Time
		want      int64
	}{
		// 1000 + floor(1000 × 0.05) = 1050; the project is dated after the milestone.
		{"one year", "DNA Advantage", day(2027, 11, 1), 1050 + 30},
		{"just before the first anniversary", "DNA Advantage", day(2027, 10, 31), 1000 + 30},
		{"before the project", "DNA Advantage", day(2027, 2, 28), 1000},
		{"on the project's date", "DNA Advantage", day(2027, 3, 1), 1000 + 30},
		// 1000 × (1.05² − 1) = 102.5 → 102; project 30; acquisition 12 (dated 2028-06-15).
		{"two years", "DNA Advantage", day(2028, 11, 1), 1000 + 102 + 30 + 12},
		{"other license gets only its acquisition", "HSEC", day(2028, 11, 1), 1000 + 102 + 2},
		// The 500-unit project dated 2026-10-31, before as_of, is in the 1000 already.
		{"as of today", "DNA Advantage", asOf, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, f.Consumption(tt.license, 1000, asOf, tt.milestone))
		})
	}
}

func TestConsumptionShrinksAndSaturates(t *testing.T) {
	asOf := day(2026, 11, 1)
	shrink := &Forecast{OrganicGrowthRate: decimal.RequireFromString("-0.5")}
	// 1001 × (0.5² − 1) = −750.75, floored to −751: 1001 − 751 = 250.
	assert.Equal(t, int64(250), shrink.Consumption("L", 1001, asOf, day(2028, 11, 1)))
	boom := &Forecast{OrganicGrowthRate: decimal.RequireFromString("1e10")}
	assert.Equal(t, int64(MaxQuantity), boom.Consumption("L", 1000, asOf, day(2036, 11, 1)), "forecast consumption stops at MaxQuantity")
}

func TestFirstYearGrowth(t *testing.T) {
	f := &Forecast{
		OrganicGrowthRate: decimal.RequireFromString("0.04"),
		Projects: []Project{
			{License: "L", Quantity: 600, Date: day(2027, 3, 15)},
			{License: "L", Quantity: 350, Date: day(2028, 1, 1)}, // start + 1 year: outside [as_of, start + 1 year)
			{License: "L", Quantity: 70, Date: day(2026, 11, 1)}, // on as_of: counted
			{License: "L", Quantity: 9, Date: day(2026, 10, 1)},  // before as_of: in N already
			{License: "M", Quantity: 5, Date: day(2027, 5, 1)},
		},
		Acquisitions: []Acquisition{{Licenses: map[string]int64{"L": 420, "M": 1}, Date: day(2027, 9, 1)}},
	}
	// floor(30,000 × 0.04) = 1,200; + 600 + 70 + 420 = 2,290.
	assert.Equal(t, int64(2290), f.FirstYearGrowth("L", 30000, day(2026, 11, 1), day(2027, 1, 1)))
	// floor(99 × 0.04) = floor(3.96) = 3; + 5 + 1.
	assert.Equal(t, int64(9), f.FirstYearGrowth("M", 99, day(2026, 11, 1), day(2027, 1, 1)))
}

func TestParseForecastRefs(t *testing.T) {
	tests := []struct {
		name                   string
		doc                    string
		projects, acquisitions []int
	}{
		{"one line each", forecastDoc, []int{2}, []int{3}},
		{
			"indented, CRLF",
			"{\r\n  \"projects\": [\r\n    {\"license\": \"A\", \"quantity\": 1, \"date\": \"2027-01-01\"},\r\n\r\n    {\r\n" +
				"      \"license\": \"B\", \"quantity\": 2, \"date\": \"2027-02-01\"}\r\n  ],\r\n" +
				"  \"acquisitions\": [\r\n    {\"licenses\": {\"A\": 1}, \"date\": \"2027-03-01\"}]\r\n}\r\n",
			[]int{3, 5}, []int{9},
		},
		{
			"two entries on one line, an unknown key with arrays before",
			`{"note": [[{"projects": []}]], "projects": [{"license": "A", "quantity": 1, "date": "2027-01-01"}, {"license": "B", "quantity": 1, "date": "2027-01-01"}]}`,
			[]int{1, 1}, nil,
		},
		{
			// encoding/json matches keys case-insensitively and keeps the last of duplicates.
			"keys as encoding/json matches them",
			"{\"Projects\": [{\"license\": \"A\", \"quantity\": 1, \"date\": \"2027-01-01\"}],\n" +
				"\"PROJECTS\": [\n{\"license\": \"B\", \"quantity\": 1, \"date\": \"2027-01-01\"}],\n\"acquisitions\": null}",
			[]int{3}, nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseForecast([]byte(tt.doc))
			require.NoError(t, err)
			var projects, acquisitions []int
			for _, p := range f.Projects {
				assert.Equal(t, "forecast.json", p.Ref.Source)
				projects = append(projects, p.Ref.Line)
			}
			for _, a := range f.Acquisitions {
				assert.Equal(t, "forecast.json", a.Ref.Source)
				acquisitions = append(acquisitions, a.Ref.Line)
			}
			assert.Equal(t, tt.projects, projects, "project lines")
			assert.Equal(t, tt.acquisitions, acquisitions, "acquisition lines")
		})
	}
}

func TestParseForecastErrors(t *testing.T) {
	_, err := ParseForecast([]byte("{\n\"projects\": [}"))
	assert.EqualError(t, err, "line 2, column 14: invalid character '}' looking for beginning of value")
	for doc, want := range map[string]string{
		`{"organic_growth_rate": "1e1000000000"}`:                                           `organic_growth_rate: invalid decimal "1e1000000000": exponent 1000000000 is beyond ±64`,
		`{"organic_growth_rate": "-1"}`:                                                     `organic_growth_rate: -1 is not above -1`,
		`{"organic_growth_rate": "-1.5"}`:                                                   `organic_growth_rate: -1.5 is not above -1`,
		`{"projects": [{"license": "X", "quantity": 1, "date": "2027-13-01"}]}`:             `projects[0].date: "2027-13-01" is not a YYYY-MM-DD date`,
		`{"projects": [{"license": "X", "quantity": -1, "date": "2027-01-01"}]}`:            `projects[0].quantity: -1 is negative`,
		`{"projects": [{"license": "X", "quantity": 1000000000001, "date": "2027-01-01"}]}`: `projects[0].quantity: 1000000000001 is more than 1000000000000`,
		`{"projects": [{"quantity": 1, "date": "2027-01-01"}]}`:                             `projects[0].license: missing`,
		`{"acquisitions": [{"licenses": {"X": -2}, "date": "2027-01-01"}]}`:                 `acquisitions[0].licenses["X"]: -2 is negative`,
		`{"acquisitions": [{"licenses": {"": 2}, "date": "2027-01-01"}]}`:                   `acquisitions[0].licenses[""]: empty license name`,
		`{"acquisitions": [{"licenses": {"X": 2}, "date": ""}]}`:                            `acquisitions[0].date: "" is not a YYYY-MM-DD date`,
	} {
		_, err := ParseForecast([]byte(doc))
		require.Error(t, err, doc)
		assert.Equal(t, want, err.Error(), doc)
		var fe *pricing.FieldError
		assert.True(t, errors.As(err, &fe), "%v names its field", err)
	}
	_, err = ParseForecast(bytes.Repeat([]byte(" "), MaxForecastBytes+1))
	assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
}

func TestForecastValidate(t *testing.T) {
	tests := []struct {
		name string
		f    Forecast
		want string
	}{
		{"growth of -100 %", Forecast{OrganicGrowthRate: decimal.NewFromInt(-1)}, "organic_growth_rate: -1 is not above -1"},
		{"project without a date", Forecast{Projects: []Project{{License: "L", Quantity: 1}}}, "projects[0].date: missing"},
		{"second project without a license", Forecast{Projects: []Project{{License: "L", Date: day(2027, 1, 1)}, {Date: day(2027, 1, 1)}}}, "projects[1].license: missing"},
		{"acquisition without a date", Forecast{Acquisitions: []Acquisition{{Licenses: map[string]int64{"L": 1}}}}, "acquisitions[0].date: missing"},
		{"acquisition too large", Forecast{Acquisitions: []Acquisition{{Licenses: map[string]int64{"L": MaxQuantity + 1}, Date: day(2027, 1, 1)}}},
			`acquisitions[0].licenses["L"]: 1000000000001 is more than 1000000000000`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.EqualError(t, tt.f.Validate(), tt.want)
		})
	}
	ok := Forecast{OrganicGrowthRate: decimal.RequireFromString("-0.99")}
	assert.NoError(t, ok.Validate(), "any growth above -100 % is a forecast")
}

func TestForecastJSONRoundTrip(t *testing.T) {
	f, err := ParseForecast([]byte(forecastDoc))
	require.NoError(t, err)
	assert.True(t, f.OrganicGrowthRate.Equal(decimal.RequireFromString("0.05")))
	out, err := json.Marshal(f)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"organic_growth_rate":"0.05"`, "rates are written as decimal strings")
	assert.NotContains(t, string(out), "forecast.json", "Refs are not written")
	again, err := ParseForecast(out)
	require.NoError(t, err)
	// Marshal writes one line: every entry now starts on line 1.
	want := *f
	want.Projects[0].Ref.Line, want.Acquisitions[0].Ref.Line = 1, 1
	if diff := cmp.Diff(&want, again, equalForecasts); diff != "" {
		t.Errorf("marshal → parse (-want +got):\n%s", diff)
	}
}

// FuzzParseForecast: the seeds are in testdata/fuzz/FuzzParseForecast.
func FuzzParseForecast(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		fc, err := ParseForecast(data)
		if err != nil {
			return
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		refs := make([]smartaccount.Ref, 0, len(fc.Projects)+len(fc.Acquisitions))
		for _, p := range fc.Projects {
			refs = append(refs, p.Ref)
		}
		for _, a := range fc.Acquisitions {
			refs = append(refs, a.Ref)
		}
		for _, r := range refs {
			if r.Source != "forecast.json" || r.Line < 1 || r.Line > lines {
				t.Fatalf("Ref %+v outside the %d-line document", r, lines)
			}
		}
		out, err := json.Marshal(fc)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseForecast(out)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		ignoreRefs := cmp.Options{cmpopts.IgnoreFields(Project{}, "Ref"), cmpopts.IgnoreFields(Acquisition{}, "Ref")}
		if diff := cmp.Diff(fc, again, equalForecasts, ignoreRefs); diff != "" {
			t.Fatalf("marshal → parse changed the forecast (-first +second):\n%s", diff)
		}
	})
}

// A rate is a fraction, or a percentage with its sign (issue 14, item 6):
// "4%" is 0.04, as everywhere a rate is read.
func TestParseForecastRateAsPercentage(t *testing.T) {
	for in, want := range map[string]string{`"4%"`: "0.04", `"4.5 %"`: "0.045", `"0.04"`: "0.04", `0.04`: "0.04"} {
		f, err := ParseForecast([]byte(`{"organic_growth_rate": ` + in + `}`))
		require.NoError(t, err, in)
		assert.True(t, f.OrganicGrowthRate.Equal(decimal.RequireFromString(want)), "%s: got %s", in, f.OrganicGrowthRate)
	}
}
