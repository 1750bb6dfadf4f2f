package slp_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// inventory reads a folder of testdata/inventory into an Inventory and
// returns it with the results of its files.
func inventory(t *testing.T, dir string) (*slp.Inventory, map[string]slp.FileResult) {
	t.Helper()
	inv := new(slp.Inventory)
	results := map[string]slp.FileResult{}
	for f, err := range slp.ReadFiles(context.Background(), os.DirFS(filepath.Join("testdata", "inventory", dir)), ".") {
		require.NoError(t, err)
		res, err := inv.AddFile(context.Background(), f)
		require.NoError(t, err, f.Path)
		results[f.Path] = res
	}
	return inv, results
}

// fleet assesses the instances of inv as of asOf under the Cisco default,
// classifying licenses as the captures do.
func fleet(t *testing.T, inv *slp.Inventory, asOf time.Time) slp.Fleet {
	t.Helper()
	g := slp.Governance{AsOf: asOf, Classify: inv.Classify}
	f, err := g.Fleet(inv.Instances())
	require.NoError(t, err)
	return f
}

// row is one assessment as the audit table shows it.
type govRow struct {
	UDI, Hostname, VirtualAccount, Transport, Policy, LastACK, NextDue, Status string
}

func govRows(f slp.Fleet) []govRow {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	}
	var rows []govRow
	for a := range f.Assessments() {
		u := ""
		if !a.UDI.IsZero() {
			u = a.UDI.String()
		}
		rows = append(rows, govRow{u, a.Hostname, a.VirtualAccount, a.Transport.String(), a.PolicyName, date(a.LastACK), date(a.NextDue), a.Status.String()})
	}
	return rows
}

// TestInventory reads two usage files and four captures of five devices
// and one capture that names no device, as of 2022-03-01. Each expected row
// is worked out by hand from the files (the comments); rows are in the
// fleet's order, Virtual Account then UDI.
func TestInventory(t *testing.T) {
	inv, results := inventory(t, "inputs")
	f := fleet(t, inv, time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC))
	want := []govRow{
		// usage-hand.xml: no capture; newest window end 2020-09-14; dna-advantage is a
		// subscription (tech support) and DNA_HSEC unknown: 2020-09-14 + 90 = 2020-12-13.
		{"PID:C9300-24UX,SN:FCW2134L0RN", "", "", "", "Cisco default", "", "2020-12-13", "overdue"},
		// the RUM sample: DNA_NWStack is perpetual (tech support), reported: no periodic report.
		{"PID:C9800-CL-K9,SN:9NTUEA8FIIH", "", "", "", "Cisco default", "", "", "not_required"},
		// show license all 2: ACK Dec 18 11:05:11 2023 PDT; no license, so subscription,
		// SLE Policy frequency 111: 2023-12-18 + 111 = 2024-04-07 (2024 is a leap year).
		{"PID:C9407R,SN:FXS2119Q2U7", "", "Cat9K-FranklinDT", "smart", "SLE Policy", "2023-12-18", "2024-04-07", "ok"},
		// ntc3: no UDI, no prompt; ACK 2021-12-03 + 111 = 2022-03-24, 23 days away.
		{"", "", "Eg-VA", "smart", "SLE Policy", "2021-12-03", "2022-03-24", "ok"},
		// the older registration model: registered 2024-03-13 + 90 (first report) = 2024-06-11.
		{"", "c1000v-5", "RADKit-LMM-NA", "smart", "Cisco default", "", "2024-06-11", "ok"},
		// tech support: Custom Policy, subscription 90: ACK 2022-01-10 + 90 = 2022-04-10.
		{"PID:C9300-24UX,SN:FCW2134L00C", "", "SLE_Test", "cslu", "Custom Policy", "2022-01-10", "2022-04-10", "ok"},
	}
	if diff := cmp.Diff(want, govRows(f)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	as := slices.Collect(f.Assessments())
	ts := as[5]
	assert.Equal(t, policy.UnenforcedSubscription, ts.Group)
	assert.Equal(t, "last_ack", ts.Anchor)
	assert.Equal(t, time.Date(2022, 1, 10, 20, 32, 26, 0, time.UTC), ts.LastACK)
	// The tech support capture's four licenses by tag, with the counts it prints.
	assert.Equal(t, map[string]int64{
		"regid.2017-03.com.cisco.advantagek9,1.0_bd1da96e-ec1d-412b-a50e-53846b347d53":         3,
		"regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18": 3,
		"regid.2017-08.com.cisco.AIR-DNA-A,1.0_b6308627-3ab0-4a11-a3d9-586911a0d790":           0,
		"regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896":         0,
	}, ts.Counts)
	assert.Equal(t, []string{
		"regid.2017-03.com.cisco.advantagek9,1.0_bd1da96e-ec1d-412b-a50e-53846b347d53",
		"regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18",
		"regid.2017-08.com.cisco.AIR-DNA-A,1.0_b6308627-3ab0-4a11-a3d9-586911a0d790",
		"regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896",
	}, ts.Licenses)
	assert.Equal(t, []smartaccount.Ref{{Source: "show_license_techsupport_golden_output.txt"}}, ts.Refs)
	// The usage-only device: report 1 counts 1 dna-advantage, report 2 counts 2 DNA_HSEC.
	assert.Equal(t, map[string]int64{
		"regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18": 1,
		"regid.2019-03.com.cisco.DNA_HSEC,1.0_509c41ab-05a8-431f-95fe-ec28086e8844":            2,
	}, as[0].Counts)
	// The RUM sample's latest window (to 2023-01-15 13:43:32) counts 3.
	assert.Equal(t, map[string]int64{"regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896": 3}, as[1].Counts)
	assert.Equal(t, time.Date(2023, 1, 15, 13, 43, 32, 0, time.UTC), as[1].Seen)
	assert.Equal(t, []smartaccount.Ref{{Source: "show_license_status_ntc3.txt"}}, as[3].Refs, "known by its file")

	// usage-hand.xml: both windows end at 1600086400 = 2020-09-14 12:26:40 UTC.
	assert.Equal(t, slp.FileResult{Seen: time.Date(2020, 9, 14, 12, 26, 40, 0, time.UTC), Reports: 2, Skipped: 1,
		SystemInfo: []byte(`{"hostname":"sw-core-1","udi":"PID:C9300-24UX,SN:FCW2134L0RN"}`)}, results["usage-hand.xml"])
	assert.Equal(t, slp.FileResult{Seen: time.Date(2023, 1, 15, 13, 43, 32, 0, time.UTC), Reports: 1}, results["example-rum-1671840750.xml"])
	// The tech support capture's clock: "Time source is NTP, 13:28:08.565 UTC Tue Jan 11 2022".
	assert.Equal(t, time.Date(2022, 1, 11, 13, 28, 8, 565e6, time.UTC), results["show_license_techsupport_golden_output.txt"].Seen)

	// The fleet, as of 2022-03-01: due dates of the 5 periodic instances are
	// 2020-12-13, 2022-03-24, 2022-04-10, 2024-04-07, 2024-06-11; the third
	// is stage_by.
	assert.Equal(t, map[slp.ReportingStatus]int{slp.ReportingOverdue: 1, slp.ReportingOK: 4, slp.ReportingNotRequired: 1}, f.ByStatus)
	assert.Equal(t, 5, f.Wave.Periodic)
	assert.Equal(t, 1, f.Wave.PastDue)
	assert.Equal(t, time.Date(2022, 4, 10, 0, 0, 0, 0, time.UTC), f.Wave.StageBy)
}

// TestInventoryMerge: a status capture known by its prompt (sw1), a udi
// capture naming sw1's UDI and a usage file of that UDI (serial in lower
// case) are one instance. ACK 2024-06-01 + 90 = 2024-08-30, 60 days after
// 2024-07-01; the newest report (window end 2024-06-25, later than the
// push of 2024-06-20) is after the ACK and 6 days old: ack_missing.
func TestInventoryMerge(t *testing.T) {
	inv, _ := inventory(t, "merge")
	f := fleet(t, inv, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC))
	want := []govRow{{"PID:C9300-24UX,SN:FCW2222A0AA", "sw1", "DC-East", "cslu", "Cisco default", "2024-06-01", "2024-08-30", "ack_missing"}}
	if diff := cmp.Diff(want, govRows(f)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	a := slices.Collect(f.Assessments())[0]
	assert.Equal(t, time.Date(2024, 6, 25, 0, 0, 0, 0, time.UTC), a.LastReport)
	assert.Equal(t, []smartaccount.Ref{{Source: "a-status.txt"}, {Source: "b-udi.txt"}, {Source: "c-usage.xml"}}, a.Refs)
	assert.Empty(t, a.Conflicts)
}

// TestInventorySLR: a device with a specific reservation installed is on
// SLR: it never reports, so it is not_required with no due date and stays
// out of the reporting wave.
func TestInventorySLR(t *testing.T) {
	inv, _ := inventory(t, "slr")
	f := fleet(t, inv, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC))
	want := []govRow{{"PID:C9300-24UX,SN:FCW3333B0BB", "vault-sw", "Vault", "slr", "Cisco default", "", "", "not_required"}}
	if diff := cmp.Diff(want, govRows(f)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	assert.Equal(t, 0, f.Wave.Periodic)
}

// TestInventoryTrustCode: show license status prints no UDI line, only its
// trust code ("Active: PID:C9300-24UX,SN:FCW2303D16Y"); show license all of
// the same switch prints "UDI: PID:C9300-24UX,SN:FCW2303D16Y". The two
// captures are one instance: the Virtual Account (SLE_Test) and the last
// ACK (Oct 14 12:10:32 2021) come from the status capture, and the next due
// date is 2021-10-14 + 90 days (subscription frequency) = 2022-01-12 — the
// deadline the switch itself prints ("Next ACK deadline: Jan 12 … 2022").
func TestInventoryTrustCode(t *testing.T) {
	inv, _ := inventory(t, "trust")
	f := fleet(t, inv, time.Date(2021, 11, 1, 0, 0, 0, 0, time.UTC))
	require.Equal(t, 1, f.Len())
	got := govRows(f)[0]
	assert.Equal(t, "PID:C9300-24UX,SN:FCW2303D16Y", got.UDI)
	assert.Equal(t, "SLE_Test", got.VirtualAccount)
	assert.Equal(t, []string{"2021-10-14", "2022-01-12", "ok"}, []string{got.LastACK, got.NextDue, got.Status})
}

// parse parses a capture written in a test.
func parse(t *testing.T, name, text string) *capture.Capture {
	t.Helper()
	c, err := capture.Parse(strings.NewReader(text), name)
	require.NoError(t, err)
	return c
}

// TestInventoryConflicts: captures of one device that disagree keep the
// first value and say so.
func TestInventoryConflicts(t *testing.T) {
	var inv slp.Inventory
	// Two registration-model captures of sw1, REGISTERED then UNREGISTERED,
	// in two Virtual Accounts.
	inv.AddCapture(parse(t, "sw1-a.txt", "sw1#show license status\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n  Smart Account: Bank\n  Virtual Account: DC-East\n"))
	inv.AddCapture(parse(t, "sw1-b.txt", "sw1#show license status\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: UNREGISTERED\n  Smart Account: Bank\n  Virtual Account: Lab\n"))
	// Two SLP captures of sw2 with policies whose subscription frequency
	// differs (30, then 90), and a third that repeats the first with the
	// source printed differently: no conflict for it.
	slp1 := "sw2#show license status\nPolicy:\n  Policy in use: Installed On Jul 01 10:00:00 2024 UTC\n  Policy name: Bank\n  Reporting ACK required: yes (Customer Policy)\n" +
		"  Unenforced/Non-Export Subscription Attributes:\n    First report requirement (days): 30 (Customer Policy)\n    Reporting frequency (days): %d (Customer Policy)\n    Report on change (days): 30 (Customer Policy)\n"
	inv.AddCapture(parse(t, "sw2-a.txt", strings.Replace(slp1, "%d", "30", 1)))
	inv.AddCapture(parse(t, "sw2-b.txt", strings.Replace(slp1, "%d", "90", 1)))
	inv.AddCapture(parse(t, "sw2-c.txt", strings.ReplaceAll(strings.Replace(slp1, "%d", "30", 1), "(Customer Policy)", "")))
	in := inv.Instances()
	require.Len(t, in, 2)
	assert.Equal(t, "DC-East", in[0].VirtualAccount, "the first value is kept")
	assert.Equal(t, []slp.Conflict{
		{Field: "virtual_account", Values: []string{"DC-East", "Lab"}, Refs: []smartaccount.Ref{{Source: "sw1-a.txt"}, {Source: "sw1-b.txt"}}},
		{Field: "registration", Values: []string{"REGISTERED", "UNREGISTERED"}, Refs: []smartaccount.Ref{{Source: "sw1-a.txt"}, {Source: "sw1-b.txt"}}},
	}, in[0].Conflicts)
	// Groups not printed keep the zero value a capture's policy has.
	pol := func(freq int) string {
		return "Bank: ack true; unenforced-perpetual 0/0/0; unenforced-subscription 30/" + map[int]string{30: "30", 90: "90"}[freq] + "/30; enforced 0/0/0; export 0/0/0"
	}
	assert.Equal(t, []slp.Conflict{
		{Field: "policy", Values: []string{pol(30), pol(90)}, Refs: []smartaccount.Ref{{Source: "sw2-a.txt"}, {Source: "sw2-b.txt"}}},
	}, in[1].Conflicts)
	assert.Equal(t, 30, in[1].Policy.Group(policy.UnenforcedSubscription).ReportingFrequency.Days)
}

// TestInventoryNewestWins: of two captures that disagree, the instance
// keeps what the newer one shows, whichever is read first.
func TestInventoryNewestWins(t *testing.T) {
	status := func(clock, va string) string {
		return "Load for five secs: 1%/0%\nTime source is NTP, " + clock + "\nsw1#show license status\nAccount Information:\n  Smart Account: Bank\n  Virtual Account: " + va + "\n"
	}
	june := status("10:00:00.000 UTC Sat Jun 01 2024", "Old")
	july := status("10:00:00.000 UTC Tue Jul 02 2024", "New")
	for _, order := range [][2]string{{"june", "july"}, {"july", "june"}} {
		t.Run(order[0]+" first", func(t *testing.T) {
			var inv slp.Inventory
			for _, name := range order {
				inv.AddCapture(parse(t, name+".txt", map[string]string{"june": june, "july": july}[name]))
			}
			in := inv.Instances()
			require.Len(t, in, 1)
			assert.Equal(t, "New", in[0].VirtualAccount)
			assert.Equal(t, []slp.Conflict{{Field: "virtual_account", Values: []string{"New", "Old"},
				Refs: []smartaccount.Ref{{Source: "july.txt"}, {Source: "june.txt"}}}}, in[0].Conflicts)
			assert.Equal(t, time.Date(2024, 7, 2, 10, 0, 0, 0, time.UTC), in[0].Seen)
		})
	}
}

// TestInventoryHostnameOfAnotherDevice: a hostname links captures only to
// a device of no other UDI. Two switches both called "sw" (a lab copy of a
// configuration) stay two instances, and the second notes nothing wrong of
// its own.
func TestInventoryHostnameOfAnotherDevice(t *testing.T) {
	var inv slp.Inventory
	inv.AddCapture(parse(t, "a.txt", "sw#show license udi\nUDI: PID:C9300-24UX,SN:FCW1\n"))
	inv.AddCapture(parse(t, "b.txt", "sw#show license udi\nUDI: PID:C9300-24UX,SN:FCW2\n"))
	inv.AddCapture(parse(t, "c.txt", "sw#show license status\nAccount Information:\n  Smart Account: Bank\n  Virtual Account: DC\n"))
	in := inv.Instances()
	require.Len(t, in, 2)
	assert.Equal(t, "FCW1", in[0].UDI.Serial)
	assert.Equal(t, "DC", in[0].VirtualAccount, "the hostname names the first device that had it")
	assert.Equal(t, "FCW2", in[1].UDI.Serial)
	assert.Empty(t, in[1].VirtualAccount)
}

// TestInventoryUnnamed: captures that name no device and no file are a
// device each.
func TestInventoryUnnamed(t *testing.T) {
	var inv slp.Inventory
	for range 2 {
		inv.AddCapture(parse(t, "", "Account Information:\n  Smart Account: Bank\n  Virtual Account: DC\n\nUsage Reporting:\n  Last ACK received: Jun 01 10:00:00 2024 UTC\n"))
	}
	assert.Len(t, inv.Instances(), 2)
}

// TestAddFileRejections: a bad report of a usage file is counted and the
// others are added; a file ReadFiles skipped adds nothing.
func TestAddFileRejections(t *testing.T) {
	good := func(id int) string {
		return `<RUMReport><![CDATA[{"payload":"{\"asset_identification\":{\"report_id\":` + string(rune('0'+id)) +
			`,\"instance\":{\"sudi\":{\"udi_pid\":\"P\",\"udi_serial_number\":\"S` + string(rune('0'+id)) + `\"}}},\"meta\":{\"entitlement_tag\":\"T\"},\"measurements\":[]}"}]]></RUMReport>`
	}
	bad := `<RUMReport><![CDATA[{"payload":"{}"}]]></RUMReport>`
	data := "<smartLicense>\n" + good(1) + "\n" + bad + "\n" + good(2) + "\n</smartLicense>"
	var inv slp.Inventory
	res, err := inv.AddFile(context.Background(), slp.File{Path: "u.xml", Usage: rum.NewReader(strings.NewReader(data), "u.xml")})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Reports)
	assert.Equal(t, 1, res.Rejected)
	require.Len(t, res.Rejections, 1)
	assert.EqualError(t, res.Rejections[0], "u.xml:3:1: payload.asset_identification: is missing")
	assert.Len(t, inv.Instances(), 2)

	// A structural error stops the file; what came before it is kept.
	res, err = inv.AddFile(context.Background(), slp.File{Path: "v.xml", Usage: rum.NewReader(strings.NewReader("<smartLicense>"+good(3)+"<x></y>"), "v.xml")})
	assert.ErrorContains(t, err, "v.xml:1:")
	assert.Equal(t, 1, res.Reports)
	assert.Len(t, inv.Instances(), 3)

	skipped := slp.File{Path: "notes.txt", Err: slp.ErrEmpty}
	_, err = inv.AddFile(context.Background(), skipped)
	assert.ErrorIs(t, err, slp.ErrEmpty)
	assert.Len(t, inv.Instances(), 3)
}
