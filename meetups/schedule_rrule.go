package meetups

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Limits on recurrence rules. rrule-go trusts its input: some rules it
// accepts panic (FREQ=MONTHLY;BYDAY=-6MO, BYEASTER=400) and a rule that
// can never happen (BYMONTH=2;BYMONTHDAY=30) makes it scan to the year
// 9999 before it gives up. So only the parts a meetup needs are accepted,
// within bounds that keep every rule cheap to run.
const (
	// maxCount is the longest series COUNT may give; longer ones use
	// UNTIL. A counted rule is run from its DTSTART (see from), so this
	// also bounds the work of finding its next date.
	maxCount = 1000
	// maxSteps bounds the dates read from the library for one call, as a
	// last guard; the horizon and the limits above stop well before it.
	maxSteps = 2000
)

// maxInterval is the largest INTERVAL per FREQ: a meetup that comes round
// less than once a year is not one a parent can plan for.
var maxInterval = map[rrule.Frequency]int{
	rrule.DAILY:   365,
	rrule.WEEKLY:  52,
	rrule.MONTHLY: 12,
	rrule.YEARLY:  1,
}

// recurrence is a checked RRULE anchored at a schedule's Start.
type recurrence struct {
	// given is the rule as written, without the parts rrule-go derives
	// from DTSTART; Pattern reads it.
	given rrule.ROption
	// opt is the rule ready to run. Dtstart is Start as wall-clock time in
	// Amsterdam, because rrule-go builds every date with time.Date in
	// DTSTART's location: in Amsterdam a 10:00 meetup stays at 10:00 in
	// summer, in UTC it would move to 11:00. The parts the library would
	// take from Dtstart (time of day, weekday, day of the month) are made
	// explicit, so that from can move Dtstart without changing the dates.
	opt rrule.ROption
}

// parseRecurrence parses and checks rule, an RRULE without DTSTART
// ("FREQ=WEEKLY;BYDAY=TU"), starting at start. Names are read in any case
// and a leading "RRULE:" is allowed. It refuses what rrule-go accepts but
// a meetup cannot mean or the library cannot run safely:
//
//   - DTSTART in the rule (Start is the start), and more than one line;
//   - FREQ finer than DAILY, an INTERVAL of 0 or so large that the meetup
//     comes round less than once a year, COUNT outside 1..maxCount;
//   - BYHOUR, BYMINUTE, BYSECOND (the time of day is Start's), BYYEARDAY,
//     BYWEEKNO and BYEASTER (not needed for meetups, and BYEASTER can
//     panic);
//   - a numbered BYDAY (2TU) unless FREQ is MONTHLY, or YEARLY, and beyond
//     ±5 within a month (the library indexes past its tables on -6MO);
//   - BYSETPOS without BYDAY or BYMONTHDAY, BYMONTHDAY that never falls in
//     BYMONTH (the 30th of February), UNTIL before start, and numbers out
//     of range (BYMONTHDAY=32, BYMONTH=13), as rrule-go would refuse them.
//
// An UNTIL without a time (UNTIL=20260701) includes that whole day, as an
// organiser means "until 1 July"; an UNTIL without Z is Amsterdam time.
func parseRecurrence(rule string, start time.Time) (recurrence, error) {
	if start.IsZero() {
		return recurrence{}, errors.New("no start")
	}
	text := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(rule)), "RRULE:")
	if text == "" {
		return recurrence{}, errors.New("empty rule")
	}
	if strings.ContainsAny(text, "\r\n") {
		return recurrence{}, errors.New("more than one line: give only the rule, without DTSTART, EXDATE or RDATE lines")
	}
	var seen []string
	var untilDate, intervalGiven, countGiven bool
	for part := range strings.SplitSeq(text, ";") {
		key, value, ok := strings.Cut(part, "=")
		if !ok || key == "" || value == "" {
			return recurrence{}, fmt.Errorf("part %q is not NAME=VALUE", part)
		}
		switch key {
		case "DTSTART":
			return recurrence{}, errors.New("DTSTART does not belong in the rule: the schedule's start is the first date")
		case "BYHOUR", "BYMINUTE", "BYSECOND":
			return recurrence{}, fmt.Errorf("%s is not supported: the time of day is the start's", key)
		case "BYYEARDAY", "BYWEEKNO", "BYEASTER":
			return recurrence{}, fmt.Errorf("%s is not supported for meetups", key)
		case "FREQ", "WKST", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS":
		case "INTERVAL":
			intervalGiven = true
		case "COUNT":
			countGiven = true
		case "UNTIL":
			untilDate = len(value) == len(rrule.DateFormat)
		default:
			return recurrence{}, fmt.Errorf("unknown part %s", key)
		}
		if slices.Contains(seen, key) {
			return recurrence{}, fmt.Errorf("%s given twice", key)
		}
		seen = append(seen, key)
	}
	opt, err := rrule.StrToROptionInLocation(text, Amsterdam)
	if err != nil {
		return recurrence{}, err
	}

	if opt.Freq > rrule.DAILY {
		return recurrence{}, fmt.Errorf("FREQ=%v repeats more often than daily, which no meetup does", opt.Freq)
	}
	if limit := maxInterval[opt.Freq]; intervalGiven && (opt.Interval < 1 || opt.Interval > limit) {
		return recurrence{}, fmt.Errorf("INTERVAL=%d is not within 1..%d for FREQ=%v", opt.Interval, limit, opt.Freq)
	}
	if countGiven && (opt.Count < 1 || opt.Count > maxCount) {
		return recurrence{}, fmt.Errorf("COUNT=%d is not within 1..%d (use UNTIL for longer series)", opt.Count, maxCount)
	}
	for _, wd := range opt.Byweekday {
		n := wd.N()
		switch {
		case n == 0:
		case opt.Freq != rrule.MONTHLY && opt.Freq != rrule.YEARLY:
			return recurrence{}, fmt.Errorf("BYDAY=%v needs FREQ=MONTHLY (with FREQ=%v the number is ignored)", wd, opt.Freq)
		case (opt.Freq == rrule.MONTHLY || len(opt.Bymonth) > 0) && (n < -5 || n > 5):
			return recurrence{}, fmt.Errorf("BYDAY=%v: a month has at most 5 of each weekday", wd)
		case n < -53 || n > 53:
			return recurrence{}, fmt.Errorf("BYDAY=%v: a year has at most 53 of each weekday", wd)
		}
	}
	if err := inRange("BYMONTHDAY", opt.Bymonthday, 31); err != nil {
		return recurrence{}, err
	}
	if err := inRange("BYSETPOS", opt.Bysetpos, 366); err != nil {
		return recurrence{}, err
	}
	for _, m := range opt.Bymonth {
		if m < 1 || m > 12 {
			return recurrence{}, fmt.Errorf("BYMONTH=%d is not within 1..12", m)
		}
	}
	if len(opt.Bysetpos) > 0 && len(opt.Byweekday) == 0 && len(opt.Bymonthday) == 0 {
		return recurrence{}, errors.New("BYSETPOS needs BYDAY or BYMONTHDAY to pick from")
	}
	if untilDate {
		y, m, d := opt.Until.Date()
		opt.Until = time.Date(y, m, d, 23, 59, 59, 0, Amsterdam)
	}
	opt.Dtstart = start.In(Amsterdam)
	if !opt.Until.IsZero() && opt.Until.Before(opt.Dtstart) {
		return recurrence{}, fmt.Errorf("UNTIL %s is before the start %s", wallClock(opt.Until), wallClock(opt.Dtstart))
	}

	rec := recurrence{given: *opt, opt: *opt}
	rec.opt.Wkst = weekdays[rec.opt.Wkst.Day()] // drop a number given with WKST
	explicitDefaults(&rec.opt)
	if !monthHasDay(rec.opt.Bymonth, rec.opt.Bymonthday) {
		return recurrence{}, fmt.Errorf("BYMONTHDAY=%v never falls in BYMONTH=%v", rec.opt.Bymonthday, rec.opt.Bymonth)
	}
	return rec, nil
}

// inRange checks values that count from the start (1..limit) or, when
// negative, from the end (-limit..-1), as rrule-go's NewRRule would, but
// without building the rule.
func inRange(name string, values []int, limit int) error {
	for _, v := range values {
		if v == 0 || v < -limit || v > limit {
			return fmt.Errorf("%s=%d is not within 1..%d or -%d..-1", name, v, limit, limit)
		}
	}
	return nil
}

// weekdays are rrule-go's weekdays in its order, Monday first.
var weekdays = [7]rrule.Weekday{rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU}

// explicitDefaults sets the parts of o that rrule-go would otherwise take
// from o.Dtstart when it builds the rule (as buildRRule does), so that the
// rule means the same after Dtstart moves.
func explicitDefaults(o *rrule.ROption) {
	d := o.Dtstart
	if len(o.Byweekday) == 0 && len(o.Bymonthday) == 0 {
		switch o.Freq {
		case rrule.YEARLY:
			if len(o.Bymonth) == 0 {
				o.Bymonth = []int{int(d.Month())}
			}
			o.Bymonthday = []int{d.Day()}
		case rrule.MONTHLY:
			o.Bymonthday = []int{d.Day()}
		case rrule.WEEKLY:
			o.Byweekday = []rrule.Weekday{weekdays[(d.Weekday()+6)%7]}
		}
	}
	o.Byhour = []int{d.Hour()}
	o.Byminute = []int{d.Minute()}
	o.Bysecond = []int{d.Second()}
}

// monthHasDay reports whether some month in months (all when empty) has
// some day in days (any when empty); negative days count from the end.
func monthHasDay(months, days []int) bool {
	if len(months) == 0 || len(days) == 0 {
		return true
	}
	for _, m := range months {
		for _, d := range days {
			if length := time.Date(2024, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); d <= length && -d <= length {
				return true
			}
		}
	}
	return false
}

// occurs reports whether the rule gives any date at all. For a rule that
// gives none, rrule-go only stops at the year 9999: tens of milliseconds.
func (rec recurrence) occurs() bool {
	r, err := rrule.NewRRule(rec.opt)
	if err != nil { // not after parseRecurrence's checks
		return false
	}
	_, ok := r.Iterator()()
	return ok
}

// occurrences returns up to n occurrences lasting d that end after after
// and start no later than horizon, leaving out those on the Amsterdam
// dates of exdates.
func (rec recurrence) occurrences(after, horizon time.Time, d time.Duration, exdates []time.Time, n int) []Occurrence {
	r, err := rec.from(after.Add(-d))
	if err != nil {
		return nil
	}
	cancelled := make([]int, len(exdates))
	for i, t := range exdates {
		cancelled[i] = dayNumber(t.In(Amsterdam))
	}
	next := r.Iterator()
	var out []Occurrence
	for range maxSteps {
		start, ok := next()
		if !ok || start.After(horizon) {
			break
		}
		end := start.Add(d)
		if !end.After(after) || containsDay(cancelled, dayNumber(start)) {
			continue
		}
		out = append(out, Occurrence{Start: start, End: end})
		if len(out) == n {
			break
		}
	}
	return out
}

// from builds the rule to run for dates from lb on. rrule-go always starts
// at DTSTART and walks period by period, so a weekly meetup that began
// three years ago would cost 150 steps for every search result. Instead
// DTSTART moves forward by whole periods (INTERVAL weeks, months...) to the
// start of the last period that begins by lb: the dates from there on are
// the same as the original rule's, because the periods line up and
// explicitDefaults fixed what DTSTART implied. A rule with COUNT must count
// from its real start, so it is not moved (COUNT is at most maxCount).
func (rec recurrence) from(lb time.Time) (*rrule.RRule, error) {
	opt := rec.opt
	if opt.Count == 0 {
		if start, ok := rec.periodStart(lb.In(Amsterdam)); ok {
			opt.Dtstart = start
		}
	}
	return rrule.NewRRule(opt)
}

// periodStart is the midnight starting the rule's last period that begins
// by lb, when that is a later period than the one with DTSTART. Periods are
// counted as rrule-go does: a week starts on WKST, a month on the 1st.
func (rec recurrence) periodStart(lb time.Time) (time.Time, bool) {
	start := rec.opt.Dtstart
	if !lb.After(start) {
		return time.Time{}, false
	}
	k := max(rec.opt.Interval, 1)
	switch rec.opt.Freq {
	case rrule.DAILY:
		day0 := dayIndex(start)
		if p := (dayIndex(lb) - day0) / k; p > 0 {
			return midnight(day0 + p*k), true
		}
	case rrule.WEEKLY:
		back := (int(start.Weekday()) + 6 - rec.opt.Wkst.Day() + 7) % 7
		week0 := dayIndex(start) - back
		if p := (dayIndex(lb) - week0) / (7 * k); p > 0 {
			return midnight(week0 + p*7*k), true
		}
	case rrule.MONTHLY:
		months := (lb.Year()-start.Year())*12 + int(lb.Month()-start.Month())
		if p := months / k; p > 0 {
			return time.Date(start.Year(), start.Month()+time.Month(p*k), 1, 0, 0, 0, 0, Amsterdam), true
		}
	case rrule.YEARLY:
		if p := (lb.Year() - start.Year()) / k; p > 0 {
			return time.Date(start.Year()+p*k, time.January, 1, 0, 0, 0, 0, Amsterdam), true
		}
	}
	return time.Time{}, false
}

// dayIndex counts the calendar days from 1970-01-01 to t's date (in t's
// location), so dates can be subtracted without daylight saving getting in
// the way.
func dayIndex(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// midnight is the start of day i (a dayIndex) in Amsterdam.
func midnight(i int) time.Time {
	y, m, d := time.Unix(int64(i)*86400, 0).UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Amsterdam)
}

// dayNumber is t's date as one comparable number, 20261229.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// containsDay reports whether list holds the dayNumber v.
func containsDay(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// pattern names the rule as Schedule.Pattern documents, from the rule as
// written.
func (rec recurrence) pattern() Pattern {
	g := rec.given
	interval := max(g.Interval, 1)
	switch g.Freq {
	case rrule.WEEKLY:
		if len(g.Byweekday) > 1 || len(g.Bymonth) > 0 || len(g.Bymonthday) > 0 || len(g.Bysetpos) > 0 {
			return PatternOther
		}
		switch interval {
		case 1:
			return PatternWeekly
		case 2:
			return PatternBiweekly
		}
	case rrule.MONTHLY:
		if interval != 1 || len(g.Bymonth) > 0 {
			return PatternOther
		}
		oneDay := len(g.Bysetpos) == 1 ||
			len(g.Bysetpos) == 0 && len(g.Byweekday) == 0 && len(g.Bymonthday) <= 1 ||
			len(g.Bysetpos) == 0 && len(g.Byweekday) == 1 && g.Byweekday[0].N() != 0 && len(g.Bymonthday) == 0
		if oneDay {
			return PatternMonthly
		}
	}
	return PatternOther
}
