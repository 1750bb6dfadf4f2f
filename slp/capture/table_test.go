package capture

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Command
	}{
		{"status SLP by content", "Smart Licensing Using Policy:\n  Status: ENABLED\n", CommandStatus},
		{"status registration by content", "Registration:\n  Status: UNREGISTERED\n", CommandStatus},
		{"summary by header", "  License  Entitlement tag  Count Status\n  net (X) 1 IN USE\n", CommandSummary},
		{"usage by blocks", "dna (DNA):\n  Count: 1\n", CommandUsage},
		{"nxos 10 blocks", "(LAN_PKG):\n  Count: 1\n  License Type: Generic\n", CommandNXOSUsage},
		{"nxos classic", "Feature   Ins  Lic   Status Expiry Date Comments\n", CommandNXOSUsage},
		{"nxos classic with usage echo", "n9k# show license usage\nFeature   Ins  Lic   Status Expiry Date Comments\n", CommandNXOSUsage},
		{"all by Product Information", "Product Information\n===================\nUDI: PID:C9300,SN:X\n", CommandAll},
		{"status with the all heading but no usage", "Smart Licensing Status\n======\n\nSmart Licensing is ENABLED\n\nUtility:\n  Status: DISABLED\n", CommandStatus},
		{"asa all by PID", "Smart Licensing Status\n======================\nLicense Usage\n=============\nUDI: PID:ASA5516,SN:JAD1\n", CommandASAAll},
		{"asa all by echo and sections", "asa# show license all\nRegistration:\n  Status: REGISTERED\n", CommandASAAll},
		{"tech support", "Smart Licensing Tech Support info\n", CommandTechSupport},
		{"tech support echo", "show license tech-support\n", CommandTechSupport},
		{"udi", "UDI: PID:C9300,SN:X\n", CommandUDI},
		{"udi table", "SlotID PID SN UDI\n", CommandUDI},
		{"rum all", "Report Id,  State, Flag, Feature Name\n", CommandRUMIDAll},
		{"rum detail", "Report Id: 12\n  State: ACK\n", CommandRUMIDDetail},
		{"eventlog", "2021-11-17 03:31:32.920 UTC SAEVT_PLATFORM a=\"b\"\n", CommandEventlog},
		{"unknown", "interface Gi1/0/1\n description uplink\n", CommandUnknown},
		{"unknown echo falls back to content", "show license foo\nTransport:\n  Type: Smart\n", CommandStatus},
		{"empty", "", CommandUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect([]byte(tt.in)); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNXOSClassicTable(t *testing.T) {
	// The classic layout of NX-OS 7/9 `show license usage` (the corpus has
	// only the NX-OS 10 form; this capture follows Cisco's documented layout).
	in := "switch# show license usage\n" +
		"Feature                      Ins  Lic   Status Expiry Date Comments\n" +
		"                                 Count\n" +
		"--------------------------------------------------------------------------------\n" +
		"FCOE_NPV_PKG                  No    -   Unused             -\n" +
		"LAN_BASE_SERVICES_PKG         Yes   -   Unused Never       -\n" +
		"LAN_ENTERPRISE_SERVICES_PKG   Yes   -   In use Never       -\n" +
		"N3K_ALGO_BOOST_SERVICES_PKG   No    -   In use             Grace 119D 22H\n" +
		"PORT_ACTIVATION_PKG           Yes   16  In use 25 Oct 2014 -\n" +
		"BROKEN_ROW                    Maybe -   Unused             -\n" +
		"--------------------------------------------------------------------------------\n"
	got := mustParse(t, in)
	want := []Feature{
		{Name: "FCOE_NPV_PKG", Status: "Unused"},
		{Name: "LAN_BASE_SERVICES_PKG", Installed: true, Status: "Unused", Expiry: "Never"},
		{Name: "LAN_ENTERPRISE_SERVICES_PKG", Installed: true, Status: "In use", Expiry: "Never"},
		{Name: "N3K_ALGO_BOOST_SERVICES_PKG", Status: "In use", Comments: "Grace 119D 22H"},
		{Name: "PORT_ACTIVATION_PKG", Installed: true, Count: 16, Counted: true, Status: "In use", Expiry: "25 Oct 2014", Expires: time.Date(2014, 10, 25, 0, 0, 0, 0, time.UTC)},
	}
	if got.Command != CommandNXOSUsage || got.Hostname != "switch" {
		t.Errorf("command %v, hostname %q", got.Command, got.Hostname)
	}
	if diff := cmp.Diff(want, got.Features); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(got.Warnings) != 1 || got.Warnings[0].Line != 10 {
		t.Errorf("want one warning on line 10, got %v", got.Warnings)
	}
}

func TestUDITableSeveralSlots(t *testing.T) {
	in := "SlotID   PID                    SN              UDI\n" +
		"--------------------------------------------------------------------------------\n" +
		"0        ISR4451-X/K9           FOC1111A1AA     ISR4451-X/K9:FOC1111A1AA\n" +
		"*        ISR4451-X/K9           FOC2222B2BB     ISR4451-X/K9:FOC2222B2BB\n" +
		"*\t 2    ISR4451-X/K9           FOC3333C3CC     ISR4451-X/K9:FOC3333C3CC\n" +
		"garbage\n"
	got := mustParse(t, in)
	want := &Capture{
		Command: CommandUDI,
		UDI:     udi("ISR4451-X/K9", "FOC2222B2BB"),
		HA:      members("0", udi("ISR4451-X/K9", "FOC1111A1AA"), "*", udi("ISR4451-X/K9", "FOC2222B2BB")),
	}
	ws := got.Warnings
	got.Warnings = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// "*\t 2 …" has five fields: it is not a row; "garbage" neither.
	if len(ws) != 2 || ws[0].Line != 5 || ws[1].Line != 6 {
		t.Errorf("warnings %v", ws)
	}
}

func TestRUMIDAllRows(t *testing.T) {
	in := "Smart Licensing Usage Report:\n==========\n" +
		"Report Id,          State,    Flag, Feature Name\n" +
		"1629870048          OPEN      N     network-premier_2.5G\n" +
		"1629870050          DELETED   Y\n" +
		"x1629870051         CLOSED    N     dna\n"
	got := mustParse(t, in)
	want := []UsageReportEntry{
		{ID: 1629870048, State: "OPEN", Flag: "N", FeatureName: "network-premier_2.5G"},
		{ID: 1629870050, State: "DELETED", Flag: "Y"},
	}
	if diff := cmp.Diff(want, got.Reports); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(got.Warnings) != 1 || got.Warnings[0].Line != 6 || got.Warnings[0].Field != "Report Id" {
		t.Errorf("warnings %v", got.Warnings)
	}
}

func TestRUMIDDetailSeveralReports(t *testing.T) {
	in := "Smart Licensing Usage Report Detail:\n=====\n" +
		"Report Id: 1\n  State: OPEN,      State Change Reason: None\n  Start Time: Jul 02 13:13:37 2024 UTC,      End Time: <none>\n" +
		"Report Id: 2\n  Previous Report Id: 1,    Next Report Id: abc\n  Metric Name: TELEMETRY\n"
	got := mustParse(t, in)
	want := []UsageReportEntry{
		{ID: 1, State: "OPEN", StateChangeReason: "None", Start: utc(2024, 7, 2, 13, 13, 37)},
		{ID: 2, PreviousID: 1, MetricName: "TELEMETRY"},
	}
	if diff := cmp.Diff(want, got.Reports); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// "Next Report Id: abc": line 7, the value is at column 45.
	if len(got.Warnings) != 1 || got.Warnings[0].Line != 7 || got.Warnings[0].Column != 45 {
		t.Errorf("warnings %+v", got.Warnings)
	}
}

func TestEventlogLines(t *testing.T) {
	in := "**** Event Log ****\n" +
		`2024-07-02 13:13:37.5 EDT SAEVT_TAG_AUTHORIZED tag="a \"quoted\" b" n=3` + "\n" +
		`2024-07-02 13:13:38 SAEVT_X` + "\n" +
		`2024-07-02 13:13:39.000 UTC SAEVT_Y msg="unterminated` + "\n" +
		"random text\n"
	got := mustParse(t, in)
	want := []Event{
		{Time: time.Date(2024, 7, 2, 17, 13, 37, 5e8, time.UTC), Type: "SAEVT_TAG_AUTHORIZED", Attrs: []EventAttr{{"tag", `a "quoted" b`}, {"n", "3"}}},
		{Time: utc(2024, 7, 2, 13, 13, 38), Type: "SAEVT_X"},
		{Time: utc(2024, 7, 2, 13, 13, 39), Type: "SAEVT_Y"},
	}
	if diff := cmp.Diff(want, got.Events); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	type pos struct{ Line, Column int }
	var gotPos []pos
	for _, w := range got.Warnings {
		gotPos = append(gotPos, pos{w.Line, w.Column})
	}
	if diff := cmp.Diff([]pos{{4, 37}, {5, 1}}, gotPos); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
