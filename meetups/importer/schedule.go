package importer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// The values of the schedule column. weekly, biweekly and monthly are
// shorthands for the RRULEs keywordRule writes, so a spreadsheet needs no
// RFC 5545; rrule takes any rule the catalogue accepts.
const (
	schedOnce     = "once"
	schedWeekly   = "weekly"
	schedBiweekly = "biweekly"
	schedMonthly  = "monthly"
	schedRRule    = "rrule"
	schedOngoing  = "ongoing"
)

var scheduleAliases = map[string]string{
	"eenmalig": schedOnce, "wekelijks": schedWeekly, "tweewekelijks": schedBiweekly, "om_de_week": schedBiweekly,
	"maandelijks": schedMonthly, "doorlopend": schedOngoing, "recurring": schedRRule,
}

const scheduleHelp = "write once, weekly, biweekly, monthly, rrule or ongoing"

var byDay = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// keywordRule is the RRULE a shorthand stands for, from the first date:
// weekly and biweekly on its weekday; monthly on the same weekday of the
// month (a start on the 2nd Tuesday repeats on every 2nd Tuesday; one in
// the 5th week on the last Tuesday, since not every month has a 5th).
func keywordRule(kind string, start time.Time) string {
	start = start.In(meetups.Amsterdam)
	wd := byDay[start.Weekday()]
	switch kind {
	case schedWeekly:
		return "FREQ=WEEKLY;BYDAY=" + wd
	case schedBiweekly:
		return "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + wd
	case schedMonthly:
		n := (start.Day()-1)/7 + 1
		if n == 5 {
			n = -1
		}
		return fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s", n, wd)
	}
	return ""
}

// untilUTC is the end of a date in Amsterdam as an RFC 5545 UNTIL, which
// must be in UTC when DTSTART has a time zone: "until 1 July" includes
// the 1st.
func untilUTC(y int, m time.Month, d int) string {
	return time.Date(y, m, d, 23, 59, 59, 0, meetups.Amsterdam).UTC().Format("20060102T150405Z")
}

// normalizeRule is a rule as stored: upper case, without "RRULE:".
func normalizeRule(s string) string {
	return strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "RRULE:")
}

// schedule reads the columns schedule, start, end, duration, rrule, until
// and exdates.
func (r row) schedule() meetups.Schedule {
	kind := columnKey(r.get(colSchedule))
	if a, ok := scheduleAliases[kind]; ok {
		kind = a
	}
	switch kind {
	case schedOngoing:
		for _, c := range []string{colStart, colEnd, colDuration, colRRule, colUntil, colExDates} {
			if r.get(c) != "" {
				r.bad(c, "an ongoing programme has no dates: leave %s empty", c)
			}
		}
		return meetups.Schedule{Kind: meetups.ScheduleOngoing}
	case schedOnce, schedWeekly, schedBiweekly, schedMonthly, schedRRule:
	case "":
		r.bad(colSchedule, "a schedule is needed: %s", scheduleHelp)
		return meetups.Schedule{}
	default:
		r.bad(colSchedule, "%q is not a schedule: %s", r.get(colSchedule), scheduleHelp)
		return meetups.Schedule{}
	}

	start, ok := r.start()
	if !ok {
		return meetups.Schedule{}
	}
	length, ok := r.length(start)
	if kind == schedOnce {
		for _, c := range []string{colRRule, colUntil, colExDates} {
			if r.get(c) != "" {
				r.bad(c, "a one-off meetup has no %s (make the schedule weekly, biweekly, monthly or rrule)", c)
			}
		}
		return meetups.Schedule{Kind: meetups.ScheduleOnce, Start: start, End: start.Add(length)}
	}

	s := meetups.Schedule{Kind: meetups.ScheduleRecurring, Start: start, Duration: length}
	blame := colRRule
	if kind == schedRRule {
		s.RRule = normalizeRule(r.get(colRRule))
		if s.RRule == "" {
			r.bad(colRRule, "schedule rrule needs a rule, e.g. FREQ=MONTHLY;BYDAY=2TU")
			ok = false
		}
		if r.get(colUntil) != "" {
			r.bad(colUntil, "with schedule rrule, put UNTIL in the rule and leave until empty")
			ok = false
		}
	} else {
		if r.get(colRRule) != "" {
			r.bad(colRRule, "leave rrule empty for schedule %s, or write schedule rrule", kind)
			ok = false
		}
		s.RRule, blame = keywordRule(kind, start), colStart
		if u := r.get(colUntil); u != "" {
			blame = colUntil
			y, m, d, err := parseDate(u)
			switch {
			case err != nil:
				r.bad(colUntil, "%v", err)
				ok = false
			case time.Date(y, m, d, 23, 59, 59, 0, meetups.Amsterdam).Before(start):
				r.bad(colUntil, "%s is before the start %s", u, start.Format("2006-01-02"))
				ok = false
			default:
				s.RRule += ";UNTIL=" + untilUTC(y, m, d)
			}
		}
	}
	s.ExDates = r.exdates(start)
	if ok {
		if err := s.Validate(); err != nil {
			r.bad(blame, "%s", reason(err))
		}
	}
	return s
}

// start reads the start column.
func (r row) start() (time.Time, bool) {
	v := r.get(colStart)
	if v == "" {
		r.bad(colStart, "a start is needed (write YYYY-MM-DD HH:MM, e.g. 2026-03-10 14:00)")
		return time.Time{}, false
	}
	t, err := parseDateTime(v)
	if err != nil {
		r.bad(colStart, "%v", err)
		return time.Time{}, false
	}
	return t, true
}

// length reads end (a time on the start's day, or a date and time) or
// duration; when both are given they must agree.
func (r row) length(start time.Time) (time.Duration, bool) {
	end, dur := r.get(colEnd), r.get(colDuration)
	if end == "" && dur == "" {
		r.bad(colEnd, "an end (HH:MM) or a duration (1:30) is needed")
		return 0, false
	}
	var d time.Duration
	if end != "" {
		var t time.Time
		if h, m, ok := parseClock(end); ok {
			y, mo, dd := start.Date()
			t = time.Date(y, mo, dd, h, m, 0, 0, meetups.Amsterdam)
		} else {
			var err error
			if t, err = parseDateTime(end); err != nil {
				r.bad(colEnd, "%q is not a time (write HH:MM, or YYYY-MM-DD HH:MM)", end)
				return 0, false
			}
		}
		d = t.Sub(start)
		switch {
		case d <= 0:
			r.bad(colEnd, "%s is not after the start %s", end, start.Format("2006-01-02 15:04"))
			return 0, false
		case d > 24*time.Hour:
			r.bad(colEnd, "%s is more than 24 hours after the start; a meetup lasts at most a day", end)
			return 0, false
		}
	}
	if dur != "" {
		dd, err := parseDuration(dur)
		switch {
		case err != nil:
			r.bad(colDuration, "%v", err)
			return 0, false
		case end != "" && dd != d:
			r.bad(colDuration, "%s does not match the end %s; give only one of the two", dur, end)
			return 0, false
		}
		d = dd
	}
	return d, true
}

// exdates reads the cancelled dates, each at the start's time of day.
func (r row) exdates(start time.Time) []time.Time {
	var out []time.Time
	for _, v := range splitList(r.get(colExDates)) {
		y, m, d, err := parseDate(v)
		if err != nil {
			r.bad(colExDates, "%v", err)
			continue
		}
		t := time.Date(y, m, d, start.Hour(), start.Minute(), start.Second(), 0, meetups.Amsterdam)
		if !slices.ContainsFunc(out, t.Equal) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// reason is the message of a meetups.Error without its code, for a report.
func reason(err error) string {
	var e *meetups.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
