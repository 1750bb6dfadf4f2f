package capture

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Fuzz targets: one per command parser, one for the detector, one for the
// timestamp reader. Seeds are the captures of testdata/captures. No input
// may panic; results must keep their invariants. Inputs above
// MaxBytes are refused before parsing (see TestParseErrors).

// fuzzSeeds adds the captures whose names contain one of the fragments.
func fuzzSeeds(f *testing.F, fragments ...string) {
	files, err := filepath.Glob(filepath.Join("testdata", "captures", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		for _, frag := range fragments {
			if strings.Contains(filepath.Base(p), frag) {
				data, err := os.ReadFile(p)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data)
				break
			}
		}
	}
}

// checkCapture checks the invariants of a parse result.
func checkCapture(t *testing.T, data []byte, c *Capture) {
	lines := bytes.Count(data, []byte{'\n'}) + 1
	for _, w := range c.Warnings {
		if w.Line < 1 || w.Line > lines || w.Column < 0 || len(w.Value) > 80 || w.Err == nil {
			t.Fatalf("bad warning %+v (input has %d lines)", w, lines)
		}
	}
	for _, tm := range []time.Time{c.Clock, c.PolicyInstalled} {
		if !tm.IsZero() && tm.Location() != time.UTC {
			t.Fatalf("time %v is not UTC", tm)
		}
	}
	if _, err := json.Marshal(c); err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
}

func fuzzCommand(f *testing.F, cmd Command, fragments ...string) {
	fuzzSeeds(f, fragments...)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseAs(cmd, bytes.NewReader(data), "fuzz")
		if err != nil {
			t.Fatalf("ParseAs(%v): %v", cmd, err)
		}
		if c.Command != cmd {
			t.Fatalf("command %v, want %v", c.Command, cmd)
		}
		checkCapture(t, data, c)
	})
}

func FuzzParseStatus(f *testing.F)   { fuzzCommand(f, CommandStatus, "status") }
func FuzzParseSummary(f *testing.F)  { fuzzCommand(f, CommandSummary, "summary") }
func FuzzParseUsage(f *testing.F)    { fuzzCommand(f, CommandUsage, "usage") }
func FuzzParseAll(f *testing.F)      { fuzzCommand(f, CommandAll, "license_all") }
func FuzzParseUDI(f *testing.F)      { fuzzCommand(f, CommandUDI, "udi") }
func FuzzParseRUMIDAll(f *testing.F) { fuzzCommand(f, CommandRUMIDAll, "rumidall") }
func FuzzParseEventlog(f *testing.F) { fuzzCommand(f, CommandEventlog, "eventlog") }
func FuzzParseASAAll(f *testing.F)   { fuzzCommand(f, CommandASAAll, "asa_") }

func FuzzParseTechSupport(f *testing.F) { fuzzCommand(f, CommandTechSupport, "techsupport") }
func FuzzParseRUMIDDetail(f *testing.F) { fuzzCommand(f, CommandRUMIDDetail, "rumiddetail") }

func FuzzParseNXOSUsage(f *testing.F) {
	f.Add([]byte("Feature   Ins  Lic   Status Expiry Date Comments\n          Count\n-----\n" +
		"LAN_ENTERPRISE_SERVICES_PKG   Yes   -   In use Never       -\nPORT_PKG  Yes  16  In use 25 Oct 2014 -\n"))
	fuzzCommand(f, CommandNXOSUsage, "nxos")
}

func FuzzDetect(f *testing.F) {
	fuzzSeeds(f, "")
	f.Fuzz(func(t *testing.T, data []byte) {
		cmd := Detect(data)
		if !commands.Valid(cmd) {
			t.Fatalf("Detect = %d", cmd)
		}
		c, err := Parse(bytes.NewReader(data), "fuzz")
		if cmd == CommandUnknown {
			if err == nil {
				t.Fatal("Parse accepted what Detect did not recognise")
			}
			return
		}
		if err != nil || c.Command != cmd {
			t.Fatalf("Detect = %v, Parse = %v, %v", cmd, c, err)
		}
		checkCapture(t, data, c)
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{
		"Jul 02 13:13:37 2024 UTC", "Tue Jul 02 2024 13:13:37 UTC", "Jan 05 2023 12:19:01 UTC",
		"2021-11-17 03:31:32.920 UTC", ".05:30:30.132 UTC Fri Oct 22 2021", "Dec 03 08:23:45 2021 ist",
		"Jan 01 00:00:00 1970 UTC", "Jul 13 08:09:24 2024 -07:00", "<none>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := parseTime(s)
		if err != nil && !tm.IsZero() {
			t.Fatalf("error %v with a time %v", err, tm)
		}
		if !tm.IsZero() && (tm.Location() != time.UTC || tm.Unix() == 0) {
			t.Fatalf("time %v is not a UTC instant", tm)
		}
	})
}

func BenchmarkParseTechSupport(b *testing.B) {
	data := readCapture(b, "show_license_techsupport_golden_output.txt")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(data), ""); err != nil {
			b.Fatal(err)
		}
	}
}
