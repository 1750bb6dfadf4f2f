package report

import "github.com/openrenewal/smartlicensing/smartaccount"

// Move names the review a finding of the file comes from. The CSV of
// findings, the workbook and the JSON's "move" key spell it this way.
type Move string

// The reviews whose findings the file holds, in the order the renderers
// list them: the three passes of the hygiene review (METHOD.md §3; pass 1 is
// move 3's consumption reconciliation), Virtual Account rightsizing (§4),
// true-forward exposure (§5), the SLR reconciliation (§7) and the
// playbook's findings about the proposal's prices (§1, §8), which the
// price_cap and benchmark_discount steps rest on.
const (
	MoveReconciliation Move = "hygiene_reconciliation"
	MoveCleanup        Move = "hygiene_cleanup"
	MoveAccess         Move = "hygiene_user_access"
	MoveRightsizing    Move = "va_rightsizing"
	MoveTrueForward    Move = "true_forward"
	MoveSLR            Move = "slr"
	MovePricing        Move = "pricing"
)

// Moves lists every Move in report order.
var Moves = [...]Move{MoveReconciliation, MoveCleanup, MoveAccess, MoveRightsizing, MoveTrueForward, MoveSLR, MovePricing}

var moveTitles = map[Move]string{
	MoveReconciliation: "Reconciliation",
	MoveCleanup:        "Clean-up",
	MoveAccess:         "User access",
	MoveRightsizing:    "Rightsizing",
	MoveTrueForward:    "True-forward",
	MoveSLR:            "SLR",
	MovePricing:        "Pricing",
}

// Title names the move for a reader ("Clean-up"), short enough for a sheet
// tab; an unknown Move gives its own text.
func (m Move) Title() string {
	if t, ok := moveTitles[m]; ok {
		return t
	}
	return string(m)
}

// Findings returns the findings of one move, in the order the review
// reported them; nil for an unknown Move.
func (f *File) Findings(m Move) []smartaccount.Finding {
	switch m {
	case MoveReconciliation:
		return f.Hygiene.Reconciliation
	case MoveCleanup:
		return f.Hygiene.Cleanup
	case MoveAccess:
		return f.Hygiene.Access
	case MoveRightsizing:
		return f.Rightsizing.Findings
	case MoveTrueForward:
		return f.TrueForward.Findings
	case MoveSLR:
		return f.SLR.Findings
	case MovePricing:
		return f.Pricing
	}
	return nil
}

// FindingCount returns the number of findings of every move together.
func (f *File) FindingCount() int {
	n := 0
	for _, m := range Moves {
		n += len(f.Findings(m))
	}
	return n
}

var stepTitles = map[string]string{
	StepHygiene:           "Smart Account hygiene",
	StepRightsizing:       "Virtual Account rightsizing",
	StepReconciliation:    "Consumption reconciliation",
	StepTrueForward:       "True-forward review",
	StepRightTiering:      "Right-tiering",
	StepPriceCap:          "Price cap",
	StepBenchmarkDiscount: "Benchmark discount",
}

// Steps lists the Step… names in the waterfall order of METHOD.md §8.
var Steps = [...]string{StepHygiene, StepRightsizing, StepReconciliation, StepTrueForward,
	StepRightTiering, StepPriceCap, StepBenchmarkDiscount}

// StepTitle names a waterfall step (one of the Step… constants) for a
// reader; a name the method does not know is returned as it is.
func StepTitle(name string) string {
	if t, ok := stepTitles[name]; ok {
		return t
	}
	return name
}
