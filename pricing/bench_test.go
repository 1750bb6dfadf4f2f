package pricing

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// benchProposal is a 10-year proposal with n lines of every category and
// realistic prices (cents and sub-cent unit prices).
func benchProposal(n int) *Proposal {
	r := rand.New(rand.NewPCG(42, 42))
	p := &Proposal{Vendor: "bench", Currency: "USD", TermYears: 10, AnnualUplift: dec("0.09")}
	for i := range n {
		l := Line{SKU: fmt.Sprintf("SKU-%05d", i), License: fmt.Sprintf("L%d", i%50), Category: Category(1 + i%3),
			Quantity: 1 + r.Int64N(5000), UnitPrice: decimal.New(100+r.Int64N(1_000_000), -4)}
		if l.Category == TrueForward {
			l.Uplift = dec("0.25")
		}
		p.Lines = append(p.Lines, l)
	}
	return p
}

// BenchmarkSchedule10000Lines10Years prices a 10,000-line proposal over 10 years.
func BenchmarkSchedule10000Lines10Years(b *testing.B) {
	p := benchProposal(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Schedule(Cap{Kind: CapPerYear, Rate: dec("0.04")}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseProposal10000Lines reads the same proposal from JSON.
func BenchmarkParseProposal10000Lines(b *testing.B) {
	data, err := json.Marshal(benchProposal(10000))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseProposal(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCapSweep1000 prices METHOD.md §1's worked proposal (42,000 ×
// 37.40, 5 years, 9 %) under 1,000 caps: per-year 0.00 %–9.99 % and
// cumulative, with NPV.
func BenchmarkCapSweep1000(b *testing.B) {
	benchmarkSweep(b, workedProposal(42000, "0.09"))
}

// BenchmarkCapSweep1000x100Lines is the same sweep over a 100-line, 10-year proposal.
func BenchmarkCapSweep1000x100Lines(b *testing.B) {
	benchmarkSweep(b, benchProposal(100))
}

func benchmarkSweep(b *testing.B, p *Proposal) {
	caps := make([]Cap, 1000)
	for i := range caps {
		kind := CapPerYear
		if i%2 == 1 {
			kind = CapCumulative
		}
		caps[i] = Cap{Kind: kind, Rate: decimal.New(int64(i), -4)}
	}
	rate := dec("0.08")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Scenarios(caps, rate); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompare compares 10 proposals of 1,000 lines over a 10-year horizon.
func BenchmarkCompare(b *testing.B) {
	ps := make([]*Proposal, 10)
	for i := range ps {
		ps[i] = benchProposal(1000)
		ps[i].TermYears = 3 + i%8
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(ps, CompareParams{DiscountRate: dec("0.08"), Horizon: 10}); err != nil {
			b.Fatal(err)
		}
	}
}
