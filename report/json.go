package report

import (
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// WriteJSON writes the file as JSON in the shape of DESIGN.md's contract
// ("The procurement file"): the contract's keys first, in its order, and
// each object's further content under keys that follow them. Money and
// percentages are strings with exactly two decimals (METHOD.md §0), unit
// prices and rates strings with every decimal they have, dates
// "YYYY-MM-DD" (null when unknown), evidence the strings of
// smartaccount.Ref ("product_instances.csv:12"). Maps are written in key
// order, so the same File always gives the same bytes.
//
// The document is indented; a row (a finding, a line, a schedule year)
// sits on one line. It is streamed: findings are encoded one by one into a
// small buffer, never as a whole document, so a file with a million
// findings is written in constant memory. WriteJSON returns the first
// error of w.
func WriteJSON(w io.Writer, f *File) error {
	e := newEncoder(w)
	e.object()
	e.kstr("smart_account", f.SmartAccount)
	e.kdate("as_of", f.AsOf)
	e.kstr("currency", f.Currency)
	e.key("opening")
	jsonPosition(e, &f.Opening)
	e.key("target")
	jsonPosition(e, &f.Target)
	e.key("waterfall")
	jsonWaterfall(e, f.Waterfall)
	e.key("recovery")
	jsonRecovery(e, &f.Recovery)
	e.key("reconciliation")
	jsonReconciliation(e, f.Reconciliation)
	e.key("hygiene")
	jsonHygiene(e, f)
	e.key("virtual_accounts")
	jsonRightsizing(e, &f.Rightsizing)
	e.key("true_forward")
	jsonTrueForward(e, &f.TrueForward)
	e.key("slp")
	jsonReporting(e, &f.Reporting)
	e.key("slr")
	jsonSLR(e, &f.SLR)
	e.key("evidence")
	jsonEvidence(e, f.Inputs)

	// Beyond the contract.
	e.kstr("domain", f.Domain)
	e.kstr("vendor", f.Vendor)
	e.kint("term_years", int64(f.TermYears))
	e.kdate("start_date", f.Start)
	e.key("cap")
	jsonCapReading(e, &f.Cap)
	e.key("uplift_band")
	jsonUpliftBand(e, f)
	e.key("pricing")
	e.object()
	e.key("findings")
	jsonFindings(e, MovePricing, f.Pricing)
	e.end()
	e.key("counter_proposal")
	if f.CounterProposal == nil {
		e.null()
	} else if err := e.marshal(f.CounterProposal); err != nil {
		return err
	}
	e.key("scenarios")
	jsonScenarios(e, f.Scenarios)
	e.key("missing")
	e.array()
	for _, m := range f.Missing {
		e.row()
		e.kstr("input", m.Input)
		e.kstr("consequence", m.Consequence)
		e.end()
	}
	e.endArray()
	e.key("warnings")
	e.array()
	for _, w := range f.Warnings {
		e.str(w)
	}
	e.endArray()
	e.end()
	e.buf = append(e.buf, '\n')
	e.flush(true)
	return e.err
}

func jsonPosition(e *encoder, p *Position) {
	e.object()
	e.kmoney("tcv", p.TCV)
	e.kmoney("npv", p.NPV)
	e.key("schedule")
	e.array()
	for y, a := range p.Schedule {
		e.row()
		e.kint("year", int64(y+1))
		e.kmoney("amount", a)
		e.end()
	}
	e.endArray()
	e.key("lines")
	e.array()
	for _, l := range p.Lines {
		e.row()
		e.kstr("sku", l.SKU)
		e.kstr("license", l.License)
		e.kstr("category", l.Category.String())
		e.kint("quantity", l.Quantity)
		e.kstr("unit_price", exact(l.UnitPrice))
		e.kmoney("tcv", l.TCV)
		e.kstr("uplift", exact(l.Premium))
		e.end()
	}
	e.endArray()
	e.kstr("cap_kind", p.Cap.Kind.String())
	e.kstr("price_cap", exact(p.Cap.Rate))
	e.end()
}

func jsonWaterfall(e *encoder, steps []Step) {
	e.array()
	for _, s := range steps {
		e.object()
		e.kstr("step", s.Name)
		e.kmoney("amount", s.Amount)
		e.kint("evidence_count", int64(len(s.Findings)))
		e.kstr("title", StepTitle(s.Name))
		e.kint("units", s.Units)
		e.kstr("detail", s.Detail)
		e.key("findings")
		e.array()
		for _, id := range s.Findings {
			e.str(id)
		}
		e.endArray()
		e.end()
	}
	e.endArray()
}

func jsonRecovery(e *encoder, r *Recovery) {
	e.object()
	e.kmoney("amount", r.Amount)
	e.kmoney("percent", r.Percent.Decimal())
	e.key("expected")
	jsonBand(e, r.Expected)
	e.kmoney("hygiene_percent", r.HygienePercent.Decimal())
	e.key("hygiene_expected")
	jsonBand(e, r.HygieneExpected)
	e.end()
}

// jsonBand writes a band of percentages and where the figure falls in it;
// the position is null when the figure was not placed.
func jsonBand(e *encoder, b Band) {
	e.row()
	e.kmoney("low_percent", b.Low)
	e.kmoney("high_percent", b.High)
	kposition(e, b.Position)
	e.end()
}

// kposition writes "position": below, within, above, or null when the
// figure was not placed.
func kposition(e *encoder, p pricing.Position) {
	e.key("position")
	if p == 0 {
		e.null()
	} else {
		e.str(p.String())
	}
}

func jsonReconciliation(e *encoder, rows []PositionRow) {
	e.array()
	for _, r := range rows {
		e.row()
		e.kstr("license", r.License)
		e.kstr("virtual_account", r.VirtualAccount)
		e.kint("entitled", r.Entitled)
		e.kint("consumed", r.Consumed)
		e.kint("balance", r.Balance)
		e.key("in_use")
		if r.InUse == nil {
			e.null()
		} else {
			e.int(*r.InUse)
		}
		e.end()
	}
	e.endArray()
}

func jsonHygiene(e *encoder, f *File) {
	h := &f.Hygiene
	e.object()
	e.key("findings")
	e.array()
	for _, m := range []Move{MoveReconciliation, MoveCleanup, MoveAccess} {
		jsonFindingRows(e, m, f.Findings(m))
	}
	e.endArray()
	e.key("classes")
	jsonCounts(e, h.Classes)
	e.key("licenses")
	e.array()
	for _, l := range h.Licenses {
		e.row()
		e.kstr("license", l.License)
		e.kint("consumed", l.Consumed)
		e.kint("reclaimable", l.Reclaimable)
		e.kint("need", l.Need)
		e.kint("unused", l.Unused)
		e.kint("entitled", l.Entitled)
		e.end()
	}
	e.endArray()
	e.end()
}

// jsonFindings writes a findings array.
func jsonFindings(e *encoder, m Move, fs []smartaccount.Finding) {
	e.array()
	jsonFindingRows(e, m, fs)
	e.endArray()
}

// jsonFindingRows writes findings, one row each, into the open array. A
// finding is the row a file holds hundreds of thousands of, so its row is
// written straight into the buffer, keys as literals, rather than token
// by token: the same bytes as e.row() and e.kstr(…) would write (the
// golden test holds them to it) at half the cost. An evidence list can
// hold thousands of references: the buffer is handed over within it.
func jsonFindingRows(e *encoder, m Move, fs []smartaccount.Finding) {
	move := appendString(nil, string(m))
	for i := range fs {
		if i%PrefetchBatch == 0 {
			Prefetch(fs[i:min(i+PrefetchBatch, len(fs))])
		}
		fd := &fs[i]
		e.next()
		b := append(e.buf, `{"kind":`...)
		b = appendString(b, string(fd.Kind))
		b = append(b, `,"severity":`...)
		b = appendString(b, fd.Severity.String())
		b = append(b, `,"license":`...)
		b = appendString(b, fd.License)
		b = append(b, `,"virtual_account":`...)
		b = appendString(b, fd.VirtualAccount)
		b = append(b, `,"quantity":`...)
		b = strconv.AppendInt(b, fd.Quantity, 10)
		b = append(b, `,"amount":`...)
		b = appendString(b, cents(fd.Amount))
		b = append(b, `,"evidence":[`...)
		for j, r := range fd.Evidence {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendRef(b, r)
			if len(b) >= flushAt {
				e.buf = b
				e.flush(false)
				b = e.buf
			}
		}
		b = append(b, `],"move":`...)
		b = append(b, move...)
		b = append(b, `,"udi":`...)
		b = appendUDI(b, fd.UDI)
		b = append(b, `,"user":`...)
		b = appendString(b, fd.User)
		b = append(b, `,"detail":`...)
		b = appendString(b, fd.Detail)
		b = append(b, `,"id":"`...)
		e.scratch = fd.AppendID(e.scratch[:0])
		b = appendEscaped(b, e.scratch)
		e.buf = append(b, `"}`...)
	}
}

// jsonCounts writes a map of counts as an object in key order.
func jsonCounts[N int | int64](e *encoder, m map[string]N) {
	e.row()
	for _, k := range slices.Sorted(maps.Keys(m)) {
		e.kint(k, int64(m[k]))
	}
	e.end()
}

func jsonRightsizing(e *encoder, r *Rightsizing) {
	e.object()
	e.kint("fragmented_shortage", r.FragmentedShortage)
	e.kint("pooled_shortage", r.PooledShortage)
	e.key("by_license")
	e.array()
	for _, l := range r.Licenses {
		e.row()
		e.kstr("license", l.License)
		e.kint("fragmented_shortage", l.Fragmented)
		e.kint("pooled_shortage", l.Pooled)
		e.end()
	}
	e.endArray()
	e.key("by_dimension")
	e.object()
	for _, d := range r.Dimensions {
		e.key(d.Dimension.String())
		e.array()
		for _, v := range d.Values {
			e.row()
			e.kstr("value", v.Value)
			e.kint("virtual_accounts", int64(v.VirtualAccounts))
			e.kint("surplus", v.Surplus)
			e.kint("shortage", v.Shortage)
			e.kint("saving", v.Saving)
			e.end()
		}
		e.endArray()
	}
	e.end()
	e.key("transfers")
	e.array()
	for _, t := range r.Transfers {
		e.row()
		e.kstr("license", t.License)
		e.kstr("license_type", t.LicenseType.String())
		e.kstr("from", t.From)
		e.kstr("to", t.To)
		e.kint("quantity", t.Quantity)
		e.end()
	}
	e.endArray()
	e.kint("requests", int64(r.Requests))
	e.key("findings")
	jsonFindings(e, MoveRightsizing, r.Findings)
	e.end()
}

func jsonTrueForward(e *encoder, t *TrueForward) {
	e.object()
	e.key("milestones")
	e.array()
	for _, m := range t.Milestones {
		e.row()
		e.kdate("date", m.Date)
		e.kstr("license", m.License)
		e.kint("consumption", m.Consumption)
		e.kint("entitlement", m.Entitlement)
		e.kint("overage", m.Overage)
		e.kint("billable", m.Billable)
		e.kmoney("charge", m.Charge)
		e.key("attribution")
		e.row()
		e.kint("organic", m.Attribution.Organic)
		e.kint("project", m.Attribution.Project)
		e.kint("acquisition", m.Attribution.Acquisition)
		e.kint("unattributed", m.Attribution.Unattributed)
		e.end()
		e.key("semi_annual")
		e.bool(m.SemiAnnual)
		e.kint("allowed", m.Allowed)
		e.kmoney("target_charge", m.TargetCharge)
		e.end()
	}
	e.endArray()
	e.key("forecast")
	e.array()
	for _, r := range t.Forecast {
		e.row()
		e.kstr("license", r.License)
		e.kint("growth", r.Growth)
		e.kmoney("true_forward", r.TrueForward)
		e.kmoney("up_front", r.UpFront)
		e.end()
	}
	e.endArray()
	e.key("findings")
	jsonFindings(e, MoveTrueForward, t.Findings)
	e.end()
}

func jsonReporting(e *encoder, r *Reporting) {
	e.object()
	e.key("instances_by_status")
	jsonCounts(e, r.ByStatus)
	e.key("reporting_wave")
	e.object()
	e.kdate("stage_by", r.StageBy)
	e.kint("periodic", int64(r.Periodic))
	e.kint("past_due", int64(r.PastDue))
	e.key("weeks")
	e.array()
	for _, w := range r.Weeks {
		e.row()
		e.kdate("start", w.Start)
		e.kint("due", int64(w.Due))
		e.end()
	}
	e.endArray()
	e.kint("later", int64(r.Later))
	e.end()
	e.end()
}

func jsonSLR(e *encoder, s *SLR) {
	e.object()
	e.key("findings")
	jsonFindings(e, MoveSLR, s.Findings)
	e.key("reclaimable")
	jsonCounts(e, s.Reclaimable)
	e.end()
}

func jsonEvidence(e *encoder, inputs []Input) {
	e.object()
	e.key("inputs")
	e.array()
	for _, in := range inputs {
		e.row()
		e.kstr("file", in.File)
		e.kstr("sha256", in.SHA256)
		e.kint("records", int64(in.Records))
		e.kint("bytes", in.Bytes)
		e.end()
	}
	e.endArray()
	e.end()
}

func jsonCapReading(e *encoder, c *CapReading) {
	e.object()
	e.kstr("cap_kind", c.Cap.Kind.String())
	e.kstr("price_cap", exact(c.Cap.Rate))
	e.kint("years", int64(c.Years))
	e.key("over_term_percent")
	if c.OverTerm.Valid {
		e.str(percentOf(c.OverTerm.Decimal))
	} else {
		e.null()
	}
	e.kstr("detail", c.Detail)
	e.end()
}

func jsonUpliftBand(e *encoder, f *File) {
	b := f.UpliftBand
	if b == nil {
		e.null()
		return
	}
	e.object()
	e.kstr("industry", b.Band.Industry)
	e.kstr("label", b.Band.Label)
	e.kstr("low_percent", percentOf(b.Band.Low))
	e.kstr("high_percent", percentOf(b.Band.High))
	e.kmoney("year_one", b.YearOne)
	e.kmoney("prior_spend", b.PriorSpend)
	e.kmoney("uplift_percent", b.UpliftPercent.Decimal())
	kposition(e, b.Position)
	e.end()
}

func jsonScenarios(e *encoder, scenarios []Scenario) {
	e.array()
	for _, s := range scenarios {
		e.object()
		e.kstr("name", s.Name)
		e.key("steps")
		e.row()
		for _, st := range scenarioSteps(s.Steps) {
			e.kmoney(st.name, st.amount)
		}
		e.end()
		e.kmoney("target_tcv", s.TargetTCV)
		e.kmoney("target_npv", s.TargetNPV)
		e.key("recovery")
		jsonRecovery(e, &s.Recovery)
		e.end()
	}
	e.endArray()
}

// namedAmount is one step of a scenario.
type namedAmount struct {
	name   string
	amount decimal.Decimal
}

// scenarioSteps returns a scenario's steps in waterfall order, then any
// step the method does not name in name order.
func scenarioSteps(m map[string]decimal.Decimal) []namedAmount {
	out := make([]namedAmount, 0, len(m))
	for _, n := range Steps {
		if a, ok := m[n]; ok {
			out = append(out, namedAmount{n, a})
		}
	}
	for _, n := range slices.Sorted(maps.Keys(m)) {
		if _, ok := stepTitles[n]; !ok {
			out = append(out, namedAmount{n, m[n]})
		}
	}
	return out
}
