// Package trueforward is move 4 of the playbook, the true-forward exposure
// review (METHOD.md §5): how much a contract's true-forward — consumption
// above the entitlement, trued up at each milestone with a premium — will
// cost over the term, where that growth comes from, and whether buying it up
// front would be cheaper.
//
//   - Forecast is the growth the buyer documents (forecast.json): an
//     organic rate, dated projects and dated acquisitions. ParseForecast
//     reads it, citing each entry by its line; Consumption and
//     FirstYearGrowth are the forecast terms of METHOD.md §5 and §8.
//   - Contract is the term: its anniversaries are the milestones, Months
//     counts the whole months from a milestone to the end.
//   - Review computes each license's position at each milestone — allowed,
//     overage, billable units never billed twice, the charge at the
//     proposal's premium and at the buyer's — with a semi-annual milestone
//     where growth is exceptional; attributes the billable units to organic,
//     project, acquisition and unattributed growth from the footprint and
//     the forecast; sums the invoices of each milestone; sets them beside
//     buying the same units up front; and reports findings with their
//     evidence. NewInputs builds its inputs from a snapshot, read through
//     the index every review shares (smartaccount.Index), and a proposal.
//   - Charge and Attribute are the two rules of arithmetic it rests on:
//     a charge rounded half-even to cents (METHOD.md §0), and a split by
//     largest remainder that sums exactly.
//
// It is a domain package: it imports only the standard library,
// shopspring/decimal and the domain packages below it (smartaccount,
// pricing), never cssm, net/http, a renderer or the root package.
package trueforward
