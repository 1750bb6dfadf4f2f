package smartaccount

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func udi(t *testing.T, pid, serial string) UDI {
	t.Helper()
	u, err := NewUDI(pid, serial)
	require.NoError(t, err)
	return u
}

func TestIndex(t *testing.T) {
	u1, u2 := udi(t, "C9300-24UX", "FCW1"), udi(t, "C9300-48P", "FCW1") // one serial under two PIDs: two devices
	u3 := udi(t, "ISR4431/K9", "FDO3")
	pi := func(u UDI, va, license string, line int) ProductInstance {
		return ProductInstance{UDI: u, VirtualAccount: va, License: license, Quantity: 1, Ref: Ref{Source: "product_instances.csv", Line: line}}
	}
	s := &Snapshot{
		Account: Account{VirtualAccounts: []VirtualAccount{{Name: "Core", Region: "EMEA"}, {Name: "Branch"}, {Name: "Core", Region: "APAC"}}},
		Entitlements: []Entitlement{
			{VirtualAccount: "Core", License: "Adv", Quantity: 5},
			{VirtualAccount: "Lab", License: "Adv", Quantity: 1}, // Lab: not in the Account
			{VirtualAccount: "Core", License: "Adv", Quantity: 2},
		},
		Instances: []ProductInstance{
			pi(u1, "Core", "Adv", 2),   // row 0: instance 0
			pi(u1, "Core", "HSEC", 3),  // row 1: instance 0
			pi(u2, "Core", "Adv", 4),   // row 2: instance 1, another device
			pi(u1, "Branch", "Adv", 5), // row 3: instance 2, u1's second registration
			pi(u3, "Branch", "Ess", 6), // row 4: instance 3, not in the footprint
			pi(u1, "Core", "Adv", 7),   // row 5: instance 0 again, not next to its other rows
		},
		InUse:        []InUse{{VirtualAccount: "Core", License: "Zeta", Quantity: 1}},
		Reservations: []Reservation{{VirtualAccount: "Vault", License: "Adv", Quantity: 1}},
		Footprint: []Device{
			{UDI: u2, Hostname: "first"},
			{UDI: u1, Hostname: "u1"},
			{UDI: u2, Hostname: "second"}, // listed twice: the first counts
		},
	}
	x := NewIndex(s)
	assert.Same(t, s, x.Snapshot())
	assert.Equal(t, []string{"Adv", "Ess", "HSEC", "Zeta"}, x.Licenses(), "every license a record names, sorted")
	names := []string{}
	for _, va := range x.VirtualAccounts() {
		names = append(names, va.Name)
	}
	assert.Equal(t, []string{"Branch", "Core", "Lab", "Vault"}, names, "every Virtual Account, sorted")
	core, ok := x.VirtualAccount("Core")
	require.True(t, ok)
	assert.Equal(t, 1, core)
	assert.Equal(t, "EMEA", x.VirtualAccounts()[core].Region, "the first account of a name counts")
	assert.True(t, x.InAccount(core))
	lab, _ := x.VirtualAccount("Lab")
	assert.False(t, x.InAccount(lab))
	_, ok = x.VirtualAccount("Nowhere")
	assert.False(t, ok)
	adv, _ := x.License("Adv")
	assert.Equal(t, 0, adv)
	_, ok = x.License("Nothing")
	assert.False(t, ok)

	// Four instances, numbered by first row: u1/Core, u2/Core, u1/Branch, u3/Branch.
	require.Equal(t, 4, x.NumInstances())
	branch, _ := x.VirtualAccount("Branch")
	want := []Instance{
		{UDI: u1, VirtualAccount: core, Device: &s.Footprint[1], Rows: []int32{0, 1, 5}},
		{UDI: u2, VirtualAccount: core, Device: &s.Footprint[0], Rows: []int32{2}},
		{UDI: u1, VirtualAccount: branch, Device: &s.Footprint[1], Rows: []int32{3}},
		{UDI: u3, VirtualAccount: branch, Rows: []int32{4}},
	}
	for i, w := range want {
		got := x.Instance(i)
		assert.Equal(t, w.UDI, got.UDI, "instance %d", i)
		assert.Equal(t, w.VirtualAccount, got.VirtualAccount, "instance %d", i)
		assert.Same(t, w.Device, got.Device, "instance %d", i)
		assert.Equal(t, w.Rows, got.Rows, "instance %d", i)
	}
	for row, inst := range []int{0, 0, 1, 2, 3, 0} {
		assert.Equal(t, inst, x.RowInstance(row), "row %d", row)
	}
	hsec, _ := x.License("HSEC")
	assert.Equal(t, hsec, x.RowLicense(1))

	assert.Same(t, &s.Footprint[0], x.Device(u2))
	assert.Nil(t, x.Device(u3), "u3 is not in the footprint")
	assert.Nil(t, x.Device(udi(t, "X", "Y")))

	if diff := cmp.Diff([]int32{0, 2}, x.Entitlements(adv, core)); diff != "" {
		t.Errorf("Entitlements(Adv, Core) (-want +got):\n%s", diff)
	}
	assert.Empty(t, x.Entitlements(hsec, core))
	assert.Equal(t, []int32{0, 2, 5}, x.Rows(adv, core))
	assert.Equal(t, int64(3), x.Consumed(adv, core), "rows 0, 2 and 5, a unit each")
	assert.Zero(t, x.Consumed(hsec, branch))
	assert.Equal(t, []int32{3}, x.Rows(adv, branch))
	assert.Empty(t, x.Rows(hsec, branch))
}

func TestIndexOfAnEmptySnapshot(t *testing.T) {
	x := NewIndex(&Snapshot{})
	assert.Zero(t, x.NumInstances())
	assert.Empty(t, x.Licenses())
	assert.Empty(t, x.VirtualAccounts())
	assert.Nil(t, x.Device(UDI{PID: "A", Serial: "B"}))
}

func TestIndexGrowsItsDeviceTable(t *testing.T) {
	// 3 footprint devices size the table for 3 + 2 × 300 / 8 = 78 devices;
	// 300 more appear only in product instances, each registered in two
	// Virtual Accounts: the table grows as they come, and every look-up
	// still finds its device.
	s := &Snapshot{}
	for i := range 3 {
		s.Footprint = append(s.Footprint, Device{UDI: UDI{PID: "FP", Serial: strconv.Itoa(i)}})
	}
	for i := range 300 {
		u := UDI{PID: "ONLY", Serial: strconv.Itoa(i)}
		s.Instances = append(s.Instances, ProductInstance{UDI: u, VirtualAccount: "A", License: "L"}, ProductInstance{UDI: u, VirtualAccount: "B", License: "L"})
	}
	x := NewIndex(s)
	require.Equal(t, 600, x.NumInstances())
	for i := range 600 {
		in := x.Instance(i)
		assert.Equal(t, UDI{PID: "ONLY", Serial: strconv.Itoa(i / 2)}, in.UDI)
		assert.Equal(t, []int32{int32(i)}, in.Rows)
		assert.Nil(t, in.Device)
	}
	for i := range 3 {
		assert.Same(t, &s.Footprint[i], x.Device(UDI{PID: "FP", Serial: strconv.Itoa(i)}))
	}
	assert.Nil(t, x.Device(UDI{PID: "ONLY", Serial: "7"}), "in the table, not in the footprint")
	h, err := Review(x, ReviewParams{AsOf: reviewDate})
	require.NoError(t, err)
	// Each device's two registrations: neither has a last contact, so the
	// first row's (A) is kept and B's is a duplicate.
	assert.Equal(t, 300, h.Count(ClassDuplicate))
	for i := range 600 {
		if want := ClassDuplicate; i%2 == 0 {
			assert.Equal(t, ClassUnmatched, h.Class(i), "instance %d", i)
		} else {
			assert.Equal(t, want, h.Class(i), "instance %d", i)
		}
	}
}

// TestIndexKeepsEachDevicesOwnRecord: what the index keeps beside a device
// (status, required license, in-service date) is its own record's, the
// first by Ref when the footprint lists the UDI twice — here the later one
// in the slice — and a device whose record is not at its number's
// position (u2, device 1, record 2) keeps its own too.
func TestIndexKeepsEachDevicesOwnRecord(t *testing.T) {
	u1, u2 := udi(t, "C9300-24UX", "FCW1"), udi(t, "C9300-48P", "FCW2")
	at := func(line int) Ref { return Ref{Source: "footprint.csv", Line: line} }
	s := &Snapshot{
		Footprint: []Device{
			{UDI: u1, Status: FootprintActive, RequiredLicense: "Adv", InService: civil(2024, 1, 1), Ref: at(9)},
			{UDI: u1, Status: FootprintDecommissioned, RequiredLicense: "Ess", InService: civil(2025, 2, 3), Ref: at(3)},
			{UDI: u2, Status: FootprintSpare, RequiredLicense: "Adv", InService: civil(2023, 4, 5), Ref: at(4)},
		},
		Instances: []ProductInstance{
			{UDI: u2, VirtualAccount: "Core", License: "Adv", Quantity: 1},
			{UDI: u1, VirtualAccount: "Core", License: "Adv", Quantity: 1},
		},
	}
	x := NewIndex(s)
	// Devices by first record: u1 is device 0 (records 0 and 1; record 1,
	// line 3, comes first in the input), u2 device 1 (record 2).
	assert.Equal(t, []int32{1, 2}, x.devRecord)
	assert.Equal(t, []FootprintStatus{FootprintDecommissioned, FootprintSpare}, x.devStatus)
	ess, adv := x.needs["Ess"], x.needs["Adv"]
	assert.Equal(t, []int32{ess, adv}, x.devNeeds, "Ess for u1, Adv for u2")
	assert.NotEqual(t, ess, adv)
	// Instance 0 is u2's, instance 1 u1's.
	assert.Equal(t, civil(2023, 4, 5), x.InService(0))
	assert.Equal(t, civil(2025, 2, 3), x.InService(1))
	assert.Same(t, &s.Footprint[1], x.Instance(1).Device)
}
