package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The Markdown and HTML renderers draw the same document: a view of the
// file made of sections of blocks (headings, paragraphs, lists, tables,
// charts), every text already formatted. Long lists are cut to the top
// entries with a count of the rest, so the document stays short however
// many findings the file holds; the CSV lists them all.

// view is the document both human formats render.
type view struct {
	Title    string
	Subtitle string
	Sections []section
}

// section is one section of the document: the executive summary, a move,
// the evidence.
type section struct {
	ID, Title string
	Blocks    []block
}

// block is one element of a section; exactly one field is set.
type block struct {
	Heading string
	Para    string
	// Href, when set, ends the paragraph with a link to it.
	Href  string
	List  []string
	Table *table
	Chart *chart
}

// table is a table of formatted cells.
type table struct {
	// Class styles it in HTML ("kpi", "wide").
	Class string
	Head  []string
	// Cols has one letter per column: 't' text, 'n' a number (right-
	// aligned), 'c' a code or date that is never broken across lines, 'b'
	// a long token (a UDI, evidence) that may break anywhere.
	Cols string
	Rows [][]string
	// Foot is a closing row (a total), nil when none.
	Foot []string
	// More says what was left out ("… and 12 more").
	More string
}

// ColClass returns the HTML class of column i: "num", "code", "token" or
// "".
func (t *table) ColClass(i int) string {
	if i < len(t.Cols) {
		switch t.Cols[i] {
		case 'n':
			return "num"
		case 'c':
			return "code"
		case 'b':
			return "token"
		}
	}
	return ""
}

// prune removes the columns after the first whose every cell is empty or
// one of zero: a list of user-access findings has no license column.
func (t *table) prune(zero ...string) {
	empty := func(c string) bool { return c == "" || slices.Contains(zero, c) }
	for col := len(t.Head) - 1; col > 0; col-- {
		all := true
		for _, r := range append(slices.Clone(t.Rows), t.Foot) {
			if col < len(r) && !empty(r[col]) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		t.Head = slices.Delete(t.Head, col, col+1)
		t.Cols = t.Cols[:col] + t.Cols[col+1:]
		for i := range t.Rows {
			t.Rows[i] = slices.Delete(t.Rows[i], col, col+1)
		}
		if t.Foot != nil {
			t.Foot = slices.Delete(t.Foot, col, col+1)
		}
	}
}

// viewer builds the view of one file.
type viewer struct {
	f   *File
	top int
	csv string
	cur string
}

const defaultTop = 10

func newView(f *File, top int, findingsCSV string) *view {
	if top <= 0 {
		top = defaultTop
	}
	v := &viewer{f: f, top: top, csv: findingsCSV, cur: f.Currency}
	title := "Procurement file"
	if f.SmartAccount != "" {
		title += ": " + f.SmartAccount
	}
	var sub []string
	if f.Domain != "" {
		sub = append(sub, "Smart Account "+f.Domain)
	}
	if !f.AsOf.IsZero() {
		sub = append(sub, "as of "+date(f.AsOf))
	}
	if f.Currency != "" {
		sub = append(sub, "amounts in "+f.Currency)
	}
	return &view{
		Title:    title,
		Subtitle: strings.Join(sub, " · "),
		Sections: []section{
			v.summary(), v.hygiene(), v.rightsizing(), v.reconciliation(), v.slr(),
			v.trueForward(), v.reporting(), v.priceCap(), v.settlement(), v.evidence(),
		},
	}
}

// money formats an amount with the file's currency, for prose.
func (v *viewer) money(d decimal.Decimal) string { return amount(v.cur, d) }

// num formats an amount for a table, whose heading names the currency.
func num(d decimal.Decimal) string { return pricing.FormatAmount(d) }

// minus writes an amount the waterfall takes off: "−1,234.56", "0.00".
func minus(d decimal.Decimal) string {
	if d.IsZero() {
		return num(d)
	}
	return "−" + num(d)
}

// inCur names a money column's currency: "Amount (USD)".
func (v *viewer) inCur(label string) string {
	if v.cur == "" {
		return label
	}
	return label + " (" + v.cur + ")"
}

// words writes a name of the method for a reader: "dormant user".
func words(s string) string { return strings.ReplaceAll(s, "_", " ") }

// share formats d as a percentage of the opening TCV.
func (v *viewer) share(d decimal.Decimal) string {
	p, err := pricing.Percentage(d, v.f.Opening.TCV)
	if err != nil {
		return "—"
	}
	return percent(p.Decimal())
}

// count formats an integer grouped in thousands: "42,000".
func count[N int | int64](n N) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// plural writes "1 finding" or "3 findings".
func plural[N int | int64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// more says how many entries a cut list left out.
func more(rest int, where string) string {
	if rest <= 0 {
		return ""
	}
	s := "… and " + count(rest) + " more"
	if where != "" {
		s += " (" + where + ")"
	}
	return s
}

// top returns the n best elements of s by better (stable: ties keep their
// order in s) and how many were left out, in one pass and O(n) memory, so
// that a million findings cost no sort.
func top[T any](s []T, n int, better func(a, b *T) bool) ([]*T, int) {
	if n <= 0 {
		return nil, len(s)
	}
	out := make([]*T, 0, min(n, len(s)))
	for i := range s {
		x := &s[i]
		if len(out) == n && !better(x, out[n-1]) {
			continue
		}
		j := len(out)
		if j == n {
			j--
		} else {
			out = append(out, nil)
		}
		for j > 0 && better(x, out[j-1]) {
			out[j] = out[j-1]
			j--
		}
		out[j] = x
	}
	return out, len(s) - len(out)
}

// bandText writes a band's range: "20–40 %".
func bandText(b Band) string { return b.Low.String() + "–" + b.High.String() + " %" }

// placed says where a figure falls against a band ("within the 20–40 %"),
// or "" when it was not placed.
func placed(b Band) string {
	switch b.Position {
	case pricing.Below:
		return "below the " + bandText(b)
	case pricing.Within:
		return "within the " + bandText(b)
	case pricing.Above:
		return "above the " + bandText(b)
	}
	return ""
}

func (v *viewer) summary() section {
	f := v.f
	s := section{ID: "summary", Title: "Executive summary"}
	add := func(b block) { s.Blocks = append(s.Blocks, b) }

	opening := "The opening proposal costs"
	if f.Vendor != "" {
		opening = f.Vendor + " opens at"
	}
	head := fmt.Sprintf("%s %s", opening, v.money(f.Opening.TCV))
	if f.TermYears > 0 {
		head += " over " + plural(f.TermYears, "year", "years")
	}
	if !f.Start.IsZero() {
		head += " from " + date(f.Start)
	}
	head += fmt.Sprintf(". The documented target is %s: %s less, %s of the opening.",
		v.money(f.Target.TCV), v.money(f.Recovery.Amount), percent(f.Recovery.Percent.Decimal()))
	add(block{Para: head})
	add(block{Table: &table{
		Class: "kpi",
		Head:  []string{"", v.inCur("TCV"), v.inCur("NPV"), "Of the opening TCV"},
		Cols:  "tnnn",
		Rows: [][]string{
			{"Opening", num(f.Opening.TCV), num(f.Opening.NPV), ""},
			{"Target", num(f.Target.TCV), num(f.Target.NPV), v.share(f.Target.TCV)},
			{"Recovery", num(f.Recovery.Amount), num(f.Opening.NPV.Sub(f.Target.NPV)), percent(f.Recovery.Percent.Decimal())},
		},
	}})
	var bands []string
	if p := placed(f.Recovery.Expected); p != "" {
		bands = append(bands, fmt.Sprintf("All moves together recover %s of the opening TCV: %s the method expects of them (METHOD.md §8).",
			percent(f.Recovery.Percent.Decimal()), p))
	}
	if p := placed(f.Recovery.HygieneExpected); p != "" {
		bands = append(bands, fmt.Sprintf("Smart Account hygiene alone removes %s: %s expected of hygiene alone.",
			percent(f.Recovery.HygienePercent.Decimal()), p))
	}
	if t := v.upliftText(); t != "" {
		bands = append(bands, t)
	}
	if f.Cap.Detail != "" {
		bands = append(bands, f.Cap.Detail)
	}
	if len(bands) > 0 {
		add(block{List: bands})
	}

	add(block{Heading: "From the opening to the target"})
	add(block{Chart: waterfallChart(f)})
	add(block{Table: v.waterfallTable()})

	if levers := v.levers(); len(levers) > 0 {
		add(block{Heading: "The biggest levers"})
		add(block{List: levers})
	}
	add(block{Heading: "What is missing"})
	if len(f.Missing) == 0 {
		add(block{Para: "Nothing: every optional input was given."})
	} else {
		items := make([]string, len(f.Missing))
		for i, m := range f.Missing {
			items[i] = m.Input + ": " + m.Consequence
		}
		add(block{List: items})
	}
	if n := len(f.Warnings); n > 0 {
		add(block{Para: "The inputs raised " + plural(n, "warning", "warnings") + "; they are listed with the evidence."})
	}
	return s
}

// upliftText places the opening uplift against its industry band, or says
// nothing when it could not be placed (Missing says why).
func (v *viewer) upliftText() string {
	b := v.f.UpliftBand
	if b == nil {
		return ""
	}
	band := Band{Low: b.Band.Low.Mul(hundred), High: b.Band.High.Mul(hundred), Position: b.Position}
	label := b.Band.Label
	if label == "" {
		label = b.Band.Industry
	}
	s := fmt.Sprintf("Year 1 of the opening (%s) is an uplift of %s over the prior annual spend (%s)",
		v.money(b.YearOne), percent(b.UpliftPercent.Decimal()), v.money(b.PriorSpend))
	if p := placed(band); p != "" {
		s += ": " + p + " usual in " + label + " (METHOD.md §1)"
	}
	return s + "."
}

func (v *viewer) waterfallTable() *table {
	f := v.f
	t := &table{
		Class: "keep",
		Head:  []string{"Step", v.inCur("Amount"), "Of the opening", "Units", "Findings", "What it did"},
		Cols:  "tnnnnt",
	}
	t.Rows = append(t.Rows, []string{"Opening TCV", num(f.Opening.TCV), "", "", "", "The vendor's proposal as priced."})
	for _, s := range f.Waterfall {
		t.Rows = append(t.Rows, []string{StepTitle(s.Name), minus(s.Amount), v.share(s.Amount),
			count(s.Units), count(len(s.Findings)), s.Detail})
	}
	t.Foot = []string{"Target TCV", num(f.Target.TCV), v.share(f.Target.TCV), "", "", ""}
	return t
}

// levers names the three steps that recover the most.
func (v *viewer) levers() []string {
	best, _ := top(v.f.Waterfall, 3, func(a, b *Step) bool { return a.Amount.GreaterThan(b.Amount) })
	var out []string
	for _, s := range best {
		if !s.Amount.IsPositive() {
			break
		}
		l := fmt.Sprintf("%s: %s (%s of the opening)", StepTitle(s.Name), v.money(s.Amount), v.share(s.Amount))
		if s.Detail != "" {
			l += " — " + s.Detail
		}
		out = append(out, l)
	}
	return out
}

// findings summarises the findings of one move: counts by kind and
// severity, the top ones by amount then units, and the CSV that lists
// them all.
func (v *viewer) findings(m Move, heading string) []block {
	fs := v.f.Findings(m)
	bs := []block{{Heading: heading}}
	if len(fs) == 0 {
		return append(bs, block{Para: "No findings."})
	}
	type kindKey struct {
		kind     smartaccount.Kind
		severity smartaccount.Severity
	}
	type tally struct {
		n, units int64
		amount   decimal.Decimal
	}
	tallies := map[kindKey]*tally{}
	for i := range fs {
		k := kindKey{fs[i].Kind, fs[i].Severity}
		t := tallies[k]
		if t == nil {
			t = &tally{}
			tallies[k] = t
		}
		t.n++
		t.units += fs[i].Quantity
		if !fs[i].Amount.IsZero() {
			t.amount = t.amount.Add(fs[i].Amount)
		}
	}
	keys := slices.SortedFunc(maps.Keys(tallies), func(a, b kindKey) int {
		return cmp.Or(cmp.Compare(tallies[b].n, tallies[a].n), cmp.Compare(b.severity, a.severity),
			cmp.Compare(a.kind, b.kind))
	})
	byKind := &table{
		Head: []string{"Kind", "Severity", "Findings", "Units", v.inCur("Amount")},
		Cols: "ttnnn",
	}
	for _, k := range keys {
		t := tallies[k]
		byKind.Rows = append(byKind.Rows, []string{words(string(k.kind)), k.severity.String(), count(t.n), count(t.units), num(t.amount)})
	}
	byKind.prune("0", "0.00")
	bs = append(bs, block{Para: plural(len(fs), "finding", "findings") + ", by kind:"}, block{Table: byKind})

	// Rank by severity, then amount, then units, when they tell the
	// findings apart; otherwise show the first ones in the review's order.
	better := func(a, b *smartaccount.Finding) bool {
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if c := a.Amount.Cmp(b.Amount); c != 0 {
			return c > 0
		}
		return a.Quantity > b.Quantity
	}
	ranked := false
	for i := range fs {
		if better(&fs[i], &fs[0]) || better(&fs[0], &fs[i]) {
			ranked = true
			break
		}
	}
	best, rest := top(fs, v.top, better)
	list := &table{
		Class: "findings",
		Head:  []string{"Kind", "License", "Virtual Account", "Device or user", "Units", v.inCur("Amount"), "Detail", "Evidence"},
		Cols:  "tttbnntb",
		More:  more(rest, v.csv),
	}
	for _, fd := range best {
		subject := fd.User
		if !fd.UDI.IsZero() {
			subject = fd.UDI.String()
		}
		list.Rows = append(list.Rows, []string{words(string(fd.Kind)), fd.License, fd.VirtualAccount, subject,
			count(fd.Quantity), num(fd.Amount), fd.Detail, evidenceText(fd.Evidence, 2)})
	}
	list.prune("0", "0.00")
	var lead string
	switch {
	case rest == 0 && ranked:
		lead = "All of them, the most pressing first:"
	case rest == 0:
		lead = "All of them:"
	case ranked:
		lead = "The " + count(len(best)) + " most pressing, by severity, amount and units:"
	default:
		lead = "The first " + count(len(best)) + ", in the review's order:"
	}
	bs = append(bs, block{Para: lead}, block{Table: list})
	if v.csv != "" {
		bs = append(bs, block{Para: "Every finding, with all its evidence:", Href: v.csv})
	}
	return bs
}

// evidenceText lists the first n references and counts the rest.
func evidenceText(refs []smartaccount.Ref, n int) string {
	if len(refs) <= n {
		return EvidenceText(refs)
	}
	return EvidenceText(refs[:n]) + "; +" + count(len(refs)-n) + " more"
}

// classOrder is the order of METHOD.md §3's pass-2 classes.
var classOrder = []string{"decommissioned", "duplicate", "stale", "unmatched", "active"}

func (v *viewer) hygiene() section {
	h := &v.f.Hygiene
	s := section{ID: "hygiene", Title: "Move 1 — Smart Account hygiene"}
	add := func(b ...block) { s.Blocks = append(s.Blocks, b...) }
	add(block{Para: "Three passes over the Smart Account (METHOD.md §3): reconciliation of entitlements with consumption " +
		"(its findings are under move 3), clean-up of registrations that should not consume a license, and user access."})
	if len(h.Classes) > 0 {
		classes := &table{Head: []string{"Pass-2 class", "Instances"}, Cols: "tn"}
		total := 0
		for _, c := range orderedKeys(h.Classes, classOrder) {
			classes.Rows = append(classes.Rows, []string{c, count(h.Classes[c])})
			total += h.Classes[c]
		}
		classes.Foot = []string{"All instances", count(total)}
		add(block{Table: classes})
	}
	if len(h.Licenses) > 0 {
		best, rest := top(h.Licenses, v.top, func(a, b *LicenseHygiene) bool { return a.Reclaimable > b.Reclaimable })
		t := &table{
			Head: []string{"License", "Entitled", "Consumed", "Reclaimable", "Need", "Unused"},
			Cols: "tnnnnn",
			More: more(rest, "in the JSON file"),
		}
		for _, l := range best {
			t.Rows = append(t.Rows, []string{l.License, count(l.Entitled), count(l.Consumed), count(l.Reclaimable), count(l.Need), count(l.Unused)})
		}
		add(block{Para: "Per license, most reclaimable first: need = consumed − reclaimable, unused = entitled − need."}, block{Table: t})
	}
	add(v.findings(MoveCleanup, "Pass 2 — clean-up")...)
	add(v.findings(MoveAccess, "Pass 3 — user access")...)
	return s
}

// orderedKeys returns m's keys: those of order first, in that order, then
// the others by name.
func orderedKeys[N any](m map[string]N, order []string) []string {
	var out []string
	for _, k := range order {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(order, k) {
			out = append(out, k)
		}
	}
	return out
}

func (v *viewer) rightsizing() section {
	r := &v.f.Rightsizing
	s := section{ID: "rightsizing", Title: "Move 2 — Virtual Account rightsizing"}
	add := func(b ...block) { s.Blocks = append(s.Blocks, b...) }
	add(block{Para: fmt.Sprintf("After the hygiene reclaim, the Virtual Accounts are short of %s taken one by one (fragmented) "+
		"but of %s pooled: pooling saves %s (METHOD.md §4).",
		plural(r.FragmentedShortage, "unit", "units"), plural(r.PooledShortage, "unit", "units"),
		plural(r.FragmentedShortage-r.PooledShortage, "unit", "units"))})
	if len(r.Licenses) > 0 {
		add(block{Chart: shortageChart(r.Licenses, v.top)})
		best, rest := top(r.Licenses, v.top, func(a, b *LicenseShortage) bool {
			return a.Fragmented-a.Pooled > b.Fragmented-b.Pooled
		})
		t := &table{
			Head: []string{"License", "Fragmented", "Pooled", "Pooling saves"},
			Cols: "tnnn",
			More: more(rest, "in the JSON file"),
		}
		for _, l := range best {
			t.Rows = append(t.Rows, []string{l.License, count(l.Fragmented), count(l.Pooled), count(l.Fragmented - l.Pooled)})
		}
		add(block{Table: t})
	}
	for _, d := range r.Dimensions {
		if len(d.Values) == 0 {
			continue
		}
		best, rest := top(d.Values, v.top, func(a, b *DimensionValue) bool { return a.Saving > b.Saving })
		name := words(d.Dimension.String())
		t := &table{
			Head: []string{strings.ToUpper(name[:1]) + name[1:], "VAs", "Surplus", "Shortage", "Pooling saves"},
			Cols: "tnnnn",
			More: more(rest, "in the JSON file"),
		}
		for _, dv := range best {
			t.Rows = append(t.Rows, []string{dv.Value, count(dv.VirtualAccounts), count(dv.Surplus), count(dv.Shortage), count(dv.Saving)})
		}
		add(block{Heading: "Fragmentation by " + name}, block{Table: t})
	}
	add(block{Heading: "Transfer plan"})
	if len(r.Transfers) == 0 {
		add(block{Para: "No transfer: no Virtual Account short of a license another holds in surplus."})
	} else {
		var units int64
		for _, t := range r.Transfers {
			units += t.Quantity
		}
		add(block{Para: fmt.Sprintf("%s %s in %s to CSSM.", plural(len(r.Transfers), "transfer moves", "transfers move"),
			plural(units, "unit", "units"), plural(r.Requests, "request", "requests"))})
		best, rest := top(r.Transfers, v.top, func(a, b *Transfer) bool { return a.Quantity > b.Quantity })
		t := &table{
			Head: []string{"License", "Type", "From", "To", "Units"},
			Cols: "tcttn",
			More: more(rest, "in the JSON file"),
		}
		for _, tr := range best {
			t.Rows = append(t.Rows, []string{tr.License, tr.LicenseType.String(), tr.From, tr.To, count(tr.Quantity)})
		}
		add(block{Table: t})
	}
	add(v.findings(MoveRightsizing, "Findings")...)
	return s
}

func (v *viewer) reconciliation() section {
	rows := v.f.Reconciliation
	s := section{ID: "reconciliation", Title: "Move 3 — Consumption reconciliation"}
	add := func(b ...block) { s.Blocks = append(s.Blocks, b...) }
	var entitled, consumed, shortage, surplus int64
	for _, r := range rows {
		entitled += r.Entitled
		consumed += r.Consumed
		shortage += max(0, -r.Balance)
		surplus += max(0, r.Balance)
	}
	add(block{Para: fmt.Sprintf("%s (license × Virtual Account, METHOD.md §2): %s entitled, %s consumed; "+
		"%s short where consumption exceeds the entitlement, %s in surplus elsewhere.",
		plural(len(rows), "position", "positions"), count(entitled), count(consumed),
		plural(shortage, "unit", "units"), plural(surplus, "unit", "units"))})
	head := []string{"License", "Virtual Account", "Entitled", "Consumed", "Balance", "CSSM in use"}
	cols := "ttnnnn"
	posTable := func(better func(a, b *PositionRow) bool, keep func(r *PositionRow) bool) *table {
		best, _ := top(rows, v.top, better)
		t := &table{Head: head, Cols: cols}
		n := 0
		for _, r := range rows {
			if keep(&r) {
				n++
			}
		}
		for _, r := range best {
			if !keep(r) {
				break
			}
			inUse := ""
			if r.InUse != nil {
				inUse = count(*r.InUse)
			}
			t.Rows = append(t.Rows, []string{r.License, r.VirtualAccount, count(r.Entitled), count(r.Consumed), count(r.Balance), inUse})
		}
		t.More = more(n-len(t.Rows), "in the JSON file")
		return t
	}
	if shortage > 0 {
		add(block{Heading: "Largest shortages"}, block{Table: posTable(
			func(a, b *PositionRow) bool { return a.Balance < b.Balance },
			func(r *PositionRow) bool { return r.Balance < 0 })})
	}
	if surplus > 0 {
		add(block{Heading: "Largest surpluses"}, block{Table: posTable(
			func(a, b *PositionRow) bool { return a.Balance > b.Balance },
			func(r *PositionRow) bool { return r.Balance > 0 })})
	}
	add(v.findings(MoveReconciliation, "Pass 1 — reconciliation findings")...)
	return s
}

func (v *viewer) slr() section {
	r := &v.f.SLR
	s := section{ID: "slr", Title: "SLR — reservations of air-gapped devices"}
	add := func(b ...block) { s.Blocks = append(s.Blocks, b...) }
	add(block{Para: "Specific License Reservations hold units on devices that never report (METHOD.md §7); " +
		"units reserved on decommissioned devices, or beyond what a device needs, are reclaimable."})
	if len(r.Reclaimable) > 0 {
		t := &table{Head: []string{"License", "Reclaimable units"}, Cols: "tn"}
		var total int64
		for _, l := range slices.Sorted(maps.Keys(r.Reclaimable)) {
			t.Rows = append(t.Rows, []string{l, count(r.Reclaimable[l])})
			total += r.Reclaimable[l]
		}
		t.Foot = []string{"All licenses", count(total)}
		add(block{Table: t})
	}
	add(v.findings(MoveSLR, "Findings")...)
	return s
}

func (v *viewer) trueForward() section {
	t := &v.f.TrueForward
	s := section{ID: "true-forward", Title: "Move 4 — True-forward exposure"}
	add := func(b ...block) { s.Blocks = append(s.Blocks, b...) }
	var billable int64
	var charge, target decimal.Decimal
	billed := make([]Milestone, 0, len(t.Milestones))
	for _, m := range t.Milestones {
		billable += m.Billable
		charge = charge.Add(m.Charge)
		target = target.Add(m.TargetCharge)
		if m.Billable > 0 {
			billed = append(billed, m)
		}
	}
	add(block{Para: fmt.Sprintf("%s over the term are billable as true-forward (METHOD.md §5): %s at the proposal's premium, "+
		"%s at the buyer's target premium.", plural(billable, "unit", "units"), v.money(charge), v.money(target))})
	if len(billed) > 0 {
		n := min(len(billed), v.top)
		mt := &table{
			Head: []string{"Milestone", "License", "Consumption", "Entitled", "Billable", v.inCur("Charge"), v.inCur("Target charge"),
				"Organic · project · acquisition · unattributed"},
			Cols: "ctnnnnnt",
			More: more(len(billed)-n, "in the JSON file"),
		}
		for _, m := range billed[:n] {
			when := date(m.Date)
			if m.SemiAnnual {
				when += " (semi-annual)"
			}
			a := m.Attribution
			mt.Rows = append(mt.Rows, []string{when, m.License, count(m.Consumption), count(m.Entitlement), count(m.Billable),
				num(m.Charge), num(m.TargetCharge),
				count(a.Organic) + " · " + count(a.Project) + " · " + count(a.Acquisition) + " · " + count(a.Unattributed)})
		}
		add(block{Heading: "Milestones with billable units"}, block{Table: mt})
	}
	if len(t.Forecast) > 0 {
		best, rest := top(t.Forecast, v.top, func(a, b *ForecastRow) bool { return a.TrueForward.GreaterThan(b.TrueForward) })
		ft := &table{
			Head: []string{"License", "Forecast growth", v.inCur("As true-forward"), v.inCur("Bought up front"), "Cheaper"},
			Cols: "tnnnt",
			More: more(rest, "in the JSON file"),
		}
		for _, r := range best {
			cheaper := "up front"
			if !r.UpFront.LessThan(r.TrueForward) {
				cheaper = "true-forward"
			}
			ft.Rows = append(ft.Rows, []string{r.License, count(r.Growth), num(r.TrueForward), num(r.UpFront), cheaper})
		}
		add(block{Heading: "Forecast growth: true-forward or up front"}, block{Table: ft})
	}
	add(v.findings(MoveTrueForward, "Findings")...)
	return s
}

// statusOrder is the order of METHOD.md §6's reporting statuses.
var statusOrder = []string{"overdue", "due_soon", "ack_missing", "ok", "not_required", "unknown"}

func (v *viewer) reporting() section {
	r := &v.f.Reporting
	s := section{ID: "reporting", Title: "Move 5 — SLP reporting governance"}
	add := func(b ...block) { s.Blocks = append(s.Blocks, b...) }
	p := fmt.Sprintf("%s report periodically, %s already past due.",
		plural(r.Periodic, "instance", "instances"), count(r.PastDue))
	if !r.StageBy.IsZero() {
		p += " Half of them are due by " + date(r.StageBy) +
			": the next reports bring new consumption into CSSM, so stage the renewal discussion before that date (METHOD.md §6)."
	}
	add(block{Para: p})
	if len(r.ByStatus) > 0 {
		t := &table{Head: []string{"Reporting status", "Instances"}, Cols: "tn"}
		for _, k := range orderedKeys(r.ByStatus, statusOrder) {
			t.Rows = append(t.Rows, []string{words(k), count(r.ByStatus[k])})
		}
		add(block{Table: t})
	}
	if len(r.Weeks) > 0 {
		c := waveChart(r)
		// Markdown draws no chart: it shows the weeks as a table.
		c.Data = &table{Head: []string{"Week starting", "Reports due"}, Cols: "cn"}
		for _, w := range r.Weeks {
			c.Data.Rows = append(c.Data.Rows, []string{date(w.Start), count(w.Due)})
		}
		if r.Later > 0 {
			c.Data.Foot = []string{"Later", count(r.Later)}
		}
		add(block{Heading: "The reporting wave"}, block{Chart: c})
	}
	return s
}

func (v *viewer) priceCap() section {
	f := v.f
	s := section{ID: "price-cap", Title: "Move 6 — Multi-year price cap"}
	add := func(b ...block) { s.Blocks = append(s.Blocks, b...) }
	if f.Cap.Detail != "" {
		add(block{Para: f.Cap.Detail})
	}
	if t := v.upliftText(); t != "" {
		add(block{Para: t})
	}
	if len(f.Opening.Schedule) > 0 || len(f.Target.Schedule) > 0 {
		add(block{Chart: scheduleChart(f)})
		t := &table{
			Head: []string{"Year", v.inCur("Opening, " + capName(f.Opening.Cap)), v.inCur("Target, " + capName(f.Target.Cap)),
				v.inCur("Difference")},
			Cols: "tnnn",
		}
		for y := range max(len(f.Opening.Schedule), len(f.Target.Schedule)) {
			o, tg := at(f.Opening.Schedule, y), at(f.Target.Schedule, y)
			t.Rows = append(t.Rows, []string{strconv.Itoa(y + 1), num(o), num(tg), num(o.Sub(tg))})
		}
		t.Foot = []string{"TCV", num(f.Opening.TCV), num(f.Target.TCV), num(f.Opening.TCV.Sub(f.Target.TCV))}
		add(block{Table: t})
	}
	add(v.findings(MovePricing, "Findings about the prices")...)
	return s
}

// capName names a position's cap: "as proposed" when it has none.
func capName(c pricing.Cap) string {
	if c.Kind == pricing.CapNone {
		return "as proposed"
	}
	return "cap " + c.String()
}

// at returns s[i], or zero past its end.
func at(s []decimal.Decimal, i int) decimal.Decimal {
	if i < len(s) {
		return s[i]
	}
	return decimal.Decimal{}
}

func (v *viewer) settlement() section {
	f := v.f
	s := section{ID: "settlement", Title: "Move 7 — Settlement: the target position"}
	add := func(b ...block) { s.Blocks = append(s.Blocks, b...) }
	add(block{Para: fmt.Sprintf("The target buys what the Smart Account needs after every move, under %s: %s, NPV %s.",
		capName(f.Target.Cap), v.money(f.Target.TCV), v.money(f.Target.NPV))})
	lines := &table{
		Head: []string{"SKU", "License", "Category", "Opening units", "Target units", v.inCur("Unit price"),
			v.inCur("Opening TCV"), v.inCur("Target TCV")},
		Cols: "ctcnnnnn",
		Foot: []string{"Total", "", "", "", "", "", num(f.Opening.TCV), num(f.Target.TCV)},
	}
	for _, p := range pairLines(f.Opening.Lines, f.Target.Lines) {
		o, t := p[0], p[1]
		l := o
		if l == nil {
			l = t
		}
		var oq, tq string
		var ot, tt decimal.Decimal
		if o != nil {
			oq, ot = count(o.Quantity), o.TCV
		}
		if t != nil {
			tq, tt = count(t.Quantity), t.TCV
		}
		lines.Rows = append(lines.Rows, []string{l.SKU, l.License, l.Category.String(), oq, tq, exact(l.UnitPrice),
			num(ot), num(tt)})
	}
	add(block{Table: lines})
	if len(f.Scenarios) > 0 {
		add(block{Heading: "Scenarios"})
		add(block{Para: "The same file under other option sets, side by side: which levers carry the number."})
		st := &table{
			Head: []string{"Scenario", v.inCur("Target TCV"), v.inCur("Target NPV"), v.inCur("Recovery"), "Of the opening", "Against the expected band"},
			Cols: "tnnnnt",
		}
		for _, sc := range f.Scenarios {
			st.Rows = append(st.Rows, []string{sc.Name, num(sc.TargetTCV), num(sc.TargetNPV), num(sc.Recovery.Amount),
				percent(sc.Recovery.Percent.Decimal()), strings.Replace(placed(sc.Recovery.Expected), " the ", " ", 1)})
		}
		add(block{Table: st})
		matrix := &table{Class: "wide", Head: []string{v.inCur("Step")}, Cols: "t"}
		for _, sc := range f.Scenarios {
			matrix.Head = append(matrix.Head, sc.Name)
			matrix.Cols += "n"
		}
		var names []string
		for _, sc := range f.Scenarios {
			for _, st := range scenarioSteps(sc.Steps) {
				if !slices.Contains(names, st.name) {
					names = append(names, st.name)
				}
			}
		}
		for _, n := range names {
			row := []string{StepTitle(n)}
			for _, sc := range f.Scenarios {
				row = append(row, num(sc.Steps[n]))
			}
			matrix.Rows = append(matrix.Rows, row)
		}
		add(block{Para: "What each step recovers in each scenario:"}, block{Table: matrix})
	}
	return s
}

// pairLines matches the target's lines to the opening's by SKU, license
// and category: opening order first, then target lines the opening lacks.
func pairLines(opening, target []Line) [][2]*Line {
	type key struct {
		sku, license string
		cat          pricing.Category
	}
	idx := map[key]int{}
	var out [][2]*Line
	for i := range opening {
		l := &opening[i]
		idx[key{l.SKU, l.License, l.Category}] = len(out)
		out = append(out, [2]*Line{l, nil})
	}
	for i := range target {
		l := &target[i]
		k := key{l.SKU, l.License, l.Category}
		if j, ok := idx[k]; ok && out[j][1] == nil {
			out[j][1] = l
			continue
		}
		out = append(out, [2]*Line{nil, l})
	}
	return out
}

func (v *viewer) evidence() section {
	f := v.f
	s := section{ID: "evidence", Title: "Evidence"}
	add := func(b ...block) { s.Blocks = append(s.Blocks, b...) }
	add(block{Para: "Every figure rests on these inputs; a finding cites its input rows as file:line, a waterfall step the findings it rests on. " +
		"The SHA-256 lets anyone check that the inputs are the ones this file was computed from."})
	t := &table{
		Class: "evidence",
		Head:  []string{"Input", "Records", "Bytes", "SHA-256"},
		Cols:  "tnnt",
	}
	for _, in := range f.Inputs {
		t.Rows = append(t.Rows, []string{in.File, count(in.Records), count(in.Bytes), in.SHA256})
	}
	add(block{Table: t})
	if n := f.FindingCount(); n > 0 {
		p := "The file holds " + plural(n, "finding", "findings") + " in all."
		if v.csv != "" {
			add(block{Para: p + " Every one of them, with its evidence:", Href: v.csv})
		} else {
			add(block{Para: p})
		}
	}
	if len(f.Warnings) > 0 {
		n := min(len(f.Warnings), v.top)
		list := slices.Clone(f.Warnings[:n])
		if m := more(len(f.Warnings)-n, "in the JSON file"); m != "" {
			list = append(list, m)
		}
		add(block{Heading: "Warnings"}, block{List: list})
	}
	return s
}
