package cssmtest

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/slr"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/virtualaccount"
)

// args are the path parameters of a request.
type args struct{ domain, va string }

// match finds the profile and endpoint of a request path from cssm's own
// route table.
func match(method, path string, query url.Values) (cssm.Profile, cssm.Endpoint, args, bool) {
	for p, prefix := range prefixes {
		rel, ok := strings.CutPrefix(path, prefix)
		if !ok {
			continue
		}
		prof := cssm.Profile(p)
		segs := strings.Split(rel, "/")
		for ep := range cssm.NumEndpoints {
			m, tmpl, ok := prof.Route(ep)
			if !ok || m != method {
				continue
			}
			tmplPath, tmplQuery, _ := strings.Cut(tmpl, "?")
			ts := strings.Split(tmplPath, "/")
			if len(ts) != len(segs) {
				continue
			}
			var a args
			matched := true
			for i, t := range ts {
				seg, err := url.PathUnescape(segs[i])
				if err != nil {
					matched = false
					break
				}
				switch t {
				case "{d}":
					a.domain = seg
				case "{va}":
					a.va = seg
				default:
					matched = t == seg
				}
				if !matched {
					break
				}
			}
			if !matched {
				continue
			}
			if strings.Contains(tmplQuery, "{va}") {
				k, _, _ := strings.Cut(tmplQuery, "=")
				a.va = query.Get(k)
			}
			return prof, ep, a, true
		}
	}
	return 0, 0, args{}, false
}

// cssmError answers a CSSM error: HTTP status with the legacy envelope.
func cssmError(w http.ResponseWriter, status int, format string, a ...any) {
	writeJSON(w, status, map[string]string{"status": "ERROR", "statusMessage": fmt.Sprintf(format, a...)})
}

func success(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "SUCCESS", "statusMessage": msg})
}

// handle serves one authorized API request.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, prof cssm.Profile, ep cssm.Endpoint, a args, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	if a.domain != "" && a.domain != st.domain {
		cssmError(w, http.StatusNotFound, "Smart Account %s not found or not accessible", a.domain)
		return
	}
	var va *vaState
	if a.va != "" {
		if va = st.va(a.va); va == nil {
			cssmError(w, http.StatusOK, "Virtual Account %s not found", a.va)
			return
		}
	}
	switch ep {
	case cssm.EndpointAccounts:
		writeJSON(w, http.StatusOK, map[string]any{"accounts": []any{map[string]any{
			"accountName": st.name, "accountDomain": st.domain, "accountStatus": "Active", "accountType": "CUSTOMER",
			"roles": []any{map[string]string{"role": "SMART_ACCOUNT_ADMIN"}}}}, "status": "SUCCESS", "statusMessage": ""})
	case cssm.EndpointAccountSearch:
		var found []any
		if strings.Contains(st.domain, r.URL.Query().Get("domain")) {
			found = append(found, map[string]any{"domain": st.domain, "name": st.name, "id": st.accountID, "type": "CUSTOMER", "status": "ACTIVE"})
		}
		off, lim := pageArgs(r.URL.Query().Get("offset"), r.URL.Query().Get("limit"))
		writeJSON(w, http.StatusOK, map[string]any{"totalRecords": len(found), "accounts": page(found, off, lim)})
	case cssm.EndpointAccountIDs:
		vas := []any{}
		for _, v := range st.vas {
			vas = append(vas, map[string]any{"default": v.isDefault, "name": v.name, "virtual_account_id": strconv.FormatInt(v.id, 10)})
		}
		writeJSON(w, http.StatusOK, map[string]any{"message_code": "", "message": "", "status": "COMPLETE", "accounts": []any{map[string]any{
			"account_id": strconv.FormatInt(st.accountID, 10), "domain": st.domain, "name": st.name, "virtual_accounts": vas}}})
	case cssm.EndpointVirtualAccounts:
		vas := []any{}
		for _, v := range st.vas {
			vas = append(vas, map[string]string{"isDefault": strconv.FormatBool(v.isDefault), "name": v.name, "description": v.description, "commerceAccessLevel": "FULL"})
		}
		writeJSON(w, http.StatusOK, map[string]any{"virtualAccounts": vas, "status": "SUCCESS", "statusMessage": ""})
	case cssm.EndpointCreateVirtualAccount:
		var req cssm.CreateVirtualAccountParams
		if err := json.Unmarshal(body, &req); err != nil || strings.TrimSpace(req.Name) == "" {
			cssmError(w, http.StatusBadRequest, "name is required")
			return
		}
		if st.va(req.Name) != nil {
			cssmError(w, http.StatusOK, "Virtual Account %s already exists", req.Name)
			return
		}
		st.vas = append(st.vas, &vaState{name: req.Name, description: req.Description, id: 2000001 + int64(len(st.vas))})
		success(w, "Virtual Account created")
	case cssm.EndpointLicenses:
		req, ok := listRequest(w, body)
		if !ok {
			return
		}
		all := st.licenseList(s.now())
		if len(req.VirtualAccounts) > 0 {
			all = slices.DeleteFunc(all, func(l cssm.License) bool { return !slices.Contains(req.VirtualAccounts, l.VirtualAccount) })
		}
		writeJSON(w, http.StatusOK, map[string]any{"totalRecords": len(all), "licenses": page(all, req.Offset, req.Limit), "status": "SUCCESS", "statusMessage": ""})
	case cssm.EndpointDevices:
		s.devices(w, r, prof, body)
	case cssm.EndpointTransferLicenses:
		s.transferLicenses(w, va, body)
	case cssm.EndpointTransferDevices:
		s.transferDevices(w, va, body)
	case cssm.EndpointRemoveDevices:
		s.removeDevices(w, prof, va, body)
	case cssm.EndpointListTokens:
		tokens := va.tokens
		if tokens == nil {
			tokens = []cssm.RegistrationToken{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"tokens": tokens, "status": "SUCCESS", "statusMessage": ""})
	case cssm.EndpointCreateToken:
		var req struct {
			Description      string `json:"description"`
			ExpiresAfterDays int    `json:"expiresAfterDays"`
			ExportControlled string `json:"exportControlled"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			cssmError(w, http.StatusBadRequest, "invalid body: %v", err)
			return
		}
		days := cmp.Or(req.ExpiresAfterDays, 30)
		tok := base64.RawStdEncoding.EncodeToString([]byte(fmt.Sprintf("%s|%d|%s", va.name, len(va.tokens)+1, randText())))
		va.tokens = append(va.tokens, cssm.RegistrationToken{Token: tok, Description: cssm.String(req.Description),
			ExpirationDate:   cssm.Date{Time: time.Now().UTC().AddDate(0, 0, days).Truncate(time.Second)},
			ExportControlled: cssm.String(req.ExportControlled), CreatedBy: DefaultClientID, Status: "VALID"})
		writeJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "tokenInfo": map[string]string{"token": tok}})
	case cssm.EndpointReserve:
		s.reserve(w, va, body)
	case cssm.EndpointAuthRequest, cssm.EndpointReportUsage:
		s.offline(w, r, ep, body)
	case cssm.EndpointPoll:
		s.poll(w, r, body)
	case cssm.EndpointSummary:
		s.summary(w, r)
	default:
		cssmError(w, http.StatusNotImplemented, "not implemented by cssmtest")
	}
}

// listBody is the body of the license and device lists.
type listBody struct {
	VirtualAccounts []string `json:"virtualAccounts"`
	Limit, Offset   int
}

// listRequest decodes a list body, answering 400 when it is not one.
func listRequest(w http.ResponseWriter, body []byte) (listBody, bool) {
	var req listBody
	if err := json.Unmarshal(body, &req); err != nil {
		cssmError(w, http.StatusBadRequest, "invalid body: %v", err)
		return req, false
	}
	return req, true
}

func randText() string { return requestID()[len("cssmtest-"):] }

func pageArgs(offset, limit string) (int, int) {
	o, _ := strconv.Atoi(offset)
	l, _ := strconv.Atoi(limit)
	return o, l
}

// page returns items[offset : offset+limit], bounded; limit 0 is 100.
func page[T any](items []T, offset, limit int) []T {
	if limit <= 0 {
		limit = 100
	}
	offset = max(0, min(offset, len(items)))
	out := items[offset:min(len(items), offset+limit)]
	if out == nil {
		out = []T{}
	}
	return out
}

// devices serves a page of the device list from the cached encodings: POST
// {virtualAccounts,limit,offset} → {totalRecords,devices}, or on the
// software APIs GET ?limit&offset&virtualAccountName → {data,totalRows}.
func (s *Server) devices(w http.ResponseWriter, r *http.Request, prof cssm.Profile, body []byte) {
	var vas []string
	var off, lim int
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		off, lim = pageArgs(q.Get("offset"), q.Get("limit"))
		vas = q["virtualAccountName"]
	} else {
		req, ok := listRequest(w, body)
		if !ok {
			return
		}
		vas, off, lim = req.VirtualAccounts, req.Offset, req.Limit
	}
	all := s.st.devices
	if len(vas) > 0 {
		all = slices.DeleteFunc(slices.Clone(all), func(d *devState) bool { return !slices.Contains(vas, d.dev.VirtualAccount) })
	}
	items := page(all, off, lim)
	listKey, totalKey := "devices", "totalRecords"
	if prof == cssm.ProfileSoftware {
		listKey, totalKey = "data", "totalRows"
	}
	buf := append(s.page[:0], `{"`...)
	buf = append(buf, totalKey...)
	buf = append(buf, `":`...)
	buf = strconv.AppendInt(buf, int64(len(all)), 10)
	buf = append(buf, `,"`...)
	buf = append(buf, listKey...)
	buf = append(buf, `":[`...)
	for i, d := range items {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, d.encoded(&s.scratch)...)
	}
	buf = append(buf, `],"statusMessage":"","status":"SUCCESS"}`...)
	s.page = buf
	writeRaw(w, http.StatusOK, buf)
}

// transferLicenses moves licenses out of va, all lines or none. It refuses
// what CSSM refuses (an unknown license, type or target, more than the
// available quantity) and what clients never send (more than
// virtualaccount.MaxRequestTypes license types, a line above
// virtualaccount.MaxLineUnits).
func (s *Server) transferLicenses(w http.ResponseWriter, from *vaState, body []byte) {
	var req cssm.TransferLicensesParams
	if err := json.Unmarshal(body, &req); err != nil || len(req.Licenses) == 0 {
		cssmError(w, http.StatusBadRequest, "licenses are required")
		return
	}
	st := s.st
	types := map[[2]string]bool{}
	need := map[string]int64{}
	for _, l := range req.Licenses {
		types[[2]string{l.License, l.LicenseType}] = true
		switch {
		case l.Quantity <= 0 || l.Quantity > virtualaccount.MaxLineUnits:
			cssmError(w, http.StatusOK, "quantity %d of %s: must be 1 to %d", l.Quantity, l.License, virtualaccount.MaxLineUnits)
			return
		case st.va(l.TargetVirtualAccount) == nil || l.TargetVirtualAccount == from.name:
			cssmError(w, http.StatusOK, "target Virtual Account %s is not valid", l.TargetVirtualAccount)
			return
		}
		need[l.License] += l.Quantity
		lic := st.licenses[licKey{from.name, l.License}]
		if lic == nil {
			cssmError(w, http.StatusOK, "license %s not found in Virtual Account %s", l.License, from.name)
			return
		}
		var ofType int64
		for _, d := range lic.details {
			if strings.EqualFold(d.LicenseType, l.LicenseType) && d.Counts(s.now()) {
				ofType += d.Quantity
			}
		}
		if ofType < l.Quantity {
			cssmError(w, http.StatusOK, "only %d %s licenses of type %s in Virtual Account %s", ofType, l.License, l.LicenseType, from.name)
			return
		}
	}
	if len(types) > virtualaccount.MaxRequestTypes {
		cssmError(w, http.StatusOK, "at most %d license types per transfer", virtualaccount.MaxRequestTypes)
		return
	}
	avail := map[string]int64{}
	for _, l := range st.licenseList(s.now()) {
		if l.VirtualAccount == from.name {
			avail[l.License] = l.Available
		}
	}
	for lic, n := range need {
		if avail[lic] < n {
			cssmError(w, http.StatusOK, "insufficient available licenses of %s in Virtual Account %s: %d available, %d requested", lic, from.name, avail[lic], n)
			return
		}
	}
	for _, l := range req.Licenses {
		moveUnits(st.license(from.name, l.License), st.license(l.TargetVirtualAccount, l.License), l.LicenseType, l.Quantity, s.now())
	}
	success(w, "Licenses transferred successfully")
}

// moveUnits takes n units of type typ from src's entitlement lines that
// count on day — perpetual (no end) first, then by latest end date — into
// dst, merging them with a line of the same terms.
func moveUnits(src, dst *licState, typ string, n int64, day time.Time) {
	order := make([]int, 0, len(src.details))
	for i, d := range src.details {
		if strings.EqualFold(d.LicenseType, typ) && d.Counts(day) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ea, eb := src.details[a].EndDate.Time, src.details[b].EndDate.Time
		switch {
		case ea.IsZero() != eb.IsZero():
			if ea.IsZero() {
				return -1
			}
			return 1
		}
		return eb.Compare(ea)
	})
	if dst.tag == "" {
		dst.tag = src.tag
	}
	for _, i := range order {
		if n == 0 {
			break
		}
		d := &src.details[i]
		take := min(n, d.Quantity)
		d.Quantity -= take
		n -= take
		moved := *d
		moved.Quantity = take
		merged := false
		for j := range dst.details {
			t := &dst.details[j]
			if t.LicenseType == moved.LicenseType && t.StartDate.Equal(moved.StartDate.Time) && t.EndDate.Equal(moved.EndDate.Time) &&
				t.SubscriptionID == moved.SubscriptionID && t.Status == moved.Status {
				t.Quantity += take
				merged = true
				break
			}
		}
		if !merged {
			dst.details = append(dst.details, moved)
		}
	}
	src.details = slices.DeleteFunc(src.details, func(d cssm.LicenseDetail) bool { return d.Quantity == 0 })
}

// findDevice returns the device of va with the SUDI's UDI.
func (st *state) findDevice(sudi cssm.SUDI, va string) (*devState, smartaccount.UDI, error) {
	u, err := sudi.UDI()
	if err != nil {
		return nil, u, err
	}
	d := st.devIndex[devKey{u, va}]
	if d == nil {
		return nil, u, fmt.Errorf("product instance %s not found in Virtual Account %s", u, va)
	}
	return d, u, nil
}

func (s *Server) transferDevices(w http.ResponseWriter, from *vaState, body []byte) {
	var req cssm.TransferDevicesParams
	if err := json.Unmarshal(body, &req); err != nil || len(req.ProductInstances) == 0 {
		cssmError(w, http.StatusBadRequest, "productInstances are required")
		return
	}
	st := s.st
	for _, p := range req.ProductInstances {
		if _, _, err := st.findDevice(p.SUDI, from.name); err != nil {
			cssmError(w, http.StatusOK, "%v", err)
			return
		}
		if st.va(p.TargetVirtualAccount) == nil {
			cssmError(w, http.StatusOK, "target Virtual Account %s not found", p.TargetVirtualAccount)
			return
		}
	}
	for _, p := range req.ProductInstances {
		d, u, _ := st.findDevice(p.SUDI, from.name)
		if st.devIndex[devKey{u, p.TargetVirtualAccount}] != nil {
			continue // already there: the move is a no-op
		}
		delete(st.devIndex, devKey{u, from.name})
		d.dev.VirtualAccount = p.TargetVirtualAccount
		d.json = nil
		st.devicesChanged()
		st.devIndex[devKey{u, p.TargetVirtualAccount}] = d
		for _, lu := range d.dev.LicenseUsage {
			st.license(p.TargetVirtualAccount, lu.License)
		}
	}
	success(w, "Product instances transferred successfully")
}

// removeDevices removes product instances. Each endpoint wants its own key:
// v2's misspelt productInstacesRemoveRequests, v3's
// productInstancesRemoveRequests; the other key is refused.
func (s *Server) removeDevices(w http.ResponseWriter, prof cssm.Profile, va *vaState, body []byte) {
	key := cssm.RemoveKeyV2
	if prof == cssm.ProfileSoftware {
		key = cssm.RemoveKeyV3
	}
	var req map[string][]cssm.DeviceRemoval
	if err := json.Unmarshal(body, &req); err != nil || len(req[key]) == 0 {
		cssmError(w, http.StatusBadRequest, "%s is required", key)
		return
	}
	st := s.st
	for _, p := range req[key] {
		if _, _, err := st.findDevice(p.SUDI, va.name); err != nil {
			cssmError(w, http.StatusOK, "%v", err)
			return
		}
	}
	for _, p := range req[key] {
		d, u, _ := st.findDevice(p.SUDI, va.name)
		delete(st.devIndex, devKey{u, va.name})
		st.devices = slices.DeleteFunc(st.devices, func(x *devState) bool { return x == d })
		st.devicesChanged()
	}
	success(w, "Product instances removed successfully")
}

// reserve answers reservation requests with an authorization code per
// request, in the <specificPLR> form slr.ParseAuthorization reads, and
// counts the units as reserved.
func (s *Server) reserve(w http.ResponseWriter, va *vaState, body []byte) {
	var req cssm.ReserveParams
	if err := json.Unmarshal(body, &req); err != nil || len(req.Requests) == 0 {
		cssmError(w, http.StatusBadRequest, "reservationRequests are required")
		return
	}
	st := s.st
	var codes []cssm.AuthorizationCode
	for _, rr := range req.Requests {
		rc, err := slr.ParseRequestCode(rr.ReservationCode)
		if err != nil {
			codes = append(codes, cssm.AuthorizationCode{ReservationCode: rr.ReservationCode, Status: "FAILED", StatusMessage: "invalid reservation code"})
			continue
		}
		var ents strings.Builder
		ok := true
		for _, l := range rr.Licenses {
			lic, name := st.licenseByTag(va.name, l.EntitlementTag)
			if lic == nil {
				ok = false
				break
			}
			var avail int64
			for _, x := range st.licenseList(s.now()) {
				if x.VirtualAccount == va.name && x.License == name {
					avail = x.Available
				}
			}
			if avail < l.Quantity {
				ok = false
				break
			}
			lic.reserved += l.Quantity
			typ := "PERPETUAL"
			if len(lic.details) > 0 {
				typ = lic.details[0].LicenseType
			}
			fmt.Fprintf(&ents, "<entitlement><tag>%s</tag><count>%d</count><startDate/><endDate/><licenseType>%s</licenseType><displayName>%s</displayName><tagDescription>%s</tagDescription><subscriptionID/></entitlement>",
				xmlEscape(l.EntitlementTag), l.Quantity, typ, xmlEscape(name), xmlEscape(name))
		}
		if !ok || ents.Len() == 0 {
			codes = append(codes, cssm.AuthorizationCode{ReservationCode: rc.Code, Status: "FAILED", StatusMessage: "insufficient licenses available for the reservation"})
			continue
		}
		code := fmt.Sprintf("<specificPLR><authorizationCode><flag>A</flag><version>C</version><piid>%s</piid><timestamp>%d</timestamp><entitlements>%s</entitlements></authorizationCode><signature>%s</signature><udi>P:%s,S:%s</udi></specificPLR>",
			randText(), time.Now().UnixMilli(), ents.String(), base64.StdEncoding.EncodeToString([]byte("cssmtest signature "+randText())), rc.UDI.PID, rc.UDI.Serial)
		codes = append(codes, cssm.AuthorizationCode{ReservationCode: rc.Code, AuthorizationCode: code, Status: "SUCCESS"})
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "authorizationCodes": codes})
}

// licenseByTag finds the license of va with entitlement tag tag (or named
// tag, when the seed had no tags).
func (st *state) licenseByTag(va, tag string) (*licState, string) {
	for k, l := range st.licenses {
		if k.va == va && (l.tag == tag || k.license == tag) {
			return l, k.license
		}
	}
	return nil, ""
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// offlineTarget checks the X-CSW-* account headers of an SLP call.
func (s *Server) offlineTarget(w http.ResponseWriter, r *http.Request) (*vaState, bool) {
	sa, err1 := strconv.ParseInt(r.Header.Get("X-Csw-Smart-Account-Id"), 10, 64)
	vid, err2 := strconv.ParseInt(r.Header.Get("X-Csw-Virtual-Account-Id"), 10, 64)
	if err1 != nil || err2 != nil || sa != s.st.accountID || !json.Valid([]byte(r.Header.Get("X-Csw-Requesting-System"))) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"status": "FAILED", "message_code": "INVALID_HEADERS",
			"message": "X-CSW-SMART-ACCOUNT-ID, X-CSW-VIRTUAL-ACCOUNT-ID (numeric) and X-CSW-REQUESTING-SYSTEM (JSON) are required"})
		return nil, false
	}
	va := s.st.vaByID(vid)
	if va == nil && vid != 0 {
		writeJSON(w, http.StatusOK, map[string]any{"status": "FAILED", "message_code": "VA_NOT_FOUND", "message": "Virtual Account not found"})
		return nil, false
	}
	return va, true
}

// offline starts an SLP authorization request or usage report: every SUDI
// found in the request's data gets an authorization (or acknowledgement)
// when the poll completes.
func (s *Server) offline(w http.ResponseWriter, r *http.Request, ep cssm.Endpoint, body []byte) {
	if _, ok := s.offlineTarget(w, r); !ok {
		return
	}
	var req struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &req); err != nil || len(req.Data) == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"status": "FAILED", "message_code": "INVALID_REQUEST", "message": "data is required"})
		return
	}
	var data struct {
		Timestamp int64  `json:"timestamp"`
		Nonce     string `json:"nonce"`
	}
	_ = json.Unmarshal(req.Data, &data)
	var tree any
	_ = json.Unmarshal(req.Data, &tree)
	p := &poll{remaining: s.params.Polls - 1}
	action := "authorizations"
	if ep == cssm.EndpointReportUsage {
		action = "acknowledgements"
	}
	p.kind = action
	for _, sudi := range findSUDIs(tree) {
		if action == "authorizations" {
			p.data.Authorizations = append(p.data.Authorizations, cssm.SLPAuthorization{
				ProductInstanceIdentifier: cssm.String(randText()), SUDI: cssm.SnakeSUDI(sudi),
				SmartLicense: cssm.String(base64.StdEncoding.EncodeToString([]byte("cssmtest license for " + sudi.UDIPID + ":" + sudi.UDISerialNumber))),
				AuthStatus:   []json.RawMessage{}, Status: "SUCCESS", CorrelationID: cssm.String(randText()),
			})
		} else {
			p.data.Acknowledgements = append(p.data.Acknowledgements, cssm.Acknowledgement{SUDI: cssm.SnakeSUDI(sudi),
				SoftwareTagIdentifier: cssm.String(sudi.UDIPID),
				SmartLicense:          cssm.String(base64.StdEncoding.EncodeToString([]byte("cssmtest ack for " + sudi.UDIPID + ":" + sudi.UDISerialNumber)))})
		}
	}
	id := s.st.nextPoll
	s.st.nextPoll++
	s.st.polls[id] = p
	writeJSON(w, http.StatusAccepted, map[string]any{"status": cssm.StatusOKPoll, "message_code": nil, "message": nil,
		"timestamp": data.Timestamp, "nonce": data.Nonce, "type": nil, "poll_id": id, "poll_interval": s.params.PollInterval, "action": action})
}

// findSUDIs returns every object of tree with a udi_pid (or udiPid) member.
func findSUDIs(tree any) []cssm.SUDI {
	var out []cssm.SUDI
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			pid, _ := x["udi_pid"].(string)
			if pid == "" {
				pid, _ = x["udiPid"].(string)
			}
			sn, _ := x["udi_serial_number"].(string)
			if sn == "" {
				sn, _ = x["udiSerialNumber"].(string)
			}
			if pid != "" {
				out = append(out, cssm.SUDI{UDIPID: pid, UDISerialNumber: sn})
				return
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(x[k])
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(tree)
	return out
}

func (s *Server) poll(w http.ResponseWriter, r *http.Request, body []byte) {
	if _, ok := s.offlineTarget(w, r); !ok {
		return
	}
	var req struct {
		Data struct {
			PollID    cssm.Int64 `json:"poll_id"`
			Timestamp int64      `json:"timestamp"`
			Nonce     string     `json:"nonce"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"status": "FAILED", "message_code": "INVALID_REQUEST", "message": "data.poll_id is required"})
		return
	}
	p := s.st.polls[int64(req.Data.PollID)]
	if p == nil {
		writeJSON(w, http.StatusOK, map[string]any{"status": "FAILED", "message_code": "POLL_NOT_FOUND", "message": "unknown poll_id"})
		return
	}
	if p.remaining > 0 {
		p.remaining--
		writeJSON(w, http.StatusAccepted, map[string]any{"status": cssm.StatusOKPoll, "message_code": nil, "message": nil,
			"timestamp": req.Data.Timestamp, "nonce": req.Data.Nonce, "type": nil, "poll_id": int64(req.Data.PollID), "poll_interval": s.params.PollInterval, "action": p.kind})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": cssm.StatusComplete, "message_code": "", "message": "",
		"timestamp": req.Data.Timestamp, "nonce": req.Data.Nonce, "type": p.kind, "correlation_id": randText(), "data": p.data})
}

// summary answers the license summary of the Virtual Account named by the
// X-CSW-VIRTUAL-ACCOUNT-ID header (every Virtual Account for id 0).
func (s *Server) summary(w http.ResponseWriter, r *http.Request) {
	va, ok := s.offlineTarget(w, r)
	if !ok {
		return
	}
	type detail struct {
		BillingType    string    `json:"billing_type"`
		Quantity       int64     `json:"quantity"`
		PostpaidUsage  *int64    `json:"postpaid_usage"`
		StartDate      cssm.Date `json:"start_date"`
		EndDate        cssm.Date `json:"end_date"`
		SubscriptionID *string   `json:"subscription_id"`
		Status         string    `json:"status"`
		BillingModel   *string   `json:"billing_model"`
		LicenseType    string    `json:"license_type"`
	}
	type entry struct {
		Tag              string   `json:"tag"`
		ComplianceStatus string   `json:"compliance_status"`
		DisplayName      string   `json:"display_name"`
		Enforced         bool     `json:"enforced"`
		ExportRestricted bool     `json:"export_restricted"`
		LicenseDetails   []detail `json:"license_details"`
		PrepaidEntitled  int64    `json:"prepaid_entitled"`
		PrepaidInUse     int64    `json:"prepaid_inuse"`
		PrepaidReserved  int64    `json:"prepaid_reserved"`
	}
	entries := []entry{}
	for _, l := range s.st.licenseList(s.now()) {
		if va != nil && l.VirtualAccount != va.name {
			continue
		}
		e := entry{Tag: cmp.Or(s.st.licenses[licKey{l.VirtualAccount, l.License}].tag, l.License), ComplianceStatus: l.Status,
			DisplayName: l.License, PrepaidEntitled: l.Quantity, PrepaidInUse: l.InUse, PrepaidReserved: l.Reserved, LicenseDetails: []detail{}}
		for _, d := range l.Details {
			var sub *string
			if d.SubscriptionID != "" {
				v := string(d.SubscriptionID)
				sub = &v
			}
			e.LicenseDetails = append(e.LicenseDetails, detail{BillingType: "PREPAID", Quantity: d.Quantity, StartDate: d.StartDate,
				EndDate: d.EndDate, SubscriptionID: sub, Status: d.Status, LicenseType: d.LicenseType})
		}
		entries = append(entries, e)
	}
	n := len(entries)
	writeJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "message_code": nil,
		"message":   fmt.Sprintf("Retrieved summary for %d license%s in the pool.", n, map[bool]string{true: "", false: "s"}[n == 1]),
		"timestamp": time.Now().UnixMilli(), "nonce": randText(), "out_standing_reports": 0, "summary": entries})
}
