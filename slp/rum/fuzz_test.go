package rum

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzRUMJSON holds the envelope and payload decoder to encoding/json: it
// accepts exactly the documents encoding/json accepts, and decodes strings
// to the same bytes (for valid UTF-8, where encoding/json does not replace
// bytes).
func FuzzRUMJSON(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `""`, `0`, `-0.5e+7`, `true`, `null`, `{"a":[1,{"b":null}],"c":"\u00e9\ud83d\ude00\n"}`,
		`{"a":}`, `[1,]`, `01`, `1.`, `"\x"`, `"a` + "\t" + `"`, `"\ud800"`, `{"a" 1}`, `[1 2]`, ` {"a":1} `, `{"a":1}x`, `tru`, `-`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if bytes.Count(b, []byte("["))+bytes.Count(b, []byte("{")) > maxJSONDepth/2 {
			return // deeper than decoder accepts; encoding/json allows more
		}
		d := &decoder{b: b}
		_, err := d.skip()
		if err == nil {
			err = d.end()
		}
		if got, want := err == nil, json.Valid(b); got != want {
			t.Fatalf("decoder valid=%v (%v), encoding/json valid=%v for %q", got, err, want, b)
		}
		if err != nil || !utf8.Valid(b) {
			return
		}
		if d := (&decoder{b: b}); d.peek() == '"' {
			got, err := d.text()
			if err != nil {
				t.Fatalf("text(%q): %v", b, err)
			}
			var want string
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			if got != want {
				t.Fatalf("text(%q) = %q, encoding/json %q", b, got, want)
			}
		}
	})
}
