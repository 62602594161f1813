package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// RRule writes a schedule's rule (already checked by Validate) as RFC
// 5545 wants it next to a DTSTART with a TZID: UNTIL in UTC. The catalogue
// also accepts a date, meaning that whole day in Amsterdam, and a local
// time in Amsterdam, as the meetups package reads them; both become the
// same moment in UTC. Names are upper case and FREQ comes first, which
// older Outlook versions insist on; a leading "RRULE:" is dropped.
// The catalogue feed (meetups/importer) writes its rules with it too.
func RRule(rule string) (string, error) {
	text := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(rule)), "RRULE:")
	var freq string
	var rest []string
	for part := range strings.SplitSeq(text, ";") {
		key, value, _ := strings.Cut(part, "=")
		switch key {
		case "FREQ":
			freq = part
			continue
		case "UNTIL":
			until, err := untilUTC(value)
			if err != nil {
				return "", err
			}
			part = "UNTIL=" + until
		}
		rest = append(rest, part)
	}
	if freq == "" {
		return "", fmt.Errorf("no FREQ")
	}
	return strings.Join(append([]string{freq}, rest...), ";"), nil
}

// untilUTC is an UNTIL value as a UTC date-time.
func untilUTC(v string) (string, error) {
	var t time.Time
	var err error
	switch len(v) {
	case len("20060102"):
		t, err = time.Parse("20060102", v)
		y, m, d := t.Date()
		t = time.Date(y, m, d, 23, 59, 59, 0, meetups.Amsterdam) // the whole day, as meetups reads it
	case len(localTime):
		t, err = time.ParseInLocation(localTime, v, meetups.Amsterdam)
	case len(utcTime):
		t, err = time.Parse(utcTime, v)
	default:
		err = fmt.Errorf("UNTIL=%s is not a date or a date-time", v)
	}
	if err != nil {
		return "", err
	}
	return t.UTC().Format(utcTime), nil
}

// ExDates are the EXDATE times for a series whose first occurrence is
// first, for every writer of iCalendar here (also the catalogue feed,
// meetups/importer). The catalogue stores a cancelled occurrence by its date alone,
// but a calendar skips an occurrence only when EXDATE names its exact
// start: the date at the series' time of day, in Amsterdam (every
// occurrence starts at the same wall-clock time). Dates before the first
// occurrence cancel nothing and are left out; the rest are sorted, once
// each.
func ExDates(dates []time.Time, first time.Time) []time.Time {
	first = first.In(meetups.Amsterdam)
	fy, fm, fd := first.Date()
	firstDay := time.Date(fy, fm, fd, 0, 0, 0, 0, time.UTC)
	var out []time.Time
	for _, x := range dates {
		y, m, d := x.In(meetups.Amsterdam).Date()
		if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Before(firstDay) {
			continue
		}
		t := time.Date(y, m, d, first.Hour(), first.Minute(), first.Second(), 0, meetups.Amsterdam)
		if !slices.ContainsFunc(out, t.Equal) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}
