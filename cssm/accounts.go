package cssm

import (
	"context"
	"iter"
	"net/url"
	"strconv"
)

// AccountsService reads the Smart Accounts the client's application can see.
type AccountsService service

// Account is a Smart Account as v2/accounts lists it, with the client's roles
// in it. That list carries no numeric id: see IDs.
type Account struct {
	Name   string        `json:"accountName"`
	Domain string        `json:"accountDomain"`
	Status string        `json:"accountStatus"`
	Type   string        `json:"accountType"`
	Roles  []AccountRole `json:"roles"`
}

// AccountRole is one role of the client's user in a Smart Account; a Virtual
// Account role names its Virtual Account.
type AccountRole struct {
	Role           string `json:"role"`
	VirtualAccount string `json:"virtualAccount,omitempty"`
}

type accountsBody struct {
	envelope
	Accounts []Account `json:"accounts"`
}

// List returns the Smart Accounts the client can access (GET v2/accounts).
func (s *AccountsService) List(ctx context.Context) ([]Account, *Response, error) {
	var out accountsBody
	resp, err := s.c.do(ctx, &call{ep: EndpointAccounts, out: &out})
	return out.Accounts, resp, err
}

// AccountSearchParams select accounts by domain substring (GET
// v1/accounts/search). The service caps a search at 1,000 records.
type AccountSearchParams struct {
	Domain string // substring of the domain
	// Type is the account type; "" is "CUSTOMER".
	Type          string
	Limit, Offset int // 0 Limit: DefaultPageSize
}

// FoundAccount is one result of Search.
type FoundAccount struct {
	Domain string `json:"domain"`
	Name   string `json:"name"`
	ID     String `json:"id"`
	Type   string `json:"type"`
	Status string `json:"status"`
}

type searchBody struct {
	envelope
	TotalRecords Int64          `json:"totalRecords"`
	Accounts     []FoundAccount `json:"accounts"`
}

func (b *searchBody) total() int64 { return int64(b.TotalRecords) }

// Search returns one page of accounts whose domain contains p.Domain.
func (s *AccountsService) Search(ctx context.Context, p *AccountSearchParams) ([]FoundAccount, *Response, error) {
	if p == nil {
		p = &AccountSearchParams{}
	}
	lp := &ListParams{Limit: p.Limit, Offset: p.Offset}
	return s.search(ctx, p, lp.offset(), lp.limit())
}

func (s *AccountsService) search(ctx context.Context, p *AccountSearchParams, offset, limit int) ([]FoundAccount, *Response, error) {
	typ := p.Type
	if typ == "" {
		typ = "CUSTOMER"
	}
	q := url.Values{"domain": {p.Domain}, "type": {typ}, "limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
	var out searchBody
	resp, err := s.c.do(ctx, &call{ep: EndpointAccountSearch, query: q, out: &out})
	return out.Accounts, resp, err
}

// SearchAll walks every page of a search; see ListParams for the walk's
// guarantees. It can be ranged more than once.
func (s *AccountsService) SearchAll(ctx context.Context, p *AccountSearchParams) iter.Seq2[FoundAccount, error] {
	if p == nil {
		p = &AccountSearchParams{}
	}
	lp := &ListParams{Limit: p.Limit, Offset: p.Offset}
	return walk(ctx, EndpointAccountSearch, lp.offset(), lp.limit(),
		func(ctx context.Context, offset, limit int) ([]FoundAccount, int64, error) {
			items, resp, err := s.search(ctx, p, offset, limit)
			return items, resp.TotalRecords, err
		},
		func(a *FoundAccount) [2]string { return [2]string{a.Domain, string(a.ID)} })
}

// AccountIDs are a Smart Account's numeric ids and its Virtual Accounts' (GET
// v2/accounts/search, snake_case): what the SLP offline flow's X-CSW-*
// headers need.
type AccountIDs struct {
	ID              Int64              `json:"account_id"`
	Domain          string             `json:"domain"`
	Name            string             `json:"name"`
	VirtualAccounts []VirtualAccountID `json:"virtual_accounts"`
}

// VirtualAccountID is a Virtual Account's numeric id.
type VirtualAccountID struct {
	Default Bool   `json:"default"`
	Name    string `json:"name"`
	ID      Int64  `json:"virtual_account_id"`
}

type idsBody struct {
	envelope
	Accounts []AccountIDs `json:"accounts"`
}

// IDs returns the numeric ids of the Smart Accounts and Virtual Accounts the
// client can access.
func (s *AccountsService) IDs(ctx context.Context) ([]AccountIDs, *Response, error) {
	var out idsBody
	resp, err := s.c.do(ctx, &call{ep: EndpointAccountIDs, out: &out})
	return out.Accounts, resp, err
}
