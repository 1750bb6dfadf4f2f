// Package pricing owns the money of a renewal: decimal amounts with their
// currency, multi-year price schedules with annual uplift under no cap, a
// per-year cap or a cumulative cap over the term, TCV and NPV, the vendor's
// proposal (proposal.json), cap scenarios, the industry opening-uplift bands,
// the settlement waterfall and the comparison of several vendors' proposals.
//
// The arithmetic follows METHOD.md §0–§1: a line's price for one contract
// year is rounded half-even to cents, sums are sums of those rounded amounts,
// an NPV total is rounded once, and nothing else rounds. Amounts are
// [decimal.Decimal] values built from strings or integers, never floats, and
// the package never changes the decimal package's global settings.
//
// Every decimal read from outside goes through [ParseDecimal], which bounds
// the length and the exponent of the text before the decimal library sees it;
// rates go through [ParseRate], which also reads "9%".
//
// One convention for rates and percentages: a rate is a fraction held in a
// decimal.Decimal (0.09 for 9 %: an uplift, a cap, Band.Low); a percentage,
// a figure a report shows, is a [Percent] in a field named …Percent
// (SavingPercent, UpliftPercent, CAGRPercent, Recovery.Percent), and prints
// with exactly two decimals ("9.50").
//
// pricing is a domain package: it imports only the standard library,
// github.com/shopspring/decimal and the module's internal helpers. It must
// not import net/http, the cssm client, a renderer, the root package or any
// other domain package: the others build on it.
package pricing
