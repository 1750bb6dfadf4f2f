package smartaccount

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// person is one user of the Smart Account: the user rows sharing an e-mail
// address (case-insensitive), one row per role.
type person struct {
	email     string // as the first row gives it
	rows      []int
	lastLogin time.Time // the latest of its rows
	admin     int       // its Smart Account Administrator row, -1 when none
}

// access runs pass 3 (METHOD.md §3) over the snapshot's users; a snapshot
// without users has no pass 3.
func (r *reviewer) access() {
	s := r.x.snap
	if len(s.Users) == 0 {
		return
	}
	var people []*person
	byEmail := map[string]*person{}
	for i := range s.Users {
		u := &s.Users[i]
		key := strings.ToLower(strings.TrimSpace(u.Email))
		p := byEmail[key]
		if p == nil {
			p = &person{email: u.Email, admin: -1}
			byEmail[key] = p
			people = append(people, p)
		}
		p.rows = append(p.rows, i)
		if u.LastLogin.After(p.lastLogin) {
			p.lastLogin = u.LastLogin
		}
		if u.Role == SmartAccountAdmin && p.admin < 0 {
			p.admin = i
		}
	}
	var admins []*person
	for _, p := range people {
		if p.admin >= 0 {
			admins = append(admins, p)
		}
	}
	adminRefs := func() []Ref {
		refs := r.refs.take(len(admins))[:0]
		for _, p := range admins {
			refs = append(refs, s.Users[p.admin].Ref)
		}
		return refs
	}
	switch n := len(admins); {
	case n == 0:
		refs := r.refs.take(len(s.Users))[:0]
		for i := range s.Users {
			refs = append(refs, s.Users[i].Ref)
		}
		r.add(Finding{Kind: KindNoSAAdmin, Severity: SeverityCritical, Evidence: refs,
			Detail: "None of the " + strconv.Itoa(len(people)) + " users is a Smart Account Administrator: nobody can manage the account's users, tokens or transfers."}, -1, -1)
	case n == 1:
		r.add(Finding{Kind: KindSingleSAAdmin, Severity: SeverityWarning, User: admins[0].email, Quantity: 1, Evidence: adminRefs(),
			Detail: admins[0].email + " is the only Smart Account Administrator: the account has no one to step in if that person leaves."}, -1, -1)
	case n > 3 && n*10 > len(people):
		r.add(Finding{Kind: KindExcessAdmins, Severity: SeverityWarning, Quantity: int64(n), Evidence: adminRefs(),
			Detail: strconv.Itoa(n) + " of the " + strconv.Itoa(len(people)) + " users are Smart Account Administrators, more than the larger of 3 and 10 % of the users."}, -1, -1)
	}

	domains := s.Account.CustomerDomains
	if len(domains) == 0 && s.Account.Domain != "" {
		domains = []string{s.Account.Domain}
	}
	for _, p := range people {
		refs := func() []Ref {
			refs := r.refs.take(len(p.rows))[:0]
			for _, i := range p.rows {
				refs = append(refs, s.Users[i].Ref)
			}
			return refs
		}
		if domain := emailDomain(p.email); !slices.ContainsFunc(domains, func(d string) bool { return strings.EqualFold(strings.TrimSpace(d), domain) }) {
			r.add(Finding{Kind: KindExternalUser, Severity: SeverityWarning, User: p.email, Evidence: refs(),
				Detail: p.email + " has access to the Smart Account from " + quoteDomain(domain) + ", outside the customer's e-mail domains."}, -1, -1)
		}
		if p.lastLogin.IsZero() || p.lastLogin.Before(r.dormant) {
			when := "has never logged in"
			if !p.lastLogin.IsZero() {
				when = "has not logged in since " + p.lastLogin.Format(time.DateOnly)
			}
			r.add(Finding{Kind: KindDormantUser, Severity: SeverityInfo, User: p.email, Evidence: refs(),
				Detail: p.email + " " + when + " and still has access: remove or confirm the account."}, -1, -1)
		}
	}
	r.orphanRoles(byEmail)
}

// orphanRoles adds an orphan_role finding per user and Virtual Account the
// Account does not list on which the user holds a role.
func (r *reviewer) orphanRoles(byEmail map[string]*person) {
	s := r.x.snap
	type orphan struct {
		email, va string
		refs      []Ref
	}
	var orphans []*orphan
	seen := map[[2]string]*orphan{}
	for i := range s.Users {
		u := &s.Users[i]
		if !u.Role.OnVirtualAccount() {
			continue
		}
		if va, ok := r.x.vaID[u.VirtualAccount]; ok && r.x.inAccount[va] {
			continue
		}
		p := byEmail[strings.ToLower(strings.TrimSpace(u.Email))]
		k := [2]string{p.email, u.VirtualAccount}
		o := seen[k]
		if o == nil {
			o = &orphan{email: p.email, va: u.VirtualAccount}
			seen[k] = o
			orphans = append(orphans, o)
		}
		o.refs = append(o.refs, u.Ref)
	}
	for _, o := range orphans {
		what := "a role on Virtual Account " + o.va + ", which does not exist in the Smart Account"
		if o.va == "" {
			what = "a Virtual Account role without a Virtual Account"
		}
		r.add(Finding{Kind: KindOrphanRole, Severity: SeverityInfo, User: o.email, VirtualAccount: o.va, Evidence: o.refs,
			Detail: o.email + " holds " + what + ": remove the role."}, -1, -1)
	}
}

// emailDomain returns the domain of an e-mail address, lower-cased.
func emailDomain(email string) string {
	_, domain, _ := strings.Cut(email, "@")
	return strings.ToLower(strings.TrimSpace(domain))
}

func quoteDomain(d string) string {
	if d == "" {
		return "an address without a domain"
	}
	return d
}
