package capture

import (
	"strings"
	"testing"
	"time"
)

func TestCaptureParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"Jul 02 13:13:37 2024 UTC", utc(2024, 7, 2, 13, 13, 37)},
		{"Tue Jul 02 2024 13:13:37 UTC", utc(2024, 7, 2, 13, 13, 37)},
		{"Jan 05 2023 12:19:01 UTC", utc(2023, 1, 5, 12, 19, 1)},
		{"Sep 1 11:04:51 2023 PDT", utc(2023, 9, 1, 18, 4, 51)},
		{"Dec  3 08:23:45 2021 GMT", utc(2021, 12, 3, 8, 23, 45)},
		{"Dec 18 11:05:11 2023 EDT", utc(2023, 12, 18, 15, 5, 11)},
		{"Dec 18 11:05:11 2023 est", utc(2023, 12, 18, 16, 5, 11)},
		{"Mar 13 08:09:24 2024 cst", utc(2024, 3, 13, 14, 9, 24)},
		{"Mar 13 08:09:24 2024 MDT", utc(2024, 3, 13, 14, 9, 24)},
		{"Mar 13 08:09:24 2024 IST", utc(2024, 3, 13, 2, 39, 24)},
		{"Mar 13 08:09:24 2024 ist", utc(2024, 3, 13, 2, 39, 24)},
		{"Mar 13 08:09:24 2024 CET", utc(2024, 3, 13, 7, 9, 24)},
		{"Jul 13 08:09:24 2024 CEST", utc(2024, 7, 13, 6, 9, 24)},
		{"Jul 13 08:09:24 2024 BST", utc(2024, 7, 13, 7, 9, 24)},
		{"Jul 13 08:09:24 2024 +0530", utc(2024, 7, 13, 2, 39, 24)},
		{"Jul 13 08:09:24 2024 -07:00", utc(2024, 7, 13, 15, 9, 24)},
		{"Jul 13 08:09:24 2024", utc(2024, 7, 13, 8, 9, 24)}, // no zone: UTC
		{"Feb 29 00:00:00 2024 UTC", utc(2024, 2, 29, 0, 0, 0)},
		{"2021-11-17 03:31:32.920 UTC", time.Date(2021, 11, 17, 3, 31, 32, 920e6, time.UTC)},
		{".05:30:30.132 UTC Fri Oct 22 2021", time.Date(2021, 10, 22, 5, 30, 30, 132e6, time.UTC)},
		{"*11:04:51.711 PDT Fri Sep 1 2023", time.Date(2023, 9, 1, 18, 4, 51, 711e6, time.UTC)},
		// Never / not set.
		{"Jan 01 00:00:00 1970 UTC", time.Time{}},
		{"Dec 31 19:00:00 1969 EST", time.Time{}}, // the epoch in New York
		{"<none>", time.Time{}},
		{"<empty>", time.Time{}},
		{"None", time.Time{}},
		{"Not Configured", time.Time{}},
		{"Expired Not Rescheduled", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseTime(tt.in)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("got %v, want %v (UTC)", got, tt.want)
			}
		})
	}
}

func TestCaptureParseTimeErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"Jul 02 13:13:37 2024 XYZ", `unknown time zone "XYZ"`},
		{"Feb 29 00:00:00 2023 UTC", "day 29 out of range"},
		{"Jul 02 25:13:37 2024 UTC", "out of range"},
		{"Jul 02 13:61:37 2024 UTC", "out of range"},
		{"Jul 02 2024 UTC", "no time of day"},
		{"Jul 13:13:37 2024 UTC", "no day, month and year"},
		{"13:13:37", "no day, month and year"},
		{"Jul 02 13:13:37 2024 UTC (6 hours remaining)", "unexpected"},
		{"2021-1x-17 03:31:32 UTC", "bad date"},
		{"Jul 02 13:13:37.1234567890 2024", "bad time of day"},
		{"Jul 02 13:13:37 2024 +2500", "out of range"},
		{"soon", `unknown time zone "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseTime(tt.in)
			if err == nil {
				t.Fatalf("no error, got %v", got)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q lacks %q", err, tt.wantErr)
			}
		})
	}
}

func TestCaptureParseDuration(t *testing.T) {
	d, err := parseDuration("89 days, 1 hours, 33 minutes, 51 seconds")
	if want := 89*24*time.Hour + time.Hour + 33*time.Minute + 51*time.Second; err != nil || d != want {
		t.Errorf("got %v, %v; want %v", d, err, want)
	}
	for _, bad := range []string{"", "89 days, 1", "89 fortnights", "x days"} {
		if _, err := parseDuration(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
