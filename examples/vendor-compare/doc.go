// Command vendor-compare compares renewal proposals from several vendors.
//
// It reads two or more proposal.json files (docs/dataset.md), prices each over a
// common horizon — extending a shorter term under a stated assumption and
// cutting a longer one — and prints TCV, NPV, price per unit per year and
// effective annual escalation (CAGR), ranked by NPV:
//
//	vendor-compare [-discount-rate 0.08] [-horizon 5] [-extend uplift|flat] [-format table|json] a.json b.json ...
//
// Exit status: 0 on success, 1 when a proposal cannot be read or compared,
// 2 on bad usage. Errors and warnings (such as a stated total that differs
// from the computed TCV) go to stderr.
//
// It uses only the pricing package and the standard library; it must not
// import the network client or the renderers.
package main
