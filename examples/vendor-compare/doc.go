// Command vendor-compare compares renewal proposals from several vendors.
//
// It reads two or more proposal.json files (docs/dataset.md), prices each over a
// common horizon — extending a shorter term under a stated assumption and
// cutting a longer one — and prints TCV, NPV, price per license per year and
// effective annual escalation (CAGR), ranked by NPV, with each proposal's
// licenses (subscription and true-forward units), its support units apart,
// and its file:
//
//	vendor-compare [-discount-rate 0.08] [-horizon 5] [-extend uplift|flat] [-format table|json] a.json b.json ...
//
// Exit status: 0 on success, 1 when a proposal cannot be read or compared,
// 2 on bad usage. Errors and warnings (a stated total that differs from the
// computed TCV, a rate above 100 %) go to stderr; an error names the file
// and, in the JSON, the line and column; a file that is no proposal (a CSV
// file, a dataset's options.json) is named for what it is.
//
// It uses only the pricing package and the standard library; it must not
// import the network client or the renderers.
package main
