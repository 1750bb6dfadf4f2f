package smartaccount

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseWorkload(t *testing.T) {
	for in, want := range map[string]Workload{
		"production": Production, "Production": Production, "prod": Production, "staging": Staging,
		"DEVELOPMENT": Development, "dev": Development, "disaster-recovery": DisasterRecovery,
		"disaster_recovery": DisasterRecovery, "Disaster Recovery": DisasterRecovery, "DR": DisasterRecovery, "": 0,
	} {
		got, err := ParseWorkload(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := ParseWorkload("qa")
	assert.EqualError(t, err, `unknown workload "qa" (accepted: production, staging, development, disaster-recovery)`)
	var ue *UnknownValueError
	assert.True(t, errors.As(err, &ue))
}

func TestParseEnvironment(t *testing.T) {
	for in, want := range map[string]Environment{
		"on-prem": OnPrem, "ON-PREM": OnPrem, "on_prem": OnPrem, "onprem": OnPrem, "cloud": Cloud,
		"Hybrid": Hybrid, "air-gapped": AirGapped, "Air Gapped": AirGapped, "airgapped": AirGapped,
	} {
		got, err := ParseEnvironment(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
		assert.NotEmpty(t, got.String())
	}
	_, err := ParseEnvironment("edge")
	assert.EqualError(t, err, `unknown environment "edge" (accepted: on-prem, cloud, hybrid, air-gapped)`)
}

func TestDimensionOf(t *testing.T) {
	va := VirtualAccount{Name: "Vault", BusinessUnit: "Treasury", Region: "AMER", Workload: Production, Environment: AirGapped}
	got := map[string]string{}
	for _, d := range Dimensions {
		got[d.String()] = d.Of(va)
	}
	assert.Equal(t, map[string]string{"business_unit": "Treasury", "region": "AMER", "workload": "production", "environment": "air-gapped"}, got)
	assert.True(t, va.AirGapped())
	d, err := ParseDimension("Business Unit")
	require.NoError(t, err)
	assert.Equal(t, ByBusinessUnit, d)
}

func TestTextRoundTrip(t *testing.T) {
	for _, w := range []Workload{Production, Staging, Development, DisasterRecovery} {
		b, _ := w.MarshalText()
		var got Workload
		require.NoError(t, got.UnmarshalText(b))
		assert.Equal(t, w, got)
	}
	var e Environment
	assert.Error(t, e.UnmarshalText([]byte("moon")))
}
