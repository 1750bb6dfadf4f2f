// Package cssmtest is an in-memory, stateful fake of Cisco Smart Software
// Manager for tests — the SDK's and its users': one Smart Account with its
// Virtual Accounts, license records and devices, served at the paths of all
// three cssm profiles (the client's own route table), with the token
// endpoints (form-encoded at the cloud paths, JSON at On-Prem's), the SLP
// offline flow (202 OK_POLL, then polling), request recording and fault
// injection on demand.
//
//	srv := cssmtest.NewServer(cssmtest.Params{})
//	defer srv.Close()
//	srv.Seed(&ds.Snapshot) // the embedded sample, say
//	c, _ := cssm.NewClient(srv.ClientParams(cssm.ProfileLegacy))
//	srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointDevices, Kind: cssmtest.FaultStatus, Status: 429, RetryAfter: "1"})
//
// Its state changes as CSSM's does: license transfers move units between
// Virtual Accounts (refusing more than is available, inside HTTP 200, as
// CSSM does), device transfers and removals move and delete devices,
// Virtual Accounts, registration tokens and reservations are created, and
// reserved units are no longer available. Snapshot returns the state in the
// form a complete cssm.Sync reads it, so a test compares the two.
//
// Faults (see FaultKind): a status with or without Retry-After, a reset
// connection, a body cut short, a slow answer, an expired token, a total
// that changes between pages, ERROR inside HTTP 200, a canned body (a saved
// real response), a request applied whose answer is lost, 403 Invalid
// Client, and a token endpoint that echoes the client secret.
//
// # Where it differs from the real service
//
//   - One Smart Account per server; Accounts, account search and the
//     numeric ids list only it. Ids are made up (1000001, 2000001…).
//   - Responses carry only the fields the SDK reads and the saved real
//     responses show; licenseSubstitutions, ahaApps and the like are absent.
//     Each endpoint speaks its real casing (camelCase for v1, snake_case for
//     v2 accounts/search, the SLP flow and the summary); the software APIs'
//     device list answers {"data","totalRows"} with camelCase devices, which
//     is inferred.
//   - A license's quantity counts the entitlement lines that count on the
//     fake's clock (Params.Now); CSSM's own rule for lapsed lines is not
//     published. Units move perpetual first, then latest end date.
//   - In-use counts follow the devices' license usage, plus the difference
//     a seed's InUse records give at seeding time.
//   - It refuses a transfer of more than ten license types or a line of more
//     than 998 units (clients never send one; CSSM's own limit may be
//     looser), and a removal body with the other endpoint's key.
//   - The SLP flow authorizes (or acknowledges) every object with a udi_pid
//     it finds in the request's data; the smart licenses, authorization
//     codes and signatures it issues are placeholders that only this SDK's
//     parsers accept. Polls answer OK_POLL Params.Polls − 1 times, then the
//     result; poll_interval is Params.PollInterval (CSSM says 300).
//   - Rate limits are not modelled except as injected 429s; there is no
//     30-minute delay before a new client works.
//   - It records every request in memory without bound: a test server.
//
// cssmtest imports net/http and the cssm and domain packages; the SDK's
// domain packages never import it.
package cssmtest
