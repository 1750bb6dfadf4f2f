package slp_test

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/internal/heaptest"
	"github.com/openrenewal/smartlicensing/slp"
)

// genUsage is a usage file of at least size bytes, generated as it is read
// so that it costs no memory of its own: small reports (one ENTITLEMENT
// window each, ≈ 400 bytes) from 500 devices.
type genUsage struct {
	size, done int
	i          int
	pending    []byte
	closed     bool
}

func (g *genUsage) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(g.pending) == 0 {
			switch {
			case g.i == 0 && g.done == 0:
				g.pending = []byte("<smartLicense>\n")
			case g.done < g.size:
				g.pending = fmt.Appendf(g.pending[:0], `<RUMReport><![CDATA[{"payload":"{\"version\":\"2.0\",\"asset_identification\":{\"report_id\":%d,\"instance\":{\"sudi\":{\"udi_pid\":\"C9300-24UX\",\"udi_serial_number\":\"FCW%05d\"}}},\"meta\":{\"entitlement_tag\":\"regid.2017-05.com.cisco.c9300_dna_advantage\"},\"measurements\":[{\"log_time\":%d,\"metric_name\":\"ENTITLEMENT\",\"start_time\":%d,\"end_time\":%d,\"value\":{\"type\":\"COUNT\",\"value\":\"%d\"}}]}"}]]></RUMReport>`+"\n",
					1000000+g.i, g.i%500, 1671880245+g.i, 1671880245+g.i, 1671880305+g.i, g.i%7)
				g.i++
			case !g.closed:
				g.pending, g.closed = []byte("</smartLicense>\n"), true
			default:
				return n, io.EOF
			}
		}
		k := copy(p[n:], g.pending)
		g.pending, n, g.done = g.pending[k:], n+k, g.done+k
	}
	return n, nil
}

// genFS is a file system of one generated usage file, usage.xml.
type genFS struct{ size int }

func (g genFS) Open(name string) (fs.File, error) {
	if name != "usage.xml" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &genFile{genUsage: &genUsage{size: g.size}}, nil
}

type genFile struct{ *genUsage }

func (f *genFile) Stat() (fs.FileInfo, error) { return genInfo{}, nil }
func (f *genFile) Close() error               { return nil }

type genInfo struct{}

func (genInfo) Name() string       { return "usage.xml" }
func (genInfo) Size() int64        { return -1 } // not known before it is read
func (genInfo) Mode() fs.FileMode  { return 0o444 }
func (genInfo) ModTime() time.Time { return time.Time{} }
func (genInfo) IsDir() bool        { return false }
func (genInfo) Sys() any           { return nil }

// readUsage reads the generated file through ReadFiles and counts its
// reports; it returns the count and the bytes read.
func readGenerated(tb testing.TB, size int) (reports int) {
	for f, err := range slp.ReadFiles(context.Background(), genFS{size}, "usage.xml") {
		require.NoError(tb, err)
		require.NoError(tb, f.Err)
		require.NotNil(tb, f.Usage)
		for {
			_, err := f.Usage.Next(context.Background())
			if err == io.EOF {
				break
			}
			require.NoError(tb, err)
			reports++
		}
	}
	return reports
}

// TestReadFilesStreams: reading a usage file holds one report at a time.
// ReadFiles used to parse every file before returning, holding ≈ 3.3× a
// file of small reports (676 MB peak heap for 200 MB); the peak is now a
// small, fixed working set whatever the size, well under half the file.
func TestReadFilesStreams(t *testing.T) {
	size := 32 << 20
	if heaptest.Race || testing.Short() {
		size = 8 << 20
	}
	var reports int
	peak := heaptest.Peak(func() { reports = readGenerated(t, size) })
	assert.Greater(t, reports, size/500, "≈ 460 bytes a report")
	t.Logf("peak heap %d bytes for a %d-byte usage file", peak, size)
	assert.Less(t, peak, uint64(size/2), "peak heap %d bytes for a %d-byte usage file", peak, size)
}

// BenchmarkReadFilesUsage reads a generated 200 MB usage file of small
// reports through ReadFiles and reports the peak heap seen (sampled) in MB.
func BenchmarkReadFilesUsage(b *testing.B) {
	const size = 200 << 20
	b.SetBytes(size)
	var peak uint64
	for b.Loop() {
		peak = max(peak, heaptest.Peak(func() { readGenerated(b, size) }))
	}
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
}
