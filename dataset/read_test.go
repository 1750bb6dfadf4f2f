package dataset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/internal/jsonnum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

const accountDoc = `{
  "name": "Example Bank",
  "domain": "examplebank.com",
  "currency": "USD",
  "customer_domains": ["examplebank.com"],
  "virtual_accounts": [
    {"name": "Retail EMEA", "business_unit": "Retail", "region": "EMEA", "workload": "production", "environment": "on-prem"},
    {"name": "Vault", "business_unit": "Treasury", "region": "AMER", "workload": "Production", "environment": "AIR-GAPPED"}
  ]
}`

// validFS is a small dataset written by hand; its expected content is spelled
// out in TestReadValid.
func validFS() fstest.MapFS {
	return fstest.MapFS{
		SmartAccountFile: {Data: []byte(accountDoc)},
		EntitlementsFile: {Data: []byte("virtual_account,license,quantity,license_type,start_date,end_date,status\n" +
			"Retail EMEA,C9300 DNA Advantage,10,SUBSCRIPTION,2025-01-01,2027-12-31,\n" +
			"Vault,C9300 DNA Advantage,2,perpetual,,,EXPIRED\n")},
		ProductInstancesFile: {Data: []byte("udi_pid,udi_serial,virtual_account,license,hostname,quantity,last_contact,transport\n" +
			" c9300-24ux , fcw2134l0rn ,Retail EMEA,C9300 DNA Advantage,sw-1,,2026-10-01T12:30:00+02:00,Smart\n" +
			"C9300-48P,FOC2222X0AB,Vault,C9300 DNA Advantage,sw-2,2,2026-01-15,slr\n")},
	}
}

func TestReadValid(t *testing.T) {
	ds, err := Read(context.Background(), validFS())
	require.NoError(t, err)
	want := smartaccount.Snapshot{
		Account: smartaccount.Account{Name: "Example Bank", Domain: "examplebank.com", Currency: "USD",
			CustomerDomains: []string{"examplebank.com"},
			VirtualAccounts: []smartaccount.VirtualAccount{
				{Name: "Retail EMEA", BusinessUnit: "Retail", Region: "EMEA", Workload: smartaccount.Production, Environment: smartaccount.OnPrem},
				{Name: "Vault", BusinessUnit: "Treasury", Region: "AMER", Workload: smartaccount.Production, Environment: smartaccount.AirGapped},
			}},
		Entitlements: []smartaccount.Entitlement{
			{VirtualAccount: "Retail EMEA", License: "C9300 DNA Advantage", Quantity: 10, Type: smartaccount.Subscription,
				Start: day(2025, 1, 1), End: day(2027, 12, 31), Status: "ACTIVE", Ref: smartaccount.Ref{Source: EntitlementsFile, Line: 2}},
			{VirtualAccount: "Vault", License: "C9300 DNA Advantage", Quantity: 2, Type: smartaccount.Perpetual,
				Status: "EXPIRED", Ref: smartaccount.Ref{Source: EntitlementsFile, Line: 3}},
		},
		Instances: []smartaccount.ProductInstance{
			{UDI: smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}, Hostname: "sw-1", VirtualAccount: "Retail EMEA",
				License: "C9300 DNA Advantage", Quantity: 1, LastContact: time.Date(2026, 10, 1, 10, 30, 0, 0, time.UTC),
				Transport: smartaccount.TransportSmart, Ref: smartaccount.Ref{Source: ProductInstancesFile, Line: 2}},
			{UDI: smartaccount.UDI{PID: "C9300-48P", Serial: "FOC2222X0AB"}, Hostname: "sw-2", VirtualAccount: "Vault",
				License: "C9300 DNA Advantage", Quantity: 2, LastContact: day(2026, 1, 15),
				Transport: smartaccount.TransportSLR, Ref: smartaccount.Ref{Source: ProductInstancesFile, Line: 3}},
		},
	}
	if diff := cmp.Diff(want, ds.Snapshot, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("snapshot mismatch (-want +got):\n%s", diff)
	}
	assert.Empty(t, ds.Warnings)
	require.Len(t, ds.Inputs, 3)
	// The evidence is the SHA-256 of the bytes as given, BOM and all.
	assert.Equal(t, Input{File: EntitlementsFile, SHA256: sha256Hex(validFS()[EntitlementsFile].Data), Records: 2,
		Bytes: int64(len(validFS()[EntitlementsFile].Data))}, ds.Inputs[1])
	assert.Equal(t, 2, ds.Inputs[2].Records)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestReadBOMAndCRLF(t *testing.T) {
	fsys := validFS()
	for _, name := range []string{EntitlementsFile, ProductInstancesFile} {
		crlf := strings.ReplaceAll(string(fsys[name].Data), "\n", "\r\n")
		fsys[name] = &fstest.MapFile{Data: append([]byte("\xEF\xBB\xBF"), crlf...)}
	}
	got, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	want, err := Read(context.Background(), validFS())
	require.NoError(t, err)
	if diff := cmp.Diff(want.Snapshot, got.Snapshot); diff != "" {
		t.Errorf("BOM + CRLF changed the snapshot (-plain +bom/crlf):\n%s", diff)
	}
	// The evidence is the hash of the bytes as given, BOM and CR included.
	assert.Equal(t, sha256Hex(fsys[EntitlementsFile].Data), got.Inputs[1].SHA256)
	assert.Equal(t, sha256Hex(fsys[ProductInstancesFile].Data), got.Inputs[2].SHA256)
}

// TestReadHashesLargeFile reads a product_instances.csv of many blocks,
// with a BOM and quoted line breaks, whose chunks are cut at record
// boundaries and carried across reads: its evidence must still be the hash
// of every byte, in order, and its rows every record.
func TestReadHashesLargeFile(t *testing.T) {
	fsys := validFS()
	var b strings.Builder
	b.WriteString("\xEF\xBB\xBFudi_pid,udi_serial,virtual_account,license,hostname\r\n")
	const rows = 120000 // about 7 MB: seven blocks and more
	for i := range rows {
		fmt.Fprintf(&b, "C9300-24UX,FCW%07d,Retail EMEA,C9300 DNA Advantage,\"sw-%d\nrack %d\"\r\n", i, i, i%40)
	}
	data := []byte(b.String())
	require.Greater(t, len(data), 6*blockBytes)
	fsys[ProductInstancesFile] = &fstest.MapFile{Data: data}
	ds, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	require.Len(t, ds.Snapshot.Instances, rows)
	assert.Equal(t, Input{File: ProductInstancesFile, SHA256: sha256Hex(data), Records: rows, Bytes: int64(len(data))}, ds.Inputs[2])
	last := ds.Snapshot.Instances[rows-1]
	assert.Equal(t, fmt.Sprintf("sw-%d\nrack %d", rows-1, (rows-1)%40), last.Hostname)
	assert.Equal(t, 2+2*(rows-1), last.Ref.Line, "each record spans two lines")
}

func TestReadErrors(t *testing.T) {
	const entHeader = "virtual_account,license,quantity,license_type\n"
	const piHeader = "udi_pid,udi_serial,virtual_account,license\n"
	tests := []struct {
		name    string
		file    string
		data    string // replaces file in the valid dataset; "" removes it
		wantErr string // the whole message of the first error
	}{
		{"missing required file", ProductInstancesFile, "",
			"product_instances.csv: required file is missing"},
		{"missing smart account", SmartAccountFile, "",
			"smart_account.json: required file is missing"},
		{"missing required column", EntitlementsFile, "virtual_account,license,license_type\nVault,X,TERM\n",
			"entitlements.csv:1: missing required column(s) quantity"},
		{"empty file", EntitlementsFile, "", // replaced below by a zero-byte file
			"entitlements.csv:1: the file is empty: a header row is required"},
		{"bad date", EntitlementsFile, "virtual_account,license,quantity,license_type,start_date\nVault,X,1,TERM,2025-02-30\n",
			`entitlements.csv:2:16: start_date: "2025-02-30" is not a YYYY-MM-DD date`},
		{"negative quantity", EntitlementsFile, entHeader + "Vault,X,-5,TERM\n",
			"entitlements.csv:2:9: quantity: -5 is negative"},
		{"non-integer quantity", EntitlementsFile, entHeader + "Vault,X,1.5,TERM\n",
			`entitlements.csv:2:9: quantity: "1.5" is not a whole number`},
		{"unknown enum value", EntitlementsFile, entHeader + "Vault,X,1,LEASED\n",
			`entitlements.csv:2:11: license_type: unknown license type "LEASED" (accepted: PERPETUAL, TERM, SUBSCRIPTION, STANDARD, DEMO)`},
		{"unknown transport", ProductInstancesFile, "udi_pid,udi_serial,virtual_account,license,transport\nC1,S1,Vault,X,carrier-pigeon\n",
			`product_instances.csv:2:15: transport: unknown transport "carrier-pigeon" (accepted: smart, cslu, on-prem, offline, slr)`},
		{"instance in unknown VA", ProductInstancesFile, piHeader + "C1,S1,Vault,X\nC1,S2,Retail AMER,X\n",
			`product_instances.csv:3:7: virtual_account: the Virtual Account "Retail AMER" is not declared in smart_account.json`},
		{"in-use count twice", InUseFile, "virtual_account,license,in_use\nVault,X,1\nVault,X,2\n",
			`in_use.csv:3:7: license: CSSM's in-use count of "X" in "Vault" is given twice (first at line 2)`},
		{"in-use count in unknown VA", InUseFile, "virtual_account,license,in_use\nAtlantis,X,1\n",
			`in_use.csv:2:1: virtual_account: the Virtual Account "Atlantis" is not declared in smart_account.json`},
		{"in-use count missing", InUseFile, "virtual_account,license,in_use\nVault,X,\n",
			`in_use.csv:2:9: in_use: a value is required`},
		{"taken_at not an instant", SmartAccountFile, `{"name":"A","domain":"a.com","taken_at":"yesterday","virtual_accounts":[]}`,
			`smart_account.json:1:30: taken_at: "yesterday" is not an RFC 3339 instant`},
		{"missing serial", ProductInstancesFile, piHeader + "C1,,Vault,X\n",
			"product_instances.csv:2:4: udi_serial: a value is required"},
		{"duplicate VA name", SmartAccountFile,
			"{\"name\":\"B\",\"domain\":\"b.com\",\"virtual_accounts\":[\n {\"name\":\"Vault\"},\n {\"name\":\"Vault\"}]}",
			`smart_account.json:3:2: virtual_accounts[1].name: the Virtual Account "Vault" is declared twice (first at line 2)`},
		{"unknown workload", SmartAccountFile,
			"{\"name\":\"B\",\"domain\":\"b.com\",\"virtual_accounts\":[\n {\"name\":\"Vault\",\"workload\":\"qa\"}]}",
			`smart_account.json:2:2: virtual_accounts[0].workload: unknown workload "qa" (accepted: production, staging, development, disaster-recovery)`},
		{"malformed JSON", SmartAccountFile, "{\"name\":\"B\",\n\"domain\": }",
			"smart_account.json: line 2, column 11: invalid character '}' looking for beginning of value"},
		{"bad quote", EntitlementsFile, entHeader + "Vault,\"X,1,TERM\n",
			"entitlements.csv:2:17: extraneous or missing \" in quoted-field"},
		{"duplicate column", EntitlementsFile, "virtual_account,license,quantity,license_type,License\n",
			"entitlements.csv:1:47: license: the column appears twice in the header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validFS()
			switch {
			case tt.name == "empty file":
				fsys[tt.file] = &fstest.MapFile{}
			case tt.data == "":
				delete(fsys, tt.file)
			default:
				fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			}
			ds, err := Read(context.Background(), fsys)
			require.Error(t, err)
			assert.Nil(t, ds)
			var pe *smartaccount.ParseError
			require.True(t, errors.As(err, &pe), "error %v is not a *smartaccount.ParseError", err)
			assert.Equal(t, tt.wantErr, pe.Error())
			assert.Equal(t, tt.file, pe.File)
		})
	}
}

func TestReadUnknownEnumIsTyped(t *testing.T) {
	fsys := validFS()
	fsys[EntitlementsFile] = &fstest.MapFile{Data: []byte("virtual_account,license,quantity,license_type\nVault,X,1,LEASED\n")}
	_, err := Read(context.Background(), fsys)
	var ue *smartaccount.UnknownValueError
	require.True(t, errors.As(err, &ue))
	assert.Equal(t, "LEASED", ue.Value)
	assert.Contains(t, ue.Accepted, "PERPETUAL")
}

func TestReadCollectsSeveralErrors(t *testing.T) {
	fsys := validFS()
	fsys[EntitlementsFile] = &fstest.MapFile{Data: []byte("virtual_account,license,quantity,license_type\nVault,X,-1,TERM\nVault,X,2,NOPE\n")}
	_, err := Read(context.Background(), fsys)
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	assert.Equal(t, []string{
		"entitlements.csv:2:9: quantity: -1 is negative",
		`entitlements.csv:3:11: license_type: unknown license type "NOPE" (accepted: PERPETUAL, TERM, SUBSCRIPTION, STANDARD, DEMO)`,
	}, lines)
}

func TestReadWarnsAboutUnknownColumns(t *testing.T) {
	fsys := validFS()
	fsys[EntitlementsFile] = &fstest.MapFile{Data: []byte("virtual_account,license,quantity,license_type, Colour \nVault,X,1,TERM,red\n")}
	ds, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	require.Len(t, ds.Warnings, 1)
	assert.Equal(t, `entitlements.csv:1:47: unknown column "Colour" is ignored`, ds.Warnings[0].String())
	assert.Equal(t, int64(1), ds.Snapshot.Entitlements[0].Quantity)
}

func TestReadBoundsLineLength(t *testing.T) {
	fsys := validFS()
	long := "virtual_account,license,quantity,license_type\nVault," + strings.Repeat("x", MaxLineBytes+10) + ",1,TERM\n"
	fsys[EntitlementsFile] = &fstest.MapFile{Data: []byte(long)}
	_, err := Read(context.Background(), fsys)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "entitlements.csv")
	assert.Contains(t, err.Error(), "longer than 1048576 bytes")
	assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
}

func TestReadOptions(t *testing.T) {
	fsys := validFS()
	fsys[OptionsFile] = &fstest.MapFile{Data: []byte(`{"as_of":"2026-11-01","price_cap":"0.04","cap_kind":"per-year","discount_rate":0.08,"stale_after_days":90,"reclaim_stale":true}`)}
	ds, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	o := ds.Options
	require.NotNil(t, o)
	assert.Equal(t, day(2026, 11, 1), o.AsOf)
	assert.True(t, o.PriceCap.Valid && o.PriceCap.Decimal.Equal(decimal.RequireFromString("0.04")))
	assert.True(t, o.DiscountRate.Decimal.Equal(decimal.RequireFromString("0.08")), "a JSON number is read exactly")
	assert.False(t, o.GrowthAllowance.Valid, "absent key stays not given")
	assert.Equal(t, 90, *o.StaleAfterDays)
	assert.True(t, *o.ReclaimStale)

	for _, bad := range []struct{ doc, want string }{
		{`{"price_cap":"1e1000000000"}`, `options.json:1:14: price_cap: invalid decimal "1e1000000000": exponent 1000000000 is beyond ±64`},
		{`{"price_cap":"-0.04"}`, `options.json:1:14: price_cap: -0.04 is negative`},
		{`{"cap_kind":"yearly"}`, `options.json:1:13: cap_kind: unknown cap kind "yearly" (accepted: none, per-year, cumulative)`},
		{`{"as_of":"01/11/2026"}`, `options.json:1:10: as_of: "01/11/2026" is not a YYYY-MM-DD date`},
	} {
		fsys[OptionsFile] = &fstest.MapFile{Data: []byte(bad.doc)}
		_, err := Read(context.Background(), fsys)
		require.Error(t, err, bad.doc)
		assert.Equal(t, bad.want, err.Error())
	}
}

func TestReadWarnsAboutUnknownJSONKeys(t *testing.T) {
	fsys := validFS()
	fsys[OptionsFile] = &fstest.MapFile{Data: []byte("{\"as_of\": \"2026-11-01\",\n \"pricecap\": \"0.04\"}")}
	ds, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	require.Len(t, ds.Warnings, 1)
	assert.Equal(t, `options.json:2:2: unknown key "pricecap" is ignored; did you mean "price_cap"?`, ds.Warnings[0].String())
	assert.False(t, ds.Options.PriceCap.Valid, "the misspelt key sets nothing")
}

func TestReadLocatesJSONFieldErrors(t *testing.T) {
	// Errors about one value of a JSON document name its line and column,
	// whichever package read the document.
	for _, tt := range []struct {
		file, doc, want string
	}{
		{ProposalFile, "{\"vendor\":\"V\",\"currency\":\"USD\",\"term_years\":5,\"lines\":[\n  {\"sku\":\"A\",\"license\":\"L\",\"category\":\"subscription\",\"quantity\":1,\"unit_price\":\"1\"},\n  {\"sku\":\"B\",\"license\":\"L\",\"category\":\"support\",\"quantity\":-5,\"unit_price\":\"1\"}]}",
			"proposal.json:3:60: lines[1].quantity: -5 is negative"},
		{ForecastFile, "{\"projects\": [\n {\"name\": \"P\", \"license\": \"L\", \"quantity\": 3, \"date\": \"2027-02-30\"}]}",
			`forecast.json:2:55: projects[0].date: "2027-02-30" is not a YYYY-MM-DD date`},
		{PolicyFile, "{\"enforced\": {\n  \"reporting_frequency_days\": 9999}}",
			"policy.json:2:31: enforced.reporting_frequency_days: 9999 is outside 0..3650"},
		{OptionsFile, "{\n \"stale_after_days\": -3}", "options.json:2:22: stale_after_days: -3 is negative"},
	} {
		fsys := validFS()
		fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.doc)}
		_, err := Read(context.Background(), fsys)
		require.Error(t, err, tt.file)
		assert.Equal(t, tt.want, err.Error(), tt.file)
	}
}

func TestReadHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Read(ctx, validFS())
	assert.ErrorIs(t, err, context.Canceled)
}

func TestReadDirOnDisk(t *testing.T) {
	dir := t.TempDir()
	for name, f := range validFS() {
		require.NoError(t, os.WriteFile(dir+"/"+name, f.Data, 0o644))
	}
	ds, err := Read(context.Background(), os.DirFS(dir))
	require.NoError(t, err)
	assert.Len(t, ds.Snapshot.Instances, 2)
}

func TestReadManyRows(t *testing.T) {
	// More rows than the 1,024 after which the reader sizes its slice from
	// the file size: every row must still be read, in order, with its line.
	const n = 5000
	var b strings.Builder
	b.WriteString("udi_pid,udi_serial,virtual_account,license,quantity\n")
	for i := range n {
		fmt.Fprintf(&b, "C9300-24UX,FCW%07d,Vault,DNA HSEC,%d\n", i, i%3)
	}
	fsys := validFS()
	fsys[ProductInstancesFile] = &fstest.MapFile{Data: []byte(b.String())}
	ds, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	rows := ds.Snapshot.Instances
	require.Len(t, rows, n)
	last := rows[n-1]
	assert.Equal(t, smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW0004999"}, last.UDI)
	assert.Equal(t, int64(4999%3), last.Quantity)
	assert.Equal(t, n+1, last.Ref.Line)
	assert.Equal(t, n, ds.Inputs[2].Records)
}

func TestReadBoundsColumns(t *testing.T) {
	fsys := validFS()
	header := "virtual_account,license,quantity,license_type" + strings.Repeat(",x", 300)
	fsys[EntitlementsFile] = &fstest.MapFile{Data: []byte(header + "\n")}
	_, err := Read(context.Background(), fsys)
	assert.EqualError(t, err, "entitlements.csv:1: 304 columns, more than the 256 accepted: input larger than the accepted size")
	assert.ErrorIs(t, err, smartaccount.ErrTooLarge)
}

func TestReadWarnsAboutDevicesListedTwice(t *testing.T) {
	fsys := validFS()
	fsys[FootprintFile] = &fstest.MapFile{Data: []byte("udi_pid,udi_serial,status\n" +
		"C9300-24UX,FCW2134L0RN,active\nC9300-48P,FOC2222X0AB,spare\nc9300-24ux, fcw2134l0rn ,decommissioned\n")}
	ds, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	// Line 4 is line 2's device once trimmed and upper-cased.
	require.Len(t, ds.Warnings, 1)
	assert.Equal(t, "footprint.csv:4: device PID:C9300-24UX,SN:FCW2134L0RN is listed again (first at line 2)", ds.Warnings[0].String())
	assert.Len(t, ds.Snapshot.Footprint, 3, "both listings are kept")
}

// TestReadRefusesDuplicateKeys: encoding/json keeps the last of two equal
// keys; every JSON file of a dataset refuses them instead (issue 14 item 5).
func TestReadRefusesDuplicateKeys(t *testing.T) {
	tests := []struct {
		file, doc, want string
	}{
		{OptionsFile, "{\"as_of\": \"2026-11-01\",\n \"as_of\": \"2027-01-01\"}",
			"options.json:2:2: as_of: the key is given twice in one object (first at line 1, column 2)"},
		{ProposalFile, "{\"vendor\": \"V\", \"currency\": \"USD\", \"term_years\": 5,\n \"lines\": [], \"term_years\": 3}",
			"proposal.json:2:15: term_years: the key is given twice in one object (first at line 1, column 36)"},
		{ProposalFile, "{\"vendor\": \"V\", \"currency\": \"USD\", \"currency\": \"EUR\", \"term_years\": 1, \"lines\": []}",
			"proposal.json:1:36: currency: the key is given twice in one object (first at line 1, column 17)"},
		{ForecastFile, `{"acquisitions": [{"name": "A", "licenses": {"DNA Advantage": 1, "DNA Advantage": 2}, "date": "2027-01-01"}]}`,
			`forecast.json:1:66: acquisitions[0].licenses["DNA Advantage"]: the key is given twice in one object (first at line 1, column 46)`},
		{PolicyFile, `{"enforced": {"first_report_days": 30, "first_report_days": 60}}`,
			"policy.json:1:40: enforced.first_report_days: the key is given twice in one object (first at line 1, column 15)"},
		{SmartAccountFile, `{"name": "A", "domain": "a.com", "virtual_accounts": [{"name": "Vault", "name": "Retail EMEA"}]}`,
			"smart_account.json:1:73: virtual_accounts[0].name: the key is given twice in one object (first at line 1, column 56)"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			fsys := validFS()
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.doc)}
			_, err := Read(context.Background(), fsys)
			require.Error(t, err)
			assert.Equal(t, tt.want, strings.Split(err.Error(), "\n")[0])
			var dup *jsonnum.DuplicateKeyError
			assert.ErrorAs(t, err, &dup)
		})
	}
}

// TestReadRates: a rate may be written as a percentage; a rate above 1 is
// read but warned about with its likely meaning; one beyond what a contract
// can hold is refused (issue 14 item 6).
func TestReadRates(t *testing.T) {
	fsys := validFS()
	fsys[OptionsFile] = &fstest.MapFile{Data: []byte(`{"price_cap": "4%", "discount_rate": "8", "growth_allowance": 0.5}`)}
	fsys[ProposalFile] = &fstest.MapFile{Data: []byte("{\"vendor\": \"V\", \"currency\": \"USD\", \"term_years\": 2,\n" +
		" \"annual_uplift\": \"9\",\n \"lines\": [{\"sku\": \"S\", \"license\": \"L\", \"category\": \"true-forward\", \"quantity\": 1,\n" +
		"  \"unit_price\": \"10\", \"uplift\": \"25%\"}]}")}
	ds, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"proposal.json:2:19: annual_uplift: 9 means 900 %; did you mean 0.09?",
		"options.json:1:38: discount_rate: 8 means 800 %; did you mean 0.08?",
	}, warningTexts(ds))
	assert.True(t, ds.Options.PriceCap.Decimal.Equal(decimal.RequireFromString("0.04")), "4% is 0.04")
	assert.True(t, ds.Options.GrowthAllowance.Decimal.Equal(decimal.RequireFromString("0.5")))
	assert.True(t, ds.Proposal.Lines[0].Uplift.Equal(decimal.RequireFromString("0.25")), "25% is 0.25")

	for _, bad := range []struct{ file, doc, want string }{
		{OptionsFile, `{"price_cap": "2000%"}`,
			`options.json:1:15: price_cap: invalid decimal "2000%": a rate of 2000 %, beyond the 1000 % a contract can hold`},
		{ProposalFile, `{"vendor": "V", "currency": "USD", "term_years": 1, "annual_uplift": "999999999999999999999999999999", "lines": []}`,
			`proposal.json:1:70: annual_uplift: invalid decimal "999999999999999999999999999999": a rate of 99999999999999999999999999999900 %, beyond the 1000 % a contract can hold`},
		{ProposalFile, `{"vendor": "V", "currency": "USD", "term_years": 1, "lines": [{"sku": "S", "license": "L", "category": "subscription", "quantity": 1, "unit_price": "37,40"}]}`,
			`proposal.json:1:149: lines[0].unit_price: invalid decimal "37,40": use a dot as the decimal separator: 37.40`},
	} {
		fsys := validFS()
		fsys[bad.file] = &fstest.MapFile{Data: []byte(bad.doc)}
		_, err := Read(context.Background(), fsys)
		require.Error(t, err, bad.doc)
		assert.Equal(t, bad.want, err.Error())
	}
}

// TestReadNamesAbsentFiles: every optional file the directory lacks is
// named, in the order of the file table (issue 14 item 8).
func TestReadNamesAbsentFiles(t *testing.T) {
	ds, err := Read(context.Background(), validFS())
	require.NoError(t, err)
	assert.Equal(t, []string{InUseFile, FootprintFile, UsersFile, ReservationsFile, ProposalFile, ForecastFile, OptionsFile, PolicyFile}, ds.Absent)

	fsys := validFS()
	fsys[FootprintFile] = &fstest.MapFile{Data: []byte("udi_pid,udi_serial,status\n")}
	fsys[OptionsFile] = &fstest.MapFile{Data: []byte(`{}`)}
	ds, err = Read(context.Background(), fsys)
	require.NoError(t, err)
	assert.Equal(t, []string{InUseFile, UsersFile, ReservationsFile, ProposalFile, ForecastFile, PolicyFile}, ds.Absent,
		"a file present is not absent, even when it holds no rows")
}

// TestReadRefusesMalformedRows: a row with more fields than the header (an
// unquoted comma, or a misaligned file) and text that is not UTF-8 or holds
// a NUL byte are errors with line and column (issue 14 item 7).
func TestReadRefusesMalformedRows(t *testing.T) {
	const piHeader = "udi_pid,udi_serial,virtual_account,license\n"
	tests := []struct {
		name, data string
		want       []string
	}{
		{"an unquoted comma", piHeader + "C1,S1,Vault,X\nC1,S2,Vault,DNA,Advantage\n",
			[]string{`product_instances.csv:3:17: the row has 5 fields, the header 4 (a value that holds ',' must be quoted)`}},
		{"300 fields", piHeader + "C1,S1,Vault,X" + strings.Repeat(",x", 296) + "\n",
			[]string{`product_instances.csv:2:15: the row has 300 fields, the header 4 (a value that holds ',' must be quoted)`}},
		{"NUL in a license", piHeader + "C1,S1,Vault,DNA\x00Advantage\n",
			[]string{"product_instances.csv:2:13: license: the value holds a NUL byte"}},
		{"Latin-1 in a Virtual Account", piHeader + "C1,S1,Z\xfcrich,X\n",
			[]string{"product_instances.csv:2:7: virtual_account: the value is not UTF-8 text (save the file as UTF-8)"}},
		{"both in a quoted field", piHeader + "C1,S1,\"Va\xffult\",\"X\x00\"\n",
			[]string{"product_instances.csv:2:7: virtual_account: the value is not UTF-8 text (save the file as UTF-8)",
				"product_instances.csv:2:16: license: the value holds a NUL byte"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validFS()
			fsys[ProductInstancesFile] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := Read(context.Background(), fsys)
			require.Error(t, err)
			assert.Equal(t, tt.want, strings.Split(err.Error(), "\n"))
		})
	}
	// An unknown column is ignored, whatever it holds; fewer fields than
	// the header leave the last columns empty.
	fsys := validFS()
	fsys[ProductInstancesFile] = &fstest.MapFile{Data: []byte("udi_pid,udi_serial,virtual_account,license,note,hostname\n" +
		"C1,S1,Vault,X,Z\xfcrich \x00,sw-1\nC1,S2,Vault,X\n")}
	ds, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	assert.Equal(t, "sw-1", ds.Snapshot.Instances[0].Hostname)
	assert.Equal(t, "", ds.Snapshot.Instances[1].Hostname)
}

// TestReadExplainsAMissingDataset: a directory that does not exist, is
// empty, is a file, or holds the dataset one level down is said to be so,
// not reported as a missing smart_account.json (issue 14 item 9).
func TestReadExplainsAMissingDataset(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/notes.txt"
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	nested := fstest.MapFS{"sample/" + SmartAccountFile: {Data: []byte(accountDoc)}, "README": {Data: []byte("x")}}
	tests := []struct {
		name string
		fsys fs.FS
		want string
	}{
		{"does not exist", os.DirFS(dir + "/nowhere"), "the dataset directory does not exist: open .: no such file or directory"},
		{"empty", os.DirFS(t.TempDir()), "the dataset directory is empty: it needs smart_account.json, entitlements.csv and product_instances.csv at least (docs/dataset.md)"},
		{"a file", os.DirFS(file), "the dataset directory cannot be read: open .: not a directory"},
		{"one level down", nested, "smart_account.json: required file is missing; the subdirectory sample holds one: is the dataset there?"},
		{"other files", fstest.MapFS{"README": {Data: []byte("x")}}, "smart_account.json: required file is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(context.Background(), tt.fsys)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			var pe *smartaccount.ParseError
			assert.ErrorAs(t, err, &pe)
		})
	}
	_, err := Read(context.Background(), os.DirFS(dir+"/nowhere"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// TestReadHints: where the intent is clear, the reader says what was meant
// (issue 14 item 9): a file separated by semicolons or tabs is read so, with
// a warning; a column or a key one edit away from a known one is named.
func TestReadHints(t *testing.T) {
	want, err := Read(context.Background(), validFS())
	require.NoError(t, err)
	for _, sep := range []string{";", "\t"} {
		fsys := validFS()
		for _, name := range []string{EntitlementsFile, ProductInstancesFile} {
			// The fixture's fields hold no separator but commas in none.
			fsys[name] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(string(fsys[name].Data), ",", sep))}
		}
		got, err := Read(context.Background(), fsys)
		require.NoError(t, err, sep)
		if diff := cmp.Diff(want.Snapshot, got.Snapshot); diff != "" {
			t.Errorf("%q-separated files read differently:\n%s", sep, diff)
		}
		require.Len(t, got.Warnings, 2)
		assert.Equal(t, fmt.Sprintf("entitlements.csv:1: the columns are separated by %q, not commas: read so", sep[0]), got.Warnings[0].String())
	}

	fsys := validFS()
	// A quoted field holding the separator: semicolons, with a comma in a value.
	fsys[ProductInstancesFile] = &fstest.MapFile{Data: []byte("udi_pid;udi_serial;virtual_account;license;hostnme\nC1;S1;Vault;X;\"sw, lobby\"\n")}
	ds, err := Read(context.Background(), fsys)
	require.NoError(t, err)
	assert.Equal(t, []string{
		`product_instances.csv:1: the columns are separated by ';', not commas: read so`,
		`product_instances.csv:1:44: unknown column "hostnme" is ignored; did you mean "hostname"?`,
	}, warningTexts(ds))

	for _, tt := range []struct{ header, want string }{
		{"udi_pid,udi_seral,virtual_account,license",
			`product_instances.csv:1: missing required column(s) udi_serial; is "udi_seral" meant to be udi_serial?`},
		{"udi_pid,udi_serial,virtual_acount,licence",
			`product_instances.csv:1: missing required column(s) virtual_account, license; is "virtual_acount" meant to be virtual_account?; is "licence" meant to be license?`},
		{"udi_pid,serial_udi,virtual_account,license", `product_instances.csv:1: missing required column(s) udi_serial`},
	} {
		fsys := validFS()
		fsys[ProductInstancesFile] = &fstest.MapFile{Data: []byte(tt.header + "\n")}
		_, err := Read(context.Background(), fsys)
		require.Error(t, err)
		assert.Equal(t, tt.want, err.Error())
	}
}

func TestOneEditApart(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"hostname", "hostnme", true},   // a letter dropped
		{"hostname", "hostnamee", true}, // added
		{"hostname", "hostnane", true},  // changed
		{"hostname", "hostanme", true},  // two neighbours swapped
		{"hostname", "host_name", true},
		{"hostname", "hostname", false},
		{"hostname", "hstnme", false},
		{"hostname", "hosntmae", false},
		{"", "a", true},
		{"ab", "ba", true},
		{"abc", "cba", false},
	} {
		assert.Equal(t, tt.want, oneEditApart(tt.a, tt.b), "%q %q", tt.a, tt.b)
		assert.Equal(t, tt.want, oneEditApart(tt.b, tt.a), "%q %q", tt.b, tt.a)
	}
}

// warningTexts returns the dataset's warnings as they print.
func warningTexts(ds *Dataset) []string {
	var out []string
	for _, w := range ds.Warnings {
		out = append(out, w.String())
	}
	return out
}
