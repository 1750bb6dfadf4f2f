package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
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

// tableRows returns the rows of the table: the lines after the header up to
// the blank line.
func tableRows(t *testing.T, out string) (header []string, rows [][]string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	require.NotEmpty(t, lines)
	for _, l := range lines[1:] {
		if l == "" {
			break
		}
		rows = append(rows, splitRow(l))
	}
	return strings.Fields(lines[0]), rows
}

var wantHeader = []string{"DEVICE", "LICENSE", "COUNT", "VIRTUAL", "ACCOUNT", "TRANSPORT", "POLICY", "LAST", "ACK", "NEXT", "DUE", "STATUS", "SOURCES", "NOTE"}

func src(dir, file string) string { return filepath.Join("testdata", dir, file) }

// wantRows is the table of testdata/inputs as of 2022-03-01, worked out by
// hand from the files (see the comments), one row per instance and
// license, in the report's order: Virtual Account, then UDI.
var wantRows = [][]string{
	// usage-hand.xml: no capture; newest window end 2020-09-14; dna-advantage is a
	// subscription (tech support) and DNA_HSEC unknown: 2020-09-14 + 90 = 2020-12-13.
	// Report 1 counts 1 c9300_dna_advantage, report 2 counts 2 DNA_HSEC.
	{"PID:C9300-24UX,SN:FCW2134L0RN", "c9300_dna_advantage", "1", "-", "-", "Cisco default", "-", "2020-12-13", "overdue", src("inputs", "usage-hand.xml"), "-"},
	{"PID:C9300-24UX,SN:FCW2134L0RN", "DNA_HSEC", "2", "-", "-", "Cisco default", "-", "2020-12-13", "overdue", src("inputs", "usage-hand.xml"), "-"},
	// the RUM sample: DNA_NWStack is perpetual (tech support), reported: no periodic
	// report; its latest window counts 3 and ends 2023-01-15, after the as-of date.
	{"PID:C9800-CL-K9,SN:9NTUEA8FIIH", "DNA_NWStack", "3", "-", "-", "Cisco default", "-", "-", "not_required", src("inputs", "example-rum-1671840750.xml"),
		"the unenforced-perpetual group has no reporting frequency, and the instance has reported; its inputs are dated up to 2023-01-15, after -as-of 2022-03-01"},
	// show license all 2: ACK Dec 18 11:05:11 2023 PDT (the latest date it prints); no
	// license, so subscription, SLE Policy frequency 111: 2023-12-18 + 111 = 2024-04-07.
	{"PID:C9407R,SN:FXS2119Q2U7", "-", "-", "Cat9K-FranklinDT", "smart", "SLE Policy", "2023-12-18", "2024-04-07", "ok", src("inputs", "show_license_all_golden_output_2.txt"),
		"its inputs are dated up to 2023-12-18, after -as-of 2022-03-01"},
	// ntc3: no UDI, no prompt: the file names it; ACK 2021-12-03 + 111 = 2022-03-24, 23 days away.
	{"unnamed, in show_license_status_ntc3.txt", "-", "-", "Eg-VA", "smart", "SLE Policy", "2021-12-03", "2022-03-24", "ok", src("inputs", "show_license_status_ntc3.txt"), "-"},
	// the older registration model: registered 2024-03-13 + 90 (first report) = 2024-06-11;
	// authorized on Mar 13 08:09:28 2024, after the as-of date.
	{"c1000v-5", "-", "-", "RADKit-LMM-NA", "smart", "Cisco default", "-", "2024-06-11", "ok", src("inputs", "show_license_status_golden_output2.txt"),
		"its inputs are dated up to 2024-03-13, after -as-of 2022-03-01"},
	// tech support: Custom Policy, subscription 90: ACK 2022-01-10 + 90 = 2022-04-10; four
	// licenses by tag, with the counts it prints (3, 3, 0, 0).
	{"PID:C9300-24UX,SN:FCW2134L00C", "advantagek9", "3", "SLE_Test", "cslu", "Custom Policy", "2022-01-10", "2022-04-10", "ok", src("inputs", "show_license_techsupport_golden_output.txt"), "-"},
	{"PID:C9300-24UX,SN:FCW2134L00C", "c9300_dna_advantage", "3", "SLE_Test", "cslu", "Custom Policy", "2022-01-10", "2022-04-10", "ok", src("inputs", "show_license_techsupport_golden_output.txt"), "-"},
	{"PID:C9300-24UX,SN:FCW2134L00C", "AIR-DNA-A", "0", "SLE_Test", "cslu", "Custom Policy", "2022-01-10", "2022-04-10", "ok", src("inputs", "show_license_techsupport_golden_output.txt"), "-"},
	{"PID:C9300-24UX,SN:FCW2134L00C", "DNA_NWStack", "0", "SLE_Test", "cslu", "Custom Policy", "2022-01-10", "2022-04-10", "ok", src("inputs", "show_license_techsupport_golden_output.txt"), "-"},
}

func TestRunTable(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2022-03-01", filepath.Join("testdata", "inputs"))
	require.Equal(t, 0, code, errOut)
	header, rows := tableRows(t, out)
	assert.Equal(t, wantHeader, header)
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	for _, want := range []string{
		"as of 2022-03-01: 6 instances",
		"inputs: 4 captures, 2 usage files (3 reports), 0 files skipped",
		"by status: overdue 1 due_soon 0 ack_missing 0 ok 4 not_required 1 unknown 0",
		"by transport: cslu 1 not given 2 smart 3",
		"virtual account -: overdue 1 not_required 1",
		"virtual account SLE_Test: ok 1",
		// due dates of the 5 periodic instances: 2020-12-13, 2022-03-24, 2022-04-10, 2024-04-07, 2024-06-11;
		// the third is stage_by.
		"reporting wave: 5 instances report periodically, 1 past due; stage the renewal before 2022-04-10",
		"  week of 2022-03-22: 1 due", // 2022-03-24 is 23 days on: week 3
		"  week of 2022-04-05: 1 due", // 2022-04-10 is 40 days on: week 5
		"  week of 2024-06-11: 1 due", // 833 days on: week 119 starts on the day
	} {
		assert.Contains(t, out, want)
	}
	// Inputs dated after -as-of are flagged on stderr too.
	for _, want := range []string{
		"warning: " + src("inputs", "example-rum-1671840750.xml") + " is dated 2023-01-15, after -as-of 2022-03-01",
		"warning: " + src("inputs", "show_license_all_golden_output_2.txt") + " is dated 2023-12-18, after -as-of 2022-03-01",
		"warning: " + src("inputs", "show_license_status_golden_output2.txt") + " is dated 2024-03-13, after -as-of 2022-03-01",
		src("inputs", "usage-hand.xml") + ": 1 unknown element skipped",
	} {
		assert.Contains(t, errOut, want)
	}
	assert.NotContains(t, errOut, "show_license_techsupport_golden_output.txt is dated", "its clock, 2022-01-11, is before the as-of date")
}

// TestRunCSV: the CSV holds the same rows with the full license names, for
// spreadsheets.
func TestRunCSV(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2022-03-01", "-format", "csv", filepath.Join("testdata", "inputs"))
	require.Equal(t, 0, code, errOut)
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 1+len(wantRows))
	assert.Equal(t, []string{"hostname", "udi", "license", "count", "virtual_account", "transport", "policy", "group",
		"registration_date", "last_report", "last_ack", "anchor", "next_due", "status", "sources", "note"}, records[0])
	// The tech support device's first license (wantRows[6]): its last report push is
	// Jan 10 20:21:24 2022 UTC, its ACK Jan 10 20:32:26 2022 UTC.
	assert.Equal(t, []string{"", "PID:C9300-24UX,SN:FCW2134L00C", "regid.2017-03.com.cisco.advantagek9,1.0_bd1da96e-ec1d-412b-a50e-53846b347d53", "3",
		"SLE_Test", "cslu", "Custom Policy", "unenforced-subscription", "", "2022-01-10", "2022-01-10", "last_ack", "2022-04-10", "ok",
		src("inputs", "show_license_techsupport_golden_output.txt"), ""}, records[7])
	// The registration-model device: registered 2024-03-13, never reported.
	assert.Equal(t, []string{"c1000v-5", "", "", "", "RADKit-LMM-NA", "smart", "Cisco default", "unenforced-subscription", "2024-03-13", "", "", "registration",
		"2024-06-11", "ok", src("inputs", "show_license_status_golden_output2.txt"), "its inputs are dated up to 2024-03-13, after -as-of 2022-03-01"}, records[6])
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
			Command string `json:"command"`
			Dated   string `json:"dated"`
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
			UDI      string           `json:"udi"`
			Group    string           `json:"group"`
			Licenses []string         `json:"licenses"`
			Counts   map[string]int64 `json:"counts"`
			LastACK  string           `json:"last_ack"`
			Anchor   string           `json:"anchor"`
			NextDue  string           `json:"next_due"`
			Status   string           `json:"status"`
			Note     string           `json:"note"`
			Sources  []string         `json:"sources"`
		} `json:"instances"`
		Summary struct {
			Instances int `json:"instances"`
			Inputs    struct {
				Captures   int `json:"captures"`
				UsageFiles int `json:"usage_files"`
				Reports    int `json:"reports"`
				Skipped    int `json:"skipped_files"`
			} `json:"inputs"`
			ByStatus map[string]int `json:"instances_by_status"`
			Wave     struct {
				StageBy  string `json:"stage_by"`
				Periodic int    `json:"periodic"`
				PastDue  int    `json:"past_due"`
				Weeks    []struct {
					Start string `json:"start"`
					Due   int    `json:"due"`
				} `json:"weeks"`
				Text string `json:"text"`
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
		kinds = append(kinds, filepath.Base(in.File)+":"+in.Kind+":"+in.Command+":"+in.Dated)
	}
	assert.Equal(t, []string{
		"example-rum-1671840750.xml:usage::2023-01-15", "show_license_all_golden_output_2.txt:capture:show license all:2023-12-18",
		"show_license_status_golden_output2.txt:capture:show license status:2024-03-13", "show_license_status_ntc3.txt:capture:show license status:",
		"show_license_techsupport_golden_output.txt:capture:show license tech support:", "usage-hand.xml:usage::",
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

	// The governance rows: one per instance.
	var perInstance [][]string // wantRows without the extra license rows
	for i, r := range wantRows {
		if i == 0 || r[0] != wantRows[i-1][0] {
			perInstance = append(perInstance, r)
		}
	}
	require.Len(t, doc.Instances, len(perInstance))
	for i, want := range perInstance {
		got := doc.Instances[i]
		udi := want[0]
		if !strings.HasPrefix(udi, "PID:") { // a hostname or the file stands in for no UDI
			udi = ""
		}
		assert.Equal(t, udi, got.UDI, "row %d", i+1)
		assert.Equal(t, strings.Trim(want[7], "-"), got.NextDue, "row %d", i+1)
		assert.Equal(t, want[8], got.Status, "row %d", i+1)
		assert.Equal(t, strings.Trim(want[10], "-"), got.Note, "row %d", i+1)
	}
	// The RUM sample names its entitlement tag; its latest window counts 3.
	assert.Equal(t, map[string]int64{"regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896": 3}, doc.Instances[1].Counts)
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
	assert.Equal(t, []string{src("inputs", "show_license_techsupport_golden_output.txt")}, ts5.Sources)

	assert.Equal(t, 6, doc.Summary.Instances)
	assert.Equal(t, 4, doc.Summary.Inputs.Captures)
	assert.Equal(t, 2, doc.Summary.Inputs.UsageFiles)
	assert.Equal(t, 3, doc.Summary.Inputs.Reports)
	assert.Equal(t, map[string]int{"overdue": 1, "due_soon": 0, "ack_missing": 0, "ok": 4, "not_required": 1, "unknown": 0}, doc.Summary.ByStatus)
	assert.Equal(t, "2022-04-10", doc.Summary.Wave.StageBy)
	assert.Equal(t, 5, doc.Summary.Wave.Periodic)
	assert.Equal(t, 1, doc.Summary.Wave.PastDue)
	require.Len(t, doc.Summary.Wave.Weeks, 4)
	assert.Equal(t, "2024-04-02", doc.Summary.Wave.Weeks[2].Start) // 2024-04-07 is 768 days on: week 109
	assert.Equal(t, "reporting wave: 5 instances report periodically, 1 past due; stage the renewal before 2022-04-10", doc.Summary.Wave.Text)
}

// TestRunPolicy: -policy applies to the instances whose capture prints no
// policy: subscription frequency 30 makes the usage-only device due
// 2020-09-14 + 30 = 2020-10-14; devices that print a policy keep it.
func TestRunPolicy(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2022-03-01", "-policy", filepath.Join("testdata", "policy.json"), filepath.Join("testdata", "inputs"))
	require.Equal(t, 0, code, errOut)
	_, rows := tableRows(t, out)
	require.Len(t, rows, len(wantRows))
	assert.Equal(t, []string{"PID:C9300-24UX,SN:FCW2134L0RN", "c9300_dna_advantage", "1", "-", "-", "Bank policy", "-", "2020-10-14", "overdue", src("inputs", "usage-hand.xml"), "-"}, rows[0])
	assert.Equal(t, wantRows[6], rows[6], "the tech support device keeps its Custom Policy")
}

// writeFiles writes files into a new folder and returns it.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	return dir
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// TestRunSkipped: what cannot be read is listed with its reason, and the
// rest is reported; only -strict makes it a failure.
func TestRunSkipped(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"a-ntc3.txt":  readTestdata(t, "inputs/show_license_status_ntc3.txt"),
		"b-empty.txt": nil,
		"c-blank.txt": []byte("\n \n"),
		"d-photo.jpg": []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
		"e-dtd.xml":   []byte(`<!DOCTYPE smartLicense [<!ENTITY x SYSTEM "file:///etc/passwd">]><smartLicense>&x;</smartLicense>`),
		"f-notes.txt": readTestdata(t, "bad/notes.txt"),
		"g-big.txt":   bytes.Repeat([]byte("Status: x\n"), 8<<20/10+1), // 8,388,610 bytes: more than a capture may hold
	})
	code, out, errOut := runArgs(t, "-as-of", "2022-03-01", dir)
	assert.Equal(t, 0, code, errOut)
	_, rows := tableRows(t, out)
	require.Len(t, rows, 1)
	assert.Equal(t, "unnamed, in a-ntc3.txt", rows[0][0])
	assert.Contains(t, out, "inputs: 1 capture, 0 usage files (0 reports), 6 files skipped")
	for _, want := range []string{
		"slp-audit: 6 files skipped:\n",
		"  " + filepath.Join(dir, "b-empty.txt") + " (empty): empty file\n",
		"  " + filepath.Join(dir, "c-blank.txt") + " (empty): empty file: blank lines only\n",
		"  " + filepath.Join(dir, "d-photo.jpg") + " (binary): binary file, not text (byte 0x00 at offset 4)\n",
		"  " + filepath.Join(dir, "e-dtd.xml") + " (XML with a DTD): an XML document with a DTD, refused: DTD or markup declaration (<!…>) not accepted\n",
		"  " + filepath.Join(dir, "f-notes.txt") + " (not a capture): not a recognised show license capture: no heading or line shape of a known command\n",
		"  " + filepath.Join(dir, "g-big.txt") + " (too large): 8388610 bytes, more than the 8 MiB a capture may hold (capture.MaxBytes): input larger than the accepted size\n",
	} {
		assert.Contains(t, errOut, want)
	}

	code, _, errOut = runArgs(t, "-as-of", "2022-03-01", "-strict", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "slp-audit: -strict: 6 files skipped, 0 reports not read")
}

// TestRunConflicts: merged captures of one device that disagree are
// flagged on stderr and in the row's note.
func TestRunConflicts(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"sw1-a.txt": []byte("sw1#show license status\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n  Initial Registration: SUCCEEDED on Mar 13 08:09:24 2024 UTC\n"),
		"sw1-b.txt": []byte("sw1#show license status\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: UNREGISTERED\n"),
	})
	code, out, errOut := runArgs(t, "-as-of", "2024-04-01", dir)
	require.Equal(t, 0, code, errOut)
	a, b := filepath.Join(dir, "sw1-a.txt"), filepath.Join(dir, "sw1-b.txt")
	// sw1-a is dated (its registration, 2024-03-13); sw1-b is not: sw1-a is the newer.
	conflict := "the inputs disagree on registration: REGISTERED (" + a + ") vs UNREGISTERED (" + b + "); the newest is kept"
	assert.Contains(t, errOut, "slp-audit: warning: sw1: "+conflict+"\n")
	_, rows := tableRows(t, out)
	require.Len(t, rows, 1)
	// Registered 2024-03-13 + 90 (first report) = 2024-06-11.
	assert.Equal(t, []string{"sw1", "-", "-", "-", "-", "Cisco default", "-", "2024-06-11", "ok", a + ", " + b, conflict}, rows[0])
}

// TestRunWaveAlreadyDue: when the periodic reports are already overdue,
// the wave says so instead of a date to stage the renewal before.
func TestRunWaveAlreadyDue(t *testing.T) {
	status := func(host, ack string) []byte {
		return []byte(host + "#show license status\nUsage Reporting:\n  Last ACK received: " + ack + "\n")
	}
	tests := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		// ACK 2024-01-01 + 90 = 2024-03-31, before 2024-07-01.
		{"all overdue", map[string][]byte{"sw1.txt": status("sw1", "Jan 01 10:00:00 2024 UTC")},
			"reporting wave: 1 instance reports periodically, 1 past due; every periodic report is already overdue: the consumption they carry reaches CSSM as soon as the devices report"},
		// sw1 due 2024-03-31 (overdue), sw2: ACK 2024-06-01 + 90 = 2024-08-30. Half of 2 is
		// 1: the first due date, before as-of.
		{"half overdue", map[string][]byte{"sw1.txt": status("sw1", "Jan 01 10:00:00 2024 UTC"), "sw2.txt": status("sw2", "Jun 01 10:00:00 2024 UTC")},
			"reporting wave: 2 instances report periodically, 1 past due; half of the periodic reports are due by 2024-07-01 already: the wave is under way"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runArgs(t, "-as-of", "2024-07-01", writeFiles(t, tt.files))
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, out, tt.want+"\n")
			assert.NotContains(t, out, "stage the renewal")
		})
	}
}

// TestRunUnknownReason: a capture that prints no date leaves the status
// unknown, and the note says why and what would help.
func TestRunUnknownReason(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"sw7.txt": []byte("sw7#show license summary\nLicense Usage:\n  License   Entitlement Tag   Count Status\n  network-advantage (C9300-24 Network Advantage) 1 IN USE\n")})
	code, out, errOut := runArgs(t, "-as-of", "2022-03-01", dir)
	require.Equal(t, 0, code, errOut)
	_, rows := tableRows(t, out)
	require.Len(t, rows, 1)
	assert.Equal(t, []string{"sw7", "network-advantage", "1", "-", "-", "Cisco default", "-", "-", "unknown", filepath.Join(dir, "sw7.txt"),
		"no last ACK, last report or registration date is known (show license summary prints none; a capture of show license status or tech support would)"}, rows[0])
}

func TestRunExitStatus(t *testing.T) {
	inputs := filepath.Join("testdata", "inputs")
	bad := filepath.Join("testdata", "bad")
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
		{"bad format", []string{"-format", "xml", inputs}, 2, `-format "xml": want table, csv or json`, false},
		{"bad date", []string{"-as-of", "01/03/2022", inputs}, 2, `-as-of "01/03/2022": want YYYY-MM-DD`, false},
		{"missing policy file", []string{"-policy", "nope.json", inputs}, 2, "-policy: open nope.json", false},
		{"bad policy file", []string{"-policy", filepath.Join(bad, "notes.txt"), inputs}, 2, "-policy: " + filepath.Join(bad, "notes.txt") + ": the document must be a JSON object", false},
		{"missing path", []string{"-as-of", "2022-03-01", "no-such-dir", inputs}, 2, "slp-audit: stat no-such-dir: no such file or directory", false},
		{"a file that is not a capture", []string{"-as-of", "2022-03-01", bad, inputs}, 0, filepath.Join(bad, "notes.txt") + " (not a capture)", true},
		{"the same with -strict", []string{"-as-of", "2022-03-01", "-strict", bad, inputs}, 1, "-strict: 1 file skipped, 0 reports not read", true},
		{"nothing usable", []string{"-as-of", "2022-03-01", bad}, 1, "nothing usable was read: no capture and no usage report", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runArgs(t, tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, errOut, tt.stderr)
			if tt.rowsShown {
				assert.Contains(t, out, "PID:C9300-24UX,SN:FCW2134L00C", "the inputs that could be read are reported")
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
// one instance, named by both. ACK 2024-06-01 + 90 = 2024-08-30, 60 days
// after 2024-07-01; the newest report (window end 2024-06-25, later than
// the push of 2024-06-20) is after the ACK and 6 days old: ack_missing.
// The status capture's account line is "As of Jul 02 13:13:37 2024 EDT",
// the day after the as-of date.
func TestRunMerge(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2024-07-01", filepath.Join("testdata", "merge"))
	require.Equal(t, 0, code, errOut)
	_, rows := tableRows(t, out)
	assert.Equal(t, [][]string{{"sw1 PID:C9300-24UX,SN:FCW2222A0AA", "c9300_dna_advantage", "1", "DC-East", "cslu", "Cisco default", "2024-06-01", "2024-08-30", "ack_missing",
		src("merge", "a-status.txt") + ", " + src("merge", "b-udi.txt") + ", " + src("merge", "c-usage.xml"),
		"its inputs are dated up to 2024-07-02, after -as-of 2024-07-01"}}, rows)
	assert.Contains(t, out, "  week of 2024-08-26: 1 due") // 60 days on: week 8
}

// TestRunSLR: a device with a specific reservation installed is on SLR: it
// never reports, so it is not_required with no due date and stays out of
// the reporting wave.
func TestRunSLR(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2024-07-01", filepath.Join("testdata", "slr"))
	require.Equal(t, 0, code, errOut)
	_, rows := tableRows(t, out)
	assert.Equal(t, [][]string{{"vault-sw PID:C9300-24UX,SN:FCW3333B0BB", "-", "-", "Vault", "slr", "Cisco default", "-", "-", "not_required", src("slr", "vault.txt"),
		"on SLR: the device never reports"}}, rows)
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
// The captures disagree on transport and policy: show license all, taken
// on 2021-11-10, is the newer and is kept.
func TestTrustCodeNamesTheDevice(t *testing.T) {
	code, out, errOut := runArgs(t, "-as-of", "2021-11-01", filepath.Join("testdata", "trust"))
	require.Equal(t, 0, code, errOut)
	_, rows := tableRows(t, out)
	require.Len(t, rows, 2, "two licenses")
	got := rows[0]
	assert.Equal(t, "PID:C9300-24UX,SN:FCW2303D16Y", got[0])
	assert.Equal(t, "SLE_Test", got[3])
	assert.Equal(t, "smart", got[4])
	assert.Equal(t, []string{"2021-10-14", "2022-01-12", "ok"}, got[6:9])
	assert.Contains(t, out, "as of 2021-11-01: 1 instance\n")
	all, status := src("trust", "show_license_all_golden_output.txt"), src("trust", "show_license_status_golden_output1.txt")
	assert.Contains(t, errOut, "the inputs disagree on transport: smart ("+all+") vs cslu ("+status+"); the newest is kept")
	assert.Contains(t, errOut, "the inputs disagree on policy: Merged from multiple sources. ("+all+") vs Custom Policy ("+status+"); the newest is kept")
}
