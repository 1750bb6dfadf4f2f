// Package cssm is a typed client of the Cisco Smart Software Manager REST API
// (CSSM, being renamed License Central; and SSM On-Prem, License On-Prem):
// one Client with a service per family of calls, context first, a *Response
// beside every result, typed errors, and the two jobs the SDK needs of it —
// Sync, which reads a Smart Account into a smartaccount.Snapshot, and Apply,
// which executes a virtualaccount.Plan of license transfers.
//
//	c, err := cssm.NewClient(cssm.ClientParams{ClientID: id, ClientSecret: cssm.Secret(secret)})
//	devices, resp, err := c.Devices.List(ctx, "example.com", &cssm.ListParams{Limit: 100})
//	for d, err := range c.Devices.All(ctx, "example.com", nil) { … }
//	snap, err := cssm.Sync(ctx, c, cssm.SyncParams{Domain: "example.com"})
//
// # Profiles
//
// Three Profiles — the legacy cloud API, the newer software APIs, SSM
// On-Prem — differ in hosts, paths and token request (docs: CSSM-API.md,
// "Hosts and profiles"). Every host is a default that ClientParams.BaseURL
// and TokenURL replace; no host appears outside this package. Profile.Route
// gives the path of each Endpoint; the software-APIs and On-Prem paths of
// calls the public sources do not list for them are inferred and say so.
//
// # Authentication
//
// OAuth2 client credentials (golang.org/x/oauth2/clientcredentials) with the
// credentials in the form body for the cloud token endpoints, and a JSON body
// for SSM On-Prem's. A client has one token cache; a refresh runs on its own
// background context, so a call whose context is cancelled stops waiting but
// never spoils the refresh. A 401 drops the token and retries the call once
// with a new one. 403 "Invalid Client" after a token was issued wraps
// ErrNotSubscribed: the application is not subscribed to the API yet.
//
// # Transport
//
// HTTPS is required except to a loopback host; ClientParams.RootCAs trusts a
// private CA (an On-Prem server's) and there is no way to skip verification.
// A redirect to another host is refused. Response bodies are bounded
// (ClientParams.MaxResponseBytes; the error wraps smartaccount.ErrTooLarge).
//
// # Retries
//
// One RetryPolicy: capped exponential backoff with jitter on 429 (Retry-After
// honoured, capped), 502, 503, 504, resets, timeouts and bodies cut short —
// for reads. A write (a transfer, a removal, a reservation, a creation) is
// retried only when it provably did not happen: the connection could not be
// made or nothing was sent, or the server answered 429 or 503. A write whose
// answer was lost fails with *OutcomeUnknownError. Every wait ends with the
// call's context. ClientParams.Limiter spaces requests on the client side.
//
// # Errors
//
// A call CSSM refused is an *ErrorResponse — an HTTP status of 400 or more,
// or "status":"ERROR"/"FAILED" inside a 2xx — with CSSM's status, code,
// message and the request id. A token failure is a *TokenError. Neither, nor
// any log line (ClientParams.Logger) nor the formatted value of a Client or
// a Secret, ever holds the client secret or a token: server texts are
// cleaned of them, including a token endpoint that echoes the secret.
//
// # Decoding
//
// CSSM's responses vary in ways the lenient types absorb: Bool (booleans as
// strings, "yes"), Date (YYYY-MM-DD, RFC 3339, null, "None"), String ("None"
// for null, numbers for ids), Int64 (quoted or not, and poll_id above 2^53
// read exactly, never through a float64), PollData (data as an object or a
// list), SUDI (camelCase and snake_case keys). The device list, the one
// response that grows with the account, has its own single-pass decoder,
// held to encoding/json by a differential fuzz test.
//
// # Paging
//
// List calls return one page; All walks them as an iter.Seq2 that can be
// ranged more than once, yields each record once (duplicates across pages
// are dropped) and ends with a *PageDriftError when the list changes under
// it.
//
// # Sync and Apply
//
// Sync returns every record of the account or an error, never a partial
// snapshot; every record's Ref names its API source (SourceLicenses,
// SourceDevices). Apply sends a plan through PrepareRequests' CSSM-sized
// requests with a Journal, so that a run interrupted anywhere and started
// again finishes the plan without sending a transfer twice; PrepareRequests
// alone is the dry run.
//
// Package cssmtest is an in-memory fake CSSM for tests, ours and yours.
//
// cssm converts wire shapes into the domain model at its edge: it imports
// net/http, golang.org/x/oauth2, golang.org/x/time and the domain packages
// (smartaccount, virtualaccount, slr), never the root package, dataset or a
// renderer.
package cssm
