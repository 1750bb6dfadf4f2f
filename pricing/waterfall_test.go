package pricing

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestWaterfall(t *testing.T) {
	steps := []Step{
		{Name: "smart_account_hygiene", Amount: dec("1343000.50"), Evidence: []string{"finding:1", "finding:2"}},
		{Name: "va_rightsizing", Amount: dec("0")},
		{Name: "price_cap", Amount: dec("892823.94")},
	}
	w, err := NewWaterfall("USD", dec("9400783.42"), dec("7164958.98"), steps)
	if err != nil {
		t.Fatal(err)
	}
	r := w.Recovery()
	// 1343000.50 + 892823.94 = 2235824.44 = 9400783.42 − 7164958.98;
	// 2235824.44 / 9400783.42 = 23.7833… % (bc).
	assertDec(t, "2235824.44", r.Amount)
	assertPercent(t, "23.78", r.Percent)
	got, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"currency":"USD","opening":"9400783.42","target":"7164958.98","steps":[` +
		`{"step":"smart_account_hygiene","amount":"1343000.50","evidence_count":2,"evidence":["finding:1","finding:2"]},` +
		`{"step":"va_rightsizing","amount":"0.00","evidence_count":0},` +
		`{"step":"price_cap","amount":"892823.94","evidence_count":0}],` +
		`"recovery":{"amount":"2235824.44","percent":"23.78"}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestWaterfallZeroOpening(t *testing.T) {
	w, err := NewWaterfall("USD", decimal.Zero, decimal.Zero, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := w.Recovery(); !r.Amount.IsZero() || !r.Percent.Decimal().IsZero() {
		t.Errorf("got %+v", r)
	}
}

func TestWaterfallErrors(t *testing.T) {
	tests := []struct {
		name            string
		currency        string
		opening, target string
		steps           []Step
		want            string
		reconcile       bool
	}{
		{"negative step", "USD", "100", "110", []Step{{Name: "price_cap", Amount: dec("-10")}},
			`steps[0].amount: "price_cap" step -10 is negative: a step may not increase TCV`, false},
		{"sub-cent step", "USD", "100", "99.995", []Step{{Name: "x", Amount: dec("0.005")}},
			"target: 99.995 is not a whole number of cents\nsteps[0].amount: \"x\" step 0.005 is not a whole number of cents", false},
		{"a cent short", "USD", "100.00", "90.00", []Step{{Name: "a", Amount: dec("4.99")}, {Name: "b", Amount: dec("5")}},
			"waterfall steps sum to 9.99, want opening − target = 10.00 (difference -0.01)", true},
		{"target above opening", "USD", "100", "120", nil,
			"waterfall steps sum to 0.00, want opening − target = -20.00 (difference 20.00)", true},
		{"bad currency", "", "1", "1", nil, `currency "": want a three-letter ISO 4217 code such as USD`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewWaterfall(tt.currency, dec(tt.opening), dec(tt.target), tt.steps)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v\nwant %s", err, tt.want)
			}
			var re *ReconcileError
			if errors.As(err, &re) != tt.reconcile {
				t.Errorf("ReconcileError: %v", !tt.reconcile)
			}
			var fe *FieldError
			if strings.HasPrefix(tt.want, "steps[") && !errors.As(err, &fe) {
				t.Errorf("not a *FieldError")
			}
		})
	}
}
