package dataset_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing/fstest"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

func ExampleRead() {
	ds, err := dataset.Read(context.Background(), os.DirFS("testdata/full"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds.Snapshot.Account.Name, len(ds.Snapshot.Instances), "instance rows")
	for _, in := range ds.Inputs[:3] {
		fmt.Println(in.File, in.Records)
	}
	// Output:
	// Example Bank 4 instance rows
	// smart_account.json 1
	// entitlements.csv 3
	// product_instances.csv 4
}

func ExampleParseError() {
	fsys := fstest.MapFS{
		"smart_account.json":    {Data: []byte(`{"name":"Bank","domain":"bank.example","virtual_accounts":[{"name":"Core"}]}`)},
		"entitlements.csv":      {Data: []byte("virtual_account,license,quantity,license_type\nCore,DNA Advantage,ten,TERM\n")},
		"product_instances.csv": {Data: []byte("udi_pid,udi_serial,virtual_account,license\n")},
	}
	_, err := dataset.Read(context.Background(), fsys)
	var pe *smartaccount.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.File, pe.Line, pe.Column, pe.Field)
		fmt.Println(err)
	}
	// Output:
	// entitlements.csv 2 20 quantity
	// entitlements.csv:2:20: quantity: "ten" is not a whole number
}
