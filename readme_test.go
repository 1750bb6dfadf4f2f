package smartlicensing_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeSnippet keeps the README's Go code the code Example_readme
// compiles and runs.
func TestReadmeSnippet(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)## Using the SDK from Go\n\n```go\n(.*?)```").FindSubmatch(readme)
	require.NotNil(t, m, "the README has a Go snippet under \"Using the SDK from Go\"")
	src, err := os.ReadFile("example_readme_test.go")
	require.NoError(t, err)
	start := strings.Index(string(src), "func renew(")
	require.GreaterOrEqual(t, start, 0)
	end := strings.Index(string(src[start:]), "\n}\n")
	require.Greater(t, end, 0)
	assert.Equal(t, string(src[start:start+end+3]), string(m[1]))
}
