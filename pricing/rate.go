package pricing

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Bounds on what a contract can hold. An input beyond them is a mistake — a
// percentage written as a fraction, a run of nines, a price in the wrong
// unit — that would otherwise price amounts no contract holds.
const (
	// MaxRate bounds every rate the package reads or prices, in magnitude:
	// 10, that is 1,000 %. No uplift, cap, premium or discount comes near it.
	MaxRate = 10
	// MaxAmount bounds an amount — a unit price, a prior spend, a stated or
	// computed total — in magnitude: 10^15 in any currency.
	MaxAmount = 1_000_000_000_000_000
	// MaxQuantity bounds the units of one proposal line.
	MaxQuantity = 1_000_000_000
)

var (
	maxRate   = decimal.NewFromInt(MaxRate)
	maxAmount = decimal.NewFromInt(MaxAmount)
)

// ParseRate parses a rate. Rates are fractions everywhere in the SDK (0.09
// is 9 %); a percentage is accepted too and divided by 100 exactly: "9%",
// "9 %" and "9.5%" are 0.09, 0.09 and 0.095. The number is read as
// ParseDecimal reads it, and a rate beyond ±MaxRate is refused. Errors wrap
// ErrDecimal.
func ParseRate(s string) (decimal.Decimal, error) {
	number, percent := strings.CutSuffix(s, "%")
	if percent {
		number = strings.TrimSuffix(number, " ")
	}
	r, err := ParseDecimal(number)
	if err != nil {
		if percent {
			return decimal.Decimal{}, fmt.Errorf("%w %s: want a percentage such as 9%% or 9.5%%", ErrDecimal, quote(s))
		}
		return decimal.Decimal{}, err
	}
	if percent {
		r = r.Shift(-2)
	}
	if r.Abs().GreaterThan(maxRate) {
		return decimal.Decimal{}, fmt.Errorf("%w %s: a rate of %s %%, beyond the %d %% a contract can hold",
			ErrDecimal, quote(s), r.Shift(2).String(), MaxRate*100)
	}
	return r, nil
}

// RateWarning returns the likely meaning of a rate above 1 (100 %), which a
// contract seldom holds and a percentage written without its sign often
// is: "9 means 900 %; did you mean 0.09?". It returns "" for a rate of 1 or
// less.
func RateWarning(r decimal.Decimal) string {
	if r.LessThanOrEqual(one) {
		return ""
	}
	return fmt.Sprintf("%s means %s %%; did you mean %s?", r, r.Shift(2), r.Shift(-2))
}

// checkRate refuses a rate at or below −100 %, which would make a price
// zero or negative, and one beyond MaxRate.
func checkRate(r decimal.Decimal) error {
	switch {
	case r.LessThanOrEqual(one.Neg()):
		return fmt.Errorf("%s is at or below -100 %%", r)
	case r.GreaterThan(maxRate):
		return fmt.Errorf("%s is %s %%, beyond the %d %% a contract can hold", r, r.Shift(2), MaxRate*100)
	}
	return nil
}

// checkAmount refuses an amount beyond ±MaxAmount.
func checkAmount(d decimal.Decimal) error {
	if d.Abs().GreaterThan(maxAmount) {
		return fmt.Errorf("%s is beyond the %s a contract can hold", d, FormatAmount(maxAmount))
	}
	return nil
}
