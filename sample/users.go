package sample

import (
	"math/rand/v2"
	"strings"

	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

var firstNames = []string{
	"Olivia", "Liam", "Amara", "Noah", "Priya", "Mateo", "Chen", "Sofia", "Ethan", "Aisha",
	"Lucas", "Hannah", "Ravi", "Isabel", "Kwame", "Mia", "Daniel", "Yuki", "Grace", "Omar",
	"Elena", "Samuel", "Nadia", "Thomas", "Leila", "Marcus", "Ingrid", "Tariq", "Chloe", "Felix",
	"Anika", "Jonah",
}

var lastNames = []string{
	"Anderson", "Okafor", "Nakamura", "Fischer", "Patel", "Rossi", "Lindqvist", "Moreau", "Haddad", "Kowalski",
	"Brennan", "Castillo", "Iyer", "Schmidt", "Mensah", "Tanaka", "Dubois", "Novak", "Walsh", "Ferreira",
	"Adeyemi", "Larsen", "Quinn", "Romero", "Sato", "Becker", "O'Neill", "Gupta", "Hughes", "Silva",
	"Petrov", "Reyes", "Kim",
}

// userSpec is one user of the sample, before names are drawn.
type userSpec struct {
	role   smartaccount.Role
	va     string // for Virtual Account roles
	domain string // "" for a customer domain
	login  int    // days since the last login; -1 for never
}

// The access situations of METHOD.md §3 the users show: nine Smart Account
// administrators among 64 users (more than max(3, 10 %)), external users
// (a partner, Cisco's account team, a personal mailbox), dormant users
// (last login over 180 days ago, or never) and a role on a deleted Virtual
// Account. They are written out rather than drawn so that each is certain.
func userSpecs() []userSpec {
	const (
		saAdmin  = smartaccount.SmartAccountAdmin
		saUser   = smartaccount.SmartAccountUser
		saViewer = smartaccount.SmartAccountViewer
		vaAdmin  = smartaccount.VirtualAccountAdmin
		vaUser   = smartaccount.VirtualAccountUser
		vaViewer = smartaccount.VirtualAccountViewer
	)
	specs := []userSpec{
		{saAdmin, "", "", 1}, {saAdmin, "", "", 3}, {saAdmin, "", "", 12}, {saAdmin, "", "", 40},
		{saAdmin, "", "", 75}, {saAdmin, "", "meridiantrust.co.uk", 9}, {saAdmin, "", "", 260},
		{saAdmin, "", "northbridge-integration.com", 30}, {saAdmin, "", "", -1},
		{saUser, "", "", 2}, {saUser, "", "", 15}, {saUser, "", "", 33}, {saUser, "", "", 410},
		{saUser, "", "cisco.com", 6}, {saUser, "", "meridiantrust.com.sg", 21},
		{saViewer, "", "", 4}, {saViewer, "", "", 58}, {saViewer, "", "", 120}, {saViewer, "", "", 190},
		{saViewer, "", "gmail.com", 14}, {saViewer, "", "", 88}, {saViewer, "", "", 27}, {saViewer, "", "", -1},
		{vaUser, vaOrphan, "", 402}, {vaAdmin, vaOrphan, "", 96},
	}
	// Virtual Account roles on the connected accounts, in turn: an
	// administrator and a user on each, a viewer on every third.
	roles := []smartaccount.Role{vaAdmin, vaUser}
	days := []int{2, 5, 8, 13, 19, 26, 34, 47, 61, 83, 150, 178}
	n := 0
	for v, s := range vaSpecs {
		if s.name == vaPool || len(specs) >= 64 {
			continue
		}
		for _, r := range roles {
			specs = append(specs, userSpec{r, s.name, "", days[n%len(days)]})
			n++
		}
		if v%3 == 0 {
			specs = append(specs, userSpec{vaViewer, s.name, "", days[n%len(days)]})
			n++
		}
	}
	specs = specs[:64]
	specs[40].domain, specs[40].login = "northbridge-integration.com", 300 // a partner engineer who left
	specs[52].login = -1
	specs[58].login = 545
	return specs
}

// users returns the Smart Account's users. Login times are drawn from r;
// who holds which role, on which account, from which domain and how
// long ago each last logged in are fixed by userSpecs.
func users(r *rand.Rand) []smartaccount.User {
	specs := userSpecs()
	rows := make([]smartaccount.User, len(specs))
	for i, s := range specs {
		first := firstNames[i%len(firstNames)]
		last := lastNames[i*7%len(lastNames)]
		domain := s.domain
		if domain == "" {
			domain = accountDomain
		}
		local := strings.ToLower(first + "." + strings.ReplaceAll(last, "'", ""))
		if domain == "gmail.com" {
			local = strings.ToLower(first) + "." + strings.ToLower(last[:1]) + "1987"
		}
		u := smartaccount.User{
			Email:          local + "@" + domain,
			Name:           first + " " + last,
			Role:           s.role,
			VirtualAccount: s.va,
			Ref:            ref(dataset.UsersFile, i),
		}
		if s.login >= 0 {
			u.LastLogin = instant(asOf.Unix() - int64(s.login)*daySeconds - int64(r.IntN(daySeconds)))
		}
		rows[i] = u
	}
	return rows
}
