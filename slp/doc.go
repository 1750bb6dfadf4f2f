// Package slp assesses Smart Licensing Using Policy (SLP) reporting
// governance, move 5 of the playbook (METHOD.md §6): for every product
// instance, the date its next usage report is due under its policy and its
// status (overdue, due_soon, ack_missing, ok, not_required, unknown); the
// fleet's counts; and the reporting wave — when the next reports bring new
// consumption into CSSM, the date a renewal discussion should be staged
// before.
//
// Instances come from CSSM's product-instance rows, read through the index
// every review shares (Instances; IndexFleet assesses them without building
// each one), or from the device side, for a network team without a CSSM
// export: ReadFiles reads a folder of `show license …` captures (package
// slp/capture) and RUM usage files (package slp/rum) one file at a time,
// and an Inventory merges what they show into one instance per device. The
// policy itself is package slp/policy.
//
// slp is a domain package: it imports only the standard library,
// smartaccount and its own subpackages. It must not import net/http, cssm,
// report or the root package smartlicensing.
package slp
