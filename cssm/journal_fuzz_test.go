package cssm

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// FuzzJournal opens arbitrary journal files. None may panic; one that does
// not open is a ParseError naming its line (or too large); one that opens
// keeps a prefix of its lines, and when it matches the plan every request
// it counts done is one of the plan's.
func FuzzJournal(f *testing.F) {
	plan := &virtualaccount.Plan{Transfers: []virtualaccount.Transfer{
		{License: "A", Type: smartaccount.Term, From: "Pool", To: "Branch", Quantity: 5},
		{License: "B", Type: smartaccount.Term, From: "Spare", To: "Branch", Quantity: 7},
	}}
	reqs, err := PrepareRequests(ProfileLegacy, "fuzz.example", plan)
	if err != nil {
		f.Fatal(err)
	}
	head := fmt.Sprintf(`{"op":"plan","plan":%q,"domain":"fuzz.example","requests":%d}`+"\n", planDigest(reqs), len(reqs))
	intent := fmt.Sprintf(`{"op":"intent","index":1,"key":%q,"before":{"Pool|A|TERM":5},"after":{"Pool|A|TERM":0}}`+"\n", reqs[0].Key)
	done := fmt.Sprintf(`{"op":"done","index":1,"key":%q,"how":"sent"}`+"\n", reqs[0].Key)
	for _, seed := range []string{"", head, head + intent, head + intent + done, head + intent + done[:20],
		head + `{"op":"done","index":2,"key":"x"}` + "\n", `{"op":"done","index":1}` + "\n" + head} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "journal")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		j, err := OpenJournal(path)
		if err != nil {
			var pe *smartaccount.ParseError
			if !errors.As(err, &pe) && !errors.Is(err, smartaccount.ErrTooLarge) {
				t.Fatalf("not a ParseError: %v", err)
			}
			return
		}
		defer j.Close()
		kept, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, kept) {
			t.Fatalf("the journal kept %q of %q", kept, data)
		}
		st := j.state()
		if j.matches(reqs) != nil {
			return
		}
		for index := range st.done {
			if index < 1 || index > len(reqs) {
				t.Fatalf("request %d counted done in a plan of %d", index, len(reqs))
			}
		}
	})
}
