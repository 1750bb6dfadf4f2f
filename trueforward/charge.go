package trueforward

import (
	"math/big"
	"slices"

	"github.com/shopspring/decimal"
)

// Charge is one true-forward charge (METHOD.md §5): units × price × (1 +
// premium) × months / 12, rounded half-even to cents (METHOD.md §0) —
// exactly, the division by 12 carried as a quotient and remainder rather
// than to a fixed number of digits. price is the year-1 annual price of a
// unit and months the whole months from the milestone to the end of the
// term (Contract.Months). No units or no months charge nothing.
func Charge(units int64, price, premium decimal.Decimal, months int) decimal.Decimal {
	if units <= 0 || months <= 0 {
		return decimal.Zero
	}
	x := decimal.NewFromInt(units).Mul(price).Mul(one.Add(premium)).Mul(decimal.NewFromInt(int64(months)))
	return divRoundBank(x, twelve)
}

var (
	twelve = decimal.NewFromInt(12)
	cent   = decimal.New(1, -2)
)

// divRoundBank returns x / d rounded half-even to cents, exactly, for d > 0.
func divRoundBank(x, d decimal.Decimal) decimal.Decimal {
	neg := x.IsNegative()
	q, r := x.Abs().QuoRem(d, 2) // |x| = d × q + r, q in cents, 0 ≤ r < d × 0.01
	switch twice, half := r.Add(r), d.Mul(cent); twice.Cmp(half) {
	case 1:
		q = q.Add(cent)
	case 0:
		if q.Shift(2).BigInt().Bit(0) == 1 {
			q = q.Add(cent)
		}
	}
	if neg {
		return q.Neg()
	}
	return q
}

// Attribution splits units by growth source (METHOD.md §5): organic,
// project and acquisition growth, and the growth whose source is not known.
type Attribution struct {
	Organic      int64 `json:"organic"`
	Project      int64 `json:"project"`
	Acquisition  int64 `json:"acquisition"`
	Unattributed int64 `json:"unattributed"`
}

// Total returns the sum of the parts.
func (a Attribution) Total() int64 { return a.Organic + a.Project + a.Acquisition + a.Unattributed }

// Attribute splits units in proportion to weights by the largest remainder
// (METHOD.md §5), so the parts sum to units exactly: each part gets the
// floor of its exact share, and the units left over go one each to the
// parts with the largest remainders, ties in the order organic, project,
// acquisition, unattributed. Weights below zero count as zero; when no
// weight is positive every unit is unattributed. Units not above zero
// attribute nothing.
func Attribute(units int64, weights Attribution) Attribution {
	if units <= 0 {
		return Attribution{}
	}
	w := [4]*big.Int{}
	total := new(big.Int)
	for i, v := range [4]int64{weights.Organic, weights.Project, weights.Acquisition, weights.Unattributed} {
		w[i] = big.NewInt(max(v, 0))
		total.Add(total, w[i])
	}
	if total.Sign() == 0 {
		return Attribution{Unattributed: units}
	}
	var parts [4]int64
	rems := [4]*big.Int{}
	left := units
	u := big.NewInt(units)
	for i := range w {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(u, w[i]), total, new(big.Int))
		parts[i], rems[i] = q.Int64(), r // q ≤ units: the weight is at most the total
		left -= parts[i]
	}
	order := []int{0, 1, 2, 3}
	slices.SortStableFunc(order, func(a, b int) int { return rems[b].Cmp(rems[a]) })
	for _, i := range order[:left] {
		parts[i]++
	}
	return Attribution{Organic: parts[0], Project: parts[1], Acquisition: parts[2], Unattributed: parts[3]}
}
