package pricing

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Bounds applied by ParseDecimal before the text reaches the decimal library.
// A money amount or a rate never needs more; refusing early keeps inputs like
// "1e1000000000" from costing seconds and gigabytes.
const (
	// MaxDecimalLen is the longest decimal text ParseDecimal accepts, in bytes.
	MaxDecimalLen = 64
	// MaxDecimalExponent bounds the absolute value of an explicit exponent
	// ("1e64" is accepted, "1e65" is not).
	MaxDecimalExponent = 64
)

// ErrDecimal is wrapped by every error ParseDecimal returns, so callers can
// tell a malformed number from other failures with errors.Is.
var ErrDecimal = errors.New("invalid decimal")

// ParseDecimal parses a decimal number written as [+-]digits[.digits][(e|E)[+-]digits],
// the way money and rates appear in JSON and CSV inputs. It refuses empty
// text, spaces, thousands separators, NaN/Inf, text longer than MaxDecimalLen
// bytes and exponents beyond ±MaxDecimalExponent, all before calling the
// decimal library, and then a value whose plain form (Decimal.String) is
// longer than MaxDecimalLen, so that whatever it accepts can be written back
// and read again. Errors wrap ErrDecimal and quote (a prefix of) the input.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if len(s) > MaxDecimalLen {
		return decimal.Decimal{}, fmt.Errorf("%w %s: longer than %d bytes", ErrDecimal, quote(s), MaxDecimalLen)
	}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	n := digits(s[i:])
	if n == 0 {
		return decimal.Decimal{}, fmt.Errorf("%w %s: want digits, as in 1234.56", ErrDecimal, quote(s))
	}
	i += n
	if i < len(s) && s[i] == '.' {
		i++
		n = digits(s[i:])
		if n == 0 {
			return decimal.Decimal{}, fmt.Errorf("%w %s: want digits after the decimal point", ErrDecimal, quote(s))
		}
		i += n
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			neg = s[i] == '-'
			i++
		}
		n = digits(s[i:])
		if n == 0 {
			return decimal.Decimal{}, fmt.Errorf("%w %s: want digits in the exponent", ErrDecimal, quote(s))
		}
		exp := 0
		for _, c := range s[i : i+n] {
			exp = exp*10 + int(c-'0')
			if exp > MaxDecimalExponent {
				sign := ""
				if neg {
					sign = "-"
				}
				return decimal.Decimal{}, fmt.Errorf("%w %s: exponent %s%s is beyond ±%d", ErrDecimal, quote(s), sign, s[i:i+n], MaxDecimalExponent)
			}
		}
		i += n
	}
	if i != len(s) {
		if hint := commaHint(s); hint != "" {
			return decimal.Decimal{}, fmt.Errorf("%w %s: %s", ErrDecimal, quote(s), hint)
		}
		c, _ := utf8.DecodeRuneInString(s[i:])
		return decimal.Decimal{}, fmt.Errorf("%w %s: unexpected %q at offset %d", ErrDecimal, quote(s), c, i)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w %s: %v", ErrDecimal, quote(s), err)
	}
	// The exponent may still push the value out to more digits than the
	// text had; what is accepted must also be writable back within the limit.
	if n := len(d.String()); n > MaxDecimalLen {
		return decimal.Decimal{}, fmt.Errorf("%w %s: %d characters written out, more than %d", ErrDecimal, quote(s), n, MaxDecimalLen)
	}
	return d, nil
}

// commaHint says what a number written with commas most likely means:
// "37,40" is a decimal comma, "1,000.00" a thousands separator, "1,000"
// either. It returns "" for text that is not digits grouped by commas.
func commaHint(s string) string {
	body := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, point := strings.Cut(body, ".")
	groups := strings.Split(whole, ",")
	if len(groups) < 2 || point && (frac == "" || digits(frac) != len(frac)) {
		return ""
	}
	thousands := true
	for i, g := range groups {
		if g == "" || digits(g) != len(g) {
			return ""
		}
		thousands = thousands && (i == 0 && len(g) <= 3 || len(g) == 3)
	}
	plain := strings.ReplaceAll(s, ",", "")
	switch {
	case point && thousands:
		return "leave out the thousands separators: " + plain
	case len(groups) == 2 && !point && !thousands:
		return "use a dot as the decimal separator: " + strings.Replace(s, ",", ".", 1)
	case thousands && !point:
		return fmt.Sprintf("a comma is neither a decimal point nor a thousands separator here: write %s or %s",
			plain, strings.Replace(s, ",", ".", 1))
	}
	return ""
}

// digits returns the length of the leading run of ASCII digits of s.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// quote quotes s for an error message, cutting it at 32 bytes so that a
// hostile input cannot make the message huge.
func quote(s string) string {
	const max = 32
	if len(s) > max {
		return fmt.Sprintf("%q…", s[:max])
	}
	return fmt.Sprintf("%q", s)
}

var (
	one     = decimal.NewFromInt(1)
	hundred = decimal.NewFromInt(100)
	// pow10s caches 10^k for the rounding of cents.
	pow10s = func() [128]*big.Int {
		var t [128]*big.Int
		t[0] = big.NewInt(1)
		for k := 1; k < len(t); k++ {
			t[k] = new(big.Int).Mul(t[k-1], big.NewInt(10))
		}
		return t
	}()
)

// pow10 returns 10^k (k ≥ 0); the result must not be modified.
func pow10(k int) *big.Int {
	if k < len(pow10s) {
		return pow10s[k]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
}

// term is a decimal taken apart once (coefficient × 10^exp), so that a hot
// loop multiplies big.Ints without the copies Decimal.Coefficient makes.
type term struct {
	c *big.Int
	e int32
}

func termOf(d decimal.Decimal) term { return term{c: d.Coefficient(), e: d.Exponent()} }

// rounder computes round(a × b) half-even in cents, reusing its buffers so
// that pricing a line-year allocates nothing. It is not safe for
// concurrent use.
type rounder struct{ prod, r, twice big.Int }

// cents sets dst to a × b rounded half-even to cents, as an integer number
// of cents.
func (w *rounder) cents(dst *big.Int, a, b term) {
	w.prod.Mul(a.c, b.c)
	shift := -2 - int(a.e) - int(b.e)
	if shift <= 0 {
		dst.Mul(&w.prod, pow10(-shift))
		return
	}
	div := pow10(shift)
	dst.QuoRem(&w.prod, div, &w.r)
	if w.r.Sign() == 0 {
		return
	}
	// Away from zero when 2|r| > div, or on a tie when the quotient is odd.
	w.twice.Abs(&w.r)
	w.twice.Lsh(&w.twice, 1)
	if c := w.twice.Cmp(div); c > 0 || c == 0 && dst.Bit(0) == 1 {
		if w.r.Sign() < 0 {
			dst.Sub(dst, bigOne)
		} else {
			dst.Add(dst, bigOne)
		}
	}
}

// fromCents turns an integer number of cents into a decimal.
func fromCents(c *big.Int) decimal.Decimal { return decimal.NewFromBigInt(c, -2) }

var (
	bigOne   = big.NewInt(1)
	unitTerm = termOf(one)
)

// roundCents rounds d half-even to 2 decimals (decimal.RoundBank(2) with
// the package's own rounding, so that every cent is rounded by one routine).
func roundCents(d decimal.Decimal) decimal.Decimal {
	if d.Exponent() >= -2 {
		return d
	}
	var w rounder
	var c big.Int
	w.cents(&c, termOf(d), unitTerm)
	return fromCents(&c)
}

// divBank returns a / b rounded half-even to the given number of decimal
// places; b must not be zero.
func divBank(a, b decimal.Decimal, places int32) decimal.Decimal {
	q, r := a.QuoRem(b, places)
	// r = a - b·q; compare 2|r| with |b|·10^-places.
	twice := r.Abs().Mul(decimal.NewFromInt(2))
	c := twice.Cmp(b.Abs().Shift(-places))
	if c < 0 || (c == 0 && q.Coefficient().Bit(0) == 0) || r.IsZero() {
		return q
	}
	unit := decimal.New(1, -places)
	if a.Sign()*b.Sign() < 0 {
		return q.Sub(unit)
	}
	return q.Add(unit)
}
