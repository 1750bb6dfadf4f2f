package slp_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// TestTooLarge: an over-long input rejected by any reader of slp wraps the
// SDK's one sentinel, smartaccount.ErrTooLarge, and names what was too long.
func TestTooLarge(t *testing.T) {
	blanks := func(n int) io.Reader { return bytes.NewReader(bytes.Repeat([]byte(" "), n)) }
	tests := []struct {
		name string
		read func() error
		msg  string
	}{
		{"capture over MaxBytes", func() error {
			_, err := capture.Parse(blanks(capture.MaxBytes+1), "big.txt")
			return err
		}, "big.txt: capture of more than 8388608 bytes (8 MiB, MaxBytes)"},
		{"usage-file element over MaxElementBytes", func() error {
			r := rum.NewReader(io.MultiReader(strings.NewReader("<smartLicense><RUMReport>"), blanks(rum.MaxElementBytes)), "big.xml")
			_, err := r.Next(context.Background())
			return err
		}, "big.xml:1:15: element is larger than 16777216 bytes (MaxElementBytes)"},
		{"policy.json over MaxBytes", func() error {
			_, err := policy.Parse(bytes.Repeat([]byte(" "), policy.MaxBytes+1))
			return err
		}, "the document is 1048577 bytes, more than the 1048576 accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.read()
			require.Error(t, err)
			assert.True(t, errors.Is(err, smartaccount.ErrTooLarge), "%v does not wrap smartaccount.ErrTooLarge", err)
			assert.ErrorContains(t, err, tt.msg)
		})
	}
}
