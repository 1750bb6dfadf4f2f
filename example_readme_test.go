package smartlicensing_test

import (
	"context"
	"fmt"
	"os"
	"time"

	smartlicensing "github.com/openrenewal/smartlicensing"
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/pricing"
)

// renew is the README's "Using the SDK from Go": TestReadmeSnippet checks
// that the README shows exactly this function.
func renew(ctx context.Context, dir string, today time.Time) error {
	ds, err := dataset.Read(ctx, os.DirFS(dir))
	if err != nil {
		return err // every error names the file, line and column
	}
	// Every parameter of METHOD.md: options.json's value where it gives one, else the default.
	opts := smartlicensing.OptionsFromDataset(ds.Options, today)
	file, err := smartlicensing.Run(ctx, smartlicensing.InputsFromDataset(ds), opts)
	if err != nil {
		return err
	}
	for _, m := range file.Missing {
		fmt.Println("missing:", m.Input)
	}
	if file.CounterProposal != nil { // there was a proposal.json: the waterfall is there
		fmt.Println("opening", pricing.FormatAmount(file.Opening.TCV), "target", pricing.FormatAmount(file.Target.TCV))
	}
	fmt.Println("registrations to remove:", file.Hygiene.Classes["decommissioned"]+file.Hygiene.Classes["duplicate"])
	for _, f := range file.SLR.Findings { // each cites the rows it rests on
		fmt.Println(f.Kind, f.UDI, f.Evidence)
	}
	return nil
}

// A dataset without options.json or proposal.json: the file names what it
// could not compute, and still reviews the Smart Account.
func Example_readme() {
	if err := renew(context.Background(), "testdata/readme", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// missing: in_use.csv
	// missing: users.csv
	// missing: proposal.json
	// missing: forecast.json
	// missing: options.json
	// missing: policy.json
	// registrations to remove: 2
	// reserved_on_decommissioned PID:C9300-24UX,SN:FCW0000008 [reservations.csv:2 footprint.csv:4]
}
