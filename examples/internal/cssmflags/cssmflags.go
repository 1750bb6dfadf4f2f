// Package cssmflags holds the CSSM connection flags the reference programs
// cssm-sync and va-transfer share, and the in-process fake CSSM of -demo.
package cssmflags

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/openrenewal/smartlicensing/cssm"
	"github.com/openrenewal/smartlicensing/cssm/cssmtest"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Environment variables read when the flags are not given.
const (
	EnvClientID     = "CSSM_CLIENT_ID"
	EnvClientSecret = "CSSM_CLIENT_SECRET"
)

// Help is the paragraph the programs print about the connection flags.
const Help = `Connection: -profile selects the endpoints (legacy: the cloud
smart-accounts-and-licensing API; software: the newer software APIs; onprem:
SSM On-Prem, which needs -base-url https://HOST:8443/backend/api/v1/).
-base-url and -token-url replace the profile's defaults. Credentials come from
-client-id and -client-secret, else from $CSSM_CLIENT_ID and
$CSSM_CLIENT_SECRET. HTTPS is required (plain HTTP only to a loopback host);
to trust an On-Prem server's own CA, add it to the file named by
$SSL_CERT_FILE. -demo serves an in-process fake CSSM instead.
`

// Flags are the connection flags.
type Flags struct {
	BaseURL, TokenURL, ClientID, Profile, Domain string
	ClientSecret                                 cssm.Secret
	Demo                                         bool
}

// Register defines the flags on fs.
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.BaseURL, "base-url", "", "CSSM API base `URL` (default: the profile's)")
	fs.StringVar(&f.TokenURL, "token-url", "", "OAuth2 token endpoint `URL` (default: the profile's)")
	fs.StringVar(&f.ClientID, "client-id", "", "API client `id` (default: $"+EnvClientID+")")
	fs.Func("client-secret", "API client `secret` (default: $"+EnvClientSecret+")", func(s string) error {
		f.ClientSecret = cssm.Secret(s)
		return nil
	})
	fs.StringVar(&f.Profile, "profile", "legacy", "endpoint `profile`: legacy, software or onprem")
	fs.StringVar(&f.Domain, "domain", "", "Smart Account `domain`")
	fs.BoolVar(&f.Demo, "demo", false, "use an in-process fake CSSM serving the embedded sample (no network, no credentials)")
}

// Check completes the flags from the environment and validates them: its
// error is a usage error.
func (f *Flags) Check() error {
	if _, err := cssm.ParseProfile(f.Profile); err != nil {
		return fmt.Errorf("-profile %q: accepted profiles are legacy, software and onprem", f.Profile)
	}
	if f.Demo {
		if f.BaseURL != "" || f.TokenURL != "" || f.ClientID != "" || f.ClientSecret != "" {
			return errors.New("-demo uses its own fake CSSM: -base-url, -token-url, -client-id and -client-secret cannot be given with it")
		}
		return nil
	}
	if f.ClientID == "" {
		f.ClientID = os.Getenv(EnvClientID)
	}
	if f.ClientSecret == "" {
		f.ClientSecret = cssm.Secret(os.Getenv(EnvClientSecret))
	}
	if f.ClientID == "" || f.ClientSecret == "" {
		return fmt.Errorf("credentials required: -client-id and -client-secret, or $%s and $%s (or -demo)", EnvClientID, EnvClientSecret)
	}
	return nil
}

// Connect returns a client: to the configured service, or under -demo to
// a fake CSSM seeded with seed (stop closes it). Its warnings (retries) go to
// logw.
func (f *Flags) Connect(seed *smartaccount.Snapshot, logw io.Writer) (c *cssm.Client, domain string, stop func(), err error) {
	prof, err := cssm.ParseProfile(f.Profile)
	if err != nil {
		return nil, "", nil, err
	}
	logger := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if f.Demo {
		srv := cssmtest.NewServer(cssmtest.Params{})
		if err := srv.Seed(seed); err != nil {
			srv.Close()
			return nil, "", nil, err
		}
		params := srv.ClientParams(prof)
		params.Logger = logger
		c, err := cssm.NewClient(params)
		if err != nil {
			srv.Close()
			return nil, "", nil, err
		}
		domain := f.Domain
		if domain == "" {
			domain = srv.Domain()
		}
		return c, domain, srv.Close, nil
	}
	c, err = cssm.NewClient(cssm.ClientParams{Profile: prof, BaseURL: f.BaseURL, TokenURL: f.TokenURL,
		ClientID: f.ClientID, ClientSecret: f.ClientSecret, Logger: logger})
	if err != nil {
		return nil, "", nil, err
	}
	return c, f.Domain, func() {}, nil
}
