// Package schoolholidays knows the Dutch school holidays per region, so an
// organiser can say "not in the school holidays" once instead of typing a
// dozen dates: many meetups (a toddler group in a school's playroom, a
// parents' evening run by teachers) simply do not happen then.
//
// The dates come from a table embedded in the binary (holidays.csv): the
// ones Rijksoverheid publishes for the current and the next school year. A
// table rather than a call to Rijksoverheid's open-data API at run time,
// because the dates change once a year, the bot must not depend on another
// service to save a meetup, and a table in the repository can be reviewed.
// Covered and End say how far it reaches; past that, nothing is skipped.
package schoolholidays

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// Region is one of the three holiday regions the Netherlands is split into,
// by municipality, so that not every family is on the road in the same week.
type Region string

// The regions.
const (
	Noord  Region = "noord"
	Midden Region = "midden"
	Zuid   Region = "zuid"
)

// Regions are all regions, north to south (the order buttons show them in).
var Regions = []Region{Noord, Midden, Zuid}

// Valid reports whether r is one of the three regions.
func (r Region) Valid() bool { return slices.Contains(Regions, r) }

// regionWords are the ways people write a region, in Dutch and English.
var regionWords = map[string]Region{
	"noord": Noord, "north": Noord, "n": Noord, "northern": Noord, "noorden": Noord,
	"midden": Midden, "middle": Midden, "m": Midden, "central": Midden, "centre": Midden, "center": Midden,
	"zuid": Zuid, "south": Zuid, "z": Zuid, "s": Zuid, "southern": Zuid, "zuiden": Zuid,
}

// ParseRegion reads a region as people write it: "noord", "North", "n",
// "regio Midden", "region south". It reports false for anything else.
func ParseRegion(s string) (Region, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, prefix := range []string{"regio ", "region "} {
		s = strings.TrimSpace(strings.TrimPrefix(s, prefix))
	}
	r, ok := regionWords[s]
	return r, ok
}

// Date is a day on the calendar, without a time or a zone: holidays are
// days in the Netherlands, whatever the clock.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the day t falls on in Europe/Amsterdam.
func DateOf(t time.Time) Date {
	y, m, d := t.In(meetups.Amsterdam).Date()
	return Date{y, m, d}
}

// Start is the first moment of the day in Europe/Amsterdam.
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, meetups.Amsterdam)
}

// Weekday is the day of the week.
func (d Date) Weekday() time.Weekday { return d.Start().Weekday() }

// Compare returns -1, 0 or +1 as d is before, the same as, or after e.
func (d Date) Compare(e Date) int {
	return cmp.Or(cmp.Compare(d.Year, e.Year), cmp.Compare(d.Month, e.Month), cmp.Compare(d.Day, e.Day))
}

// String is the ISO form, 2027-02-20.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Period is one school holiday of one region.
type Period struct {
	// Name is Rijksoverheid's Dutch name: herfstvakantie, kerstvakantie,
	// voorjaarsvakantie, meivakantie or zomervakantie.
	Name string
	// SchoolYear is the school year it belongs to, such as "2026-2027".
	SchoolYear string
	// First and Last are its first and last day (a Saturday and a Sunday).
	First, Last Date
}

// Contains reports whether day falls in the period.
func (p Period) Contains(day Date) bool {
	return p.First.Compare(day) <= 0 && day.Compare(p.Last) <= 0
}

// Holidays are the region's holidays in the table, in order; none for a
// region that is not valid. The caller may change the slice.
func Holidays(r Region) []Period {
	return slices.Clone(table.byRegion[r])
}

// In returns the region's holiday that the day of t (in Europe/Amsterdam)
// falls in, if any.
func In(r Region, t time.Time) (Period, bool) {
	day := DateOf(t)
	for _, p := range table.byRegion[r] {
		if p.Contains(day) {
			return p, true
		}
	}
	return Period{}, false
}

// SchoolYearOf names the school year t falls in: one runs from 1 August to
// 31 July (the law's school year), so 2027-02-20 is in "2026-2027".
func SchoolYearOf(t time.Time) string {
	y, m, _ := t.In(meetups.Amsterdam).Date()
	if m < time.August {
		y--
	}
	return fmt.Sprintf("%d-%d", y, y+1)
}

// Covered reports whether the table holds the holidays of t's school year,
// so a caller knows whether "not in a holiday" means anything for t. The
// summer holiday at the end of the last school year may run into the next
// one, which is not covered: its autumn holiday is not yet known.
func Covered(t time.Time) bool {
	return slices.Contains(table.years, SchoolYearOf(t))
}

// End is the moment the table's last holiday is over (midnight after its
// last day, in Europe/Amsterdam): skipping holidays reaches this far.
func End() time.Time {
	return time.Date(table.last.Year, table.last.Month, table.last.Day+1, 0, 0, 0, 0, meetups.Amsterdam)
}

// maxOccurrences bounds the occurrences SkipDates reads, so a daily rule
// over a long span stays cheap: the table spans two school years, so even
// a daily meetup has fewer.
const maxOccurrences = 1000

// SkipDates returns the start times (in Europe/Amsterdam, in order) of the
// occurrences of a recurring schedule that start from from up to to and fall
// on a day in one of the region's holidays: the dates to add to ExDates.
// The schedule's own ExDates are ignored, so calling it again after a
// change of region or schedule gives the whole set afresh. A one-off or
// ongoing schedule, and an invalid region, give none; so do days the table
// does not reach (see End).
func SkipDates(r Region, s meetups.Schedule, from, to time.Time) []time.Time {
	if s.Kind != meetups.ScheduleRecurring || !r.Valid() || !from.Before(to) {
		return nil
	}
	s.ExDates = nil
	var out []time.Time
	// Next gives occurrences that end after its argument, so each batch
	// starts again at the last start read and skips what was read.
	after, first, read := from, true, 0
	for read < maxOccurrences {
		progressed := false
		for _, o := range s.Next(after, 100) {
			if o.Start.After(to) {
				return out
			}
			if o.Start.Before(after) || (!first && o.Start.Equal(after)) {
				continue
			}
			progressed, first, after = true, false, o.Start
			read++
			if _, in := In(r, o.Start); in {
				out = append(out, o.Start.In(meetups.Amsterdam))
			}
		}
		if !progressed {
			break
		}
	}
	return out
}
