// Package smartlicensing is a Go SDK for the buyer's side of a Cisco Smart
// Licensing renewal. It turns what a customer can see — CSSM entitlements and
// product instances, its own device inventory, `show license` output, SLP
// usage reports, SLR reservation codes and the vendor's opening proposal —
// into a documented, priced negotiation position: the procurement file.
//
// The SDK supports the seven buyer-side moves of a renewal:
//
//  1. Smart Account hygiene review (package smartaccount): decommissioned,
//     duplicate and stale registrations, and user access.
//  2. Virtual Account rightsizing (package virtualaccount): licenses
//     stranded by fragmentation, pooled against fragmented shortage, and the
//     transfer plan that pools them.
//  3. License consumption reconciliation (package smartaccount): entitled
//     against consumed against the buyer's footprint.
//  4. True-forward exposure review (package trueforward): overage per
//     milestone, attributed to organic, project and acquisition growth.
//  5. SLP reporting governance (package slp): who must report when, and the
//     reporting wave to negotiate ahead of.
//  6. Multi-year price cap (package pricing): uplift, per-year and
//     cumulative caps, TCV and NPV.
//  7. The procurement file (this package): Run walks the waterfall of
//     METHOD.md §8 from the opening proposal to a documented settlement
//     target, every step citing the findings it rests on, and returns a
//     *report.File that package report renders as JSON, Markdown, HTML and
//     CSV.
//
// Package slr covers Specific License Reservation for air-gapped sites;
// package cssm fills a Snapshot from Cisco Smart Software Manager and
// applies a transfer plan to it.
//
// Where to start: read a dataset directory with dataset.Read (the format is
// in docs/dataset.md) or generate the embedded sample with package sample;
// resolve the options with OptionsFromDataset (or start from
// DefaultOptions); then call Run. The reference programs in examples/ are
// complete programs; examples/procurement-file is the main job.
//
// The library never reads the clock: Options.AsOf is the caller's "today".
// No package of the module imports this one; it imports the domain
// packages, dataset and report, never a transport.
package smartlicensing
