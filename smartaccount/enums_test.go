package smartaccount

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enumCase checks one enumeration: every accepted spelling maps to its value,
// the value prints canonically, and a bad name is rejected with the accepted list.
type enumCase struct {
	name     string
	parse    func(string) (fmt.Stringer, error)
	accepted map[string]string // input → canonical String()
	rejected string
	wantErr  string
}

func wrap[T fmt.Stringer](f func(string) (T, error)) func(string) (fmt.Stringer, error) {
	return func(s string) (fmt.Stringer, error) { return f(s) }
}

func TestEnumerations(t *testing.T) {
	cases := []enumCase{
		{"license type", wrap(ParseLicenseType), map[string]string{
			"PERPETUAL": "PERPETUAL", "perpetual": "PERPETUAL", " Term ": "TERM", "Subscription": "SUBSCRIPTION",
			"STANDARD": "STANDARD", "demo": "DEMO"},
			"LEASE", `unknown license type "LEASE" (accepted: PERPETUAL, TERM, SUBSCRIPTION, STANDARD, DEMO)`},
		{"transport", wrap(ParseTransport), map[string]string{
			"smart": "smart", "SMART": "smart", "Callhome": "smart", "cslu": "cslu", "On-Prem": "on-prem",
			"on_prem": "on-prem", "offline": "offline", "Transport Off": "offline", "SLR": "slr"},
			"pigeon", `unknown transport "pigeon" (accepted: smart, cslu, on-prem, offline, slr)`},
		{"footprint status", wrap(ParseFootprintStatus), map[string]string{
			"active": "active", "Decommissioned": "decommissioned", "RETIRED": "retired", "disposed": "disposed",
			"planned": "planned", "Spare": "spare"},
			"lost", `unknown footprint status "lost" (accepted: active, decommissioned, retired, disposed, planned, spare)`},
		{"air gap", wrap(ParseAirGap), map[string]string{
			"none": "none", "Classified": "classified", "dark-site": "dark-site", "DARK_SITE": "dark-site",
			"dark site": "dark-site", "restricted": "restricted"},
			"secret", `unknown air-gap category "secret" (accepted: none, classified, dark-site, restricted)`},
		{"growth source", wrap(ParseGrowthSource), map[string]string{
			"baseline": "baseline", "Organic": "organic", "PROJECT": "project", "acquisition": "acquisition"},
			"merger", `unknown growth source "merger" (accepted: baseline, organic, project, acquisition)`},
		{"reservation state", wrap(ParseReservationState), map[string]string{
			"requested": "requested", "Authorized": "authorized", "installed": "installed",
			"return-requested": "return-requested", "RETURN_REQUESTED": "return-requested", "returned": "returned"},
			"cancelled", `unknown reservation state "cancelled" (accepted: requested, authorized, installed, return-requested, returned)`},
		{"role", wrap(ParseRole), map[string]string{
			"sa-admin": "sa-admin", "Smart Account Administrator": "sa-admin", "SMART_ACCOUNT_ADMIN": "sa-admin",
			"Smart Account User": "sa-user", "sa-viewer": "sa-viewer", "Virtual Account Administrator": "va-admin",
			"va-user": "va-user", "VIRTUAL_ACCOUNT_VIEWER": "va-viewer"},
			"root", `unknown role "root" (accepted: sa-admin, sa-user, sa-viewer, va-admin, va-user, va-viewer)`},
		{"severity", wrap(ParseSeverity), map[string]string{"info": "info", "Warning": "warning", "CRITICAL": "critical"},
			"fatal", `unknown severity "fatal" (accepted: info, warning, critical)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for in, want := range c.accepted {
				v, err := c.parse(in)
				require.NoError(t, err, in)
				assert.Equal(t, want, v.String(), in)
			}
			v, err := c.parse("")
			require.NoError(t, err, "empty text means not given")
			assert.Equal(t, "", v.String())

			_, err = c.parse(c.rejected)
			require.Error(t, err)
			assert.Equal(t, c.wantErr, err.Error())
			var ue *UnknownValueError
			require.True(t, errors.As(err, &ue))
			assert.Equal(t, c.rejected, ue.Value)
		})
	}
}

// textEnum is what every enumeration implements.
type textEnum interface {
	encoding.TextMarshaler
	fmt.Stringer
}

func TestEnumTextRoundTrip(t *testing.T) {
	// Every value of every enumeration writes its name and reads back as itself.
	values := []textEnum{
		Perpetual, Term, Subscription, Standard, Demo,
		TransportSmart, TransportCSLU, TransportOnPrem, TransportOffline, TransportSLR,
		FootprintActive, FootprintDecommissioned, FootprintRetired, FootprintDisposed, FootprintPlanned, FootprintSpare,
		AirGapNone, Classified, DarkSite, Restricted,
		Baseline, Organic, Project, Acquisition,
		Requested, Authorized, Installed, ReturnRequested, Returned,
		SmartAccountAdmin, SmartAccountUser, SmartAccountViewer, VirtualAccountAdmin, VirtualAccountUser, VirtualAccountViewer,
		SeverityInfo, SeverityWarning, SeverityCritical,
	}
	for _, v := range values {
		b, err := v.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, v.String(), string(b))
		back := reflect.New(reflect.TypeOf(v))
		require.NoError(t, back.Interface().(encoding.TextUnmarshaler).UnmarshalText(b), "%T %s", v, b)
		assert.Equal(t, v, back.Elem().Interface(), "%T %s", v, b)
		require.Error(t, back.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte("bogus")), "%T", v)
	}
}

func TestFootprintStatusGone(t *testing.T) {
	gone := map[FootprintStatus]bool{FootprintActive: false, FootprintDecommissioned: true, FootprintRetired: true, FootprintDisposed: true, FootprintPlanned: false, FootprintSpare: false, 0: false}
	for s, want := range gone {
		assert.Equal(t, want, s.Gone(), s.String())
	}
}

func TestRoleOnVirtualAccount(t *testing.T) {
	assert.False(t, SmartAccountAdmin.OnVirtualAccount())
	assert.True(t, VirtualAccountUser.OnVirtualAccount())
}

func TestAirGapIsAirGapped(t *testing.T) {
	for g, want := range map[AirGap]bool{0: false, AirGapNone: false, Classified: true, DarkSite: true, Restricted: true} {
		assert.Equal(t, want, g.IsAirGapped(), g.String())
	}
}
