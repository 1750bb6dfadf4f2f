package cssm

import "context"

// VirtualAccountsService lists and creates the Virtual Accounts of a Smart
// Account.
type VirtualAccountsService service

// VirtualAccount is a Virtual Account as CSSM lists it. IsDefault comes as a
// string ("true", "false", "yes"): Bool reads all of them.
type VirtualAccount struct {
	Name                string `json:"name"`
	Description         string `json:"description"`
	IsDefault           Bool   `json:"isDefault"`
	CommerceAccessLevel string `json:"commerceAccessLevel"`
}

type virtualAccountsBody struct {
	envelope
	VirtualAccounts []VirtualAccount `json:"virtualAccounts"`
}

// List returns the Virtual Accounts of the Smart Account domain (GET
// v1/accounts/{domain}/customer/virtual-accounts).
func (s *VirtualAccountsService) List(ctx context.Context, domain string) ([]VirtualAccount, *Response, error) {
	var out virtualAccountsBody
	resp, err := s.c.do(ctx, &call{ep: EndpointVirtualAccounts, domain: domain, out: &out})
	return out.VirtualAccounts, resp, err
}

// CreateVirtualAccountParams describe a new Virtual Account.
type CreateVirtualAccountParams struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Create creates a Virtual Account (POST v1/accounts/{domain}/virtual-accounts).
// It is a write: retried only when provably not applied.
func (s *VirtualAccountsService) Create(ctx context.Context, domain string, p *CreateVirtualAccountParams) (*Response, error) {
	if p == nil || p.Name == "" {
		return nil, errRequired("CreateVirtualAccountParams.Name")
	}
	return s.c.do(ctx, &call{ep: EndpointCreateVirtualAccount, domain: domain, body: p, write: true})
}
