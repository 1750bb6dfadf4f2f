// Package policy is the SLP reporting policy (METHOD.md §6): four attribute
// groups — unenforced perpetual, unenforced subscription, enforced, export
// — each with a first report, a reporting frequency and a report-on-change
// delay in days, and whether reports must be acknowledged.
//
// Default returns the Cisco default policy; Parse reads a policy.json
// document; a device capture prints the policy it runs under (package
// slp/capture), each value with its Source. Package slp applies a policy to
// product instances.
//
// policy is a domain package: it imports only the standard library, the
// module's internal helpers and smartaccount.
package policy
