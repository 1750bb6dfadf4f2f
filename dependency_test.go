package smartlicensing_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/openrenewal/smartlicensing"

// domain lists the domain packages and the module packages each may import
// (DESIGN.md, "Dependency rule"): only the standard library,
// shopspring/decimal, the module's internal helpers and the other domain
// packages — never net/http, cssm, a renderer or the root package.
var domain = []string{"pricing", "smartaccount", "virtualaccount", "slp", "slr", "trueforward"}

func TestDependencyRule(t *testing.T) {
	for _, pkg := range domain {
		files, err := filepath.Glob(filepath.Join(pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			continue // not written yet
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if reason := forbidden(path); reason != "" {
					t.Errorf("%s imports %s: %s", file, path, reason)
				}
			}
		}
	}
}

func forbidden(path string) string {
	switch {
	case path == "net/http" || strings.HasPrefix(path, "net/http/"):
		return "domain packages know nothing of HTTP"
	case path == module:
		return "no package imports the root package"
	case strings.HasPrefix(path, module+"/"):
		rel := strings.TrimPrefix(path, module+"/")
		if strings.HasPrefix(rel, "internal/") {
			return ""
		}
		for _, d := range domain {
			if rel == d || strings.HasPrefix(rel, d+"/") { // a domain package or one of its subpackages
				return ""
			}
		}
		return "domain packages import only other domain packages of the module"
	case path == "github.com/shopspring/decimal":
		return ""
	case strings.Contains(strings.SplitN(path, "/", 2)[0], "."):
		return "not an allowed library dependency"
	}
	return ""
}
