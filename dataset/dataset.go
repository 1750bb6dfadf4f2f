package dataset

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/trueforward"
)

// File names of a dataset directory.
const (
	SmartAccountFile     = "smart_account.json"
	EntitlementsFile     = "entitlements.csv"
	ProductInstancesFile = "product_instances.csv"
	InUseFile            = "in_use.csv"
	FootprintFile        = "footprint.csv"
	UsersFile            = "users.csv"
	ReservationsFile     = "reservations.csv"
	ProposalFile         = "proposal.json"
	ForecastFile         = "forecast.json"
	OptionsFile          = "options.json"
	PolicyFile           = "policy.json"
)

// Dataset is everything one dataset directory holds: the Smart Account's
// state beside the buyer's footprint, and the optional proposal, forecast,
// options and policy. A nil pointer means the file is absent.
type Dataset struct {
	Snapshot smartaccount.Snapshot
	Proposal *pricing.Proposal
	Forecast *trueforward.Forecast
	Options  *Options
	Policy   *policy.Policy

	// Inputs lists the files read, in the order of the file table above,
	// with their SHA-256 and record count: the procurement file's evidence.
	// Write ignores it.
	Inputs []Input
	// Warnings are problems that did not stop the read, such as unknown
	// columns. Write ignores them.
	Warnings []Warning
	// Absent lists the optional files the directory does not hold, in the
	// order of the file table above, so that a report can name each and
	// what could not be computed without it (no footprint, no
	// decommissioned devices). Write ignores it.
	Absent []string
}

// Input is the evidence of one input file.
type Input struct {
	File    string `json:"file"`
	SHA256  string `json:"sha256"`  // lower-case hex of the file's bytes
	Records int    `json:"records"` // data rows of a CSV file; 1 for a JSON document
	Bytes   int64  `json:"bytes"`
}

// Warning is a problem in an input that did not stop the read.
type Warning struct {
	File    string
	Line    int // 0 when the warning is about the whole file
	Column  int // 0 when the warning is about a whole line
	Message string
}

// String returns "file:line:column: message", leaving out what is unknown.
func (w Warning) String() string { return position(w.File, w.Line, w.Column) + w.Message }

// Options are the caller's settings for the playbook as options.json holds
// them: the wire form. Every field is optional; the zero value of each (a
// zero time, an invalid NullDecimal, a nil pointer, "") means "not given".
// Pointers mark the values whose zero is a choice (cap_kind "none", a 0-day
// window, reclaim_stale false). The defaults of METHOD.md are applied by the
// root package: smartlicensing.OptionsFromDataset resolves these into
// smartlicensing.Options.
type Options struct {
	AsOf                    time.Time // civil date
	RenewalDate             time.Time // civil date
	PriceCap                decimal.NullDecimal
	CapKind                 *pricing.CapKind
	TrueForwardUpliftTarget decimal.NullDecimal
	GrowthAllowance         decimal.NullDecimal
	StaleAfterDays          *int
	ReclaimStale            *bool
	DiscountRate            decimal.NullDecimal
	BenchmarkDiscount       decimal.NullDecimal
	Industry                string
	ExceptionalGrowth       decimal.NullDecimal
	DormantDays             *int
	SLRConfirmDays          *int
	SLRExpiryDays           *int
}

func position(file string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d: ", file, line, col)
	case line > 0:
		return fmt.Sprintf("%s:%d: ", file, line)
	}
	return file + ": "
}
