// Package slp owns Smart Licensing Using Policy (SLP) on the device side of
// a renewal (move 5 of the playbook, METHOD.md §6):
//
//   - the reporting policy: its four attribute groups, their values and
//     where each value comes from (the Cisco default or a customer policy),
//     read from policy.json or from a device (Policy, DefaultPolicy,
//     ParsePolicy);
//   - the transport modes and reporting status a device shows;
//   - parsers for what network teams already have: the output of
//     `show license …` on IOS XE (status in both the SLP and the older
//     registration model, summary, usage, all, tech support, udi, rum id,
//     eventlog), NX-OS (`show license usage`, classic table and NX-OS 10
//     blocks) and ASA (`show license all`); Detect says which command
//     produced a capture, Parse reads it into a Capture, and ReadFiles
//     reads folders of mixed captures and usage files with one result per
//     file;
//   - RUM usage reports (the signed payload, its envelope and the
//     <smartLicense> usage file), kept byte for byte;
//   - reporting governance: per-instance next due date and status, fleet
//     counts and the reporting wave.
//
// Captures are read by pattern, not by column: banners, prompt and command
// echoes, CRLF, trailing blanks, missing blank lines and broken indentation
// are expected. Device timestamps become UTC instants (zones as printed,
// from a fixed table); the zero time.Time means "never" or "not set". A
// value that cannot be read becomes a *smartaccount.ParseError warning naming its line and
// column; no input makes a parser panic, and inputs are bounded
// (MaxCaptureBytes).
//
// slp is a domain package: it imports only the standard library and, where
// the domain needs it, shopspring/decimal and the other domain packages. It
// must not import net/http, cssm, report or the root package
// smartlicensing.
package slp
