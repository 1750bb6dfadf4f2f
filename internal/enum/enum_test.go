package enum

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type optional uint8
type required int

func TestOptionalZero(t *testing.T) {
	s := New[optional]("colour", []string{"", "red", "dark-blue"}, map[string]optional{"navy": 2})
	for in, want := range map[string]optional{"red": 1, "RED": 1, " dark_blue ": 2, "Dark Blue": 2, "navy": 2, "": 0, "  ": 0} {
		got, err := s.Parse(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := s.Parse("green")
	assert.EqualError(t, err, `unknown colour "green" (accepted: red, dark-blue)`)
	assert.Equal(t, "", s.String(0))
	assert.Equal(t, "colour(7)", s.String(7))
	b, err := s.Text(2)
	require.NoError(t, err)
	assert.Equal(t, "dark-blue", string(b))
	_, err = s.Text(9)
	assert.EqualError(t, err, "invalid colour 9")
}

func TestRequiredZero(t *testing.T) {
	s := New[required]("cap kind", []string{"none", "per-year"}, nil)
	v, err := s.Parse("None")
	require.NoError(t, err)
	assert.Equal(t, required(0), v)
	_, err = s.Parse("")
	assert.EqualError(t, err, `unknown cap kind "" (accepted: none, per-year)`, "empty text is not a value when zero has a name")
	assert.Equal(t, "none", s.String(0))
	assert.Equal(t, "cap-kind(-1)", s.String(-1))
}
