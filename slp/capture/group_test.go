package capture_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/policy"
)

func TestLicenseGroup(t *testing.T) {
	tests := []struct {
		name string
		l    capture.License
		want policy.Group
		ok   bool
	}{
		{"perpetual (tech support)", capture.License{Enforcement: "NOT ENFORCED", ExportStatus: "NOT RESTRICTED", LicenseType: "Perpetual"}, policy.UnenforcedPerpetual, true},
		{"subscription", capture.License{Enforcement: "NOT ENFORCED", ExportStatus: "NOT RESTRICTED", LicenseType: "Subscription"}, policy.UnenforcedSubscription, true},
		{"term", capture.License{LicenseType: "term"}, policy.UnenforcedSubscription, true},
		{"enforced", capture.License{Enforcement: "ENFORCED", ExportStatus: "NOT RESTRICTED", LicenseType: "Perpetual"}, policy.Enforced, true},
		{"export restricted", capture.License{Enforcement: "ENFORCED", ExportStatus: "RESTRICTED - ALLOWED", LicenseType: "Perpetual"}, policy.Export, true},
		{"enforcement type export restricted", capture.License{Enforcement: "EXPORT RESTRICTED", LicenseType: "Perpetual"}, policy.Export, true},
		{"NX-OS generic", capture.License{Enforcement: "NOT ENFORCED", LicenseType: "Generic"}, 0, false},
		{"summary row", capture.License{Name: "hseck9", Label: "DNA_HSEC"}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ok := tt.l.Group()
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, g)
		})
	}
}
