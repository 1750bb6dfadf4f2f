// Command procurement-file is the SDK's main job: it runs the seven
// buyer-side moves of a Cisco Smart Licensing renewal on a dataset (a
// directory in the format of docs/dataset.md, or the embedded sample case)
// and writes the procurement file — the waterfall from the vendor's opening
// proposal to a documented settlement target — as JSON, Markdown, HTML, CSV
// and an Excel workbook, with the target as a counter-proposal.json that
// vendor-compare reads. A one-screen summary goes to stdout.
//
// Usage:
//
//	procurement-file [flags]
//
// With no -dataset it runs on the embedded sample (42,000 instances; see
// -instances) and prints the published outcome of the case it mirrors
// beside its own. -write-sample DIR writes that sample as a dataset
// directory and exits.
//
// Exit status: 0 on success, 1 when the job fails (an invalid dataset, a
// write error), 2 on bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"time"

	smartlicensing "github.com/openrenewal/smartlicensing"
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/examples/internal/progress"
	"github.com/openrenewal/smartlicensing/report"
	"github.com/openrenewal/smartlicensing/sample"
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// memoryLimit is the memory the program aims to stay under: a
// 1,000,000-instance Smart Account holds about 750 MB live at its peak
// (the snapshot, its index and the findings), and peak RSS must stay under
// 1 GiB. At this limit the one collection such a job needs comes once the
// file is built and the snapshot is garbage (180 MB live, a tenth of a
// second); at 960 MiB it came while the moves ran, with 740 MB live.
const memoryLimit = 1000 << 20

// tuneGC collects only when the memory in use nears memoryLimit, unless
// the user set GOGC or GOMEMLIMIT. Most of what the job allocates lives
// until the file is written (the snapshot, the index, the findings): each
// collection before that would mark the whole snapshot again for little
// garbage, and at 1,000,000 instances two of them cost a second of CPU.
// A Smart Account too large for the limit is still collected, as often as
// the limit needs. This is the program's choice, made in main; the
// library never touches the runtime's settings.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(memoryLimit)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "procurement-file:", err)
		return 2
	}
	bar := progress.New(stderr, "starting", 6)
	defer bar.Finish()
	if c.writeSample != "" {
		if err := writeSample(ctx, c, bar); err != nil {
			bar.Finish()
			fmt.Fprintln(stderr, "procurement-file:", err)
			return 1
		}
		bar.Finish()
		fmt.Fprintf(stdout, "wrote the sample (%d instances) to %s\n", c.instances, c.writeSample)
		return 0
	}
	res, err := job(ctx, c, bar)
	bar.Finish()
	if err != nil {
		fmt.Fprintln(stderr, "procurement-file:", err)
		return 1
	}
	for _, w := range res.file.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	writeSummary(stdout, res)
	return 0
}

// result is what a run produced: the file and the paths written.
type result struct {
	file    *report.File
	source  string
	sample  bool // the embedded sample at the size of the case it mirrors
	written []string
}

func job(ctx context.Context, c *config, bar *progress.Bar) (*result, error) {
	bar.Set("reading the dataset", 0, 0)
	ds, source, err := load(ctx, c)
	if err != nil {
		return nil, err
	}
	today := c.asOf
	if today.IsZero() {
		today = time.Now().UTC() // the program, not the library, says what today is
	}
	opts := smartlicensing.OptionsFromDataset(ds.Options, today)
	for _, change := range c.overrides {
		change(&opts)
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	var scenarios []smartlicensing.Scenario
	if c.scenarios {
		scenarios = smartlicensing.StandardScenarios(opts)
	}
	bar.Set("running the seven moves", 1, 0)
	f, err := smartlicensing.Run(ctx, smartlicensing.InputsFromDataset(ds), opts, scenarios...)
	if err != nil {
		return nil, err
	}
	// The snapshot is garbage once the file is built. Collected and handed
	// back to the system now, beside the renderers, it is memory the
	// system need not tear down when the program ends, on one core
	// (a million instances: 0.6 GB, a tenth of a second), and the heap
	// never reaches memoryLimit. The program's choice, as tuneGC is.
	go debug.FreeOSMemory()
	res := &result{file: f, source: source, sample: c.dataset == "" && c.instances == sample.DefaultInstances}
	if res.written, err = writeOutputs(ctx, c, f, bar); err != nil {
		return nil, err
	}
	return res, nil
}

// load reads the dataset directory, or generates the embedded sample and
// reads it back through a temporary directory — so the sample is validated
// by the same reader as any dataset and its evidence block has real hashes.
func load(ctx context.Context, c *config) (*dataset.Dataset, string, error) {
	if c.dataset != "" {
		ds, err := dataset.Read(ctx, os.DirFS(c.dataset))
		return ds, c.dataset, err
	}
	gen, err := sample.Generate(sample.Params{Instances: c.instances})
	if err != nil {
		return nil, "", err
	}
	dir, err := os.MkdirTemp("", "smartlicensing-sample-")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(dir)
	if err := dataset.Write(ctx, dir, gen); err != nil {
		return nil, "", err
	}
	ds, err := dataset.Read(ctx, os.DirFS(dir))
	return ds, fmt.Sprintf("embedded sample (%d instances)", c.instances), err
}

func writeSample(ctx context.Context, c *config, bar *progress.Bar) error {
	if err := checkSampleDir(c.writeSample, c.force); err != nil {
		return err
	}
	bar.Set(fmt.Sprintf("generating the sample (%d instances)", c.instances), 0, 2)
	ds, err := sample.Generate(sample.Params{Instances: c.instances})
	if err != nil {
		return err
	}
	bar.Set("writing "+c.writeSample, 1, 2)
	return dataset.Write(ctx, c.writeSample, ds)
}
