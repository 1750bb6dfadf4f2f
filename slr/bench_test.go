package slr

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// BenchmarkReplay replays a ledger of 100,000 events: 20,000 devices, each
// requested, authorized (with a whole authorization code), installed,
// return-requested and returned.
func BenchmarkReplay(b *testing.B) {
	auth := string(readTestdata(b, "auth_perpetual.xml"))
	var buf bytes.Buffer
	l := NewLedger(&buf, nil, LedgerParams{})
	ctx := context.Background()
	for i := range 20000 {
		serial := fmt.Sprintf("FCW%08d", i)
		u := smartaccount.UDI{PID: "C9300-24UX", Serial: serial}
		at := day(1, 0)
		for _, e := range []Event{
			{Kind: smartaccount.Requested, UDI: u, RequestCode: "CB-ZC9300-24UX:" + serial + "-AK9A6sMTr-86"},
			{Kind: smartaccount.Authorized, UDI: u, VirtualAccount: "Dark Site East", AuthorizationCode: strings.Replace(auth, "S:FCW2134L0RN", "S:"+serial, 1)},
			{Kind: smartaccount.Installed, UDI: u, ConfirmationCode: testConfirmation},
			{Kind: smartaccount.ReturnRequested, UDI: u, ReturnCode: testReturn},
			{Kind: smartaccount.Returned, UDI: u},
		} {
			e.At = at
			if err := l.Append(ctx, e); err != nil {
				b.Fatal(err)
			}
		}
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s, _, err := Replay(ctx, bytes.NewReader(data))
		if err != nil || s.Len() != 20000 {
			b.Fatal(s.Len(), err)
		}
	}
}

func BenchmarkParseAuthorization(b *testing.B) {
	data := readTestdata(b, "auth_term_multiline.xml")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseAuthorization(data); err != nil {
			b.Fatal(err)
		}
	}
}
