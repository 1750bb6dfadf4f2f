package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// published is the outcome the seed material reports for the case the
// embedded sample mirrors; the program shows it beside the computed result,
// neither adjusted to the other.
var published = struct{ opened, closed, percent string }{"9.4", "5.6", "40"}

// writeSummary prints one screen: opening, target, recovery, the waterfall,
// the top findings and the files written.
func writeSummary(w io.Writer, r *result) {
	f := r.file
	fmt.Fprintf(w, "Procurement file: %s (%s), as of %s\n", f.SmartAccount, f.Domain, f.AsOf.Format(time.DateOnly))
	fmt.Fprintf(w, "Source: %s\n\n", r.source)
	money := func(d decimal.Decimal) string { return f.Currency + " " + pricing.FormatAmount(d) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(f.Waterfall) > 0 {
		fmt.Fprintf(tw, "Opening proposal\t%s, %d years from %s\t%s\tNPV %s\n", f.Vendor, f.TermYears, f.Start.Format(time.DateOnly),
			money(f.Opening.TCV), pricing.FormatAmount(f.Opening.NPV))
		fmt.Fprintf(tw, "Target\t\t%s\tNPV %s\n", money(f.Target.TCV), pricing.FormatAmount(f.Target.NPV))
		fmt.Fprintf(tw, "Recovery\t%s %%, %s the %s–%s %% all moves recover\t%s\t\n", f.Recovery.Percent,
			f.Recovery.Expected.Position, f.Recovery.Expected.Low, f.Recovery.Expected.High, money(f.Recovery.Amount))
		tw.Flush()
		fmt.Fprintln(w, "\nWaterfall")
		for _, s := range f.Waterfall {
			units := ""
			if s.Units > 0 {
				units = pricing.FormatCount(s.Units) + " units"
			}
			cites := pricing.FormatCount(int64(len(s.Findings))) + " findings"
			if len(s.Findings) == 1 {
				cites = "1 finding"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", report.StepTitle(s.Name), pricing.FormatAmount(s.Amount), units, cites)
		}
		tw.Flush()
	} else {
		tw.Flush()
		fmt.Fprintln(w, "No proposal.json: the file shows the position only, without a waterfall.")
	}
	if r.sample && len(f.Waterfall) > 0 {
		fmt.Fprintf(w, "\nThe case this sample mirrors was published as USD %s m opened, USD %s m closed (%s %% recovered);\n"+
			"this run computes %s opened, %s as the target (%s %%). Neither is adjusted to the other.\n",
			published.opened, published.closed, published.percent, money(f.Opening.TCV), money(f.Target.TCV), f.Recovery.Percent)
	}
	if top := topFindings(f, 6); len(top) > 0 {
		fmt.Fprintln(w, "\nTop findings")
		for _, t := range top {
			fmt.Fprintf(tw, "  %s\t%s\t×%s\t%s\n", t.severity, t.kind, pricing.FormatCount(int64(t.count)), t.example)
		}
		tw.Flush()
	}
	if len(f.Missing) > 0 {
		fmt.Fprintln(w, "\nMissing inputs")
		for _, m := range f.Missing {
			fmt.Fprintf(w, "  %s: %s\n", m.Input, m.Consequence)
		}
	}
	fmt.Fprintln(w, "\nFiles written")
	for _, p := range r.written {
		fmt.Fprintf(w, "  %s\n", p)
	}
}

type kindCount struct {
	kind     smartaccount.Kind
	severity smartaccount.Severity
	count    int
	example  string
}

// topFindings counts the findings of every move by kind and returns the n
// kinds that press most: by severity, then count.
func topFindings(f *report.File, n int) []kindCount {
	byKind := map[smartaccount.Kind]*kindCount{}
	var order []smartaccount.Kind
	add := func(fs []smartaccount.Finding) {
		for i := range fs {
			fi := &fs[i]
			k := byKind[fi.Kind]
			if k == nil {
				k = &kindCount{kind: fi.Kind, severity: fi.Severity, example: shorten(fi.Detail, 70)}
				byKind[fi.Kind] = k
				order = append(order, fi.Kind)
			}
			k.count++
			k.severity = max(k.severity, fi.Severity)
		}
	}
	add(f.Hygiene.Reconciliation)
	add(f.Hygiene.Cleanup)
	add(f.Hygiene.Access)
	add(f.TrueForward.Findings)
	add(f.SLR.Findings)
	out := make([]kindCount, 0, len(order))
	for _, k := range order {
		out = append(out, *byKind[k])
	}
	slices.SortStableFunc(out, func(a, b kindCount) int {
		return cmp.Or(cmp.Compare(b.severity, a.severity), cmp.Compare(b.count, a.count))
	})
	return out[:min(n, len(out))]
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	return s[:cut] + "…"
}
