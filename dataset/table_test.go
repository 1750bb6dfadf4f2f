package dataset

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// referenceInstant is how instants were read before the direct path: every
// date through time.Date, every instant through time.Parse. parseInstant
// must give the same time.Time, field for field, and the same verdict.
func referenceInstant(s string) (time.Time, error) {
	if len(s) == 10 {
		return referenceDate(s)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 instant (2006-01-02T15:04:05Z) or a YYYY-MM-DD date", s)
	}
	return t.UTC(), nil
}

func referenceDate(s string) (time.Time, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, err1 := strconv.Atoi(s[:4])
		m, err2 := strconv.Atoi(s[5:7])
		d, err3 := strconv.Atoi(s[8:])
		digitsOnly := true
		for _, c := range s[:4] + s[5:7] + s[8:] {
			digitsOnly = digitsOnly && c >= '0' && c <= '9'
		}
		if digitsOnly && err1 == nil && err2 == nil && err3 == nil && y >= 1 && m >= 1 && m <= 12 &&
			d >= 1 && d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
			return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a YYYY-MM-DD date", s)
}

func TestParseInstantMatchesTimeParse(t *testing.T) {
	for _, s := range []string{
		"2026-10-30T08:15:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-02-29T12:00:00Z",
		"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1600-02-29T00:00:00Z", "2100-03-01T00:00:00Z",
		"0000-01-01T00:00:00Z", "2023-02-29T00:00:00Z", "2026-10-30T24:00:00Z", "2026-10-30T08:60:00Z",
		"2026-10-30T08:15:60Z", "2026-10-30t08:15:00z", "2026-10-30T08:15:00+02:00", "2026-10-30T08:15:00.5Z",
		"2026-10-30", "1900-02-29", "2000-02-29", "0001-01-01", "2026-13-01", "+026-10-30T08:15:00Z",
	} {
		got, err := parseInstant([]byte(s))
		want, wantErr := referenceInstant(s)
		if wantErr != nil {
			assert.EqualError(t, err, wantErr.Error(), s)
			continue
		}
		assert.NoError(t, err, s)
		assert.True(t, got == want, "%s: %#v, want %#v", s, got, want)
	}
}

func FuzzParseInstant(f *testing.F) {
	f.Add("2026-10-30T08:15:00Z")
	f.Add("2024-02-29")
	f.Add("2026-10-30T08:15:00.5+01:00")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseInstant([]byte(s))
		want, wantErr := referenceInstant(s)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("%q: error %v, want %v", s, err, wantErr)
		}
		if got != want {
			t.Fatalf("%q: %#v, want %#v", s, got, want)
		}
	})
}

func TestParseInt(t *testing.T) {
	for _, s := range []string{"0", "7", "+7", "-7", "007", "-0", "999999999999999999", "9223372036854775807",
		"9223372036854775808", "-9223372036854775808", "", "+", "-", "1.5", "1_000", "0x10", " 1", "١"} {
		n, ok := parseInt([]byte(s))
		want, err := strconv.ParseInt(s, 10, 64)
		assert.Equal(t, err == nil, ok, s)
		if ok {
			assert.Equal(t, want, n, s)
		}
	}
}

// TestFootprintDuplicates covers both paths of the duplicate check: UDIs
// told apart by their hash, and UDIs whose hashes collide (here, all of
// them), which fall back to comparing UDIs.
func TestFootprintDuplicates(t *testing.T) {
	udi := func(s string) smartaccount.UDI { return smartaccount.UDI{PID: "C9300-24UX", Serial: s} }
	devices := []smartaccount.Device{
		{UDI: udi("A"), Ref: smartaccount.Ref{Line: 2}},
		{UDI: udi("B"), Ref: smartaccount.Ref{Line: 3}},
		{UDI: udi("A"), Ref: smartaccount.Ref{Line: 4}},
		{Ref: smartaccount.Ref{Line: 5}}, // no UDI: already an error, not a duplicate
		{Ref: smartaccount.Ref{Line: 6}},
		{UDI: udi("B"), Ref: smartaccount.Ref{Line: 7}},
		{UDI: udi("A"), Ref: smartaccount.Ref{Line: 8}},
	}
	want := []duplicate{{index: 2, first: 2}, {index: 5, first: 3}, {index: 6, first: 2}}
	assert.Equal(t, want, duplicateDevices(devices, nil))
	assert.Equal(t, want, duplicateDevices(devices, func(smartaccount.UDI) uint64 { return 1 }))
}

// TestFootprintDuplicatesAcrossParts: with enough devices the keys are
// sorted in one part per processor and merged; a device listed again in
// another part than its first listing is still found, and in order.
func TestFootprintDuplicatesAcrossParts(t *testing.T) {
	// 40,000 devices on lines 2…40,001 whose serials repeat every 30,000:
	// devices 30,000…39,999 list again devices 0…9,999, first at lines
	// 2…10,001; with two parts (split at 20,000) every repeat crosses.
	devices := make([]smartaccount.Device, 40_000)
	for i := range devices {
		devices[i] = smartaccount.Device{UDI: smartaccount.UDI{PID: "C9300-24UX", Serial: fmt.Sprintf("FCW%08d", i%30_000)}, Ref: smartaccount.Ref{Line: i + 2}}
	}
	var want []duplicate
	for i := 30_000; i < 40_000; i++ {
		want = append(want, duplicate{index: i, first: i - 30_000 + 2})
	}
	assert.Equal(t, want, duplicateDevices(devices, nil))
}

func BenchmarkDuplicateDevices(b *testing.B) {
	devices := make([]smartaccount.Device, 1_000_000)
	for i := range devices {
		devices[i] = smartaccount.Device{UDI: smartaccount.UDI{PID: "C9300-24UX", Serial: fmt.Sprintf("FCW%08d", i%999_000)}, Ref: smartaccount.Ref{Line: i + 2}}
	}
	b.ResetTimer()
	for b.Loop() {
		if got := duplicateDevices(devices, nil); len(got) != 1000 {
			b.Fatalf("%d duplicates", len(got))
		}
	}
}
