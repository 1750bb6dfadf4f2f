package cssm

import (
	"fmt"
	"net/url"
	"strings"
)

// Profile selects one of the three families of CSSM endpoints: their default
// hosts, token endpoint and token request, and the paths of each call.
// Hosts are defaults only: ClientParams.BaseURL and TokenURL replace them.
type Profile uint8

// Profiles (CSSM-API.md, "Hosts and profiles"). The zero value is
// ProfileLegacy.
const (
	// ProfileLegacy is the cloud "smart-accounts-and-licensing" API, the
	// endpoints of CSSM-API.md's table: v1/…, v2/…, v3/… under
	// DefaultLegacyBaseURL.
	ProfileLegacy Profile = iota
	// ProfileSoftware is the newer cloud "software APIs": accounts/…,
	// licensing/v1|v2|v3/… under DefaultSoftwareBaseURL.
	ProfileSoftware
	// ProfileOnPrem is SSM On-Prem (License On-Prem): the same calls without
	// the version prefix under https://HOST:8443/backend/api/v1/, and a token
	// endpoint that wants a JSON body. It has no default host: BaseURL is
	// required.
	ProfileOnPrem
)

// Default endpoints of the cloud profiles. On-Prem has no default host; its
// token URL defaults to BaseURL's scheme and host with OnPremTokenPath.
const (
	DefaultLegacyBaseURL   = "https://swapi.cisco.com/services/api/smart-accounts-and-licensing/"
	DefaultSoftwareBaseURL = "https://apx.cisco.com/v1/software/apis/"
	// DefaultTokenURL is the token endpoint of newer Cisco API applications;
	// older ones use https://cloudsso.cisco.com/as/token.oauth2 (set
	// ClientParams.TokenURL).
	DefaultTokenURL = "https://id.cisco.com/oauth2/default/v1/token"
	OnPremTokenPath = "/backend/oauth/token"
)

var profileNames = [...]string{ProfileLegacy: "legacy", ProfileSoftware: "software", ProfileOnPrem: "onprem"}

// ParseProfile parses "legacy", "software" or "onprem" (also "on-prem"),
// case-insensitively.
func ParseProfile(s string) (Profile, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "on-prem" {
		t = "onprem"
	}
	for p, name := range profileNames {
		if t == name {
			return Profile(p), nil
		}
	}
	return 0, fmt.Errorf("cssm: unknown profile %q (accepted: legacy, software, onprem)", s)
}

// String returns the profile's name as ParseProfile accepts it.
func (p Profile) String() string {
	if int(p) < len(profileNames) {
		return profileNames[p]
	}
	return fmt.Sprintf("Profile(%d)", uint8(p))
}

// defaultURLs returns the profile's base and token URLs, given the
// caller's (either may be empty).
func (p Profile) defaultURLs(base, token string) (string, string, error) {
	switch p {
	case ProfileLegacy, ProfileSoftware:
		if base == "" {
			base = DefaultLegacyBaseURL
			if p == ProfileSoftware {
				base = DefaultSoftwareBaseURL
			}
		}
		if token == "" {
			token = DefaultTokenURL
		}
	case ProfileOnPrem:
		if base == "" {
			return "", "", fmt.Errorf("cssm: profile onprem needs a BaseURL such as https://HOST:8443/backend/api/v1/")
		}
		if token == "" {
			u, err := url.Parse(base)
			if err != nil {
				return "", "", fmt.Errorf("cssm: BaseURL: %w", err)
			}
			token = (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: OnPremTokenPath}).String()
		}
	default:
		return "", "", fmt.Errorf("cssm: unknown profile %d", uint8(p))
	}
	return base, token, nil
}

// Endpoint names one call of the API, whatever its path in a profile; see
// Profile.Route. cssmtest matches its faults by Endpoint.
type Endpoint uint8

// The calls of the API.
const (
	EndpointAccounts Endpoint = iota
	EndpointAccountSearch
	EndpointAccountIDs
	EndpointVirtualAccounts
	EndpointCreateVirtualAccount
	EndpointLicenses
	EndpointDevices
	EndpointTransferLicenses
	EndpointTransferDevices
	EndpointRemoveDevices
	EndpointListTokens
	EndpointCreateToken
	EndpointReserve
	EndpointAuthRequest
	EndpointReportUsage
	EndpointPoll
	EndpointSummary
	NumEndpoints // the number of endpoints, not one of them
)

var endpointNames = [...]string{
	EndpointAccounts:             "accounts",
	EndpointAccountSearch:        "account search",
	EndpointAccountIDs:           "account ids",
	EndpointVirtualAccounts:      "virtual accounts",
	EndpointCreateVirtualAccount: "create virtual account",
	EndpointLicenses:             "licenses",
	EndpointDevices:              "devices",
	EndpointTransferLicenses:     "transfer licenses",
	EndpointTransferDevices:      "transfer devices",
	EndpointRemoveDevices:        "remove devices",
	EndpointListTokens:           "list tokens",
	EndpointCreateToken:          "create token",
	EndpointReserve:              "reserve licenses",
	EndpointAuthRequest:          "authorization request",
	EndpointReportUsage:          "usage report",
	EndpointPoll:                 "poll",
	EndpointSummary:              "license summary",
}

// String names the call ("devices", "transfer licenses", …).
func (e Endpoint) String() string {
	if e < NumEndpoints {
		return endpointNames[e]
	}
	return fmt.Sprintf("Endpoint(%d)", uint8(e))
}

// route is where a profile serves an endpoint. Paths are relative to the
// base URL; {d} is the Smart Account domain and {va} a Virtual Account name,
// both path-escaped. A path may carry a query ("…?virtualAccountName={va}").
type route struct {
	method string
	path   string
}

// routes holds every profile's paths (CSSM-API.md). A zero route is an
// endpoint the profile does not offer. The software and On-Prem paths of
// calls CSSM-API.md does not list for them are inferred: the software APIs
// put the legacy path under licensing/ (accounts/ for the account calls),
// On-Prem drops the version prefix. Both are configuration, not model.
var routes = [...][NumEndpoints]route{
	ProfileLegacy: {
		EndpointAccounts:             {"GET", "v2/accounts"},
		EndpointAccountSearch:        {"GET", "v1/accounts/search"},
		EndpointAccountIDs:           {"GET", "v2/accounts/search"},
		EndpointVirtualAccounts:      {"GET", "v1/accounts/{d}/customer/virtual-accounts"},
		EndpointCreateVirtualAccount: {"POST", "v1/accounts/{d}/virtual-accounts"},
		EndpointLicenses:             {"POST", "v1/accounts/{d}/licenses"},
		EndpointDevices:              {"POST", "v1/accounts/{d}/devices"},
		EndpointTransferLicenses:     {"POST", "v1/accounts/{d}/virtual-accounts/{va}/licenses/transfer"},
		EndpointTransferDevices:      {"POST", "v1/accounts/{d}/virtual-accounts/{va}/devices/transfer"},
		EndpointRemoveDevices:        {"POST", "v2/accounts/{d}/virtual-accounts/{va}/devices/remove"},
		EndpointListTokens:           {"GET", "v1/accounts/{d}/virtual-accounts/{va}/tokens"},
		EndpointCreateToken:          {"POST", "v1/accounts/{d}/virtual-accounts/{va}/tokens"},
		EndpointReserve:              {"POST", "v1/accounts/{d}/virtual-accounts/{va}/reserve-licenses"},
		EndpointAuthRequest:          {"POST", "v2/devices/authrequest"},
		EndpointReportUsage:          {"POST", "v2/devices/reportusage"},
		EndpointPoll:                 {"POST", "v2/accounts/poll"},
		EndpointSummary:              {"POST", "v3/licenses/summary"},
	},
	ProfileSoftware: {
		EndpointAccounts:             {"GET", "accounts/v2/accounts"},
		EndpointAccountSearch:        {"GET", "accounts/v1/accounts/search"},
		EndpointAccountIDs:           {"GET", "accounts/v2/accounts/search"},
		EndpointVirtualAccounts:      {"GET", "licensing/v1/accounts/{d}/customer/virtual-accounts"},
		EndpointCreateVirtualAccount: {"POST", "licensing/v1/accounts/{d}/virtual-accounts"},
		EndpointLicenses:             {"POST", "licensing/v1/accounts/{d}/licenses"},
		EndpointDevices:              {"GET", "licensing/v2/accounts/{d}/devices"},
		EndpointTransferLicenses:     {"POST", "licensing/v1/accounts/{d}/virtual-accounts/{va}/licenses/transfer"},
		EndpointTransferDevices:      {"POST", "licensing/v1/accounts/{d}/virtual-accounts/{va}/devices/transfer"},
		EndpointRemoveDevices:        {"POST", "licensing/v3/accounts/{d}/devices/remove?virtualAccountName={va}"},
		EndpointListTokens:           {"GET", "licensing/v1/accounts/{d}/virtual-accounts/{va}/tokens"},
		EndpointCreateToken:          {"POST", "licensing/v1/accounts/{d}/virtual-accounts/{va}/tokens"},
		EndpointReserve:              {"POST", "licensing/v2/account/{d}/virtual-account/{va}/licenses/reserve"},
		EndpointAuthRequest:          {"POST", "licensing/v2/devices/authrequest"},
		EndpointReportUsage:          {"POST", "licensing/v2/devices/reportusage"},
		EndpointPoll:                 {"POST", "licensing/v2/accounts/poll"},
		EndpointSummary:              {"POST", "licensing/v2/get-summary"},
	},
	ProfileOnPrem: {
		EndpointAccounts:             {"GET", "accounts"},
		EndpointAccountSearch:        {"GET", "accounts/search"},
		EndpointVirtualAccounts:      {"GET", "accounts/{d}/customer/virtual-accounts"},
		EndpointCreateVirtualAccount: {"POST", "accounts/{d}/virtual-accounts"},
		EndpointLicenses:             {"POST", "accounts/{d}/licenses"},
		EndpointDevices:              {"POST", "accounts/{d}/devices"},
		EndpointTransferLicenses:     {"POST", "accounts/{d}/virtual-accounts/{va}/licenses/transfer"},
		EndpointTransferDevices:      {"POST", "accounts/{d}/virtual-accounts/{va}/devices/transfer"},
		EndpointRemoveDevices:        {"POST", "accounts/{d}/virtual-accounts/{va}/devices/remove"},
		EndpointListTokens:           {"GET", "accounts/{d}/virtual-accounts/{va}/tokens"},
		EndpointCreateToken:          {"POST", "accounts/{d}/virtual-accounts/{va}/tokens"},
		EndpointReserve:              {"POST", "accounts/{d}/virtual-accounts/{va}/reserve-licenses"},
	},
}

// Route returns the method and path (relative to the base URL, with the
// {d} and {va} placeholders) at which profile p serves the call named by
// name — one of the Endpoint… constants — and false when p does not offer
// it. cssmtest serves the same table, so fake and client agree by
// construction; the real service is the reference (CSSM-API.md).
func (p Profile) Route(name Endpoint) (method, path string, ok bool) {
	if int(p) >= len(routes) || int(name) >= int(NumEndpoints) {
		return "", "", false
	}
	r := routes[p][name]
	return r.method, r.path, r.method != ""
}
