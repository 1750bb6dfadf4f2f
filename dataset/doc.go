// Package dataset reads and writes the SDK's on-disk input format: one
// directory holding smart_account.json, entitlements.csv,
// product_instances.csv and the optional footprint.csv, users.csv,
// reservations.csv, proposal.json, forecast.json, options.json and
// policy.json (see docs/dataset.md).
//
// CSV files are matched by header name, tolerate a UTF-8 byte-order mark and
// CRLF line endings (and semicolons or tabs for commas), and report every
// error with file, line and column. Unknown columns are warnings. Inputs are
// untrusted: file sizes, line counts, record lengths and field counts are
// bounded, memory is reserved only as the bytes read justify, and no input
// makes the reader panic. JSON files refuse a key given twice; rates are
// fractions, or percentages written "9%".
// Read records each input's SHA-256 and record count, the evidence block of
// the procurement file; Write followed by Read gives back an equal Dataset.
//
// dataset is an adapter at the edge of the domain: it imports the domain
// packages to build their values, and no domain package imports it. It must
// not import net/http, cssm, a renderer or the root package.
package dataset
