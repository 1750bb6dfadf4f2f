package rum

import (
	"bytes"
	"errors"
	"fmt"
)

// pieceKind is the kind of one piece of a top-level item.
type pieceKind uint8

const (
	pieceStart pieceKind = iota + 1 // a start tag (or an empty-element tag); the piece is its name
	pieceEnd                        // an end tag; the piece is its name
	pieceOpen                       // the <smartLicense> start tag, whose children are items of their own
	pieceText                       // character data, references not decoded
	pieceCDATA                      // the content of a CDATA section
)

// piece is a piece of an item: a span of it, at a nesting depth. The
// tags of the item's element are at depth 0, its content and its
// children's tags at depth 1, and so on.
type piece struct {
	start, end int
	depth      int
	kind       pieceKind
}

// Bounds of the scanner beyond MaxElementBytes.
const (
	maxDepth  = 64   // nesting of elements within one item
	maxPieces = 4096 // pieces recorded per item (only depths 0 to 2 are recorded)
)

// errIncomplete reports that the input ends before the item does.
var errIncomplete = errors.New("incomplete item")

// walkError is a well-formedness error at byte off of the item.
type walkError struct {
	off int
	err error
}

func (e *walkError) Error() string { return e.err.Error() }

// walker scans one top-level item: an element with all its content, a
// comment, a processing instruction, an end tag, or the <smartLicense>
// start tag. It records the item's pieces down to depth 2, refuses DTDs
// and markup declarations, and checks that tags nest and match.
//
// The item arrives in pieces: walk returns errIncomplete when its input
// ends first, and resumes where it stopped when called again with the same
// bytes and more after them, so an item is scanned once however it is read.
type walker struct {
	i      int              // where the next token starts
	from   int              // where to go on searching inside the token at i; 0: from its start
	quote  byte             // inside a start tag: the open quote at from, or 0
	stack  [maxDepth][2]int // the names of the open elements, as spans
	depth  int              // open elements
	pieces []piece          // recorded pieces
}

// reset prepares the walker for a new item.
func (w *walker) reset() {
	w.i, w.from, w.quote, w.depth = 0, 0, 0, 0
	w.pieces = w.pieces[:0]
}

func (w *walker) add(p piece) error {
	if p.depth > 2 {
		return nil
	}
	if len(w.pieces) >= maxPieces {
		return &walkError{p.start, fmt.Errorf("element has more than %d parts", maxPieces)}
	}
	w.pieces = append(w.pieces, p)
	return nil
}

func walkFail(off int, format string, args ...any) (int, error) {
	return 0, &walkError{off, fmt.Errorf(format, args...)}
}

// search finds sep in b from the token's resume point (at least least); when
// it is not there it records where to resume and reports false.
func (w *walker) search(b []byte, least int, sep string) (int, bool) {
	from := max(least, w.from)
	if k := bytes.Index(b[from:], []byte(sep)); k >= 0 {
		return from + k, true
	}
	w.from = max(least, len(b)-len(sep)+1)
	return 0, false
}

// next completes the token at w.i: the next one starts at i.
func (w *walker) next(i int) { w.i, w.from, w.quote = i, 0, 0 }

// walk scans the item at the start of b (b[0] == '<') and returns its
// length once it is complete.
func (w *walker) walk(b []byte) (int, error) {
	for {
		i := w.i
		if i >= len(b) {
			return 0, errIncomplete
		}
		if b[i] != '<' { // character data (b[0] is '<', so this is inside an element)
			k, ok := w.search(b, i, "<")
			if !ok {
				return 0, errIncomplete
			}
			if err := w.add(piece{start: i, end: k, depth: w.depth, kind: pieceText}); err != nil {
				return 0, err
			}
			w.next(k)
			continue
		}
		rest := b[i:]
		if len(rest) < 9 && (bytes.HasPrefix([]byte("<![CDATA["), rest) || bytes.HasPrefix([]byte("<!--"), rest)) {
			return 0, errIncomplete
		}
		switch {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			if w.depth == 0 {
				return walkFail(i, "CDATA section outside any element")
			}
			k, ok := w.search(b, i+9, "]]>")
			if !ok {
				return 0, errIncomplete
			}
			if err := w.add(piece{start: i + 9, end: k, depth: w.depth, kind: pieceCDATA}); err != nil {
				return 0, err
			}
			w.next(k + 3)
		case bytes.HasPrefix(rest, []byte("<!--")), bytes.HasPrefix(rest, []byte("<?")):
			from, sep := i+4, "-->"
			if rest[1] == '?' {
				from, sep = i+2, "?>"
			}
			k, ok := w.search(b, from, sep)
			if !ok {
				return 0, errIncomplete
			}
			w.next(k + len(sep))
			if w.depth == 0 {
				return w.i, nil
			}
		case bytes.HasPrefix(rest, []byte("<!")):
			return 0, &walkError{i, ErrDTD}
		case bytes.HasPrefix(rest, []byte("</")):
			k, ok := w.search(b, i, ">")
			if !ok {
				return 0, errIncomplete
			}
			name := bytes.TrimRight(b[i+2:k], " \t\r\n")
			if len(name) == 0 || nameLen(name) != len(name) {
				return walkFail(i, "malformed end tag %q", cut(string(b[i:k+1])))
			}
			span := piece{start: i + 2, end: i + 2 + len(name), kind: pieceEnd}
			if w.depth > 0 {
				open := w.stack[w.depth-1]
				if !bytes.Equal(b[open[0]:open[1]], name) {
					return walkFail(i, "</%s> closes <%s>", cut(string(name)), cut(string(b[open[0]:open[1]])))
				}
				w.depth--
			}
			span.depth = w.depth
			if err := w.add(span); err != nil {
				return 0, err
			}
			w.next(k + 1)
			if w.depth == 0 { // the item's element closed, or a lone end tag: </smartLicense>
				return w.i, nil
			}
		default:
			nl := nameLen(rest[1:])
			if nl == 0 {
				if len(rest) == 1 {
					return 0, errIncomplete
				}
				return walkFail(i, "'<' not followed by a tag name")
			}
			if i+1+nl == len(b) {
				return 0, errIncomplete // the name may go on
			}
			// Scan the attributes, honouring quotes, up to '>'.
			j := max(i+1+nl, w.from)
			for {
				if j >= len(b) {
					w.from = j
					return 0, errIncomplete
				}
				if w.quote != 0 {
					k := bytes.IndexByte(b[j:], w.quote)
					if k < 0 {
						w.from = len(b)
						return 0, errIncomplete
					}
					j, w.quote = j+k+1, 0
					continue
				}
				c := b[j]
				if c == '>' {
					break
				}
				switch c {
				case '"', '\'':
					w.quote = c
				case '<':
					return walkFail(j, "'<' inside the tag <%s>", cut(string(rest[1:1+nl])))
				}
				j++
			}
			empty := b[j-1] == '/'
			kind := pieceStart
			if w.depth == 0 && !empty && string(rest[1:1+nl]) == "smartLicense" {
				kind = pieceOpen
			}
			if err := w.add(piece{start: i + 1, end: i + 1 + nl, depth: w.depth, kind: kind}); err != nil {
				return 0, err
			}
			w.next(j + 1)
			if kind == pieceOpen || (empty && w.depth == 0) {
				return w.i, nil
			}
			if !empty {
				if w.depth == maxDepth {
					return walkFail(i, "elements nested more than %d deep", maxDepth)
				}
				w.stack[w.depth] = [2]int{i + 1, i + 1 + nl}
				w.depth++
			}
		}
	}
}

// nameLen returns the length of the XML name at the start of b (ASCII
// name characters and any non-ASCII byte).
func nameLen(b []byte) int {
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == ':', c >= 0x80:
		case i > 0 && ('0' <= c && c <= '9' || c == '-' || c == '.'):
		default:
			return i
		}
	}
	return len(b)
}
