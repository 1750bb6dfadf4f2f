package cssm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// applySeed is a small Smart Account: Pool holds a surplus of twelve
// licenses (12 license types: two requests from Pool), "Core & Edge/EU"
// one of DNA Advantage, and Branch a shortage of both.
func applySeed() *smartaccount.Snapshot {
	snap := &smartaccount.Snapshot{Account: smartaccount.Account{Name: "Apply Test", Domain: "apply.example", VirtualAccounts: []smartaccount.VirtualAccount{
		{Name: "Branch"}, {Name: "Core & Edge/EU"}, {Name: "Pool"}}}}
	end := time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
	for i := range 12 {
		snap.Entitlements = append(snap.Entitlements, smartaccount.Entitlement{VirtualAccount: "Pool", License: fmt.Sprintf("License %02d", i+1),
			Type: smartaccount.Term, Quantity: 50, Start: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), End: end, Status: "ACTIVE"})
	}
	snap.Entitlements = append(snap.Entitlements,
		smartaccount.Entitlement{VirtualAccount: "Core & Edge/EU", License: "DNA Advantage", Type: smartaccount.Perpetual, Quantity: 2500, Status: "ACTIVE"},
		smartaccount.Entitlement{VirtualAccount: "Branch", License: "DNA Advantage", Type: smartaccount.Perpetual, Quantity: 10, Status: "ACTIVE"})
	u, _ := smartaccount.NewUDI("C9300-24UX", "FCW0001")
	snap.Instances = append(snap.Instances, smartaccount.ProductInstance{UDI: u, VirtualAccount: "Branch", License: "DNA Advantage", Quantity: 1})
	return snap
}

// applyPlan moves 20 of each Pool license and 2,100 DNA Advantage (three
// lines of ≤ 998: 998 + 998 + 104) to Branch: request 1 from "Core &
// Edge/EU" (sources in name order), requests 2 and 3 from Pool (10 + 2
// license types).
func applyPlan() *virtualaccount.Plan {
	p := &virtualaccount.Plan{}
	for i := range 12 {
		p.Transfers = append(p.Transfers, virtualaccount.Transfer{License: fmt.Sprintf("License %02d", i+1), Type: smartaccount.Term, From: "Pool", To: "Branch", Quantity: 20})
	}
	p.Transfers = append(p.Transfers, virtualaccount.Transfer{License: "DNA Advantage", Type: smartaccount.Perpetual, From: "Core & Edge/EU", To: "Branch", Quantity: 2100})
	return p
}

func newApplyFake(t *testing.T) (*cssmtest.Server, *cssm.Client) {
	srv := newFake(t, cssmtest.Params{})
	require.NoError(t, srv.Seed(applySeed()))
	return srv, newClient(t, srv, cssm.ProfileLegacy)
}

func openJournal(t *testing.T, path string) *cssm.Journal {
	j, err := cssm.OpenJournal(path)
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	return j
}

func TestPrepareRequests(t *testing.T) {
	reqs, err := cssm.PrepareRequests(cssm.ProfileLegacy, "apply.example", applyPlan())
	require.NoError(t, err)
	require.Len(t, reqs, 3)
	assert.Equal(t, "v1/accounts/apply.example/virtual-accounts/Pool/licenses/transfer", reqs[1].Path)
	assert.Len(t, reqs[1].Body.Licenses, 10)
	assert.Len(t, reqs[2].Body.Licenses, 2)
	// The VA name is path-escaped: "&" stays, " " is %20, "/" is %2F.
	assert.Equal(t, "v1/accounts/apply.example/virtual-accounts/Core%20&%20Edge%2FEU/licenses/transfer", reqs[0].Path)
	assert.Equal(t, `{"licenses":[{"license":"DNA Advantage","licenseType":"PERPETUAL","quantity":998,"targetVirtualAccount":"Branch"},`+
		`{"license":"DNA Advantage","licenseType":"PERPETUAL","quantity":998,"targetVirtualAccount":"Branch"},`+
		`{"license":"DNA Advantage","licenseType":"PERPETUAL","quantity":104,"targetVirtualAccount":"Branch"}]}`, string(reqs[0].JSON))
	again, err := cssm.PrepareRequests(cssm.ProfileLegacy, "apply.example", applyPlan())
	require.NoError(t, err)
	assert.Equal(t, reqs[0].Key, again[0].Key, "keys are stable across runs")
	assert.NotEqual(t, reqs[0].Key, reqs[1].Key)
	// A plan that cannot be sent is refused before anything is prepared.
	bad := applyPlan()
	bad.Transfers[0].Quantity = 0
	_, err = cssm.PrepareRequests(cssm.ProfileLegacy, "apply.example", bad)
	assert.ErrorContains(t, err, "cssm: plan:")
}

// processedTransfers counts, per idempotency key, the transfer requests the
// fake processed (not those it refused before processing).
func processedTransfers(srv *cssmtest.Server) map[string]int {
	n := map[string]int{}
	for _, r := range srv.Requests() {
		if r.Endpoint != cssm.EndpointTransferLicenses {
			continue
		}
		switch r.Fault {
		case 0, cssmtest.FaultApplyThenReset, cssmtest.FaultApplyThenStall, cssmtest.FaultTruncate, cssmtest.FaultSlow:
			n[r.Header.Get(cssm.RequestKeyHeader)]++
		}
	}
	return n
}

func TestApplyUninterrupted(t *testing.T) {
	srv, c := newApplyFake(t)
	j := openJournal(t, filepath.Join(t.TempDir(), "journal"))
	res, err := cssm.Apply(ctx, c, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: j})
	require.NoError(t, err)
	assert.Equal(t, &cssm.ApplyResult{Requests: 3, Sent: 3}, res)
	lic := map[string]int64{}
	for _, l := range srv.Licenses() {
		lic[l.VirtualAccount+"|"+l.License] = l.Quantity
	}
	// Branch: 10 + 2,100 DNA Advantage; 20 of each Pool license; Pool 50 − 20.
	assert.Equal(t, int64(2110), lic["Branch|DNA Advantage"])
	assert.Equal(t, int64(400), lic["Core & Edge/EU|DNA Advantage"])
	assert.Equal(t, int64(20), lic["Branch|License 07"])
	assert.Equal(t, int64(30), lic["Pool|License 12"])

	// A second run with the same journal sends nothing.
	srv.ResetRequests()
	res, err = cssm.Apply(ctx, c, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: j})
	require.NoError(t, err)
	assert.Equal(t, &cssm.ApplyResult{Requests: 3, Before: 3}, res)
	assert.Empty(t, processedTransfers(srv))
}

// TestApplyInterrupted kills an apply at every request index, in every way
// a run can die, and restarts it: the fake ends in the state of an
// uninterrupted run and no transfer is processed twice.
func TestApplyInterrupted(t *testing.T) {
	ref, rc := newApplyFake(t)
	_, err := cssm.Apply(ctx, rc, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, filepath.Join(t.TempDir(), "j"))})
	require.NoError(t, err)
	want := ref.Licenses()

	kills := []struct {
		name string
		kind cssmtest.FaultKind
		// applied: the request was processed before the run died.
		applied bool
	}{
		{"killed between the request reaching CSSM and its answer", cssmtest.FaultApplyThenReset, true},
		{"killed after the intent, before the request reached CSSM", cssmtest.FaultReset, false},
		{"answer cut short after processing", cssmtest.FaultTruncate, true},
	}
	for _, k := range kills {
		for index := 1; index <= 3; index++ {
			t.Run(fmt.Sprintf("%s/request %d", k.name, index), func(t *testing.T) {
				srv, c := newApplyFake(t)
				path := filepath.Join(t.TempDir(), "journal")
				srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointTransferLicenses, Kind: k.kind, Skip: index - 1})
				j := openJournal(t, path)
				_, err := cssm.Apply(ctx, c, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: j})
				var unknown *cssm.OutcomeUnknownError
				require.ErrorAs(t, err, &unknown, "the first run dies at request %d", index)
				j.Close()
				// A crash can also tear the journal's last line.
				f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
				f.WriteString(`{"op":"done","ind`)
				f.Close()

				res, err := cssm.Apply(ctx, c, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, path)})
				require.NoError(t, err)
				settled := 0
				if k.applied {
					settled = 1
				}
				// Requests before the fault were done in run 1; the
				// interrupted one is settled (applied) or sent again.
				assert.Equal(t, &cssm.ApplyResult{Requests: 3, Before: index - 1, Settled: settled, Sent: 3 - (index - 1) - settled}, res)
				if diff := cmp.Diff(want, srv.Licenses()); diff != "" {
					t.Errorf("final state (-uninterrupted +resumed):\n%s", diff)
				}
				for key, n := range processedTransfers(srv) {
					assert.Equal(t, 1, n, "request %s processed %d times", key, n)
				}
				assert.Len(t, processedTransfers(srv), 3)
			})
		}
	}
	for index := 1; index <= 3; index++ {
		t.Run(fmt.Sprintf("context cancelled after request %d", index), func(t *testing.T) {
			srv, c := newApplyFake(t)
			path := filepath.Join(t.TempDir(), "journal")
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			_, err := cssm.Apply(cctx, c, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, path),
				Progress: func(p cssm.ApplyProgress) {
					if p.Done == index {
						cancel()
					}
				}})
			if index < 3 {
				require.ErrorIs(t, err, context.Canceled)
			}
			_, err = cssm.Apply(ctx, c, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, path)})
			require.NoError(t, err)
			assert.Empty(t, cmp.Diff(want, srv.Licenses()))
			assert.Len(t, processedTransfers(srv), 3)
		})
	}
}

func TestApplyPrecheck(t *testing.T) {
	srv, c := newApplyFake(t)
	plan := applyPlan()
	plan.Transfers[12].Quantity = 2600 // Core & Edge/EU holds 2,500
	plan.Transfers[0].Quantity = 51    // Pool holds 50 of License 01
	_, err := cssm.Apply(ctx, c, plan, cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, filepath.Join(t.TempDir(), "j"))})
	var mis *cssm.MisfitError
	require.ErrorAs(t, err, &mis)
	assert.Equal(t, []cssm.Misfit{
		{VirtualAccount: "Core & Edge/EU", License: "DNA Advantage", Type: smartaccount.Perpetual, Need: 2600, Have: 2500},
		{VirtualAccount: "Pool", License: "License 01", Type: smartaccount.Term, Need: 51, Have: 50},
		{VirtualAccount: "Core & Edge/EU", License: "DNA Advantage", Need: 2600, Have: 2500},
		{VirtualAccount: "Pool", License: "License 01", Need: 51, Have: 50},
	}, mis.Misfits)
	assert.Empty(t, processedTransfers(srv), "nothing is sent")
}

func TestApplyJournalOfAnotherPlan(t *testing.T) {
	_, c := newApplyFake(t)
	path := filepath.Join(t.TempDir(), "j")
	_, err := cssm.Apply(ctx, c, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, path)})
	require.NoError(t, err)
	other := applyPlan()
	other.Transfers = other.Transfers[:1]
	_, err = cssm.Apply(ctx, c, other, cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, path)})
	assert.True(t, errors.Is(err, cssm.ErrJournalMismatch), "%v", err)
}

// TestApplyJournalEdited: a journal of this plan whose lines no longer match
// its requests (edited by hand, or a line of another journal pasted in) is
// refused before anything is read or sent, rather than trusted to skip a
// request.
func TestApplyJournalEdited(t *testing.T) {
	tests := []struct {
		name string
		op   string // the event edited
		edit func(e map[string]any)
		want string
	}{
		{"a done request's key changed", "done", func(e map[string]any) { e["key"] = "0000" }, "its request 1 has another key than this plan's: it was edited or damaged"},
		{"the number of requests changed", "plan", func(e map[string]any) { e["requests"] = 2 }, "its plan has 2 requests, this plan 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := newApplyFake(t)
			path := filepath.Join(t.TempDir(), "journal")
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			_, err := cssm.Apply(cctx, c, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, path),
				Progress: func(cssm.ApplyProgress) { cancel() }}) // stops after request 1
			require.ErrorIs(t, err, context.Canceled)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			lines := strings.SplitAfter(string(data), "\n")
			edited := 0
			for i, line := range lines {
				var e map[string]any
				if line == "" || json.Unmarshal([]byte(line), &e) != nil || e["op"] != tt.op {
					continue
				}
				tt.edit(e)
				b, err := json.Marshal(e)
				require.NoError(t, err)
				lines[i] = string(b) + "\n"
				edited++
			}
			require.Equal(t, 1, edited, "the journal has one %s event:\n%s", tt.op, data)
			require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "")), 0o600))
			srv.ResetRequests()
			_, err = cssm.Apply(ctx, c, applyPlan(), cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, path)})
			require.ErrorIs(t, err, cssm.ErrJournalMismatch)
			assert.ErrorContains(t, err, tt.want)
			assert.Empty(t, srv.Requests(), "nothing is read or sent")
		})
	}
}

// TestApplyEmptyPlan: a plan with nothing to move applies at once, and its
// journal (a plan line of no requests) opens again for the next run.
func TestApplyEmptyPlan(t *testing.T) {
	srv, c := newApplyFake(t)
	path := filepath.Join(t.TempDir(), "journal")
	for run := 1; run <= 2; run++ {
		res, err := cssm.Apply(ctx, c, &virtualaccount.Plan{}, cssm.ApplyParams{Domain: "apply.example", Journal: openJournal(t, path)})
		require.NoError(t, err, "run %d", run)
		assert.Equal(t, &cssm.ApplyResult{}, res, "run %d", run)
	}
	assert.Empty(t, processedTransfers(srv))
}
