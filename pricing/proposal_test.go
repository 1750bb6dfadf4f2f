package pricing

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseProposal(t *testing.T) {
	tests := []struct {
		file string
		want *Proposal
	}{
		{"proposal.json", &Proposal{
			Vendor: "Cisco", Currency: "USD", TermYears: 5,
			StartDate:        time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
			AnnualUplift:     dec("0.09"),
			PriorAnnualSpend: decimal.NewNullDecimal(dec("1100000")),
			StatedTotal:      decimal.NewNullDecimal(dec("10896961.07")),
			Lines: []Line{
				{SKU: "C9300-DNA-E-48-5Y", License: "DNA Essentials", Category: Subscription, Quantity: 42000, UnitPrice: dec("37.40")},
				{SKU: "CON-SNT-C9300", License: "Support", Category: Support, Quantity: 1, UnitPrice: dec("250000")},
			},
			Tiers: [][]string{{"DNA Essentials", "DNA Advantage"}},
		}},
		{"proposal_numbers.json", &Proposal{
			Vendor: "Acme Networks", Currency: "EUR", TermYears: 3,
			StartDate:    time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
			AnnualUplift: dec("0.05"), YearlyUplift: decs("0.04", "0.06"),
			StatedTotal: decimal.NewNullDecimal(dec("1500")),
			Lines:       []Line{{SKU: "X", License: "L", Category: Support, Quantity: 1, UnitPrice: dec("500")}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseProposal(readTestdata(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, decEqual); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseProposalErrors(t *testing.T) {
	line := func(body string) string {
		return `{"currency":"USD","term_years":1,"lines":[{"category":"support","quantity":1,"unit_price":"1"},{` + body + `}]}`
	}
	tests := []struct {
		name, in, want string
		field          string // the *FieldError's field, when one is expected
	}{
		{"empty", ``, "empty input: want a JSON object", ""},
		{"syntax error position", "{\n  \"vendor\": \"x\",\n  \"term_years\": 5,,\n}", "line 3, column 19: invalid character ',' looking for beginning of object key string", ""},
		{"key twice", "{\"term_years\":5,\n\"term_years\":3}", "line 2, column 1: term_years is given twice in one object (first at line 1, column 2)", ""},
		{"truncated", "{\"vendor\": \"V\",\n \"lines\": [", "line 2, column 12: the document ends before its JSON value does (is the file cut short?)", ""},
		{"truncated line", "{\"vendor\": \"V\", \"lines\": [{\"sku\": \"A\", \"quantity\": 1", "line 1, column 53: the document ends before its JSON value does (is the file cut short?)", ""},
		{"options.json", `{"as_of":"2026-11-01","price_cap":"0.04"}`, "this is not a proposal: it has none of proposal.json's keys (vendor, currency, term_years, lines, …), only as_of, price_cap", ""},
		{"empty object", `{}`, "this is not a proposal: an empty object, without vendor, currency, term_years or lines", ""},
		{"trailing data", `{"term_years":1} {}`, "line 1, column 18: unexpected data after the JSON object", ""},
		{"not an object", `[1,2]`, "proposal: want an object, got JSON array", "proposal"},
		{"vendor not a string", `{"vendor":5,"term_years":1}`, "vendor: want a string, got JSON number", "vendor"},
		{"term missing", `{"currency":"USD"}`, "term_years: missing", "term_years"},
		{"term fractional", `{"term_years":5.5}`, `term_years: want a JSON integer, got "5.5"`, "term_years"},
		{"term as string", `{"term_years":"5"}`, `term_years: want a JSON integer, got "\"5\""`, "term_years"},
		{"term huge", `{"term_years":99999999999}`, "term_years: 99999999999 is out of range", "term_years"},
		{"bad date", `{"term_years":1,"start_date":"2026-13-01"}`, `start_date: "2026-13-01" is not a YYYY-MM-DD date`, "start_date"},
		{"date with time", `{"term_years":1,"start_date":"2026-01-01T00:00:00Z"}`, `start_date: "2026-01-01T00:00:00Z" is not a YYYY-MM-DD date`, "start_date"},
		{"malformed uplift", `{"term_years":1,"annual_uplift":"9 pct"}`, `annual_uplift: invalid decimal "9 pct": unexpected ' ' at offset 1`, "annual_uplift"},
		{"uplift beyond a contract", `{"term_years":1,"annual_uplift":"999999999999"}`, `annual_uplift: invalid decimal "999999999999": a rate of 99999999999900 %, beyond the 1000 % a contract can hold`, "annual_uplift"},
		{"percentage of money", `{"term_years":1,"prior_annual_spend":"9%"}`, `prior_annual_spend: invalid decimal "9%": unexpected '%' at offset 1`, "prior_annual_spend"},
		{"huge exponent", `{"term_years":1,"annual_uplift":"1e1000000000"}`, `annual_uplift: invalid decimal "1e1000000000": exponent 1000000000 is beyond ±64`, "annual_uplift"},
		{"huge exponent as number", `{"term_years":1,"stated_total":1e-1000000000}`, `stated_total: invalid decimal "1e-1000000000": exponent -1000000000 is beyond ±64`, "stated_total"},
		{"uplift boolean", `{"term_years":1,"annual_uplift":true}`, `annual_uplift: invalid decimal: want a decimal string or a JSON number, got "true"`, "annual_uplift"},
		{"yearly uplift element", `{"term_years":3,"yearly_uplift":["0.1","x"]}`, `yearly_uplift[1]: invalid decimal "x": want digits, as in 1234.56`, "yearly_uplift[1]"},
		{"lines not an array", `{"term_years":1,"lines":{}}`, "lines: want an array, got JSON object", "lines"},
		{"line not an object", `{"term_years":1,"lines":[3]}`, "lines[0]: want an object, got JSON number", "lines[0]"},
		{"unknown category", line(`"category":"hardware","quantity":1,"unit_price":"1"`), `lines[1].category: unknown category "hardware" (accepted: subscription, true-forward, support)`, "lines[1].category"},
		{"quantity missing", line(`"category":"support","unit_price":"1"`), "lines[1].quantity: missing", "lines[1].quantity"},
		{"quantity fractional", line(`"category":"support","quantity":1.5,"unit_price":"1"`), `lines[1].quantity: want a JSON integer, got "1.5"`, "lines[1].quantity"},
		{"unit price missing", line(`"category":"support","quantity":1`), "lines[1].unit_price: missing", "lines[1].unit_price"},
		{"unit price with comma", line(`"category":"support","quantity":1,"unit_price":"1,000.00"`), `lines[1].unit_price: invalid decimal "1,000.00": leave out the thousands separators: 1000.00`, "lines[1].unit_price"},
		{"sku not a string", line(`"sku":1,"category":"support","quantity":1,"unit_price":"1"`), "lines[1].sku: want a string, got JSON number", "lines[1].sku"},
		{"tiers wrong shape", `{"term_years":1,"tiers":["a"]}`, "tiers: want an array, got JSON string", "tiers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseProposal([]byte(tt.in))
			if err == nil {
				t.Fatalf("no error; parsed %+v", p)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err, tt.want)
			}
			var fe *FieldError
			if got := errors.As(err, &fe); got != (tt.field != "") || got && fe.Field != tt.field {
				t.Errorf("FieldError %v (%+v), want field %q", got, fe, tt.field)
			}
		})
	}
}

func TestParseProposalByteOrderMark(t *testing.T) {
	p, err := ParseProposal([]byte("\xef\xbb\xbf" + `{"currency":"USD","term_years":2}`))
	if err != nil || p.Currency != "USD" || p.TermYears != 2 {
		t.Errorf("got %+v, %v", p, err)
	}
}

func TestParseProposalTooLarge(t *testing.T) {
	big := make([]byte, MaxProposalSize+1)
	_, err := ParseProposal(big)
	want := "proposal is 67108865 bytes, more than the 67108864-byte limit"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestProposalRoundTrip(t *testing.T) {
	for _, file := range []string{"proposal.json", "proposal_numbers.json"} {
		t.Run(file, func(t *testing.T) {
			p, err := ParseProposal(readTestdata(t, file))
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseProposal(out)
			if err != nil {
				t.Fatalf("%v in %s", err, out)
			}
			if diff := cmp.Diff(p, back, decEqual, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-before +after):\n%s", diff)
			}
		})
	}
}

func TestProposalMarshalJSON(t *testing.T) {
	p := &Proposal{Vendor: "V", Currency: "USD", TermYears: 2, AnnualUplift: dec("0.090"),
		StartDate:   time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		StatedTotal: decimal.NewNullDecimal(dec("10")),
		Lines: []Line{{SKU: "S", License: "L", Category: TrueForward, Quantity: 3, UnitPrice: dec("37.4"), Uplift: dec("0.25")},
			{SKU: "T", License: "L", Category: Support, Quantity: 1, UnitPrice: dec("0.12345")}}}
	got, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"vendor":"V","currency":"USD","term_years":2,"start_date":"2026-01-02","annual_uplift":"0.09","stated_total":"10.00",` +
		`"lines":[{"sku":"S","license":"L","category":"true-forward","quantity":3,"unit_price":"37.40","uplift":"0.25"},` +
		`{"sku":"T","license":"L","category":"support","quantity":1,"unit_price":"0.12345","uplift":"0"}]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A Proposal value (not a pointer) marshals the same way.
	if v, _ := json.Marshal(*p); string(v) != want {
		t.Errorf("value: %s", v)
	}
}

func TestProposalUnmarshalJSONEmbedded(t *testing.T) {
	var doc struct {
		Opening Proposal `json:"opening"`
	}
	err := json.Unmarshal([]byte(`{"opening":{"currency":"USD","term_years":2,"lines":[{"category":"support","quantity":2,"unit_price":"1.5"}]}}`), &doc)
	if err != nil {
		t.Fatal(err)
	}
	want := Proposal{Currency: "USD", TermYears: 2, Lines: []Line{{Category: Support, Quantity: 2, UnitPrice: dec("1.5")}}}
	if diff := cmp.Diff(want, doc.Opening, decEqual); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestValidate(t *testing.T) {
	valid := func() *Proposal { return workedProposal(42000, "0.09") }
	tests := []struct {
		name   string
		modify func(p *Proposal)
		want   []string // the fields named, in order
	}{
		{"valid", func(*Proposal) {}, nil},
		{"term 0", func(p *Proposal) { p.TermYears = 0 }, []string{"term_years: 0 is outside 1..30"}},
		{"term 31", func(p *Proposal) { p.TermYears = 31 }, []string{"term_years: 31 is outside 1..30"}},
		{"currency missing", func(p *Proposal) { p.Currency = "" }, []string{`currency: currency "": want a three-letter ISO 4217 code such as USD`}},
		{"currency lower case", func(p *Proposal) { p.Currency = "usd" }, []string{`currency: currency "usd": want a three-letter ISO 4217 code such as USD`}},
		{"uplift -100%", func(p *Proposal) { p.AnnualUplift = dec("-1") }, []string{"annual_uplift: -1 is at or below -100 %"}},
		{"uplift -99.99% is allowed", func(p *Proposal) { p.AnnualUplift = dec("-0.9999") }, nil},
		{"yearly uplift count", func(p *Proposal) { p.YearlyUplift = decs("0.1") }, []string{"yearly_uplift: 1 rates for a 5-year term: want 4 (years 2..5)"}},
		{"yearly uplift value", func(p *Proposal) { p.YearlyUplift = decs("0.1", "0.1", "-2", "0") }, []string{"yearly_uplift[2]: -2 is at or below -100 %"}},
		{"start date with a time", func(p *Proposal) { p.StartDate = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC) }, []string{"start_date: 2026-01-01T12:00:00Z is not a civil date at 00:00 UTC"}},
		{"negative quantity", func(p *Proposal) { p.Lines[0].Quantity = -1 }, []string{"lines[0].quantity: -1 is negative"}},
		{"negative price", func(p *Proposal) { p.Lines[0].UnitPrice = dec("-0.01") }, []string{"lines[0].unit_price: -0.01 is negative"}},
		{"zero category", func(p *Proposal) { p.Lines[0].Category = 0 }, []string{"lines[0].category: invalid category 0"}},
		{"premium on a subscription line", func(p *Proposal) { p.Lines[0].Uplift = dec("0.2") },
			[]string{"lines[0].uplift: 0.2 on a subscription line: the premium applies to true-forward lines only"}},
		{"true-forward premium -100%", func(p *Proposal) { p.Lines[0].Category = TrueForward; p.Lines[0].Uplift = dec("-1") },
			[]string{"lines[0].uplift: -1 is at or below -100 %"}},
		{"negative stated total", func(p *Proposal) { p.StatedTotal = decimal.NewNullDecimal(dec("-5")) }, []string{"stated_total: -5 is negative"}},
		{"empty tier name", func(p *Proposal) { p.Tiers = [][]string{{"DNA Essentials", " "}} }, []string{"tiers[0][1]: empty license name"}},
		{"negative prior spend", func(p *Proposal) { p.PriorAnnualSpend = decimal.NewNullDecimal(dec("-5")) }, []string{"prior_annual_spend: -5 is negative"}},
		{"uplift beyond a contract", func(p *Proposal) { p.AnnualUplift = dec("10.5") }, []string{"annual_uplift: 10.5 is 1050 %, beyond the 1000 % a contract can hold"}},
		{"quantity beyond a line", func(p *Proposal) { p.Lines[0].Quantity = 1_000_000_001 },
			[]string{"lines[0].quantity: 1000000001 is more than the 1000000000 units a proposal line can hold"}},
		{"price beyond a contract", func(p *Proposal) { p.Lines[0].UnitPrice = dec("1e16") },
			[]string{"lines[0].unit_price: 10000000000000000 is beyond the 1,000,000,000,000,000.00 a contract can hold"}},
		{"stated total beyond a contract", func(p *Proposal) { p.StatedTotal = decimal.NewNullDecimal(dec("2e15")) },
			[]string{"stated_total: 2000000000000000 is beyond the 1,000,000,000,000,000.00 a contract can hold"}},
		// 1,000,000,000 units × 1,000,000.00 = 10^15 in year 1 alone; five
		// years at 9 %: 10^15 × (1 + 1.09 + 1.1881 + 1.295029 + 1.41158161)
		// = 10^15 × 5.98471061.
		{"TCV beyond a contract", func(p *Proposal) { p.Lines[0].Quantity = 1_000_000_000; p.Lines[0].UnitPrice = dec("1000000") },
			[]string{"lines: the TCV 5984710610000000 is beyond the 1,000,000,000,000,000.00 a contract can hold"}},
		{"several problems", func(p *Proposal) { p.TermYears = 0; p.Lines[0].Quantity = -3 },
			[]string{"term_years: 0 is outside 1..30", "lines[0].quantity: -3 is negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.modify(p)
			err := p.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if got := strings.Split(err.Error(), "\n"); !cmp.Equal(got, tt.want) {
				t.Errorf("%s", cmp.Diff(tt.want, got))
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Errorf("%v is not a *FieldError", err)
			}
		})
	}
}

func TestValidateManyErrorsAreBounded(t *testing.T) {
	p := workedProposal(1, "0")
	for range 30 {
		p.Lines = append(p.Lines, Line{Category: Support, Quantity: -1})
	}
	msgs := strings.Split(p.Validate().Error(), "\n")
	if len(msgs) != 21 || msgs[20] != "and 10 more problems" {
		t.Errorf("got %d messages, last %q", len(msgs), msgs[len(msgs)-1])
	}
}

func TestValidateStatedTotal(t *testing.T) {
	tests := []struct {
		name, stated string
		want         *TotalMismatchError
	}{
		{"matches", "9400783.42", nil},
		{"matches with fewer decimals", "9400783.420", nil},
		{"a cent too low", "9400783.41", &TotalMismatchError{Stated: dec("9400783.41"), Computed: dec("9400783.42"), Difference: dec("-0.01")}},
		{"rounded up", "9401000", &TotalMismatchError{Stated: dec("9401000"), Computed: dec("9400783.42"), Difference: dec("216.58")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := workedProposal(42000, "0.09")
			p.StatedTotal = decimal.NewNullDecimal(dec(tt.stated))
			err := p.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var got *TotalMismatchError
			if !errors.As(err, &got) {
				t.Fatalf("%v is not a *TotalMismatchError", err)
			}
			if diff := cmp.Diff(tt.want, got, decEqual); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	p := workedProposal(42000, "0.09")
	p.StatedTotal = decimal.NewNullDecimal(dec("9401000"))
	if want := "stated_total: 9401000.00 differs from the computed TCV 9400783.42 by 216.58"; p.Validate().Error() != want {
		t.Errorf("got %q", p.Validate())
	}
}

func TestValidateTestdata(t *testing.T) {
	p, err := ParseProposal(readTestdata(t, "proposal.json"))
	if err != nil {
		t.Fatal(err)
	}
	// 9400783.42 for the subscription line plus the support line
	// 250000 × 1.09^k: 250000 + 272500 + 297025 + 323757.25 + 352895.40.
	if err := p.Validate(); err != nil {
		t.Errorf("stated total 10896961.07 should match: %v", err)
	}
	q, err := ParseProposal(readTestdata(t, "proposal_numbers.json"))
	if err != nil {
		t.Fatal(err)
	}
	// 500, 520, 551.20 = 1571.20 against a stated 1500.
	var mm *TotalMismatchError
	if !errors.As(q.Validate(), &mm) || !mm.Difference.Equal(dec("-71.20")) {
		t.Errorf("got %v", q.Validate())
	}
}
