package cssm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// RequestKeyHeader carries each transfer request's key. CSSM is not known to
// honour such a key — Apply never relies on it, the journal does the work —
// but it lets a proxy's log or cssmtest tell a repeat from a new request. It
// is deliberately not "Idempotency-Key": net/http replays a request bearing
// that header on its own after a dropped connection, which would send a
// transfer twice to a service that ignores the key.
const RequestKeyHeader = "X-Request-Key"

// PreparedRequest is one CSSM license-transfer request of a plan, exactly
// as Apply sends it.
type PreparedRequest struct {
	Index  int    // 1-based, in plan order
	Method string // "POST"
	// Path is relative to the client's base URL, escaped as sent.
	Path string
	From string // the Virtual Account the lines leave
	// Body is the request body; JSON its exact bytes.
	Body TransferLicensesParams
	JSON []byte
	// Key is the request's idempotency key: a digest of the plan and the
	// index, the same on every run of the same plan.
	Key string
}

// PrepareRequests returns the CSSM requests of plan in profile p: the
// batches of plan.Requests (per source Virtual Account, at most
// virtualaccount.MaxRequestTypes license types per request, lines of at most
// virtualaccount.MaxLineUnits units; METHOD.md §4) as method, path and exact
// JSON body. It sends nothing: it is the dry run.
func PrepareRequests(p Profile, domain string, plan *virtualaccount.Plan) ([]PreparedRequest, error) {
	if domain == "" {
		return nil, errRequired("the Smart Account domain")
	}
	if plan == nil {
		return nil, errRequired("the plan")
	}
	batches, err := plan.Requests()
	if err != nil {
		return nil, fmt.Errorf("cssm: plan: %w", err)
	}
	out := make([]PreparedRequest, 0, len(batches))
	digest := sha256.New()
	digest.Write([]byte(domain + "\n"))
	for i, r := range batches {
		body := TransferLicensesParams{Licenses: make([]LicenseTransfer, len(r.Lines))}
		for j, l := range r.Lines {
			body.Licenses[j] = LicenseTransfer{License: l.License, LicenseType: l.Type.String(), Quantity: l.Quantity, TargetVirtualAccount: l.To}
		}
		method, path, err := p.resolve(transferCall(domain, r.From, &body))
		if err != nil {
			return nil, err
		}
		data, err := encodeBody(body)
		if err != nil {
			return nil, err
		}
		out = append(out, PreparedRequest{Index: i + 1, Method: method, Path: path, From: r.From, Body: body, JSON: data})
		fmt.Fprintf(digest, "%s %s %s\n", method, path, data)
	}
	sum := hex.EncodeToString(digest.Sum(nil))
	for i := range out {
		k := sha256.Sum256([]byte(sum + "#" + strconv.Itoa(out[i].Index)))
		out[i].Key = hex.EncodeToString(k[:16])
	}
	return out, nil
}

// planDigest identifies the prepared requests of a plan.
func planDigest(reqs []PreparedRequest) string {
	h := sha256.New()
	for _, r := range reqs {
		h.Write([]byte(r.Key))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ApplyParams configure Apply.
type ApplyParams struct {
	// Domain is the Smart Account's domain. Required.
	Domain string
	// Journal records the run; required (see Journal).
	Journal *Journal
	// Progress, when set, is called after each request settled.
	Progress func(ApplyProgress)
}

// ApplyProgress is how far an Apply has come.
type ApplyProgress struct {
	Done, Total int // requests settled (applied in this run or before), of all
	Request     *PreparedRequest
}

// ApplyResult says what an Apply did.
type ApplyResult struct {
	Requests int // the plan's requests
	// Before counts the requests an earlier run had applied; Settled the
	// intents without outcome found applied on re-reading the balances;
	// Sent the requests this run sent and CSSM confirmed.
	Before, Settled, Sent int
}

// ErrJournalMismatch is returned by Apply for a journal written for another
// plan or Smart Account, or whose lines do not match this plan's requests.
var ErrJournalMismatch = errors.New("cssm: the journal was written for another plan: use a new journal file for a new plan")

// MisfitError is a plan that no longer fits CSSM's balances, found by the
// pre-check: nothing was sent.
type MisfitError struct {
	Misfits []Misfit
}

// Misfit is one source balance the remaining plan would overdraw.
type Misfit struct {
	VirtualAccount, License string
	Type                    smartaccount.LicenseType // zero when the misfit is the available count
	Need, Have              int64
}

// Error lists the misfits.
func (e *MisfitError) Error() string {
	var b strings.Builder
	b.WriteString("cssm: the plan no longer fits CSSM's balances; nothing was sent:")
	for _, m := range e.Misfits {
		what := "available (unused)"
		if m.Type != 0 {
			what = m.Type.String()
		}
		fmt.Fprintf(&b, "\n  %s in %s: %d %s units to move, %d there", m.License, m.VirtualAccount, m.Need, what, m.Have)
	}
	return b.String()
}

// SettleError is an intent without outcome whose balances match neither
// the state before nor the state after its request: something else changed
// them, and Apply cannot tell whether the request was applied.
type SettleError struct {
	Index               int
	Key                 string
	Before, After, Seen map[string]int64
}

// Error explains what to check.
func (e *SettleError) Error() string {
	return fmt.Sprintf("cssm: request %d (key %s) was interrupted and the balances it changes now match neither the state before it nor after it (before %v, after %v, now %v): check CSSM by hand before re-running", e.Index, e.Key, e.Before, e.After, e.Seen)
}

// Apply executes a Virtual Account transfer plan through CSSM (METHOD.md §4)
// in the requests PrepareRequests gives, resuming from p.Journal:
//
//  1. A journal already holding requests of this plan is replayed: those
//     done are not sent again, and an intent without outcome (a run killed
//     between sending and recording the answer) is settled by re-reading
//     the balances — applied if they show its effect, re-sent if they show
//     the state before it, and an error (*SettleError) otherwise.
//  2. The pre-check re-reads the balances of every Virtual Account of the
//     plan and refuses (*MisfitError) a remaining plan that would overdraw
//     a source: more units of a license type than it holds, or more than
//     its available (unused) count.
//  3. Each remaining request is journalled (intent, with the balances
//     before and after it) and fsync'd, sent, and its outcome journalled.
//     A request CSSM refuses stops the run with its *ErrorResponse; one
//     whose answer is lost stops it with the transport error, leaving the
//     intent for the next run to settle.
//
// Apply returns a nil error only when the whole plan is applied.
func Apply(ctx context.Context, c *Client, plan *virtualaccount.Plan, p ApplyParams) (*ApplyResult, error) {
	if p.Journal == nil {
		return nil, errRequired("ApplyParams.Journal")
	}
	reqs, err := PrepareRequests(c.profile, p.Domain, plan)
	if err != nil {
		return nil, err
	}
	res := &ApplyResult{Requests: len(reqs)}
	digest := planDigest(reqs)
	js := p.Journal.state()
	switch js.plan {
	case "":
		if err := p.Journal.append(journalEvent{Op: "plan", Plan: digest, Domain: p.Domain, Requests: len(reqs)}); err != nil {
			return res, err
		}
	case digest:
		if err := p.Journal.matches(reqs); err != nil {
			return res, err
		}
	default:
		return res, ErrJournalMismatch
	}
	res.Before = len(js.done)
	if len(js.done) == len(reqs) && len(js.pending) == 0 {
		return res, nil
	}
	bal, err := readBalances(ctx, c, p.Domain, reqs)
	if err != nil {
		return res, err
	}
	for _, e := range js.pending {
		seen := map[string]int64{}
		for k := range e.Before {
			seen[k] = bal.qty[k]
		}
		switch {
		case maps.Equal(seen, e.After):
			if err := p.Journal.append(journalEvent{Op: "done", Index: e.Index, Key: e.Key, How: "found applied"}); err != nil {
				return res, err
			}
			js.done[e.Index] = "found applied"
			res.Settled++
		case maps.Equal(seen, e.Before):
			// Not applied: it is sent again below, under a new intent.
		default:
			return res, &SettleError{Index: e.Index, Key: e.Key, Before: e.Before, After: e.After, Seen: seen}
		}
	}
	var todo []*PreparedRequest
	for i := range reqs {
		if _, done := js.done[reqs[i].Index]; !done {
			todo = append(todo, &reqs[i])
		}
	}
	if err := bal.precheck(todo); err != nil {
		return res, err
	}
	done := len(reqs) - len(todo)
	for _, r := range todo {
		before, after := bal.effect(r)
		if err := p.Journal.append(journalEvent{Op: "intent", Index: r.Index, Key: r.Key, Before: before, After: after}); err != nil {
			return res, err
		}
		cl := transferCall(p.Domain, r.From, &r.Body)
		cl.header = http.Header{RequestKeyHeader: {r.Key}}
		_, err := c.do(ctx, cl)
		if err != nil {
			var er *ErrorResponse
			if errors.As(err, &er) && refused(er) {
				if jerr := p.Journal.append(journalEvent{Op: "refused", Index: r.Index, Key: r.Key, Error: er.Error()}); jerr != nil {
					return res, errors.Join(err, jerr)
				}
			}
			return res, fmt.Errorf("cssm: apply: request %d of %d (from %s): %w", r.Index, len(reqs), r.From, err)
		}
		// The outcome is recorded even if ctx was cancelled meanwhile.
		if err := p.Journal.append(journalEvent{Op: "done", Index: r.Index, Key: r.Key, How: "sent"}); err != nil {
			return res, err
		}
		bal.apply(r)
		res.Sent++
		done++
		if p.Progress != nil {
			p.Progress(ApplyProgress{Done: done, Total: len(reqs), Request: r})
		}
	}
	return res, nil
}

// refused reports whether CSSM's answer says the request was not applied:
// a 4xx other than 429, or ERROR inside a 2xx. A 5xx or an exhausted 429
// leaves the outcome to the next run's re-reading.
func refused(e *ErrorResponse) bool {
	return e.StatusCode < 500 && e.StatusCode != http.StatusTooManyRequests
}

// balances are CSSM's license quantities (of the lines that count today)
// per "VA|license|TYPE" and
// available counts per "VA|license", as read and then updated by the
// requests applied.
type balances struct {
	qty   map[string]int64
	avail map[string]int64
}

func qtyKey(va, license, typ string) string { return va + "|" + license + "|" + strings.ToUpper(typ) }

// readBalances reads the licenses of every Virtual Account of the requests.
func readBalances(ctx context.Context, c *Client, domain string, reqs []PreparedRequest) (*balances, error) {
	set := map[string]bool{}
	for _, r := range reqs {
		set[r.From] = true
		for _, l := range r.Body.Licenses {
			set[l.TargetVirtualAccount] = true
		}
	}
	vas := slices.Sorted(maps.Keys(set))
	b := &balances{qty: map[string]int64{}, avail: map[string]int64{}}
	now := time.Now()
	for l, err := range c.Licenses.All(ctx, domain, &ListParams{VirtualAccounts: vas}) {
		if err != nil {
			return nil, fmt.Errorf("cssm: apply: reading the balances: %w", err)
		}
		if !set[l.VirtualAccount] {
			continue
		}
		b.avail[l.VirtualAccount+"|"+l.License] = l.Available
		for _, d := range l.Details {
			if d.Counts(now) {
				b.qty[qtyKey(l.VirtualAccount, l.License, d.LicenseType)] += d.Quantity
			}
		}
	}
	return b, nil
}

// precheck refuses requests that would overdraw a source.
func (b *balances) precheck(todo []*PreparedRequest) error {
	needQty, needAvail := map[string]int64{}, map[string]int64{}
	for _, r := range todo {
		for _, l := range r.Body.Licenses {
			needQty[qtyKey(r.From, l.License, l.LicenseType)] += l.Quantity
			needAvail[r.From+"|"+l.License] += l.Quantity
		}
	}
	var misfits []Misfit
	for _, k := range slices.Sorted(maps.Keys(needQty)) {
		if have := b.qty[k]; have < needQty[k] {
			parts := strings.SplitN(k, "|", 3)
			va, lic := parts[0], parts[1]
			t, _ := smartaccount.ParseLicenseType(parts[2])
			misfits = append(misfits, Misfit{VirtualAccount: va, License: lic, Type: t, Need: needQty[k], Have: have})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(needAvail)) {
		if have := b.avail[k]; have < needAvail[k] {
			va, lic, _ := strings.Cut(k, "|")
			misfits = append(misfits, Misfit{VirtualAccount: va, License: lic, Need: needAvail[k], Have: have})
		}
	}
	if len(misfits) > 0 {
		return &MisfitError{Misfits: misfits}
	}
	return nil
}

// effect returns the balances r changes, before and after it.
func (b *balances) effect(r *PreparedRequest) (before, after map[string]int64) {
	before, after = map[string]int64{}, map[string]int64{}
	for _, l := range r.Body.Licenses {
		from, to := qtyKey(r.From, l.License, l.LicenseType), qtyKey(l.TargetVirtualAccount, l.License, l.LicenseType)
		for _, k := range []string{from, to} {
			if _, ok := before[k]; !ok {
				before[k], after[k] = b.qty[k], b.qty[k]
			}
		}
		after[from] -= l.Quantity
		after[to] += l.Quantity
	}
	return before, after
}

// apply records r's effect.
func (b *balances) apply(r *PreparedRequest) {
	for _, l := range r.Body.Licenses {
		b.qty[qtyKey(r.From, l.License, l.LicenseType)] -= l.Quantity
		b.qty[qtyKey(l.TargetVirtualAccount, l.License, l.LicenseType)] += l.Quantity
		b.avail[r.From+"|"+l.License] -= l.Quantity
		b.avail[l.TargetVirtualAccount+"|"+l.License] += l.Quantity
	}
}
