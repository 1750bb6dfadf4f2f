package virtualaccount

import "github.com/openrenewal/smartlicensing/smartaccount"

// CSSM's limits on one license-transfer request (CSSM-API.md): at most
// MaxRequestTypes license types, and lines of at most MaxLineUnits units.
const (
	MaxRequestTypes = 10
	MaxLineUnits    = 998
)

// Transfer moves Quantity units of one license type of License from one
// Virtual Account to another.
type Transfer struct {
	License  string                   `json:"license"`
	Type     smartaccount.LicenseType `json:"license_type"`
	From     string                   `json:"from"`
	To       string                   `json:"to"`
	Quantity int64                    `json:"quantity"`
}

// Plan is a deterministic list of transfers that pools a Smart Account's
// licenses (METHOD.md §4).
type Plan struct {
	Transfers []Transfer `json:"transfers"`
}

// Request is one CSSM license-transfer request: lines leaving one Virtual
// Account, at most MaxRequestTypes license types, each line at most
// MaxLineUnits units.
type Request struct {
	From  string        `json:"from"`
	Lines []RequestLine `json:"lines"`
}

// RequestLine is one line of a Request.
type RequestLine struct {
	License  string                   `json:"license"`
	Type     smartaccount.LicenseType `json:"license_type"`
	To       string                   `json:"to"`
	Quantity int64                    `json:"quantity"`
}
