package virtualaccount

import (
	"encoding/json"
	"testing"
)

// FuzzPlanRequests reads a plan from arbitrary JSON (a plan is a file a
// person may edit before it is applied) and batches it: never a panic, and
// whatever Requests accepts it batches within CSSM's limits, every unit
// once.
func FuzzPlanRequests(f *testing.F) {
	f.Add([]byte(`{"transfers":[{"license":"L","license_type":"PERPETUAL","from":"A","to":"B","quantity":2500}]}`))
	f.Add([]byte(`{"transfers":[{"license":"L","from":"A","to":"A","quantity":1}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Plan
		if json.Unmarshal(b, &p) != nil {
			return
		}
		requests, err := p.Requests()
		if err != nil {
			if p.Validate() == nil {
				t.Fatalf("Requests refused a valid plan: %v", err)
			}
			return
		}
		var units int64
		for _, r := range requests {
			types := map[Transfer]bool{}
			for _, l := range r.Lines {
				if l.Quantity <= 0 || l.Quantity > MaxLineUnits {
					t.Fatalf("line of %d units", l.Quantity)
				}
				types[Transfer{License: l.License, Type: l.Type}] = true
				units += l.Quantity
			}
			if len(types) > MaxRequestTypes {
				t.Fatalf("%d license types in one request", len(types))
			}
		}
		if units != p.Units() {
			t.Fatalf("requests carry %d units, the plan %d", units, p.Units())
		}
	})
}
