package virtualaccount

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

const (
	perp = smartaccount.Perpetual
	term = smartaccount.Term
	sub  = smartaccount.Subscription
)

func TestPlanRequests(t *testing.T) {
	// many returns n transfers of n distinct licenses, 1 unit each, from
	// one account.
	many := func(n int) []Transfer {
		var ts []Transfer
		for i := range n {
			ts = append(ts, Transfer{License: fmt.Sprintf("L%02d", i), Type: sub, From: "A", To: "B", Quantity: 1})
		}
		return ts
	}
	manyLines := func(from, to int) []RequestLine {
		var ls []RequestLine
		for i := from; i < to; i++ {
			ls = append(ls, RequestLine{License: fmt.Sprintf("L%02d", i), Type: sub, To: "B", Quantity: 1})
		}
		return ls
	}
	for _, tc := range []struct {
		name string
		plan Plan
		want []Request
	}{
		{"empty plan: no request", Plan{}, nil},
		{
			// 2,500 = 998 + 998 + 504.
			"a transfer above 998 units is split into lines",
			Plan{Transfers: []Transfer{{License: "L", Type: perp, From: "A", To: "B", Quantity: 2500}}},
			[]Request{{From: "A", Lines: []RequestLine{
				{License: "L", Type: perp, To: "B", Quantity: 998},
				{License: "L", Type: perp, To: "B", Quantity: 998},
				{License: "L", Type: perp, To: "B", Quantity: 504},
			}}},
		},
		{
			// 998 exactly is one line; 999 is 998 + 1.
			"the line bound is inclusive",
			Plan{Transfers: []Transfer{
				{License: "L", Type: perp, From: "A", To: "B", Quantity: 998},
				{License: "L", Type: term, From: "A", To: "B", Quantity: 999},
			}},
			[]Request{{From: "A", Lines: []RequestLine{
				{License: "L", Type: perp, To: "B", Quantity: 998},
				{License: "L", Type: term, To: "B", Quantity: 998},
				{License: "L", Type: term, To: "B", Quantity: 1},
			}}},
		},
		{
			// Twelve license types from A: ten in the first request, two in
			// the second.
			"at most ten license types a request",
			Plan{Transfers: many(12)},
			[]Request{{From: "A", Lines: manyLines(0, 10)}, {From: "A", Lines: manyLines(10, 12)}},
		},
		{
			// L/PERPETUAL to B and to C is one license type; L/TERM is a
			// second, so ten types still fit after eight others: 8 + 2 = 10.
			"one license type to two accounts counts once",
			Plan{Transfers: append(many(8),
				Transfer{License: "M", Type: perp, From: "A", To: "B", Quantity: 3},
				Transfer{License: "M", Type: perp, From: "A", To: "C", Quantity: 4},
				Transfer{License: "M", Type: term, From: "A", To: "C", Quantity: 5},
			)},
			[]Request{{From: "A", Lines: append(manyLines(0, 8),
				RequestLine{License: "M", Type: perp, To: "B", Quantity: 3},
				RequestLine{License: "M", Type: perp, To: "C", Quantity: 4},
				RequestLine{License: "M", Type: term, To: "C", Quantity: 5},
			)}},
		},
		{
			// Source accounts in name order; within one, lines sorted by
			// license then type (PERPETUAL < TERM < SUBSCRIPTION), the plan
			// order kept among equals (to D before to B).
			"grouped by source account",
			Plan{Transfers: []Transfer{
				{License: "Y", Type: sub, From: "Z-POOL", To: "B", Quantity: 7},
				{License: "X", Type: sub, From: "A", To: "D", Quantity: 2},
				{License: "X", Type: perp, From: "A", To: "D", Quantity: 1},
				{License: "X", Type: sub, From: "A", To: "B", Quantity: 6},
				{License: "W", Type: term, From: "Z-POOL", To: "C", Quantity: 9},
			}},
			[]Request{
				{From: "A", Lines: []RequestLine{
					{License: "X", Type: perp, To: "D", Quantity: 1},
					{License: "X", Type: sub, To: "D", Quantity: 2},
					{License: "X", Type: sub, To: "B", Quantity: 6},
				}},
				{From: "Z-POOL", Lines: []RequestLine{
					{License: "W", Type: term, To: "C", Quantity: 9},
					{License: "Y", Type: sub, To: "B", Quantity: 7},
				}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.plan.Requests()
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Requests (-want +got):\n%s", diff)
			}
			var units int64
			for _, r := range got {
				types := map[[2]string]bool{}
				for _, l := range r.Lines {
					assert.LessOrEqual(t, l.Quantity, int64(MaxLineUnits))
					types[[2]string{l.License, l.Type.String()}] = true
					units += l.Quantity
				}
				assert.LessOrEqual(t, len(types), MaxRequestTypes)
			}
			assert.Equal(t, tc.plan.Units(), units, "requests carry every unit of the plan")
		})
	}
}

func TestPlanValidateListsEveryProblem(t *testing.T) {
	p := Plan{Transfers: []Transfer{{From: "A", To: "B", Quantity: 1}, {License: "L", From: "A", To: "B", Quantity: 1}, {License: "L", From: "A", To: "B"}}}
	require.EqualError(t, p.Validate(), "transfers[0]: license not named\ntransfers[2]: quantity 0 is not positive")
}

func TestPlanRequestsRejectsWhatCSSMCannotDo(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    Transfer
		want string
	}{
		{"no license", Transfer{Type: sub, From: "A", To: "B", Quantity: 1}, "transfers[1]: license not named"},
		{"no source", Transfer{License: "L", From: " ", To: "B", Quantity: 1}, "transfers[1]: from: Virtual Account not named"},
		{"no target", Transfer{License: "L", From: "A", Quantity: 1}, "transfers[1]: to: Virtual Account not named"},
		{"to itself", Transfer{License: "L", From: "A", To: "A", Quantity: 1}, `transfers[1]: from and to are the same Virtual Account "A"`},
		{"zero units", Transfer{License: "L", From: "A", To: "B"}, "transfers[1]: quantity 0 is not positive"},
		{"negative units", Transfer{License: "L", From: "A", To: "B", Quantity: -4}, "transfers[1]: quantity -4 is not positive"},
		{"too many units", Transfer{License: "L", From: "A", To: "B", Quantity: 1 << 50}, "transfers[1]: quantity 1125899906842624 is more than 10000000: input larger than the accepted size"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Plan{Transfers: []Transfer{{License: "L", From: "A", To: "B", Quantity: 1}, tc.t}}
			got, err := p.Requests()
			assert.Nil(t, got)
			require.EqualError(t, err, tc.want)
			assert.Equal(t, tc.t.Quantity > MaxTransferUnits, errors.Is(err, smartaccount.ErrTooLarge))
		})
	}
}

func TestPlanJSONRoundTrip(t *testing.T) {
	p := Plan{Transfers: []Transfer{
		{License: "C9300 DNA Advantage", Type: perp, From: "GT-GLOBAL-POOL", To: "RB-AMER-BRANCH-PROD", Quantity: 120},
		{License: "C9300 DNA Advantage", Type: sub, From: "CIB-EMEA-TRADING-PROD", To: "Finance & Risk (EMEA)/Core", Quantity: 7},
	}}
	b, err := json.Marshal(&p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"transfers":[
		{"license":"C9300 DNA Advantage","license_type":"PERPETUAL","from":"GT-GLOBAL-POOL","to":"RB-AMER-BRANCH-PROD","quantity":120},
		{"license":"C9300 DNA Advantage","license_type":"SUBSCRIPTION","from":"CIB-EMEA-TRADING-PROD","to":"Finance & Risk (EMEA)/Core","quantity":7}]}`, string(b))
	var back Plan
	require.NoError(t, json.Unmarshal(b, &back))
	if diff := cmp.Diff(p, back); diff != "" {
		t.Errorf("round trip (-written +read):\n%s", diff)
	}

	err = json.Unmarshal([]byte(`{"transfers":[{"license":"L","license_type":"LEASE","from":"A","to":"B","quantity":1}]}`), &back)
	var ue *smartaccount.UnknownValueError
	require.ErrorAs(t, err, &ue, "an unknown license type is refused")
}

func TestPlanString(t *testing.T) {
	p := Plan{Transfers: []Transfer{
		{License: "C9300 DNA Advantage", Type: perp, From: "GT-GLOBAL-POOL", To: "RB-AMER-BRANCH-PROD", Quantity: 120},
		{License: "DNA HSEC", Type: term, From: "CIB-EMEA-DR", To: "PAY-AMER-PROD", Quantity: 1},
	}}
	assert.Equal(t, ""+
		"license              type       units  from            to\n"+
		"C9300 DNA Advantage  PERPETUAL  120    GT-GLOBAL-POOL  RB-AMER-BRANCH-PROD\n"+
		"DNA HSEC             TERM       1      CIB-EMEA-DR     PAY-AMER-PROD\n"+
		"2 transfers, 121 units\n", p.String())
	one := Plan{Transfers: p.Transfers[1:]}
	assert.Equal(t, ""+
		"license   type  units  from         to\n"+
		"DNA HSEC  TERM  1      CIB-EMEA-DR  PAY-AMER-PROD\n"+
		"1 transfer, 1 unit\n", one.String())
	assert.Equal(t, "no transfers\n", (&Plan{}).String())
}
