package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	cisco   = "testdata/cisco.json"    // 42,000 × 37.40, 9 %, 5 years: METHOD.md §1's worked check
	vendorB = "testdata/vendor-b.json" // 42,000 × 36.00, 5 %, 3 years; stated total 580.00 short
)

func runArgs(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestTable checks the figures worked by hand (bc) for the 5-year horizon
// at 8 %: Vendor B extended at 5 % is 1512000, 1587600, 1666980, 1750329,
// 1837845.45 (TCV 8354754.45, NPV 7151505.53); Cisco 9400783.42, NPV
// 8000797.39; per unit per year TCV / (42000 × 5).
func TestTable(t *testing.T) {
	code, out, errOut := runArgs("-discount-rate", "0.08", cisco, vendorB)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := [][]string{
		{"Horizon", "5", "years,", "NPV", "at", "8.00", "%,", "amounts", "in", "USD"},
		{"Assumption:", "extended", "to", "5", "years", "—", "Vendor", "B", "(3", "years):", "prices", "keep", "rising", "each", "year", "at", "the", "proposal's", "last", "annual", "uplift,", "as", "if", "renewed", "on", "the", "same", "terms"},
		{},
		{"rank", "vendor", "term", "licenses", "support", "units", "TCV", "(term)", "TCV", "(5", "y)", "NPV", "NPV", "above", "best", "per", "license/year", "CAGR", "%", "file"},
		{"1", "Vendor", "B", "3", "y", "(extended)", "42000", "0", "4,766,580.00", "8,354,754.45", "7,151,505.53", "0.00", "39.78", "5.00", vendorB},
		{"2", "Cisco", "5", "y", "42000", "0", "9,400,783.42", "9,400,783.42", "8,000,797.39", "849,291.86", "44.77", "9.00", cisco},
	}
	got := make([][]string, len(lines))
	for i, l := range lines {
		got[i] = strings.Fields(l)
	}
	if diff := cmp.Diff(want, got, cmp.Transformer("nilEmpty", func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	})); diff != "" {
		t.Errorf("table (-want +got):\n%s\n%s", diff, out)
	}
	wantWarn := "vendor-compare: warning: testdata/vendor-b.json: stated_total: 4766000.00 differs from the computed TCV 4766580.00 by -580.00; the comparison uses the computed TCV\n"
	if errOut != wantWarn {
		t.Errorf("stderr %q, want %q", errOut, wantWarn)
	}
}

// TestJSON: over 3 years at 8 %, Cisco is cut to 1570800 + 1712172 +
// 1866267.48 = 5149239.48, NPV 1570800 + 1585344.444444444444 +
// 1600023.559670781893 = 4756168.00; Vendor B's NPV 1512000 + 1470000 +
// 1429166.666666666667 = 4411166.67.
func TestJSON(t *testing.T) {
	code, out, errOut := runArgs("-format", "json", "-horizon", "3", "-extend", "flat", cisco, vendorB)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Currency   string `json:"currency"`
		Horizon    int    `json:"horizon_years"`
		Rate       string `json:"discount_rate"`
		Extension  string `json:"extension"`
		Assumption string `json:"assumption"`
		Proposals  []struct {
			Rank      int      `json:"rank"`
			Vendor    string   `json:"vendor"`
			Truncated bool     `json:"truncated"`
			Schedule  []string `json:"schedule"`
			TCV       string   `json:"tcv"`
			TermTCV   string   `json:"term_tcv"`
			NPV       string   `json:"npv"`
			Above     string   `json:"npv_above_best"`
			PerUnit   string   `json:"per_unit_per_year"`
			CAGR      string   `json:"cagr_percent"`
		} `json:"proposals"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if got.Currency != "USD" || got.Horizon != 3 || got.Rate != "0.08" || got.Extension != "flat" || got.Assumption != "cut at 3 years: Cisco (5 years)" {
		t.Errorf("header %+v", got)
	}
	type row struct{ Vendor, TCV, TermTCV, NPV, Above, PerUnit, CAGR string }
	var rows []row
	for _, p := range got.Proposals {
		rows = append(rows, row{p.Vendor, p.TCV, p.TermTCV, p.NPV, p.Above, p.PerUnit, p.CAGR})
	}
	want := []row{
		{"Vendor B", "4766580.00", "4766580.00", "4411166.67", "0.00", "37.83", "5.00"},
		{"Cisco", "5149239.48", "9400783.42", "4756168.00", "345001.33", "40.87", "9.00"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1570800.00", "1712172.00", "1866267.48"}, got.Proposals[1].Schedule); diff != "" {
		t.Errorf("schedule: %s", diff)
	}
}

func TestVendorFromFileName(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "acme.json")
	write(t, p, `{"currency":"USD","term_years":1,"lines":[{"category":"subscription","quantity":1,"unit_price":"10"}]}`)
	code, out, errOut := runArgs("-format", "json", cisco, p)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"vendor": "acme"`) {
		t.Errorf("vendor not named after the file:\n%s", out)
	}
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	eur := filepath.Join(dir, "eur.json")
	write(t, eur, `{"vendor":"Euro","currency":"EUR","term_years":3,"lines":[{"category":"support","quantity":1,"unit_price":"5"}]}`)
	bad := filepath.Join(dir, "bad.json")
	write(t, bad, `{"currency":"USD","term_years":3,"lines":[{"category":"support","quantity":1,"unit_price":"1e1000000000"}]}`)
	invalid := filepath.Join(dir, "invalid.json")
	write(t, invalid, `{"currency":"USD","term_years":0,"lines":[{"category":"support","quantity":-1,"unit_price":"5"}]}`)
	missing := filepath.Join(dir, "missing.json")
	tests := []struct {
		name string
		args []string
		code int
		want string // stderr contains
	}{
		{"one file", []string{cisco}, exitUsage, "vendor-compare: want at least two proposal.json files, got 1"},
		{"no files", nil, exitUsage, "want at least two proposal.json files, got 0"},
		{"unknown flag", []string{"-x", cisco, vendorB}, exitUsage, "flag provided but not defined: -x"},
		{"bad format", []string{"-format", "xml", cisco, vendorB}, exitUsage, `-format "xml": want table or json`},
		{"bad rate", []string{"-discount-rate", "8 pct", cisco, vendorB}, exitUsage, `-discount-rate: invalid decimal "8 pct": unexpected ' ' at offset 1`},
		{"rate beyond a contract", []string{"-discount-rate", "2000%", cisco, vendorB}, exitUsage, `-discount-rate: invalid decimal "2000%": a rate of 2000 %, beyond the 1000 % a contract can hold`},
		{"rate -100%", []string{"-discount-rate", "-1", cisco, vendorB}, exitUsage, "-discount-rate -1: must be above -1 (-100 %)"},
		{"horizon", []string{"-horizon", "31", cisco, vendorB}, exitUsage, "-horizon 31: want 0 (the longest term) or 1..30 years"},
		{"extend", []string{"-extend", "linear", cisco, vendorB}, exitUsage, `-extend: unknown extension "linear" (accepted: uplift, flat)`},
		{"missing file", []string{cisco, missing}, exitFailed, "missing.json: open " + missing + ": no such file or directory"},
		{"huge exponent", []string{cisco, bad}, exitFailed, `bad.json: lines[0].unit_price: invalid decimal "1e1000000000": exponent 1000000000 is beyond ±64`},
		{"invalid proposal", []string{cisco, invalid}, exitFailed, "invalid.json: term_years: 0 is outside 1..30; lines[0].quantity: -1 is negative"},
		{"mixed currencies", []string{cisco, eur}, exitFailed, "vendor-compare: proposal 2 (Euro): currency mismatch: USD and EUR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runArgs(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.want)
			}
			if out != "" {
				t.Errorf("stdout %q on error", out)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, out, errOut := runArgs("-h")
	if code != exitOK {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{"usage: vendor-compare [flags] proposal.json proposal.json", "-discount-rate rate", "-horizon years", "-extend uplift", "-format format"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("help lacks %q:\n%s", want, errOut)
		}
	}
	if out != "" {
		t.Errorf("stdout %q", out)
	}
}

func Example() {
	run([]string{"-discount-rate", "0.08", "testdata/cisco.json", "testdata/vendor-b.json"}, os.Stdout, io.Discard)
	// Output:
	// Horizon 5 years, NPV at 8.00 %, amounts in USD
	// Assumption: extended to 5 years — Vendor B (3 years): prices keep rising each year at the proposal's last annual uplift, as if renewed on the same terms
	//
	//   rank    vendor            term  licenses  support units    TCV (term)     TCV (5 y)           NPV  NPV above best  per license/year  CAGR %                    file
	//      1  Vendor B  3 y (extended)     42000              0  4,766,580.00  8,354,754.45  7,151,505.53            0.00             39.78    5.00  testdata/vendor-b.json
	//      2     Cisco             5 y     42000              0  9,400,783.42  9,400,783.42  8,000,797.39      849,291.86             44.77    9.00     testdata/cisco.json
}

// TestThreeVendors adds Vendor C (4 years, uplift 3 %, 4 %, 5 %, a
// true-forward line at +20 % and support). By hand (bc): years 1584000,
// 1631520, 1696780.80, 1781619.84 (the stated 6693920.64), then year 5 at
// the last uplift 5 %: 1653397.20 + 99203.83 + 118099.80 = 1870700.83;
// TCV 8564621.47; NPV at 8 % 7338710.94; per unit per year 8564621.47 /
// (42000 × 5) = 40.78; CAGR (1870700.83 / 1584000)^(1/4) − 1 = 4.25 %.
func TestThreeVendors(t *testing.T) {
	code, out, errOut := runArgs("-format", "json", cisco, vendorB, "testdata/vendor-c.json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Assumption string `json:"assumption"`
		Proposals  []struct {
			Rank     int
			Vendor   string
			Schedule []string
			TermTCV  string `json:"term_tcv"`
			TCV, NPV string
			Above    string `json:"npv_above_best"`
			PerUnit  string `json:"per_unit_per_year"`
			CAGR     string `json:"cagr_percent"`
		} `json:"proposals"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := "extended to 5 years — Vendor B (3 years), Vendor C (4 years): prices keep rising each year at the proposal's last annual uplift, as if renewed on the same terms"
	if got.Assumption != want {
		t.Errorf("assumption %q", got.Assumption)
	}
	type row struct{ Vendor, TermTCV, TCV, NPV, Above, PerUnit, CAGR string }
	var rows []row
	for _, p := range got.Proposals {
		rows = append(rows, row{p.Vendor, p.TermTCV, p.TCV, p.NPV, p.Above, p.PerUnit, p.CAGR})
	}
	wantRows := []row{
		{"Vendor B", "4766580.00", "8354754.45", "7151505.53", "0.00", "39.78", "5.00"},
		{"Vendor C", "6693920.64", "8564621.47", "7338710.94", "187205.41", "40.78", "4.25"},
		{"Cisco", "9400783.42", "9400783.42", "8000797.39", "849291.86", "44.77", "9.00"},
	}
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1584000.00", "1631520.00", "1696780.80", "1781619.84", "1870700.83"}, got.Proposals[1].Schedule); diff != "" {
		t.Errorf("Vendor C schedule: %s", diff)
	}
}

// TestRates: a rate may be a percentage; a rate above 1 is used but warned
// about with its likely meaning (issue 14 item 6).
func TestRates(t *testing.T) {
	_, pct, errOut := runArgs("-format", "json", "-discount-rate", "8%", cisco, vendorB)
	_, frac, _ := runArgs("-format", "json", "-discount-rate", "0.08", cisco, vendorB)
	if pct != frac {
		t.Errorf("8%% and 0.08 differ:\n%s\n%s", pct, frac)
	}
	if strings.Contains(errOut, "-discount-rate") {
		t.Errorf("a warning for 8%%: %s", errOut)
	}
	dir := t.TempDir()
	nine := filepath.Join(dir, "nine.json")
	write(t, nine, `{"vendor":"Nine","currency":"USD","term_years":2,"annual_uplift":"9","lines":[{"category":"subscription","quantity":1,"unit_price":"10"}]}`)
	code, _, errOut := runArgs("-discount-rate", "8", cisco, nine)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"vendor-compare: warning: -discount-rate 8 means 800 %; did you mean 0.08?\n",
		"vendor-compare: warning: " + nine + ": annual_uplift: 9 means 900 %; did you mean 0.09?\n",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// TestNotAProposal: a file that is no proposal is named for what it is, and
// a truncated proposal gets the line and column where it ends (issue 14
// item 14).
func TestNotAProposal(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"options.json":       `{"as_of": "2026-11-01", "price_cap": "0.04"}`,
		"smart_account.json": `{"name": "Bank", "domain": "bank.example", "virtual_accounts": []}`,
		"notes.json":         `{"author": "me"}`,
		"entitlements.csv":   "virtual_account,license,quantity,license_type\nCore,DNA,1,TERM\n",
		"truncated.json":     "{\"vendor\": \"Cut\", \"currency\": \"USD\",\n \"lines\": [\n  {\"sku\": \"A\", \"quant",
	}
	for name, content := range files {
		write(t, filepath.Join(dir, name), content)
	}
	tests := []struct{ file, want string }{
		{"options.json", "this is not a proposal: it looks like a dataset's options.json (keys as_of, price_cap)"},
		{"smart_account.json", "this is not a proposal: it looks like a dataset's smart_account.json (keys name, domain, virtual_accounts)"},
		{"notes.json", "this is not a proposal: it has none of proposal.json's keys (vendor, currency, term_years, lines, …), only author"},
		{"entitlements.csv", `this is not a proposal: a proposal is a JSON object, and this is a CSV file, not a JSON object (it starts "virtual_account,license,quantity,license…")`},
		// Line 3 is `  {"sku": "A", "quant`: 21 bytes, so the document ends at column 22.
		{"truncated.json", "line 3, column 22: the document ends before its JSON value does (is the file cut short?)"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			name := filepath.Join(dir, tt.file)
			code, out, errOut := runArgs(cisco, name)
			if code != exitFailed || out != "" {
				t.Errorf("exit %d, stdout %q", code, out)
			}
			if want := "vendor-compare: " + name + ": " + tt.want + "\n"; errOut != want {
				t.Errorf("stderr\n got %q\nwant %q", errOut, want)
			}
		})
	}
}

// TestSupportUnits: Vendor C's support line (1 unit) is not a license: the
// licenses stay 40,000 + 2,000 true-forward, and the JSON names each file.
func TestSupportUnits(t *testing.T) {
	code, out, errOut := runArgs("-format", "json", cisco, "testdata/vendor-c.json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Proposals []struct {
			Vendor       string `json:"vendor"`
			Source       string `json:"source"`
			Units        int64  `json:"units"`
			SupportUnits int64  `json:"support_units"`
		} `json:"proposals"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	type row struct {
		Vendor, Source         string
		Licenses, SupportUnits int64
	}
	var rows []row
	for _, p := range got.Proposals {
		rows = append(rows, row{p.Vendor, p.Source, p.Units, p.SupportUnits})
	}
	want := []row{{"Vendor C", "testdata/vendor-c.json", 42000, 1}, {"Cisco", cisco, 42000, 0}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
