// Package capture reads what network teams already have: the output of
// `show license …` commands saved from a terminal (FORMATS.md).
//
// It knows IOS XE (status in both the SLP and the older registration
// model, summary, usage, all, tech support, udi, rum id, eventlog), NX-OS
// (`show license usage`, classic table and NX-OS 10 blocks) and ASA
// (`show license all`). Detect says which command produced a capture;
// Parse reads it into a Capture, keeping names, tags and states as the
// device spells them.
//
// Captures are read by pattern, not by column: banners, prompt and command
// echoes, CRLF, trailing blanks, missing blank lines and broken indentation
// are expected. Device timestamps become UTC instants (zones as printed,
// from a fixed table); the zero time.Time means "never" or "not set". A
// value that cannot be read becomes a *smartaccount.ParseError warning
// naming its line and column, and parsing goes on; no input makes a parser
// panic, and inputs are bounded (MaxBytes, MaxLines).
//
// Devices are named by their UDI (smartaccount.UDI), normalised as
// smartaccount.NewUDI does (trimmed, upper-cased) so that they match
// product instances and the footprint; a UDI that cannot be normalised is a
// warning. In JSON a UDI is the text devices print:
// "PID:C9300-24UX,SN:FCW2303D16Y".
//
// A capture's Policy section is read into a policy.Policy (package
// slp/policy); what a capture says about reporting governance is turned
// into instances by package slp.
//
// capture is a domain package: it imports only the standard library and
// the domain packages below it (smartaccount, slp/policy).
package capture
