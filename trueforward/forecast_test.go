package trueforward

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/pricing"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

const forecastDoc = `{"organic_growth_rate": "0.05",
 "projects": [{"name": "Branch refresh", "license": "DNA Advantage", "quantity": 30, "date": "2027-03-01"}],
 "acquisitions": [{"name": "Acme", "licenses": {"DNA Advantage": 12, "HSEC": 2}, "date": "2028-06-15"}]}`

func TestConsumption(t *testing.T) {
	f, err := ParseForecast([]byte(forecastDoc))
	require.NoError(t, err)
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
		// 1000 × (1.05² − 1) = 102.5 → 102; project 30; acquisition 12 (dated 2028-06-15).
		{"two years", "DNA Advantage", day(2028, 11, 1), 1000 + 102 + 30 + 12},
		{"other license gets only its acquisition", "HSEC", day(2028, 11, 1), 1000 + 102 + 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, f.Consumption(tt.license, 1000, asOf, tt.milestone))
		})
	}
}

func TestParseForecastErrors(t *testing.T) {
	_, err := ParseForecast([]byte("{\n\"projects\": [}"))
	assert.EqualError(t, err, "line 2, column 14: invalid character '}' looking for beginning of value")
	for doc, want := range map[string]string{
		`{"organic_growth_rate": "1e1000000000"}`:                                `organic_growth_rate: invalid decimal "1e1000000000": exponent 1000000000 is beyond ±64`,
		`{"organic_growth_rate": "-1"}`:                                          `organic_growth_rate: -1 is not above -1`,
		`{"projects": [{"license": "X", "quantity": 1, "date": "2027-13-01"}]}`:  `projects[0].date: "2027-13-01" is not a YYYY-MM-DD date`,
		`{"projects": [{"license": "X", "quantity": -1, "date": "2027-01-01"}]}`: `projects[0].quantity: -1 is negative`,
		`{"projects": [{"quantity": 1, "date": "2027-01-01"}]}`:                  `projects[0].license: missing`,
		`{"acquisitions": [{"licenses": {"X": -2}, "date": "2027-01-01"}]}`:      `acquisitions[0].licenses["X"]: -2 is negative`,
	} {
		_, err := ParseForecast([]byte(doc))
		require.Error(t, err, doc)
		assert.Equal(t, want, err.Error(), doc)
		var fe *pricing.FieldError
		assert.True(t, errors.As(err, &fe), "%v names its field", err)
	}
}

func TestForecastJSONRoundTrip(t *testing.T) {
	f, err := ParseForecast([]byte(forecastDoc))
	require.NoError(t, err)
	assert.True(t, f.OrganicGrowthRate.Equal(decimal.RequireFromString("0.05")))
	out, err := json.Marshal(f)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"organic_growth_rate":"0.05"`, "rates are written as decimal strings")
	again, err := ParseForecast(out)
	require.NoError(t, err)
	assert.True(t, again.OrganicGrowthRate.Equal(f.OrganicGrowthRate))
	assert.Equal(t, f.Projects, again.Projects)
	assert.Equal(t, f.Acquisitions, again.Acquisitions)
}

func FuzzParseForecast(f *testing.F) {
	f.Add([]byte(forecastDoc))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fc, err := ParseForecast(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(fc)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseForecast(out); err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
	})
}
