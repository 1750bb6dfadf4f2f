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
// It is a domain package: it imports only the standard library,
// shopspring/decimal and the other domain packages (virtualaccount), never
// cssm, net/http, a renderer or the root package.
package smartaccount
