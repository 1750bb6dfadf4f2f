package pricing

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Step is one move of the settlement waterfall: how much TCV it removes.
type Step struct {
	// Name is the step's key, e.g. "smart_account_hygiene" (METHOD.md §8).
	Name string
	// Amount is TCV before the step minus TCV after it, in whole cents, ≥ 0.
	Amount decimal.Decimal
	// Evidence references the findings or input records the step rests on.
	Evidence []string
}

// Waterfall walks from the opening TCV to the target TCV in named steps that
// reconcile exactly to the cent. Build it with NewWaterfall.
type Waterfall struct {
	Currency        string
	Opening, Target decimal.Decimal
	Steps           []Step
}

// Recovery is what the waterfall recovers from the opening proposal.
type Recovery struct {
	// Amount is opening − target, the sum of the steps.
	Amount decimal.Decimal
	// Percent is Amount / opening × 100 (0.00 when the opening TCV is 0).
	Percent Percent
}

// ReconcileError reports steps that do not sum to opening − target.
type ReconcileError struct {
	Sum, Want decimal.Decimal
	// Difference is Sum − Want.
	Difference decimal.Decimal
}

// Error states the steps' sum, the expected sum and their difference.
func (e *ReconcileError) Error() string {
	return fmt.Sprintf("waterfall steps sum to %s, want opening − target = %s (difference %s)",
		e.Sum.StringFixedBank(2), e.Want.StringFixedBank(2), e.Difference.StringFixedBank(2))
}

// NewWaterfall checks and returns a waterfall: a valid currency, amounts in
// whole cents, no negative step (a *FieldError naming "steps[i].amount"),
// and steps summing exactly to opening − target (a *ReconcileError).
func NewWaterfall(currency string, opening, target decimal.Decimal, steps []Step) (*Waterfall, error) {
	if err := checkCurrency(currency); err != nil {
		return nil, err
	}
	var errs []error
	for _, f := range []struct {
		name string
		v    decimal.Decimal
	}{{"opening", opening}, {"target", target}} {
		if !isCents(f.v) {
			errs = append(errs, &FieldError{Field: f.name, Err: fmt.Errorf("%s is not a whole number of cents", f.v)})
		}
	}
	var total decimal.Decimal
	for i, s := range steps {
		field := fmt.Sprintf("steps[%d].amount", i)
		switch {
		case s.Amount.IsNegative():
			errs = append(errs, &FieldError{Field: field, Err: fmt.Errorf("%s step %s is negative: a step may not increase TCV", quote(s.Name), s.Amount)})
		case !isCents(s.Amount):
			errs = append(errs, &FieldError{Field: field, Err: fmt.Errorf("%s step %s is not a whole number of cents", quote(s.Name), s.Amount)})
		}
		total = total.Add(s.Amount)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if want := opening.Sub(target); !total.Equal(want) {
		return nil, &ReconcileError{Sum: total, Want: want, Difference: total.Sub(want)}
	}
	return &Waterfall{Currency: currency, Opening: opening, Target: target, Steps: steps}, nil
}

// isCents reports whether d has no digit below the cent.
func isCents(d decimal.Decimal) bool {
	return d.Equal(d.Truncate(2))
}

// Recovery returns opening − target and its percent of the opening TCV.
func (w *Waterfall) Recovery() Recovery {
	r := Recovery{Amount: w.Opening.Sub(w.Target)}
	if !w.Opening.IsZero() {
		r.Percent, _ = Percentage(r.Amount, w.Opening)
	}
	return r
}

// MarshalJSON writes the waterfall with money and percentages as strings
// with two decimals: {"currency","opening","target","steps":[{"step",
// "amount","evidence_count","evidence"}],"recovery":{"amount","percent"}}.
func (w Waterfall) MarshalJSON() ([]byte, error) {
	type step struct {
		Step          string   `json:"step"`
		Amount        string   `json:"amount"`
		EvidenceCount int      `json:"evidence_count"`
		Evidence      []string `json:"evidence,omitempty"`
	}
	type recovery struct {
		Amount  string `json:"amount"`
		Percent string `json:"percent"`
	}
	r := w.Recovery()
	out := struct {
		Currency string   `json:"currency"`
		Opening  string   `json:"opening"`
		Target   string   `json:"target"`
		Steps    []step   `json:"steps"`
		Recovery recovery `json:"recovery"`
	}{
		Currency: w.Currency, Opening: w.Opening.StringFixedBank(2), Target: w.Target.StringFixedBank(2),
		Steps:    make([]step, len(w.Steps)),
		Recovery: recovery{Amount: r.Amount.StringFixedBank(2), Percent: r.Percent.String()},
	}
	for i, s := range w.Steps {
		out.Steps[i] = step{Step: s.Name, Amount: s.Amount.StringFixedBank(2), EvidenceCount: len(s.Evidence), Evidence: s.Evidence}
	}
	return json.Marshal(out)
}
