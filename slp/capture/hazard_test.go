package capture

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The hazards FORMATS.md lists, each on a small capture written for the
// test (or a real one transformed), with the expected values by hand.

func mustParse(t *testing.T, s string) *Capture {
	t.Helper()
	c, err := Parse(strings.NewReader(s), "")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

func TestHazardCRLFAndLF(t *testing.T) {
	// The same capture with CRLF (as published) and with LF parses alike.
	crlf := readCapture(t, "show_license_techsupport_golden_output.txt")
	if !bytes.Contains(crlf, []byte("\r\n")) {
		t.Fatal("fixture lost its CRLF endings")
	}
	lf := bytes.ReplaceAll(crlf, []byte("\r\n"), []byte("\n"))
	a, err := Parse(bytes.NewReader(crlf), "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(bytes.NewReader(lf), "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b, cmpWarnings); diff != "" {
		t.Errorf("CRLF and LF differ (-crlf +lf):\n%s", diff)
	}
	// A lone CR at the end of a value does not reach the value.
	if got := a.Licenses[0].LicenseType; got != "Perpetual" {
		t.Errorf("license type %q, want Perpetual", got)
	}
}

func TestHazardByteOrderMark(t *testing.T) {
	data := append([]byte("\uFEFF"), readCapture(t, "show_license_techsupport_golden_output_7.txt")...)
	c, err := Parse(bytes.NewReader(data), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Command != CommandTechSupport || c.UDI != udi("C9300-48S", "FOC2517L8KW") {
		t.Errorf("got %v for %v", c.Command, c.UDI)
	}
}

func TestHazardTrailingSpacesAndSpaceLines(t *testing.T) {
	// Lines holding one space between sections, trailing spaces after values
	// and headings ("Policy:   ", "Custom Id: <empty> ").
	in := "Smart Licensing Using Policy:  \n  Status: ENABLED   \n \nAccount Information:\n" +
		"  Smart Account: Acme As of Jul 02 13:13:37 2024 UTC   \n  Virtual Account: Core VA \t\n \n" +
		"Policy:   \n  Policy name: Bank  \n  Reporting ACK required: no (Customer Policy)  \n"
	got := mustParse(t, in)
	want := &Capture{
		Command: CommandStatus, Model: ModelPolicy,
		Account: &Account{SmartAccount: "Acme", AsOf: utc(2024, 7, 2, 13, 13, 37), VirtualAccount: "Core VA"},
		Policy:  &policy.Policy{Name: "Bank", ACKRequired: policy.Flag{Value: false, Source: policy.Customer}},
	}
	if diff := cmp.Diff(want, got, cmpWarnings); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestHazardBannersAndEchoes(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		cmd      Command
		hostname string
		clock    time.Time
	}{
		{
			name: "banner then prompt echo",
			in: "Load for five secs: 2%/0%; one minute: 0%; five minutes: 0%\n" +
				"Time source is NTP, .05:30:30.132 UTC Fri Oct 22 2021\n" +
				"switch#show license status\nUtility:\n  Status: DISABLED\nTransport:\n  Type: Smart\nswitch#\n",
			cmd: CommandStatus, hostname: "switch", clock: time.Date(2021, 10, 22, 5, 30, 30, 132e6, time.UTC),
		},
		{
			name: "abbreviated echo decides over content",
			in:   "edge-01(config)# sh lic all\nSmart Licensing is ENABLED\n",
			cmd:  CommandAll, hostname: "edge-01",
		},
		{
			name: "command echo without prompt",
			in:   "show license udi\nUDI: PID:C9300-24UX,SN:FCW2303D16Y\n",
			cmd:  CommandUDI,
		},
		{
			name: "banner in a local zone",
			in:   "Time source is NTP, 11:04:51.711 PDT Fri Sep 1 2023\nTransport:\n  Type: cslu\n",
			cmd:  CommandStatus, clock: time.Date(2023, 9, 1, 18, 4, 51, 711e6, time.UTC),
		},
		{
			name: "rum id detail echo",
			in:   "sw1#show license rum id 1634211151 detail\nReport Id: 1634211151\n",
			cmd:  CommandRUMIDDetail, hostname: "sw1",
		},
		{
			name: "eventlog echo with a count",
			in:   "show license eventlog 2\n**** Event Log ****\n",
			cmd:  CommandEventlog,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParse(t, tt.in)
			if got.Command != tt.cmd || got.Hostname != tt.hostname || !got.Clock.Equal(tt.clock) {
				t.Errorf("got command %v, hostname %q, clock %v; want %v, %q, %v", got.Command, got.Hostname, got.Clock, tt.cmd, tt.hostname, tt.clock)
			}
			if len(got.Warnings) != 0 {
				t.Errorf("warnings: %v", got.Warnings)
			}
		})
	}
}

func TestHazardNoBlankLineBetweenSections(t *testing.T) {
	in := "Account Information:\n  Smart Account: SA\n  Virtual Account: VA \nTransport:\n  Type: Smart\n" +
		"Usage Reporting:\n  Last ACK received: Dec 18 11:05:11 2023 EDT\n  Next ACK deadline: Feb 16 11:05:11 2024 est\n" +
		"Trust Code Installed: <none>\n"
	got := mustParse(t, in)
	want := &Capture{
		Command: CommandStatus, Model: ModelPolicy,
		Account:   &Account{SmartAccount: "SA", VirtualAccount: "VA"},
		Transport: &TransportSettings{Type: "Smart"},
		Reporting: &Reporting{LastACK: at(-4, 2023, 12, 18, 11, 5, 11), NextACKDeadline: at(-5, 2024, 2, 16, 11, 5, 11)},
		TrustCode: &TrustCode{},
	}
	if diff := cmp.Diff(want, got, cmpWarnings); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestHazardHeadingSharesLineWithValue(t *testing.T) {
	in := "Smart Licensing Using Policy:\n  Status: ENABLED\n" +
		"Trust Code Installed:    Trust Code Type: CSSM\n" +
		"  Active: PID:C9300-24UX,SN:FCW2303D16Y\n    INSTALLED on Oct 14 11:37:52 2021 IST\n"
	got := mustParse(t, in)
	want := &TrustCode{Type: "CSSM", Members: []TrustMember{{
		Role: "Active", UDI: udi("C9300-24UX", "FCW2303D16Y"), State: "INSTALLED",
		Installed: time.Date(2021, 10, 14, 6, 7, 52, 0, time.UTC), // IST is +05:30
	}}}
	if diff := cmp.Diff(want, got.TrustCode); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestHazardBrokenIndentation(t *testing.T) {
	// As in tech support 7: "Proxy:" then the proxy keys at column 1.
	in := "Transport:\n  Type: Smart\n  URL: https://smartreceiver.cisco.com/licservice/license\n  Proxy: \n" +
		"Address: proxy.example.net\nPort: 8080\n    Username: ops\n    Password: s3cret\n  VRF: mgmt\n"
	got := mustParse(t, in)
	want := &TransportSettings{
		Type: "Smart", URL: "https://smartreceiver.cisco.com/licservice/license",
		ProxyAddress: "proxy.example.net", ProxyPort: "8080", ProxyUsername: "ops", VRF: "mgmt",
	}
	if diff := cmp.Diff(want, got.Transport); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestHazardStatusWithCode(t *testing.T) {
	in := "License Usage\n=============\nHandle: 3\n  License: hseck9\n  Count: 1\n  Status: NOT AUTHORIZED(22)\n" +
		"Handle: 4\n  License: dna-essentials\n  Status: IN USE\n"
	got, err := ParseAs(CommandTechSupport, strings.NewReader(in), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []License{
		{Handle: 3, Name: "hseck9", Count: 1, Status: "NOT AUTHORIZED", StatusCode: 22},
		{Handle: 4, Name: "dna-essentials", Status: "IN USE"},
	}
	if diff := cmp.Diff(want, got.Licenses); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestHazardSummaryTables(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []License
	}{
		{
			name: "lower-case header, wide columns, deep indentation",
			in: "License Usage:\n      license        entitlement tag                    count   status\n" +
				"      ------------------------------------------------\n" +
				"      network-advantage        (C9300-48 Network Advan...)          12   IN USE\n" +
				"      dna-advantage (DNA_A) 0 NOT IN USE\n",
			want: []License{
				{Name: "network-advantage", Label: "C9300-48 Network Advan...", Count: 12, Status: "IN USE"},
				{Name: "dna-advantage", Label: "DNA_A", Count: 0, Status: "NOT IN USE"},
			},
		},
		{
			name: "older release: names with blanks and an account first",
			in: "Account Information:\n  Smart Account: Bank As of Jan 05 2023 12:19:01 UTC\n  Virtual Account: DC-East\n\n" +
				"License Usage:\n  License                 Entitlement Tag               Count Status\n  ------\n" +
				"  C9300 48P Network Ad... (C9300-48 Network Advan...)       1 AUTHORIZED\n",
			want: []License{{Name: "C9300 48P Network Ad...", Label: "C9300-48 Network Advan...", Count: 1, Status: "AUTHORIZED"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParse(t, tt.in)
			if got.Command != CommandSummary {
				t.Fatalf("command %v", got.Command)
			}
			if diff := cmp.Diff(tt.want, got.Licenses); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if len(got.Warnings) != 0 {
				t.Errorf("warnings: %v", got.Warnings)
			}
		})
	}
	got := mustParse(t, tests[1].in)
	if want := (&Account{SmartAccount: "Bank", AsOf: utc(2023, 1, 5, 12, 19, 1), VirtualAccount: "DC-East"}); !cmp.Equal(want, got.Account) {
		t.Errorf("account %+v, want %+v", got.Account, want)
	}
}

func TestHazardBadValuesAreWarnings(t *testing.T) {
	in := "Usage Reporting:\n" +
		"  Last ACK received: Jul 02 13:13:37 2024 XYZ\n" + // line 2, value at column 22
		"  Next ACK deadline: Feb 30 10:00:00 2024 UTC\n" + // line 3, value at column 22
		"  Reporting push interval: soon\n" + // line 4, value at column 28
		"  Last report push: Jan 01 00:00:00 1970 UTC\n" +
		"Policy:\n  Unenforced/Non-Export Perpetual Attributes:\n" +
		"    First report requirement (days): many (Customer Policy)\n" // line 8, column 38
	got := mustParse(t, in)
	type pos struct {
		Line, Column int
		Field, Value string
	}
	var gotPos []pos
	for _, w := range got.Warnings {
		gotPos = append(gotPos, pos{w.Line, w.Column, w.Field, w.Value})
	}
	want := []pos{
		{2, 22, "Last ACK received", "Jul 02 13:13:37 2024 XYZ"},
		{3, 22, "Next ACK deadline", "Feb 30 10:00:00 2024 UTC"},
		{4, 28, "Reporting push interval", "soon"},
		{8, 38, "First report requirement (days)", "many (Customer Policy)"},
	}
	if diff := cmp.Diff(want, gotPos); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if !got.Reporting.LastReportPush.IsZero() || !got.Reporting.LastACK.IsZero() {
		t.Errorf("epoch and bad dates must read as zero: %+v", got.Reporting)
	}
	msg := got.Warnings[0].Error()
	if !strings.Contains(msg, "2:22") || !strings.Contains(msg, `unknown time zone "XYZ"`) {
		t.Errorf("message %q lacks position or reason", msg)
	}
}

func TestParseErrors(t *testing.T) {
	big := bytes.Repeat([]byte("x"), MaxBytes+1)
	tests := []struct {
		name    string
		run     func() error
		wantIs  error
		wantMsg string
	}{
		{"too large", func() error { _, err := Parse(bytes.NewReader(big), "big.txt"); return err }, smartaccount.ErrTooLarge, "8 MiB"},
		{"too large ParseAs", func() error { _, err := ParseAs(CommandStatus, bytes.NewReader(big), "big.txt"); return err }, smartaccount.ErrTooLarge, "big.txt: capture of more than 8388608 bytes"},
		{"too many lines", func() error { _, err := Parse(bytes.NewReader(bytes.Repeat([]byte("\n"), MaxLines)), ""); return err }, smartaccount.ErrTooLarge, "262144 lines"},
		{"unknown", func() error { _, err := Parse(strings.NewReader("hello\nworld\n"), "notes.txt"); return err }, ErrNotCapture, "notes.txt: not a recognised"},
		{"empty", func() error { _, err := Parse(strings.NewReader(""), ""); return err }, ErrNotCapture, ""},
		{"ParseAs unknown command", func() error { _, err := ParseAs(CommandUnknown, strings.NewReader("x"), ""); return err }, nil, "not a command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil {
				t.Fatal("no error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v is not %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q lacks %q", err, tt.wantMsg)
			}
		})
	}
	if Detect(big) != CommandUnknown {
		t.Error("Detect of an oversized input is not CommandUnknown")
	}
}

func TestParseAsForcesCommand(t *testing.T) {
	// A usage capture parsed as show license all keeps the blocks and the
	// command the caller gave.
	c, err := ParseAs(CommandAll, bytes.NewReader(readCapture(t, "show_license_usage_golden_output1.txt")), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Command != CommandAll || len(c.Licenses) != 4 || c.Licenses[3].Label != "C9300-48 DNA Advantage" {
		t.Errorf("got %v with %d licenses", c.Command, len(c.Licenses))
	}
}

func TestWarningsAreBounded(t *testing.T) {
	in := "**** Event Log ****\n" + strings.Repeat("not an event\n", maxWarnings+500)
	c, err := ParseAs(CommandEventlog, strings.NewReader(in), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != maxWarnings+1 {
		t.Fatalf("%d warnings, want %d", len(c.Warnings), maxWarnings+1)
	}
	last := c.Warnings[maxWarnings]
	// Line 1 is the header; the first warning left out is on line 1002.
	if last.Line != maxWarnings+2 || !strings.Contains(last.Error(), "500 more warnings") {
		t.Errorf("last warning %v", last)
	}
}
