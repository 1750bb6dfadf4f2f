package smartaccount

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDeviceInstances(t *testing.T) {
	a, b := UDI{PID: "C9300-24UX", Serial: "A"}, UDI{PID: "C9300-24UX", Serial: "B"}
	s := &Snapshot{
		Account: Account{VirtualAccounts: []VirtualAccount{{Name: "Core"}, {Name: "Edge"}}},
		Instances: []ProductInstance{
			{UDI: a, VirtualAccount: "Core", License: "L1"},
			{UDI: b, VirtualAccount: "Core", License: "L1"},
			{UDI: a, VirtualAccount: "Edge", License: "L1"}, // the same device in a second VA: a second instance
			{UDI: a, VirtualAccount: "Core", License: "L2"}, // a second row of the first instance
		},
	}
	x := NewIndex(s)
	vas := func(u UDI) []string {
		var out []string
		for i := range x.DeviceInstances(u) {
			out = append(out, x.VirtualAccounts()[x.Instance(i).VirtualAccount].Name)
		}
		slices.Sort(out)
		return out
	}
	assert.Equal(t, []string{"Core", "Edge"}, vas(a))
	assert.Equal(t, []string{"Core"}, vas(b))
	assert.Empty(t, vas(UDI{PID: "C9300-24UX", Serial: "NONE"}), "a device no row names has no instance")
	var rows int
	for i := range x.DeviceInstances(a) {
		rows += len(x.Instance(i).Rows)
	}
	assert.Equal(t, 3, rows)
}
