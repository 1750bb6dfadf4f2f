// Package smartaccount holds the domain model of one Cisco Smart Account —
// its Virtual Accounts, entitlements, registered product instances, users and
// SLR reservations — together with the buyer's own inventory (the footprint)
// that the hygiene review measures them against, and a Snapshot that holds
// all of it as of one moment.
//
// Devices are identified by UDI (PID + serial, trimmed and upper-cased): see
// UDI and ParseUDI. Every record carries a Ref to the input row it came from,
// so that every finding built on it can cite its evidence.
//
// NewIndex indexes a Snapshot once — instances (the rows sharing a UDI and
// a Virtual Account), the footprint by UDI, entitlements and rows by
// license and Virtual Account — for every review to share. Review runs
// moves 1 and 3 of the playbook on it, the three-pass hygiene review of
// METHOD.md §2 and §3: the entitlement position of every license per
// Virtual Account and across the Smart Account, the classification of
// every instance with the usage it frees, and the user-access findings.
//
// It is the ground floor of the domain: it imports only the standard
// library, shopspring/decimal and the module's internal packages, never
// another domain package, cssm, net/http, a renderer or the root package.
package smartaccount
