// Command cssm-sync pulls a Smart Account from Cisco Smart Software Manager
// (cloud or SSM On-Prem) into a dataset directory (docs/dataset.md) that the
// other programs read: its Virtual Accounts, entitlements, product instances
// and CSSM's own in-use counts.
//
// Usage:
//
//	cssm-sync -domain DOMAIN -out DIR [connection flags]
//	cssm-sync -demo -out DIR
//
// -demo syncs from an in-process fake CSSM (package cssm/cssmtest) serving
// the embedded sample, so that
//
//	cssm-sync -demo -out DIR && procurement-file -dataset DIR
//
// runs end to end without network or credentials.
//
// Exit status: 0 when the whole account was written, 1 when the sync or the
// write failed (nothing partial is written as complete), 2 on bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/examples/internal/cssmflags"
	"github.com/openrenewal/smartlicensing/examples/internal/progress"
	"github.com/openrenewal/smartlicensing/sample"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `Usage: cssm-sync -domain DOMAIN -out DIR [connection flags]
       cssm-sync -demo -out DIR

Reads a Smart Account from CSSM — Virtual Accounts, licenses with CSSM's
in-use counts, product instances — and writes it as a dataset directory.

`

type config struct {
	conn cssmflags.Flags
	out  string
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("cssm-sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.Usage = func() {
		fmt.Fprint(stderr, usage, cssmflags.Help, "\nFlags:\n")
		fs.PrintDefaults()
	}
	c.conn.Register(fs)
	fs.StringVar(&c.out, "out", "", "write the dataset into `DIR` (required)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.out == "" {
		return nil, errors.New("-out DIR is required")
	}
	if err := c.conn.Check(); err != nil {
		return nil, err
	}
	if !c.conn.Demo && c.conn.Domain == "" {
		return nil, errors.New("-domain is required (or -demo)")
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "cssm-sync:", err)
		return 2
	}
	if err := sync(ctx, c, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "cssm-sync:", err)
		return 1
	}
	return 0
}

func sync(ctx context.Context, c *config, stdout, stderr io.Writer) error {
	var seed *smartaccount.Snapshot
	if c.conn.Demo {
		ds, err := sample.Generate(sample.Params{})
		if err != nil {
			return err
		}
		seed = &ds.Snapshot
	}
	client, domain, stop, err := c.conn.Connect(seed, stderr)
	if err != nil {
		return err
	}
	defer stop()
	bar := progress.New(stderr, "syncing", -1)
	snap, err := cssm.Sync(ctx, client, cssm.SyncParams{Domain: domain, Progress: func(p cssm.SyncProgress) {
		bar.Set(p.Stage, p.Done, p.Total)
	}})
	bar.Finish()
	if err != nil {
		return err
	}
	if err := dataset.Write(ctx, c.out, &dataset.Dataset{Snapshot: *snap}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "synced %s (%s): %d Virtual Accounts, %d entitlement lines, %d product-instance rows, %d in-use counts, into %s\n",
		snap.Account.Name, snap.Account.Domain, len(snap.Account.VirtualAccounts), len(snap.Entitlements), len(snap.Instances), len(snap.InUse), c.out)
	return nil
}
