package cssm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/openrenewal/smartlicensing/slr"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// ReservationsService reserves licenses for air-gapped devices (Specific
// License Reservation, METHOD.md §7).
type ReservationsService service

// ReservationRequest reserves licenses for the device that generated
// ReservationCode (its request code).
type ReservationRequest struct {
	ReservationCode string `json:"reservationCode"`
	// ReservationType is "SPECIFIC" ("" sends it) or "UNIVERSAL".
	ReservationType string            `json:"reservationType"`
	Licenses        []ReservedLicense `json:"licenses"`
}

// ReservedLicense is a quantity of one entitlement tag to reserve.
type ReservedLicense struct {
	EntitlementTag string `json:"entitlementTag"`
	Quantity       int64  `json:"quantity"`
	// Precedence is "LONGEST_TERM_FIRST" ("" sends it).
	Precedence string `json:"precedence"`
}

// ReserveParams is the body of a reservation.
type ReserveParams struct {
	Requests []ReservationRequest `json:"reservationRequests"`
}

// AuthorizationCode is CSSM's answer for one reservation request.
type AuthorizationCode struct {
	ReservationCode   string `json:"reservationCode"`
	AuthorizationCode string `json:"authorizationCode"` // the <specificPLR> XML
	Status            String `json:"status"`
	StatusMessage     String `json:"statusMessage"`
}

type reserveAnswer struct {
	envelope
	AuthorizationCodes []AuthorizationCode `json:"authorizationCodes"`
}

// Reserve reserves licenses in Virtual Account va (POST
// v1/accounts/{domain}/virtual-accounts/{va}/reserve-licenses) and records
// every authorization code it receives in ledger before returning: CSSM never
// hands an authorization code out again, so the ledger is where it lives
// (slr.Ledger). Each request code is recorded as requested first when the
// ledger does not hold it yet. A nil ledger leaves keeping the codes to the
// caller.
//
// Reserve is a write: it is retried only when provably not applied. When a
// code cannot be recorded, the codes are still returned beside the error:
// store them by other means before anything else.
func (s *ReservationsService) Reserve(ctx context.Context, domain, va string, p *ReserveParams, ledger *slr.Ledger) ([]AuthorizationCode, *Response, error) {
	if p == nil || len(p.Requests) == 0 {
		return nil, &Response{}, errRequired("ReserveParams.Requests")
	}
	body := ReserveParams{Requests: make([]ReservationRequest, len(p.Requests))}
	udis := make(map[string]smartaccount.UDI, len(p.Requests))
	for i, r := range p.Requests {
		rc, err := slr.ParseRequestCode(r.ReservationCode)
		if err != nil {
			return nil, &Response{}, fmt.Errorf("cssm: reservation request %d: %w", i+1, err)
		}
		udis[rc.Code] = rc.UDI
		if r.ReservationType == "" {
			r.ReservationType = "SPECIFIC"
		}
		r.ReservationCode = rc.Code
		r.Licenses = append([]ReservedLicense(nil), r.Licenses...)
		for j := range r.Licenses {
			if r.Licenses[j].Precedence == "" {
				r.Licenses[j].Precedence = "LONGEST_TERM_FIRST"
			}
		}
		body.Requests[i] = r
		if ledger == nil {
			continue
		}
		if rec, ok := ledger.State().Lookup(rc.UDI); ok && rec.State == smartaccount.Requested && rec.RequestCode == rc.Code {
			continue
		} else if ok && rec.State != smartaccount.Returned && rec.State != smartaccount.Requested {
			return nil, &Response{}, fmt.Errorf("cssm: reservation request %d: the ledger holds a reservation of %s in state %s", i+1, rc.UDI, rec.State)
		}
		if err := ledger.Append(ctx, slr.Event{Kind: smartaccount.Requested, At: time.Now(), UDI: rc.UDI, VirtualAccount: va, RequestCode: rc.Code}); err != nil {
			return nil, &Response{}, fmt.Errorf("cssm: recording request code %d in the ledger: %w", i+1, err)
		}
	}
	var out reserveAnswer
	resp, err := s.c.do(ctx, &call{ep: EndpointReserve, domain: domain, va: va, body: body, write: true, out: &out})
	if err != nil {
		return out.AuthorizationCodes, resp, err
	}
	if ledger == nil {
		return out.AuthorizationCodes, resp, nil
	}
	var errs []error
	for _, ac := range out.AuthorizationCodes {
		if ac.AuthorizationCode == "" {
			continue
		}
		u, ok := udis[ac.ReservationCode]
		if !ok {
			errs = append(errs, fmt.Errorf("cssm: authorization code for unknown request code %q", ac.ReservationCode))
			continue
		}
		if err := ledger.Append(context.WithoutCancel(ctx), slr.Event{Kind: smartaccount.Authorized, At: time.Now(), UDI: u, AuthorizationCode: ac.AuthorizationCode}); err != nil {
			errs = append(errs, fmt.Errorf("cssm: recording the authorization code of %s: %w", u, err))
		}
	}
	return out.AuthorizationCodes, resp, errors.Join(errs...)
}
