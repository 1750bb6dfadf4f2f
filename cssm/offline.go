package cssm

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// OfflineService is the SLP offline flow and the license summary (v2
// devices/authrequest, v2 devices/reportusage, v2 accounts/poll, v3
// licenses/summary; CSSM-API.md). These calls speak snake_case, answer 202
// "OK_POLL" with a poll_id and are addressed by numeric account ids in
// X-CSW-* headers, which the service resolves from v2/accounts/search first
// and caches.
type OfflineService service

// Target names the Smart Account (domain) and Virtual Account (name) an SLP
// call is about.
type Target struct {
	Domain, VirtualAccount string
}

// Poll statuses.
const (
	StatusOKPoll   = "OK_POLL"
	StatusComplete = "COMPLETE"
)

// OfflineParams is the content of an authorization request or a usage
// report: the device's own request, as a JSON object merged into the body's
// "data" beside "timestamp" and "nonce".
type OfflineParams struct {
	// Data is the JSON object the device produced; its keys go into the
	// request's "data" as they are.
	Data json.RawMessage
	// Timestamp is sent as epoch milliseconds; zero is now.
	Timestamp time.Time
	// Nonce is the request's nonce; "" is a random one.
	Nonce string
}

// PollResponse is the answer of the SLP offline calls: 202 "OK_POLL" with a
// poll id while CSSM works, then "COMPLETE" with authorizations or
// acknowledgements.
type PollResponse struct {
	Status        String   `json:"status"`
	MessageCode   String   `json:"message_code"`
	Message       String   `json:"message"`
	Timestamp     Int64    `json:"timestamp"` // epoch milliseconds
	Nonce         String   `json:"nonce"`
	Type          String   `json:"type"`
	PollID        Int64    `json:"poll_id"` // above 2^53: decoded exactly
	PollInterval  Int64    `json:"poll_interval"`
	Action        String   `json:"action"`
	CorrelationID String   `json:"correlation_id"`
	Data          PollData `json:"data"`
}

func (r *PollResponse) status() *envelope {
	return &envelope{Status: r.Status, Message: r.Message, MessageCode: r.MessageCode}
}

// Pending reports whether CSSM is still working on the request.
func (r *PollResponse) Pending() bool { return strings.EqualFold(string(r.Status), StatusOKPoll) }

// PollData is the "data" of a completed poll. CSSM sends it as one object or
// as a list of them; PollData reads both and merges a list.
type PollData struct {
	Authorizations   []SLPAuthorization `json:"authorizations,omitempty"`
	Acknowledgements []Acknowledgement  `json:"acknowledgements,omitempty"`
}

// UnmarshalJSON reads an object, a list of objects or null.
func (d *PollData) UnmarshalJSON(data []byte) error {
	type plain PollData
	parts, err := oneOrMany[plain](data)
	if err != nil {
		return err
	}
	*d = PollData{}
	for _, p := range parts {
		d.Authorizations = append(d.Authorizations, p.Authorizations...)
		d.Acknowledgements = append(d.Acknowledgements, p.Acknowledgements...)
	}
	return nil
}

// SLPAuthorization is one device's authorization in a completed poll.
// "None" in error_code and status_message means null.
type SLPAuthorization struct {
	ProductInstanceIdentifier String            `json:"product_instance_identifier"`
	SUDI                      SnakeSUDI         `json:"sudi"`
	SmartLicense              String            `json:"smart_license"`
	AuthStatus                []json.RawMessage `json:"auth_status"`
	ErrorCode                 String            `json:"error_code"`
	Status                    String            `json:"status"`
	StatusMessage             String            `json:"status_message"`
	CorrelationID             String            `json:"correlation_id"`
}

// Acknowledgement is one device's acknowledgement of a usage report.
type Acknowledgement struct {
	SUDI                  SnakeSUDI `json:"sudi"`
	SoftwareTagIdentifier String    `json:"software_tag_identifier"`
	SmartLicense          String    `json:"smart_license"`
}

// AuthRequest sends an authorization request (POST v2/devices/authrequest).
// CSSM answers 202 OK_POLL: Wait for the result. It is a write.
func (s *OfflineService) AuthRequest(ctx context.Context, t Target, p *OfflineParams) (*PollResponse, *Response, error) {
	return s.send(ctx, EndpointAuthRequest, t, p, true)
}

// ReportUsage sends a usage report (POST v2/devices/reportusage). CSSM
// answers 202 OK_POLL: Wait for the acknowledgements. It is a write.
func (s *OfflineService) ReportUsage(ctx context.Context, t Target, p *OfflineParams) (*PollResponse, *Response, error) {
	return s.send(ctx, EndpointReportUsage, t, p, true)
}

// Poll asks once for the result of pollID (POST v2/accounts/poll).
func (s *OfflineService) Poll(ctx context.Context, t Target, pollID int64) (*PollResponse, *Response, error) {
	data, _ := json.Marshal(map[string]int64{"poll_id": pollID})
	return s.send(ctx, EndpointPoll, t, &OfflineParams{Data: data}, false)
}

// WaitParams tune Wait.
type WaitParams struct {
	// MaxInterval caps CSSM's poll_interval (300 s in practice); 0 is no
	// cap. A poll_interval of 0 polls again at once.
	MaxInterval time.Duration
}

// Wait polls until pending is no longer OK_POLL, waiting CSSM's
// poll_interval (capped by p.MaxInterval) between polls, and returns the
// final answer. The wait ends early when ctx is done.
func (s *OfflineService) Wait(ctx context.Context, t Target, pending *PollResponse, p *WaitParams) (*PollResponse, *Response, error) {
	cur, resp := pending, &Response{}
	for cur.Pending() {
		wait := time.Duration(cur.PollInterval) * time.Second
		if p != nil && p.MaxInterval > 0 {
			wait = min(wait, p.MaxInterval)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return cur, resp, ctx.Err()
		case <-timer.C:
		}
		next, r, err := s.Poll(ctx, t, int64(pending.PollID))
		resp = r
		if err != nil {
			return cur, resp, err
		}
		if next.PollID == 0 {
			next.PollID = pending.PollID
		}
		cur = next
	}
	return cur, resp, nil
}

// SummaryParams select the tags of a license summary; none is all.
type SummaryParams struct {
	Tags      []string
	Timestamp time.Time // zero is now
	Nonce     string    // "" is a random one
}

// Summary is the license summary of a Virtual Account (v3 licenses/summary).
type Summary struct {
	Status             String         `json:"status"`
	MessageCode        String         `json:"message_code"`
	Message            String         `json:"message"`
	Timestamp          Int64          `json:"timestamp"`
	Nonce              String         `json:"nonce"`
	OutstandingReports Int64          `json:"out_standing_reports"`
	Licenses           []SummaryEntry `json:"summary"`
}

func (r *Summary) status() *envelope {
	return &envelope{Status: r.Status, Message: r.Message, MessageCode: r.MessageCode}
}

// SummaryEntry is one license of a summary.
type SummaryEntry struct {
	Tag              String          `json:"tag"`
	DisplayName      String          `json:"display_name"`
	ComplianceStatus String          `json:"compliance_status"`
	Enforced         Bool            `json:"enforced"`
	ExportRestricted Bool            `json:"export_restricted"`
	Details          []SummaryDetail `json:"license_details"`
	PrepaidEntitled  Int64           `json:"prepaid_entitled"`
	PrepaidInUse     Int64           `json:"prepaid_inuse"`
	PrepaidReserved  Int64           `json:"prepaid_reserved"`
}

// SummaryDetail is one entitlement line of a SummaryEntry.
type SummaryDetail struct {
	BillingType    String `json:"billing_type"`
	Quantity       Int64  `json:"quantity"`
	PostpaidUsage  Int64  `json:"postpaid_usage"`
	StartDate      Date   `json:"start_date"`
	EndDate        Date   `json:"end_date"`
	SubscriptionID String `json:"subscription_id"`
	Status         String `json:"status"`
	BillingModel   String `json:"billing_model"`
	LicenseType    String `json:"license_type"`
}

// Summary returns the license summary of the target's Virtual Account (POST
// v3/licenses/summary; on the software APIs licensing/v2/get-summary). It is
// a read.
func (s *OfflineService) Summary(ctx context.Context, t Target, p *SummaryParams) (*Summary, *Response, error) {
	if p == nil {
		p = &SummaryParams{}
	}
	tags := p.Tags
	if tags == nil {
		tags = []string{}
	}
	data, _ := json.Marshal(map[string][]string{"tags": tags})
	h, err := s.headers(ctx, t)
	if err != nil {
		return nil, &Response{}, err
	}
	var out Summary
	resp, err := s.c.do(ctx, &call{ep: EndpointSummary, header: h, body: offlineBody(&OfflineParams{Data: data, Timestamp: p.Timestamp, Nonce: p.Nonce}), out: &out})
	return &out, resp, err
}

func (s *OfflineService) send(ctx context.Context, ep Endpoint, t Target, p *OfflineParams, write bool) (*PollResponse, *Response, error) {
	if p == nil {
		p = &OfflineParams{}
	}
	h, err := s.headers(ctx, t)
	if err != nil {
		return nil, &Response{}, err
	}
	var out PollResponse
	resp, err := s.c.do(ctx, &call{ep: ep, header: h, body: offlineBody(p), write: write, out: &out})
	return &out, resp, err
}

// offlineBody builds {"data":{"timestamp","nonce",…p.Data}}.
func offlineBody(p *OfflineParams) any {
	fields := map[string]json.RawMessage{}
	if len(p.Data) > 0 {
		// A non-object Data is sent as "payload" rather than lost.
		if err := json.Unmarshal(p.Data, &fields); err != nil {
			fields = map[string]json.RawMessage{"payload": p.Data}
		}
	}
	ts := p.Timestamp
	if ts.IsZero() {
		ts = time.Now()
	}
	nonce := p.Nonce
	if nonce == "" {
		nonce = rand.Text()[:16]
	}
	fields["timestamp"] = json.RawMessage(strconv.FormatInt(ts.UnixMilli(), 10))
	n, _ := json.Marshal(nonce)
	fields["nonce"] = n
	return map[string]any{"data": fields}
}

// idCache holds the numeric ids of v2/accounts/search per domain.
type idCache struct {
	mu  sync.Mutex
	ids map[string]AccountIDs
}

// headers returns the X-CSW-* headers of t, resolving the numeric ids first.
func (s *OfflineService) headers(ctx context.Context, t Target) (http.Header, error) {
	sa, va, err := s.AccountIDs(ctx, t)
	if err != nil {
		return nil, err
	}
	return http.Header{
		"X-Csw-Smart-Account-Id":   {strconv.FormatInt(sa, 10)},
		"X-Csw-Virtual-Account-Id": {strconv.FormatInt(va, 10)},
		"X-Csw-Requesting-System":  {s.c.system},
	}, nil
}

// AccountIDs returns the numeric ids of t's Smart Account and Virtual
// Account, from v2/accounts/search (read once per client and domain).
func (s *OfflineService) AccountIDs(ctx context.Context, t Target) (smartAccount, virtualAccount int64, err error) {
	cache := &s.c.ids
	cache.mu.Lock()
	acct, ok := cache.ids[t.Domain]
	cache.mu.Unlock()
	if !ok {
		list, _, err := s.c.Accounts.IDs(ctx)
		if err != nil {
			return 0, 0, err
		}
		cache.mu.Lock()
		if cache.ids == nil {
			cache.ids = map[string]AccountIDs{}
		}
		for _, a := range list {
			cache.ids[a.Domain] = a
		}
		acct, ok = cache.ids[t.Domain]
		cache.mu.Unlock()
		if !ok {
			return 0, 0, fmt.Errorf("cssm: Smart Account %q is not among the accounts the client can access", t.Domain)
		}
	}
	for _, v := range acct.VirtualAccounts {
		if v.Name == t.VirtualAccount {
			return int64(acct.ID), int64(v.ID), nil
		}
	}
	if t.VirtualAccount == "" {
		return int64(acct.ID), 0, nil
	}
	return 0, 0, fmt.Errorf("cssm: Virtual Account %q is not in Smart Account %q", t.VirtualAccount, t.Domain)
}
