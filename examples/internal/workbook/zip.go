package workbook

import (
	"archive/zip"
	"cmp"
	"compress/flate"
	"io"
	"io/fs"
	"os"
	"slices"
)

// sortedZip is the excelize.ZipWriter that makes the workbook
// deterministic: excelize creates the entries of streamed sheets in the
// order of a Go map, so sortedZip compresses the entries as they come into
// a temporary file, then copies them, still compressed, into the archive
// in name order when closed.
type sortedZip struct {
	out io.Writer
	tmp *os.File
	zw  *zip.Writer
	err error
}

func newSortedZip(out io.Writer) *sortedZip {
	z := &sortedZip{out: out}
	if z.tmp, z.err = os.CreateTemp("", "workbook-*.zip"); z.err == nil {
		z.zw = zip.NewWriter(z.tmp)
		// Sheets of a million rows compress well at the fastest level;
		// the default level costs twice the time for a few per cent.
		z.zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(w, flate.BestSpeed)
		})
	}
	return z
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if z.err != nil {
		return nil, z.err
	}
	return z.zw.Create(name)
}

func (z *sortedZip) AddFS(fsys fs.FS) error {
	if z.err != nil {
		return z.err
	}
	return z.zw.AddFS(fsys)
}

// Close writes the archive: the entries in name order.
func (z *sortedZip) Close() error {
	if z.tmp == nil {
		return z.err
	}
	defer os.Remove(z.tmp.Name())
	defer z.tmp.Close()
	if z.err != nil {
		return z.err
	}
	if err := z.zw.Close(); err != nil {
		return err
	}
	size, err := z.tmp.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	r, err := zip.NewReader(z.tmp, size)
	if err != nil {
		return err
	}
	files := slices.SortedFunc(slices.Values(r.File), func(a, b *zip.File) int { return cmp.Compare(a.Name, b.Name) })
	out := zip.NewWriter(z.out)
	for _, f := range files {
		if err := out.Copy(f); err != nil {
			return err
		}
	}
	return out.Close()
}
