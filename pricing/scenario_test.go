package pricing

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// TestScenarios: TCVs from TestWorkedCheck (bc); savings are 9400783.42
// minus each, percents from bc.
func TestScenarios(t *testing.T) {
	got, err := workedProposal(42000, "0.09").Scenarios(StandardCaps(), dec("0"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ tcv, saving, pct, overTerm string }{
		{"9400783.42", "0", "0.00", ""},
		{"8339590.53", "1061192.89", "11.29", "0.12550881"},
		{"8507959.48", "892823.94", "9.50", "0.16985856"},
		{"8679661.57", "721121.85", "7.67", "0.21550625"},
		{"8419488.00", "981295.42", "10.44", "0.09"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d scenarios", len(got))
	}
	for i, w := range want {
		s := got[i]
		t.Run(s.Cap.String(), func(t *testing.T) {
			assertDec(t, w.tcv, s.TCV)
			assertDec(t, w.tcv, s.NPV) // discount rate 0
			assertDec(t, w.saving, s.Saving)
			assertPercent(t, w.pct, s.SavingPercent)
			if w.overTerm == "" {
				if s.OverTerm.Valid {
					t.Errorf("OverTerm %s for no cap", s.OverTerm.Decimal)
				}
			} else {
				assertDec(t, w.overTerm, s.OverTerm.Decimal)
			}
			if !sum(s.Years).Equal(s.TCV) {
				t.Errorf("years sum to %s", sum(s.Years))
			}
		})
	}
}

func TestScenariosNPV(t *testing.T) {
	got, err := workedProposal(42000, "0.09").Scenarios([]Cap{{}}, dec("0.08"))
	if err != nil {
		t.Fatal(err)
	}
	assertDec(t, "8000797.39", got[0].NPV) // TestNPV
	if diff := cmp.Diff(decs("1570800.00", "1712172.00", "1866267.48", "2034231.55", "2217312.39"), got[0].Years, decEqual); diff != "" {
		t.Error(diff)
	}
}

func TestScenariosErrors(t *testing.T) {
	p := workedProposal(42000, "0.09")
	tests := []struct {
		name string
		p    *Proposal
		caps []Cap
		rate decimal.Decimal
		want string
	}{
		{"bad cap", p, []Cap{{}, {Kind: CapPerYear, Rate: dec("-0.04")}}, dec("0.08"), "caps[1]: per-year cap rate -0.04 is negative"},
		{"bad rate", p, nil, dec("-1.5"), "discount rate: -1.5 is at or below -100 %"},
		{"bad proposal", &Proposal{Currency: "USD"}, nil, dec("0"), "term_years: 0 is outside 1..30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.p.Scenarios(tt.caps, tt.rate)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
