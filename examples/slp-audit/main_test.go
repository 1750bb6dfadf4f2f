package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// The expected rows, worked out by hand from the inputs as of 2022-03-01
// (see the comments), in the report's order: Virtual Account, then UDI.
var wantRows = [][]string{
	// usage-hand.xml: no capture; newest window end 2020-09-14; dna-advantage is a
	// subscription (tech support) and DNA_HSEC unknown: 2020-09-14 + 90 = 2020-12-13.
	{"PID:C9300-24UX,SN:FCW2134L0RN", "-", "-", "unknown", "Cisco default", "-", "2020-12-13", "overdue"},
	// the RUM sample: DNA_NWStack is perpetual (tech support), reported: no periodic report.
	{"PID:C9800-CL-K9,SN:9NTUEA8FIIH", "-", "-", "unknown", "Cisco default", "-", "-", "not_required"},
	// show license all 2: ACK Dec 18 11:05:11 2023 PDT; no license, so subscription,
	// SLE Policy frequency 111: 2023-12-18 + 111 = 2024-04-07 (2024 is a leap year).
	{"PID:C9407R,SN:FXS2119Q2U7", "-", "Cat9K-FranklinDT", "smart", "SLE Policy", "2023-12-18", "2024-04-07", "ok"},
	// ntc3: no UDI, no prompt, so the file names it; ACK 2021-12-03 + 111 = 2022-03-24, 23 days away.
	{"file:show_license_status_ntc3.txt", "-", "Eg-VA", "smart", "SLE Policy", "2021-12-03", "2022-03-24", "ok"},
	// the older registration model: registered 2024-03-13 + 90 (first report) = 2024-06-11.
	{"-", "c1000v-5", "RADKit-LMM-NA", "smart", "Cisco default", "-", "2024-06-11", "ok"},
	// tech support: Custom Policy, subscription 90: ACK 2022-01-10 + 90 = 2022-04-10.
	{"PID:C9300-24UX,SN:FCW2134L00C", "-", "SLE_Test", "cslu", "Custom Policy", "2022-01-10", "2022-04-10", "ok"},
}

func TestRunTable(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2022-03-01", filepath.Join("testdata", "inputs"))
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(out, "\n")
	require.Greater(t, len(lines), len(wantRows)+1)
	assert.Equal(t, []string{"UDI", "HOSTNAME", "VIRTUAL", "ACCOUNT", "TRANSPORT", "POLICY", "LAST", "ACK", "NEXT", "DUE", "STATUS"}, strings.Fields(lines[0]))
	for i, want := range wantRows {
		got := splitRow(lines[1+i])
		assert.Equal(t, want, got, "row %d", i+1)
	}
	summary := strings.Join(lines[len(wantRows)+1:], "\n")
	for _, want := range []string{
		"as of 2022-03-01: 6 instances",
		"by status: overdue 1 due_soon 0 ack_missing 0 ok 4 not_required 1 unknown 0",
		"by transport: cslu 1 smart 3 unknown 2",
		"virtual account -: overdue 1 not_required 1",
		"virtual account SLE_Test: ok 1",
		// due dates of the 5 periodic instances: 2020-12-13, 2022-03-24, 2022-04-10, 2024-04-07, 2024-06-11;
		// the third is stage_by.
		"reporting wave: 5 instances report periodically, 1 past due; stage the renewal before 2022-04-10",
		"  week of 2022-03-22: 1 due", // 2022-03-24 is 23 days on: week 3
		"  week of 2022-04-05: 1 due", // 2022-04-10 is 40 days on: week 5
		"  week of 2024-06-11: 1 due", // 833 days on: week 119 starts on the day
	} {
		assert.Contains(t, summary, want)
	}
}

// splitRow splits a table row on runs of two or more spaces (cells such as
// "Cisco default" hold one space).
func splitRow(line string) []string {
	var cells []string
	for _, c := range strings.Split(line, "  ") {
		if c = strings.TrimSpace(c); c != "" {
			cells = append(cells, c)
		}
	}
	return cells
}

func TestRunJSON(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2022-03-01", "-format", "json", filepath.Join("testdata", "inputs"))
	require.Equal(t, 0, code, errOut)
	var doc struct {
		AsOf   string `json:"as_of"`
		Policy struct {
			Name                   string `json:"name"`
			UnenforcedSubscription struct {
				ReportingFrequency struct {
					Days   int    `json:"days"`
					Source string `json:"source"`
				} `json:"reporting_frequency_days"`
			} `json:"unenforced-subscription"`
		} `json:"policy"`
		Inputs []struct {
			File    string `json:"file"`
			Kind    string `json:"kind"`
			Capture *struct {
				Command string `json:"command"`
				UDI     string `json:"udi"`
				Account struct {
					VirtualAccount string `json:"virtual_account"`
				} `json:"account"`
				Licenses []struct {
					Name           string `json:"name"`
					EntitlementTag string `json:"entitlement_tag"`
				} `json:"licenses"`
			} `json:"capture"`
			Usage *struct {
				Reports    int             `json:"reports"`
				SystemInfo json.RawMessage `json:"system_info"`
				Skipped    int             `json:"skipped_elements"`
			} `json:"usage"`
		} `json:"inputs"`
		Instances []struct {
			UDI      string   `json:"udi"`
			Group    string   `json:"group"`
			Licenses []string `json:"licenses"`
			LastACK  string   `json:"last_ack"`
			Anchor   string   `json:"anchor"`
			NextDue  string   `json:"next_due"`
			Status   string   `json:"status"`
			Sources  []string `json:"sources"`
		} `json:"instances"`
		Summary struct {
			Instances int            `json:"instances"`
			ByStatus  map[string]int `json:"instances_by_status"`
			Wave      struct {
				StageBy  string `json:"stage_by"`
				Periodic int    `json:"periodic"`
				PastDue  int    `json:"past_due"`
				Weeks    []struct {
					Start string `json:"start"`
					Due   int    `json:"due"`
				} `json:"weeks"`
			} `json:"reporting_wave"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))

	assert.Equal(t, "2022-03-01", doc.AsOf)
	assert.Equal(t, "Cisco default", doc.Policy.Name)
	assert.Equal(t, 90, doc.Policy.UnenforcedSubscription.ReportingFrequency.Days)
	assert.Equal(t, "cisco-default", doc.Policy.UnenforcedSubscription.ReportingFrequency.Source)

	// Every input, in path order, with its record as the file spells it.
	require.Len(t, doc.Inputs, 6)
	kinds := []string{}
	for _, in := range doc.Inputs {
		kinds = append(kinds, filepath.Base(in.File)+":"+in.Kind)
	}
	assert.Equal(t, []string{
		"example-rum-1671840750.xml:usage", "show_license_all_golden_output_2.txt:capture", "show_license_status_golden_output2.txt:capture",
		"show_license_status_ntc3.txt:capture", "show_license_techsupport_golden_output.txt:capture", "usage-hand.xml:usage",
	}, kinds)
	// A usage file is summarised: its reports are streamed, not kept.
	rum := doc.Inputs[0].Usage
	require.NotNil(t, rum)
	assert.Equal(t, 1, rum.Reports)
	ts := doc.Inputs[4].Capture
	require.NotNil(t, ts)
	assert.Equal(t, "show license tech support", ts.Command)
	assert.Equal(t, "PID:C9300-24UX,SN:FCW2134L00C", ts.UDI)
	assert.Equal(t, "SLE_Test", ts.Account.VirtualAccount)
	require.Len(t, ts.Licenses, 4)
	assert.Equal(t, "dna-advantage", ts.Licenses[1].Name)
	assert.Equal(t, "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18", ts.Licenses[1].EntitlementTag)
	hand := doc.Inputs[5].Usage
	require.NotNil(t, hand)
	assert.Equal(t, 2, hand.Reports)
	assert.JSONEq(t, `{"hostname":"sw-core-1","udi":"PID:C9300-24UX,SN:FCW2134L0RN"}`, string(hand.SystemInfo))
	assert.Equal(t, 1, hand.Skipped, "trustCodeRequest")

	// The governance rows.
	require.Len(t, doc.Instances, len(wantRows))
	for i, want := range wantRows {
		got := doc.Instances[i]
		udi := want[0]
		if strings.HasPrefix(udi, "file:") || udi == "-" { // the table's stand-ins for no UDI
			udi = ""
		}
		assert.Equal(t, udi, got.UDI, "row %d", i+1)
		assert.Equal(t, strings.Trim(want[6], "-"), got.NextDue, "row %d", i+1)
		assert.Equal(t, want[7], got.Status, "row %d", i+1)
	}
	ts5 := doc.Instances[5]
	assert.Equal(t, "unenforced-subscription", ts5.Group)
	assert.Equal(t, "last_ack", ts5.Anchor)
	assert.Equal(t, "2022-01-10T20:32:26Z", ts5.LastACK)
	assert.Equal(t, []string{
		"regid.2017-03.com.cisco.advantagek9,1.0_bd1da96e-ec1d-412b-a50e-53846b347d53",
		"regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18",
		"regid.2017-08.com.cisco.AIR-DNA-A,1.0_b6308627-3ab0-4a11-a3d9-586911a0d790",
		"regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896",
	}, ts5.Licenses)
	assert.Equal(t, []string{filepath.Join("testdata", "inputs", "show_license_techsupport_golden_output.txt")}, ts5.Sources)

	assert.Equal(t, 6, doc.Summary.Instances)
	assert.Equal(t, map[string]int{"overdue": 1, "due_soon": 0, "ack_missing": 0, "ok": 4, "not_required": 1, "unknown": 0}, doc.Summary.ByStatus)
	assert.Equal(t, "2022-04-10", doc.Summary.Wave.StageBy)
	assert.Equal(t, 5, doc.Summary.Wave.Periodic)
	assert.Equal(t, 1, doc.Summary.Wave.PastDue)
	require.Len(t, doc.Summary.Wave.Weeks, 4)
	assert.Equal(t, "2024-04-02", doc.Summary.Wave.Weeks[2].Start) // 2024-04-07 is 768 days on: week 109
}

// TestRunPolicy: -policy applies to the instances whose capture prints no
// policy: subscription frequency 30 makes the usage-only device due
// 2020-09-14 + 30 = 2020-10-14; devices that print a policy keep it.
func TestRunPolicy(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2022-03-01", "-policy", filepath.Join("testdata", "policy.json"), filepath.Join("testdata", "inputs"))
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(out, "\n")
	assert.Equal(t, []string{"PID:C9300-24UX,SN:FCW2134L0RN", "-", "-", "unknown", "Bank policy", "-", "2020-10-14", "overdue"}, splitRow(lines[1]))
	assert.Equal(t, []string{"PID:C9300-24UX,SN:FCW2134L00C", "-", "SLE_Test", "cslu", "Custom Policy", "2022-01-10", "2022-04-10", "ok"}, splitRow(lines[6]))
}

func TestRunExitStatus(t *testing.T) {
	inputs := filepath.Join("testdata", "inputs")
	tests := []struct {
		name      string
		args      []string
		code      int
		stderr    string
		rowsShown bool
	}{
		{"help", []string{"-h"}, 0, "usage: slp-audit [flags] PATH...", false},
		{"no path", nil, 2, "no PATH given", false},
		{"unknown flag", []string{"-x", inputs}, 2, "flag provided but not defined: -x", false},
		{"bad format", []string{"-format", "xml", inputs}, 2, `-format "xml": want table or json`, false},
		{"bad date", []string{"-as-of", "01/03/2022", inputs}, 2, `-as-of "01/03/2022": want YYYY-MM-DD`, false},
		{"missing policy file", []string{"-policy", "nope.json", inputs}, 2, "-policy: open nope.json", false},
		{"bad policy file", []string{"-policy", filepath.Join("testdata", "bad", "notes.txt"), inputs}, 2, "-policy: " + filepath.Join("testdata", "bad", "notes.txt") + ": the document must be a JSON object", false},
		{"missing path", []string{"-as-of", "2022-03-01", "no-such-dir", inputs}, 1, "no-such-dir", true},
		{"not a capture", []string{"-as-of", "2022-03-01", filepath.Join("testdata", "bad"), inputs}, 1, "notes.txt", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runArgs(t, tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, errOut, tt.stderr)
			if tt.rowsShown {
				assert.Contains(t, out, "PID:C9300-24UX,SN:FCW2134L00C", "the inputs that could be read are still reported")
			} else {
				assert.Empty(t, out)
			}
		})
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	assert.Equal(t, 1, run(ctx, []string{filepath.Join("testdata", "inputs")}, &out, &errb))
	assert.Contains(t, errb.String(), "context canceled")
}

// TestRunMerge: a status capture known by its prompt (sw1), a udi capture
// naming sw1's UDI and a usage file of that UDI (serial in lower case) are
// one instance. ACK 2024-06-01 + 90 = 2024-08-30, 60 days after 2024-07-01;
// the newest report (window end 2024-06-25, later than the push of
// 2024-06-20) is after the ACK and 6 days old: ack_missing.
func TestRunMerge(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2024-07-01", filepath.Join("testdata", "merge"))
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(out, "\n")
	assert.Equal(t, []string{"PID:C9300-24UX,SN:FCW2222A0AA", "sw1", "DC-East", "cslu", "Cisco default", "2024-06-01", "2024-08-30", "ack_missing"}, splitRow(lines[1]))
	assert.Equal(t, "", lines[2], "one instance")
	assert.Contains(t, out, "  week of 2024-08-26: 1 due") // 60 days on: week 8
}

// TestRunSLR: a device with a specific reservation installed is on SLR: it
// never reports, so it is not_required with no due date and stays out of
// the reporting wave.
func TestRunSLR(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2024-07-01", filepath.Join("testdata", "slr"))
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(out, "\n")
	assert.Equal(t, []string{"PID:C9300-24UX,SN:FCW3333B0BB", "vault-sw", "Vault", "slr", "Cisco default", "-", "-", "not_required"}, splitRow(lines[1]))
	assert.Contains(t, out, "by transport: slr 1\n")
	assert.Contains(t, out, "reporting wave: 0 instances report periodically, 0 past due\n")
}

// TestTrustCodeNamesTheDevice: show license status prints no UDI line, only
// its trust code ("Active: PID:C9300-24UX,SN:FCW2303D16Y"); show license all
// of the same switch prints "UDI: PID:C9300-24UX,SN:FCW2303D16Y". The two
// captures are one instance: the Virtual Account (SLE_Test) and the last ACK
// (Oct 14 12:10:32 2021) come from the status capture, and the next due date
// is 2021-10-14 + 90 days (subscription frequency) = 2022-01-12 — the
// deadline the switch itself prints ("Next ACK deadline: Jan 12 … 2022").
func TestTrustCodeNamesTheDevice(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2021-11-01", filepath.Join("testdata", "trust"))
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(out, "\n")
	got := splitRow(lines[1])
	assert.Equal(t, "PID:C9300-24UX,SN:FCW2303D16Y", got[0])
	assert.Equal(t, "SLE_Test", got[2])
	assert.Equal(t, []string{"2021-10-14", "2022-01-12", "ok"}, got[len(got)-3:])
	assert.Contains(t, out, "as of 2021-11-01: 1 instances")
}
