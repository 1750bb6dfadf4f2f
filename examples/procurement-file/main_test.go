package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/pricing"
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
		{[]string{"-format", "pdf"}, `-format "pdf": accepted formats are json, md, html, csv, xlsx`},
		{[]string{"-as-of", "1/11/2026"}, `invalid value "1/11/2026" for flag -as-of: "1/11/2026": not a YYYY-MM-DD date`},
		{[]string{"-price-cap", "9"}, `"9": 9 means 900 %; did you mean 0.09?`},
		{[]string{"-price-cap", "-0.01"}, `"-0.01": a rate cannot be negative`},
		{[]string{"-cap-kind", "yearly"}, `unknown cap kind "yearly"`},
		{[]string{"-stale-after-days", "-1"}, `"-1": want a whole number of days, 0 or more`},
		{[]string{"-industry", "shipbuilding"}, `shipbuilding`},
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
	for _, flag := range []string{"-dataset", "-out", "-format", "-scenarios", "-as-of", "-price-cap", "-cap-kind",
		"-true-forward-target", "-reclaim-stale", "-benchmark-discount", "-write-sample", "-instances"} {
		assert.Contains(t, stderr, flag)
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]string{"0.04": "0.04", "4%": "0.04", " 4.5 % ": "0.045", "0": "0", "1": "1"} {
		got, err := parseRate(in)
		require.NoError(t, err, in)
		assert.True(t, got.Equal(decimal.RequireFromString(want)), "%q: got %s", in, got)
	}
}

// TestEmbeddedSample runs the main job as a new user would, on a small
// embedded sample, and reads back what it wrote.
func TestEmbeddedSample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pf")
	code, stdout, stderr := runCmd(t, "-instances", "1000", "-out", out, "-scenarios")
	require.Equal(t, 0, code, stderr)
	for _, want := range []string{"Opening proposal", "Target", "Recovery", "Waterfall", "Smart Account hygiene",
		"Price cap", "Top findings", "Files written"} {
		assert.Contains(t, stdout, want)
	}
	for _, name := range []string{jsonName, markdownName, htmlName, csvName, xlsxName, counterName} {
		assert.Contains(t, stdout, filepath.Join(out, name))
		st, err := os.Stat(filepath.Join(out, name))
		require.NoError(t, err, name)
		assert.Equal(t, os.FileMode(0o644), st.Mode().Perm(), name)
	}

	// The JSON's waterfall reconciles to the cent: opening − Σ steps = target.
	var doc struct {
		AsOf    string `json:"as_of"`
		Opening struct {
			TCV string `json:"tcv"`
		} `json:"opening"`
		Target struct {
			TCV string `json:"tcv"`
		} `json:"target"`
		Waterfall []struct {
			Step          string `json:"step"`
			Amount        string `json:"amount"`
			EvidenceCount int    `json:"evidence_count"`
		} `json:"waterfall"`
	}
	data, err := os.ReadFile(filepath.Join(out, jsonName))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, "2026-11-01", doc.AsOf, "as_of comes from the sample's options.json")
	require.Len(t, doc.Waterfall, 7)
	sum := decimal.Zero
	for _, s := range doc.Waterfall {
		a := decimal.RequireFromString(s.Amount)
		assert.False(t, a.IsNegative(), s.Step)
		if a.IsPositive() {
			assert.Positive(t, s.EvidenceCount, "%s has an amount but cites nothing", s.Step)
		}
		sum = sum.Add(a)
	}
	opening, target := decimal.RequireFromString(doc.Opening.TCV), decimal.RequireFromString(doc.Target.TCV)
	assert.True(t, opening.Sub(sum).Equal(target), "opening %s − steps %s ≠ target %s", opening, sum, target)

	// The counter-proposal is a proposal vendor-compare can read.
	data, err = os.ReadFile(filepath.Join(out, counterName))
	require.NoError(t, err)
	cp, err := pricing.ParseProposal(data)
	require.NoError(t, err)
	require.NoError(t, cp.Validate())
	sched, err := cp.Schedule(pricing.Cap{})
	require.NoError(t, err)
	assert.True(t, sched.TCV.Equal(target), "the sample's per-year cap is exact as yearly uplifts: %s vs %s", sched.TCV, target)
}

func TestWriteSampleThenRunIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sample")
	code, stdout, stderr := runCmd(t, "-write-sample", dir, "-instances", "1000")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "wrote the sample (1000 instances) to "+dir+"\n", stdout)

	outA, outB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	code, fromDir, stderr := runCmd(t, "-dataset", dir, "-out", outA, "-format", "json")
	require.Equal(t, 0, code, stderr)
	code, embedded, stderr := runCmd(t, "-instances", "1000", "-out", outB, "-format", "json")
	require.Equal(t, 0, code, stderr)
	// The same data gives the same file, hashes included.
	a, err := os.ReadFile(filepath.Join(outA, jsonName))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(outB, jsonName))
	require.NoError(t, err)
	assert.Equal(t, string(b), string(a))
	assert.NotContains(t, embedded, "published as", "the published outcome is the 42,000-instance case's")
	assert.NotContains(t, fromDir, "published as")
}

func TestOptionFlagsOverrideOptionsJSON(t *testing.T) {
	out := t.TempDir()
	// No cap: the price_cap step recovers nothing.
	code, stdout, stderr := runCmd(t, "-instances", "1000", "-out", out, "-format", "json", "-cap-kind", "none")
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, `Price cap\s+0\.00`, stdout)
	// A 10 % benchmark discount is a step of its own.
	code, stdout, stderr = runCmd(t, "-instances", "1000", "-out", out, "-format", "json", "-benchmark-discount", "10%")
	require.Equal(t, 0, code, stderr)
	assert.NotRegexp(t, `Benchmark discount\s+0\.00`, stdout)
}

func TestInvalidDatasetFails(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "smart_account.json"), []byte(`{"name":"B","domain":"b"}`), 0o644))
	code, stdout, stderr := runCmd(t, "-dataset", dir, "-out", t.TempDir())
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "entitlements.csv: required file is missing")
	assert.Contains(t, stderr, "product_instances.csv: required file is missing")
}

func TestMissingInputsAreNamed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sample")
	code, _, stderr := runCmd(t, "-write-sample", dir, "-instances", "1000")
	require.Equal(t, 0, code, stderr)
	for _, name := range []string{"footprint.csv", "proposal.json"} {
		require.NoError(t, os.Remove(filepath.Join(dir, name)))
	}
	code, stdout, stderr := runCmd(t, "-dataset", dir, "-out", t.TempDir(), "-format", "json")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "No proposal.json: the file shows the position only")
	assert.Contains(t, stdout, "footprint.csv: without the buyer's inventory")
	assert.Contains(t, stdout, "proposal.json: there is no opening proposal")
	assert.False(t, strings.Contains(stdout, counterName), "no counter-proposal without a proposal")
}

// TestPublishedOutcomeBesideTheComputedOne: on the embedded sample at the
// size of the case it mirrors, the summary shows the seed's published
// outcome beside the computed one, neither adjusted to the other.
func TestPublishedOutcomeBesideTheComputedOne(t *testing.T) {
	code, stdout, stderr := runCmd(t, "-out", t.TempDir(), "-format", "json")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "Source: embedded sample (42000 instances)")
	assert.Contains(t, stdout, "The case this sample mirrors was published as USD 9.4 m opened, USD 5.6 m closed (40 % recovered)")
	assert.Regexp(t, `this run computes USD [0-9,.]+ opened, USD [0-9,.]+ as the target \([0-9.]+ %\)`, stdout)
}
