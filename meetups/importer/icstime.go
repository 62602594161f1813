package importer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/meetups"
)

// windowsZones are the time zone names Outlook and Exchange write in TZID
// for the Netherlands and its neighbours, which Go's database does not know.
var windowsZones = map[string]string{
	"W. Europe Standard Time":        "Europe/Amsterdam",
	"Romance Standard Time":          "Europe/Brussels",
	"Central Europe Standard Time":   "Europe/Budapest",
	"Central European Standard Time": "Europe/Warsaw",
	"GMT Standard Time":              "Europe/London",
	"UTC":                            "UTC",
}

// zone is the location a TZID names.
func zone(tzid string) (*time.Location, error) {
	tzid = strings.Trim(strings.TrimSpace(tzid), `"`)
	if name, ok := windowsZones[tzid]; ok {
		tzid = name
	}
	tzid = strings.TrimPrefix(tzid, "/") // some feeds write "/Europe/Amsterdam"
	if tzid == "Europe/Amsterdam" {
		return meetups.Amsterdam, nil
	}
	loc, err := time.LoadLocation(tzid)
	if err != nil || tzid == "" || tzid == "Local" {
		return nil, fmt.Errorf("TZID %q is not a time zone we know; use Europe/Amsterdam or UTC", tzid)
	}
	return loc, nil
}

// icsTimes reads a date-time property's values (EXDATE may have several,
// separated by commas): UTC with Z, else in its TZID, else (floating time)
// in Amsterdam. dateOnly is true for VALUE=DATE, and the times are then
// midnight in Amsterdam.
func icsTimes(p *ics.IANAProperty) (ts []time.Time, dateOnly bool, err error) {
	loc := meetups.Amsterdam
	if tz := p.ICalParameters["TZID"]; len(tz) > 0 {
		if loc, err = zone(tz[0]); err != nil {
			return nil, false, err
		}
	}
	if v := p.ICalParameters["VALUE"]; len(v) > 0 && strings.EqualFold(v[0], "DATE") {
		dateOnly = true
	}
	for _, v := range strings.Split(p.Value, ",") {
		v = strings.TrimSpace(v)
		var t time.Time
		switch {
		case len(v) == 8:
			t, err = time.ParseInLocation("20060102", v, meetups.Amsterdam)
			dateOnly = true
		case strings.HasSuffix(v, "Z"):
			t, err = time.Parse("20060102T150405Z", v)
		default:
			t, err = time.ParseInLocation("20060102T150405", v, loc)
			if w, _ := time.Parse("20060102T150405", v); err == nil && (w.Hour() != t.Hour() || w.Minute() != t.Minute()) {
				return nil, false, fmt.Errorf("%q does not exist in its time zone: the clocks go forward that night", v)
			}
		}
		if err != nil {
			return nil, false, fmt.Errorf("%q is not a date-time (20260310T140000)", v)
		}
		ts = append(ts, t.In(meetups.Amsterdam))
	}
	if len(ts) == 0 {
		return nil, false, errors.New("no date")
	}
	return ts, dateOnly, nil
}

// schedule reads DTSTART, DTEND or DURATION, RRULE and EXDATE.
func (x event) schedule() meetups.Schedule {
	startProp := x.ev.GetProperty(ics.ComponentPropertyDtStart)
	if startProp == nil {
		x.bad("DTSTART", "an event needs a DTSTART")
		return meetups.Schedule{}
	}
	starts, dateOnly, err := icsTimes(startProp)
	switch {
	case err != nil:
		x.bad("DTSTART", "%v", err)
		return meetups.Schedule{}
	case dateOnly:
		x.bad("DTSTART", "an all-day event has no time; a meetup needs one (DTSTART;TZID=Europe/Amsterdam:20260310T140000)")
		return meetups.Schedule{}
	}
	start := starts[0]
	var end time.Time
	if p := x.ev.GetProperty(ics.ComponentPropertyDtEnd); p != nil {
		ends, dateOnly, err := icsTimes(p)
		switch {
		case err != nil:
			x.bad("DTEND", "%v", err)
			return meetups.Schedule{}
		case dateOnly:
			x.bad("DTEND", "is a date without a time")
			return meetups.Schedule{}
		}
		end = ends[0]
	} else if v := value(x.ev, ics.ComponentPropertyDuration); v != "" {
		d, ok := parseICSDuration(v)
		if !ok {
			x.bad("DURATION", "%q is not a duration (PT1H30M)", v)
			return meetups.Schedule{}
		}
		end = start.Add(d)
	} else {
		x.bad("DTEND", "an event needs a DTEND or a DURATION")
		return meetups.Schedule{}
	}
	switch d := end.Sub(start); {
	case d <= 0:
		x.bad("DTEND", "%s is not after DTSTART %s", end.Format("2006-01-02 15:04"), start.Format("2006-01-02 15:04"))
		return meetups.Schedule{}
	case d > 24*time.Hour:
		x.bad("DTEND", "the event lasts %v; a meetup lasts at most 24 hours", d)
		return meetups.Schedule{}
	}
	for _, unsupported := range []ics.ComponentProperty{ics.ComponentPropertyRdate, ics.ComponentPropertyExrule} {
		if x.ev.GetProperty(unsupported) != nil {
			x.bad(string(unsupported), "is not supported; give extra dates as events of their own")
		}
	}

	rules := x.ev.GetProperties(ics.ComponentPropertyRrule)
	if len(rules) == 0 {
		return meetups.Schedule{Kind: meetups.ScheduleOnce, Start: start, End: end}
	}
	if len(rules) > 1 {
		x.bad("RRULE", "an event may have one RRULE, this one has %d", len(rules))
		return meetups.Schedule{}
	}
	s := meetups.Schedule{Kind: meetups.ScheduleRecurring, Start: start, Duration: end.Sub(start),
		RRule: normalizeRule(rules[0].Value)}
	for _, p := range x.ev.GetProperties(ics.ComponentPropertyExdate) {
		ts, dateOnly, err := icsTimes(p)
		if err != nil {
			x.bad("EXDATE", "%v", err)
			continue
		}
		for _, t := range ts {
			if dateOnly {
				y, m, d := t.Date()
				t = time.Date(y, m, d, start.Hour(), start.Minute(), start.Second(), 0, meetups.Amsterdam)
			}
			if !slices.ContainsFunc(s.ExDates, t.Equal) {
				s.ExDates = append(s.ExDates, t)
			}
		}
	}
	slices.SortFunc(s.ExDates, func(a, b time.Time) int { return a.Compare(b) })
	if err := s.Validate(); err != nil {
		x.bad("RRULE", "%s", reason(err))
	}
	return s
}
