package cssm_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func TestJournalFile(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		wantErr  string
		wantSize int64 // the file's size after opening
	}{
		{"new", "", "", 0},
		{"torn last line is cut off", `{"op":"plan","plan":"ab","requests":1}` + "\n" + `{"op":"inte`, "", 39},
		{"a bad line is an error with its line", `{"op":"plan"}` + "\n" + `not json` + "\n", "journal:2: not a journal event", 0},
		{"unknown event", `{"op":"plan"}` + "\n" + `{"op":"erase"}` + "\n", `journal:2: op "erase": unknown journal event`, 0},
		{"line too long", strings.Repeat("x", cssm.MaxJournalLine+10) + "\n", "longer than 1048576 bytes", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal")
			if tt.content != "" {
				require.NoError(t, os.WriteFile(path, []byte(tt.content), 0o600))
			}
			j, err := cssm.OpenJournal(path)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				if strings.Contains(tt.name, "too long") {
					assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
				} else {
					var pe *smartaccount.ParseError
					assert.ErrorAs(t, err, &pe)
				}
				return
			}
			require.NoError(t, err)
			defer j.Close()
			st, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, tt.wantSize, st.Size())
			assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
		})
	}
}
