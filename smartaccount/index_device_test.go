package smartaccount

import (
	"slices"
	"testing"
	"time"

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

// TestInService: an instance's device's in-service date, as a civil date in
// the zone it was given in, at 00:00 UTC.
func TestInService(t *testing.T) {
	u := func(sn string) UDI { return UDI{PID: "C9300-24UX", Serial: sn} }
	cet := time.FixedZone("CET", 3600)
	s := &Snapshot{
		Footprint: []Device{
			{UDI: u("UTC"), InService: time.Date(2025, 11, 1, 23, 59, 0, 0, time.UTC)},
			{UDI: u("CET"), InService: time.Date(2025, 11, 1, 0, 30, 0, 0, cet)}, // 2025-10-31 23:30 UTC
			{UDI: u("OLD"), InService: time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC)},
			{UDI: u("NONE")},
			{UDI: u("TWICE"), InService: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), Ref: Ref{Source: "footprint.csv", Line: 9}},
			{UDI: u("TWICE"), InService: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Ref: Ref{Source: "footprint.csv", Line: 3}}, // the first by Ref
		},
		Instances: []ProductInstance{
			{UDI: u("UTC")}, {UDI: u("CET")}, {UDI: u("OLD")}, {UDI: u("NONE")}, {UDI: u("TWICE")},
			{UDI: u("ROGUE")}, // not in the footprint
		},
	}
	x := NewIndex(s)
	want := []time.Time{
		time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC),
		{},
		time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	}
	for i, w := range want {
		assert.Equal(t, w, x.InService(i), "instance %d, %s", i, x.Instance(i).UDI)
	}
}
