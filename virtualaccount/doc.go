// Package virtualaccount owns the Virtual Account and its four dimensions —
// business unit, region, workload and environment — along which a Smart
// Account is fragmented, and the rightsizing that works on them (METHOD.md §4).
//
// It is a domain package: it imports only the standard library and
// shopspring/decimal, never cssm, net/http, a renderer or the root package.
package virtualaccount
