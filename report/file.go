package report

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// File is the procurement file: the documented negotiation position the
// playbook (smartlicensing.Run) assembles from the seven moves, from the
// vendor's opening proposal to the buyer's settlement target, every number
// traceable to its evidence. Renderers of this package write it as JSON
// (DESIGN.md's contract), Markdown, HTML and CSV.
//
// Money is decimal, in Currency, already rounded where METHOD.md §0 says;
// renderers print it with exactly two decimals. Percentages are
// percentages (9.40 for 9.40 %), rates are fractions (0.04 for 4 %).
type File struct {
	SmartAccount string
	Domain       string
	// AsOf is the civil date of the position.
	AsOf     time.Time
	Currency string
	// Vendor, TermYears and Start describe the opening proposal's contract.
	Vendor    string
	TermYears int
	Start     time.Time

	Opening Position
	Target  Position
	// Waterfall holds the steps of METHOD.md §8 in order, every one of them
	// (a step that recovers nothing has a zero Amount).
	Waterfall []Step
	Recovery  Recovery
	// UpliftBand places the opening uplift against the industry's band
	// (METHOD.md §1); nil when the industry or the prior spend is unknown.
	UpliftBand *pricing.BandResult
	// Cap is what the buyer's target cap means over the term.
	Cap CapReading

	// Reconciliation is the entitlement position per license and Virtual
	// Account (METHOD.md §2), ordered by license then Virtual Account.
	Reconciliation []PositionRow
	Hygiene        Hygiene
	Rightsizing    Rightsizing
	TrueForward    TrueForward
	Reporting      Reporting
	SLR            SLR
	// Pricing holds the findings about the proposal's prices that the
	// price_cap and benchmark_discount steps rest on.
	Pricing []smartaccount.Finding
	// Scenarios is the same file under other option sets, side by side.
	Scenarios []Scenario
	// CounterProposal is the target as a proposal (DESIGN.md's
	// proposal.json): the target quantities, premiums and unit prices, with
	// the cap written into its uplift. nil without an opening proposal.
	CounterProposal *pricing.Proposal

	// Missing names every optional input that was absent and what could
	// not be computed because of it.
	Missing []Missing
	// Warnings are problems in the inputs that did not stop the run.
	Warnings []string
	// Inputs is the evidence block: every input with its SHA-256.
	Inputs []Input
}

// Position is a priced set of proposal lines: the opening or the target.
type Position struct {
	Lines []Line
	// Schedule holds the per-year totals, year 1 first.
	Schedule []decimal.Decimal
	TCV, NPV decimal.Decimal
	// Cap is the cap the schedule is priced under (the zero Cap: the
	// proposal's own uplift).
	Cap pricing.Cap
}

// Line is one proposal line of a position.
type Line struct {
	SKU      string
	License  string
	Category pricing.Category
	Quantity int64
	// UnitPrice is the year-1 annual price of one unit before any
	// true-forward premium; Premium is the true-forward premium.
	UnitPrice, Premium decimal.Decimal
	// TCV is the line's total over the term.
	TCV decimal.Decimal
}

// Step names of METHOD.md §8, in waterfall order.
const (
	StepHygiene           = "smart_account_hygiene"
	StepRightsizing       = "va_rightsizing"
	StepReconciliation    = "consumption_reconciliation"
	StepTrueForward       = "true_forward_review"
	StepRightTiering      = "right_tiering"
	StepPriceCap          = "price_cap"
	StepBenchmarkDiscount = "benchmark_discount"
)

// Step is one step of the waterfall from the opening to the target.
type Step struct {
	// Name is one of the Step… constants.
	Name string
	// Amount is TCV before the step minus TCV after it, ≥ 0, in cents.
	Amount decimal.Decimal
	// Units are the units the step removes or moves (0 for a re-pricing).
	Units int64
	// Detail says in one sentence what the step did.
	Detail string
	// Findings are the IDs (smartaccount.Finding.ID) of the findings the
	// step rests on; every step with a non-zero Amount has some.
	Findings []string
}

// Band places a percentage against a band of the method: Below, Within or
// Above its [Low, High] range (percentages).
type Band struct {
	Low, High decimal.Decimal
	Position  pricing.Position
}

// Recovery is what the waterfall recovers from the opening TCV.
type Recovery struct {
	// Amount is opening TCV − target TCV, the sum of the steps.
	Amount decimal.Decimal
	// Percent is Amount / opening TCV × 100, two decimals half-even.
	Percent pricing.Percent
	// Expected places Percent against the 20–40 % the method expects of all
	// moves together (METHOD.md §8).
	Expected Band
	// HygienePercent is the hygiene step's share of the opening TCV, and
	// HygieneExpected places it against the 10–20 % of hygiene alone.
	HygienePercent  pricing.Percent
	HygieneExpected Band
}

// CapReading explains the buyer's target cap over the term (METHOD.md §1:
// a per-year cap compounds, a cumulative one does not).
type CapReading struct {
	Cap   pricing.Cap
	Years int
	// OverTerm is the largest increase over year 1 the cap allows within
	// the term, as a fraction (0.092727 for 3 % per year over three
	// increases); not Valid without a cap.
	OverTerm decimal.NullDecimal
	// Detail is one sentence a reader of the file understands.
	Detail string
}

// PositionRow is the entitlement position of one license in one Virtual
// Account (METHOD.md §2).
type PositionRow struct {
	License, VirtualAccount string
	Entitled, Consumed      int64
	// Balance is Entitled − Consumed; shortage and surplus follow from it.
	Balance int64
	// InUse is CSSM's own in-use count, when known.
	InUse *int64
}

// Hygiene is move 1, the three-pass hygiene review (METHOD.md §3), and
// move 3's reclamation figures.
type Hygiene struct {
	// Classes counts the instances per pass-2 class ("decommissioned",
	// "duplicate", "stale", "unmatched", "active").
	Classes map[string]int
	// Licenses holds the per-license figures, ordered by license.
	Licenses []LicenseHygiene
	// Findings of pass 1 (reconciliation), pass 2 (clean-up) and pass 3
	// (user access), each ordered as the review reports them.
	Reconciliation, Cleanup, Access []smartaccount.Finding
}

// LicenseHygiene is one license's clean-up figures (METHOD.md §3).
type LicenseHygiene struct {
	License     string
	Consumed    int64 // Σ_v consumed(L, v)
	Reclaimable int64
	Need        int64
	Unused      int64
	Entitled    int64 // Σ_v entitled(L, v)
}

// Rightsizing is move 2, Virtual Account rightsizing (METHOD.md §4), after
// the hygiene reclaim.
type Rightsizing struct {
	FragmentedShortage, PooledShortage int64
	// Licenses holds F(L) and P(L) per license, ordered by license.
	Licenses []LicenseShortage
	// Dimensions holds the fragmentation along each dimension, in
	// smartaccount.Dimensions order.
	Dimensions []Dimension
	// Transfers is the pooling plan; Requests the number of CSSM requests
	// it takes.
	Transfers []Transfer
	Requests  int
	// Findings are the rightsizing findings the va_rightsizing step cites.
	Findings []smartaccount.Finding
}

// LicenseShortage is one license's fragmented and pooled shortage.
type LicenseShortage struct {
	License            string
	Fragmented, Pooled int64
}

// Dimension is the fragmentation of the Virtual Accounts along one of the
// four dimensions.
type Dimension struct {
	Dimension smartaccount.Dimension
	Values    []DimensionValue
}

// DimensionValue is one value of a dimension (a business unit, a region, …).
type DimensionValue struct {
	Value           string
	VirtualAccounts int
	// Surplus is the Σ surplus stranded in its VAs, Shortage the Σ shortage;
	// Saving the units that pooling this value's VAs alone would save.
	Surplus, Shortage, Saving int64
}

// Transfer is one line of the pooling plan.
type Transfer struct {
	License     string
	LicenseType smartaccount.LicenseType
	From, To    string
	Quantity    int64
}

// TrueForward is move 4, the true-forward exposure review (METHOD.md §5).
type TrueForward struct {
	// Milestones holds the exposure per milestone and license, ordered by
	// date then license.
	Milestones []Milestone
	// Forecast compares the forecast's true-forward invoices with buying the
	// growth up front, per license.
	Forecast []ForecastRow
	Findings []smartaccount.Finding
}

// Milestone is one license's exposure at one milestone.
type Milestone struct {
	Date        time.Time
	SemiAnnual  bool // an extra milestone exceptional growth triggered
	License     string
	Consumption int64
	Entitlement int64
	Allowed     int64
	Overage     int64
	Billable    int64
	// Charge is the opening position's charge (the proposal's premium),
	// TargetCharge the buyer's (true_forward_uplift_target).
	Charge, TargetCharge decimal.Decimal
	Attribution          Attribution
}

// Attribution splits billable units by growth source; the parts sum to
// the milestone's billable units.
type Attribution struct {
	Organic, Project, Acquisition, Unattributed int64
}

// ForecastRow compares, for one license, paying true-forward on the
// forecast growth with buying it up front at the subscription price.
type ForecastRow struct {
	License string
	// Growth is the forecast growth in units over the term.
	Growth int64
	// TrueForward is the Σ of the forecast's true-forward invoices; UpFront
	// the cost of buying Growth as entitlement for the term.
	TrueForward, UpFront decimal.Decimal
}

// Reporting is move 5, SLP reporting governance (METHOD.md §6).
type Reporting struct {
	// ByStatus counts the instances per reporting status.
	ByStatus map[string]int
	// Periodic counts the instances that report periodically; PastDue those
	// already overdue.
	Periodic, PastDue int
	// StageBy is the date by which half of the periodic instances are due:
	// the renewal discussion should be staged before it; zero when none
	// report periodically.
	StageBy time.Time
	// Weeks is the weekly histogram of due dates from AsOf.
	Weeks []Week
	// Later counts due dates after the last week shown.
	Later int
}

// Week is one week of the reporting wave.
type Week struct {
	Start time.Time
	Due   int
}

// SLR holds the findings of the SLR reconciliation (METHOD.md §7) and
// slr_reclaimable per license.
type SLR struct {
	Findings    []smartaccount.Finding
	Reclaimable map[string]int64
}

// Scenario is the procurement file's outcome under one option set.
type Scenario struct {
	// Name says what differs from the file's own options ("cap 3 % per
	// year", "stale reclaimed").
	Name string
	// Steps holds the waterfall amounts by step name.
	Steps map[string]decimal.Decimal
	// TargetTCV, TargetNPV and Recovery are the scenario's outcome.
	TargetTCV, TargetNPV decimal.Decimal
	Recovery             Recovery
}

// Missing is an optional input that was absent and what it costs.
type Missing struct {
	Input string // "footprint.csv"
	// Consequence says what could not be computed without it.
	Consequence string
}

// Input is the evidence of one input: its name, SHA-256 and record count.
type Input struct {
	File    string
	SHA256  string
	Records int
	Bytes   int64
}
