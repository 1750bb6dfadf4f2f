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
//     stranded by fragmentation, pooled against fragmented shortage.
//  3. License consumption reconciliation (package smartaccount): entitled
//     against consumed against the buyer's footprint.
//  4. True-forward exposure review (package trueforward): overage per
//     milestone, attributed to organic, project and acquisition growth.
//  5. SLP reporting governance (package slp): who must report when, and the
//     reporting wave to negotiate ahead of.
//  6. Multi-year price cap (package pricing): uplift, per-year and
//     cumulative caps, TCV and NPV.
//  7. The procurement file: a waterfall from the opening proposal to a
//     documented settlement target.
//
// Package slr covers Specific License Reservation for air-gapped sites.
//
// Where to start: load a dataset directory with dataset.Read (the format is
// described in docs/dataset.md), or generate the embedded sample case with
// package sample; then run the reviews of the packages above. The reference
// integrations in examples/ show complete programs; examples/procurement-file
// is the main job.
//
// Domain packages import only the standard library, shopspring/decimal and
// each other; they never import net/http, a renderer or this package.
package smartlicensing
