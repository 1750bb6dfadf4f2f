package virtualaccount

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// CSSM's limits on one license-transfer request (CSSM-API.md): at most
// MaxRequestTypes license types, and lines of at most MaxLineUnits units.
const (
	MaxRequestTypes = 10
	MaxLineUnits    = 998
)

// MaxTransferUnits bounds one transfer of a plan: more units of one
// license than the largest Smart Accounts hold (it would take over 10,000
// request lines) mark a plan that was edited wrong.
const MaxTransferUnits = 10_000_000

// Transfer moves Quantity units of one license type of License from one
// Virtual Account to another.
type Transfer struct {
	License  string                   `json:"license"`
	Type     smartaccount.LicenseType `json:"license_type"`
	From     string                   `json:"from"`
	To       string                   `json:"to"`
	Quantity int64                    `json:"quantity"`
}

// Plan is a deterministic list of transfers that pools a Smart Account's
// licenses (METHOD.md §4). It is data: it reads and writes JSON, prints as
// text (String) and is applied through Requests.
type Plan struct {
	Transfers []Transfer `json:"transfers"`
}

// Request is one CSSM license-transfer request: lines leaving one Virtual
// Account, at most MaxRequestTypes license types, each line at most
// MaxLineUnits units.
type Request struct {
	From  string        `json:"from"`
	Lines []RequestLine `json:"lines"`
}

// RequestLine is one line of a Request.
type RequestLine struct {
	License  string                   `json:"license"`
	Type     smartaccount.LicenseType `json:"license_type"`
	To       string                   `json:"to"`
	Quantity int64                    `json:"quantity"`
}

// Validate reports every transfer that cannot be sent to CSSM: a license
// or Virtual Account not named, a transfer to its own account, a quantity
// that is not positive or above MaxTransferUnits (that error wraps
// smartaccount.ErrTooLarge). A plan read from a file is checked by
// Requests before anything is sent.
func (p *Plan) Validate() error {
	var errs []error
	for i, t := range p.Transfers {
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("transfers[%d]: "+format, append([]any{i}, args...)...))
		}
		switch {
		case strings.TrimSpace(t.License) == "":
			bad("license not named")
		case strings.TrimSpace(t.From) == "":
			bad("from: Virtual Account not named")
		case strings.TrimSpace(t.To) == "":
			bad("to: Virtual Account not named")
		case t.From == t.To:
			bad("from and to are the same Virtual Account %q", t.From)
		case t.Quantity <= 0:
			bad("quantity %d is not positive", t.Quantity)
		case t.Quantity > MaxTransferUnits:
			bad("quantity %d is more than %d: %w", t.Quantity, MaxTransferUnits, smartaccount.ErrTooLarge)
		}
	}
	return errors.Join(errs...)
}

// Requests batches the plan into CSSM license-transfer requests: one group
// per source Virtual Account (in name order), lines of one license type
// each and at most MaxLineUnits units (a larger transfer is split into
// lines of MaxLineUnits and a remainder), at most MaxRequestTypes distinct
// (license, type) pairs per request. Within a source account the lines are
// sorted by license and type, keeping the plan's order otherwise, so the
// group needs as few requests as its types allow. Requests changes nothing;
// it returns Validate's error for a plan that cannot be sent.
func (p *Plan) Requests() ([]Request, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	order := make([]int, len(p.Transfers))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ta, tb := &p.Transfers[a], &p.Transfers[b]
		return cmp.Or(strings.Compare(ta.From, tb.From), strings.Compare(ta.License, tb.License), cmp.Compare(ta.Type, tb.Type))
	})
	type key struct {
		license string
		typ     smartaccount.LicenseType
	}
	var out []Request
	var types map[key]bool
	for _, i := range order {
		t := &p.Transfers[i]
		k := key{t.License, t.Type}
		if len(out) == 0 || out[len(out)-1].From != t.From || (!types[k] && len(types) == MaxRequestTypes) {
			out = append(out, Request{From: t.From})
			types = map[key]bool{}
		}
		types[k] = true
		r := &out[len(out)-1]
		for left := t.Quantity; left > 0; left -= MaxLineUnits {
			r.Lines = append(r.Lines, RequestLine{License: t.License, Type: t.Type, To: t.To, Quantity: min(left, MaxLineUnits)})
		}
	}
	return out, nil
}

// Units returns the number of units the plan moves.
func (p *Plan) Units() int64 {
	var n int64
	for _, t := range p.Transfers {
		n += t.Quantity
	}
	return n
}

// String returns the plan as a table a reviewer reads before it is applied:
// one transfer a line, then the totals.
func (p *Plan) String() string {
	var b strings.Builder
	if len(p.Transfers) == 0 {
		return "no transfers\n"
	}
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "license\ttype\tunits\tfrom\tto")
	for _, t := range p.Transfers {
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", t.License, t.Type, t.Quantity, t.From, t.To)
	}
	_ = w.Flush() // writes to a strings.Builder, which never fails
	units := p.Units()
	b.WriteString(strconv.Itoa(len(p.Transfers)))
	b.WriteString(plural(len(p.Transfers), " transfer", " transfers"))
	b.WriteString(", ")
	b.WriteString(strconv.FormatInt(units, 10))
	b.WriteString(plural(int(min(units, 2)), " unit\n", " units\n"))
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
