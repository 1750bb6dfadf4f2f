package cssm

import (
	"context"
	"encoding/json"
	"iter"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// LicensesService reads license usage per Virtual Account and transfers
// licenses between Virtual Accounts.
type LicensesService service

// License is one license's position in one Virtual Account, as the licenses
// list gives it: CSSM's quantity, its own in-use count (InUse, which the
// review compares with the product instances: METHOD.md §2), and the
// entitlement lines behind the quantity (Details).
type License struct {
	License         string            `json:"license"`
	VirtualAccount  string            `json:"virtualAccount"`
	Quantity        int64             `json:"quantity"`
	InUse           int64             `json:"inUse"`
	Available       int64             `json:"available"`
	Reserved        int64             `json:"reserved"`
	PendingQuantity int64             `json:"pendingQuantity"`
	BillingType     string            `json:"billingType"` // PREPAID or USAGE
	AHAApps         Bool              `json:"ahaApps"`
	IsPortable      Bool              `json:"isPortable"`
	Status          string            `json:"status"` // "In Compliance", "Out Of Compliance"
	Details         []LicenseDetail   `json:"licenseDetails"`
	Substitutions   []json.RawMessage `json:"licenseSubstitutions,omitempty"`
}

// LicenseDetail is one entitlement line of a License: a quantity of one
// license type with its term.
type LicenseDetail struct {
	LicenseType    string `json:"licenseType"` // PERPETUAL, TERM, STANDARD, DEMO, …
	Quantity       int64  `json:"quantity"`
	StartDate      Date   `json:"startDate"`
	EndDate        Date   `json:"endDate"`
	SubscriptionID String `json:"subscriptionId"`
	Status         string `json:"status"`
}

// Counts reports whether the line counts toward the license's quantity on
// day: status ACTIVE (or none) and, unless perpetual, day within its term
// (METHOD.md §2, as smartaccount.Entitlement.Counts).
func (d *LicenseDetail) Counts(day time.Time) bool {
	t, _ := smartaccount.ParseLicenseType(d.LicenseType)
	e := smartaccount.Entitlement{Type: t, Start: d.StartDate.Time, End: d.EndDate.Time, Status: d.Status}
	return e.Counts(day)
}

// listBody is the request body of the license and device lists.
type listBody struct {
	VirtualAccounts []string `json:"virtualAccounts"`
	Limit           int      `json:"limit"`
	Offset          int      `json:"offset"`
}

type licensesBody struct {
	envelope
	TotalRecords Int64     `json:"totalRecords"`
	Licenses     []License `json:"licenses"`
}

func (b *licensesBody) total() int64 { return int64(b.TotalRecords) }

// List returns one page of licenses of the Smart Account domain (POST
// v1/accounts/{domain}/licenses; a read, retried as one).
func (s *LicensesService) List(ctx context.Context, domain string, p *ListParams) ([]License, *Response, error) {
	return s.list(ctx, domain, p, p.offset(), p.limit())
}

func (s *LicensesService) list(ctx context.Context, domain string, p *ListParams, offset, limit int) ([]License, *Response, error) {
	b := listBody{VirtualAccounts: []string{}, Limit: limit, Offset: offset}
	if p != nil && p.VirtualAccounts != nil {
		b.VirtualAccounts = p.VirtualAccounts
	}
	var out licensesBody
	resp, err := s.c.do(ctx, &call{ep: EndpointLicenses, domain: domain, body: b, out: &out})
	return out.Licenses, resp, err
}

// All walks every page of the licenses of domain, yielding each (license,
// Virtual Account) once. A list that changes while it is read ends the walk
// with a *PageDriftError. It can be ranged more than once: each range is a
// new walk.
func (s *LicensesService) All(ctx context.Context, domain string, p *ListParams) iter.Seq2[License, error] {
	return walk(ctx, EndpointLicenses, p.offset(), p.limit(),
		func(ctx context.Context, offset, limit int) ([]License, int64, error) {
			items, resp, err := s.list(ctx, domain, p, offset, limit)
			return items, resp.TotalRecords, err
		},
		func(l *License) [2]string { return [2]string{l.VirtualAccount, l.License} })
}

// LicenseTransfer is one line of a license transfer: Quantity units of one
// license type to another Virtual Account. CSSM takes at most
// virtualaccount.MaxRequestTypes license types per request, and clients keep
// lines at most virtualaccount.MaxLineUnits units (CSSM-API.md).
type LicenseTransfer struct {
	License              string `json:"license"`
	LicenseType          string `json:"licenseType"`
	Quantity             int64  `json:"quantity"`
	TargetVirtualAccount string `json:"targetVirtualAccount"`
}

// TransferLicensesParams is the body of a license transfer.
type TransferLicensesParams struct {
	Licenses []LicenseTransfer `json:"licenses"`
}

// Transfer moves licenses out of Virtual Account from (POST
// v1/accounts/{domain}/virtual-accounts/{from}/licenses/transfer). It is a
// write: retried only when provably not applied; an answer lost after
// sending is an *OutcomeUnknownError.
func (s *LicensesService) Transfer(ctx context.Context, domain, from string, p *TransferLicensesParams) (*Response, error) {
	if p == nil || len(p.Licenses) == 0 {
		return &Response{}, errRequired("TransferLicensesParams.Licenses")
	}
	return s.c.do(ctx, transferCall(domain, from, p))
}

func transferCall(domain, from string, p *TransferLicensesParams) *call {
	return &call{ep: EndpointTransferLicenses, domain: domain, va: from, body: p, write: true}
}
