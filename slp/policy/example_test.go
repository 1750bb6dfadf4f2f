package policy_test

import (
	"fmt"

	"github.com/openrenewal/smartlicensing/slp/policy"
)

// The Cisco default, and a policy.json that changes one group.
func ExampleParse() {
	def := policy.Default()
	p, err := policy.Parse([]byte(`{"name": "Bank policy", "unenforced-subscription": {"reporting_frequency_days": 30}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, pol := range []policy.Policy{def, p} {
		sub := pol.Group(policy.UnenforcedSubscription)
		fmt.Println(pol.Name+":", "subscription every", sub.ReportingFrequency.Days, "days", "("+sub.ReportingFrequency.Source.String()+"),",
			"ACK required", pol.ACKRequired.Value)
	}
	// Output:
	// Cisco default: subscription every 90 days (cisco-default), ACK required true
	// Bank policy: subscription every 30 days (customer-policy), ACK required true
}

// An instance's group is the strictest of its licenses' groups.
func ExamplePolicy_Strictest() {
	def := policy.Default()
	fmt.Println(def.Strictest([]policy.Group{policy.UnenforcedPerpetual, policy.UnenforcedSubscription}))
	fmt.Println(def.Strictest(nil))
	// Output:
	// unenforced-subscription
	// unenforced-subscription
}
