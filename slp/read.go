package slp

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/openrenewal/smartlicensing/slp/capture"
	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// Why ReadFiles skips a file. File.Err wraps one of these, or
// capture.ErrNotCapture (text that is no capture ReadFiles knows, or an XML
// document that is no usage file), rum.ErrDTD (XML that declares a DTD),
// smartaccount.ErrTooLarge (a capture over capture.MaxBytes) or the error
// of the file system.
var (
	ErrEmpty  = errors.New("empty file")
	ErrBinary = errors.New("binary file, not text")
)

// File is one file of ReadFiles: a capture, a usage file open for
// reading, or the reason the file was skipped.
type File struct {
	Path    string           // the path within the file system
	Capture *capture.Capture // the file is a capture
	// Usage reads the reports of a usage file. It is open only until the
	// iteration moves on: read the reports, SystemInfo and Skipped before
	// asking for the next file.
	Usage *rum.Reader
	Err   error // why the file was skipped; nil for a capture or usage file
}

// sniffBytes is how much of a file ReadFiles looks at to route it.
const sniffBytes = 4096

// ReadFiles reads what a network team collects from its devices — `show
// license …` captures of any command capture.Detect knows, and RUM usage
// files — from fsys (os.DirFS(dir) for a folder on disk). Each path names a
// file or a directory within fsys ("." for its root); directories are
// walked recursively in lexical order, skipping entries whose name starts
// with "." and not following links to directories (a link to a file is
// read).
//
// Files are yielded one at a time as they are read, so memory holds one
// capture, or one report of a usage file, at a time. A usage file (its
// first element is <smartLicense> or <RUMReport>) comes as an open
// rum.Reader; any other text is parsed as a capture (text in UTF-16, as
// Windows PowerShell saves it, is read as well). Every file that is neither
// comes with Err saying why: empty, binary, too large, an XML document with
// a DTD, not a capture, unreadable — and a path that does not exist comes
// with an error wrapping fs.ErrNotExist. None of them stops the others.
//
// The error of the iteration is non-nil only when ctx ends; the iteration
// stops after it.
func ReadFiles(ctx context.Context, fsys fs.FS, paths ...string) iter.Seq2[File, error] {
	return func(yield func(File, error) bool) {
		for _, root := range paths {
			if err := ctx.Err(); err != nil {
				yield(File{}, err)
				return
			}
			info, err := fs.Stat(fsys, root)
			switch {
			case err != nil:
				if !yield(File{Path: root, Err: err}, nil) {
					return
				}
			case !info.IsDir():
				if !readFile(fsys, root, yield) {
					return
				}
			default:
				if !walk(ctx, fsys, root, yield) {
					return
				}
			}
		}
	}
}

// walk yields the files under the directory root; it reports false when
// the iteration must stop.
func walk(ctx context.Context, fsys fs.FS, root string, yield func(File, error) bool) bool {
	more := true
	err := fs.WalkDir(fsys, root, func(p string, e fs.DirEntry, err error) error {
		if err := ctx.Err(); err != nil {
			more = false
			yield(File{}, err)
			return fs.SkipAll
		}
		if err != nil { // a directory that cannot be read
			if more = yield(File{Path: p, Err: err}, nil); !more {
				return fs.SkipAll
			}
			return nil
		}
		if p != root && e.Name()[0] == '.' {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch t := e.Type(); {
		case t.IsDir():
			return nil
		case t&fs.ModeSymlink != 0:
			info, err := fs.Stat(fsys, p)
			switch {
			case err != nil:
				more = yield(File{Path: p, Err: fmt.Errorf("a link that leads nowhere: %w", err)}, nil)
			case info.IsDir():
				more = yield(File{Path: p, Err: errors.New("a link to a folder, not followed (give the folder itself to read it)")}, nil)
			default:
				more = readFile(fsys, p, yield)
			}
		case t.IsRegular():
			more = readFile(fsys, p, yield)
		default:
			more = yield(File{Path: p, Err: fmt.Errorf("not a regular file (%v)", t)}, nil)
		}
		if !more {
			return fs.SkipAll
		}
		return nil
	})
	if err != nil && more { // WalkDir fails only on root, which was stat'ed
		return yield(File{Path: root, Err: err}, nil)
	}
	return more
}

// readFile reads one file and yields it; it reports what yield returned.
func readFile(fsys fs.FS, p string, yield func(File, error) bool) bool {
	f, err := fsys.Open(p)
	if err != nil {
		return yield(File{Path: p, Err: err}, nil)
	}
	defer f.Close()
	var size int64 = -1
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		size = info.Size()
	}
	br := bufio.NewReaderSize(f, sniffBytes)
	head, err := br.Peek(sniffBytes)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return yield(File{Path: p, Err: &smartaccount.ParseError{File: p, Err: err}}, nil)
	}
	complete := len(head) < sniffBytes // the head is the whole file
	if utf16BOM(head) {
		text, err := decodeUTF16(br)
		if err != nil {
			return yield(File{Path: p, Err: &smartaccount.ParseError{File: p, Err: err}}, nil)
		}
		head, size, complete = text[:min(len(text), sniffBytes)], int64(len(text)), len(text) <= sniffBytes
		br = bufio.NewReaderSize(bytes.NewReader(text), sniffBytes)
	}
	skip := func(err error) bool {
		return yield(File{Path: p, Err: &smartaccount.ParseError{File: p, Err: err}}, nil)
	}
	switch {
	case len(head) == 0:
		return skip(ErrEmpty)
	case complete && len(bytes.TrimSpace(bytes.TrimPrefix(head, []byte(utf8BOM)))) == 0:
		return skip(fmt.Errorf("%w: blank lines only", ErrEmpty))
	}
	if off, ok := binary(head); ok {
		return skip(fmt.Errorf("%w (byte %#02x at offset %d)", ErrBinary, head[off], off))
	}
	if rum.IsUsageFile(head) {
		return yield(File{Path: p, Usage: rum.NewReader(br, p)}, nil)
	}
	if name, dtd, ok := xmlStart(head); ok {
		if dtd {
			return skip(fmt.Errorf("an XML document with a DTD, refused: %w", rum.ErrDTD))
		}
		return skip(fmt.Errorf("%w: an XML or HTML document <%s>, not a usage file", capture.ErrNotCapture, name))
	}
	if size > capture.MaxBytes {
		return skip(fmt.Errorf("%d bytes, more than the 8 MiB a capture may hold (capture.MaxBytes): %w", size, smartaccount.ErrTooLarge))
	}
	c, err := capture.Parse(br, p)
	if err != nil {
		return yield(File{Path: p, Err: err}, nil)
	}
	return yield(File{Path: p, Capture: c}, nil)
}

const utf8BOM = "\xef\xbb\xbf"

// binary reports whether head is not text: it holds a NUL byte, or more
// than one byte in ten is neither printable nor a blank nor valid UTF-8. It
// returns the offset of the first byte that gives it away.
func binary(head []byte) (int, bool) {
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return i, true
	}
	bad, first := 0, -1
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && n == 1 && len(head)-i >= utf8.UTFMax || r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v' && r != 0x1b {
			bad++
			if first < 0 {
				first = i
			}
		}
		i += n
	}
	return first, bad*10 > len(head)
}

// utf16BOM reports whether head starts with a UTF-16 byte-order mark.
func utf16BOM(head []byte) bool {
	return bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff})
}

// decodeUTF16 reads UTF-16 text with its byte-order mark, at most what
// decodes to a capture of capture.MaxBytes, and returns it as UTF-8.
func decodeUTF16(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, 2*capture.MaxBytes+3))
	if err != nil {
		return nil, err
	}
	if len(raw) > 2*capture.MaxBytes+2 {
		return nil, fmt.Errorf("UTF-16 text of more than %d bytes (twice capture.MaxBytes): %w", 2*capture.MaxBytes, smartaccount.ErrTooLarge)
	}
	big := raw[0] == 0xfe
	units := make([]uint16, 0, len(raw)/2)
	for i := 2; i+1 < len(raw); i += 2 {
		if big {
			units = append(units, uint16(raw[i])<<8|uint16(raw[i+1]))
		} else {
			units = append(units, uint16(raw[i+1])<<8|uint16(raw[i]))
		}
	}
	var out []byte
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// xmlStart reports whether head starts like an XML or HTML document (after
// a byte-order mark and blanks, '<' then a name, '?' or '!'), the name of
// its first element when head shows it, and whether a DTD comes first.
func xmlStart(head []byte) (name string, dtd, ok bool) {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte(utf8BOM)), " \t\r\n")
	if len(h) < 2 || h[0] != '<' || !(h[1] == '?' || h[1] == '!' || h[1]|0x20 >= 'a' && h[1]|0x20 <= 'z') {
		return "", false, false
	}
	for len(h) > 0 {
		h = bytes.TrimLeft(h, " \t\r\n")
		switch {
		case bytes.HasPrefix(h, []byte("<?")), bytes.HasPrefix(h, []byte("<!--")):
			end := "?>"
			if h[1] == '!' {
				end = "-->"
			}
			i := bytes.Index(h, []byte(end))
			if i < 0 {
				return "", false, true
			}
			h = h[i+len(end):]
		case bytes.HasPrefix(h, []byte("<!")):
			return "", true, true
		case len(h) > 1 && h[0] == '<':
			n := 1
			for n < len(h) && n < 65 && !bytes.ContainsRune([]byte(" \t\r\n/>"), rune(h[n])) {
				n++
			}
			return string(h[1:n]), false, true
		default:
			return "", false, true
		}
	}
	return "", false, true
}
