package slp_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/slp"
	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func readCapture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("capture", "testdata", "captures", name))
	require.NoError(t, err)
	return data
}

// row is what a test sees of one File.
type row struct {
	Path    string
	Command capture.Command
	Reports int    // read from a usage file
	Err     string // the reason, by the sentinel it wraps
}

// collect reads every file, streaming the reports of usage files.
func collect(t *testing.T, fsys fs.FS, paths ...string) ([]row, []slp.File) {
	t.Helper()
	var rows []row
	var files []slp.File
	for f, err := range slp.ReadFiles(context.Background(), fsys, paths...) {
		require.NoError(t, err)
		r := row{Path: f.Path}
		if f.Capture != nil {
			r.Command = f.Capture.Command
		}
		if f.Usage != nil {
			for {
				_, err := f.Usage.Next(context.Background())
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				r.Reports++
			}
		}
		switch {
		case errors.Is(f.Err, slp.ErrEmpty):
			r.Err = "empty"
		case errors.Is(f.Err, slp.ErrBinary):
			r.Err = "binary"
		case errors.Is(f.Err, capture.ErrNotCapture):
			r.Err = "not a capture"
		case errors.Is(f.Err, rum.ErrDTD):
			r.Err = "DTD"
		case errors.Is(f.Err, smartaccount.ErrTooLarge):
			r.Err = "too large"
		case errors.Is(f.Err, fs.ErrNotExist):
			r.Err = "not exist"
		case f.Err != nil:
			r.Err = f.Err.Error()
		}
		rows = append(rows, r)
		files = append(files, f)
	}
	return rows, files
}

// utf16le encodes s as UTF-16LE with its byte-order mark, as Windows
// PowerShell saves the output of a command.
func utf16le(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, r := range s { // ASCII only in the tests
		b = append(b, byte(r), 0)
	}
	return b
}

// TestReadFiles reads a folder of mixed files on disk and lists every file
// with what it is or why it was skipped.
func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	write("fleet/a-status.txt", readCapture(t, "show_license_status_golden_output2.txt"))
	write("fleet/b-junk.txt", []byte("interface Gi1/0/1\n description uplink\n"))
	write("fleet/c/udi.txt", readCapture(t, "show_license_udi_golden_output2.txt"))
	write("fleet/d-bad-date.txt", []byte("Usage Reporting:\n  Last ACK received: Jul 02 13:13:37 2024 XYZ\n"))
	usage, err := os.ReadFile(filepath.Join("rum", "testdata", "example-rum-1671840750.xml"))
	require.NoError(t, err)
	write("fleet/g-usage.xml", usage)
	write("fleet/h-empty.txt", nil)
	write("fleet/i-blank.txt", []byte("\r\n  \n"))
	write("fleet/j-photo.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"))
	write("fleet/k-dtd.xml", []byte("<?xml version=\"1.0\"?>\n<!DOCTYPE smartLicense [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<smartLicense>&x;</smartLicense>"))
	write("fleet/l-auth.xml", []byte("<specificPLR><authorizationCode/></specificPLR>"))
	write("fleet/m-utf16.txt", utf16le("sw9#show license udi\r\nUDI: PID:C9300-24UX,SN:FCW2222A0AA\r\n"))
	write("fleet/.hidden.txt", readCapture(t, "show_license_udi_golden_output2.txt"))
	write("fleet/.git/HEAD", []byte("ref: refs/heads/main\n"))
	require.NoError(t, os.Symlink(filepath.Join(dir, "fleet", "c"), filepath.Join(dir, "fleet", "e-link-dir")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "fleet", "c", "udi.txt"), filepath.Join(dir, "fleet", "f-link.txt")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "fleet", "n-broken-link")))
	write("big.txt", bytes.Repeat([]byte("Status: x\n"), capture.MaxBytes/10+1)) // 8,388,610 bytes of text
	write("single.txt", readCapture(t, "show_license_rumidall_golden_1.txt"))

	rows, files := collect(t, os.DirFS(dir), "fleet", "big.txt", "single.txt", "missing")
	want := []row{
		{Path: "fleet/a-status.txt", Command: capture.CommandStatus},
		{Path: "fleet/b-junk.txt", Err: "not a capture"},
		{Path: "fleet/c/udi.txt", Command: capture.CommandUDI},
		{Path: "fleet/d-bad-date.txt", Command: capture.CommandStatus},
		{Path: "fleet/e-link-dir", Err: "a link to a folder, not followed (give the folder itself to read it)"},
		{Path: "fleet/f-link.txt", Command: capture.CommandUDI},
		{Path: "fleet/g-usage.xml", Reports: 1},
		{Path: "fleet/h-empty.txt", Err: "empty"},
		{Path: "fleet/i-blank.txt", Err: "empty"},
		{Path: "fleet/j-photo.jpg", Err: "binary"},
		{Path: "fleet/k-dtd.xml", Err: "DTD"},
		{Path: "fleet/l-auth.xml", Err: "not a capture"},
		{Path: "fleet/m-utf16.txt", Command: capture.CommandUDI},
		{Path: "fleet/n-broken-link", Err: "not exist"},
		{Path: "big.txt", Err: "too large"},
		{Path: "single.txt", Command: capture.CommandRUMIDAll},
		{Path: "missing", Err: "not exist"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	msg := func(path string) string {
		for _, f := range files {
			if f.Path == path {
				return f.Err.Error()
			}
		}
		return ""
	}
	// Every reason names the file; the ones a user acts on say why.
	for path, want := range map[string]string{
		"fleet/b-junk.txt":    "fleet/b-junk.txt: not a recognised show license capture: no heading or line shape of a known command",
		"fleet/h-empty.txt":   "fleet/h-empty.txt: empty file",
		"fleet/i-blank.txt":   "fleet/i-blank.txt: empty file: blank lines only",
		"fleet/j-photo.jpg":   "fleet/j-photo.jpg: binary file, not text (byte 0x00 at offset 4)",
		"fleet/k-dtd.xml":     "fleet/k-dtd.xml: an XML document with a DTD, refused: DTD or markup declaration (<!…>) not accepted",
		"fleet/l-auth.xml":    "fleet/l-auth.xml: not a recognised show license capture: an XML or HTML document <specificPLR>, not a usage file",
		"big.txt":             "big.txt: 8388610 bytes, more than the 8 MiB a capture may hold (capture.MaxBytes): input larger than the accepted size",
		"missing":             "stat missing: no such file or directory",
		"fleet/n-broken-link": "a link that leads nowhere: stat fleet/n-broken-link: no such file or directory",
	} {
		assert.Equal(t, want, msg(path), path)
	}
	var status, badDate, utf16 *capture.Capture
	for _, f := range files {
		switch f.Path {
		case "fleet/a-status.txt":
			status = f.Capture
		case "fleet/d-bad-date.txt":
			badDate = f.Capture
		case "fleet/m-utf16.txt":
			utf16 = f.Capture
		}
	}
	assert.Equal(t, "c1000v-5", status.Hostname)
	assert.Equal(t, "fleet/a-status.txt", status.File)
	require.Len(t, badDate.Warnings, 1)
	assert.Equal(t, `fleet/d-bad-date.txt:2:22: Last ACK received "Jul 02 13:13:37 2024 XYZ": unknown time zone "XYZ"`, badDate.Warnings[0].Error())
	assert.Equal(t, "sw9", utf16.Hostname)
	assert.Equal(t, smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2222A0AA"}, utf16.UDI)
}

func TestReadFilesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n := 0
	var last error
	for f, err := range slp.ReadFiles(ctx, os.DirFS("capture/testdata"), "captures") {
		n++
		last = err
		assert.Zero(t, f)
	}
	assert.Equal(t, 1, n, "one yield: the context's error")
	assert.ErrorIs(t, last, context.Canceled)
}

// TestReadFilesStops: breaking out of the loop stops the walk.
func TestReadFilesStops(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt": {Data: readCapture(t, "show_license_udi_golden_output2.txt")},
		"b.txt": {Data: readCapture(t, "show_license_udi_golden_output1.txt")},
	}
	var seen []string
	for f := range slp.ReadFiles(context.Background(), fsys, ".") {
		seen = append(seen, f.Path)
		break
	}
	assert.Equal(t, []string{"a.txt"}, seen)
}
