// Package slr owns Specific License Reservation (SLR), the way licenses
// reach air-gapped devices — classified, dark-site and restricted networks —
// that never talk to Cisco Smart Software Manager (CSSM):
//
//   - the codes exchanged by hand between device and CSSM: request codes
//     (ParseRequestCode), authorization codes (ParseAuthorization, the signed
//     <specificPLR> XML, read as untrusted input), confirmation codes and
//     return codes, and Extract, which finds them in what a device prints;
//   - the reservation Ledger, an append-only JSON-lines file of each
//     reservation's lifecycle (requested → authorized → installed →
//     return-requested → returned) that survives a crash mid-write and
//     replays (Replay) into the current State of every reservation — CSSM
//     never hands an authorization code out twice, so the SDK keeps it;
//   - Reconcile, the SLR reconciliation of METHOD.md §7: findings with their
//     evidence and slr_reclaimable per license for the playbook's hygiene step.
//
// The reservation model itself (smartaccount.Reservation, ReservationState,
// AirGap, Device) belongs to package smartaccount; slr reads and produces it.
//
// slr is a domain package: it imports only the standard library and the
// domain packages smartaccount (and, through it, virtualaccount). It must
// not import net/http, the cssm client, a renderer (report) or the root
// package.
package slr
