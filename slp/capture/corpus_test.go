package capture

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// TestParseCorpus parses every real capture of testdata/captures (byte-exact
// copies of ../shared/corpus/{iosxe,nxos,asa}) and compares the whole
// result with values read from the capture by hand.
func TestParseCorpus(t *testing.T) {
	c9300x3 := members("Active", udi("C9300-24UX", "FCW2134L00C"), "Standby", udi("C9300-24U", "FOC2129Z02H"), "Member", udi("C9300-24T", "FCW2125L07Y"))
	c9300x3udis := []smartaccount.UDI{udi("C9300-24UX", "FCW2134L00C"), udi("C9300-24U", "FOC2129Z02H"), udi("C9300-24T", "FCW2125L07Y")}
	allGolden := members("Active", udi("C9300-24UX", "FCW2303D16Y"), "Standby", udi("C9300-24U", "FHH2043P09E"), "Member", udi("C9300-48T", "FCW2139L056"))
	c9407 := members("Active", udi("C9407R", "FXS2119Q2U7"), "Standby", udi("C9407R", "FXS2119Q2U7"))
	c9410 := members("Active", udi("C9410R", "FXS2228026X"), "Standby", udi("C9410R", "FXS2228026X"))
	c9500 := members("Active", udi("C9500X-28C8D", "FDO2446000P"), "Standby", udi("C9500X-28C8D", "FDO25200FUB"))
	c9300x48 := members("Active", udi("C9300-48U", "FCW2133G09T"), "Standby", udi("C9300-48P", "FCW2132L0WA"), "Member", udi("C9300-24UX", "FOC2537Y0HL"))
	c9300s := members("Active", udi("C9300-48S", "FOC2517L8KW"), "Standby", udi("C9300-24S", "FOC2517L9RJ"))
	sle := customerPolicy("SLE Policy", 30, 60, 60, 120, 111, 111, 30, 90, 60, 30, 30, 30)
	// Tech support 2 and 8: the SLE policy, but the first report of the
	// enforced and export groups is "0 (CISCO default)".
	sleMixed := customerPolicy("SLE Policy", 30, 60, 60, 120, 111, 111, 0, 90, 60, 0, 30, 30)
	sleMixed.Groups[policy.Enforced].FirstReport.Source = policy.CiscoDefault
	sleMixed.Groups[policy.Export].FirstReport.Source = policy.CiscoDefault
	const (
		tagAdvantageK9 = "regid.2017-03.com.cisco.advantagek9,1.0_bd1da96e-ec1d-412b-a50e-53846b347d53"
		tagC9300DNA    = "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18"
		tagNWStack     = "regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896"
		tagAirDNA      = "regid.2017-08.com.cisco.AIR-DNA-A,1.0_b6308627-3ab0-4a11-a3d9-586911a0d790"
		tag48NW        = "regid.2017-05.com.cisco.C9300_48P_NW_Advantagek9,1.0_6a224fe3-c92e-4440-a9c1-5d0e53a54015"
		tag48DNA       = "regid.2017-05.com.cisco.C9300_48P_Dna_Advantage,1.0_60783b06-53ee-484c-b21e-615d3cf6837a"
		tag9400NW      = "regid.2017-05.com.cisco.advantagek9-C9400,1.0_61a546cd-1037-47cb-bbe6-7cad3217a7b3"
		tag9400DNA     = "regid.2017-05.com.cisco.dna_advantage-C9400,1.0_6e77dbc1-0da3-466c-8414-97c8ee4d48ce"
		swC9300        = "regid.2017-05.com.cisco.C9300,v1_727af1d9-6c39-4444-b301-863f81445b72"
		swC9400        = "regid.2017-05.com.cisco.C9400,v1_ad928212-d182-407e-ac85-29e213602efa"
		smartURL       = "https://smartreceiver.cisco.com/licservice/license"
		csluURL        = "http://172.19.180.22:8182/cslu/v1/pi"
	)
	var unset time.Time

	tests := []struct {
		file string
		want *Capture
	}{
		{"show_license_status_golden_output1.txt", &Capture{
			Command: CommandStatus, Clock: time.Date(2021, 10, 22, 5, 30, 30, 132e6, time.UTC), Model: ModelPolicy,
			Account:         &Account{SmartAccount: "SA-Switching-Polaris", AsOf: utc(2021, 10, 14, 12, 10, 1), VirtualAccount: "SLE_Test"},
			Transport:       &TransportSettings{Type: "cslu"},
			Policy:          customerPolicy("Custom Policy", 365, 0, 90, 90, 90, 90, 365, 90, 90, 365, 90, 90),
			PolicyInUse:     "Installed On Oct 14 11:37:52 2021 UTC",
			PolicyInstalled: utc(2021, 10, 14, 11, 37, 52),
			Reporting: &Reporting{
				LastACK: utc(2021, 10, 14, 12, 10, 32), NextACKDeadline: utc(2022, 1, 12, 12, 10, 32), PushIntervalDays: 30,
				NextReportPush: utc(2021, 10, 22, 4, 33, 8), LastReportPush: utc(2021, 10, 14, 12, 9, 30),
			},
			TrustCode: &TrustCode{Members: []TrustMember{
				{Role: "Active", UDI: udi("C9300-24UX", "FCW2303D16Y"), State: "INSTALLED", Installed: utc(2021, 10, 14, 11, 37, 52)},
				{Role: "Standby", UDI: udi("C9300-24U", "FHH2043P09E"), State: "INSTALLED", Installed: utc(2021, 10, 14, 11, 37, 52)},
				{Role: "Member", UDI: udi("C9300-48T", "FCW2139L056"), State: "INSTALLED", Installed: utc(2021, 10, 14, 11, 37, 53)},
			}},
		}},
		{"show_license_status_golden_output2.txt", &Capture{
			Command: CommandStatus, Hostname: "c1000v-5", Model: ModelRegistration, SmartLicensing: "ENABLED",
			Account:   &Account{SmartAccount: "Cisco Systems, TAC", VirtualAccount: "RADKit-LMM-NA"},
			Transport: &TransportSettings{Type: "Callhome"},
			Registration: &Registration{
				Status: "REGISTERED", ExportControlled: "ALLOWED",
				InitialRegistration: Attempt{"SUCCEEDED", utc(2024, 3, 13, 8, 9, 24)},
				NextRenewal:         utc(2024, 9, 9, 8, 9, 23), Expires: utc(2025, 3, 13, 8, 4, 56),
			},
			Authorization: &Authorization{
				Status: "AUTHORIZED", Since: utc(2024, 3, 13, 8, 9, 28),
				LastCommunication: Attempt{"SUCCEEDED", utc(2024, 3, 13, 8, 9, 28)},
				NextCommunication: utc(2024, 4, 12, 8, 9, 28), CommunicationDeadline: utc(2024, 6, 11, 8, 5, 2),
			},
		}},
		{"show_license_status_ntc1.txt", &Capture{
			Command: CommandStatus, Model: ModelRegistration, SmartLicensing: "ENABLED",
			Account:   &Account{SmartAccount: "ACME Corporation", VirtualAccount: "Wile E. Coyote"},
			Transport: &TransportSettings{Type: "Callhome"},
			Registration: &Registration{
				Status: "REGISTERED", ExportControlled: "ALLOWED",
				InitialRegistration: Attempt{"SUCCEEDED", utc(2022, 8, 22, 18, 58, 3)},
				NextRenewal:         utc(2023, 2, 18, 18, 58, 3), Expires: utc(2023, 8, 22, 18, 52, 49),
			},
			Authorization: &Authorization{
				Status: "OUT OF COMPLIANCE", Since: utc(2022, 8, 22, 18, 58, 17),
				LastCommunication: Attempt{"SUCCEEDED", utc(2022, 8, 22, 18, 58, 17)},
				NextCommunication: utc(2022, 8, 23, 6, 58, 17), CommunicationDeadline: utc(2022, 11, 20, 18, 53, 16),
			},
		}},
		{"show_license_status_ntc3.txt", &Capture{
			Command: CommandStatus, Model: ModelPolicy,
			Account:         &Account{SmartAccount: "Eg-SA", AsOf: utc(2021, 12, 3, 15, 26, 2), VirtualAccount: "Eg-VA"},
			Transport:       &TransportSettings{Type: "Smart", URL: smartURL},
			Policy:          sle,
			PolicyInUse:     "Installed On Dec 03 08:23:45 2021 UTC",
			PolicyInstalled: utc(2021, 12, 3, 8, 23, 45),
			Reporting: &Reporting{
				LastACK: utc(2021, 12, 3, 8, 34, 58), NextACKDeadline: utc(2022, 1, 2, 8, 34, 58), PushIntervalDays: 30,
				NextACKPushCheck: utc(2021, 12, 7, 8, 31, 32), NextReportPush: utc(2022, 1, 2, 8, 30, 57),
				LastReportPush: utc(2021, 12, 3, 8, 30, 57),
			},
			TrustCode: &TrustCode{Installed: utc(2021, 12, 3, 8, 23, 45)},
		}},
		{"show_license_summary_golden_output1.txt", &Capture{
			Command: CommandSummary,
			Licenses: []License{
				{Name: "network-advantage", Label: "C9300-48 Network Advan...", Count: 1, Status: "IN USE"},
				{Name: "dna-advantage", Label: "C9300-48 DNA Advantage", Count: 1, Status: "IN USE"},
			},
		}},
		{"show_license_summary_golden_output2.txt", &Capture{
			Command: CommandSummary,
			Licenses: []License{
				{Name: "network-premier_5G", Label: "ESR_P_5G_P", Count: 1, Status: "IN USE"},
				{Name: "dna-premier_5G", Label: "DNA_P_5G_P", Count: 1, Status: "IN USE"},
				{Name: "hseck9", Label: "DNA_HSEC", Count: 1, Status: "IN USE"},
			},
		}},
		{"show_license_usage_golden_output1.txt", &Capture{
			Command: CommandUsage, Clock: time.Date(2021, 11, 16, 12, 19, 1, 163e6, time.UTC),
			Authorization: &Authorization{Status: "Not Applicable"},
			Licenses: []License{
				block("network-advantage", "C9300-24 Network Advantage", 2, "Perpetual"),
				block("dna-advantage", "C9300-24 DNA Advantage", 2, "Subscription"),
				block("network-advantage", "C9300-48 Network Advantage", 1, "Perpetual"),
				block("dna-advantage", "C9300-48 DNA Advantage", 1, "Subscription"),
			},
		}},
		{"show_license_all_golden_output.txt", &Capture{
			Command: CommandAll, Clock: time.Date(2021, 11, 10, 15, 9, 55, 102e6, time.UTC), Model: ModelPolicy,
			SmartLicensing: "ENABLED",
			Transport:      &TransportSettings{Type: "Callhome"},
			Policy:         printedDefault(),
			PolicyInUse:    "Merged from multiple sources.",
			Reporting: &Reporting{
				LastACK: unset, NextACKDeadline: utc(2022, 2, 7, 10, 32, 11), PushIntervalDays: 30,
				NextReportPush: utc(2021, 11, 10, 11, 32, 2),
			},
			TrustCode: &TrustCode{}, // "Trust Code Installed: <none>"
			Licenses: []License{
				block("network-advantage", "C9300-24 Network Advantage", 2, "Perpetual"),
				block("dna-advantage", "C9300-24 DNA Advantage", 2, "Subscription"),
				block("network-advantage", "C9300-48 Network Advantage", 1, "Perpetual"),
				block("dna-advantage", "C9300-48 DNA Advantage", 1, "Subscription"),
			},
			UDI:            udi("C9300-24UX", "FCW2303D16Y"),
			HA:             allGolden,
			AgentVersion:   "5.3.10_rel/25",
			Authorizations: authorizations(allGolden, "NOT INSTALLED"),
			ReportSummary:  &ReportSummary{Total: 12, AvailableToReport: 12, CollectingData: 4},
		}},
		{"show_license_all_golden_output_2.txt", &Capture{
			Command: CommandAll, Model: ModelPolicy, SmartLicensing: "ENABLED", ReportingMode: "STANDARD",
			Account: &Account{SmartAccount: "BU Production Test", AsOf: pdt(2023, 12, 18, 11, 2, 51), VirtualAccount: "Cat9K-FranklinDT"},
			Transport: &TransportSettings{
				Type: "Smart", URL: smartURL, ProxyAddress: "173.36.224.109", ProxyPort: "80",
			},
			Policy:          sle,
			PolicyInUse:     "Installed On Oct 24 15:07:43 2023 PDT",
			PolicyInstalled: pdt(2023, 10, 24, 15, 7, 43),
			Reporting: &Reporting{
				LastACK: pdt(2023, 12, 18, 11, 5, 11), NextACKDeadline: pdt(2024, 2, 16, 11, 5, 11), PushIntervalDays: 30,
				NextReportPush: pdt(2024, 1, 17, 11, 0, 18), LastReportPush: pdt(2023, 12, 18, 11, 0, 18),
			},
			TrustCode: &TrustCode{Members: []TrustMember{
				{Role: "Active", UDI: udi("C9407R", "FXS2119Q2U7"), State: "INSTALLED", Installed: pdt(2023, 11, 22, 11, 34, 47)},
				{Role: "Standby", UDI: udi("C9407R", "FXS2119Q2U7"), State: "INSTALLED", Installed: pdt(2023, 11, 22, 11, 34, 47)},
			}},
			UDI:            udi("C9407R", "FXS2119Q2U7"),
			HA:             c9407,
			AgentVersion:   "5.11.2_rel/6",
			Authorizations: authorizations(c9407, "NOT INSTALLED"),
			ReportSummary:  &ReportSummary{Total: 70, Acknowledged: 64, AvailableToReport: 6, CollectingData: 2},
		}},
		{"show_license_techsupport_golden_output.txt", &Capture{
			Command: CommandTechSupport, Clock: time.Date(2022, 1, 11, 13, 28, 8, 565e6, time.UTC), Model: ModelPolicy,
			SmartLicensing:  "ENABLED",
			Account:         &Account{SmartAccount: "SA-Switching-Polaris", AsOf: utc(2022, 1, 10, 20, 31, 32), VirtualAccount: "SLE_Test"},
			Transport:       &TransportSettings{Type: "cslu", CSLUAddress: csluURL, ServerIdentityCheck: "False"},
			Policy:          customerPolicy("Custom Policy", 365, 0, 90, 90, 90, 90, 365, 90, 90, 365, 90, 90),
			PolicyInUse:     "Installed On Jan 10 17:18:01 2022 UTC",
			PolicyInstalled: utc(2022, 1, 10, 17, 18, 1),
			Reporting: &Reporting{
				LastACK: utc(2022, 1, 10, 20, 32, 26), NextACKDeadline: utc(2022, 4, 10, 20, 32, 26), PushIntervalDays: 30,
				NextReportPush: utc(2022, 1, 11, 13, 21, 47), LastReportPush: utc(2022, 1, 10, 20, 31, 25),
			},
			TrustCode: trustLines("No ID", "No Trust Data", c9300x3udis...),
			Licenses: []License{
				handle(1, "network-advantage", tagAdvantageK9, "C9300-24 Network Advantage", 3, "IN USE", 15, utc(2022, 1, 10, 20, 21, 10), utc(2022, 1, 10, 20, 21, 24), "Perpetual"),
				handle(2, "dna-advantage", tagC9300DNA, "C9300-24 DNA Advantage", 3, "IN USE", 15, utc(2022, 1, 10, 20, 21, 10), utc(2022, 1, 10, 20, 21, 24), "Subscription"),
				handle(9, "air-network-advantage", tagNWStack, "air-network-advantage", 0, "NOT IN USE", 1, utc(2022, 1, 11, 13, 21, 17), unset, "Perpetual"),
				handle(10, "air-dna-advantage", tagAirDNA, "air-dna-advantage", 0, "NOT IN USE", 1, utc(2022, 1, 11, 13, 21, 17), unset, "Subscription"),
			},
			UDI:           udi("C9300-24UX", "FCW2134L00C"),
			HA:            c9300x3,
			AgentVersion:  "5.3.16_rel/55",
			SoftwareID:    swC9300,
			Reservation:   noReservation(c9300x3),
			ReportSummary: &ReportSummary{Total: 86, Acknowledged: 76, AvailableToReport: 3, CollectingData: 2},
		}},
		{"show_license_techsupport_golden_output_2.txt", &Capture{
			Command: CommandTechSupport, Clock: time.Date(2022, 3, 22, 14, 48, 32, 688e6, time.UTC), Model: ModelPolicy,
			SmartLicensing:  "ENABLED",
			Transport:       &TransportSettings{Type: "Smart", URL: smartURL, ServerIdentityCheck: "True"},
			Policy:          sleMixed,
			PolicyInUse:     "Installed On Mar 22 11:19:35 2022 UTC",
			PolicyInstalled: utc(2022, 3, 22, 11, 19, 35),
			Reporting: &Reporting{
				LastACK: utc(2022, 3, 22, 12, 19, 1), NextACKDeadline: utc(2022, 5, 21, 12, 19, 1), PushIntervalDays: 30,
				NextReportPush: utc(2022, 4, 21, 12, 14, 2), LastReportPush: utc(2022, 3, 22, 12, 14, 2),
			},
			TrustCode: trustLines("INSTALLED (2)", "Trust Data INSTALLED", c9300x3udis...),
			Licenses: []License{
				handle(1, "network-advantage", tagAdvantageK9, "C9300-24 Network Advantage", 3, "IN USE", 15, utc(2022, 3, 22, 11, 13, 23), utc(2022, 3, 22, 11, 13, 34), "Perpetual"),
				handle(2, "dna-advantage", tagC9300DNA, "C9300-24 DNA Advantage", 3, "IN USE", 15, utc(2022, 3, 22, 11, 13, 23), utc(2022, 3, 22, 11, 13, 34), "Subscription"),
				handle(9, "air-network-advantage", tagNWStack, "air-network-advantage", 0, "IN USE", 15, utc(2022, 3, 22, 12, 13, 29), unset, "Perpetual"),
				handle(10, "air-dna-advantage", tagAirDNA, "air-dna-advantage", 0, "IN USE", 15, utc(2022, 3, 22, 12, 13, 29), unset, "Subscription"),
			},
			UDI:          udi("C9300-24UX", "FCW2134L00C"),
			HA:           c9300x3,
			AgentVersion: "5.1.26_rel/120",
			SoftwareID:   swC9300,
			Reservation:  noReservation(c9300x3),
		}},
		{"show_license_techsupport_golden_output_3.txt", &Capture{
			Command: CommandTechSupport, Clock: time.Date(2022, 5, 21, 14, 10, 53, 416e6, time.UTC), Model: ModelPolicy,
			SmartLicensing: "ENABLED",
			Transport:      &TransportSettings{Type: "cslu", CSLUAddress: csluURL, ServerIdentityCheck: "True"},
			Policy:         printedDefault(),
			PolicyInUse:    "Merged from multiple sources.",
			Reporting: &Reporting{
				NextACKDeadline: utc(2023, 4, 6, 13, 28, 3), PushIntervalDays: 30, NextReportPush: utc(2022, 5, 21, 7, 54, 6),
			},
			TrustCode: trustLines("No ID", "No Trust Data", c9300x3udis...),
			Licenses: []License{
				handle(1, "network-essentials", "regid.2017-03.com.cisco.essentialsk9,1.0_90406ae8-385e-43aa-ac98-91da0ea270e2", "C9300-24 Network Essentials", 3, "IN USE", 15, utc(2022, 5, 21, 6, 53, 32), utc(2022, 5, 21, 6, 53, 42), "Perpetual"),
				handle(5, "air-network-advantage", tagNWStack, "air-network-advantage", 0, "NOT IN USE", 1, utc(2022, 5, 21, 7, 53, 36), unset, "Perpetual"),
				handle(6, "air-dna-advantage", tagAirDNA, "air-dna-advantage", 0, "NOT IN USE", 1, utc(2022, 5, 21, 7, 53, 36), unset, "Subscription"),
			},
			UDI:           udi("C9300-24UX", "FCW2134L00C"),
			HA:            c9300x3,
			AgentVersion:  "5.5.11_rel/31",
			SoftwareID:    swC9300,
			Reservation:   noReservation(c9300x3),
			ReportSummary: &ReportSummary{Total: 3, AvailableToReport: 3, CollectingData: 1},
		}},
		{"show_license_techsupport_golden_output_4.txt", &Capture{
			Command: CommandTechSupport, Clock: time.Date(2022, 8, 29, 9, 59, 10, 353e6, time.UTC), Model: ModelPolicy,
			SmartLicensing: "ENABLED",
			Transport:      &TransportSettings{Type: "Smart", URL: smartURL, ServerIdentityCheck: "True"},
			Policy:         printedDefault(),
			PolicyInUse:    "Merged from multiple sources.",
			Reporting: &Reporting{
				NextACKDeadline: utc(2022, 11, 27, 9, 47, 56), PushIntervalDays: 30, NextReportPush: utc(2022, 8, 29, 9, 49, 56),
			},
			TrustCode: trustLines("No ID", "NOT INSTALLED", udi("C9300-48U", "FCW2133G09T"), udi("C9300-48P", "FCW2132L0WA"), udi("C9300-24UX", "FOC2537Y0HL")),
			Licenses: []License{
				handle(1, "network-advantage", tag48NW, "C9300-48 Network Advantage", 2, "IN USE", 15, utc(2022, 8, 29, 9, 47, 13), utc(2022, 8, 29, 9, 47, 23), "Perpetual"),
				handle(2, "dna-advantage", tag48DNA, "C9300-48 DNA Advantage", 2, "IN USE", 15, utc(2022, 8, 29, 9, 47, 13), utc(2022, 8, 29, 9, 47, 23), "Subscription"),
				handle(9, "network-advantage", tagAdvantageK9, "C9300-24 Network Advantage", 1, "IN USE", 15, utc(2022, 8, 29, 9, 47, 49), utc(2022, 8, 29, 9, 47, 49), "Perpetual"),
				handle(12, "dna-advantage", tagC9300DNA, "C9300-24 DNA Advantage", 1, "IN USE", 15, utc(2022, 8, 29, 9, 47, 49), utc(2022, 8, 29, 9, 47, 49), "Subscription"),
			},
			UDI:          udi("C9300-48U", "FCW2133G09T"),
			HA:           c9300x48,
			AgentVersion: "5.1.29_rel/134",
			SoftwareID:   swC9300,
			Reservation:  noReservation(c9300x48),
		}},
		{"show_license_techsupport_golden_output_5.txt", &Capture{
			Command: CommandTechSupport, Clock: pdt(2022, 10, 14, 14, 5, 17), Model: ModelPolicy, // no banner: "Current time"
			SmartLicensing:  "ENABLED",
			Account:         &Account{SmartAccount: "BU Production Test", AsOf: pdt(2022, 10, 11, 15, 34, 6), VirtualAccount: "SL-Adoption"},
			Transport:       &TransportSettings{Type: "cslu", CSLUAddress: "http://1.4.135.115:8182/cslu/v1/pi", ServerIdentityCheck: "True"},
			Policy:          sle,
			PolicyInUse:     "Installed On Oct 11 15:39:41 2022 PDT",
			PolicyInstalled: pdt(2022, 10, 11, 15, 39, 41),
			Reporting: &Reporting{
				LastACK: pdt(2022, 10, 11, 15, 39, 41), NextACKDeadline: pdt(2022, 12, 10, 15, 39, 42), PushIntervalDays: 30,
				NextReportPush: pdt(2022, 11, 12, 15, 18, 39), LastReportPush: pdt(2022, 10, 13, 15, 18, 39),
			},
			TrustCode: trustLines("INSTALLED (2)", "Trust Data INSTALLED  TrustId:827", udi("C9410R", "FXS2228026X"), udi("C9410R", "FXS2228026X")),
			Licenses: []License{
				handle(1, "network-advantage", tag9400NW, "C9400 Network Advantage", 2, "IN USE", 15, pdt(2022, 10, 12, 15, 16, 26), pdt(2022, 10, 12, 15, 17, 3), "Perpetual"),
				handle(2, "dna-advantage", tag9400DNA, "C9400 DNA Advantage", 1, "IN USE", 15, pdt(2022, 10, 12, 15, 16, 26), pdt(2022, 10, 12, 15, 16, 26), "Subscription"),
			},
			UDI:           udi("C9410R", "FXS2228026X"),
			HA:            c9410,
			AgentVersion:  "5.7.6_rel/15",
			SoftwareID:    swC9400,
			Reservation:   noReservation(c9410),
			ReportSummary: &ReportSummary{Total: 430, Purged: 344, Acknowledged: 119, AvailableToReport: 171, CollectingData: 2},
		}},
		{"show_license_techsupport_golden_output_6.txt", &Capture{
			Command: CommandTechSupport, Clock: utc(2023, 1, 9, 15, 8, 53), Model: ModelPolicy,
			SmartLicensing: "ENABLED",
			Transport:      &TransportSettings{Type: "Smart", URL: "https://smartreceiver-dev.cisco.com/licservice/license", ServerIdentityCheck: "True"},
			Policy:         printedDefault(),
			PolicyInUse:    "Merged from multiple sources.",
			Reporting: &Reporting{
				NextACKDeadline: utc(2023, 3, 19, 19, 51, 37), PushIntervalDays: 30, NextReportPush: utc(2023, 1, 9, 10, 43, 20),
			},
			TrustCode: trustLines("No ID", "No Trust Data", udi("C9500X-28C8D", "FDO2446000P"), udi("C9500X-28C8D", "FDO25200FUB")),
			Licenses: []License{
				handle(1, "network-advantage", "regid.2021-03.com.cisco.C9500X_NW_A,1.0_9cff48db-3555-4bf0-ae49-edfbb0a8327d", "Network Advantage License for Catalyst 9500X Switches", 1, "IN USE", 15, utc(2023, 1, 9, 10, 41, 20), utc(2023, 1, 9, 10, 41, 20), "Perpetual"),
				handle(2, "dna-advantage", "regid.2021-03.com.cisco.C9500X_DNA_A,1.0_ed879e7f-f17e-4a9e-a7c1-aee91e5d6ec3", "DNA Advantage License for Catalyst 9500X Switches", 1, "IN USE", 15, utc(2023, 1, 9, 10, 41, 20), utc(2023, 1, 9, 10, 41, 20), "Subscription"),
			},
			UDI:           udi("C9500X-28C8D", "FDO2446000P"),
			HA:            c9500,
			AgentVersion:  "5.7.15_rel/44",
			SoftwareID:    "regid.2017-05.com.cisco.C9500,v1_7435cf27-0075-4bfb-b67c-b42f3054e82a",
			Reservation:   noReservation(c9500),
			ReportSummary: &ReportSummary{Total: 10, AvailableToReport: 12, CollectingData: 2},
		}},
		{"show_license_techsupport_golden_output_7.txt", &Capture{
			Command: CommandTechSupport, Clock: utc(2023, 7, 13, 13, 18, 5), Model: ModelPolicy,
			SmartLicensing: "ENABLED",
			// "  Proxy: " then "Address: <empty>" at column 1: broken indentation.
			Transport:   &TransportSettings{Type: "cslu", ServerIdentityCheck: "True"},
			Policy:      printedDefault(),
			PolicyInUse: "Merged from multiple sources.",
			Reporting: &Reporting{
				NextACKDeadline: utc(2022, 9, 25, 11, 23, 47), PushIntervalDays: 30, NextReportPush: utc(2023, 7, 12, 11, 7, 27),
			},
			TrustCode: trustLines("No ID", "No Trust Data", udi("C9300-48S", "FOC2517L8KW"), udi("C9300-24S", "FOC2517L9RJ")),
			Licenses: []License{
				handle(1, "network-advantage", tag48NW, "C9300-48 Network Advantage", 1, "IN USE", 15, utc(2023, 7, 12, 11, 5, 12), utc(2023, 7, 12, 11, 5, 12), "Perpetual"),
				handle(2, "dna-advantage", tag48DNA, "C9300-48 DNA Advantage", 1, "IN USE", 15, utc(2023, 7, 12, 11, 5, 12), utc(2023, 7, 12, 11, 5, 12), "Subscription"),
				handle(5, "network-advantage", tagAdvantageK9, "C9300-24 Network Advantage", 1, "IN USE", 15, utc(2023, 7, 12, 11, 5, 27), utc(2023, 7, 12, 11, 5, 27), "Perpetual"),
				handle(8, "dna-advantage", tagC9300DNA, "C9300-24 DNA Advantage", 1, "IN USE", 15, utc(2023, 7, 12, 11, 5, 27), utc(2023, 7, 12, 11, 5, 27), "Subscription"),
			},
			UDI:           udi("C9300-48S", "FOC2517L8KW"),
			HA:            c9300s,
			AgentVersion:  "5.9.4_rel/9",
			SoftwareID:    swC9300,
			Reservation:   noReservation(c9300s),
			ReportSummary: &ReportSummary{Total: 1188, Purged: 1204, AvailableToReport: 322, CollectingData: 4},
		}},
		{"show_license_techsupport_golden_output_8_proxy.txt", &Capture{
			Command: CommandTechSupport, Clock: time.Date(2023, 9, 1, 18, 4, 51, 711e6, time.UTC), Model: ModelPolicy,
			SmartLicensing:  "ENABLED",
			Transport:       &TransportSettings{Type: "Smart", URL: smartURL, ProxyAddress: "173.36.224.108", ProxyPort: "80", ServerIdentityCheck: "True"},
			Policy:          sleMixed,
			PolicyInUse:     "Installed On Aug 30 18:45:53 2023 PDT",
			PolicyInstalled: pdt(2023, 8, 30, 18, 45, 53),
			Reporting: &Reporting{
				LastACK: pdt(2023, 8, 30, 19, 3, 0), NextACKDeadline: pdt(2023, 10, 29, 19, 3, 0), PushIntervalDays: 30,
				NextACKPushCheck: pdt(2023, 8, 30, 19, 6, 59), NextReportPush: pdt(2023, 8, 30, 21, 4, 57),
				LastReportPush: pdt(2023, 8, 30, 20, 57, 57),
			},
			TrustCode: trustLines("INSTALLED (2)", "Trust Data INSTALLED", udi("C9407R", "FXS2119Q2U7"), udi("C9407R", "FXS2119Q2U7")),
			Licenses: []License{
				handle(1, "network-advantage", tag9400NW, "C9400 Network Advantage", 2, "IN USE", 15, pdt(2023, 8, 30, 21, 2, 35), pdt(2023, 8, 30, 21, 3, 11), "Perpetual"),
				handle(2, "dna-advantage", tag9400DNA, "C9400 DNA Advantage", 1, "IN USE", 15, pdt(2023, 8, 30, 21, 2, 35), pdt(2023, 8, 30, 21, 2, 35), "Subscription"),
			},
			UDI:          udi("C9407R", "FXS2119Q2U7"),
			HA:           c9407,
			AgentVersion: "5.1.31_rel/142",
			SoftwareID:   swC9400,
			Reservation:  noReservation(c9407),
		}},
		{"show_license_udi_golden_output1.txt", &Capture{
			Command: CommandUDI, UDI: udi("ASR1006", "NWG1512050G"),
		}},
		{"show_license_udi_golden_output2.txt", &Capture{
			Command: CommandUDI, UDI: udi("C9350-24U", "FOC2705Y8X0"),
			HA: members("Active", udi("C9350-24U", "FOC2705Y8X0"), "Standby", udi("C9350-24U", "FOC2705Y8XF"),
				"Member", udi("C9350-24U", "FOC2718Y66X"), "Member", udi("C9350-24U", "FOC2719YOHR")),
		}},
		{"show_license_rumidall_golden_1.txt", &Capture{
			Command: CommandRUMIDAll,
			Reports: []UsageReportEntry{
				{ID: 1629870048, State: "CLOSED", Flag: "N", FeatureName: "network-premier_2.5G"},
				{ID: 1629870049, State: "ACK", Flag: "N", FeatureName: "dna-premier_2.5G"},
			},
		}},
		{"show_license_rumiddetail_golden_output.txt", &Capture{
			Command: CommandRUMIDDetail,
			Reports: []UsageReportEntry{{
				ID: 1634211151, MetricName: "ENTITLEMENT", FeatureName: "dna-advantage", MetricValue: tagC9300DNA,
				UDI: udi("C9300-24UX", "FCW2303D16Y"), PreviousID: 0, NextID: 1634211155,
				State: "ACK", StateChangeReason: "ACKED",
				Start: utc(2021, 10, 14, 11, 32, 40), End: utc(2021, 10, 14, 11, 32, 48),
				StorageState: "DELETED", TransactionID: "0", TransactionMessage: "",
			}},
		}},
		{"show_license_eventlog2_golden_output.txt", &Capture{
			Command: CommandEventlog, Clock: time.Date(2021, 11, 18, 10, 45, 23, 29e6, time.UTC),
			Events: eventlogWant(),
		}},
		{"nxos_show_license_usage_ver10.txt", &Capture{
			Command:       CommandNXOSUsage,
			Authorization: &Authorization{Status: "Not Applicable"},
			Licenses: []License{{
				Label: "LAN_ENTERPRISE_SERVICES_PKG", Description: "LAN license for Nexus 9300-XF", Count: 1, Version: "1.0",
				Status: "IN USE", Enforcement: "NOT ENFORCED", LicenseType: "Generic",
			}},
		}},
		{"asa_show_license_all1.txt", &Capture{
			Command: CommandASAAll, Model: ModelRegistration, SmartLicensing: "ENABLED",
			Account: &Account{SmartAccount: "COMPANY LLC", VirtualAccount: "Company LLC"},
			Registration: &Registration{
				Status: "REGISTERED", ExportControlled: "Allowed",
				InitialRegistration: Attempt{"SUCCEEDED", utc(2018, 12, 3, 16, 43, 48)},
				NextRenewal:         utc(2019, 6, 1, 16, 43, 47), Expires: utc(2019, 12, 3, 16, 37, 44),
			},
			Authorization: &Authorization{
				Status: "AUTHORIZED", Since: utc(2018, 12, 3, 16, 43, 56),
				LastCommunication: Attempt{"SUCCESS", utc(2018, 12, 3, 16, 43, 56)},
				NextCommunication: utc(2019, 1, 2, 16, 43, 55), CommunicationDeadline: utc(2019, 3, 3, 16, 37, 54),
			},
			Licenses: []License{{
				Name: "ASAv5 Standard - 100M", Label: "ASAv-STD-100M", Description: "ASAv5 Standard - 100M",
				Count: 1, Version: "1.0", Status: "AUTHORIZED",
			}},
			UDI:          udi("ASAV", "9A6PGB43PJC"), // printed "PID:ASAv": UDIs are upper-cased (METHOD.md §0)
			AgentVersion: "1.6.14_rel/129",
		}},
		{"asa_show_license_all3.txt", &Capture{
			Command: CommandASAAll, Model: ModelRegistration, SmartLicensing: "ENABLED",
			Registration: &Registration{Status: "UNREGISTERED", ExportControlled: "Not Allowed"},
			Authorization: &Authorization{
				Status:              "EVAL MODE",
				EvaluationRemaining: 89*24*time.Hour + time.Hour + 33*time.Minute + 51*time.Second,
			},
			Licenses:     []License{{Label: "ASAv-STD-100M", Count: 1, Version: "1.0", Status: "EVAL MODE"}},
			UDI:          udi("ASAV", "9A6PGB43PJC"), // printed "PID:ASAv": UDIs are upper-cased (METHOD.md §0)
			AgentVersion: "1.6.14_rel/129",
		}},
	}

	// Every capture of the corpus folders is in the table.
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.file] = true
	}
	for _, dir := range []string{"iosxe", "nxos", "asa"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", dir, "*"))
		for _, f := range files {
			name := filepath.Base(f)
			if dir != "iosxe" {
				name = dir + "_" + name
			}
			if !seen[name] {
				t.Errorf("corpus capture %s has no test", f)
			}
		}
	}

	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := readCapture(t, tt.file)
			if got := Detect(data); got != tt.want.Command {
				t.Errorf("Detect = %v, want %v", got, tt.want.Command)
			}
			got, err := Parse(bytes.NewReader(data), "")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, cmpWarnings); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// eventlogWant is the event log capture: four rounds, eight hours apart, of
// one ERM reset and two endpoint-usage events.
func eventlogWant() []Event {
	const msg = "ERM-Reset: Client 0, AP-GROUP group, 2 features air-network-advantage,air-dna-advantage"
	reset := func(tm time.Time) Event {
		return Event{Time: tm, Type: "SAEVT_PLATFORM", Attrs: []EventAttr{
			{"eventSource", "INFRA_SL"}, {"eventName", "INFRA_SL_EVLOG_ERM_RESET"}, {"MSG", msg},
		}}
	}
	usage := func(tm time.Time, tag string) Event {
		return Event{Time: tm, Type: "SAEVT_ENDPOINT_USAGE", Attrs: []EventAttr{{"count", "0"}, {"entitlementTag", tag}}}
	}
	const (
		nw  = "regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896"
		air = "regid.2017-08.com.cisco.AIR-DNA-A,1.0_b6308627-3ab0-4a11-a3d9-586911a0d790"
	)
	ms := func(d, h, sec, milli int) time.Time { return time.Date(2021, 11, d, h, 31, sec, milli*1e6, time.UTC) }
	return []Event{
		reset(ms(17, 3, 32, 920)), usage(ms(17, 3, 32, 921), nw), usage(ms(17, 3, 32, 922), air),
		reset(ms(17, 11, 32, 920)), usage(ms(17, 11, 32, 922), nw), usage(ms(17, 11, 32, 923), air),
		reset(ms(17, 19, 32, 920)), usage(ms(17, 19, 32, 921), nw), usage(ms(17, 19, 32, 923), air),
		reset(ms(18, 3, 32, 921)), usage(ms(18, 3, 32, 921), nw), usage(ms(18, 3, 32, 923), air),
	}
}

// TestCorpusCopiesAreExact checks that testdata holds byte-exact copies.
func TestCorpusCopiesAreExact(t *testing.T) {
	for _, dir := range []string{"iosxe", "nxos", "asa"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", dir, "*"))
		for _, f := range files {
			name := filepath.Base(f)
			if dir != "iosxe" {
				name = dir + "_" + name
			}
			orig, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if string(readCapture(t, name)) != string(orig) {
				t.Errorf("testdata/captures/%s differs from %s", name, f)
			}
		}
	}
}
