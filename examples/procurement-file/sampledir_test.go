package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWriteSampleRefusesNonEmptyDir: -write-sample overwrote a dataset the
// user had edited; it now refuses a directory that holds anything unless
// -force (issue 14 item 10).
func TestWriteSampleRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	edited := filepath.Join(dir, "smart_account.json")
	require.NoError(t, os.WriteFile(edited, []byte(`{"name":"Edited"}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644))

	code, stdout, stderr := runCmd(t, "-write-sample", dir, "-instances", "1000")
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "procurement-file: -write-sample "+dir+": the directory is not empty (it holds notes.txt, smart_account.json); "+
		"the sample would overwrite a dataset there: choose another directory, or add -force\n", stderr)
	data, err := os.ReadFile(edited)
	require.NoError(t, err)
	assert.Equal(t, `{"name":"Edited"}`, string(data), "the edited file is untouched")

	code, _, stderr = runCmd(t, "-write-sample", dir, "-instances", "1000", "-force")
	assert.Equal(t, 0, code, stderr)
	data, err = os.ReadFile(edited)
	require.NoError(t, err)
	assert.NotEqual(t, `{"name":"Edited"}`, string(data), "-force writes the sample")

	for name, target := range map[string]string{"new": filepath.Join(t.TempDir(), "a", "b"), "empty": t.TempDir()} {
		code, _, stderr := runCmd(t, "-write-sample", target, "-instances", "1000")
		assert.Equal(t, 0, code, name+": "+stderr)
	}
}

func TestCheckSampleDirNamesAFew(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.csv", "b.csv", "c.csv", "d.csv", "e.csv"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), nil, 0o644))
	}
	err := checkSampleDir(dir, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "(it holds a.csv, b.csv, c.csv and 2 more)")
	assert.NoError(t, checkSampleDir(dir, true))
}
