// Package report holds the procurement file — the document the playbook
// (smartlicensing.Run) assembles from the seven moves — and renders it for
// the people who negotiate: JSON (DESIGN.md's contract: stable keys, money
// as two-decimal strings), Markdown (an executive summary, then one section
// per move, then the evidence), one self-contained HTML file with inline
// SVG charts that reads on screen and in print, and CSV of every finding
// with its evidence.
//
// The package imports the standard library, decimal and the domain
// packages; it knows nothing of HTTP or of the root package, which fills a
// File and hands it here.
package report
