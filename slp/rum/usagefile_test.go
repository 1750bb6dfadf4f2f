package rum_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrenewal/smartlicensing/internal/heaptest"
	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// A minimal valid envelope, for the structural tests.
const tinyEnvelope = `{"payload":"{\"asset_identification\":{\"report_id\":9,\"instance\":{\"sudi\":{\"udi_pid\":\"P\",\"udi_serial_number\":\"S\"}}},\"meta\":{\"entitlement_tag\":\"T\"},\"measurements\":[]}","signature":{}}`

const tinyReport = `<RUMReport><![CDATA[` + tinyEnvelope + `]]></RUMReport>`

func TestReadUsageFileShapes(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		reports int
		info    string
		skipped int
	}{
		{"bare report", tinyReport, 1, "", 0},
		{"bare reports one after the other", tinyReport + "\n" + tinyReport, 2, "", 0},
		{"byte-order mark", "\xef\xbb\xbf" + tinyReport, 1, "", 0},
		{"empty usage file", `<smartLicense></smartLicense>`, 0, "", 0},
		{"empty-element usage file", `<?xml version="1.0"?><smartLicense/>`, 0, "", 0},
		{"attributes, comments and instructions", "<?xml version='1.0'?>\n<!-- c -->\n<smartLicense version=\"1\">" +
			`<RUMReport id='a>b' note="x"><!-- inside --><?pi x?>` + "\n\t<![CDATA[" + tinyEnvelope + "]]>\r\n</RUMReport >" +
			"<!-- between --></smartLicense>\n<!-- after -->\n", 1, "", 0},
		{"envelope as escaped text", `<smartLicense><RUMReport>` + xmlEscape(tinyEnvelope) + `</RUMReport></smartLicense>`, 1, "", 0},
		{"envelope in two CDATA sections", `<RUMReport><![CDATA[` + tinyEnvelope[:20] + `]]><![CDATA[` + tinyEnvelope[20:] + `]]></RUMReport>`, 1, "", 0},
		{"character references", `<RUMReport>&#123;&#x22;payload&quot;:` + xmlEscape(tinyEnvelope[11:]) + `</RUMReport>`, 1, "", 0},
		{"system info as escaped text", `<smartLicense><smartLicenseSystemInfo><data> {&quot;a&quot;:&quot;&lt;b&gt;&quot;} </data></smartLicenseSystemInfo></smartLicense>`, 0, `{"a":"<b>"}`, 0},
		{"system info without data", `<smartLicense><smartLicenseSystemInfo/></smartLicense>`, 0, "", 0},
		{"unknown elements skipped", `<smartLicense><a><b/>text</a>` + tinyReport + `<c x="1"/></smartLicense>`, 1, "", 2}, // <a> and <c>
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := readAll(strings.NewReader(tt.in), "t.xml")
			require.NoError(t, err)
			assert.Len(t, f.Reports, tt.reports)
			for _, r := range f.Reports {
				assert.Equal(t, uint64(9), r.Payload.ReportID)
				assert.Equal(t, tinyEnvelope, string(r.Envelope))
			}
			assert.Equal(t, tt.info, string(f.SystemInfo))
			assert.Equal(t, tt.skipped, f.skipped)
		})
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// TestReadUsageFileErrors checks that bad files are refused with an error
// placing the problem.
func TestReadUsageFileErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		line, col int
		field     string
		msg       string
	}{
		{"empty", "", 1, 1, "", "not a usage file"},
		{"blank", " \n\n", 3, 1, "", "not a usage file"},
		{"text", "hello", 1, 1, "", "text outside any element"},
		{"DTD", `<!DOCTYPE smartLicense [<!ENTITY x "y">]><smartLicense/>`, 1, 1, "", "DTD or markup declaration"},
		{"DTD after the declaration", "<?xml version=\"1.0\"?>\n<!DOCTYPE x SYSTEM \"file:///etc/passwd\">", 2, 1, "", "DTD or markup declaration"},
		{"entity in a report", "<smartLicense>\n<RUMReport>&xxe;</RUMReport></smartLicense>", 2, 12, "", "entity &xxe; is not accepted"},
		{"entity in a skipped element", `<smartLicense><foo>a &bar; b</foo></smartLicense>`, 1, 20, "foo", "entity &bar; is not accepted"},
		{"bare ampersand", `<RUMReport>a & b</RUMReport>`, 1, 12, "", "starts no entity reference"},
		{"mismatched tags", `<smartLicense><RUMReport><a></b></RUMReport></smartLicense>`, 1, 29, "", "</b> closes <a>"},
		{"element in a report", `<RUMReport><x/></RUMReport>`, 1, 1, "RUMReport", "holds an element <x>"},
		{"truncated report", "<smartLicense>\n<RUMReport><![CDATA[{", 2, 1, "", "file ends inside an element"},
		{"unclosed root", "<smartLicense>\n" + tinyReport, 2, 1 + len(tinyReport), "", "file ends before </smartLicense>"},
		{"content after the root", `<smartLicense></smartLicense>` + tinyReport, 1, 30, "", "content after </smartLicense>"},
		{"second root", `<smartLicense/><smartLicense/>`, 1, 16, "", "content after </smartLicense>"},
		{"root inside the root", `<smartLicense><smartLicense>`, 1, 15, "", "must be the first element"},
		{"root after a report", tinyReport + `<smartLicense>`, 1, 1 + len(tinyReport), "", "must be the first element"},
		{"stray end tag", `</RUMReport>`, 1, 1, "", "unexpected </RUMReport>"},
		{"CDATA outside an element", `<![CDATA[x]]>`, 1, 1, "", "CDATA section outside any element"},
		{"lt without a name", `<smartLicense>< RUMReport/></smartLicense>`, 1, 15, "", "not followed by a tag name"},
		{"envelope not JSON", "<smartLicense>\n  <RUMReport><![CDATA[nope]]></RUMReport></smartLicense>", 2, 3, "envelope", "invalid JSON at byte 0: expected an object"},
		{"envelope without payload", `<RUMReport><![CDATA[{"signature":{}}]]></RUMReport>`, 1, 1, "envelope", `has no "payload"`},
		{"payload not a string", `<RUMReport><![CDATA[{"payload":{}}]]></RUMReport>`, 1, 1, "envelope", `"payload" is not a string`},
		{"payload twice", `<RUMReport><![CDATA[{"payload":"{}","payload":"{}"}]]></RUMReport>`, 1, 1, "envelope", "appears twice"},
		{"signature twice", `<RUMReport><![CDATA[{"payload":"{}","signature":{},"signature":{}}]]></RUMReport>`, 1, 1, "envelope", `key "signature" appears twice`},
		{"text after the envelope", `<RUMReport><![CDATA[{"payload":"{}"} x]]></RUMReport>`, 1, 1, "envelope", "text after the JSON value"},
		{"unknown key not JSON", `<RUMReport><![CDATA[{"payload":"{}","x":tru}]]></RUMReport>`, 1, 1, "envelope.x", "invalid JSON at byte 20"},
		{"bad escape", `<RUMReport><![CDATA[{"payload":"\q"}]]></RUMReport>`, 1, 1, "envelope.payload", `bad escape`},
		{"control character", "<RUMReport><![CDATA[{\"payload\":\"a\tb\"}]]></RUMReport>", 1, 1, "envelope.payload", "control character in string"},
		{"bad header", `<RUMReport><![CDATA[{"payload":"{}","header":[1]}]]></RUMReport>`, 1, 1, "envelope.header", "expected an object"},
		{"payload not a RUM payload", `<RUMReport><![CDATA[{"payload":"{}"}]]></RUMReport>`, 1, 1, "payload.asset_identification", "is missing"},
		{"system info not JSON", `<smartLicense><smartLicenseSystemInfo><data>{x</data></smartLicenseSystemInfo></smartLicense>`, 1, 15, "smartLicenseSystemInfo.data", "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(strings.NewReader(tt.in), "bad.xml")
			var pe *smartaccount.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "bad.xml", pe.File)
			assert.Equal(t, tt.line, pe.Line, "line")
			assert.Equal(t, tt.col, pe.Column, "column")
			assert.Equal(t, tt.field, pe.Field)
			assert.ErrorContains(t, err, tt.msg)
		})
	}
}

func TestReadUsageFileTooLarge(t *testing.T) {
	in := io.MultiReader(strings.NewReader("<smartLicense>\n<RUMReport>"), io.LimitReader(zeros{}, rum.MaxElementBytes+1))
	_, err := readAll(in, "big.xml")
	require.ErrorIs(t, err, smartaccount.ErrTooLarge)
	assert.ErrorContains(t, err, "big.xml:2:1")
	assert.ErrorContains(t, err, "larger than 16777216 bytes (MaxElementBytes)")
}

// zeros reads as an endless run of spaces.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// TestUsageReaderChunks reads the hand-written usage file through readers
// that return one byte, or half the bytes asked for, at a time: the
// scanner's refills must not change what it reads.
func TestUsageReaderChunks(t *testing.T) {
	data := readFile(t, sampleUsage)
	want := readUsage(t, sampleUsage)
	for name, r := range map[string]io.Reader{
		"one byte": iotest.OneByteReader(bytes.NewReader(data)),
		"half":     iotest.HalfReader(bytes.NewReader(data)),
		"data+EOF": iotest.DataErrReader(bytes.NewReader(data)),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := readAll(r, sampleUsage)
			require.NoError(t, err)
			require.Len(t, got.Reports, len(want.Reports))
			for i := range want.Reports {
				assert.Equal(t, want.Reports[i].Raw, got.Reports[i].Raw)
				assert.Equal(t, want.Reports[i].Payload, got.Reports[i].Payload)
			}
			assert.Equal(t, want.SystemInfo, got.SystemInfo)
		})
	}
}

// TestUsageReaderNext checks the streaming reader: a bad report is
// reported and skipped, a structural error stops the reader, a cancelled
// context stops one call only.
func TestUsageReaderNext(t *testing.T) {
	ctx := context.Background()
	in := "<smartLicense>\n" + tinyReport + "\n<RUMReport><![CDATA[{}]]></RUMReport>\n" + tinyReport + "\n<x></y>" + tinyReport + "</smartLicense>"
	ur := rum.NewReader(strings.NewReader(in), "s.xml")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err := ur.Next(cancelled)
	require.ErrorIs(t, err, context.Canceled)

	r, err := ur.Next(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(9), r.Payload.ReportID)

	_, err = ur.Next(ctx)
	var pe *smartaccount.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 3, pe.Line)
	assert.Equal(t, "envelope", pe.Field)
	assert.NoError(t, ur.Err(), "a bad report does not stop the reader")

	r, err = ur.Next(ctx)
	require.NoError(t, err, "the reader goes on after a bad report")
	assert.Equal(t, uint64(9), r.Payload.ReportID)

	_, err = ur.Next(ctx)
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 5, pe.Line)
	assert.ErrorContains(t, err, "</y> closes <x>")
	_, again := ur.Next(ctx)
	assert.Equal(t, err, again, "a structural error is sticky")
	assert.Equal(t, err, ur.Err())
}

func TestUsageReaderEOF(t *testing.T) {
	ur := rum.NewReader(strings.NewReader(tinyReport), "")
	_, err := ur.Next(context.Background())
	require.NoError(t, err)
	for range 2 {
		_, err = ur.Next(context.Background())
		assert.Equal(t, io.EOF, err)
		assert.NoError(t, ur.Err(), "the end of the file is no error")
	}
}

func TestUsageReaderReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	ur := rum.NewReader(io.MultiReader(strings.NewReader("<smartLicense>"+tinyReport), iotest.ErrReader(boom)), "f.xml")
	_, err := ur.Next(context.Background())
	require.NoError(t, err)
	_, err = ur.Next(context.Background())
	require.ErrorIs(t, err, boom)
	assert.ErrorContains(t, err, "f.xml")
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n <= 0 {
		return 0, errors.New("full")
	}
	w.n--
	return len(p), nil
}

func TestUsageFileWriteTo(t *testing.T) {
	f := readUsage(t, sampleUsage)
	var b bytes.Buffer
	n, err := f.WriteTo(&b)
	require.NoError(t, err)
	assert.Equal(t, int64(b.Len()), n)
	want := "<smartLicense>" + string(f.Reports[0].Raw) + string(f.Reports[1].Raw) +
		`<smartLicenseSystemInfo><data>{"hostname":"sw-core-1","udi":"PID:C9300-24UX,SN:FCW2134L0RN"}</data></smartLicenseSystemInfo></smartLicense>`
	assert.Equal(t, want, b.String())

	// Text that XML cannot hold is escaped.
	b.Reset()
	_, err = (&rum.UsageFile{SystemInfo: []byte(`{"a":"<&>"}`)}).WriteTo(&b)
	require.NoError(t, err)
	assert.Equal(t, `<smartLicense><smartLicenseSystemInfo><data>{"a":"&lt;&amp;&gt;"}</data></smartLicenseSystemInfo></smartLicense>`, b.String())

	_, err = f.WriteTo(&failWriter{n: 2})
	assert.EqualError(t, err, "full")
}

func TestIsUsageFile(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"<smartLicense>", true},
		{"\xef\xbb\xbf\r\n  <RUMReport>\n<![CDATA[", true},
		{`<?xml version="1.0"?><!-- saved by CSLU --><smartLicense version="2">`, true},
		{"<RUMReport/>", true},
		{"<smartLicenseSystemInfo>", false},
		{"<RUMReports>", false},
		{"switch#show license usage\n", false},
		{"<?xml version=", false},
		{"", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, rum.IsUsageFile([]byte(tt.head)), "%q", tt.head)
	}
}

// TestUsageReaderLive checks that Next returns a report as soon as its
// element is complete, without waiting for more input (a pipe left open).
func TestUsageReaderLive(t *testing.T) {
	pr, pw := io.Pipe()
	go func() { _, _ = pw.Write([]byte("<smartLicense>\n" + tinyReport)) }()
	got := make(chan error, 1)
	go func() {
		r, err := rum.NewReader(pr, "live").Next(context.Background())
		if err == nil && r.Payload.ReportID != 9 {
			err = errors.New("wrong report")
		}
		got <- err
	}()
	select {
	case err := <-got:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Next waited for more input after a complete report")
	}
	pw.Close()
}

// elements reads as <smartLicense>, n times <x/>, </smartLicense>, without
// holding the document in memory.
type elements struct {
	n    int
	head bool
	tail string
}

func (e *elements) Read(p []byte) (int, error) {
	n := 0
	if !e.head {
		e.head, e.tail = true, "</smartLicense>"
		n = copy(p, "<smartLicense>")
	}
	for ; e.n > 0 && n+4 <= len(p); e.n-- {
		n += copy(p[n:], "<x/>")
	}
	if e.n == 0 && n < len(p) && e.tail != "" {
		k := copy(p[n:], e.tail)
		e.tail = e.tail[k:]
		n += k
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// TestReaderSkipsInBoundedMemory: skipping unknown elements costs a count,
// not memory. 500,000 <x/> elements (2 MB) once kept 500,000 names
// (≈ 8 MB of string headers alone); the reader now keeps nothing of them.
func TestReaderSkipsInBoundedMemory(t *testing.T) {
	const n = 500_000
	ur := rum.NewReader(&elements{n: n}, "x.xml")
	before := heaptest.Live()
	_, err := ur.Next(context.Background())
	require.Equal(t, io.EOF, err)
	retained := int64(heaptest.Live()) - int64(before)
	assert.Equal(t, n, ur.Skipped())
	assert.Less(t, retained, int64(1<<20), "the reader keeps %d bytes after skipping %d elements", retained, n)
	runtime.KeepAlive(ur)
}
