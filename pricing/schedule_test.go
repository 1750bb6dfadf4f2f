package pricing

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// TestWorkedCheck is the worked check of METHOD.md §1; the expected values
// were computed with bc: 1570800 × 1.09^k rounded half-even to cents.
func TestWorkedCheck(t *testing.T) {
	tests := []struct {
		name     string
		quantity int64
		cap      Cap
		years    []string
		tcv      string
	}{
		{"9% uncapped", 42000, Cap{}, []string{"1570800.00", "1712172.00", "1866267.48", "2034231.55", "2217312.39"}, "9400783.42"},
		{"4% per-year cap", 36000, Cap{Kind: CapPerYear, Rate: dec("0.04")},
			[]string{"1346400.00", "1400256.00", "1456266.24", "1514516.89", "1575097.57"}, "7292536.70"},
		{"3% per-year cap", 42000, Cap{Kind: CapPerYear, Rate: dec("0.03")},
			[]string{"1570800.00", "1617924.00", "1666461.72", "1716455.57", "1767949.24"}, "8339590.53"},
		{"5% per-year cap", 42000, Cap{Kind: CapPerYear, Rate: dec("0.05")},
			[]string{"1570800.00", "1649340.00", "1731807.00", "1818397.35", "1909317.22"}, "8679661.57"},
		{"9% cumulative cap", 42000, Cap{Kind: CapCumulative, Rate: dec("0.09")},
			[]string{"1570800.00", "1712172.00", "1712172.00", "1712172.00", "1712172.00"}, "8419488.00"},
		{"cap above the uplift", 42000, Cap{Kind: CapPerYear, Rate: dec("0.12")},
			[]string{"1570800.00", "1712172.00", "1866267.48", "2034231.55", "2217312.39"}, "9400783.42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := workedProposal(tt.quantity, "0.09").Schedule(tt.cap)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(decs(tt.years...), s.Years, decEqual); diff != "" {
				t.Errorf("years (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(decs(tt.years...), s.Lines[0].Years, decEqual); diff != "" {
				t.Errorf("line years (-want +got):\n%s", diff)
			}
			assertDec(t, tt.tcv, s.TCV)
			assertDec(t, tt.tcv, s.Lines[0].TCV)
		})
	}
}

func TestFactors(t *testing.T) {
	tests := []struct {
		name    string
		uplifts []string
		cap     Cap
		want    []string
	}{
		{"no uplift", nil, Cap{}, []string{"1"}},
		{"compounds", []string{"0.1", "0.1"}, Cap{}, []string{"1", "1.1", "1.21"}},
		{"per-year cap clips only the years above it", []string{"0.02", "0.06", "0.04"}, Cap{Kind: CapPerYear, Rate: dec("0.04")},
			[]string{"1", "1.02", "1.0608", "1.103232"}},
		{"negative uplift is kept under a per-year cap", []string{"-0.05"}, Cap{Kind: CapPerYear, Rate: dec("0.03")}, []string{"1", "0.95"}},
		{"cumulative cap is a ceiling, later cuts apply from it", []string{"0.06", "0.06", "-0.10"}, Cap{Kind: CapCumulative, Rate: dec("0.10")},
			[]string{"1", "1.06", "1.1", "0.99"}},
		{"none ignores its rate", []string{"0.09"}, Cap{Kind: CapNone, Rate: dec("0.01")}, []string{"1", "1.09"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Factors(decs(tt.uplifts...), tt.cap)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(decs(tt.want...), got, decEqual); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFactorsErrors(t *testing.T) {
	tests := []struct {
		name    string
		uplifts []decimal.Decimal
		cap     Cap
		want    string
	}{
		{"uplift -100%", decs("0.05", "-1"), Cap{}, "uplift of year 3: -1 is at or below -100 %"},
		{"negative cap", nil, Cap{Kind: CapPerYear, Rate: dec("-0.01")}, "per-year cap rate -0.01 is negative"},
		{"unknown cap kind", nil, Cap{Kind: 7}, "invalid cap kind 7"},
		{"term too long", make([]decimal.Decimal, 30), Cap{}, "30 uplifts: a term is at most 30 years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Factors(tt.uplifts, tt.cap)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestPriceRounding(t *testing.T) {
	tests := []struct {
		name   string
		line   Line
		factor string
		want   string
	}{
		{"half to even, down", Line{Category: Subscription, Quantity: 1, UnitPrice: dec("0.125")}, "1", "0.12"},
		{"half to even, up", Line{Category: Subscription, Quantity: 1, UnitPrice: dec("0.135")}, "1", "0.14"},
		{"above half", Line{Category: Subscription, Quantity: 1, UnitPrice: dec("0.1251")}, "1", "0.13"},
		{"three units of half a cent", Line{Category: Support, Quantity: 3, UnitPrice: dec("0.005")}, "1", "0.02"},
		{"true-forward premium", Line{Category: TrueForward, Quantity: 100, UnitPrice: dec("10"), Uplift: dec("0.25")}, "1.09", "1362.50"},
		{"premium ignored off true-forward lines", Line{Category: Subscription, Quantity: 100, UnitPrice: dec("10"), Uplift: dec("0.25")}, "1", "1000.00"},
		{"zero quantity", Line{Category: Subscription, Quantity: 0, UnitPrice: dec("10")}, "1.5", "0"},
		{"unit price never rounded alone", Line{Category: Subscription, Quantity: 1000, UnitPrice: dec("37.40449")}, "1", "37404.49"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertDec(t, tt.want, Price(tt.line, dec(tt.factor)))
		})
	}
}

// TestNPV: the 8 % case was worked with bc, each division to 12 decimals:
// 1570800 + 1585344.444444444444 + 1600023.559670781893 +
// 1614838.590090433369 + 1629790.799625452308 = 8000797.393831112014.
func TestNPV(t *testing.T) {
	tests := []struct {
		name    string
		amounts []string
		rate    string
		want    string
	}{
		{"worked schedule at 8%", []string{"1570800.00", "1712172.00", "1866267.48", "2034231.55", "2217312.39"}, "0.08", "8000797.39"},
		{"first payment undiscounted", []string{"1000", "1100"}, "0.10", "2000.00"},
		{"zero rate is the plain sum", []string{"1.01", "2.02"}, "0", "3.03"},
		{"thirds round half-even at the end", []string{"0", "1"}, "2", "0.33"},
		{"empty", nil, "0.05", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NPV(decs(tt.amounts...), dec(tt.rate))
			if err != nil {
				t.Fatal(err)
			}
			assertDec(t, tt.want, got)
		})
	}
	if _, err := NPV(decs("1"), dec("-1")); err == nil || err.Error() != "discount rate: -1 is at or below -100 %" {
		t.Errorf("rate -1: got %v", err)
	}
}

func TestScheduleLinesAndYears(t *testing.T) {
	p := &Proposal{Currency: "EUR", TermYears: 3, YearlyUplift: decs("0.10", "0.05"), Lines: []Line{
		{SKU: "A", Category: Subscription, Quantity: 10, UnitPrice: dec("100")},
		{SKU: "B", Category: TrueForward, Quantity: 2, UnitPrice: dec("100"), Uplift: dec("0.5")},
		{SKU: "C", Category: Support, Quantity: 1, UnitPrice: dec("0.333")},
	}}
	s, err := p.Schedule(Cap{})
	if err != nil {
		t.Fatal(err)
	}
	// A: 1000, 1100, 1155; B: 300, 330, 346.50; C: 0.333 → 0.33, 0.3663 → 0.37, 0.384615 → 0.38.
	wantLines := [][]string{{"1000", "1100", "1155"}, {"300", "330", "346.50"}, {"0.33", "0.37", "0.38"}}
	for i, w := range wantLines {
		if diff := cmp.Diff(decs(w...), s.Lines[i].Years, decEqual); diff != "" {
			t.Errorf("line %d (-want +got):\n%s", i, diff)
		}
	}
	if diff := cmp.Diff(decs("1300.33", "1430.37", "1501.88"), s.Years, decEqual); diff != "" {
		t.Errorf("years (-want +got):\n%s", diff)
	}
	assertDec(t, "4232.58", s.TCV)
	if s.Currency != "EUR" {
		t.Errorf("currency %q", s.Currency)
	}
}
