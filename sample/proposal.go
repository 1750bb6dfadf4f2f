package sample

import (
	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/pricing"
)

// Opening-proposal prices: the year-1 annual price of one unit of each
// license, the vendor's true-forward premium, and the prior year's spend
// per registered instance (the base of the industry opening-uplift band).
var (
	unitPrices = [licISR + 1]string{
		licAdv:   "37.40",
		licEss:   "21.80",
		licC9200: "14.60",
		licISR:   "40.40",
	}
	proposalSKUs = [licISR + 1][2]string{
		licAdv:   {"C9300-DNA-A-5Y", "C9300-DNA-A-TF"},
		licEss:   {"C9300-DNA-E-5Y", "C9300-DNA-E-TF"},
		licC9200: {"C9200-DNA-E-5Y", "C9200-DNA-E-TF"},
		licISR:   {"ISR4K-DNA-A-5Y", "ISR4K-DNA-A-TF"},
	}
	trueForwardPremium = "0.25"
	annualUplift       = "0.09"
	priorSpendPerUnit  = "24.15"
)

// The support line: DNA Center appliances, one for about every 3,500
// devices, each at a flat yearly price.
const (
	supportSKU     = "CON-SSSNT-DN2HWAPL"
	supportLicense = "DNA Center Appliance Support"
	supportPrice   = "2100.00"
	supportPer42k  = 12
)

// proposal returns the vendor's opening proposal as the vendor builds it
// from CSSM: for each DNA license a subscription line renewing every unit
// entitled on as_of, and a true-forward line, at a 25 % premium, for the
// sum of the Virtual Accounts' shortages (the fragmented shortage, surpluses
// elsewhere ignored) — five years from 1 January 2027 at a 9 % annual
// uplift, with a small support line. DNA HSEC is perpetual and is not in
// it. The tiers put each Essentials license below its Advantage license.
// The stated total is the proposal's own TCV, so it validates.
//
// It must run after entitlements, which it reads.
func (g *generator) proposal() (*pricing.Proposal, error) {
	p := &pricing.Proposal{
		Vendor:       vendorName,
		Currency:     currency,
		TermYears:    termYears,
		StartDate:    contractStart,
		AnnualUplift: decimal.RequireFromString(annualUplift),
		PriorAnnualSpend: decimal.NullDecimal{
			Decimal: decimal.RequireFromString(priorSpendPerUnit).Mul(decimal.NewFromInt(int64(g.n))),
			Valid:   true,
		},
		Tiers: g.tiers(),
	}
	premium := decimal.RequireFromString(trueForwardPremium)
	for _, l := range g.primaries {
		var entitled, shortage int
		for v := range g.vas {
			entitled += g.entitled[v][l]
			shortage += max(0, g.consumed[v][l]-g.entitled[v][l])
		}
		lic := &g.lics[l]
		price := decimal.RequireFromString(lic.price)
		p.Lines = append(p.Lines,
			pricing.Line{SKU: lic.skus[0], License: lic.name, Category: pricing.Subscription, Quantity: int64(entitled), UnitPrice: price},
			pricing.Line{SKU: lic.skus[1], License: lic.name, Category: pricing.TrueForward, Quantity: int64(shortage), UnitPrice: price, Uplift: premium},
		)
	}
	p.Lines = append(p.Lines, pricing.Line{
		SKU: supportSKU, License: supportLicense, Category: pricing.Support,
		Quantity: int64(g.atLeastOne(supportPer42k)), UnitPrice: decimal.RequireFromString(supportPrice),
	})
	s, err := p.Schedule(pricing.Cap{})
	if err != nil {
		return nil, err
	}
	p.StatedTotal = decimal.NullDecimal{Decimal: s.TCV, Valid: true}
	return p, nil
}
