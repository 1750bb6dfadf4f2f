package cssm

import "context"

// TokensService lists and creates product registration tokens of a Virtual
// Account (the ID tokens devices register with — not OAuth tokens).
type TokensService service

// RegistrationToken is a product registration token of a Virtual Account.
type RegistrationToken struct {
	Token            string `json:"token"`
	Description      String `json:"description"`
	ExpirationDate   Date   `json:"expirationDate"`
	ExportControlled String `json:"exportControlled"`
	CreatedBy        String `json:"createdBy"`
	Status           String `json:"status"`
}

type tokensBody struct {
	envelope
	Tokens []RegistrationToken `json:"tokens"`
}

// List returns the registration tokens of Virtual Account va (GET
// v1/accounts/{domain}/virtual-accounts/{va}/tokens).
func (s *TokensService) List(ctx context.Context, domain, va string) ([]RegistrationToken, *Response, error) {
	var out tokensBody
	resp, err := s.c.do(ctx, &call{ep: EndpointListTokens, domain: domain, va: va, out: &out})
	return out.Tokens, resp, err
}

// CreateTokenParams describe a new registration token.
type CreateTokenParams struct {
	Description      string
	ExpiresAfterDays int
	// ExportControlled allows the token to register export-controlled
	// functionality ("Allowed"; false sends "Not Allowed").
	ExportControlled bool
}

type createTokenBody struct {
	Description      string `json:"description"`
	ExpiresAfterDays int    `json:"expiresAfterDays"`
	ExportControlled string `json:"exportControlled"`
}

type createTokenAnswer struct {
	envelope
	TokenInfo struct {
		Token string `json:"token"`
	} `json:"tokenInfo"`
}

// Create creates a registration token in Virtual Account va and returns it
// (POST …/virtual-accounts/{va}/tokens). It is a write.
func (s *TokensService) Create(ctx context.Context, domain, va string, p *CreateTokenParams) (string, *Response, error) {
	if p == nil {
		p = &CreateTokenParams{}
	}
	b := createTokenBody{Description: p.Description, ExpiresAfterDays: p.ExpiresAfterDays, ExportControlled: "Not Allowed"}
	if p.ExportControlled {
		b.ExportControlled = "Allowed"
	}
	var out createTokenAnswer
	resp, err := s.c.do(ctx, &call{ep: EndpointCreateToken, domain: domain, va: va, body: b, write: true, out: &out})
	return out.TokenInfo.Token, resp, err
}
