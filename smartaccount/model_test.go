package smartaccount

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestEntitlementCounts(t *testing.T) {
	asOf := date(2026, 11, 1)
	tests := []struct {
		name string
		e    Entitlement
		want bool
	}{
		{"perpetual ignores dates", Entitlement{Type: Perpetual, Status: "ACTIVE", End: date(2020, 1, 1)}, true},
		{"term within dates", Entitlement{Type: Term, Status: "ACTIVE", Start: date(2026, 1, 1), End: date(2026, 12, 31)}, true},
		{"term ends on as_of", Entitlement{Type: Term, Status: "ACTIVE", Start: date(2026, 1, 1), End: asOf}, true},
		{"term starts on as_of", Entitlement{Type: Subscription, Status: "ACTIVE", Start: asOf, End: date(2027, 1, 1)}, true},
		{"term expired", Entitlement{Type: Term, Status: "ACTIVE", Start: date(2025, 1, 1), End: date(2026, 10, 31)}, false},
		{"term not started", Entitlement{Type: Subscription, Status: "ACTIVE", Start: date(2026, 11, 2)}, false},
		{"open-ended term", Entitlement{Type: Term, Status: "ACTIVE"}, true},
		{"not active", Entitlement{Type: Perpetual, Status: "EXPIRED"}, false},
		// A hand-built entitlement with no status counts as ACTIVE (DESIGN.md),
		// in any case.
		{"zero status is active", Entitlement{Type: Perpetual, Quantity: 5}, true},
		{"zero value counts while open-ended", Entitlement{}, true},
		{"status in lower case", Entitlement{Type: Perpetual, Status: "active"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, tt.e.Counts(asOf)) })
	}
}

func TestLastSeen(t *testing.T) {
	reg, rep, contact := date(2024, 1, 1), date(2025, 6, 1), date(2026, 3, 1)
	assert.Equal(t, contact, (&ProductInstance{Registered: reg, LastReport: rep, LastContact: contact}).LastSeen())
	assert.Equal(t, rep, (&ProductInstance{Registered: reg, LastReport: rep}).LastSeen())
	assert.Equal(t, reg, (&ProductInstance{Registered: reg}).LastSeen())
}

func TestRefString(t *testing.T) {
	assert.Equal(t, "product_instances.csv:12", Ref{Source: "product_instances.csv", Line: 12}.String())
	assert.Equal(t, "cssm:devices", Ref{Source: "cssm:devices"}.String())
}

func TestAccountVirtualAccount(t *testing.T) {
	a := Account{VirtualAccounts: []VirtualAccount{{Name: "Core"}, {Name: "Vault", Environment: AirGapped}}}
	va, ok := a.VirtualAccount("Vault")
	assert.True(t, ok)
	assert.True(t, va.AirGapped())
	_, ok = a.VirtualAccount("vault")
	assert.False(t, ok, "names are matched exactly")
}

func TestSelection(t *testing.T) {
	tests := []struct {
		pairs []string
		want  string
	}{
		{[]string{"virtual_account", "Core", "license", "DNA HSEC"}, "product_instances.csv[virtual_account=Core, license=DNA HSEC]"},
		// VA names hold spaces, &, / and parentheses (CSSM-API.md): shown as
		// they are; a comma, an equals sign, a bracket or a quote is quoted.
		{[]string{"virtual_account", "Markets & Trading (NY/LDN)"}, "product_instances.csv[virtual_account=Markets & Trading (NY/LDN)]"},
		{[]string{"virtual_account", "East, West"}, `product_instances.csv[virtual_account="East, West"]`},
		{[]string{"virtual_account", "a]b"}, `product_instances.csv[virtual_account="a]b"]`},
		{[]string{"virtual_account", " padded"}, `product_instances.csv[virtual_account=" padded"]`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Selection("product_instances.csv", tt.pairs...).String())
	}
}
