// Package virtualaccount is move 2 of the playbook, Virtual Account
// rightsizing (METHOD.md §4): licenses stranded by fragmentation, the pooled
// against the fragmented shortage, fragmentation along the four dimensions
// of a Virtual Account, and the transfer plan that pools licenses, batched
// into requests the size CSSM accepts.
//
// The Virtual Account itself and its dimensions belong to the Smart
// Account's model, in package smartaccount; this package stands on it:
// Rightsize works on a smartaccount.Hygiene, the review's positions after
// its reclaim. A Plan is data: it reads and writes JSON, prints as text and
// does no I/O — package cssm applies it through Plan.Requests.
//
// It is a domain package: it imports only the standard library,
// shopspring/decimal and the domain packages below it, never cssm,
// net/http, a renderer or the root package.
package virtualaccount
