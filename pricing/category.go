package pricing

import "github.com/openrenewal/smartlicensing/internal/enum"

// Category is what a proposal line buys: a subscription, a true-forward
// (units consumed above the entitlement, billed with a premium) or support.
// The zero Category is not valid.
type Category int

// The line categories of proposal.json.
const (
	Subscription Category = iota + 1
	TrueForward
	Support
)

var categories = enum.New[Category]("category", []string{"", "subscription", "true-forward", "support"}, nil)

// ParseCategory parses "subscription", "true-forward" or "support",
// ignoring case and surrounding spaces.
func ParseCategory(s string) (Category, error) { return categories.Parse(s) }

// String returns the proposal.json spelling, or "Category(n)" for an
// invalid value.
func (c Category) String() string { return categories.String(c) }

// MarshalText writes the proposal.json spelling; an invalid Category is an error.
func (c Category) MarshalText() ([]byte, error) { return categories.Text(c) }

// UnmarshalText parses text with ParseCategory.
func (c *Category) UnmarshalText(text []byte) (err error) {
	*c, err = categories.Parse(string(text))
	return err
}
