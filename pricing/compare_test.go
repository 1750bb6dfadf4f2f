package pricing

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// vendorB: 42000 × 36.00 at 5 % for 3 years; 1512000, 1587600, 1666980,
// then (extended at 5 %) 1750329, 1837845.45 — all by bc.
func vendorB() *Proposal {
	return &Proposal{Vendor: "Vendor B", Currency: "USD", TermYears: 3, AnnualUplift: dec("0.05"),
		Lines: []Line{
			{SKU: "B-SUB", Category: Subscription, Quantity: 30000, UnitPrice: dec("36")},
			{SKU: "B-TF", Category: TrueForward, Quantity: 12000, UnitPrice: dec("36")},
		}}
}

func TestCompare(t *testing.T) {
	a := workedProposal(42000, "0.09")
	tests := []struct {
		name string
		opts CompareParams
		// per vendor, in rank order
		vendors    []string
		years      [][]string
		termTCV    []string
		tcv, npv   []string
		above      []string
		perUnit    []string
		cagr       []string
		assumption string
	}{
		{
			name:    "5-year horizon, extended at the last uplift, 8%",
			opts:    CompareParams{DiscountRate: dec("0.08")},
			vendors: []string{"Vendor B", "Cisco"},
			years: [][]string{{"1512000", "1587600", "1666980", "1750329", "1837845.45"},
				{"1570800.00", "1712172.00", "1866267.48", "2034231.55", "2217312.39"}},
			termTCV: []string{"4766580", "9400783.42"},
			tcv:     []string{"8354754.45", "9400783.42"},
			// B: 1512000 + 1470000 + 1429166.666666666667 + 1389467.592592592593 + 1350871.270576131687
			npv:        []string{"7151505.53", "8000797.39"},
			above:      []string{"0", "849291.86"},
			perUnit:    []string{"39.78", "44.77"},
			cagr:       []string{"5.00", "9.00"},
			assumption: "extended to 5 years — Vendor B (3 years): prices keep rising each year at the proposal's last annual uplift, as if renewed on the same terms",
		},
		{
			name:    "5-year horizon, held flat",
			opts:    CompareParams{DiscountRate: dec("0.08"), Extension: ExtendFlat},
			vendors: []string{"Vendor B", "Cisco"},
			years: [][]string{{"1512000", "1587600", "1666980", "1666980", "1666980"},
				{"1570800.00", "1712172.00", "1866267.48", "2034231.55", "2217312.39"}},
			termTCV: []string{"4766580", "9400783.42"},
			tcv:     []string{"8100540", "9400783.42"},
			// B: 1512000 + 1470000 + 1429166.666666666667 + 1323302.469135802469 + 1225280.064014631916
			npv:        []string{"6959749.20", "8000797.39"},
			above:      []string{"0", "1041048.19"},
			perUnit:    []string{"38.57", "44.77"},
			cagr:       []string{"2.47", "9.00"},
			assumption: "extended to 5 years — Vendor B (3 years): prices stay at the last year's level, as if renewed without uplift",
		},
		{
			name:    "3-year horizon cuts the longer term",
			opts:    CompareParams{Horizon: 3},
			vendors: []string{"Vendor B", "Cisco"},
			years: [][]string{{"1512000", "1587600", "1666980"},
				{"1570800.00", "1712172.00", "1866267.48"}},
			termTCV: []string{"4766580", "9400783.42"},
			tcv:     []string{"4766580", "5149239.48"},
			npv:     []string{"4766580", "5149239.48"},
			above:   []string{"0", "382659.48"},
			// 4766580 / 126000 = 37.83; 5149239.48 / 126000 = 40.8669…
			perUnit: []string{"37.83", "40.87"},
			// sqrt(1666980/1512000) = 1.05; sqrt(1866267.48/1570800) = 1.09
			cagr:       []string{"5.00", "9.00"},
			assumption: "cut at 3 years: Cisco (5 years)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Compare([]*Proposal{a, vendorB()}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if c.Assumption != tt.assumption {
				t.Errorf("assumption\n got %q\nwant %q", c.Assumption, tt.assumption)
			}
			for i, e := range c.Entries {
				if e.Rank != i+1 || e.Vendor != tt.vendors[i] {
					t.Fatalf("rank %d: %s (%d)", i+1, e.Vendor, e.Rank)
				}
				if diff := cmp.Diff(decs(tt.years[i]...), e.Years, decEqual); diff != "" {
					t.Errorf("%s years:\n%s", e.Vendor, diff)
				}
				assertDec(t, tt.termTCV[i], e.TermTCV.Amount())
				assertDec(t, tt.tcv[i], e.TCV.Amount())
				assertDec(t, tt.npv[i], e.NPV.Amount())
				assertDec(t, tt.above[i], e.NPVAboveBest.Amount())
				assertDec(t, tt.perUnit[i], e.PerUnitYear.Decimal)
				assertPercent(t, tt.cagr[i], *e.CAGRPercent)
				if e.Units != 42000 || e.TCV.Currency() != "USD" {
					t.Errorf("units %d, currency %s", e.Units, e.TCV.Currency())
				}
			}
		})
	}
}

func TestCompareSameTermsAndTies(t *testing.T) {
	x, y := workedProposal(42000, "0.09"), workedProposal(42000, "0.09")
	x.Vendor, y.Vendor = "Zeta", "Alpha"
	c, err := Compare([]*Proposal{x, y}, CompareParams{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Entries[0].Vendor != "Alpha" || c.Entries[0].Index != 1 || c.Entries[1].Index != 0 {
		t.Errorf("tie not broken by vendor name: %+v", c.Entries)
	}
	if want := "every proposal covers the 5-year horizon; nothing is extended"; c.Assumption != want {
		t.Errorf("assumption %q", c.Assumption)
	}
}

func TestCompareSupportOnlyAndOneYear(t *testing.T) {
	p := &Proposal{Vendor: "S", Currency: "USD", TermYears: 1, AnnualUplift: dec("0.10"),
		Lines: []Line{{Category: Support, Quantity: 1, UnitPrice: dec("100")}}}
	c, err := Compare([]*Proposal{p}, CompareParams{Horizon: 2})
	if err != nil {
		t.Fatal(err)
	}
	e := c.Entries[0]
	// Extended at the annual uplift: 100, 110.
	if diff := cmp.Diff(decs("100", "110"), e.Years, decEqual); diff != "" {
		t.Error(diff)
	}
	if e.PerUnitYear.Valid || e.Units != 0 {
		t.Errorf("per-unit price without units: %+v", e)
	}
	assertPercent(t, "10.00", *e.CAGRPercent)
	zero := &Proposal{Vendor: "Z", Currency: "USD", TermYears: 2}
	c, err = Compare([]*Proposal{zero}, CompareParams{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Entries[0].CAGRPercent != nil {
		t.Error("CAGR of a zero first year")
	}
}

func TestCompareErrors(t *testing.T) {
	eur := workedProposal(1, "0")
	eur.Currency, eur.Vendor = "EUR", "Euro Vendor"
	bad := workedProposal(1, "0")
	bad.Lines[0].Quantity = -5
	tests := []struct {
		name string
		ps   []*Proposal
		opts CompareParams
		want string
	}{
		{"none", nil, CompareParams{}, "compare: no proposals"},
		{"mixed currencies", []*Proposal{workedProposal(1, "0"), eur}, CompareParams{}, "proposal 2 (Euro Vendor): currency mismatch: USD and EUR"},
		{"invalid proposal", []*Proposal{workedProposal(1, "0"), bad}, CompareParams{}, "proposal 2 (Cisco): lines[0].quantity: -5 is negative"},
		{"nil proposal", []*Proposal{nil}, CompareParams{}, "proposal 1 is nil"},
		{"horizon 31", []*Proposal{workedProposal(1, "0")}, CompareParams{Horizon: 31}, "horizon 31 is outside 1..30 years"},
		{"negative horizon", []*Proposal{workedProposal(1, "0")}, CompareParams{Horizon: -1}, "horizon -1 is outside 1..30 years"},
		{"rate", []*Proposal{workedProposal(1, "0")}, CompareParams{DiscountRate: dec("-1")}, "discount rate: -1 is at or below -100 %"},
		{"units beyond a line", []*Proposal{{Vendor: "Big", Currency: "USD", TermYears: 1, Lines: []Line{
			{Category: Subscription, Quantity: math.MaxInt64, UnitPrice: dec("0")}}}},
			CompareParams{}, "proposal 1 (Big): lines[0].quantity: 9223372036854775807 is more than the 1000000000 units a proposal line can hold"},
		{"rate beyond a contract", []*Proposal{workedProposal(1, "0")}, CompareParams{DiscountRate: dec("10.5")}, "discount rate: 10.5 is 1050 %, beyond the 1000 % a contract can hold"},
		{"extension", []*Proposal{workedProposal(1, "0")}, CompareParams{Extension: 4}, "invalid extension 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compare(tt.ps, tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	_, err := Compare([]*Proposal{workedProposal(1, "0"), eur}, CompareParams{})
	var mm *CurrencyMismatchError
	if !errors.As(err, &mm) {
		t.Errorf("%v is not a *CurrencyMismatchError", err)
	}
}

func TestCAGRPercent(t *testing.T) {
	tests := []struct {
		name, first, last string
		years             int
		want              string
	}{
		{"one year", "100", "121", 1, "21.00"},
		{"square root", "100", "121", 2, "10.00"},
		{"worked 9% schedule", "1570800", "2217312.39", 4, "9.00"},
		{"flat", "5", "5", 7, "0.00"},
		{"decline", "100", "81", 2, "-10.00"},
		{"to zero", "100", "0", 3, "-100.00"},
		{"doubling over 29 years", "1", "2", 29, "2.42"}, // 2^(1/29) = 1.024190…
		{"huge ratio", "1", "1e60", 2, "99999999999999999999999999999900.00"},
		{"no years", "1", "2", 0, "0.00"},
		{"zero first", "0", "2", 3, "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertPercent(t, tt.want, CAGRPercent(dec(tt.first), dec(tt.last), tt.years))
		})
	}
}

// TestCompareUnits: units count licenses (subscription and true-forward
// lines); support units are counted apart. Each entry's source, filled by
// the caller, is in the JSON.
func TestCompareUnits(t *testing.T) {
	p := workedProposal(40000, "0.09")
	p.Lines = append(p.Lines,
		Line{SKU: "TF", License: "DNA Essentials", Category: TrueForward, Quantity: 2000, UnitPrice: dec("37.40"), Uplift: dec("0.2")},
		Line{SKU: "SUP", License: "Support", Category: Support, Quantity: 3, UnitPrice: dec("1000")})
	c, err := Compare([]*Proposal{p}, CompareParams{})
	if err != nil {
		t.Fatal(err)
	}
	e := c.Entries[0]
	if e.Units != 42000 || e.SupportUnits != 3 {
		t.Errorf("units %d, support units %d; want 40000 + 2000 = 42000 and 3", e.Units, e.SupportUnits)
	}
	c.Entries[0].Source = "cisco.json"
	b, _ := json.Marshal(c)
	if want := `"source":"cisco.json","units":42000,"support_units":3,`; !strings.Contains(string(b), want) {
		t.Errorf("missing %s in %s", want, b)
	}
}

func TestComparisonJSON(t *testing.T) {
	c, err := Compare([]*Proposal{workedProposal(42000, "0.09"), vendorB()}, CompareParams{DiscountRate: dec("0.08"), Horizon: 3})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"currency":"USD","horizon_years":3,"discount_rate":"0.08","extension":"uplift"`,
		`{"rank":1,"vendor":"Vendor B","term_years":3,"extended":false,"truncated":false,"units":42000,"support_units":0,"schedule":["1512000.00","1587600.00","1666980.00"],"term_tcv":"4766580.00","tcv":"4766580.00",`,
		`"per_unit_per_year":"37.83","cagr_percent":"5.00"}`,
		`"npv_above_best":"0.00"`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
}
