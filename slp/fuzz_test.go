package slp_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/openrenewal/smartlicensing/slp"
)

// FuzzReadFiles feeds one file of any content through ReadFiles, the
// Inventory and Governance, as slp-audit does: no input may panic, every
// file is a capture, a usage file or a reason, and the instances assess.
// Seeds: the captures and usage files of the tests, and testdata/fuzz.
func FuzzReadFiles(f *testing.F) {
	for _, glob := range []string{"capture/testdata/captures/*.txt", "rum/testdata/*.xml", "testdata/inventory/*/*"} {
		files, err := filepath.Glob(glob)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, b []byte) {
		fsys := fstest.MapFS{"in": {Data: b}}
		var inv slp.Inventory
		n := 0
		for file, err := range slp.ReadFiles(ctx, fsys, "in") {
			if err != nil {
				t.Fatal(err)
			}
			n++
			kinds := 0
			for _, is := range []bool{file.Capture != nil, file.Usage != nil, file.Err != nil} {
				if is {
					kinds++
				}
			}
			if kinds != 1 {
				t.Fatalf("a file must be one of capture, usage file or reason: %+v", file)
			}
			res, err := inv.AddFile(ctx, file)
			if file.Usage != nil && err == nil && file.Usage.Err() != nil {
				t.Fatalf("AddFile hid the error that stopped the usage file: %v", file.Usage.Err())
			}
			if res.Rejected < len(res.Rejections) || len(res.Rejections) > slp.MaxRejections {
				t.Fatalf("%d rejected, %d listed", res.Rejected, len(res.Rejections))
			}
			if file.Usage != nil {
				if _, err := file.Usage.Next(ctx); err != io.EOF && file.Usage.Err() == nil {
					t.Fatalf("AddFile did not read the usage file to its end: %v", err)
				}
			}
		}
		if n != 1 {
			t.Fatalf("%d files for one", n)
		}
		g := slp.Governance{AsOf: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), Classify: inv.Classify}
		fl, err := g.Fleet(inv.Instances())
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, c := range fl.ByStatus {
			total += c
		}
		if n := len(slices.Collect(fl.Assessments())); total != n || n != fl.Len() {
			t.Fatalf("%d statuses for %d instances (Len %d)", total, n, fl.Len())
		}
	})
}
