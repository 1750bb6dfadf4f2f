// Package trueforward models true-forward exposure (METHOD.md §5): the
// growth forecast a buyer documents — organic growth, projects and
// acquisitions — and the consumption it implies at each future milestone.
//
// It is a domain package: it imports only the standard library,
// shopspring/decimal and the other domain packages, never cssm, net/http, a
// renderer or the root package.
package trueforward
