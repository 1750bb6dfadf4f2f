package workbook

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rowsOf returns n bytes of worksheet-like text, compressible as a sheet is.
func rowsOf(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c t="inlineStr"><is><t>FOC%07d</t></is></c></row>`, i, i*7919%1_000_003)
	}
	return b.Bytes()[:n]
}

// compress writes data to a stream of d in pieces of at most piece bytes.
func compress(t *testing.T, d *deflater, data []byte, piece int) []byte {
	t.Helper()
	var out bytes.Buffer
	s, err := d.stream(&out)
	require.NoError(t, err)
	for p := data; len(p) > 0; {
		k := min(piece, len(p))
		n, err := s.Write(p[:k])
		require.NoError(t, err)
		require.Equal(t, k, n)
		p = p[k:]
	}
	require.NoError(t, s.Close())
	return out.Bytes()
}

func TestDeflaterStreamsInflate(t *testing.T) {
	sizes := []struct {
		name string
		n    int
	}{
		{"empty", 0}, {"a byte", 1}, {"a block less a byte", blockSize - 1}, {"a block", blockSize},
		{"a block and a byte", blockSize + 1}, {"more blocks than are in flight", 6*blockSize + 17},
	}
	d := newDeflater(2)
	defer d.stop()
	one := newDeflater(1)
	defer one.stop()
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			data := rowsOf(size.n)
			got := compress(t, d, data, 1<<16)
			back, err := io.ReadAll(flate.NewReader(bytes.NewReader(got)))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(data, back), "inflates to what was written")
			// The bytes depend on the input alone: not on how it was cut
			// into writes, nor on how many workers compressed it.
			assert.Equal(t, got, compress(t, d, data, 4093), "written in other pieces")
			assert.Equal(t, got, compress(t, one, data, len(data)+1), "in one write, by one worker")
		})
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestDeflaterReportsTheWritersError(t *testing.T) {
	d := newDeflater(2)
	defer d.stop()
	full := errors.New("disk full")
	s, err := d.stream(failingWriter{full})
	require.NoError(t, err)
	_, err = s.Write(rowsOf(blockSize / 2))
	require.NoError(t, err, "half a block is held, not written")
	assert.ErrorIs(t, s.Close(), full)

	// A stream that fails while blocks are in flight fails its Write, and
	// the deflater serves the next stream.
	s, _ = d.stream(failingWriter{full})
	_, err = s.Write(rowsOf(10 * blockSize))
	assert.ErrorIs(t, err, full)
	data := rowsOf(3*blockSize + 5)
	back, err := io.ReadAll(flate.NewReader(bytes.NewReader(compress(t, d, data, 1<<20))))
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, back))
}
