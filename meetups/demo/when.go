package demo

import (
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// day is a calendar date as days since 1970-01-01, so stepping through
// weeks and months is integer arithmetic, untouched by summer time. It
// becomes a time only at the end, as a wall-clock time in Amsterdam.
type day int

func dateDay(y int, m time.Month, d int) day {
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dayOf(t time.Time) day {
	y, m, d := t.In(meetups.Amsterdam).Date()
	return dateDay(y, m, d)
}

func (d day) date() (int, time.Month, int) { return time.Unix(int64(d)*86400, 0).UTC().Date() }

// weekday: 1970-01-01 was a Thursday.
func (d day) weekday() time.Weekday { return time.Weekday(((int(d)+4)%7 + 7) % 7) }

// at is the wall-clock time h:m on d in Amsterdam.
func (d day) at(h, m int) time.Time {
	y, mo, dd := d.date()
	return time.Date(y, mo, dd, h, m, 0, 0, meetups.Amsterdam)
}

func (d day) onOrBefore(wd time.Weekday) day { return d - day((int(d.weekday())-int(wd)+7)%7) }
func (d day) onOrAfter(wd time.Weekday) day  { return d + day((int(wd)-int(d.weekday())+7)%7) }

// nthWeekday is the nth wd of a month (1–4), or the last one for n = -1.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) day {
	if n > 0 {
		return dateDay(y, m, 1).onOrAfter(wd) + day(7*(n-1))
	}
	return dateDay(y, m+1, 0).onOrBefore(wd) // day 0 is the last day of month m
}

// inChristmasBreak reports whether d falls in the school Christmas holiday,
// when most baby cafés, playgroups and groups take a break.
func inChristmasBreak(d day) bool {
	_, m, dd := d.date()
	return (m == time.December && dd >= 21) || (m == time.January && dd <= 3)
}

// nextSummerBreak is the last day before the summer holiday that is at
// least four weeks after today: "until the summer".
func nextSummerBreak(today day) day {
	y, _, _ := today.date()
	for {
		if d := dateDay(y, time.July, 10); d >= today+28 {
			return d
		}
		y++
	}
}

var byDay = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// untilUTC formats the end of day d (Amsterdam) as an RFC 5545 UNTIL, which
// must be in UTC when DTSTART has a time zone.
func untilUTC(d day) string {
	return d.at(23, 59).Add(59 * time.Second).UTC().Format("20060102T150405Z")
}

// weekly is a rule that repeats on some weekdays every few weeks from
// start: the shape of baby cafés, playgroups and courses.
type weekly struct {
	start day
	days  []time.Weekday // ascending from Monday; start falls on days[0]
	every int            // weeks
	count int            // 0: no COUNT
	until day            // 0: no UNTIL
}

func (w weekly) rrule() string {
	var b strings.Builder
	b.WriteString("FREQ=WEEKLY")
	if w.every > 1 {
		b.WriteString(";INTERVAL=")
		b.WriteString(strconv.Itoa(w.every))
	}
	b.WriteString(";BYDAY=")
	for i, wd := range w.days {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(byDay[wd])
	}
	if w.count > 0 {
		b.WriteString(";COUNT=")
		b.WriteString(strconv.Itoa(w.count))
	}
	if w.until != 0 {
		b.WriteString(";UNTIL=")
		b.WriteString(untilUTC(w.until))
	}
	return b.String()
}

// occurs reports whether the rule (ignoring COUNT) has an occurrence on d.
// Weeks start on Monday, as RFC 5545's default WKST.
func (w weekly) occurs(d day) bool {
	if d < w.start || (w.until != 0 && d > w.until) {
		return false
	}
	weeks := int(d.onOrBefore(time.Monday)-w.start.onOrBefore(time.Monday)) / 7
	if weeks%w.every != 0 {
		return false
	}
	for _, wd := range w.days {
		if d.weekday() == wd {
			return true
		}
	}
	return false
}

// christmas returns the occurrences in the Christmas breaks around today.
func (w weekly) christmas(today day, h, m int) []time.Time {
	var ex []time.Time
	y, _, _ := today.date()
	for _, yy := range []int{y - 1, y} {
		for d := dateDay(yy, time.December, 21); d <= dateDay(yy+1, time.January, 3); d++ {
			if w.occurs(d) {
				ex = append(ex, d.at(h, m))
			}
		}
	}
	return ex
}

// after is the first occurrence on or after d, looking a few months ahead.
func (w weekly) after(d day) (day, bool) {
	for end := d + day(7*w.every*10); d < end; d++ {
		if w.occurs(d) {
			return d, true
		}
	}
	return 0, false
}

// monthly is a rule on the nth weekday of every month ("FREQ=MONTHLY;
// BYDAY=2TU", or -1FR for the last Friday): the shape of peer groups.
type monthly struct {
	start day
	n     int
	wd    time.Weekday
}

func (mo monthly) rrule() string {
	return "FREQ=MONTHLY;BYDAY=" + strconv.Itoa(mo.n) + byDay[mo.wd]
}

// christmas returns the occurrences in the Christmas breaks around today.
func (mo monthly) christmas(today day, h, m int) []time.Time {
	var ex []time.Time
	y, _, _ := today.date()
	for _, yy := range []int{y - 1, y} {
		for _, d := range []day{nthWeekday(yy, time.December, mo.wd, mo.n), nthWeekday(yy+1, time.January, mo.wd, mo.n)} {
			if d >= mo.start && inChristmasBreak(d) {
				ex = append(ex, d.at(h, m))
			}
		}
	}
	return ex
}

// startBefore is the rule's occurrence some months before today, used as
// DTSTART so the first occurrence is the start itself.
func (mo monthly) startBefore(today day, monthsBack int) day {
	y, m, _ := today.date()
	return nthWeekday(y, m-time.Month(monthsBack), mo.wd, mo.n) // time.Date normalises the month
}
