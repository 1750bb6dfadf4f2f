package capture

import "time"

// Taken returns when the capture was taken, as far as it shows: the device
// clock when the capture prints it (the "Time source is …" banner, or
// "Current time:" of tech support), else the latest instant it prints of
// something that already happened — an ACK, a report push or file write,
// the account's "As of" date, a policy or trust-code installation, a
// registration, an authorization, a license status, a RUM report window, an
// event. Instants to come (deadlines, next pushes, expiry) do not count.
// Taken is zero when the capture prints none of them.
func (c *Capture) Taken() time.Time {
	if !c.Clock.IsZero() {
		return c.Clock
	}
	var t time.Time
	seen := func(ts ...time.Time) {
		for _, x := range ts {
			if x.After(t) {
				t = x
			}
		}
	}
	seen(c.PolicyInstalled)
	if a := c.Account; a != nil {
		seen(a.AsOf)
	}
	if r := c.Reporting; r != nil {
		seen(r.LastACK, r.LastReportPush, r.LastReportFileWrite)
	}
	if tc := c.TrustCode; tc != nil {
		seen(tc.Installed)
		for _, m := range tc.Members {
			seen(m.Installed)
		}
	}
	if r := c.Registration; r != nil {
		seen(r.InitialRegistration.Time, r.LastRenewal.Time)
	}
	if a := c.Authorization; a != nil {
		seen(a.Since, a.LastCommunication.Time)
	}
	for _, l := range c.Licenses {
		seen(l.StatusTime, l.RequestTime)
	}
	for _, r := range c.Reports {
		seen(r.Start, r.End)
	}
	for _, e := range c.Events {
		seen(e.Time)
	}
	return t
}
