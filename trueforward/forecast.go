package trueforward

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/jsonnum"
	"github.com/openrenewal/smartlicensing/pricing"
)

// Forecast is the buyer's documented growth: an organic rate applied to all
// consumption, plus dated projects and acquisitions that add named
// quantities of licenses.
type Forecast struct {
	OrganicGrowthRate decimal.Decimal // per year, e.g. 0.05 for 5 %
	Projects          []Project
	Acquisitions      []Acquisition
}

// Project is a planned deployment adding Quantity units of License on Date.
type Project struct {
	Name     string
	License  string
	Quantity int64
	Date     time.Time // civil date
}

// Acquisition is a company joining the estate on Date with its licenses.
type Acquisition struct {
	Name     string
	Licenses map[string]int64
	Date     time.Time // civil date
}

// Consumption returns the forecast consumption of license at a future
// milestone (METHOD.md §5): current + floor(current × ((1 + g)^years − 1)) +
// the quantities of license's projects and acquisitions dated on or before
// milestone. years is the whole number of years from asOf to milestone.
func (f *Forecast) Consumption(license string, current int64, asOf, milestone time.Time) int64 {
	years := wholeYears(asOf, milestone)
	total := current
	if years > 0 && current > 0 && !f.OrganicGrowthRate.IsZero() {
		growth := decimal.NewFromInt(1).Add(f.OrganicGrowthRate).Pow(decimal.NewFromInt(int64(years))).Sub(decimal.NewFromInt(1))
		total += decimal.NewFromInt(current).Mul(growth).Floor().IntPart()
	}
	for _, p := range f.Projects {
		if p.License == license && !p.Date.After(milestone) {
			total += p.Quantity
		}
	}
	for _, a := range f.Acquisitions {
		if !a.Date.After(milestone) {
			total += a.Licenses[license]
		}
	}
	return total
}

// wholeYears counts the anniversaries of from up to and including to.
func wholeYears(from, to time.Time) int {
	n := to.Year() - from.Year()
	if n > 0 && to.Before(from.AddDate(n, 0, 0)) {
		n--
	}
	return max(n, 0)
}

type forecastJSON struct {
	OrganicGrowthRate jsonnum.Text      `json:"organic_growth_rate,omitempty"`
	Projects          []projectJSON     `json:"projects,omitempty"`
	Acquisitions      []acquisitionJSON `json:"acquisitions,omitempty"`
}

type projectJSON struct {
	Name     string `json:"name"`
	License  string `json:"license"`
	Quantity int64  `json:"quantity"`
	Date     string `json:"date"`
}

type acquisitionJSON struct {
	Name     string           `json:"name"`
	Licenses map[string]int64 `json:"licenses"`
	Date     string           `json:"date"`
}

// MaxForecastBytes bounds the size of a forecast.json accepted by ParseForecast.
const MaxForecastBytes = 16 << 20

// ParseForecast reads a forecast.json document:
//
//	{"organic_growth_rate": "0.05",
//	 "projects": [{"name", "license", "quantity", "date"}],
//	 "acquisitions": [{"name", "licenses": {"license": qty}, "date"}]}
//
// The rate is a decimal string or a JSON number; dates are YYYY-MM-DD;
// quantities are non-negative integers. An error about a value is a
// *pricing.FieldError naming its field ("projects[0].date").
func ParseForecast(data []byte) (*Forecast, error) {
	if len(data) > MaxForecastBytes {
		return nil, fmt.Errorf("the document is %d bytes, more than the %d accepted", len(data), MaxForecastBytes)
	}
	var raw forecastJSON
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonnum.Describe(data, err)
	}
	field := func(name string, err error) error { return &jsonnum.FieldError{Field: name, Err: err} }
	f := &Forecast{}
	var err error
	if raw.OrganicGrowthRate != "" {
		if f.OrganicGrowthRate, err = pricing.ParseDecimal(string(raw.OrganicGrowthRate)); err != nil {
			return nil, field("organic_growth_rate", err)
		}
		if f.OrganicGrowthRate.LessThanOrEqual(decimal.NewFromInt(-1)) {
			return nil, field("organic_growth_rate", fmt.Errorf("%s is not above -1", f.OrganicGrowthRate))
		}
	}
	for i, p := range raw.Projects {
		at := func(name string) string { return fmt.Sprintf("projects[%d].%s", i, name) }
		d, err := forecastDate(p.Date)
		switch {
		case err != nil:
			return nil, field(at("date"), err)
		case p.Quantity < 0:
			return nil, field(at("quantity"), fmt.Errorf("%d is negative", p.Quantity))
		case p.License == "":
			return nil, field(at("license"), errors.New("missing"))
		}
		f.Projects = append(f.Projects, Project{Name: p.Name, License: p.License, Quantity: p.Quantity, Date: d})
	}
	for i, a := range raw.Acquisitions {
		d, err := forecastDate(a.Date)
		if err != nil {
			return nil, field(fmt.Sprintf("acquisitions[%d].date", i), err)
		}
		for _, l := range sortedKeys(a.Licenses) {
			if a.Licenses[l] < 0 {
				return nil, field(fmt.Sprintf("acquisitions[%d].licenses[%q]", i, l), fmt.Errorf("%d is negative", a.Licenses[l]))
			}
		}
		f.Acquisitions = append(f.Acquisitions, Acquisition{Name: a.Name, Licenses: a.Licenses, Date: d})
	}
	return f, nil
}

func forecastDate(s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a YYYY-MM-DD date", s)
	}
	return d, nil
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// MarshalJSON writes the forecast in the forecast.json shape ParseForecast reads.
func (f *Forecast) MarshalJSON() ([]byte, error) {
	raw := forecastJSON{OrganicGrowthRate: jsonnum.Text(f.OrganicGrowthRate.String())}
	for _, p := range f.Projects {
		raw.Projects = append(raw.Projects, projectJSON{Name: p.Name, License: p.License, Quantity: p.Quantity, Date: p.Date.Format(time.DateOnly)})
	}
	for _, a := range f.Acquisitions {
		raw.Acquisitions = append(raw.Acquisitions, acquisitionJSON{Name: a.Name, Licenses: a.Licenses, Date: a.Date.Format(time.DateOnly)})
	}
	return json.Marshal(raw)
}
