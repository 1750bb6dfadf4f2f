package cssm_test

import (
	"fmt"
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
	const plan = `{"op":"plan","plan":"ab","requests":2}` + "\n"
	done := func(index int, key string) string {
		return fmt.Sprintf(`{"op":"done","index":%d,"key":%q,"how":"sent"}`, index, key) + "\n"
	}
	tests := []struct {
		name     string
		content  string
		wantErr  string
		wantSize int64 // the file's size after opening
	}{
		{"new", "", "", 0},
		{"torn last line is cut off", plan + `{"op":"inte`, "", int64(len(plan))},
		{"a bad line is an error with its line", plan + `not json` + "\n", "journal:2: not a journal event", 0},
		{"unknown event", plan + `{"op":"erase"}` + "\n", `journal:2: op "erase": unknown journal event`, 0},
		{"a complete journal", plan + done(1, "k1") + done(2, "k2"), "", int64(len(plan + done(1, "k1") + done(2, "k2")))},
		{"an event before the plan", done(1, "k1") + plan, `journal:1: op "done": the journal does not start with its plan`, 0},
		{"a second plan", plan + done(1, "k1") + plan, `journal:3: op "plan": a second plan in one journal`, 0},
		{"a plan without its digest", `{"op":"plan","requests":2}` + "\n", "journal:1: plan: a plan event without its digest, or with a negative number of requests", 0},
		{"a negative number of requests", `{"op":"plan","plan":"ab","requests":-1}` + "\n", "journal:1: plan \"ab\": a plan event without its digest", 0},
		{"the plan of an empty plan", `{"op":"plan","plan":"ab"}` + "\n", "", int64(len(`{"op":"plan","plan":"ab"}` + "\n"))},
		{"an index outside the plan", plan + done(3, "k3"), `journal:2: index "3": not a request of the plan (1 to 2)`, 0},
		{"index 0", plan + `{"op":"intent","key":"k1"}` + "\n", `journal:2: index "0": not a request of the plan (1 to 2)`, 0},
		{"an event without its key", plan + `{"op":"refused","index":1}` + "\n", "journal:2: key: an event without its request's key", 0},
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
