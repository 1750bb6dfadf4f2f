package trueforward

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/openrenewal/smartlicensing/pricing"
)

// Contract is the term a true-forward review runs over (METHOD.md §5): its
// start, its length in whole years, and any further true-up dates it names.
// Dates are civil dates; only their year, month and day count.
type Contract struct {
	// Start is the first day of the term.
	Start time.Time
	// TermYears is the length of the term, 1 to pricing.MaxTermYears years.
	TermYears int
	// Milestones are true-up dates the contract names beside the
	// anniversaries of Start (some agreements true up quarterly). Each must
	// fall within the term, on or after Start and before End. Most contracts
	// name none.
	Milestones []time.Time
}

// ContractOf returns the contract of a proposal: its start date and term.
// A proposal without a start date has no anniversaries, so it is an error
// (a *pricing.FieldError naming "start_date").
func ContractOf(p *pricing.Proposal) (Contract, error) {
	if p == nil {
		return Contract{}, errors.New("trueforward: no proposal")
	}
	if p.StartDate.IsZero() {
		return Contract{}, &pricing.FieldError{Field: "start_date", Err: errors.New("missing: the true-forward milestones are anniversaries of the contract start")}
	}
	c := Contract{Start: civil(p.StartDate), TermYears: p.TermYears}
	if err := c.Validate(); err != nil {
		return Contract{}, err
	}
	return c, nil
}

// Validate checks that the contract has a start, a term of 1 to
// pricing.MaxTermYears years and milestones within the term. Each problem
// is a *pricing.FieldError naming the Go field ("Milestones[2]").
func (c Contract) Validate() error {
	field := func(name string, err error) error { return &pricing.FieldError{Field: name, Err: err} }
	switch {
	case c.Start.IsZero():
		return field("Start", errors.New("missing"))
	case c.TermYears < 1 || c.TermYears > pricing.MaxTermYears:
		return field("TermYears", fmt.Errorf("%d is outside 1..%d", c.TermYears, pricing.MaxTermYears))
	}
	start, end := civil(c.Start), c.End()
	for i, m := range c.Milestones {
		if m = civil(m); m.Before(start) || !m.Before(end) {
			return field(fmt.Sprintf("Milestones[%d]", i), fmt.Errorf("%s is not within the term (from %s, before %s)",
				formatDate(m), formatDate(start), formatDate(end)))
		}
	}
	return nil
}

// End is the first day after the term: the anniversary of Start TermYears
// years on. A five-year term from 2027-01-01 ends on 2032-01-01.
func (c Contract) End() time.Time { return c.Anniversary(c.TermYears) }

// Anniversary returns the k-th anniversary of the start (the 0th is the
// start itself). It is counted from the start, not from the previous
// anniversary, and falls on the same day of the month, or on the month's
// last day when it has no such day: a term from 2024-02-29 has its
// anniversaries on 2025-02-28, 2026-02-28, 2027-02-28 and 2028-02-29.
func (c Contract) Anniversary(k int) time.Time { return addMonths(civil(c.Start), 12*k) }

// Months counts the whole months from milestone m to the end of the term
// (METHOD.md §5): the largest n for which m plus n months, on the same day
// of the month or the month's last day, is not after End — the way a
// spreadsheet's EDATE counts them. From 2027-08-31 to 2032-01-01 it is 52
// (2031-12-31 is 52 months on). A milestone on or after End gets 0:
// nothing is charged after the term.
func (c Contract) Months(m time.Time) int {
	m, end := civil(m), c.End()
	if !m.Before(end) {
		return 0
	}
	// Count on calendar months, then step back once if the day has not come.
	n := (end.Year()-m.Year())*12 + int(end.Month()) - int(m.Month())
	if addMonths(m, n).After(end) {
		n--
	}
	return n
}

// milestones returns the review's base milestones on or after asOf: the
// anniversaries 0 … TermYears−1 and the contract's own true-up dates,
// sorted, each date once.
func (c Contract) milestones(asOf time.Time) []time.Time {
	var dates []time.Time
	for k := range c.TermYears {
		if a := c.Anniversary(k); !a.Before(asOf) {
			dates = append(dates, a)
		}
	}
	for _, m := range c.Milestones {
		if m = civil(m); !m.Before(asOf) {
			dates = append(dates, m)
		}
	}
	slices.SortFunc(dates, time.Time.Compare)
	return slices.CompactFunc(dates, time.Time.Equal)
}

// semiAnnual returns the date half-way through contract year k+1: six months
// after the k-th anniversary, counted from the start like the anniversaries.
func (c Contract) semiAnnual(k int) time.Time { return addMonths(civil(c.Start), 12*k+6) }

// addMonths returns d plus n months, on the same day of the month or on the
// month's last day when that month is shorter (2027-01-31 + 1 = 2027-02-28).
func addMonths(d time.Time, n int) time.Time {
	y, m := d.Year(), int(d.Month())-1+n
	y += m / 12
	if m %= 12; m < 0 {
		m += 12
		y--
	}
	first := time.Date(y, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d.Day(), last)-1)
}

// civil returns the calendar date of t, at 00:00 UTC.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func formatDate(t time.Time) string { return t.Format(time.DateOnly) }
