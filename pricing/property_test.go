package pricing

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

// genProposal generates a valid proposal: 1–12 lines of every category,
// quantities up to 50,000, unit prices with up to 4 decimals, a 1–10-year
// term and an annual uplift from −5 % to +15 % (or one rate per year).
func genProposal(r *rand.Rand) *Proposal {
	p := &Proposal{Vendor: "gen", Currency: "USD", TermYears: 1 + r.IntN(10), AnnualUplift: decimal.New(r.Int64N(2001)-500, -4)}
	if r.IntN(3) == 0 {
		for range p.TermYears - 1 {
			p.YearlyUplift = append(p.YearlyUplift, decimal.New(r.Int64N(2001)-500, -4))
		}
	}
	for range 1 + r.IntN(12) {
		l := Line{Category: Category(1 + r.IntN(3)), Quantity: r.Int64N(50001), UnitPrice: decimal.New(r.Int64N(5_000_000), -4)}
		if l.Category == TrueForward {
			l.Uplift = decimal.New(r.Int64N(41), -2)
		}
		l.SKU = fmt.Sprintf("SKU-%d", r.IntN(1000))
		p.Lines = append(p.Lines, l)
	}
	return p
}

// genCap generates a cap: none, per-year or cumulative, 0–20 %.
func genCap(r *rand.Rand) Cap {
	return Cap{Kind: CapKind(r.IntN(3)), Rate: decimal.New(r.Int64N(2001), -4)}
}

func mustSchedule(t *testing.T, p *Proposal, c Cap) *Schedule {
	t.Helper()
	s, err := p.Schedule(c)
	if err != nil {
		t.Fatalf("%v for %+v", err, p)
	}
	return s
}

const propertyCases = 500

func TestPropertyCapNeverRaises(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range propertyCases {
		p, c := genProposal(r), genCap(r)
		open, capped := mustSchedule(t, p, Cap{}), mustSchedule(t, p, c)
		for y := range open.Years {
			if capped.Years[y].GreaterThan(open.Years[y]) {
				t.Fatalf("case %d: %s raised year %d: %s > %s", i, c, y+1, capped.Years[y], open.Years[y])
			}
			for l := range open.Lines {
				if capped.Lines[l].Years[y].GreaterThan(open.Lines[l].Years[y]) {
					t.Fatalf("case %d: %s raised line %d year %d", i, c, l, y+1)
				}
			}
		}
	}
}

func TestPropertyHigherUpliftNeverLowersTCV(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range propertyCases {
		p, c := genProposal(r), genCap(r)
		p.YearlyUplift = nil
		low := mustSchedule(t, p, c).TCV
		p.AnnualUplift = p.AnnualUplift.Add(decimal.New(1+r.Int64N(500), -4))
		if high := mustSchedule(t, p, c).TCV; high.LessThan(low) {
			t.Fatalf("case %d: uplift %s under %s lowered TCV %s to %s", i, p.AnnualUplift, c, low, high)
		}
	}
}

func TestPropertyTCVIsSumOfYearsAndLines(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range propertyCases {
		p, c := genProposal(r), genCap(r)
		s := mustSchedule(t, p, c)
		if !sum(s.Years).Equal(s.TCV) {
			t.Fatalf("case %d: years sum %s, TCV %s", i, sum(s.Years), s.TCV)
		}
		var lines decimal.Decimal
		for _, l := range s.Lines {
			lines = lines.Add(l.TCV)
			if !sum(l.Years).Equal(l.TCV) {
				t.Fatalf("case %d: line years sum %s, TCV %s", i, sum(l.Years), l.TCV)
			}
			for _, v := range l.Years {
				if v.Exponent() < -2 && !v.Equal(v.Round(2)) {
					t.Fatalf("case %d: %s is not in cents", i, v)
				}
			}
		}
		if !lines.Equal(s.TCV) {
			t.Fatalf("case %d: lines sum %s, TCV %s", i, lines, s.TCV)
		}
		sc, err := p.Scenarios([]Cap{c}, decimal.Zero)
		if err != nil {
			t.Fatal(err)
		}
		if !sc[0].TCV.Equal(s.TCV) || !sc[0].NPV.Equal(s.TCV) {
			t.Fatalf("case %d: scenario TCV %s NPV %s, schedule %s", i, sc[0].TCV, sc[0].NPV, s.TCV)
		}
	}
}

func TestPropertyLineOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range propertyCases {
		p, c := genProposal(r), genCap(r)
		s := mustSchedule(t, p, c)
		q := *p
		q.Lines = slices.Clone(p.Lines)
		r.Shuffle(len(q.Lines), func(a, b int) { q.Lines[a], q.Lines[b] = q.Lines[b], q.Lines[a] })
		u := mustSchedule(t, &q, c)
		if !u.TCV.Equal(s.TCV) {
			t.Fatalf("case %d: shuffled TCV %s, was %s", i, u.TCV, s.TCV)
		}
		for y := range s.Years {
			if !u.Years[y].Equal(s.Years[y]) {
				t.Fatalf("case %d: shuffled year %d %s, was %s", i, y+1, u.Years[y], s.Years[y])
			}
		}
	}
}

func TestPropertyWaterfallReconciles(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for i := range propertyCases {
		// Walk down a proposal: each step removes a random line's quantity
		// or applies a random cap; amounts are TCV before − TCV after.
		p := genProposal(r)
		opening := mustSchedule(t, p, Cap{}).TCV
		prev := opening
		var steps []Step
		q := *p
		q.Lines = slices.Clone(p.Lines)
		for k := range 1 + r.IntN(5) {
			l := r.IntN(len(q.Lines))
			q.Lines[l].Quantity = r.Int64N(q.Lines[l].Quantity + 1)
			now := mustSchedule(t, &q, Cap{}).TCV
			steps = append(steps, Step{Name: fmt.Sprintf("step%d", k), Amount: prev.Sub(now)})
			prev = now
		}
		c := Cap{Kind: CapPerYear, Rate: decimal.New(r.Int64N(500), -4)}
		capped := mustSchedule(t, &q, c).TCV
		steps = append(steps, Step{Name: "price_cap", Amount: prev.Sub(capped)})
		w, err := NewWaterfall("USD", opening, capped, steps)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		var total decimal.Decimal
		for _, s := range w.Steps {
			total = total.Add(s.Amount)
		}
		if rec := w.Recovery(); !total.Equal(opening.Sub(capped)) || !rec.Amount.Equal(total) {
			t.Fatalf("case %d: steps %s, opening − target %s, recovery %s", i, total, opening.Sub(capped), rec.Amount)
		}
		// Moving one cent between the target and the steps breaks it.
		if _, err := NewWaterfall("USD", opening, capped.Sub(decimal.New(1, -2)), steps); err == nil {
			t.Fatalf("case %d: a waterfall a cent off was accepted", i)
		}
	}
}

func TestPropertyRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for i := range propertyCases {
		p := genProposal(r)
		out, err := p.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseProposal(out)
		if err != nil {
			t.Fatalf("case %d: %v in %s", i, err, out)
		}
		a, b := mustSchedule(t, p, Cap{}), mustSchedule(t, back, Cap{})
		if !a.TCV.Equal(b.TCV) || len(back.Lines) != len(p.Lines) || back.TermYears != p.TermYears {
			t.Fatalf("case %d: round trip changed the proposal: %s", i, out)
		}
	}
}
