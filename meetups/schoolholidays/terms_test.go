package schoolholidays

import (
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

func TestTermStarts(t *testing.T) {
	starts := TermStarts()
	if len(starts) != 10 {
		t.Fatalf("%d term starts, want 5 per school year for 2 years", len(starts))
	}
	for i, s := range starts {
		if s.Weekday() != time.Monday || s.Hour() != 0 || s.Location() != meetups.Amsterdam {
			t.Errorf("term start %d is %v, want a Monday at midnight in Amsterdam", i, s)
		}
		if i > 0 && !s.After(starts[i-1]) {
			t.Errorf("term starts out of order at %d: %v after %v", i, s, starts[i-1])
		}
		// No region is still on holiday when the term starts, and the day
		// before is the last day of some region's holiday.
		lastDay := false
		for _, r := range Regions {
			if p, in := In(r, s); in {
				t.Errorf("term start %v falls in %s's %s", s, r, p.Name)
			}
			_, in := In(r, s.AddDate(0, 0, -1))
			lastDay = lastDay || in
		}
		if !lastDay {
			t.Errorf("term start %v does not follow a holiday", s)
		}
	}
	// Christmas 2026 is the same everywhere: back on Monday 4 January 2027.
	want := time.Date(2027, 1, 4, 0, 0, 0, 0, meetups.Amsterdam)
	if got, ok := TermStart(time.Date(2027, 1, 20, 12, 0, 0, 0, meetups.Amsterdam)); !ok || !got.Equal(want) {
		t.Errorf("TermStart(20 Jan 2027) = %v, %v; want %v", got, ok, want)
	}
	if got, ok := TermStart(want.Add(-time.Minute)); !ok || !got.Before(want) {
		t.Errorf("a minute before the term starts, TermStart = %v, %v; want the term before", got, ok)
	}
	if _, ok := TermStart(time.Date(2026, 9, 1, 0, 0, 0, 0, meetups.Amsterdam)); ok {
		t.Error("TermStart before the table's first holiday ended should be false")
	}
}
