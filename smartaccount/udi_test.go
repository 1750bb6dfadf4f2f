package smartaccount

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseUDI(t *testing.T) {
	want := UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}
	tests := []struct {
		name string
		in   string
		want UDI
	}{
		{"show license udi", "PID:C9300-24UX,SN:FCW2134L0RN", want},
		{"SLR authorization code", "P:C9300-24UX,S:FCW2134L0RN", want},
		{"SLR with uuid and space", "P:C9300-24UX, S:FCW2134L0RN, U:1b2c3d4e-0000-4000-8000-000000000001", want},
		{"smart agent form", "UDI_PID:C9300-24UX; UDI_SN:FCW2134L0RN;", want},
		{"lower case and spaces", "  pid: c9300-24ux , sn: fcw2134l0rn ", want},
		{"with VID", "PID:C9300-24UX,VID:V02,SN:FCW2134L0RN", want},
		{"serial before PID", "SN:FCW2134L0RN,PID:C9300-24UX", want},
		{"PID with slash", "PID:ISR4451-X/K9,SN:FOC1234X0AB", UDI{PID: "ISR4451-X/K9", Serial: "FOC1234X0AB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseUDI(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseUDIRejects(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"no serial", "PID:C9300-24UX", `UDI "PID:C9300-24UX": needs both a PID and a serial number`},
		{"empty", "", `UDI "": needs both a PID and a serial number`},
		{"empty serial", "PID:C9300-24UX,SN:", `UDI "PID:C9300-24UX,SN:": UDI serial is empty`},
		{"not key value", "C9300-24UX FCW2134L0RN", `UDI "C9300-24UX FCW2134L0RN": "C9300-24UX FCW2134L0RN" is not KEY:VALUE`},
		{"two PIDs", "PID:A,PID:B,SN:C", `UDI "PID:A,PID:B,SN:C" names the PID twice`},
		{"control character", "PID:C9300\x00,SN:X", `UDI "PID:C9300\x00,SN:X": UDI PID "C9300\x00" holds the character '\x00'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseUDI(tt.in)
			require.Error(t, err)
			assert.Equal(t, tt.wantErr, err.Error())
		})
	}
}

func TestNewUDINormalises(t *testing.T) {
	u, err := NewUDI(" c9300-24ux\t", "fcw2134l0rn ")
	require.NoError(t, err)
	assert.Equal(t, UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}, u)
	assert.Equal(t, "PID:C9300-24UX,SN:FCW2134L0RN", u.String())

	same, _ := NewUDI("C9300-24UX", "FCW2134L0RN")
	other, _ := NewUDI("C9300-48P", "FCW2134L0RN")
	assert.Equal(t, u, same)
	assert.NotEqual(t, u, other, "the same serial under two PIDs is two devices")

	_, err = NewUDI("C9300", string(make([]byte, 65)))
	assert.Error(t, err)
}

func FuzzParseUDI(f *testing.F) {
	for _, s := range []string{"PID:C9300-24UX,SN:FCW2134L0RN", "P:C9300-24UX, S:FCW2134L0RN,U:x", "UDI_PID:A; UDI_SN:B;", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUDI(s)
		if err != nil {
			return
		}
		// A parsed UDI prints in a form that parses back to itself.
		again, err := ParseUDI(u.String())
		if err != nil || again != u {
			t.Fatalf("ParseUDI(%q) = %v; re-parse of %q = %v, %v", s, u, u.String(), again, err)
		}
	})
}

func TestUDIText(t *testing.T) {
	f := Finding{Kind: "stale", UDI: UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}, Evidence: []Ref{{Source: "product_instances.csv", Line: 7}}}
	b, err := json.Marshal(f)
	require.NoError(t, err)
	assert.JSONEq(t, `{"kind":"stale","severity":"","udi":"PID:C9300-24UX,SN:FCW2134L0RN","evidence":[{"source":"product_instances.csv","line":7}]}`, string(b))
	var back Finding
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, f, back)

	b, err = json.Marshal(Finding{Kind: "no_sa_admin", Evidence: []Ref{}})
	require.NoError(t, err)
	assert.NotContains(t, string(b), "udi", "a finding about no device has no udi key")

	var u UDI
	assert.Error(t, u.UnmarshalText([]byte("garbage")))
}

func TestAppendForms(t *testing.T) {
	udi := UDI{PID: "C9300-24UX", Serial: "FCW1"}
	cases := []struct {
		name string
		f    Finding
		id   string // written by hand from ID's doc: kind|VA|license|UDI|user
		udi  string
	}{
		{"a device", Finding{Kind: "decommissioned", VirtualAccount: "Core", License: "C9300 DNA Advantage", UDI: udi},
			"decommissioned|Core|C9300 DNA Advantage|PID:C9300-24UX,SN:FCW1|", "PID:C9300-24UX,SN:FCW1"},
		{"a user, no device", Finding{Kind: "dormant_user", User: "a@example.com"}, "dormant_user||||a@example.com", ""},
		{"an ID longer than ID's stack buffer", Finding{Kind: "stale", VirtualAccount: strings.Repeat("v", 130)},
			"stale|" + strings.Repeat("v", 130) + "|||", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.id, c.f.ID())
			assert.Equal(t, "row 1: "+c.id, string(c.f.AppendID([]byte("row 1: "))), "appended after what b holds")
			b, err := c.f.UDI.AppendText([]byte("x"))
			require.NoError(t, err)
			assert.Equal(t, "x"+c.udi, string(b))
			m, err := c.f.UDI.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, c.udi, string(m))
		})
	}
}
