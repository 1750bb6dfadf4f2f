package dataset

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// fuzzFile fuzzes the reader of one dataset file: the file's content is the
// fuzzer's input, the rest is the valid dataset of testdata/full. No input
// may panic; any input that reads cleanly must survive a write and re-read
// unchanged.
func fuzzFile(f *testing.F, name string) {
	base := fstest.MapFS{}
	for _, n := range []string{SmartAccountFile, EntitlementsFile, ProductInstancesFile} {
		data, err := os.ReadFile(filepath.Join("testdata", "full", n))
		if err != nil {
			f.Fatal(err)
		}
		base[n] = &fstest.MapFile{Data: data}
	}
	if data, err := os.ReadFile(filepath.Join("testdata", "full", name)); err == nil {
		f.Add(data)
	}
	f.Add([]byte{})
	f.Add([]byte("\xEF\xBB\xBF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{}
		for n, file := range base {
			fsys[n] = file
		}
		fsys[name] = &fstest.MapFile{Data: data}
		ds, err := Read(context.Background(), fsys)
		if err != nil {
			return
		}
		dir := t.TempDir()
		if err := Write(context.Background(), dir, ds); err != nil {
			t.Fatalf("write: %v", err)
		}
		again, err := Read(context.Background(), os.DirFS(dir))
		if err != nil {
			t.Fatalf("re-read of written dataset: %v", err)
		}
		// Refs may move: blank lines and multi-line quoted fields are not written back.
		if diff := cmp.Diff(ds, again, equalDatasets, cmpopts.IgnoreTypes(smartaccount.Ref{})); diff != "" {
			t.Fatalf("round trip changed the dataset:\n%s", diff)
		}
	})
}

func FuzzSmartAccount(f *testing.F)     { fuzzFile(f, SmartAccountFile) }
func FuzzEntitlements(f *testing.F)     { fuzzFile(f, EntitlementsFile) }
func FuzzProductInstances(f *testing.F) { fuzzFile(f, ProductInstancesFile) }
func FuzzFootprint(f *testing.F)        { fuzzFile(f, FootprintFile) }
func FuzzUsers(f *testing.F)            { fuzzFile(f, UsersFile) }
func FuzzReservations(f *testing.F)     { fuzzFile(f, ReservationsFile) }
func FuzzOptions(f *testing.F)          { fuzzFile(f, OptionsFile) }
func FuzzForecast(f *testing.F)         { fuzzFile(f, ForecastFile) }
func FuzzInUse(f *testing.F)            { fuzzFile(f, InUseFile) }
func FuzzProposal(f *testing.F)         { fuzzFile(f, ProposalFile) }
func FuzzPolicy(f *testing.F)           { fuzzFile(f, PolicyFile) }
