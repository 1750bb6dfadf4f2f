package smartlicensing_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

const module = "github.com/openrenewal/smartlicensing"

// rule says what the packages matching Pattern (a path relative to the
// module root; "x/*" matches x's subpackages) may import from the module
// and beyond the standard library (DESIGN.md, "Dependency rule").
type rule struct {
	Pattern string
	// Module lists the module packages it may import, as patterns;
	// internal/* is always allowed.
	Module []string
	// Foreign lists the modules outside the standard library it may import.
	Foreign []string
	// NoHTTP forbids net/http and its subpackages.
	NoHTTP bool
}

const decimalModule = "github.com/shopspring/decimal"

// domain are the domain packages: smartaccount is the ground floor,
// pricing stands alone, the reviews stand on smartaccount (and may price
// with pricing), slp stands on its subpackages.
var rules = []rule{
	{Pattern: "pricing", Foreign: []string{decimalModule}, NoHTTP: true},
	{Pattern: "smartaccount", Foreign: []string{decimalModule}, NoHTTP: true},
	{Pattern: "slp/*", Module: []string{"smartaccount", "pricing", "slp/*"}, Foreign: []string{decimalModule}, NoHTTP: true},
	{Pattern: "slp", Module: []string{"smartaccount", "pricing", "slp/*"}, Foreign: []string{decimalModule}, NoHTTP: true},
	{Pattern: "slr", Module: []string{"smartaccount", "pricing"}, Foreign: []string{decimalModule}, NoHTTP: true},
	{Pattern: "virtualaccount", Module: []string{"smartaccount", "pricing"}, Foreign: []string{decimalModule}, NoHTTP: true},
	{Pattern: "trueforward", Module: []string{"smartaccount", "pricing"}, Foreign: []string{decimalModule}, NoHTTP: true},
	// dataset reads and writes the directory format of the domain's types.
	{Pattern: "dataset", Module: domainPatterns, Foreign: []string{decimalModule}, NoHTTP: true},
	// sample generates a dataset.
	{Pattern: "sample", Module: append([]string{"dataset"}, domainPatterns...), Foreign: []string{decimalModule}, NoHTTP: true},
	// cssm converts wire shapes into domain types at its edge.
	{Pattern: "cssm", Module: domainPatterns, Foreign: []string{decimalModule, "golang.org/x/oauth2", "golang.org/x/time"}},
	{Pattern: "cssm/*", Module: append([]string{"cssm", "cssm/*"}, domainPatterns...), Foreign: []string{decimalModule, "golang.org/x/oauth2", "golang.org/x/time"}},
	// report holds the procurement file and renders it; no transport.
	{Pattern: "report", Module: domainPatterns, Foreign: []string{decimalModule}, NoHTTP: true},
	{Pattern: "report/*", Module: append([]string{"report"}, domainPatterns...), Foreign: []string{decimalModule}, NoHTTP: true},
	// The root package orchestrates: it may import every package of the
	// library, never a transport.
	{Pattern: ".", Module: append([]string{"dataset", "report", "report/*"}, domainPatterns...), Foreign: []string{decimalModule}, NoHTTP: true},
}

var domainPatterns = []string{"pricing", "smartaccount", "slp", "slp/*", "slr", "virtualaccount", "trueforward"}

func TestDependencyRule(t *testing.T) {
	pkgs := libraryPackages(t)
	assert.Contains(t, pkgs, "smartaccount", "the walk found the packages")
	for pkg, imports := range pkgs {
		r, ok := ruleFor(pkg)
		if !ok {
			t.Errorf("package %s has no dependency rule: add one to dependency_test.go", pkg)
			continue
		}
		for _, imp := range imports {
			if reason := r.violation(imp.path); reason != "" {
				t.Errorf("%s imports %s: %s", imp.file, imp.path, reason)
			}
		}
	}
}

// TestDependencyRuleCatchesViolations is the test of the test: each
// import below breaks the rule and must be reported.
func TestDependencyRuleCatchesViolations(t *testing.T) {
	tests := []struct{ pkg, imp string }{
		{"smartaccount", module + "/virtualaccount"}, // the ground floor imports nothing of the domain
		{"smartaccount", module + "/pricing"},
		{"pricing", module + "/smartaccount"}, // pricing stands alone
		{"virtualaccount", module + "/slr"},   // siblings stand side by side
		{"slp/capture", module + "/slp"},      // a subpackage never imports its parent
		{"slr", "net/http"},
		{"trueforward", "net/http/httputil"},
		{"slr", module + "/dataset"},
		{"virtualaccount", module + "/cssm"},
		{"dataset", module + "/report"},
		{"cssm", module},                  // no package imports the root
		{"report", module},                // not even the renderer
		{"cssm", module + "/dataset"},     // cssm converts to domain types only
		{"report", "net/http"},            // report imports no transport
		{"pricing", "github.com/foo/bar"}, // no foreign module beyond the list
		{"smartaccount", "golang.org/x/oauth2"},
		{".", "net/http"},
		{".", module + "/cssm"},
	}
	for _, tt := range tests {
		r, ok := ruleFor(tt.pkg)
		if !ok {
			t.Errorf("no rule for %s", tt.pkg)
			continue
		}
		assert.NotEmpty(t, r.violation(tt.imp), "%s importing %s must break the rule", tt.pkg, tt.imp)
	}
	allowed := []struct{ pkg, imp string }{
		{"virtualaccount", module + "/smartaccount"},
		{"slp", module + "/slp/capture"},
		{"trueforward", module + "/pricing"},
		{"cssm", "net/http"},
		{"cssm", "golang.org/x/oauth2/clientcredentials"},
		{"cssm/cssmtest", module + "/cssm"},
		{"report", module + "/pricing"},
		{"sample", module + "/dataset"},
		{"smartaccount", module + "/internal/enum"},
		{".", module + "/report"},
	}
	for _, tt := range allowed {
		r, _ := ruleFor(tt.pkg)
		assert.Empty(t, r.violation(tt.imp), "%s may import %s", tt.pkg, tt.imp)
	}
	_, ok := ruleFor("newpkg")
	assert.False(t, ok, "a package nobody wrote a rule for is reported")
}

func ruleFor(pkg string) (rule, bool) {
	if strings.HasPrefix(pkg, "internal/") {
		// internal helpers import only the standard library.
		return rule{Pattern: pkg, NoHTTP: true}, true
	}
	for _, r := range rules {
		if match(r.Pattern, pkg) {
			return r, true
		}
	}
	return rule{}, false
}

func match(pattern, pkg string) bool {
	if parent, ok := strings.CutSuffix(pattern, "/*"); ok {
		return strings.HasPrefix(pkg, parent+"/")
	}
	return pattern == pkg
}

// violation says why importing path breaks r, or "" when it does not.
func (r rule) violation(imp string) string {
	switch {
	case imp == "net/http" || strings.HasPrefix(imp, "net/http/"):
		if r.NoHTTP {
			return "this package knows nothing of HTTP"
		}
		return ""
	case imp == module:
		return "no package imports the root package"
	case strings.HasPrefix(imp, module+"/"):
		rel := strings.TrimPrefix(imp, module+"/")
		if strings.HasPrefix(rel, "internal/") {
			return ""
		}
		if slices.ContainsFunc(r.Module, func(p string) bool { return match(p, rel) }) {
			return ""
		}
		return "not among the module packages " + r.Pattern + " may import"
	case strings.Contains(strings.SplitN(imp, "/", 2)[0], "."):
		if slices.ContainsFunc(r.Foreign, func(m string) bool { return imp == m || strings.HasPrefix(imp, m+"/") }) {
			return ""
		}
		return "not an allowed library dependency of " + r.Pattern
	}
	return ""
}

type importLine struct{ file, path string }

// libraryPackages parses the imports of every non-test Go file of the
// library module (examples/ is its own module), by package directory
// relative to the root ("." for the root).
func libraryPackages(t *testing.T) map[string][]importLine {
	t.Helper()
	pkgs := map[string][]importLine{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != "." && (name == "examples" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := path.Dir(filepath.ToSlash(p))
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			pkgs[dir] = append(pkgs[dir], importLine{file: p, path: ip})
		}
		if _, ok := pkgs[dir]; !ok {
			pkgs[dir] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}
