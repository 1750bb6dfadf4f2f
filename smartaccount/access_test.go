package smartaccount

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
)

func TestReviewUserAccess(t *testing.T) {
	const (
		recent = "2026-10-20T09:00:00Z"
		// 180 days before 2026-11-01 is 2026-05-05T00:00Z.
		atCut  = "2026-05-05T00:00:00Z" // not before the cut: not dormant
		before = "2026-05-04T23:59:59Z" // a second before it: dormant
	)
	users := func(b *builder, n int, role Role) {
		for i := range n {
			b.user(fmt.Sprintf("%s%02d@example.com", role, i), role, "", recent)
		}
	}
	for _, tc := range []struct {
		name    string
		domains []string
		build   func(b *builder)
		want    []brief
		check   func(t *testing.T, h *Hygiene)
	}{
		{
			name:  "no users: no pass 3",
			build: func(b *builder) {},
		},
		{
			// Two users, neither an administrator; the finding rests on
			// every user row.
			name: "no Smart Account Administrator",
			build: func(b *builder) {
				b.user("ana@example.com", SmartAccountUser, "", recent)
				b.user("bo@example.com", VirtualAccountAdmin, "Core", recent)
			},
			want: []brief{{Kind: KindNoSAAdmin}},
			check: func(t *testing.T, h *Hygiene) {
				assert.Equal(t, refs("users.csv", 2, 3), h.Findings[0].Evidence)
				assert.Equal(t, SeverityCritical, h.Findings[0].Severity)
				assert.Equal(t, "None of the 2 users is a Smart Account Administrator: nobody can manage the account's users, tokens or transfers.", h.Findings[0].Detail)
			},
		},
		{
			name: "a single Smart Account Administrator",
			build: func(b *builder) {
				b.user("ana@example.com", SmartAccountUser, "", recent)
				b.user("Bo@Example.com", SmartAccountAdmin, "", recent)
			},
			want: []brief{{Kind: KindSingleSAAdmin, User: "Bo@Example.com", Quantity: 1}},
			check: func(t *testing.T, h *Hygiene) {
				assert.Equal(t, refs("users.csv", 3), h.Findings[0].Evidence)
			},
		},
		{
			// 4 administrators of 40 users: max(3, 10 % of 40 = 4) = 4, and
			// 4 is not more than 4.
			name:  "4 of 40 administrators is not excess",
			build: func(b *builder) { users(b, 4, SmartAccountAdmin); users(b, 36, SmartAccountViewer) },
		},
		{
			// 5 of 40: more than 4.
			name:  "5 of 40 administrators is excess",
			build: func(b *builder) { users(b, 5, SmartAccountAdmin); users(b, 35, SmartAccountViewer) },
			want:  []brief{{Kind: KindExcessAdmins, Quantity: 5}},
			check: func(t *testing.T, h *Hygiene) {
				assert.Equal(t, refs("users.csv", 2, 3, 4, 5, 6), h.Findings[0].Evidence)
				assert.Equal(t, "5 of the 40 users are Smart Account Administrators, more than the larger of 3 and 10 % of the users.", h.Findings[0].Detail)
			},
		},
		{
			// 4 of 30: max(3, 3) = 3, and 4 > 3.
			name:  "4 of 30 administrators is excess",
			build: func(b *builder) { users(b, 4, SmartAccountAdmin); users(b, 26, SmartAccountUser) },
			want:  []brief{{Kind: KindExcessAdmins, Quantity: 4}},
		},
		{
			// 3 of 10: max(3, 1) = 3, and 3 is not more.
			name:  "3 of 10 administrators is not excess",
			build: func(b *builder) { users(b, 3, SmartAccountAdmin); users(b, 7, SmartAccountUser) },
		},
		{
			// One person with two rows is one administrator of 2 users.
			name: "a person with several roles counts once",
			build: func(b *builder) {
				b.user("ana@example.com", SmartAccountAdmin, "", recent)
				b.user("ANA@example.com", VirtualAccountUser, "Core", recent)
				b.user("bo@example.com", SmartAccountAdmin, "", recent)
			},
		},
		{
			// Customer domains are matched whatever the case; a partner, a
			// personal mailbox and an address without a domain are external.
			name:    "external users",
			domains: []string{"example.com", "Example.co.uk"},
			build: func(b *builder) {
				users(b, 2, SmartAccountAdmin)
				b.user("cy@EXAMPLE.CO.UK", SmartAccountUser, "", recent)
				b.user("dee@partner.net", SmartAccountUser, "", recent)
				b.user("eve@gmail.com", SmartAccountViewer, "", recent)
				b.user("eve@gmail.com", VirtualAccountViewer, "Core", recent)
				b.user("nobody", SmartAccountViewer, "", recent)
			},
			want: []brief{
				{Kind: KindExternalUser, User: "dee@partner.net"},
				{Kind: KindExternalUser, User: "eve@gmail.com"},
				{Kind: KindExternalUser, User: "nobody"},
			},
			check: func(t *testing.T, h *Hygiene) {
				assert.Equal(t, refs("users.csv", 6, 7), h.Findings[1].Evidence, "both of eve's rows")
				assert.Equal(t, "dee@partner.net has access to the Smart Account from partner.net, outside the customer's e-mail domains.", h.Findings[0].Detail)
				assert.Equal(t, "nobody has access to the Smart Account from an address without a domain, outside the customer's e-mail domains.", h.Findings[2].Detail)
			},
		},
		{
			// No customer domains given: the Account's domain is the
			// customer's.
			name: "the Account's domain when no customer domains are given",
			build: func(b *builder) {
				users(b, 2, SmartAccountAdmin)
				b.user("dee@partner.net", SmartAccountUser, "", recent)
			},
			want: []brief{{Kind: KindExternalUser, User: "dee@partner.net"}},
		},
		{
			// Dormant: never logged in, or last login before 2026-05-05;
			// the latest of a person's rows counts.
			name:    "dormant users",
			domains: []string{"example.com"},
			build: func(b *builder) {
				users(b, 2, SmartAccountAdmin)
				b.user("at-cut@example.com", SmartAccountUser, "", atCut)
				b.user("before@example.com", SmartAccountUser, "", before)
				b.user("never@example.com", SmartAccountViewer, "", "")
				b.user("twice@example.com", SmartAccountViewer, "", before)
				b.user("twice@example.com", VirtualAccountUser, "Core", recent)
			},
			want: []brief{
				{Kind: KindDormantUser, User: "before@example.com"},
				{Kind: KindDormantUser, User: "never@example.com"},
			},
			check: func(t *testing.T, h *Hygiene) {
				assert.Equal(t, "before@example.com has not logged in since 2026-05-04 and still has access: remove or confirm the account.", h.Findings[0].Detail)
				assert.Equal(t, "never@example.com has never logged in and still has access: remove or confirm the account.", h.Findings[1].Detail)
				assert.Equal(t, SeverityInfo, h.Findings[0].Severity)
			},
		},
		{
			// A role on a Virtual Account the Account does not list (Gone),
			// twice for one person: one finding with both rows. A Smart
			// Account role naming a Virtual Account is not a Virtual
			// Account role; a Virtual Account role without one is orphaned.
			name: "orphan roles",
			build: func(b *builder) {
				users(b, 2, SmartAccountAdmin)
				b.user("ana@example.com", VirtualAccountUser, "Gone", recent)
				b.user("ana@example.com", VirtualAccountAdmin, "Gone", recent)
				b.user("bo@example.com", VirtualAccountViewer, "Core", recent)
				b.user("cy@example.com", SmartAccountViewer, "Gone", recent)
				b.user("dee@example.com", VirtualAccountViewer, "", recent)
			},
			want: []brief{
				{Kind: KindOrphanRole, VirtualAccount: "Gone", User: "ana@example.com"},
				{Kind: KindOrphanRole, User: "dee@example.com"},
			},
			check: func(t *testing.T, h *Hygiene) {
				assert.Equal(t, refs("users.csv", 4, 5), h.Findings[0].Evidence)
				assert.Equal(t, "ana@example.com holds a role on Virtual Account Gone, which does not exist in the Smart Account: remove the role.", h.Findings[0].Detail)
				assert.Equal(t, "dee@example.com holds a Virtual Account role without a Virtual Account: remove the role.", h.Findings[1].Detail)
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBuilder(t, VirtualAccount{Name: "Core"})
			b.s.Account.CustomerDomains = tc.domains
			tc.build(b)
			h := b.review(ReviewParams{})
			got := briefs(h.Findings, KindNoSAAdmin, KindSingleSAAdmin, KindExcessAdmins, KindExternalUser, KindDormantUser, KindOrphanRole)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("pass-3 findings (-want +got):\n%s", diff)
			}
			assert.Len(t, h.Findings, len(tc.want), "nothing but pass 3")
			if tc.check != nil {
				tc.check(t, h)
			}
		})
	}
}

func TestReviewDormantDays(t *testing.T) {
	// 30 days before 2026-11-01 is 2026-10-02: a login on 2026-10-01 is
	// dormant, one on 2026-10-20 is not.
	b := newBuilder(t)
	b.user("a@example.com", SmartAccountAdmin, "", "2026-10-20T09:00:00Z")
	b.user("b@example.com", SmartAccountAdmin, "", "2026-10-01T09:00:00Z")
	h := b.review(ReviewParams{DormantDays: new(30)})
	assert.Equal(t, []brief{{Kind: KindDormantUser, User: "b@example.com"}}, briefs(h.Findings, KindDormantUser))
}
