package slr_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/slr"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

const exampleAuth = `<specificPLR><authorizationCode><flag>A</flag><version>C</version>` +
	`<piid>5278df84-7316-4332-88be-62623dd30b9e</piid><timestamp>1700000000000</timestamp><entitlements>` +
	`<entitlement><tag>regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18</tag>` +
	`<count>1</count><startDate>2024-Jul-02 UTC</startDate><endDate>2027-Jul-01 UTC</endDate><licenseType>TERM</licenseType>` +
	`<displayName>C9300 DNA Advantage</displayName><tagDescription/><subscriptionID/></entitlement></entitlements>` +
	`</authorizationCode><signature>TUVVQ0lR</signature><udi>P:C9300-24UX, S:FCW2134L0RN</udi></specificPLR>`

func ExampleParseRequestCode() {
	req, err := slr.ParseRequestCode("CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.UDI.PID, req.UDI.Serial)

	_, err = slr.ParseRequestCode("CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-8G")
	fmt.Println(err)
	// Output:
	// C9300-24UX FCW2134L0RN
	// request code: check: "8G" is not 2 hexadecimal digits
}

func ExampleParseAuthorization() {
	a, err := slr.ParseAuthorization([]byte(exampleAuth))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.UDI, a.Timestamp.Format(time.RFC3339))
	for _, e := range a.Entitlements {
		fmt.Println(e.DisplayName, e.Count, e.Type, e.Start.Format(time.DateOnly), e.End.Format(time.DateOnly))
	}

	// The code must answer the request it was issued for.
	req, _ := slr.ParseRequestCode("CB-ZC9300-24UX:FCW2134L0RM-AK9A6sMTr-86")
	var mismatch *slr.MismatchError
	if err := a.MatchRequest(req); errors.As(err, &mismatch) {
		fmt.Println("mismatch:", mismatch.Got.Serial, "≠", mismatch.Want.Serial)
	}

	_, err = slr.ParseAuthorization([]byte(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><specificPLR>&e;</specificPLR>`))
	fmt.Println(err)
	// Output:
	// PID:C9300-24UX,SN:FCW2134L0RN 2023-11-14T22:13:20Z
	// C9300 DNA Advantage 1 TERM 2024-07-02 2027-07-01
	// mismatch: FCW2134L0RN ≠ FCW2134L0RM
	// authorization code:1: DOCTYPE declaration refused: DTDs are not allowed
}

func ExampleExtract() {
	output := "switch#license smart reservation request local\r\n" +
		"Enter this request code in the Cisco Smart Software Manager portal:\r\n" +
		"CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86\r\n" +
		"switch#show license tech support | section Reservation Info\r\n" +
		"  Active: PID:C9300-24UX,SN:FCW2134L0RN\r\n" +
		"      Last return code: <none>\r\n" +
		"      Last Confirmation code: 17488c1f\r\n"
	found, err := slr.Extract(strings.NewReader(output))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range found {
		fmt.Printf("line %d: %s %s for %s\n", p.Line, p.Kind, p.Code, p.UDI)
	}
	// Output:
	// line 3: request code CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86 for PID:C9300-24UX,SN:FCW2134L0RN
	// line 7: confirmation code 17488c1f for PID:C9300-24UX,SN:FCW2134L0RN
}

func ExampleLedger() {
	ctx := context.Background()
	udi, _ := smartaccount.NewUDI("C9300-24UX", "FCW2134L0RN")
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

	var file bytes.Buffer // an *os.File from slr.Open in real use
	ledger := slr.NewLedger(&file, nil, slr.LedgerParams{})
	for _, e := range []slr.Event{
		{Kind: smartaccount.Requested, At: at, UDI: udi, AirGap: smartaccount.DarkSite, RequestCode: "CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86"},
		{Kind: smartaccount.Authorized, At: at.Add(24 * time.Hour), UDI: udi, VirtualAccount: "Dark Site East", AuthorizationCode: exampleAuth},
		{Kind: smartaccount.Installed, At: at.Add(48 * time.Hour), UDI: udi, ConfirmationCode: "17488c1f"},
	} {
		if err := ledger.Append(ctx, e); err != nil {
			fmt.Println(err)
		}
	}
	// An illegal transition is refused and names the line it would take.
	err := ledger.Append(ctx, slr.Event{Kind: smartaccount.Returned, At: at.Add(72 * time.Hour), UDI: udi})
	fmt.Println(err)

	// A crash cut the last line short: replay keeps what came before.
	torn := file.Bytes()[:file.Len()-10]
	state, warnings, err := slr.Replay(ctx, bytes.NewReader(torn))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range warnings {
		fmt.Println(w.Line, w.Reason)
	}
	for _, r := range state.Records() {
		fmt.Println(r.UDI, r.State, r.VirtualAccount, r.Entitlements[0].DisplayName)
	}
	// Output:
	// slr: ledger line 4: PID:C9300-24UX,SN:FCW2134L0RN: illegal transition from installed to returned
	// 3 last line has no newline (121 bytes): a write cut short; ignored
	// PID:C9300-24UX,SN:FCW2134L0RN authorized Dark Site East C9300 DNA Advantage
}

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "slr-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "reservations.jsonl")

	// A ledger whose last write was cut short by a crash.
	committed := `{"at":"2026-01-05T09:00:00Z","event":"requested","udi_pid":"C9300-24UX","udi_serial":"FCW2134L0RN","request_code":"CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86"}` + "\n"
	if err := os.WriteFile(path, []byte(committed+`{"at":"2026-01-06T10:00:00Z","ev`), 0o600); err != nil {
		fmt.Println(err)
		return
	}

	ctx := context.Background()
	ledger, warnings, err := slr.Open(ctx, path, slr.LedgerParams{Sync: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ledger.Close()
	for _, w := range warnings {
		fmt.Println(w)
	}
	udi, _ := smartaccount.NewUDI("C9300-24UX", "FCW2134L0RN")
	err = ledger.Append(ctx, slr.Event{Kind: smartaccount.Authorized, At: time.Date(2026, 1, 6, 10, 0, 0, 0, time.UTC),
		UDI: udi, VirtualAccount: "Dark Site East", AuthorizationCode: exampleAuth})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := ledger.State().Lookup(udi)
	fmt.Println(r.State, "on line", r.Line)
	// Output:
	// slr: ledger line 2 (byte offset 157): last line has no newline (32 bytes): a write cut short; ignored
	// authorized on line 2
}

func ExampleReconcile() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	gone, _ := smartaccount.NewUDI("C9300-24UX", "FCW0000D01")
	vault, _ := smartaccount.NewUDI("C9300-24UX", "FCW0000D02")
	snap := &smartaccount.Snapshot{
		Account: smartaccount.Account{VirtualAccounts: []smartaccount.VirtualAccount{
			{Name: "Dark Site East", Environment: smartaccount.AirGapped},
		}},
		Footprint: []smartaccount.Device{
			{UDI: gone, Status: smartaccount.FootprintDecommissioned, Ref: smartaccount.Ref{Source: "footprint.csv", Line: 2}},
			{UDI: vault, Status: smartaccount.FootprintActive, AirGap: smartaccount.Classified, RequiredLicense: "DNA Advantage",
				Ref: smartaccount.Ref{Source: "footprint.csv", Line: 3}},
		},
		Reservations: []smartaccount.Reservation{
			{UDI: gone, VirtualAccount: "Dark Site East", License: "DNA Advantage", Quantity: 2, State: smartaccount.Installed,
				ConfirmationCode: "17488c1f", Ref: smartaccount.Ref{Source: "reservations.csv", Line: 2}},
			{UDI: vault, VirtualAccount: "Dark Site East", License: "DNA Advantage", Quantity: 3, State: smartaccount.Authorized,
				AuthorizationDate: day(2026, 1, 2), Ref: smartaccount.Ref{Source: "reservations.csv", Line: 3}},
		},
	}
	res, err := slr.Reconcile(smartaccount.NewIndex(snap), slr.Params{AsOf: day(2026, 3, 1), RenewalDate: day(2026, 6, 30)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Println(f.Kind, f.Quantity, f.Evidence)
	}
	fmt.Println("reclaimable:", res.Reclaimable)
	// Output:
	// reserved_on_decommissioned 2 [reservations.csv:2 footprint.csv:2]
	// not_confirmed 3 [reservations.csv:3 footprint.csv:3]
	// over_reserved 2 [reservations.csv:3 footprint.csv:3]
	// reclaimable: map[DNA Advantage:4]
}
