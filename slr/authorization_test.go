package slr

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

const testSignature = "TUVVQ0lRRHhTaWduYXR1cmVQbGFjZWhvbGRlckZvclRlc3RzLTAxMjM0NTY3ODk="

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestParseAuthorization(t *testing.T) {
	udi := smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}
	tests := []struct {
		file string
		want *Authorization
	}{
		{
			// One line, as CSSM issues it; FORMATS.md's shape with one
			// perpetual entitlement and self-closing empty elements.
			file: "auth_perpetual.xml",
			want: &Authorization{
				Flag: "A", Version: "C", PIID: "5278df84-7316-4332-88be-62623dd30b9e",
				Timestamp: time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC), // 1700000000000 ms
				Entitlements: []Entitlement{{
					Tag:         "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18",
					Count:       5,
					Type:        smartaccount.Perpetual,
					DisplayName: "C9300 DNA Advantage", TagDescription: "C9300-24 DNA Advantage",
				}},
				Signature: testSignature,
				UDI:       udi,
			},
		},
		{
			// XML declaration, indentation, a signature wrapped over two
			// lines, a TERM entitlement with dates, an escaped ampersand and
			// a UDI with spaces after the commas and a U: part.
			file: "auth_term_multiline.xml",
			want: &Authorization{
				Flag: "A", Version: "C", PIID: "0a6c4b3e-1f7d-4c55-9a2e-7d5b1f0c9e21",
				Timestamp: time.Date(2024, 7, 2, 13, 10, 17, 0, time.UTC), // 1719925817000 ms
				Entitlements: []Entitlement{
					{
						Tag:   "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18",
						Count: 1, Type: smartaccount.Term,
						Start: time.Date(2024, 7, 2, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC),
						DisplayName: "C9300 DNA Advantage, Term", TagDescription: "DNA Advantage & HSEC", SubscriptionID: "Sub123456",
					},
					{
						Tag:   "regid.2017-03.com.cisco.advantagek9,1.0_bd1da96e-ec1d-412b-a50e-53846b347d53",
						Count: 1, Type: smartaccount.Perpetual,
						DisplayName: "network-advantage", TagDescription: "C9300 Network Advantage",
					},
				},
				Signature: testSignature,
				UDI:       udi,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseAuthorization(readTestdata(t, tt.file))
			require.NoError(t, err)
			assert.Empty(t, cmp.Diff(tt.want, got))
		})
	}
}

func TestParseAuthorizationDates(t *testing.T) {
	want := time.Date(2025, 3, 9, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"2025-03-09", "2025-Mar-09", "2025-Mar-09 UTC", "Mar 09 2025", "Mar 9 2025 utc"} {
		t.Run(s, func(t *testing.T) {
			got, err := parseDate(s)
			require.NoError(t, err)
			assert.True(t, want.Equal(got), "got %s", got)
		})
	}
	_, err := parseDate("09/03/2025")
	assert.EqualError(t, err, `"09/03/2025" is not a date (want 2006-01-02, 2006-Jan-02 or Jan 02 2006)`)
}

// mutate returns the one-line perpetual code with old replaced by new once.
func mutate(t *testing.T, old, new string) []byte {
	t.Helper()
	s := string(readTestdata(t, "auth_perpetual.xml"))
	require.Contains(t, s, old)
	return []byte(strings.Replace(s, old, new, 1))
}

func TestParseAuthorizationRejects(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"DTD", append([]byte(`<?xml version="1.0"?><!DOCTYPE specificPLR>`), readTestdata(t, "auth_perpetual.xml")...),
			"authorization code:1: DOCTYPE declaration refused: DTDs are not allowed"},
		{"external entity (XXE)", []byte("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<specificPLR>&xxe;</specificPLR>"),
			"authorization code:2: DOCTYPE declaration refused"},
		{"entity declaration without DOCTYPE", []byte(`<specificPLR><!ENTITY a "b"></specificPLR>`), "ENTITY declaration refused"},
		{"entity reference", mutate(t, "<displayName>C9300 DNA Advantage", "<displayName>&lol9;"),
			`entity reference "&lol9;" refused: only &amp; &lt; &gt; &quot; &apos; and character references are allowed`},
		{"bare ampersand", mutate(t, "<displayName>C9300", "<displayName>C9300 & co"), "'&' does not start an entity reference ending in ';'"},
		{"other declaration", mutate(t, "<signature>", "<!ELEMENT x ANY><signature>"), "<!…> declaration refused"},
		{"processing instruction", mutate(t, "<signature>", "<?php echo 1 ?><signature>"), "processing instruction <?php …?> refused"},
		{"wrong root", []byte("<authorizationCode/>"), "root element is <authorizationCode>, want <specificPLR>"},
		{"not XML", []byte("CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86"), "text outside the <specificPLR> element"},
		{"empty", nil, "no <specificPLR> element"},
		{"mismatched tag (tampered)", mutate(t, "</count>", "</cnt>"), "malformed or truncated XML: element <count> closed by </cnt>"},
		{"count tampered to words", mutate(t, "<count>5</count>", "<count>five</count>"), `entitlement 1 <count>: "five" is not a positive whole number`},
		{"count tampered negative", mutate(t, "<count>5</count>", "<count>-5</count>"), `entitlement 1 <count>: "-5" is not a positive whole number`},
		{"second UDI appended", mutate(t, "</specificPLR>", "<udi>P:C9300-24UX,S:FOC0000X000</udi></specificPLR>"), "<udi>: appears twice in <specificPLR>"},
		{"second document", append(readTestdata(t, "auth_perpetual.xml"), "<specificPLR/>"...), "element <specificPLR> after </specificPLR>: one document only"},
		{"text after the document", append(readTestdata(t, "auth_perpetual.xml"), " junk"...), "text outside the <specificPLR> element"},
		{"signature not base64", mutate(t, "<signature>TUVV", "<signature>!!VV"), "<signature>: not base64"},
		{"signature missing", mutate(t, "<signature>"+testSignature+"</signature>", ""), "<signature>: missing"},
		{"UDI missing serial", mutate(t, "P:C9300-24UX,S:FCW2134L0RN", "P:C9300-24UX"), "<udi>: UDI \"P:C9300-24UX\": needs both a PID and a serial number"},
		{"timestamp not a number", mutate(t, "1700000000000", "2023-11-14"), `<timestamp>: "2023-11-14" is not a positive count of epoch milliseconds`},
		{"flag missing", mutate(t, "<flag>A</flag>", ""), "<flag>: missing"},
		{"no entitlement, unknown element skipped", []byte(strings.NewReplacer("<entitlement>", "<entitlementX>", "</entitlement>", "</entitlementX>").Replace(string(readTestdata(t, "auth_perpetual.xml")))),
			"<entitlements>: no <entitlement>"},
		{"unknown license type", mutate(t, "PERPETUAL", "FOREVER"), `entitlement 1 <licenseType>: unknown license type "FOREVER"`},
		{"element where text belongs", mutate(t, "<tag>regid", "<tag><b/>regid"), "entitlement 1 <tag>: holds element <b>; want text"},
		{"ends before it starts", mutate(t, "<startDate/><endDate/>", "<startDate>2025-01-02</startDate><endDate>2024-01-02</endDate>"),
			"entitlement 1: ends 2024-01-02, before it starts 2025-01-02"},
		{"over-long", make([]byte, MaxAuthorizationSize+1), "input larger than the accepted size: 262145 bytes, more than the limit of 262144"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAuthorization(tt.in)
			require.Error(t, err)
			assert.Nil(t, a)
			var pe *smartaccount.ParseError
			require.True(t, errors.As(err, &pe), "want *smartaccount.ParseError, got %T", err)
			assert.Equal(t, "authorization code", pe.File)
			assert.Contains(t, err.Error(), tt.msg)
			assert.NotContains(t, err.Error(), testSignature, "the code must not be echoed")
		})
	}
}

// TestParseAuthorizationTruncated cuts a valid code at every byte offset:
// each prefix is rejected with an error, never accepted and never a panic.
func TestParseAuthorizationTruncated(t *testing.T) {
	for _, file := range []string{"auth_perpetual.xml", "auth_term_multiline.xml"} {
		full := readTestdata(t, file)
		// The multi-line file ends in "</specificPLR>\n": dropping the
		// newline leaves a complete document.
		complete := len(full)
		if full[len(full)-1] == '\n' {
			complete--
		}
		for n := range complete {
			a, err := ParseAuthorization(full[:n])
			if err == nil {
				t.Fatalf("%s cut at byte %d of %d: accepted %+v", file, n, len(full), a)
			}
		}
	}
}

func TestMatchRequest(t *testing.T) {
	a, err := ParseAuthorization(readTestdata(t, "auth_perpetual.xml"))
	require.NoError(t, err)

	same, err := ParseRequestCode("CB-ZC9300-24UX:FCW2134L0RN-AK9A6sMTr-86")
	require.NoError(t, err)
	assert.NoError(t, a.MatchRequest(same))

	other, err := ParseRequestCode("CB-ZC9300-24UX:FCW2134L0RM-AK9A6sMTr-86")
	require.NoError(t, err)
	err = a.MatchRequest(other)
	var me *MismatchError
	require.True(t, errors.As(err, &me), "want *MismatchError, got %T", err)
	assert.Equal(t, smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RM"}, me.Want)
	assert.Equal(t, smartaccount.UDI{PID: "C9300-24UX", Serial: "FCW2134L0RN"}, me.Got)
	assert.EqualError(t, err, "slr: code is for PID:C9300-24UX,SN:FCW2134L0RN, not PID:C9300-24UX,SN:FCW2134L0RM")
}

func TestParseAuthorizationCharacterReferences(t *testing.T) {
	a, err := ParseAuthorization(mutate(t, "<displayName>C9300 DNA Advantage", "<displayName>C9300 &#38; DNA &#x41;dvantage &lt;HSEC&gt;"))
	require.NoError(t, err)
	assert.Equal(t, "C9300 & DNA Advantage <HSEC>", a.Entitlements[0].DisplayName)
}
