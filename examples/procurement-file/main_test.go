package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/dataset"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"-instances", "5"}, "-instances 5: must be between 1000 and 1000000"},
		{[]string{"-format", "pdf"}, `-format "pdf": accepted formats are text and json`},
		{[]string{"-as-of", "1/11/2026"}, `-as-of "1/11/2026": not a YYYY-MM-DD date`},
		{[]string{"-dataset", "x", "-write-sample", "y"}, "-dataset and -write-sample cannot be combined"},
		{[]string{"stray"}, `unexpected argument "stray"`},
		{[]string{"-no-such-flag"}, "flag provided but not defined: -no-such-flag"},
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
	for _, flag := range []string{"-dataset", "-out", "-format", "-as-of", "-write-sample", "-instances"} {
		assert.Contains(t, stderr, flag)
	}
}

func TestEmbeddedSampleSummary(t *testing.T) {
	code, stdout, stderr := runCmd(t, "-instances", "1000", "-format", "json")
	require.Equal(t, 0, code, stderr)
	var s summary
	require.NoError(t, json.Unmarshal([]byte(stdout), &s))
	assert.Equal(t, 1000, s.Instances, "the sample has exactly the instances asked for")
	assert.Equal(t, "2026-11-01", s.AsOf, "as_of comes from the sample's options.json")
	assert.GreaterOrEqual(t, s.InstanceRows, s.Instances)
	assert.Equal(t, s.InstanceRows, recordsOf(s.Inputs, dataset.ProductInstancesFile))
	assert.Equal(t, s.Entitlements, recordsOf(s.Inputs, dataset.EntitlementsFile))
	for _, in := range s.Inputs {
		assert.Len(t, in.SHA256, 64, in.File)
	}
}

func recordsOf(inputs []dataset.Input, file string) int {
	for _, in := range inputs {
		if in.File == file {
			return in.Records
		}
	}
	return -1
}

func TestWriteSampleThenLoadIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sample")
	code, stdout, stderr := runCmd(t, "-write-sample", dir, "-instances", "1000")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "wrote the sample (1000 instances) to "+dir+"\n", stdout)

	code, fromDir, stderr := runCmd(t, "-dataset", dir, "-as-of", "2026-11-01", "-out", filepath.Join(t.TempDir(), "o"))
	require.Equal(t, 0, code, stderr)
	_, embedded, _ := runCmd(t, "-instances", "1000")
	// The same data gives the same summary and the same hashes; only the source line differs.
	strip := func(s string) string {
		lines := strings.Split(s, "\n")
		return strings.Join(append(lines[:1:1], lines[2:]...), "\n")
	}
	assert.Equal(t, strip(embedded), strip(fromDir))
	assert.Contains(t, fromDir, "Product instances (UDI × VA)  1000")
}

func TestOutWritesSummaryFile(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCmd(t, "-instances", "1000", "-format", "json", "-out", out)
	require.Equal(t, 0, code, stderr)
	written, err := os.ReadFile(filepath.Join(out, "summary.json"))
	require.NoError(t, err)
	assert.Equal(t, stdout, string(written))
}

func TestInvalidDatasetFails(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "smart_account.json"), []byte(`{"name":"B","domain":"b"}`), 0o644))
	code, stdout, stderr := runCmd(t, "-dataset", dir)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "entitlements.csv: required file is missing")
	assert.Contains(t, stderr, "product_instances.csv: required file is missing")
}

func TestProposalSummary(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCmd(t, "-write-sample", dir, "-instances", "1000")
	require.Equal(t, 0, code, stderr)
	// A stated total off by one cent is a warning, not a failure.
	path := filepath.Join(dir, "proposal.json")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	doc["stated_total"] = "1000000.00"
	data, err = json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o644))

	code, stdout, stderr := runCmd(t, "-dataset", dir, "-format", "json")
	require.Equal(t, 0, code, stderr)
	var s summary
	require.NoError(t, json.Unmarshal([]byte(stdout), &s))
	require.NotNil(t, s.Proposal)
	assert.Equal(t, "1000000.00", s.Proposal.StatedTotal)
	assert.Contains(t, stderr, "warning: proposal.json:")
	assert.Contains(t, stderr, ": stated_total: 1000000.00 differs from the computed TCV "+s.Proposal.TCV)

	// A negative quantity is an invalid proposal: the job fails.
	doc["lines"].([]any)[0].(map[string]any)["quantity"] = -5
	data, err = json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o644))
	code, _, stderr = runCmd(t, "-dataset", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "proposal.json")
	assert.Contains(t, stderr, "quantity")
}
