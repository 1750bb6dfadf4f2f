package pricing

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestLookupBand(t *testing.T) {
	tests := []struct{ in, key, low, high string }{
		{"telecom", "telecom", "0.40", "0.80"},
		{"Service Provider", "telecom", "0.40", "0.80"},
		{"financial_services", "financial-services", "0.40", "0.80"},
		{"manufacturing", "manufacturing", "0.40", "0.80"},
		{"HEALTHCARE", "healthcare", "0.30", "0.60"},
		{"federal", "public-sector", "0.30", "0.60"},
		{"public sector", "public-sector", "0.30", "0.60"},
		{"education", "education", "0.20", "0.40"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			b, err := LookupBand(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if b.Industry != tt.key {
				t.Errorf("key %q", b.Industry)
			}
			assertDec(t, tt.low, b.Low)
			assertDec(t, tt.high, b.High)
		})
	}
	_, err := LookupBand("retail")
	if want := `unknown industry "retail": want one of telecom, financial-services, manufacturing, healthcare, public-sector, education`; err == nil || err.Error() != want {
		t.Errorf("got %v", err)
	}
	if n := len(Bands()); n != 6 {
		t.Errorf("%d bands", n)
	}
	Bands()[0].Low = dec("9")
	if b, _ := LookupBand("telecom"); !b.Low.Equal(dec("0.40")) {
		t.Error("Bands returned the package's own table")
	}
}

func TestBandClassify(t *testing.T) {
	b, _ := LookupBand("financial-services")
	tests := []struct {
		name, yearOne, prior string
		want                 Position
	}{
		{"below", "1399999.99", "1000000", Below},
		{"low edge is within", "1400000", "1000000", Within},
		{"middle", "1600000", "1000000", Within},
		{"high edge is within", "1800000", "1000000", Within},
		{"above", "1800000.01", "1000000", Above},
		{"a decrease is below", "900000", "1000000", Below},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := b.Classify(dec(tt.yearOne), dec(tt.prior))
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	if _, err := b.Classify(dec("1"), dec("0")); err == nil {
		t.Error("zero prior spend accepted")
	}
}

// TestClassifyBand: testdata/proposal.json's year 1 is 1570800 + 250000 =
// 1820800 over a prior 1100000: +65.527 % (bc), i.e. 65.53.
func TestClassifyBand(t *testing.T) {
	p, err := ParseProposal(readTestdata(t, "proposal.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		industry string
		want     Position
	}{
		{"financial-services", Within}, {"healthcare", Above}, {"education", Above}, {"telecom", Within},
	}
	for _, tt := range tests {
		t.Run(tt.industry, func(t *testing.T) {
			r, err := p.ClassifyBand(tt.industry)
			if err != nil {
				t.Fatal(err)
			}
			if r.Position != tt.want {
				t.Errorf("position %v, want %v", r.Position, tt.want)
			}
			assertPercent(t, "65.53", r.UpliftPercent)
			assertDec(t, "1820800", r.YearOne)
			assertDec(t, "1100000", r.PriorSpend)
		})
	}
	p.PriorAnnualSpend = decimal.NewNullDecimal(dec("1400000")) // 420800 / 1400000 = 30.06 %
	if r, err := p.ClassifyBand("financial-services"); err != nil || r.Position != Below || r.UpliftPercent.String() != "30.06" {
		t.Errorf("got %+v, %v", r, err)
	}
	var fe *FieldError
	p.PriorAnnualSpend = decimal.NullDecimal{}
	if _, err := p.ClassifyBand("education"); !errors.As(err, &fe) || fe.Field != "prior_annual_spend" {
		t.Errorf("missing prior spend: %v", err)
	}
	p.PriorAnnualSpend = decimal.NewNullDecimal(decimal.Zero)
	if _, err := p.ClassifyBand("education"); !errors.As(err, &fe) || fe.Field != "prior_annual_spend" {
		t.Errorf("zero prior spend: %v", err)
	}
	if _, err := p.ClassifyBand("retail"); err == nil {
		t.Error("unknown industry accepted")
	}
}
