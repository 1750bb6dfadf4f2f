package pricing_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
)

// worked is METHOD.md §1's worked check as a proposal.
func worked() *pricing.Proposal {
	p, err := pricing.ParseProposal([]byte(`{"vendor":"Cisco","currency":"USD","term_years":5,"annual_uplift":"0.09",
		"lines":[{"sku":"DNA-E","license":"DNA Essentials","category":"subscription","quantity":42000,"unit_price":"37.40"}]}`))
	if err != nil {
		panic(err)
	}
	return p
}

func Example() {
	p := worked()
	for _, c := range []pricing.Cap{{}, {Kind: pricing.CapPerYear, Rate: decimal.RequireFromString("0.04")}} {
		s, err := p.Schedule(c)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(c, s.TCV.StringFixed(2))
	}
	// Output:
	// no cap 9400783.42
	// 4.00 % per year 8507959.48
}

func ExampleParseDecimal() {
	d, err := pricing.ParseDecimal("37.40")
	fmt.Println(d, err)
	_, err = pricing.ParseDecimal("1e1000000000")
	fmt.Println(err)
	// Output:
	// 37.4 <nil>
	// invalid decimal "1e1000000000": exponent 1000000000 is beyond ±64
}

func ExamplePercentage() {
	pct, _ := pricing.Percentage(decimal.RequireFromString("2235824.44"), decimal.RequireFromString("9400783.42"))
	fmt.Println(pct)
	// Output: 23.78
}

func ExampleNewMoney() {
	m, err := pricing.NewMoney(decimal.NewFromInt(1570800), "USD")
	fmt.Println(m, err)
	// Output: 1570800.00 USD <nil>
}

func ExampleParseMoney() {
	m, _ := pricing.ParseMoney("9400783.42", "USD")
	b, _ := json.Marshal(m)
	fmt.Println(m.Amount(), m.Currency(), string(b))
	// Output: 9400783.42 USD "9400783.42"
}

func ExampleMoney_Add() {
	a, _ := pricing.ParseMoney("100.10", "USD")
	b, _ := pricing.ParseMoney("0.90", "USD")
	c, _ := pricing.ParseMoney("1", "EUR")
	fmt.Println(a.Add(b))
	_, err := a.Add(c)
	var mm *pricing.CurrencyMismatchError
	fmt.Println(errors.As(err, &mm), err)
	// Output:
	// 101.00 USD <nil>
	// true currency mismatch: USD and EUR
}

func ExampleMoney_Sub() {
	a, _ := pricing.ParseMoney("9400783.42", "USD")
	b, _ := pricing.ParseMoney("7292536.70", "USD")
	fmt.Println(a.Sub(b))
	// Output: 2108246.72 USD <nil>
}

func ExampleMoney_Cmp() {
	a, _ := pricing.ParseMoney("1", "USD")
	b, _ := pricing.ParseMoney("2", "USD")
	fmt.Println(a.Cmp(b))
	// Output: -1 <nil>
}

func ExampleMoney_Mul() {
	m, _ := pricing.ParseMoney("2034231.55", "USD")
	fmt.Println(m.Mul(decimal.RequireFromString("1.09")).Amount())
	// Output: 2217312.3895
}

func ExampleMoney_Round() {
	m, _ := pricing.ParseMoney("0.125", "USD")
	n, _ := pricing.ParseMoney("0.135", "USD")
	fmt.Println(m.Round().Amount(), n.Round().Amount())
	// Output: 0.12 0.14
}

func ExampleMoney_UnmarshalJSON() {
	m, _ := pricing.NewMoney(decimal.Zero, "USD")
	err := json.Unmarshal([]byte(`12.345`), &m)
	fmt.Println(m.Amount(), m.Currency(), err)
	// Output: 12.345 USD <nil>
}

func ExampleParseCategory() {
	c, err := pricing.ParseCategory("True-Forward")
	fmt.Println(c, err)
	_, err = pricing.ParseCategory("hardware")
	fmt.Println(err)
	// Output:
	// true-forward <nil>
	// unknown category "hardware" (accepted: subscription, true-forward, support)
}

func ExampleParseCapKind() {
	k, err := pricing.ParseCapKind("per-year")
	fmt.Println(k, err)
	// Output: per-year <nil>
}

func ExampleCap_OverTerm() {
	perYear := pricing.Cap{Kind: pricing.CapPerYear, Rate: decimal.RequireFromString("0.03")}
	cumulative := pricing.Cap{Kind: pricing.CapCumulative, Rate: decimal.RequireFromString("0.09")}
	for _, c := range []pricing.Cap{perYear, cumulative} {
		r, _ := c.OverTerm(4) // a 4-year term has three increases
		fmt.Printf("%s allows %s %% over the term\n", c, r.Mul(decimal.NewFromInt(100)).StringFixed(2))
	}
	// Output:
	// 3.00 % per year allows 9.27 % over the term
	// 9.00 % cumulative over the term allows 9.00 % over the term
}

func ExampleCap_Validate() {
	fmt.Println(pricing.Cap{Kind: pricing.CapPerYear, Rate: decimal.RequireFromString("-0.01")}.Validate())
	// Output: per-year cap rate -0.01 is negative
}

func ExampleCompoundedRate() {
	fmt.Println(pricing.CompoundedRate(decimal.RequireFromString("0.03"), 3))
	// Output: 0.092727
}

func ExampleFactors() {
	uplifts := []decimal.Decimal{decimal.RequireFromString("0.09"), decimal.RequireFromString("0.09")}
	f, _ := pricing.Factors(uplifts, pricing.Cap{Kind: pricing.CapPerYear, Rate: decimal.RequireFromString("0.04")})
	fmt.Println(f)
	// Output: [1 1.04 1.0816]
}

func ExamplePrice() {
	l := pricing.Line{Category: pricing.Subscription, Quantity: 42000, UnitPrice: decimal.RequireFromString("37.40")}
	fmt.Println(pricing.Price(l, decimal.RequireFromString("1.295029"))) // 1.09³
	// Output: 2034231.55
}

func ExampleProposal_Schedule() {
	s, _ := worked().Schedule(pricing.Cap{})
	for y, v := range s.Years {
		fmt.Printf("year %d %s\n", y+1, v.StringFixed(2))
	}
	fmt.Println("TCV", s.TCV.StringFixed(2))
	// Output:
	// year 1 1570800.00
	// year 2 1712172.00
	// year 3 1866267.48
	// year 4 2034231.55
	// year 5 2217312.39
	// TCV 9400783.42
}

func ExampleNPV() {
	s, _ := worked().Schedule(pricing.Cap{})
	npv, _ := pricing.NPV(s.Years, decimal.RequireFromString("0.08"))
	fmt.Println(npv)
	// Output: 8000797.39
}

func ExampleParseProposal() {
	data, err := os.ReadFile("testdata/proposal.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := pricing.ParseProposal(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Vendor, p.Currency, p.TermYears, p.StartDate.Format("2006-01-02"), len(p.Lines), p.Lines[0].Category)
	_, err = pricing.ParseProposal([]byte(`{"term_years":5,"lines":[{"category":"support","quantity":-1.5}]}`))
	fmt.Println(err)
	// Output:
	// Cisco USD 5 2026-07-01 2 subscription
	// lines[0].quantity: want a JSON integer, got "-1.5"
}

func ExampleProposal_MarshalJSON() {
	p := &pricing.Proposal{Vendor: "V", Currency: "USD", TermYears: 3, AnnualUplift: decimal.RequireFromString("0.05"),
		Lines: []pricing.Line{{SKU: "S", License: "L", Category: pricing.Support, Quantity: 1, UnitPrice: decimal.NewFromInt(500)}}}
	b, _ := json.Marshal(p)
	fmt.Println(string(b))
	// Output: {"vendor":"V","currency":"USD","term_years":3,"annual_uplift":"0.05","lines":[{"sku":"S","license":"L","category":"support","quantity":1,"unit_price":"500.00","uplift":"0"}]}
}

func ExampleProposal_UnmarshalJSON() {
	var doc struct{ Opening pricing.Proposal }
	err := json.Unmarshal([]byte(`{"opening":{"currency":"EUR","term_years":2,"lines":[]}}`), &doc)
	fmt.Println(doc.Opening.Currency, doc.Opening.TermYears, err)
	// Output: EUR 2 <nil>
}

func ExampleProposal_UpliftRates() {
	p := worked()
	p.TermYears = 3
	fmt.Println(p.UpliftRates())
	// Output: [0.09 0.09]
}

func ExampleProposal_Validate() {
	p := worked()
	p.StatedTotal = decimal.NewNullDecimal(decimal.RequireFromString("9400000"))
	err := p.Validate()
	var mm *pricing.TotalMismatchError
	if errors.As(err, &mm) {
		fmt.Println("stated total off by", mm.Difference.StringFixed(2))
	}
	p.TermYears = 0
	fmt.Println(p.Validate())
	// Output:
	// stated total off by -783.42
	// term_years: 0 is outside 1..30
}

func ExampleStandardCaps() {
	for _, c := range pricing.StandardCaps() {
		fmt.Println(c)
	}
	// Output:
	// no cap
	// 3.00 % per year
	// 4.00 % per year
	// 5.00 % per year
	// 9.00 % cumulative over the term
}

func ExampleProposal_Scenarios() {
	sc, _ := worked().Scenarios(pricing.StandardCaps(), decimal.RequireFromString("0.08"))
	for _, s := range sc {
		fmt.Printf("%-31s TCV %s NPV %s saving %s (%s %%)\n", s.Cap, s.TCV.StringFixed(2), s.NPV.StringFixed(2),
			s.Saving.StringFixed(2), s.SavingPercent)
	}
	// Output:
	// no cap                          TCV 9400783.42 NPV 8000797.39 saving 0.00 (0.00 %)
	// 3.00 % per year                 TCV 8339590.53 NPV 7159673.34 saving 1061192.89 (11.29 %)
	// 4.00 % per year                 TCV 8507959.48 NPV 7293373.48 saving 892823.94 (9.50 %)
	// 5.00 % per year                 TCV 8679661.57 NPV 7429619.64 saving 721121.85 (7.67 %)
	// 9.00 % cumulative over the term TCV 8419488.00 NPV 7241730.84 saving 981295.42 (10.44 %)
}

func ExampleBands() {
	for _, b := range pricing.Bands() {
		fmt.Printf("%s %s–%s\n", b.Label, b.Low, b.High)
	}
	// Output:
	// telecom / service provider 0.4–0.8
	// financial services 0.4–0.8
	// manufacturing 0.4–0.8
	// healthcare 0.3–0.6
	// public sector / federal 0.3–0.6
	// education 0.2–0.4
}

func ExampleLookupBand() {
	b, err := pricing.LookupBand("Federal")
	fmt.Println(b.Industry, b.Label, err)
	// Output: public-sector public sector / federal <nil>
}

func ExampleBand_Classify() {
	b, _ := pricing.LookupBand("education")
	pos, _ := b.Classify(decimal.NewFromInt(150), decimal.NewFromInt(100))
	fmt.Println(pos)
	// Output: above
}

func ExampleProposal_ClassifyBand() {
	p := worked()
	p.PriorAnnualSpend = decimal.NewNullDecimal(decimal.NewFromInt(1000000))
	r, _ := p.ClassifyBand("financial-services")
	fmt.Println(r.UpliftPercent, "%", r.Position, r.Band.Label)
	// Output: 57.08 % within financial services
}

func ExampleNewWaterfall() {
	w, err := pricing.NewWaterfall("USD", decimal.RequireFromString("9400783.42"), decimal.RequireFromString("7292536.70"), []pricing.Step{
		{Name: "smart_account_hygiene", Amount: decimal.RequireFromString("1343000.49")},
		{Name: "price_cap", Amount: decimal.RequireFromString("765246.23")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := w.Recovery()
	fmt.Println(r.Amount, r.Percent)
	_, err = pricing.NewWaterfall("USD", decimal.NewFromInt(100), decimal.NewFromInt(90), []pricing.Step{{Name: "x", Amount: decimal.NewFromInt(9)}})
	fmt.Println(err)
	// Output:
	// 2108246.72 22.43
	// waterfall steps sum to 9.00, want opening − target = 10.00 (difference -1.00)
}

func ExampleWaterfall_MarshalJSON() {
	w, _ := pricing.NewWaterfall("USD", decimal.NewFromInt(200), decimal.NewFromInt(150), []pricing.Step{{Name: "price_cap", Amount: decimal.NewFromInt(50)}})
	b, _ := json.Marshal(w)
	fmt.Println(string(b))
	// Output: {"currency":"USD","opening":"200.00","target":"150.00","steps":[{"step":"price_cap","amount":"50.00","evidence_count":0}],"recovery":{"amount":"50.00","percent":"25.00"}}
}

func ExampleParseExtension() {
	e, err := pricing.ParseExtension("flat")
	fmt.Println(e, err)
	// Output: flat <nil>
}

func ExampleCompare() {
	b, _ := pricing.ParseProposal([]byte(`{"vendor":"Vendor B","currency":"USD","term_years":3,"annual_uplift":"0.05",
		"lines":[{"sku":"B","category":"subscription","quantity":42000,"unit_price":"36.00"}]}`))
	c, err := pricing.Compare([]*pricing.Proposal{worked(), b}, pricing.CompareParams{DiscountRate: decimal.RequireFromString("0.08")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Assumption)
	for _, e := range c.Entries {
		fmt.Println(e.Rank, e.Vendor, e.TCV, e.NPV, e.PerUnitYear.Decimal, e.CAGRPercent)
	}
	// Output:
	// extended to 5 years — Vendor B (3 years): prices keep rising each year at the proposal's last annual uplift, as if renewed on the same terms
	// 1 Vendor B 8354754.45 USD 7151505.53 USD 39.78 5.00
	// 2 Cisco 9400783.42 USD 8000797.39 USD 44.77 9.00
}

func ExamplePercent() {
	saving, _ := pricing.Percentage(decimal.RequireFromString("892823.94"), decimal.RequireFromString("9400783.42"))
	fmt.Println(saving, saving.Rate())
	b, _ := json.Marshal(map[string]pricing.Percent{"saving_percent": saving})
	fmt.Println(string(b))
	// Output:
	// 9.50 0.095
	// {"saving_percent":"9.50"}
}

func ExampleCAGRPercent() {
	fmt.Println(pricing.CAGRPercent(decimal.NewFromInt(100), decimal.NewFromInt(121), 2))
	// Output: 10.00
}

func ExampleComparison_MarshalJSON() {
	c, _ := pricing.Compare([]*pricing.Proposal{worked()}, pricing.CompareParams{Horizon: 1})
	b, _ := json.Marshal(c)
	fmt.Println(string(b))
	// Output: {"currency":"USD","horizon_years":1,"discount_rate":"0","extension":"uplift","assumption":"cut at 1 years: Cisco (5 years)","proposals":[{"rank":1,"vendor":"Cisco","term_years":5,"extended":false,"truncated":true,"units":42000,"support_units":0,"schedule":["1570800.00"],"term_tcv":"9400783.42","tcv":"1570800.00","npv":"1570800.00","npv_above_best":"0.00","per_unit_per_year":"37.40","cagr_percent":"0.00"}]}
}

func ExampleCategory_String() {
	fmt.Println(pricing.TrueForward, pricing.Category(9))
	// Output: true-forward category(9)
}

func ExampleCategory_MarshalText() {
	b, _ := json.Marshal(map[string]pricing.Category{"category": pricing.Support})
	fmt.Println(string(b))
	// Output: {"category":"support"}
}

func ExampleCategory_UnmarshalText() {
	var c pricing.Category
	err := json.Unmarshal([]byte(`"Subscription"`), &c)
	fmt.Println(c, err)
	// Output: subscription <nil>
}

func ExampleCapKind_String() {
	fmt.Println(pricing.CapCumulative)
	// Output: cumulative
}

func ExampleCapKind_MarshalText() {
	b, _ := json.Marshal(struct {
		Kind pricing.CapKind `json:"cap_kind"`
	}{pricing.CapPerYear})
	fmt.Println(string(b))
	// Output: {"cap_kind":"per-year"}
}

func ExampleCapKind_UnmarshalText() {
	var opts struct {
		PriceCap string          `json:"price_cap"`
		CapKind  pricing.CapKind `json:"cap_kind"`
	}
	err := json.Unmarshal([]byte(`{"price_cap":"0.04","cap_kind":"per-year"}`), &opts)
	fmt.Println(opts.CapKind, err)
	// Output: per-year <nil>
}

func ExampleCap_String() {
	fmt.Println(pricing.Cap{Kind: pricing.CapPerYear, Rate: decimal.RequireFromString("0.04")})
	// Output: 4.00 % per year
}

func ExampleExtension_String() {
	fmt.Println(pricing.ExtendUplift, pricing.ExtendFlat)
	// Output: uplift flat
}

func ExamplePosition_String() {
	fmt.Println(pricing.Below, pricing.Within, pricing.Above)
	// Output: below within above
}

func ExamplePosition_MarshalText() {
	b, _ := json.Marshal(pricing.Within)
	fmt.Println(string(b))
	// Output: "within"
}

func ExampleMoney_Amount() {
	m, _ := pricing.ParseMoney("37.40", "USD")
	fmt.Println(m.Amount().Mul(decimal.NewFromInt(42000)))
	// Output: 1570800
}

func ExampleMoney_Currency() {
	m, _ := pricing.ParseMoney("1", "EUR")
	fmt.Println(m.Currency())
	// Output: EUR
}

func ExampleMoney_String() {
	m, _ := pricing.ParseMoney("2217312.3929880", "USD")
	fmt.Println(m)
	// Output: 2217312.39 USD
}

func ExampleMoney_MarshalJSON() {
	m, _ := pricing.ParseMoney("1570800", "USD")
	b, _ := json.Marshal(map[string]pricing.Money{"tcv": m})
	fmt.Println(string(b))
	// Output: {"tcv":"1570800.00"}
}

func ExampleWaterfall_Recovery() {
	w, _ := pricing.NewWaterfall("USD", decimal.NewFromInt(300), decimal.NewFromInt(200), []pricing.Step{
		{Name: "va_rightsizing", Amount: decimal.NewFromInt(100)},
	})
	r := w.Recovery()
	fmt.Println(r.Amount, r.Percent)
	// Output: 100 33.33
}

func ExampleSchedule_MarshalJSON() {
	p := worked()
	p.TermYears = 2
	s, _ := p.Schedule(pricing.Cap{Kind: pricing.CapPerYear, Rate: decimal.RequireFromString("0.04")})
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
	// Output: {"currency":"USD","cap_kind":"per-year","price_cap":"0.04","tcv":"3204432.00","schedule":[{"year":1,"amount":"1570800.00"},{"year":2,"amount":"1633632.00"}],"lines":[{"sku":"DNA-E","license":"DNA Essentials","category":"subscription","quantity":42000,"unit_price":"37.40","tcv":"3204432.00"}]}
}

func ExampleFormatAmount() {
	fmt.Println(pricing.FormatAmount(decimal.RequireFromString("9400783.415")))
	// Output: 9,400,783.42
}

func ExampleCurrencyMismatchError_Error() {
	usd, _ := pricing.ParseMoney("10.00", "USD")
	eur, _ := pricing.ParseMoney("10.00", "EUR")
	_, err := usd.Add(eur)
	var mm *pricing.CurrencyMismatchError
	fmt.Println(errors.As(err, &mm), mm.Want, mm.Got)
	fmt.Println(err)
	// Output:
	// true USD EUR
	// currency mismatch: USD and EUR
}

func ExampleFieldError_Error() {
	p, _ := pricing.ParseProposal([]byte(`{"currency":"USD","term_years":31,"lines":[]}`))
	err := p.Validate()
	var fe *pricing.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field)
		fmt.Println(fe)
	}
	// Output:
	// term_years
	// term_years: 31 is outside 1..30
}

func ExampleFieldError_Unwrap() {
	_, err := pricing.ParseProposal([]byte(`{"currency":"USD","term_years":5,"annual_uplift":"1e1000000000","lines":[]}`))
	fmt.Println(errors.Is(err, pricing.ErrDecimal))
	// Output: true
}

func ExampleReconcileError_Error() {
	opening, target := decimal.RequireFromString("1000.00"), decimal.RequireFromString("700.00")
	_, err := pricing.NewWaterfall("USD", opening, target, []pricing.Step{
		{Name: "smart_account_hygiene", Amount: decimal.RequireFromString("200.00")},
	})
	var re *pricing.ReconcileError
	fmt.Println(errors.As(err, &re), re.Difference)
	fmt.Println(err)
	// Output:
	// true -100
	// waterfall steps sum to 200.00, want opening − target = 300.00 (difference -100.00)
}

func ExampleTotalMismatchError_Error() {
	p, _ := pricing.ParseProposal([]byte(`{"vendor":"Cisco","currency":"USD","term_years":1,"stated_total":"1000.00",
		"lines":[{"sku":"A","license":"L","category":"subscription","quantity":10,"unit_price":"99.99"}]}`))
	err := p.Validate()
	var tm *pricing.TotalMismatchError
	fmt.Println(errors.As(err, &tm))
	fmt.Println(err)
	// Output:
	// true
	// stated_total: 1000.00 differs from the computed TCV 999.90 by 0.10
}
