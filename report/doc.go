// Package report holds the procurement file — the document the playbook
// (smartlicensing.Run) assembles from the seven moves — and renders it for
// the people who negotiate:
//
//   - WriteJSON: DESIGN.md's contract, its keys first and in its order, money
//     as two-decimal strings, streamed finding by finding;
//   - WriteCSV: every finding of every move, one row each with its evidence,
//     streamed, every text cell neutralised against spreadsheet formulas;
//   - WriteMarkdown: an executive summary a CIO reads in two minutes, then
//     one section per move, then the evidence;
//   - WriteHTML: the same document as one self-contained page (no script, no
//     fetch) with inline SVG charts, for the screen and for A4 print.
//
// Markdown and HTML render one view of the file and cut every long list to
// its top entries, counting the rest and linking to the CSV, so they stay
// short whatever the number of findings. Findings are grouped by Move;
// Steps lists the waterfall's steps in METHOD.md §8's order.
//
// The package imports the standard library, decimal and the domain
// packages; it knows nothing of HTTP or of the root package, which fills a
// File and hands it here. Package reporttest builds realistic files for
// tests, benchmarks and previews.
package report
