package capture

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTaken(t *testing.T) {
	tests := []struct {
		name string
		c    Capture
		want time.Time
	}{
		{"the clock wins", Capture{Clock: utc(2024, 7, 1, 9, 0, 0), Reporting: &Reporting{LastACK: utc(2024, 7, 2, 0, 0, 0)}}, utc(2024, 7, 1, 9, 0, 0)},
		{"else the latest past instant", Capture{
			Account:   &Account{AsOf: utc(2024, 6, 1, 0, 0, 0)},
			Reporting: &Reporting{LastACK: utc(2024, 6, 20, 0, 0, 0), LastReportPush: utc(2024, 6, 25, 0, 0, 0), NextReportPush: utc(2024, 8, 1, 0, 0, 0), NextACKDeadline: utc(2024, 9, 1, 0, 0, 0)},
		}, utc(2024, 6, 25, 0, 0, 0)},
		{"an event log", Capture{Events: []Event{{Time: utc(2021, 11, 17, 3, 31, 32)}, {Time: utc(2021, 11, 16, 0, 0, 0)}}}, utc(2021, 11, 17, 3, 31, 32)},
		{"nothing dated", Capture{Licenses: []License{{Name: "hseck9"}}}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.c.Taken())
		})
	}
	// show_license_status_golden_output2.txt prints no clock; its latest
	// past instants are "AUTHORIZED on Mar 13 08:09:28 2024 UTC" and the
	// last communication attempt at the same second. The next renewal
	// (Sep 09 2024) and the registration expiry (Mar 13 2025) are to come.
	c, err := Parse(bytes.NewReader(readCapture(t, "show_license_status_golden_output2.txt")), "")
	require.NoError(t, err)
	assert.Equal(t, utc(2024, 3, 13, 8, 9, 28), c.Taken())
}
