package slp_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("fleet/a-status.txt", readCapture(t, "show_license_status_golden_output2.txt"))
	write("fleet/b-junk.txt", []byte("interface Gi1/0/1\n description uplink\n"))
	write("fleet/c/udi.txt", readCapture(t, "show_license_udi_golden_output2.txt"))
	write("fleet/d-bad-date.txt", []byte("Usage Reporting:\n  Last ACK received: Jul 02 13:13:37 2024 XYZ\n"))
	rum, err := os.ReadFile(filepath.Join("rum", "testdata", "example-rum-1671840750.xml"))
	if err != nil {
		t.Fatal(err)
	}
	write("fleet/g-usage.xml", rum)
	write("fleet/.hidden.txt", readCapture(t, "show_license_udi_golden_output2.txt"))
	write("fleet/.git/HEAD", []byte("ref: refs/heads/main\n"))
	if err := os.Symlink(filepath.Join(dir, "fleet", "c"), filepath.Join(dir, "fleet", "e-link-dir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "fleet", "c", "udi.txt"), filepath.Join(dir, "fleet", "f-link.txt")); err != nil {
		t.Fatal(err)
	}
	big := write("big.txt", nil)
	if err := os.Truncate(big, capture.MaxBytes+1); err != nil {
		t.Fatal(err)
	}
	single := write("single.txt", readCapture(t, "show_license_rumidall_golden_1.txt"))
	missing := filepath.Join(dir, "missing")

	got, err := slp.ReadFiles(context.Background(), filepath.Join(dir, "fleet"), big, single, missing)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Path    string
		Command capture.Command
		Reports int // of a usage file
		Err     string
	}
	var rows []row
	for _, f := range got {
		r := row{Path: strings.TrimPrefix(f.Path, dir+string(filepath.Separator))}
		if f.Capture != nil {
			r.Command = f.Capture.Command
		}
		if f.Usage != nil {
			r.Reports = len(f.Usage.Reports)
		}
		switch {
		case errors.Is(f.Err, capture.ErrNotCapture):
			r.Err = "unknown"
		case errors.Is(f.Err, smartaccount.ErrTooLarge):
			r.Err = "too large"
		case errors.Is(f.Err, fs.ErrNotExist):
			r.Err = "not exist"
		case f.Err != nil:
			r.Err = f.Err.Error()
		}
		rows = append(rows, r)
	}
	want := []row{
		{Path: filepath.Join("fleet", "a-status.txt"), Command: capture.CommandStatus},
		{Path: filepath.Join("fleet", "b-junk.txt"), Err: "unknown"},
		{Path: filepath.Join("fleet", "c", "udi.txt"), Command: capture.CommandUDI},
		{Path: filepath.Join("fleet", "d-bad-date.txt"), Command: capture.CommandStatus},
		{Path: filepath.Join("fleet", "f-link.txt"), Command: capture.CommandUDI},
		{Path: filepath.Join("fleet", "g-usage.xml"), Reports: 1},
		{Path: "big.txt", Err: "too large"},
		{Path: "single.txt", Command: capture.CommandRUMIDAll},
		{Path: "missing", Err: "not exist"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if msg := got[6].Err.Error(); !strings.Contains(msg, "big.txt") || !strings.Contains(msg, "8388609 bytes") {
		t.Errorf("too-large error %q lacks the file or its size", msg)
	}
	if msg := got[1].Err.Error(); !strings.Contains(msg, "b-junk.txt") {
		t.Errorf("error %q lacks the file", msg)
	}
	w := got[3].Capture.Warnings
	if len(w) != 1 || w[0].File != got[3].Path || !strings.HasPrefix(w[0].Error(), got[3].Path+":2:22: ") {
		t.Errorf("warning %v does not name file, line and column", w)
	}
	if got[0].Capture.Hostname != "c1000v-5" {
		t.Errorf("hostname %q", got[0].Capture.Hostname)
	}
}

func TestReadFilesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := slp.ReadFiles(ctx, filepath.Join("capture", "testdata", "captures"))
	if !errors.Is(err, context.Canceled) || len(got) != 0 {
		t.Errorf("got %d files, err %v; want none and context.Canceled", len(got), err)
	}
}

func readCapture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("capture", "testdata", "captures", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
