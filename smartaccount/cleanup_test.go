package smartaccount

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	adv  = "C9300 DNA Advantage"
	ess  = "C9300 DNA Essentials"
	hsec = "DNA HSEC"
)

var tiers = [][]string{{ess, adv}}

// cleanupCase is the hand-built Smart Account of the pass-2 tests: one
// instance for every classification rule and its edges. The comment on
// each row says its class, worked out by METHOD.md §3 (first match wins;
// stale before 2026-05-05T00:00Z).
func cleanupCase(t *testing.T) *builder {
	b := newBuilder(t, VirtualAccount{Name: "Core"}, VirtualAccount{Name: "Branch"}, VirtualAccount{Name: "Lab"})
	const active = FootprintActive
	// Footprint, lines 2–23.
	b.dev("", "DEC1", FootprintDecommissioned, "", "fp-dec1") // 2
	b.dev("", "RET1", FootprintRetired, "", "")               // 3
	b.dev("", "DIS1", FootprintDisposed, "", "")              // 4
	b.dev("", "DUP1", active, "", "")                         // 5
	b.dev("", "DUP2", active, "", "")                         // 6
	b.dev("", "DECDUP", FootprintDecommissioned, "", "")      // 7
	b.dev("", "STALE1", active, "", "")                       // 8
	b.dev("", "FRESH1", active, "", "")                       // 9
	b.dev("", "RPT1", active, "", "")                         // 10
	b.dev("", "RPT2", active, "", "")                         // 11
	b.dev("", "REG1", active, "", "")                         // 12
	b.dev("", "NODATE", active, "", "")                       // 13
	b.dev("C9300-24UX", "SAME1", active, "", "")              // 14
	b.dev("C9300-48P", "SAME1", active, "", "")               // 15
	b.dev("", "MULTI", FootprintDecommissioned, "", "")       // 16
	b.dev("", "OVER1", active, ess, "")                       // 17
	b.dev("", "OVER2", active, ess, "")                       // 18
	b.dev("", "OVER3", FootprintDecommissioned, ess, "")      // 19
	b.dev("", "OVER4", active, adv, "")                       // 20
	b.dev("", "OVER5", active, "Other", "")                   // 21
	b.dev("", "DUP3", active, "", "")                         // 22
	b.dev("", "SPARE1", FootprintSpare, "", "")               // 23: no registration, no finding

	const fresh = "2026-10-30T08:00:00Z"
	// Product instances, lines 2–30 (row i on line i + 2).
	b.inst(row{serial: "DEC1", va: "Core", license: adv, contact: fresh})                                    // r0: decommissioned
	b.inst(row{serial: "RET1", va: "Core", license: adv, contact: fresh, host: "ret1"})                      // r1: decommissioned (retired)
	b.inst(row{serial: "DIS1", va: "Branch", license: ess, contact: fresh, host: "dis1"})                    // r2: decommissioned (disposed)
	b.inst(row{serial: "DUP2", va: "Core", license: adv, contact: "2026-10-20T10:00:00Z"})                   // r3: duplicate (tie, see r6)
	b.inst(row{serial: "DUP1", va: "Core", license: adv, contact: fresh, host: "dup1"})                      // r4: kept, active
	b.inst(row{serial: "DUP1", va: "Branch", license: adv, contact: "2026-09-01T00:00:00Z"})                 // r5: duplicate: Core is later
	b.inst(row{serial: "DUP2", va: "Branch", license: adv, contact: "2026-10-20T10:00:00Z"})                 // r6: kept, active
	b.inst(row{serial: "DECDUP", va: "Core", license: adv, contact: fresh})                                  // r7: decommissioned beats duplicate
	b.inst(row{serial: "DECDUP", va: "Branch", license: adv, contact: fresh})                                // r8: decommissioned
	b.inst(row{serial: "STALE1", va: "Core", license: adv, contact: "2026-05-04T23:59:59Z"})                 // r9: stale, a second early
	b.inst(row{serial: "FRESH1", va: "Core", license: adv, contact: "2026-05-05T00:00:00Z"})                 // r10: active: not older than the cut
	b.inst(row{serial: "RPT1", va: "Core", license: adv, report: "2026-03-01T12:00:00Z", reg: "2026-10-01"}) // r11: stale by last report
	b.inst(row{serial: "RPT2", va: "Core", license: adv, report: "2026-10-01T12:00:00Z", reg: "2020-01-01"}) // r12: active: the report counts, not the registration
	b.inst(row{serial: "REG1", va: "Core", license: adv, reg: "2025-01-01"})                                 // r13: stale by registration date
	b.inst(row{serial: "NODATE", va: "Core", license: adv})                                                  // r14: no date: active
	b.inst(row{serial: "UNM1", va: "Core", license: adv, contact: fresh})                                    // r15: unmatched
	b.inst(row{serial: "UNM2", va: "Branch", license: ess, contact: "2025-12-01T00:00:00Z"})                 // r16: stale beats unmatched
	b.inst(row{pid: "C9300-24UX", serial: "SAME1", va: "Core", license: adv, contact: fresh})                // r17: active
	b.inst(row{pid: "C9300-48P", serial: "SAME1", va: "Core", license: adv, contact: fresh})                 // r18: another device: active
	b.inst(row{serial: "MULTI", va: "Core", license: adv, contact: fresh})                                   // r19: decommissioned,
	b.inst(row{serial: "MULTI", va: "Core", license: hsec, qty: 2, contact: fresh})                          // r20: the same instance
	b.inst(row{serial: "OVER1", va: "Core", license: adv, contact: fresh})                                   // r21: active, oversized
	b.inst(row{serial: "OVER2", va: "Core", license: adv, contact: "2026-01-01T00:00:00Z"})                  // r22: stale, oversized unless reclaimed
	b.inst(row{serial: "OVER3", va: "Core", license: adv, contact: fresh})                                   // r23: decommissioned: not oversized
	b.inst(row{serial: "OVER4", va: "Core", license: ess, contact: fresh})                                   // r24: active, needs the higher tier: not oversized
	b.inst(row{serial: "OVER5", va: "Core", license: adv, contact: fresh})                                   // r25: active, "Other" is in no tier list
	b.inst(row{serial: "DUP3", va: "Core", license: adv, report: "2026-10-29T00:00:00Z"})                    // r26: duplicate: no last contact loses
	b.inst(row{serial: "DUP3", va: "Lab", license: adv, contact: "2026-10-01T00:00:00Z"})                    // r27: kept, active
	b.inst(row{serial: "DUP1", va: "Branch", license: hsec, contact: "2026-08-01T00:00:00Z"})                // r28: DUP1/Branch's second row

	// DUP2's two registrations have the same last contact: the one whose
	// row comes first in the input is kept. The slice has Core's row (r3)
	// first, but the Refs say Branch's (r6) is line 5 and Core's line 8.
	b.s.Instances[3].Ref.Line, b.s.Instances[6].Ref.Line = 8, 5

	b.ent("Core", adv, Subscription, 20, "2026-01-01", "2026-12-31", "")
	b.ent("Branch", ess, Subscription, 5, "2026-01-01", "2026-12-31", "")
	return b
}

func TestReviewClassifiesEveryInstance(t *testing.T) {
	b := cleanupCase(t)
	h := b.review(ReviewParams{Tiers: tiers})
	x := h.Index()
	// 29 rows; MULTI/Core and DUP1/Branch have two each: 27 instances.
	require.Equal(t, 27, x.NumInstances())
	got := map[string]Class{}
	for i := range x.NumInstances() {
		in := x.Instance(i)
		got[in.UDI.PID+"/"+in.UDI.Serial+"@"+x.VirtualAccounts()[in.VirtualAccount].Name] = h.Class(i)
	}
	const p = "C9300-24UX/"
	want := map[string]Class{
		p + "DEC1@Core": ClassDecommissioned, p + "RET1@Core": ClassDecommissioned, p + "DIS1@Branch": ClassDecommissioned,
		p + "DECDUP@Core": ClassDecommissioned, p + "DECDUP@Branch": ClassDecommissioned,
		p + "MULTI@Core": ClassDecommissioned, p + "OVER3@Core": ClassDecommissioned,
		p + "DUP1@Branch": ClassDuplicate, p + "DUP2@Core": ClassDuplicate, p + "DUP3@Core": ClassDuplicate,
		p + "STALE1@Core": ClassStale, p + "RPT1@Core": ClassStale, p + "REG1@Core": ClassStale,
		p + "UNM2@Branch": ClassStale, p + "OVER2@Core": ClassStale,
		p + "UNM1@Core": ClassUnmatched,
		p + "DUP1@Core": ClassActive, p + "DUP2@Branch": ClassActive, p + "FRESH1@Core": ClassActive, p + "RPT2@Core": ClassActive,
		p + "NODATE@Core": ClassActive, p + "SAME1@Core": ClassActive, "C9300-48P/SAME1@Core": ClassActive,
		p + "OVER1@Core": ClassActive, p + "OVER4@Core": ClassActive, p + "OVER5@Core": ClassActive, p + "DUP3@Lab": ClassActive,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
	counts := map[Class]int{}
	for c := ClassDecommissioned; c <= ClassActive; c++ {
		counts[c] = h.Count(c)
	}
	assert.Equal(t, map[Class]int{ClassDecommissioned: 7, ClassDuplicate: 3, ClassStale: 5, ClassUnmatched: 1, ClassActive: 11}, counts)
	assert.Zero(t, h.Count(0))
}

func TestReviewCleanupFindings(t *testing.T) {
	b := cleanupCase(t)
	h := b.review(ReviewParams{Tiers: tiers})
	// One finding per instance and license, by kind, license, Virtual
	// Account (Branch < Core < Lab), UDI (PID, then serial).
	want := []brief{
		{KindDecommissioned, adv, "Branch", "DECDUP", "", 1},
		{KindDecommissioned, adv, "Core", "DEC1", "", 1},
		{KindDecommissioned, adv, "Core", "DECDUP", "", 1},
		{KindDecommissioned, adv, "Core", "MULTI", "", 1},
		{KindDecommissioned, adv, "Core", "OVER3", "", 1},
		{KindDecommissioned, adv, "Core", "RET1", "", 1},
		{KindDecommissioned, ess, "Branch", "DIS1", "", 1},
		{KindDecommissioned, hsec, "Core", "MULTI", "", 2},
		{KindDuplicate, adv, "Branch", "DUP1", "", 1},
		{KindDuplicate, adv, "Core", "DUP2", "", 1},
		{KindDuplicate, adv, "Core", "DUP3", "", 1},
		{KindDuplicate, hsec, "Branch", "DUP1", "", 1},
		{KindStale, adv, "Core", "OVER2", "", 1},
		{KindStale, adv, "Core", "REG1", "", 1},
		{KindStale, adv, "Core", "RPT1", "", 1},
		{KindStale, adv, "Core", "STALE1", "", 1},
		{KindStale, ess, "Branch", "UNM2", "", 1},
		{KindUnmatched, adv, "Core", "UNM1", "", 1},
		{KindOversized, adv, "Core", "OVER1", "", 1},
		{KindOversized, adv, "Core", "OVER2", "", 1},
	}
	if diff := cmp.Diff(want, briefs(h.Findings, KindDecommissioned, KindDuplicate, KindStale, KindUnmatched, KindOversized)); diff != "" {
		t.Errorf("pass-2 findings (-want +got):\n%s", diff)
	}

	// Evidence, in input order: the rows of the license, and the
	// footprint record (decommissioned, oversized) or the kept
	// registration's rows (duplicate).
	for _, tc := range []struct {
		kind                Kind
		license, va, serial string
		want                []Ref
		detail              string
		severity            Severity
	}{
		{KindDecommissioned, adv, "Core", "DEC1", append(refs("footprint.csv", 2), refs("product_instances.csv", 2)...),
			"PID:C9300-24UX,SN:DEC1 (fp-dec1) is decommissioned in the inventory but still registered in Virtual Account Core, using 1 unit of C9300 DNA Advantage.", SeverityWarning},
		{KindDecommissioned, hsec, "Core", "MULTI", append(refs("footprint.csv", 16), refs("product_instances.csv", 22)...),
			"PID:C9300-24UX,SN:MULTI is decommissioned in the inventory but still registered in Virtual Account Core, using 2 units of DNA HSEC.", SeverityWarning},
		{KindDecommissioned, ess, "Branch", "DIS1", append(refs("footprint.csv", 4), refs("product_instances.csv", 4)...),
			"PID:C9300-24UX,SN:DIS1 (dis1) is disposed in the inventory but still registered in Virtual Account Branch, using 1 unit of C9300 DNA Essentials.", SeverityWarning},
		// DUP2/Core (line 8) against the kept DUP2/Branch (line 5).
		{KindDuplicate, adv, "Core", "DUP2", refs("product_instances.csv", 5, 8),
			"PID:C9300-24UX,SN:DUP2 is also registered in Virtual Account Branch, the registration kept (last contact 2026-10-20); this one in Core counts 1 unit of C9300 DNA Advantage a second time.", SeverityWarning},
		// DUP1/Branch's HSEC row (line 30) against DUP1/Core's row (line 6).
		{KindDuplicate, hsec, "Branch", "DUP1", refs("product_instances.csv", 6, 30),
			"PID:C9300-24UX,SN:DUP1 is also registered in Virtual Account Core, the registration kept (last contact 2026-10-30); this one in Branch counts 1 unit of DNA HSEC a second time.", SeverityWarning},
		{KindStale, adv, "Core", "RPT1", refs("product_instances.csv", 13),
			"PID:C9300-24UX,SN:RPT1 in Virtual Account Core was last seen on 2026-03-01 (last report), more than 180 days before 2026-11-01; it uses 1 unit of C9300 DNA Advantage, reclaimable if stale instances are reclaimed.", SeverityWarning},
		{KindStale, adv, "Core", "REG1", refs("product_instances.csv", 15),
			"PID:C9300-24UX,SN:REG1 in Virtual Account Core was last seen on 2025-01-01 (registration), more than 180 days before 2026-11-01; it uses 1 unit of C9300 DNA Advantage, reclaimable if stale instances are reclaimed.", SeverityWarning},
		{KindUnmatched, adv, "Core", "UNM1", refs("product_instances.csv", 17),
			"PID:C9300-24UX,SN:UNM1 is registered in Virtual Account Core using 1 unit of C9300 DNA Advantage but is not in the inventory: check it before the renewal.", SeverityInfo},
		{KindOversized, adv, "Core", "OVER1", append(refs("footprint.csv", 17), refs("product_instances.csv", 23)...),
			"PID:C9300-24UX,SN:OVER1 in Virtual Account Core uses C9300 DNA Advantage where the inventory says C9300 DNA Essentials is enough: 1 unit can move down to C9300 DNA Essentials.", SeverityInfo},
	} {
		t.Run(string(tc.kind)+"/"+tc.serial+"/"+tc.license, func(t *testing.T) {
			f := findingOf(t, h, tc.kind, tc.license, tc.va, tc.serial)
			assert.Equal(t, tc.want, f.Evidence)
			assert.Equal(t, tc.detail, f.Detail)
			assert.Equal(t, tc.severity, f.Severity)
		})
	}
}

func TestReviewReclaimableNeedUnused(t *testing.T) {
	for _, tc := range []struct {
		name         string
		reclaimStale bool
		want         map[string][5]int64 // reclaimable, stale, unmatched, need, unused
		oversized    []OversizedPair
	}{
		{
			// Adv: 24 rows of 1 unit, 20 entitled in Core. Reclaimable:
			// decommissioned DEC1, RET1, DECDUP ×2, MULTI, OVER3 = 6, and
			// duplicates DUP1/Branch, DUP2/Core, DUP3/Core = 3: 9. Stale:
			// STALE1, RPT1, REG1, OVER2 = 4; unmatched UNM1 = 1. Need = 24
			// − 9 = 15; unused = 20 − 15 = 5.
			// Ess: 3 rows, 5 entitled; DIS1 reclaimed (1), UNM2 stale (1):
			// need 2, unused 3. HSEC: MULTI's 2 units and DUP1/Branch's 1
			// are reclaimed, nothing entitled: need 0, unused 0.
			"stale reported, not reclaimed", false,
			map[string][5]int64{adv: {9, 4, 1, 15, 5}, ess: {1, 1, 0, 2, 3}, hsec: {3, 0, 0, 0, 0}},
			// OVER1 (active) and OVER2 (stale, kept): 2 units Adv → Ess.
			[]OversizedPair{{License: adv, Lower: ess, Quantity: 2}},
		},
		{
			// The 4 stale Adv units and the 1 stale Ess unit join the
			// reclaim: Adv 13, need 11, unused 9; Ess 2, need 1, unused 4.
			"stale reclaimed", true,
			map[string][5]int64{adv: {13, 4, 1, 11, 9}, ess: {2, 1, 0, 1, 4}, hsec: {3, 0, 0, 0, 0}},
			// OVER2 is reclaimed: only OVER1 moves down a tier.
			[]OversizedPair{{License: adv, Lower: ess, Quantity: 1}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := cleanupCase(t).review(ReviewParams{Tiers: tiers, ReclaimStale: tc.reclaimStale})
			got := map[string][5]int64{}
			for _, l := range h.Licenses {
				got[l.License] = [5]int64{l.Reclaimable, l.Stale, l.Unmatched, l.Need, l.Unused}
				// Reclaimed cites exactly the reclaim findings of the license.
				var sum int64
				for _, i := range l.Reclaimed {
					f := h.Findings[i]
					assert.Equal(t, l.License, f.License)
					assert.True(t, f.Kind == KindDecommissioned || f.Kind == KindDuplicate || (tc.reclaimStale && f.Kind == KindStale), f.Kind)
					sum += f.Quantity
				}
				assert.Equal(t, l.Reclaimable, sum, "%s: Reclaimed sums to Reclaimable", l.License)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("per license (-want +got):\n%s", diff)
			}
			var pairs []OversizedPair
			for _, p := range h.Oversized {
				for _, i := range p.Findings {
					assert.Equal(t, KindOversized, h.Findings[i].Kind)
				}
				p.Findings = nil
				pairs = append(pairs, p)
			}
			assert.Equal(t, tc.oversized, pairs)

			// Core gives up Adv: DEC1, RET1, DECDUP, MULTI, OVER3, DUP2,
			// DUP3 = 7 (+ STALE1, RPT1, REG1, OVER2 = 11 when stale is
			// reclaimed); Branch: DECDUP, DUP1 = 2.
			x := h.Index()
			l, _ := x.License(adv)
			core, _ := x.VirtualAccount("Core")
			branch, _ := x.VirtualAccount("Branch")
			lab, _ := x.VirtualAccount("Lab")
			wantCore := int64(7)
			if tc.reclaimStale {
				wantCore = 11
			}
			assert.Equal(t, wantCore, h.Reclaimed(l, core))
			assert.Equal(t, int64(2), h.Reclaimed(l, branch))
			assert.Zero(t, h.Reclaimed(l, lab))
		})
	}
}

func TestReviewStaleFindingSaysWhenReclaimed(t *testing.T) {
	h := cleanupCase(t).review(ReviewParams{ReclaimStale: true, StaleAfterDays: new(180)})
	f := findingOf(t, h, KindStale, adv, "Core", "STALE1")
	assert.Equal(t, "PID:C9300-24UX,SN:STALE1 in Virtual Account Core was last seen on 2026-05-04 (last contact), more than 180 days before 2026-11-01; its 1 unit of C9300 DNA Advantage is reclaimed.", f.Detail)
	assert.Empty(t, h.Oversized, "no tiers given: no oversized findings")
}

func TestReviewStaleAfterDays(t *testing.T) {
	// 300 days before 2026-11-01 is 2026-01-05 (1 January is 304 days
	// back): REG1 (registered 2025-01-01), UNM2 (last contact 2025-12-01)
	// and OVER2 (2026-01-01) are older: 3 stale. With 0 days every instance
	// seen before 2026-11-01T00:00Z is stale: the 17 neither decommissioned
	// nor duplicate but NODATE, which has no date: 16 (UNM1 among them, so
	// none is unmatched).
	for _, tc := range []struct {
		days             int
		stale, unmatched int
	}{{300, 3, 1}, {0, 16, 0}} {
		h := cleanupCase(t).review(ReviewParams{StaleAfterDays: new(tc.days)})
		assert.Equal(t, tc.stale, h.Count(ClassStale), "stale after %d days", tc.days)
		assert.Equal(t, tc.unmatched, h.Count(ClassUnmatched), "unmatched, stale after %d days", tc.days)
	}
}

func TestRegistrations(t *testing.T) {
	h := cleanupCase(t).review(ReviewParams{})
	var got []string
	for _, r := range h.Registrations(ClassDecommissioned, ClassDuplicate, ClassDuplicate) {
		got = append(got, r.VirtualAccount+" "+r.UDI.Serial+" "+r.Hostname+" "+r.Class.String()+" "+r.LastSeen.Format("2006-01-02"))
	}
	// By Virtual Account, then UDI; hostnames from the rows, else the
	// footprint (DEC1).
	assert.Equal(t, []string{
		"Branch DECDUP  decommissioned 2026-10-30",
		"Branch DIS1 dis1 decommissioned 2026-10-30",
		"Branch DUP1  duplicate 2026-09-01",
		"Core DEC1 fp-dec1 decommissioned 2026-10-30",
		"Core DECDUP  decommissioned 2026-10-30",
		"Core DUP2  duplicate 2026-10-20",
		"Core DUP3  duplicate 2026-10-29",
		"Core MULTI  decommissioned 2026-10-30",
		"Core OVER3  decommissioned 2026-10-30",
		"Core RET1 ret1 decommissioned 2026-10-30",
	}, got)
	assert.Empty(t, h.Registrations())
	assert.Len(t, h.Registrations(ClassActive), 11)
}

// TestDetails writes enough sentences for several blocks and checks that
// each lands in its own place, whole, and only once its block is handed
// out; that no block but a lone over-long sentence exceeds detailBlock.
func TestDetails(t *testing.T) {
	var d details
	const n = 1000
	got := make([]string, n+1)
	want := make([]string, n+1)
	flushes := 0
	for i := range n {
		u := UDI{PID: "C9300-48UXM", Serial: fmt.Sprintf("FOC%07d", i)}
		host := ""
		if i%3 == 0 {
			host = fmt.Sprintf("sw-%d", i)
		}
		pending := len(d.dst)
		d.aboutDevice(&got[i], u, host, " is in Virtual Account ", "Core", strings.Repeat(".", i%97))
		if len(d.dst) == 1 && pending > 0 {
			flushes++
			require.NotEmpty(t, got[i-1], "the block before sentence %d was handed out", i)
		}
		require.LessOrEqual(t, len(d.buf), detailBlock)
		require.Empty(t, got[i], "sentence %d is handed out before its block is", i)
		want[i] = "PID:C9300-48UXM,SN:" + u.Serial
		if host != "" {
			want[i] += " (" + host + ")"
		}
		want[i] += " is in Virtual Account Core" + strings.Repeat(".", i%97)
	}
	assert.Greater(t, flushes, 2, "several blocks")
	// A sentence longer than a block goes alone.
	long := strings.Repeat("x", detailBlock+1)
	d.aboutDevice(&got[n], UDI{PID: "P", Serial: "S"}, "", long)
	assert.Len(t, d.dst, 1)
	want[n] = "PID:P,SN:S" + long
	d.flush()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("details (-want +got):\n%s", diff)
	}
}
