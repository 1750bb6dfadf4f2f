package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
		{[]string{"-demo"}, "-out DIR is required"},
		{[]string{"-out", "x"}, "credentials required: -client-id and -client-secret, or $CSSM_CLIENT_ID and $CSSM_CLIENT_SECRET (or -demo)"},
		{[]string{"-out", "x", "-client-id", "a", "-client-secret", "b"}, "-domain is required (or -demo)"},
		{[]string{"-out", "x", "-demo", "-client-id", "a"}, "-demo uses its own fake CSSM"},
		{[]string{"-out", "x", "-demo", "-profile", "cloud"}, `-profile "cloud": accepted profiles are legacy, software and onprem`},
		{[]string{"-out", "x", "-demo", "stray"}, `unexpected argument "stray"`},
		{[]string{"-nope"}, "flag provided but not defined: -nope"},
	} {
		code, stdout, stderr := runCmd(t, tt.args...)
		assert.Equal(t, 2, code, tt.args)
		assert.Empty(t, stdout, tt.args)
		assert.Contains(t, stderr, tt.wantErr, tt.args)
	}
}

func TestHelp(t *testing.T) {
	code, _, stderr := runCmd(t, "-h")
	assert.Equal(t, 0, code)
	for _, flag := range []string{"-base-url", "-token-url", "-client-id", "-client-secret", "-profile", "-domain", "-out", "-demo", "CSSM_CLIENT_ID", "SSL_CERT_FILE"} {
		assert.Contains(t, stderr, flag)
	}
}

func smallAccount() *smartaccount.Snapshot {
	u, _ := smartaccount.NewUDI("C9300-24UX", "FCW0001")
	reg := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	return &smartaccount.Snapshot{
		Account:      smartaccount.Account{Name: "Small Co", Domain: "small.example", VirtualAccounts: []smartaccount.VirtualAccount{{Name: "Campus"}, {Name: "Lab & Test"}}},
		Entitlements: []smartaccount.Entitlement{{VirtualAccount: "Campus", License: "DNA Advantage", Type: smartaccount.Perpetual, Quantity: 5, Status: "ACTIVE"}},
		Instances:    []smartaccount.ProductInstance{{UDI: u, Hostname: "sw1", VirtualAccount: "Lab & Test", License: "DNA Advantage", Quantity: 1, Registered: reg, LastContact: reg}},
	}
}

func TestSyncFromAService(t *testing.T) {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	require.NoError(t, srv.Seed(smallAccount()))
	for _, profile := range []cssm.Profile{cssm.ProfileLegacy, cssm.ProfileSoftware, cssm.ProfileOnPrem} {
		t.Run(profile.String(), func(t *testing.T) {
			out := t.TempDir()
			// Credentials from the environment.
			t.Setenv("CSSM_CLIENT_ID", cssmtest.DefaultClientID)
			t.Setenv("CSSM_CLIENT_SECRET", cssmtest.DefaultClientSecret)
			code, stdout, stderr := runCmd(t, "-profile", profile.String(), "-base-url", srv.BaseURL(profile), "-token-url", srv.TokenURL(profile),
				"-domain", "small.example", "-out", out)
			require.Equal(t, 0, code, stderr)
			assert.Equal(t, "synced Small Co (small.example): 2 Virtual Accounts, 1 entitlement lines, 1 product-instance rows, 2 in-use counts, into "+out+"\n", stdout)
			ds, err := dataset.Read(context.Background(), os.DirFS(out))
			require.NoError(t, err)
			assert.Equal(t, "Lab & Test", ds.Snapshot.Instances[0].VirtualAccount)
			assert.Equal(t, int64(1), ds.Snapshot.InUse[1].Quantity, "Lab & Test uses 1 DNA Advantage")
		})
	}
}

func TestFailureIsExitOneWithoutSecret(t *testing.T) {
	srv := cssmtest.NewServer(cssmtest.Params{})
	defer srv.Close()
	srv.Inject(cssmtest.Fault{Endpoint: cssmtest.EndpointToken, Kind: cssmtest.FaultEchoSecret})
	out := filepath.Join(t.TempDir(), "ds")
	code, stdout, stderr := runCmd(t, "-base-url", srv.BaseURL(cssm.ProfileLegacy), "-token-url", srv.TokenURL(cssm.ProfileLegacy),
		"-client-id", cssmtest.DefaultClientID, "-client-secret", cssmtest.DefaultClientSecret, "-domain", "example.com", "-out", out)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "cssm-sync: cssm: token from "+srv.TokenURL(cssm.ProfileLegacy)+": 401 Unauthorized: invalid_client")
	assert.NotContains(t, stderr, cssmtest.DefaultClientSecret)
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "nothing is written when the sync fails")
}

// TestDemoThenProcurementFile: cssm-sync -demo -out DIR, then
// procurement-file -dataset DIR, end to end.
func TestDemoThenProcurementFile(t *testing.T) {
	if testing.Short() {
		t.Skip("syncs the 42,000-instance sample and builds procurement-file")
	}
	dir := filepath.Join(t.TempDir(), "ds")
	code, stdout, stderr := runCmd(t, "-demo", "-out", dir)
	require.Equal(t, 0, code, stderr)
	// The sample: 34 Virtual Accounts, 42,000 instances in 43,800 rows.
	assert.Contains(t, stdout, "synced Meridian Trust Financial Group (meridiantrust.com): 34 Virtual Accounts")
	assert.Contains(t, stdout, "43800 product-instance rows")
	for _, f := range []string{dataset.SmartAccountFile, dataset.EntitlementsFile, dataset.ProductInstancesFile, dataset.InUseFile} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	out := filepath.Join(t.TempDir(), "pf")
	cmd := exec.Command("go", "run", "../procurement-file", "-dataset", dir, "-out", out)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	require.NoError(t, cmd.Run(), errb.String())
	b, err := os.ReadFile(filepath.Join(out, "procurement-file.json"))
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(b), `"smart_account"`), "the procurement file names the Smart Account")
}
