package rum

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// MaxElementBytes bounds one top-level element of a usage file: a
// <RUMReport>, the <smartLicenseSystemInfo>, or an element the reader
// skips. A single RUM report is a few kilobytes; the limit only stops
// hostile or broken input. A file as a whole is not bounded: a Reader holds
// one element at a time.
const MaxElementBytes = 16 << 20

// ErrDTD is wrapped by the error about a DTD or any other markup
// declaration (<!DOCTYPE …>, <!ENTITY …>): XML from outside may not
// declare entities.
var ErrDTD = errors.New("DTD or markup declaration (<!…>) not accepted")

// UsageFile is a usage file to write: the <smartLicense> document a device
// or CSLU writes for offline reporting, holding many <RUMReport> elements
// and a <smartLicenseSystemInfo><data>{json}</data> element. Read one with
// a Reader, which streams it.
type UsageFile struct {
	Reports []*Report `json:"reports"`
	// SystemInfo is the JSON text of <smartLicenseSystemInfo><data>, nil
	// when the file has none.
	SystemInfo json.RawMessage `json:"system_info,omitempty"`
}

// WriteTo writes the usage file: <smartLicense>, every report's Raw
// element byte for byte, the system information, </smartLicense>.
func (f *UsageFile) WriteTo(w io.Writer) (int64, error) {
	var total int64
	write := func(b []byte) error {
		n, err := w.Write(b)
		total += int64(n)
		return err
	}
	if err := write([]byte("<smartLicense>")); err != nil {
		return total, err
	}
	for _, r := range f.Reports {
		if err := write(r.Raw); err != nil {
			return total, err
		}
	}
	if f.SystemInfo != nil {
		b := append([]byte("<smartLicenseSystemInfo><data>"), escapeText(nil, f.SystemInfo)...)
		if err := write(append(b, "</data></smartLicenseSystemInfo>"...)); err != nil {
			return total, err
		}
	}
	err := write([]byte("</smartLicense>"))
	return total, err
}

// escapeText appends text with the characters XML text cannot hold
// escaped.
func escapeText(dst, text []byte) []byte {
	for _, c := range text {
		switch c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// IsUsageFile reports whether head, the start of a file, looks like a usage
// file or a RUM report: after a byte-order mark, whitespace, an XML
// declaration and comments, its first element is <smartLicense> or
// <RUMReport>. It lets a tool route a folder of mixed files.
func IsUsageFile(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for {
		head = bytes.TrimLeft(head, " \t\r\n")
		var end []byte
		switch {
		case bytes.HasPrefix(head, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(head, []byte("<!--")):
			end = []byte("-->")
		default:
			for _, name := range [...]string{"<smartLicense", "<RUMReport"} {
				if rest, ok := bytes.CutPrefix(head, []byte(name)); ok && len(rest) > 0 && (rest[0] == '>' || rest[0] == '/' || nameLen(rest[:1]) == 0) {
					return true
				}
			}
			return false
		}
		i := bytes.Index(head, end)
		if i < 0 {
			return false
		}
		head = head[i+len(end):]
	}
}

// Reader streams the reports of a usage file, one at a time, holding
// at most one element in memory. It reads a <smartLicense> document or bare
// <RUMReport> elements one after the other.
//
// The reader is a small XML scanner, not a general XML parser: it refuses
// DTDs (and so any entity but the five predefined ones and character
// references), checks that tags nest and match, skips comments and
// processing instructions, and skips unknown elements, counting them (see
// Skipped): whatever the file holds, the reader's memory is bounded by
// MaxElementBytes and a few buffers.
type Reader struct {
	r    io.Reader
	file string

	buf        []byte
	start, end int // unread bytes are buf[start:end]
	eof        bool
	rerr       error // a read error, returned once the bytes read before it are used
	line, col  int   // position of buf[start], 1-based

	inRoot, rootDone, seen bool // <smartLicense> open, closed; any element seen

	walk       walker   // the item being scanned; reused between items
	intern     interner // strings shared between reports
	text       []byte   // reused: joined text of an element
	systemInfo json.RawMessage
	skipped    int
	err        error // sticky
}

// NewReader returns a reader of the usage file r. name labels errors
// (a file name) and may be empty.
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{r: r, file: name, line: 1, col: 1}
}

// SystemInfo returns the JSON text of the <smartLicenseSystemInfo><data>
// element read so far, nil when there was none.
func (u *Reader) SystemInfo() json.RawMessage { return u.systemInfo }

// Skipped returns the number of unknown top-level elements skipped so far.
func (u *Reader) Skipped() int { return u.skipped }

// Err returns the error that stopped the reader: nil while Next can read
// on (after io.EOF as well), the structural error Next returned otherwise.
// After an error from Next, Err tells a report that could not be read
// (nil: call Next again for the next one) from a file that cannot be
// read further.
func (u *Reader) Err() error {
	if u.err == io.EOF {
		return nil
	}
	return u.err
}

// Next returns the next report, or io.EOF after the last one. Errors about
// the file's structure or size are *smartaccount.ParseError values and stop the reader
// (Next returns the same error again). An error about one report's content
// (its envelope or payload) leaves the reader after that report, so Next
// may be called again to read on; so does a cancelled ctx.
func (u *Reader) Next(ctx context.Context) (*Report, error) {
	if u.err != nil {
		return nil, u.err
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rep, err := u.step(ctx)
		var ce *contentError
		switch {
		case errors.As(err, &ce):
			return nil, ce.err
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return nil, err
		case err != nil:
			u.err = err
			return nil, err
		case rep != nil:
			return rep, nil
		}
	}
}

// contentError marks an error about one element's content, after which
// the reader can go on.
type contentError struct{ err error }

func (e *contentError) Error() string { return e.err.Error() }
func (e *contentError) Unwrap() error { return e.err }

// errf returns a *smartaccount.ParseError at byte off of the unread buffer.
func (u *Reader) errf(off int, field string, err error) error {
	line, col := u.pos(off)
	return &smartaccount.ParseError{File: u.file, Line: line, Column: col, Field: field, Err: err}
}

// pos returns the line and column of byte off of the unread buffer.
func (u *Reader) pos(off int) (line, col int) {
	b := u.buf[u.start : u.start+off]
	if nl := bytes.Count(b, []byte{'\n'}); nl > 0 {
		return u.line + nl, off - bytes.LastIndexByte(b, '\n')
	}
	return u.line, u.col + off
}

// advance consumes n bytes.
func (u *Reader) advance(n int) {
	u.line, u.col = u.pos(n)
	u.start += n
}

// readChunk sizes the buffer: a refill asks for at least half of it.
const readChunk = 64 << 10

// more reads more input after the unread bytes, growing the buffer when
// they fill it. It returns io.EOF at the end of the input.
func (u *Reader) more(ctx context.Context) error {
	if u.eof {
		return io.EOF
	}
	if u.rerr != nil {
		return u.rerr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if u.start > 0 {
		n := copy(u.buf, u.buf[u.start:u.end])
		u.start, u.end = 0, n
	}
	if cap(u.buf)-u.end < readChunk/2 {
		nb := make([]byte, max(2*cap(u.buf), u.end+readChunk))
		copy(nb, u.buf[:u.end])
		u.buf = nb
	}
	u.buf = u.buf[:cap(u.buf)]
	n, err := io.ReadAtLeast(u.r, u.buf[u.end:], 1)
	u.end += n
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		u.eof = true
		if n == 0 {
			return io.EOF
		}
	case err != nil:
		u.rerr = fmt.Errorf("rum: %s: reading usage file: %w", u.file, err)
		if n == 0 {
			return u.rerr
		}
	}
	return nil
}

// step reads one top-level item: it returns a report, or nil and no error
// after an item that is not a report.
func (u *Reader) step(ctx context.Context) (*Report, error) {
	// Skip whitespace (and a byte-order mark at the very start).
	for {
		b := u.buf[u.start:u.end]
		bom := []byte("\xef\xbb\xbf")
		if u.line == 1 && u.col == 1 && len(b) > 0 && b[0] == bom[0] {
			if bytes.HasPrefix(b, bom) {
				u.start += 3
				continue
			}
			if bytes.HasPrefix(bom, b) && !u.eof {
				if err := u.more(ctx); err != nil && err != io.EOF {
					return nil, err
				}
				continue
			}
		}
		d := decoder{b: b}
		d.ws()
		u.advance(d.i)
		if u.start < u.end {
			break
		}
		if err := u.more(ctx); err == io.EOF {
			return nil, u.atEOF()
		} else if err != nil {
			return nil, err
		}
	}
	if u.buf[u.start] != '<' {
		return nil, u.errf(0, "", errors.New("text outside any element"))
	}
	// Walk the item, reading more until it is complete.
	u.walk.reset()
	for {
		n, err := u.walk.walk(u.buf[u.start:u.end])
		if err == errIncomplete {
			if u.end-u.start > MaxElementBytes {
				return nil, u.errf(0, "", fmt.Errorf("element is larger than %d bytes (MaxElementBytes): %w", MaxElementBytes, smartaccount.ErrTooLarge))
			}
			if err := u.more(ctx); err == io.EOF {
				return nil, u.errf(0, "", errors.New("file ends inside an element (truncated?)"))
			} else if err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			var we *walkError
			if errors.As(err, &we) {
				return nil, u.errf(we.off, "", we.err)
			}
			return nil, u.errf(0, "", err)
		}
		if n > MaxElementBytes {
			return nil, u.errf(0, "", fmt.Errorf("element is larger than %d bytes (MaxElementBytes): %w", MaxElementBytes, smartaccount.ErrTooLarge))
		}
		rep, err := u.item(n)
		if err != nil {
			var ce *contentError
			if errors.As(err, &ce) {
				u.advance(n)
			}
			return nil, err
		}
		u.advance(n)
		return rep, nil
	}
}

// atEOF checks the end of the input.
func (u *Reader) atEOF() error {
	switch {
	case u.inRoot:
		return u.errf(0, "", errors.New("file ends before </smartLicense> (truncated?)"))
	case !u.seen:
		return u.errf(0, "", errors.New("not a usage file: no <smartLicense> or <RUMReport> element"))
	}
	return io.EOF
}

// item handles the complete top-level item of n bytes at the start of the
// unread buffer, whose pieces the walker recorded.
func (u *Reader) item(n int) (*Report, error) {
	b := u.buf[u.start : u.start+n]
	if len(u.walk.pieces) == 0 { // a comment or processing instruction
		return nil, nil
	}
	top := u.walk.pieces[0]
	name := string(b[top.start:top.end])
	if u.rootDone {
		return nil, u.errf(0, "", errors.New("content after </smartLicense>"))
	}
	switch top.kind {
	case pieceEnd:
		if name != "smartLicense" || !u.inRoot {
			return nil, u.errf(0, "", fmt.Errorf("unexpected </%s>", cut(name)))
		}
		u.inRoot, u.rootDone = false, true
		return nil, nil
	case pieceOpen: // <smartLicense …>, whose children are items of their own
		if u.inRoot || u.seen {
			return nil, u.errf(0, "", errors.New("<smartLicense> must be the first element and appear once"))
		}
		u.inRoot, u.seen = true, true
		return nil, nil
	}
	if name == "smartLicense" { // <smartLicense/>: an empty usage file
		if u.inRoot || u.seen {
			return nil, u.errf(0, "", errors.New("<smartLicense> must be the first element and appear once"))
		}
		u.seen, u.rootDone = true, true
		return nil, nil
	}
	u.seen = true
	switch name {
	case "RUMReport":
		return u.report(b)
	case "smartLicenseSystemInfo":
		return nil, u.systemInfoItem(b)
	}
	// An element the reader does not know: check its text refers to no
	// entity, and skip it.
	for _, p := range u.walk.pieces {
		if p.kind == pieceText {
			var err error
			if u.text, err = decodeText(u.text[:0], b[p.start:p.end]); err != nil {
				return nil, &contentError{u.errf(p.start, name, err)}
			}
		}
	}
	u.skipped++
	return nil, nil
}

// report builds a Report from a complete <RUMReport> element b.
func (u *Reader) report(b []byte) (*Report, error) {
	raw := bytes.Clone(b)
	env, err := u.content(raw, "RUMReport", 1)
	if err != nil {
		return nil, err
	}
	rep := &Report{Raw: raw}
	if u.intern == nil {
		u.intern = make(interner)
	}
	if err := rep.decode(env, u.intern); err != nil {
		return nil, &contentError{u.placed(err)}
	}
	return rep, nil
}

// placed fills the file and position of the current element into a
// *smartaccount.ParseError about its content.
func (u *Reader) placed(err error) error {
	var pe *smartaccount.ParseError
	if errors.As(err, &pe) {
		pe.File = u.file
		pe.Line, pe.Column = u.pos(0)
		return pe
	}
	return u.errf(0, "", err)
}

// systemInfoItem reads the <data> of a <smartLicenseSystemInfo> element.
func (u *Reader) systemInfoItem(b []byte) error {
	for i, p := range u.walk.pieces {
		if p.depth == 1 && p.kind == pieceStart && string(b[p.start:p.end]) == "data" {
			text, err := u.contentAt(b, i+1, 2)
			if err != nil {
				return err
			}
			text = bytes.TrimSpace(text)
			if !json.Valid(text) {
				return &contentError{u.errf(0, "smartLicenseSystemInfo.data", errors.New("is not valid JSON"))}
			}
			u.systemInfo = bytes.Clone(text)
			return nil
		}
	}
	return nil
}

// content returns the text of element b: its CDATA sections and its
// entity-decoded text joined, without surrounding whitespace. It shares b's
// memory when the element holds one CDATA section and whitespace only.
func (u *Reader) content(b []byte, name string, depth int) ([]byte, error) {
	for _, p := range u.walk.pieces {
		if p.depth == depth && p.kind == pieceStart {
			return nil, &contentError{u.errf(0, name, fmt.Errorf("holds an element <%s>", cut(string(b[p.start:p.end]))))}
		}
	}
	return u.contentAt(b, 1, depth)
}

// contentAt joins the text and CDATA pieces of depth from piece i on, up to
// the end of their element (the first piece of a lower depth).
func (u *Reader) contentAt(b []byte, i, depth int) ([]byte, error) {
	var one []byte // the only non-blank piece, when it is CDATA
	blank, count := true, 0
	for _, p := range u.walk.pieces[i:] {
		if p.depth < depth {
			break
		}
		if p.depth != depth {
			continue
		}
		switch p.kind {
		case pieceCDATA:
			count++
			one = b[p.start:p.end]
		case pieceText:
			if len(bytes.TrimSpace(b[p.start:p.end])) > 0 {
				blank = false
			}
		}
	}
	if blank && count == 1 {
		return bytes.TrimSpace(one), nil
	}
	u.text = u.text[:0]
	for _, p := range u.walk.pieces[i:] {
		if p.depth < depth {
			break
		}
		if p.depth != depth {
			continue
		}
		var err error
		switch p.kind {
		case pieceCDATA:
			u.text = append(u.text, b[p.start:p.end]...)
		case pieceText:
			if u.text, err = decodeText(u.text, b[p.start:p.end]); err != nil {
				return nil, &contentError{u.errf(p.start, "", err)}
			}
		}
	}
	return bytes.Clone(bytes.TrimSpace(u.text)), nil
}

// decodeText appends XML text with its references decoded: the five
// predefined entities and character references. Any other entity is
// refused: without a DTD it names nothing.
func decodeText(dst, text []byte) ([]byte, error) {
	for {
		i := bytes.IndexByte(text, '&')
		if i < 0 {
			return append(dst, text...), nil
		}
		dst = append(dst, text[:i]...)
		text = text[i:]
		j := bytes.IndexByte(text, ';')
		if j < 0 || j > 12 {
			return nil, errors.New("'&' that starts no entity reference")
		}
		ref := string(text[1:j])
		switch ref {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(ref)
			if !ok {
				return nil, fmt.Errorf("entity &%s; is not accepted (no DTD entities)", cut(ref))
			}
			dst = append(dst, string(r)...)
		}
		text = text[j+1:]
	}
}

// charRef decodes "#123" or "#x7B".
func charRef(ref string) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || n == 0 || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF) {
		return 0, false
	}
	return rune(n), true
}
