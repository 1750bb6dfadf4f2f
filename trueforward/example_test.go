package trueforward_test

import (
	"fmt"
	"time"

	"github.com/openrenewal/smartlicensing/trueforward"
)

func ExampleForecast_Consumption() {
	f, _ := trueforward.ParseForecast([]byte(`{"organic_growth_rate": "0.10",
		"projects": [{"name": "Branch refresh", "license": "C9300 DNA Advantage", "quantity": 25, "date": "2027-03-01"}]}`))
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	anniversary := time.Date(2027, 11, 1, 0, 0, 0, 0, time.UTC)
	// 400 today, +10 % organic (40), +25 from the project.
	fmt.Println(f.Consumption("C9300 DNA Advantage", 400, asOf, anniversary))
	// Output: 465
}
