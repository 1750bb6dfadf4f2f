package rum_test

import (
	"context"
	"io"

	"github.com/openrenewal/smartlicensing/slp/rum"
)

// usage is a usage file read to its end by readAll.
type usage struct {
	*rum.UsageFile
	skipped int // unknown elements the reader skipped
}

// readAll reads a whole usage file into memory, as a test wants to see it:
// every report, the system information and the count of skipped elements.
// It stops at the first error.
func readAll(r io.Reader, name string) (usage, error) {
	ur := rum.NewReader(r, name)
	f := usage{UsageFile: new(rum.UsageFile)}
	for {
		rep, err := ur.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			return usage{}, err
		}
		f.Reports = append(f.Reports, rep)
	}
	f.SystemInfo = ur.SystemInfo()
	f.skipped = ur.Skipped()
	return f, nil
}
