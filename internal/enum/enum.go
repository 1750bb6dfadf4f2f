// Package enum implements the parsing and printing shared by the SDK's
// enumerations: case-insensitive names, aliases, and an error that lists the
// accepted values. Domain packages define their own typed enumerations on top
// of it.
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

func (e *Error) Error() string {
	return fmt.Sprintf("unknown %s %q (accepted: %s)", e.Kind, e.Value, strings.Join(e.Accepted, ", "))
}

// Set describes one enumeration whose values are 1..len(Names); the zero value
// means "not given" and prints as "".
type Set[T ~uint8] struct {
	kind   string
	names  []string
	lookup map[string]T
}

// New builds a Set. names[i] is the canonical name of value i+1; aliases maps
// further spellings to values. Lookups fold case and treat '_' and ' ' as '-'.
func New[T ~uint8](kind string, names []string, aliases map[string]T) *Set[T] {
	s := &Set[T]{kind: kind, names: names, lookup: make(map[string]T, len(names)+len(aliases))}
	for i, n := range names {
		s.lookup[n] = T(i + 1)
		s.lookup[fold(n)] = T(i + 1)
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

// Parse returns the value named by text. Empty text gives the zero value
// ("not given") without error; an unknown name gives an *Error.
func (s *Set[T]) Parse(text string) (T, error) {
	if strings.TrimSpace(text) == "" {
		return 0, nil
	}
	if v, ok := s.lookup[text]; ok { // fast path: canonical spelling
		return v, nil
	}
	if v, ok := s.lookup[fold(text)]; ok {
		return v, nil
	}
	return 0, &Error{Kind: s.kind, Value: text, Accepted: s.names}
}

// String returns the canonical name of v, "" for the zero value.
func (s *Set[T]) String(v T) string {
	switch {
	case v == 0:
		return ""
	case int(v) <= len(s.names):
		return s.names[v-1]
	}
	return fmt.Sprintf("%s(%d)", strings.ReplaceAll(s.kind, " ", "-"), uint8(v))
}

// Names returns the canonical names in declaration order.
func (s *Set[T]) Names() []string { return append([]string(nil), s.names...) }
