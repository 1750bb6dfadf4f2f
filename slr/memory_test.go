package slr

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/internal/heaptest"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// genLedger writes a ledger of n devices, each requested, authorized (with
// a whole authorization code) and installed: the state of an air-gapped
// fleet whose reservations are all held.
func genLedger(tb testing.TB, n int) []byte {
	tb.Helper()
	auth := string(readTestdata(tb, "auth_perpetual.xml"))
	var buf bytes.Buffer
	l := NewLedger(&buf, nil, LedgerParams{})
	ctx := context.Background()
	for i := range n {
		serial := fmt.Sprintf("FCW%08d", i)
		u := smartaccount.UDI{PID: "C9300-24UX", Serial: serial}
		for _, e := range []Event{
			{Kind: smartaccount.Requested, UDI: u, RequestCode: "CB-ZC9300-24UX:" + serial + "-AK9A6sMTr-86"},
			{Kind: smartaccount.Authorized, UDI: u, VirtualAccount: "Dark Site East", AuthorizationCode: strings.Replace(auth, "S:FCW2134L0RN", "S:"+serial, 1)},
			{Kind: smartaccount.Installed, UDI: u, ConfirmationCode: testConfirmation},
		} {
			e.At = day(1, 0)
			require.NoError(tb, l.Append(ctx, e))
		}
	}
	return buf.Bytes()
}

// TestReplayBoundedMemory: the replayed state holds what each device's
// reservation is, not its authorization code, which stays in the ledger.
// The old State kept every code and its parse: 1,697 bytes a device for
// this ledger (1,100 bytes of ledger text a device); it now keeps about a
// third of that, whatever the size of the codes.
func TestReplayBoundedMemory(t *testing.T) {
	n := 4000
	if heaptest.Race {
		n = 500
	}
	data := genLedger(t, n)
	before := heaptest.Live()
	s, _, err := Replay(context.Background(), bytes.NewReader(data))
	require.NoError(t, err)
	require.Equal(t, n, s.Len())
	perDevice := (int64(heaptest.Live()) - int64(before)) / int64(n)
	t.Logf("%d bytes of state a device (%d bytes of ledger a device)", perDevice, len(data)/n)
	assert.Less(t, perDevice, int64(640))
	runtime.KeepAlive(s)
	runtime.KeepAlive(data)
}
