package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	t.Setenv("CSSM_CLIENT_ID", "")
	t.Setenv("CSSM_CLIENT_SECRET", "")
	for _, tt := range []struct {
		args    []string
		wantErr string
	}{
		{nil, "-dataset DIR is required (or -demo)"},
		{[]string{"-demo", "-apply"}, "-apply needs -journal FILE"},
		{[]string{"-demo", "-journal", "j"}, "-journal is used only with -apply"},
		{[]string{"-demo", "-format", "xml"}, `-format "xml": accepted formats are text and json`},
		{[]string{"-dataset", "d", "-apply", "-journal", "j"}, "credentials required"},
		{[]string{"-dataset", "d", "-profile", "x"}, `-profile "x"`},
		{[]string{"-demo", "extra"}, `unexpected argument "extra"`},
	} {
		code, stdout, stderr := runCmd(t, tt.args...)
		assert.Equal(t, 2, code, tt.args)
		assert.Empty(t, stdout, tt.args)
		assert.Contains(t, stderr, tt.wantErr, tt.args)
	}
	code, _, stderr := runCmd(t, "-h")
	assert.Equal(t, 0, code)
	for _, flag := range []string{"-dataset", "-format", "-apply", "-journal", "-base-url", "-token-url", "-client-id", "-client-secret", "-profile", "-domain", "-demo"} {
		assert.Contains(t, stderr, flag)
	}
}

// account is a Smart Account whose plan (no footprint: nothing reclaimed) is,
// by hand: Pool holds 2,100 + 30 units it does not use, Branch needs 2,000
// more DNA Advantage than it holds and Edge 40 more HSEC.
//
//	DNA Advantage PERPETUAL  2000 Pool → Branch   (lines 998 + 998 + 4)
//	DNA HSEC      TERM         30 Pool → Edge
//
// Pool's surplus of DNA Advantage is 2,100 and Branch's shortage 2,000: the
// transfer is min = 2,000; Edge's HSEC shortage 40, Pool's surplus 30: 30.
func account() *smartaccount.Snapshot {
	snap := &smartaccount.Snapshot{Account: smartaccount.Account{Name: "Plan Co", Domain: "plan.example",
		VirtualAccounts: []smartaccount.VirtualAccount{{Name: "Branch"}, {Name: "Edge"}, {Name: "Pool"}}}}
	end := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	snap.Entitlements = []smartaccount.Entitlement{
		{VirtualAccount: "Pool", License: "DNA Advantage", Type: smartaccount.Perpetual, Quantity: 2100, Status: "ACTIVE", Ref: smartaccount.Ref{Source: dataset.EntitlementsFile, Line: 2}},
		{VirtualAccount: "Pool", License: "DNA HSEC", Type: smartaccount.Term, Quantity: 30, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: end, Status: "ACTIVE", Ref: smartaccount.Ref{Source: dataset.EntitlementsFile, Line: 3}},
	}
	for i := range 2000 {
		u, _ := smartaccount.NewUDI("C9300-24UX", fmt.Sprintf("FCW%05d", i))
		snap.Instances = append(snap.Instances, smartaccount.ProductInstance{UDI: u, VirtualAccount: "Branch", License: "DNA Advantage", Quantity: 1,
			Ref: smartaccount.Ref{Source: dataset.ProductInstancesFile, Line: 2 + i}})
	}
	for i := range 40 {
		u, _ := smartaccount.NewUDI("C8000V", fmt.Sprintf("EDGE%03d", i))
		snap.Instances = append(snap.Instances, smartaccount.ProductInstance{UDI: u, VirtualAccount: "Edge", License: "DNA HSEC", Quantity: 1,
			Ref: smartaccount.Ref{Source: dataset.ProductInstancesFile, Line: 2002 + i}})
	}
	return snap
}

func writeAccount(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "ds")
	require.NoError(t, dataset.Write(context.Background(), dir, &dataset.Dataset{Snapshot: *account(),
		Options: &dataset.Options{AsOf: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}}))
	return dir
}

func TestDryRun(t *testing.T) {
	dir := writeAccount(t)
	code, stdout, stderr := runCmd(t, "-dataset", dir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "Smart Account plan.example, as of 2026-11-01: 2 transfers in 1 requests (dry run: nothing is sent)")
	assert.Contains(t, stdout, "#1 POST v1/accounts/plan.example/virtual-accounts/Pool/licenses/transfer\n"+
		`{"licenses":[{"license":"DNA Advantage","licenseType":"PERPETUAL","quantity":998,"targetVirtualAccount":"Branch"},`+
		`{"license":"DNA Advantage","licenseType":"PERPETUAL","quantity":998,"targetVirtualAccount":"Branch"},`+
		`{"license":"DNA Advantage","licenseType":"PERPETUAL","quantity":4,"targetVirtualAccount":"Branch"},`+
		`{"license":"DNA HSEC","licenseType":"TERM","quantity":30,"targetVirtualAccount":"Edge"}]}`)

	code, stdout, stderr = runCmd(t, "-dataset", dir, "-format", "json", "-profile", "software")
	require.Equal(t, 0, code, stderr)
	var out struct {
		SmartAccount string `json:"smart_account"`
		Requests     []struct {
			Method, Path string
			Body         cssm.TransferLicensesParams
		} `json:"requests"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &out))
	assert.Equal(t, "plan.example", out.SmartAccount)
	require.Len(t, out.Requests, 1)
	assert.Equal(t, "licensing/v1/accounts/plan.example/virtual-accounts/Pool/licenses/transfer", out.Requests[0].Path)
	assert.Len(t, out.Requests[0].Body.Licenses, 4)
}

func TestDemoApply(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "journal")
	code, stdout, stderr := runCmd(t, "-demo", "-apply", "-journal", journal)
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, `Applied (\d+) of (\d+) requests: 0 done in an earlier run, 0 found applied on re-reading the balances, \d+ sent now.`, stdout)
}

// TestKilledAndRestarted runs the program as a process against a fake CSSM
// in the test, kills it (SIGKILL) while CSSM has applied request k but not
// answered it, for every k, and runs it again: the fake ends as an
// uninterrupted run leaves it, and no transfer is applied twice.
func TestKilledAndRestarted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := filepath.Join(t.TempDir(), "va-transfer")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	dir := writeAccountWithRequests(t)

	start := func(srv *cssmtest.Server, journal string) *exec.Cmd {
		cmd := exec.Command(bin, "-dataset", dir, "-apply", "-journal", journal,
			"-base-url", srv.BaseURL(cssm.ProfileLegacy), "-token-url", srv.TokenURL(cssm.ProfileLegacy))
		cmd.Env = append(os.Environ(), "CSSM_CLIENT_ID="+cssmtest.DefaultClientID, "CSSM_CLIENT_SECRET="+cssmtest.DefaultClientSecret)
		return cmd
	}
	newFake := func() *cssmtest.Server {
		srv := cssmtest.NewServer(cssmtest.Params{})
		require.NoError(t, srv.Seed(manyRequests()))
		return srv
	}
	ref := newFake()
	defer ref.Close()
	out, err := start(ref, filepath.Join(t.TempDir(), "j")).CombinedOutput()
	require.NoError(t, err, "%s", out)
	want := ref.Licenses()
	n := countTransfers(ref)
	require.Equal(t, 3, n, "the plan has three requests")

	for k := 1; k <= n; k++ {
		t.Run(fmt.Sprintf("killed at request %d", k), func(t *testing.T) {
			srv := newFake()
			defer srv.Close()
			journal := filepath.Join(t.TempDir(), "journal")
			srv.Inject(cssmtest.Fault{Endpoint: cssm.EndpointTransferLicenses, Kind: cssmtest.FaultApplyThenStall, Skip: k - 1})
			cmd := start(srv, journal)
			require.NoError(t, cmd.Start())
			deadline := time.Now().Add(time.Minute)
			for !stalled(srv) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("the program never reached the stalled request")
				}
				time.Sleep(5 * time.Millisecond)
			}
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			_ = cmd.Wait()

			out, err := start(srv, journal).CombinedOutput()
			require.NoError(t, err, "%s", out)
			assert.Contains(t, string(out), fmt.Sprintf("Applied 3 of 3 requests: %d done in an earlier run, 1 found applied on re-reading the balances, %d sent now.", k-1, 3-k))
			if diff := cmp.Diff(want, srv.Licenses()); diff != "" {
				t.Errorf("state (-uninterrupted +killed and restarted):\n%s", diff)
			}
			keys := map[string]int{}
			for _, r := range srv.Requests() {
				if r.Endpoint == cssm.EndpointTransferLicenses {
					keys[r.Header.Get(cssm.RequestKeyHeader)]++
				}
			}
			assert.Len(t, keys, 3)
			for key, times := range keys {
				assert.Equal(t, 1, times, "request %s applied %d times", key, times)
			}
		})
	}
}

func stalled(srv *cssmtest.Server) bool {
	for _, r := range srv.Requests() {
		if r.Fault == cssmtest.FaultApplyThenStall {
			return true
		}
	}
	return false
}

func countTransfers(srv *cssmtest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Endpoint == cssm.EndpointTransferLicenses {
			n++
		}
	}
	return n
}

// manyRequests is account() with a third source, Depot, holding 25 DNA HSEC
// Edge also needs: Depot → Edge and Pool → Branch/Edge make three requests
// — Depot's, then Pool's split at ten license types: Pool holds eleven
// licenses of one unit each that "Spare" lacks.
func manyRequests() *smartaccount.Snapshot {
	snap := account()
	snap.Account.VirtualAccounts = append(snap.Account.VirtualAccounts, smartaccount.VirtualAccount{Name: "Depot"}, smartaccount.VirtualAccount{Name: "Spare"})
	line := len(snap.Entitlements) + 2
	add := func(va, lic string, typ smartaccount.LicenseType, q int64) {
		snap.Entitlements = append(snap.Entitlements, smartaccount.Entitlement{VirtualAccount: va, License: lic, Type: typ, Quantity: q, Status: "ACTIVE",
			Ref: smartaccount.Ref{Source: dataset.EntitlementsFile, Line: line}})
		line++
	}
	add("Depot", "DNA HSEC", smartaccount.Perpetual, 25)
	row := len(snap.Instances) + 2
	for i := range 11 {
		lic := fmt.Sprintf("Extra %02d", i+1)
		add("Pool", lic, smartaccount.Perpetual, 1)
		u, _ := smartaccount.NewUDI("EXTRA", fmt.Sprintf("X%02d", i))
		snap.Instances = append(snap.Instances, smartaccount.ProductInstance{UDI: u, VirtualAccount: "Spare", License: lic, Quantity: 1,
			Ref: smartaccount.Ref{Source: dataset.ProductInstancesFile, Line: row}})
		row++
	}
	return snap
}

func writeAccountWithRequests(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "ds")
	require.NoError(t, dataset.Write(context.Background(), dir, &dataset.Dataset{Snapshot: *manyRequests(),
		Options: &dataset.Options{AsOf: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}}))
	return dir
}
