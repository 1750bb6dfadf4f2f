package dataset

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// lyingFS claims every file is MaxCSVBytes long.
type lyingFS struct{ fstest.MapFS }

func (l lyingFS) Open(name string) (fs.File, error) {
	f, err := l.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return lyingFile{f}, nil
}

type lyingFile struct{ fs.File }

func (l lyingFile) Stat() (fs.FileInfo, error) {
	info, err := l.File.Stat()
	return lyingInfo{info}, err
}

type lyingInfo struct{ fs.FileInfo }

func (lyingInfo) Size() int64 { return MaxCSVBytes }

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// instanceRows returns a product_instances.csv of n short rows.
func instanceRows(n int) string {
	var b strings.Builder
	b.WriteString("udi_pid,udi_serial,virtual_account,license\n")
	for i := range n {
		fmt.Fprintf(&b, "C9300-24UX,FCW%07d,Vault,DNA\n", i)
	}
	return b.String()
}

// TestReadNeverSizesFromStat: the reader sized its slice from the size Stat
// reports after 1,024 rows, and a file claiming 4 GiB made it reserve tens
// of gigabytes — an uncatchable out-of-memory (issue 14 item 1). What it
// reserves now follows the bytes it has read: 3,900 rows of 33 bytes
// allocate a few megabytes, whatever Stat says.
func TestReadNeverSizesFromStat(t *testing.T) {
	fsys := validFS()
	fsys[ProductInstancesFile] = &fstest.MapFile{Data: []byte(instanceRows(3900))}
	var ds *Dataset
	var err error
	n := allocated(func() { ds, err = Read(context.Background(), lyingFS{fsys}) })
	require.NoError(t, err)
	assert.Len(t, ds.Snapshot.Instances, 3900)
	assert.Less(t, n, uint64(64<<20), "Read allocated %d bytes for a 130 KB file", n)
	t.Logf("Read allocated %d bytes", n)
}

// TestReadSparseFile: a real 4 GiB file, sparse after 3,900 rows, is
// refused at the first record beyond MaxLineBytes, with bounded memory and
// without reading the 4 GiB.
func TestReadSparseFile(t *testing.T) {
	dir := t.TempDir()
	for name, f := range validFS() {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), f.Data, 0o644))
	}
	name := filepath.Join(dir, ProductInstancesFile)
	require.NoError(t, os.WriteFile(name, []byte(instanceRows(3900)), 0o644))
	if err := os.Truncate(name, MaxCSVBytes); err != nil {
		t.Skipf("no sparse file here: %v", err)
	}
	var err error
	n := allocated(func() { _, err = Read(context.Background(), os.DirFS(dir)) })
	require.Error(t, err)
	// Line 3,902 is the first after the header and the 3,900 rows: NUL bytes
	// without a line break up to the end of the file.
	assert.Equal(t, "product_instances.csv:3902: a record is longer than 1048576 bytes: input larger than the accepted size", err.Error())
	assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
	assert.Less(t, n, uint64(64<<20), "Read allocated %d bytes", n)
	t.Logf("Read allocated %d bytes", n)
}
