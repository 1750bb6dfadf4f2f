// Package enum implements the parsing and printing shared by the SDK's
// enumerations: case-insensitive names, aliases, and an error that lists the
// accepted values. Domain packages define their own typed enumerations on top
// of it, so every enumeration of the SDK behaves the same way. It imports
// only the standard library, so every package of the module may use it.
package enum

import (
	"fmt"
	"strings"
)

// Error reports a value that is not one of an enumeration's names.
type Error struct {
	Kind     string   // what was being parsed, e.g. "license type"
	Value    string   // the rejected text, as given
	Accepted []string // the canonical names, in declaration order
}

// Error returns `unknown KIND "VALUE" (accepted: a, b, c)`.
func (e *Error) Error() string {
	return fmt.Sprintf("unknown %s %q (accepted: %s)", e.Kind, e.Value, strings.Join(e.Accepted, ", "))
}

// Set describes one enumeration. names[v] is the canonical spelling of value
// v; an empty name marks a value with no spelling. When names[0] is empty,
// the zero value means "not given": empty text parses to it without error
// and it prints as "".
type Set[T ~uint8 | ~int] struct {
	kind     string
	names    []string
	accepted []string
	lookup   map[string]T
}

// New builds a Set; aliases maps further spellings to values. Lookups fold
// case, trim spaces and treat '_' and ' ' as '-'.
func New[T ~uint8 | ~int](kind string, names []string, aliases map[string]T) *Set[T] {
	s := &Set[T]{kind: kind, names: names, lookup: make(map[string]T, 2*len(names)+len(aliases))}
	for v, n := range names {
		if n == "" {
			continue
		}
		s.accepted = append(s.accepted, n)
		s.lookup[n] = T(v)
		s.lookup[fold(n)] = T(v)
	}
	for a, v := range aliases {
		s.lookup[fold(a)] = v
	}
	return s
}

func fold(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == '_' || r == ' ' {
			return '-'
		}
		return r
	}, s)
}

// optionalZero reports whether the zero value means "not given".
func (s *Set[T]) optionalZero() bool { return len(s.names) > 0 && s.names[0] == "" }

// Parse returns the value named by text. Empty text gives the zero value
// when that means "not given"; an unknown name gives an *Error.
func (s *Set[T]) Parse(text string) (T, error) {
	if v, ok := s.lookup[text]; ok { // fast path: canonical spelling
		return v, nil
	}
	if strings.TrimSpace(text) == "" && s.optionalZero() {
		return 0, nil
	}
	if v, ok := s.lookup[fold(text)]; ok {
		return v, nil
	}
	return 0, &Error{Kind: s.kind, Value: text, Accepted: s.accepted}
}

// Valid reports whether v is a value of the enumeration (the "not given"
// zero value included).
func (s *Set[T]) Valid(v T) bool {
	return v == 0 && s.optionalZero() || int(v) >= 0 && int(v) < len(s.names) && s.names[v] != ""
}

// String returns the canonical name of v, "" for a "not given" zero value,
// and "kind(N)" for a value outside the enumeration.
func (s *Set[T]) String(v T) string {
	if !s.Valid(v) {
		return fmt.Sprintf("%s(%d)", strings.ReplaceAll(s.kind, " ", "-"), int(v))
	}
	return s.names[v]
}

// Text returns the canonical name of v for MarshalText, or an error for a
// value outside the enumeration.
func (s *Set[T]) Text(v T) ([]byte, error) {
	if !s.Valid(v) {
		return nil, fmt.Errorf("invalid %s %d", s.kind, int(v))
	}
	return []byte(s.names[v]), nil
}
