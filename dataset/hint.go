package dataset

import "fmt"

// suggestion returns the name of known one edit away from name (a letter
// added, dropped, changed, or two neighbours swapped) that taken does not
// hold, or "": "hostnme", "host_name" and "hostanme" all suggest hostname.
func suggestion(name string, known []string, taken func(string) bool) string {
	for _, k := range known {
		if k != name && !taken(k) && oneEditApart(name, k) {
			return k
		}
	}
	return ""
}

// didYouMean is `; did you mean "k"?` for a suggestion k, "" for none.
func didYouMean(k string) string {
	if k == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", k)
}

// oneEditApart reports whether a and b differ by exactly one edit: an
// insertion, a deletion, a substitution or the swap of two neighbouring
// bytes (names are ASCII).
func oneEditApart(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		if i == len(a) {
			return false // equal
		}
		return a[i+1:] == b[i+1:] || // a substitution
			i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // a swap
	}
	return a[i:] == b[i+1:] // b has one byte more
}
