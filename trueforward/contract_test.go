package trueforward

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/pricing"
)

func TestAnniversary(t *testing.T) {
	tests := []struct {
		name  string
		start time.Time
		k     int
		want  time.Time
	}{
		{"the start itself", day(2027, 1, 1), 0, day(2027, 1, 1)},
		{"first", day(2027, 1, 1), 1, day(2028, 1, 1)},
		// 2025, 2026 and 2027 have no 29 February: the month's last day.
		{"leap start, common year", day(2024, 2, 29), 1, day(2025, 2, 28)},
		{"leap start, third", day(2024, 2, 29), 3, day(2027, 2, 28)},
		// Counted from the start, not from 2027-02-28: back on the 29th.
		{"leap start, next leap year", day(2024, 2, 29), 4, day(2028, 2, 29)},
		{"on the 31st", day(2027, 8, 31), 2, day(2029, 8, 31)},
		{"a time of day is dropped", time.Date(2027, 1, 1, 23, 59, 0, 0, time.FixedZone("EST", -5*3600)), 1, day(2028, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Contract{Start: tt.start, TermYears: 5}.Anniversary(tt.k))
		})
	}
	assert.Equal(t, day(2029, 2, 28), Contract{Start: day(2024, 2, 29), TermYears: 5}.End())
	assert.Equal(t, day(2032, 1, 1), Contract{Start: day(2027, 1, 1), TermYears: 5}.End())
}

func TestMonths(t *testing.T) {
	fiveYears := Contract{Start: day(2027, 1, 1), TermYears: 5} // ends 2032-01-01
	tests := []struct {
		name string
		c    Contract
		m    time.Time
		want int
	}{
		{"from the start: the whole term", fiveYears, day(2027, 1, 1), 60},
		{"an anniversary", fiveYears, day(2029, 1, 1), 36},
		// 2027-08-31 + 52 months = 2031-12-31 ≤ 2032-01-01; + 53 = 2032-01-31, after it.
		{"a milestone on the 31st", fiveYears, day(2027, 8, 31), 52},
		// 2027-01-31 + 59 months = 2031-12-31; + 60 = 2032-01-31, after the end.
		{"the 31st of the start month", fiveYears, day(2027, 1, 31), 59},
		// 2028-02-29 + 46 months = 2031-12-29; + 47 = 2032-01-29, after the end.
		{"a milestone on a leap day", fiveYears, day(2028, 2, 29), 46},
		{"a day short of the end", fiveYears, day(2031, 12, 2), 0},
		{"a month and a day before the end", fiveYears, day(2031, 11, 30), 1},
		{"on the end: nothing after the term", fiveYears, day(2032, 1, 1), 0},
		{"after the end: nothing after the term", fiveYears, day(2033, 6, 1), 0},
		// 2027-01-31 + 1 month is 2027-02-28: a whole month to a term ending that day.
		{"31 January to 28 February", Contract{Start: day(2026, 2, 28), TermYears: 1}, day(2027, 1, 31), 1},
		// Leap start: the term ends 2029-02-28; 2028-02-29 + 12 months = 2029-02-28.
		{"leap day to the end of a leap-day term", Contract{Start: day(2024, 2, 29), TermYears: 5}, day(2028, 2, 29), 12},
		{"on the 31st to a term ending on the 31st", Contract{Start: day(2027, 1, 31), TermYears: 5}, day(2031, 12, 31), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.c.Months(tt.m))
		})
	}
}

func TestContractValidate(t *testing.T) {
	base := Contract{Start: day(2027, 1, 1), TermYears: 5}
	with := func(m ...time.Time) Contract { c := base; c.Milestones = m; return c }
	tests := []struct {
		name string
		c    Contract
		want string
	}{
		{"no start", Contract{TermYears: 5}, "Start: missing"},
		{"no term", Contract{Start: day(2027, 1, 1)}, "TermYears: 0 is outside 1..30"},
		{"too long", Contract{Start: day(2027, 1, 1), TermYears: 31}, "TermYears: 31 is outside 1..30"},
		{"milestone before the start", with(day(2026, 12, 31)), "Milestones[0]: 2026-12-31 is not within the term (from 2027-01-01, before 2032-01-01)"},
		{"milestone on the end", with(day(2027, 4, 1), day(2032, 1, 1)), "Milestones[1]: 2032-01-01 is not within the term (from 2027-01-01, before 2032-01-01)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			require.EqualError(t, err, tt.want)
			var fe *pricing.FieldError
			assert.True(t, errors.As(err, &fe))
		})
	}
	assert.NoError(t, with(day(2027, 1, 1), day(2031, 12, 31)).Validate(), "the first and the last day of the term")
}

func TestContractOf(t *testing.T) {
	c, err := ContractOf(&pricing.Proposal{StartDate: day(2027, 1, 1), TermYears: 5})
	require.NoError(t, err)
	assert.Equal(t, Contract{Start: day(2027, 1, 1), TermYears: 5}, c)
	_, err = ContractOf(&pricing.Proposal{TermYears: 5})
	assert.EqualError(t, err, "start_date: missing: the true-forward milestones are anniversaries of the contract start")
	_, err = ContractOf(&pricing.Proposal{StartDate: day(2027, 1, 1), TermYears: 0})
	assert.EqualError(t, err, "TermYears: 0 is outside 1..30")
	_, err = ContractOf(nil)
	assert.Error(t, err)
}
