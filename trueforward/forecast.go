package trueforward

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/jsonnum"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Forecast is the buyer's documented growth: an organic rate applied to all
// consumption, plus dated projects and acquisitions that add named
// quantities of licenses.
type Forecast struct {
	OrganicGrowthRate decimal.Decimal // per year, e.g. 0.05 for 5 %; above −1
	Projects          []Project
	Acquisitions      []Acquisition
}

// Project is a planned deployment adding Quantity units of License on Date.
type Project struct {
	Name     string
	License  string
	Quantity int64
	Date     time.Time // civil date
	// Ref is the entry's line in forecast.json when ParseForecast read it
	// (Source "forecast.json"); zero for an entry built in code. Findings
	// cite it as evidence.
	Ref smartaccount.Ref
}

// Acquisition is a company joining the estate on Date with its licenses.
type Acquisition struct {
	Name     string
	Licenses map[string]int64
	Date     time.Time // civil date
	// Ref is the entry's line in forecast.json, as for a Project.
	Ref smartaccount.Ref
}

// MaxQuantity bounds every count of units the true-forward review reads:
// an entitlement, a consumption, a forecast quantity. Forecast consumption
// stops growing there. No estate comes near it; the bound keeps sums exact.
const MaxQuantity = 1_000_000_000_000

// forecastSource is the Source of the Refs ParseForecast gives, the file
// name of the dataset format.
const forecastSource = "forecast.json"

// Consumption returns the forecast consumption of license at a future
// milestone (METHOD.md §5): current + floor(current × ((1 + g)^years − 1)) +
// the quantities of license's projects and acquisitions dated on or after
// asOf and on or before milestone. years is the whole number of years from
// asOf to milestone. An entry dated before asOf is already part of the
// current consumption and is not added again; Review reports it.
func (f *Forecast) Consumption(license string, current int64, asOf, milestone time.Time) int64 {
	g := newOrganic(f.OrganicGrowthRate).license(current)
	g.add(f, license, civil(asOf))
	g.sort()
	return g.at(civil(asOf), civil(milestone)).consumption()
}

// FirstYearGrowth returns G(L) of METHOD.md §8 for license with need N:
// floor(N × g) + the quantities of license's projects and acquisitions dated
// on or after asOf and before start + 1 year. As in Consumption, an entry
// dated before asOf is already in N and is not added again.
func (f *Forecast) FirstYearGrowth(license string, need int64, asOf, start time.Time) int64 {
	g := newOrganic(f.OrganicGrowthRate).license(need)
	g.add(f, license, civil(asOf))
	g.sort()
	end := addMonths(civil(start), 12)
	n := g.organic.part(need, 1)
	for _, e := range g.entries {
		if e.date.Before(end) {
			n = addUnits(n, e.quantity)
		}
	}
	return n
}

// Validate checks a forecast built in code as ParseForecast checks a
// document: a growth rate above −100 %, a license, a non-negative quantity
// of at most MaxQuantity units and a date on every entry. Each problem is a
// *pricing.FieldError named as in forecast.json ("projects[0].date"); the
// first is returned.
func (f *Forecast) Validate() error {
	field := func(name string, err error) error { return &jsonnum.FieldError{Field: name, Err: err} }
	if f.OrganicGrowthRate.LessThanOrEqual(decimal.NewFromInt(-1)) {
		return field("organic_growth_rate", fmt.Errorf("%s is not above -1", f.OrganicGrowthRate))
	}
	for i, p := range f.Projects {
		at := func(name string) string { return fmt.Sprintf("projects[%d].%s", i, name) }
		switch {
		case p.Date.IsZero():
			return field(at("date"), errors.New("missing"))
		case p.Quantity < 0:
			return field(at("quantity"), fmt.Errorf("%d is negative", p.Quantity))
		case p.Quantity > MaxQuantity:
			return field(at("quantity"), fmt.Errorf("%d is more than %d", p.Quantity, int64(MaxQuantity)))
		case p.License == "":
			return field(at("license"), errors.New("missing"))
		}
	}
	for i, a := range f.Acquisitions {
		if a.Date.IsZero() {
			return field(fmt.Sprintf("acquisitions[%d].date", i), errors.New("missing"))
		}
		for _, l := range sortedKeys(a.Licenses) {
			name := fmt.Sprintf("acquisitions[%d].licenses[%q]", i, l)
			switch q := a.Licenses[l]; {
			case l == "":
				return field(name, errors.New("empty license name"))
			case q < 0:
				return field(name, fmt.Errorf("%d is negative", q))
			case q > MaxQuantity:
				return field(name, fmt.Errorf("%d is more than %d", q, int64(MaxQuantity)))
			}
		}
	}
	return nil
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
// The rate is a decimal string or a JSON number, a fraction (0.05) or a
// percentage with its sign ("5%", pricing.ParseRate); dates are YYYY-MM-DD;
// quantities are integers from 0 to MaxQuantity. Each entry's Ref is
// {Source: "forecast.json", Line: the line its object starts on}. An error
// about a value is a *pricing.FieldError naming its field
// ("projects[0].date"); a document larger than MaxForecastBytes is refused
// with an error wrapping smartaccount.ErrTooLarge.
func ParseForecast(data []byte) (*Forecast, error) {
	if len(data) > MaxForecastBytes {
		return nil, fmt.Errorf("the document is %d bytes, more than the %d accepted: %w", len(data), MaxForecastBytes, smartaccount.ErrTooLarge)
	}
	var raw forecastJSON
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonnum.Describe(data, err)
	}
	field := func(name string, err error) error { return &jsonnum.FieldError{Field: name, Err: err} }
	f := &Forecast{}
	var err error
	if raw.OrganicGrowthRate != "" {
		if f.OrganicGrowthRate, err = pricing.ParseRate(string(raw.OrganicGrowthRate)); err != nil {
			return nil, field("organic_growth_rate", err)
		}
	}
	projectLines, acquisitionLines := entryLines(data)
	for i, p := range raw.Projects {
		d, err := forecastDate(p.Date)
		if err != nil {
			return nil, field(fmt.Sprintf("projects[%d].date", i), err)
		}
		f.Projects = append(f.Projects, Project{Name: p.Name, License: p.License, Quantity: p.Quantity, Date: d,
			Ref: forecastRef(projectLines, i)})
	}
	for i, a := range raw.Acquisitions {
		d, err := forecastDate(a.Date)
		if err != nil {
			return nil, field(fmt.Sprintf("acquisitions[%d].date", i), err)
		}
		f.Acquisitions = append(f.Acquisitions, Acquisition{Name: a.Name, Licenses: a.Licenses, Date: d,
			Ref: forecastRef(acquisitionLines, i)})
	}
	if err := f.Validate(); err != nil {
		return nil, err
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

// forecastRef is the Ref of the i-th entry of an array whose entries start
// on lines.
func forecastRef(lines []int, i int) smartaccount.Ref {
	r := smartaccount.Ref{Source: forecastSource}
	if i < len(lines) {
		r.Line = lines[i]
	}
	return r
}

// entryLines returns the line on which each entry of the document's
// "projects" and "acquisitions" arrays starts. It walks a document
// json.Unmarshal has accepted and matches keys as it does (case-insensitively,
// the last of duplicate keys winning), in one pass.
func entryLines(data []byte) (projects, acquisitions []int) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil
	}
	var lines lineCounter
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return projects, acquisitions
		}
		key, _ := tok.(string)
		var dst *[]int
		switch strings.ToUpper(key) {
		case "PROJECTS":
			dst = &projects
		case "ACQUISITIONS":
			dst = &acquisitions
		default:
			if skipValue(dec) != nil {
				return projects, acquisitions
			}
			continue
		}
		*dst = nil
		if tok, err = dec.Token(); err != nil || tok != json.Delim('[') {
			if err != nil || tok == json.Delim('{') {
				return projects, acquisitions
			}
			continue // null
		}
		for dec.More() {
			*dst = append(*dst, lines.at(data, jsonnum.SkipSpace(data, dec.InputOffset())))
			if skipValue(dec) != nil {
				return projects, acquisitions
			}
		}
		if _, err := dec.Token(); err != nil {
			return projects, acquisitions
		}
	}
	return projects, acquisitions
}

func skipValue(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}

// lineCounter turns increasing byte offsets into 1-based line numbers,
// counting each newline once.
type lineCounter struct {
	off  int64
	line int
}

func (c *lineCounter) at(data []byte, off int64) int {
	if c.line == 0 {
		c.line = 1
	}
	c.line += bytes.Count(data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// MarshalJSON writes the forecast in the forecast.json shape ParseForecast
// reads. Refs are not written: they point into the document read.
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
