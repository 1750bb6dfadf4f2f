package slr

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// MaxAuthorizationSize bounds an authorization code. A code reserving a
// few dozen licenses is a few kilobytes; the limit leaves ample room.
const MaxAuthorizationSize = 256 << 10

// Authorization is an SLR authorization code: the signed <specificPLR>
// document CSSM issues once for a request code and the device installs.
// CSSM never hands the same code out twice, which is why the Ledger keeps
// its text.
type Authorization struct {
	Flag         string           // <flag>, e.g. "A"
	Version      string           // <version>, e.g. "C"
	PIID         string           // <piid>: the product instance ID CSSM assigned; "" when absent
	Timestamp    time.Time        // <timestamp> (epoch milliseconds), as a UTC instant
	Entitlements []Entitlement    // <entitlements>, in document order; at least one
	Signature    string           // <signature>: base64, white space removed; not verified (Cisco's key is not public)
	UDI          smartaccount.UDI // <udi>: the device the code is for, normalised
}

// Entitlement is one license reserved by an authorization code.
type Entitlement struct {
	Tag            string                   // ISO/IEC 19770-2 entitlement tag (regid.…)
	Count          int64                    // units reserved, at least 1
	Start, End     time.Time                // civil dates of a term license; zero when empty
	Type           smartaccount.LicenseType // PERPETUAL, TERM, …; zero when empty
	DisplayName    string
	TagDescription string
	SubscriptionID string
}

// MatchRequest checks that the authorization answers req: both name the
// same device. A mismatch is a *MismatchError (Want: the request's UDI).
func (a *Authorization) MatchRequest(req RequestCode) error {
	if a.UDI != req.UDI {
		return &MismatchError{Want: req.UDI, Got: a.UDI}
	}
	return nil
}

// ParseAuthorization reads an authorization code:
//
//	<specificPLR><authorizationCode><flag>A</flag><version>C</version><piid>…</piid>
//	<timestamp>epoch-ms</timestamp><entitlements><entitlement><tag>regid…</tag><count>5</count>
//	<startDate/><endDate/><licenseType>PERPETUAL</licenseType><displayName>…</displayName>
//	<tagDescription>…</tagDescription><subscriptionID/></entitlement>…</entitlements>
//	</authorizationCode><signature>base64</signature><udi>P:PID,S:SERIAL,U:uuid</udi></specificPLR>
//
// The text is untrusted: input over MaxAuthorizationSize, a DTD or any other
// <!…> declaration, an entity reference other than the five predefined ones
// (&amp; &lt; &gt; &quot; &apos;; character references such as &#38; are
// allowed), a processing instruction other than a leading XML declaration,
// a malformed or truncated document, anything after the root element, and a
// repeated singular element are all rejected, as *smartaccount.ParseError naming the line. Elements the format does not name are skipped, so a
// newer code still reads. Required: flag, version, timestamp, at least one
// entitlement with tag and count, signature and UDI. Dates may be written
// 2006-01-02, 2006-Jan-02 or Jan 02 2006, optionally followed by " UTC".
func ParseAuthorization(data []byte) (*Authorization, error) {
	if len(data) > MaxAuthorizationSize {
		return nil, &smartaccount.ParseError{File: "authorization code", Err: tooLarge(len(data), MaxAuthorizationSize)}
	}
	if err := refuseDeclarations(data); err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	p := &authParser{d: d}
	return p.document()
}

// refuseDeclarations rejects DTDs and entity references before the XML
// decoder sees them, naming the line.
func refuseDeclarations(data []byte) error {
	for _, decl := range []string{"<!DOCTYPE", "<!ENTITY"} {
		if i := bytes.Index(data, []byte(decl)); i >= 0 {
			return &smartaccount.ParseError{File: "authorization code", Line: lineAt(data, i), Err: fmt.Errorf("%s declaration refused: DTDs are not allowed", decl[2:])}
		}
	}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '&')
		if j < 0 {
			return nil
		}
		i += j
		name := data[i+1:]
		if k := bytes.IndexByte(name, ';'); k >= 0 && k <= 32 {
			name = name[:k]
		} else {
			return &smartaccount.ParseError{File: "authorization code", Line: lineAt(data, i), Err: errors.New("'&' does not start an entity reference ending in ';'")}
		}
		switch string(name) {
		case "amp", "lt", "gt", "quot", "apos":
		default:
			if !isCharRef(name) {
				return &smartaccount.ParseError{File: "authorization code", Line: lineAt(data, i), Err: fmt.Errorf("entity reference %q refused: only &amp; &lt; &gt; &quot; &apos; and character references are allowed", "&"+string(name)+";")}
			}
		}
		i++
	}
}

func isCharRef(name []byte) bool {
	switch {
	case len(name) > 2 && name[0] == '#' && name[1] == 'x':
		return all(string(name[2:]), isHex)
	case len(name) > 1 && name[0] == '#':
		return all(string(name[1:]), func(c byte) bool { return '0' <= c && c <= '9' })
	}
	return false
}

func lineAt(data []byte, off int) int { return 1 + bytes.Count(data[:off], []byte("\n")) }

type authParser struct {
	d      *xml.Decoder
	tokens int
}

// where names an element for an error message, built only when needed:
// "<elem>", "entitlement N" or "entitlement N <elem>".
type where struct {
	entitlement int    // 1-based; 0 outside <entitlement>
	elem        string // local name; "" for the entitlement itself
}

func (w where) String() string {
	switch {
	case w.entitlement == 0 && w.elem == "":
		return ""
	case w.entitlement == 0:
		return "<" + w.elem + ">"
	case w.elem == "":
		return "entitlement " + strconv.Itoa(w.entitlement)
	}
	return "entitlement " + strconv.Itoa(w.entitlement) + " <" + w.elem + ">"
}

func (p *authParser) fail(w where, err error) error {
	line, _ := p.d.InputPos()
	return &smartaccount.ParseError{File: "authorization code", Line: line, Field: w.String(), Err: err}
}

// token returns the next start element, end element or character data,
// skipping comments and a leading XML declaration and refusing anything else.
func (p *authParser) token() (xml.Token, error) {
	for {
		t, err := p.d.Token()
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &smartaccount.ParseError{File: "authorization code", Line: se.Line, Err: fmt.Errorf("malformed or truncated XML: %s", se.Msg)}
			}
			if err == io.EOF {
				return nil, err
			}
			return nil, p.fail(where{}, err)
		}
		p.tokens++
		switch t := t.(type) {
		case xml.Comment:
			continue
		case xml.Directive:
			return nil, p.fail(where{}, errors.New("<!…> declaration refused: DTDs are not allowed"))
		case xml.ProcInst:
			if p.tokens == 1 && t.Target == "xml" {
				continue
			}
			return nil, p.fail(where{}, fmt.Errorf("processing instruction <?%s …?> refused", t.Target))
		}
		return t, nil
	}
}

// skip consumes the element just started, through its end tag, with the
// same refusals as token.
func (p *authParser) skip() error {
	for depth := 1; depth > 0; {
		t, err := p.token()
		if err == io.EOF {
			return p.fail(where{}, errors.New("truncated: no end tag"))
		}
		if err != nil {
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// document reads the whole input: the <specificPLR> root and nothing after it.
func (p *authParser) document() (*Authorization, error) {
	var a Authorization
	found := false
	for {
		t, err := p.token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if found {
				return nil, p.fail(where{}, fmt.Errorf("element <%s> after </specificPLR>: one document only", t.Name.Local))
			}
			if t.Name.Local != "specificPLR" {
				return nil, p.fail(where{}, fmt.Errorf("root element is <%s>, want <specificPLR>", t.Name.Local))
			}
			found = true
			if err := p.root(&a); err != nil {
				return nil, err
			}
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, p.fail(where{}, errors.New("text outside the <specificPLR> element"))
			}
		}
	}
	if !found {
		return nil, p.fail(where{}, errors.New("no <specificPLR> element"))
	}
	switch {
	case a.Flag == "":
		return nil, p.fail(where{elem: "flag"}, errors.New("missing"))
	case a.Version == "":
		return nil, p.fail(where{elem: "version"}, errors.New("missing"))
	case a.Timestamp.IsZero():
		return nil, p.fail(where{elem: "timestamp"}, errors.New("missing"))
	case len(a.Entitlements) == 0:
		return nil, p.fail(where{elem: "entitlements"}, errors.New("no <entitlement>"))
	case a.Signature == "":
		return nil, p.fail(where{elem: "signature"}, errors.New("missing"))
	case a.UDI.IsZero():
		return nil, p.fail(where{elem: "udi"}, errors.New("missing"))
	}
	return &a, nil
}

// children calls f for each child element of the element being read, until
// its end tag; f must consume the child through its end tag. Text between
// children must be white space. A child named twice in once is an error.
func (p *authParser) children(parent where, once []string, f func(xml.StartElement) error) error {
	var seen uint64 // bit i: once[i] seen
	for {
		t, err := p.token()
		if err == io.EOF {
			return p.fail(parent, errors.New("truncated: no end tag"))
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return p.fail(parent, errors.New("text between elements"))
			}
		case xml.StartElement:
			for i, name := range once {
				if t.Name.Local == name {
					if seen&(1<<i) != 0 {
						return p.fail(where{entitlement: parent.entitlement, elem: name}, fmt.Errorf("appears twice in %s", parent))
					}
					seen |= 1 << i
				}
			}
			if err := f(t); err != nil {
				return err
			}
		}
	}
}

// text reads the character data of a leaf element through its end tag.
func (p *authParser) text(field where) (string, error) {
	var b strings.Builder
	for {
		t, err := p.token()
		if err == io.EOF {
			return "", p.fail(field, errors.New("truncated: no end tag"))
		}
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			return "", p.fail(field, fmt.Errorf("holds element <%s>; want text", t.Name.Local))
		case xml.EndElement:
			return strings.TrimSpace(b.String()), nil
		}
	}
}

func (p *authParser) root(a *Authorization) error {
	return p.children(where{elem: "specificPLR"}, []string{"authorizationCode", "signature", "udi"}, func(el xml.StartElement) error {
		switch el.Name.Local {
		case "authorizationCode":
			return p.authorizationCode(a)
		case "signature":
			s, err := p.text(where{elem: "signature"})
			if err != nil {
				return err
			}
			s = strings.Join(strings.Fields(s), "")
			if s == "" {
				return p.fail(where{elem: "signature"}, errors.New("empty"))
			}
			if _, err := base64.StdEncoding.DecodeString(s); err != nil {
				return p.fail(where{elem: "signature"}, errors.New("not base64"))
			}
			a.Signature = s
		case "udi":
			s, err := p.text(where{elem: "udi"})
			if err != nil {
				return err
			}
			if a.UDI, err = smartaccount.ParseUDI(s); err != nil {
				return p.fail(where{elem: "udi"}, err)
			}
		default:
			return p.skip()
		}
		return nil
	})
}

func (p *authParser) authorizationCode(a *Authorization) error {
	return p.children(where{elem: "authorizationCode"}, []string{"flag", "version", "piid", "timestamp", "entitlements"}, func(el xml.StartElement) error {
		field := where{elem: el.Name.Local}
		switch el.Name.Local {
		case "flag", "version", "piid":
			s, err := p.text(field)
			if err != nil {
				return err
			}
			if s == "" || len(s) > 64 || !all(s, func(c byte) bool { return isAlnum(c) || c == '-' }) {
				return p.fail(field, errors.New("want 1 to 64 letters, digits or dashes"))
			}
			switch el.Name.Local {
			case "flag":
				a.Flag = s
			case "version":
				a.Version = s
			default:
				a.PIID = s
			}
		case "timestamp":
			s, err := p.text(field)
			if err != nil {
				return err
			}
			ms, err := strconv.ParseInt(s, 10, 64)
			if err != nil || ms <= 0 || ms > maxTimestamp {
				return p.fail(field, fmt.Errorf("%q is not a positive count of epoch milliseconds", clip(s)))
			}
			a.Timestamp = time.UnixMilli(ms).UTC()
		case "entitlements":
			return p.children(field, nil, func(el xml.StartElement) error {
				if el.Name.Local != "entitlement" {
					return p.skip()
				}
				e, err := p.entitlement(len(a.Entitlements) + 1)
				if err != nil {
					return err
				}
				a.Entitlements = append(a.Entitlements, e)
				return nil
			})
		default:
			return p.skip()
		}
		return nil
	})
}

// maxTimestamp is 9999-12-31T23:59:59.999Z in epoch milliseconds.
const maxTimestamp = 253402300799999

func (p *authParser) entitlement(n int) (Entitlement, error) {
	var e Entitlement
	parent := where{entitlement: n}
	err := p.children(parent, []string{"tag", "count", "startDate", "endDate", "licenseType", "displayName", "tagDescription", "subscriptionID"}, func(el xml.StartElement) error {
		field := where{entitlement: n, elem: el.Name.Local}
		switch el.Name.Local {
		case "tag", "count", "startDate", "endDate", "licenseType", "displayName", "tagDescription", "subscriptionID":
		default:
			return p.skip()
		}
		s, err := p.text(field)
		if err != nil {
			return err
		}
		switch el.Name.Local {
		case "tag":
			e.Tag = s
		case "count":
			if e.Count, err = strconv.ParseInt(s, 10, 64); err != nil || e.Count < 1 {
				return p.fail(field, fmt.Errorf("%q is not a positive whole number", clip(s)))
			}
		case "startDate", "endDate":
			d, err := parseDate(s)
			if err != nil {
				return p.fail(field, err)
			}
			if el.Name.Local == "startDate" {
				e.Start = d
			} else {
				e.End = d
			}
		case "licenseType":
			if e.Type, err = smartaccount.ParseLicenseType(s); err != nil {
				return p.fail(field, err)
			}
		case "displayName":
			e.DisplayName = s
		case "tagDescription":
			e.TagDescription = s
		case "subscriptionID":
			e.SubscriptionID = s
		}
		return nil
	})
	switch {
	case err != nil:
		return Entitlement{}, err
	case e.Tag == "":
		return Entitlement{}, p.fail(where{entitlement: n, elem: "tag"}, errors.New("missing"))
	case e.Count == 0:
		return Entitlement{}, p.fail(where{entitlement: n, elem: "count"}, errors.New("missing"))
	case !e.Start.IsZero() && !e.End.IsZero() && e.End.Before(e.Start):
		return Entitlement{}, p.fail(parent, fmt.Errorf("ends %s, before it starts %s", e.End.Format(time.DateOnly), e.Start.Format(time.DateOnly)))
	}
	return e, nil
}

// dateLayouts are the forms of <startDate>/<endDate> accepted, after an
// optional " UTC" suffix is removed.
var dateLayouts = []string{time.DateOnly, "2006-Jan-02", "Jan 02 2006", "Jan 2 2006"}

// parseDate reads a civil date ("" is the zero time) at 00:00 UTC.
func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t := s
	if len(t) > 4 && strings.EqualFold(t[len(t)-4:], " UTC") {
		t = strings.TrimSpace(t[:len(t)-4])
	}
	for _, layout := range dateLayouts {
		if d, err := time.Parse(layout, t); err == nil {
			return d, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want 2006-01-02, 2006-Jan-02 or Jan 02 2006)", clip(s))
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
