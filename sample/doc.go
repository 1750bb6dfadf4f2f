// Package sample generates the embedded sample: a deterministic, synthetic
// dataset of the published case the SDK is built around, so that every move
// of the playbook can run — and be tested and benchmarked — without a real
// customer's data.
//
// The case: Meridian Trust Financial Group, a bank, renews its Cisco Smart
// Licensing estate on 1 January 2027 for five years; the sample is as of
// 1 November 2026. Its Smart Account holds 42,000 registered product
// instances in 34 Virtual Accounts split by business unit (retail banking,
// corporate & investment banking, wealth management, group technology,
// payments), region, workload and environment. Of those instances, 6,000
// are decommissioned, retired or disposed in the bank's own inventory (the
// footprint); 300 are a device registered a second time in another Virtual
// Account, 400 have not called home in over 180 days and 250 are missing
// from the footprint, which also lists planned and spare devices. Some
// Virtual Accounts hold more licenses than they use and others fewer, on
// every dimension, and a pool account holds licenses nobody uses: pooling
// them saves units. CSSM's own in-use counts agree with the product
// instances but for three licenses of three accounts. Some switches run
// DNA Advantage where the footprint says Essentials would do. Two air-gapped Virtual Accounts hold devices under
// Specific License Reservation, with one case of each reservation problem
// METHOD.md §7 names, including reservations misplaced in a connected
// account. The users have too many administrators, external and dormant
// members and a role on a deleted Virtual Account. The vendor's opening
// proposal — renew every entitled unit and bill every Virtual Account's
// shortage as true-forward at a 25 % premium — comes to about USD 9.4 m
// over five years at a 9 % annual uplift; the buyer's options ask for a
// 4 % per-year cap and a 15 % true-forward premium, and its forecast adds
// organic growth, projects and an acquisition.
//
// Generate builds the sample at any size from 1,000 to 1,000,000 instances
// with every count scaled; the same size always gives the same sample. For
// measuring the SDK on the largest Smart Accounts it can add Virtual
// Accounts (up to 1,000) and licenses (up to 90) beyond the case's 34 and
// 5; the case itself is the same whatever is added. Write
// it as a dataset directory with dataset.Write.
//
// The package imports the domain packages and dataset; nothing in the SDK
// but tests, benchmarks and the examples should import it, and it must not
// import cssm, a renderer or the root package.
package sample
