package dialog

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// orgparse.go reads what organisers type: dates, times, amounts, links and
// phone numbers, the way people in the Netherlands write them.

var (
	dateRe  = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	timesRe = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})\s*(?:-|–|tot|to|until)\s*(\d{1,2})[:.](\d{2})$`)
	costRe  = regexp.MustCompile(`^(?:€\s*)?(\d{1,4})(?:[.,](\d{1,2}))?(?:\s*(?:euro|eur|€))?$`)
	phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{7,18}[0-9]$`)
)

// parseDate reads 12-12-2026, 12/12/2026, 12.12.2026 or 2026-12-12 as a
// day in Europe/Amsterdam.
func parseDate(s string) (time.Time, bool) {
	m := dateRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false
	}
	var d, mo, y int
	if m[1] != "" {
		d, mo, y = atoi(m[1]), atoi(m[2]), atoi(m[3])
	} else {
		y, mo, d = atoi(m[4]), atoi(m[5]), atoi(m[6])
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, meetups.Amsterdam)
	if t.Day() != d || int(t.Month()) != mo || y < 2000 || y > 2100 {
		return time.Time{}, false // 31-02 and friends
	}
	return t, true
}

// parseTimes reads "10:00-11:30", "10.00 - 11.30" or "10:00 tot 11:30" as
// minutes after midnight; the end must come after the start.
func parseTimes(s string) (start, end int, ok bool) {
	m := timesRe.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return 0, 0, false
	}
	h1, m1, h2, m2 := atoi(m[1]), atoi(m[2]), atoi(m[3]), atoi(m[4])
	if h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 {
		return 0, 0, false
	}
	start, end = h1*60+m1, h2*60+m2
	return start, end, end > start
}

// parseOnce reads "12-12-2026 10:00-11:30".
func parseOnce(s string) (meetups.Schedule, bool) {
	f := strings.Fields(s)
	if len(f) < 2 {
		return meetups.Schedule{}, false
	}
	day, ok := parseDate(f[0])
	if !ok {
		return meetups.Schedule{}, false
	}
	start, end, ok := parseTimes(strings.Join(f[1:], " "))
	if !ok || !existsAt(day, start) || !existsAt(day, end) {
		return meetups.Schedule{}, false // 2:30 when the clocks go forward is no time
	}
	return meetups.Schedule{Kind: meetups.ScheduleOnce, Start: atMinute(day, start), End: atMinute(day, end)}, true
}

func atMinute(day time.Time, min int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), min/60, min%60, 0, 0, meetups.Amsterdam)
}

// parseCost reads "2,50", "€ 3", "3 euro" as cents.
func parseCost(s string) (int, bool) {
	m := costRe.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return 0, false
	}
	cents := atoi(m[1]) * 100
	if m[2] != "" {
		frac := m[2]
		if len(frac) == 1 {
			frac += "0"
		}
		cents += atoi(frac)
	}
	return cents, true
}

// parseLink accepts an https link with a real-looking host.
func parseLink(s string) (string, bool) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || !strings.Contains(u.Host, ".") || strings.ContainsAny(s, " \n") {
		return "", false
	}
	return s, true
}

// parsePhone accepts a Dutch or international phone number.
func parsePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	return s, phoneRe.MatchString(s)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// rruleDays are RFC 5545's weekday names, Monday first (1 = MO).
var rruleDays = []string{"", "MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// recurring builds the schedule of a meetup that repeats: weekly or every
// other week on weekday (1 = Monday), or monthly on the nth (-1: last)
// weekday; from now on, start to end minutes after midnight.
//
// ok is false when weekday is not 1 (Monday) to 7 (Sunday): the draft has
// no day yet, and looking for the coming such weekday would never end.
func recurring(repeat string, nth, weekday, start, end int, now time.Time) (s meetups.Schedule, ok bool) {
	if weekday < 1 || weekday > 7 {
		return s, false
	}
	day := now.In(meetups.Amsterdam)
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, meetups.Amsterdam)
	rule := "FREQ=WEEKLY;BYDAY=" + rruleDays[weekday]
	switch repeat {
	case "biweekly":
		rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + rruleDays[weekday]
	case "monthly":
		rule = fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s", nth, rruleDays[weekday])
	}
	if repeat != "monthly" {
		// Start on the coming such weekday, so "every other week" counts
		// from the first one parents can go to.
		for isoWeekday(day) != weekday || atMinute(day, start).Before(now) {
			day = day.AddDate(0, 0, 1)
		}
	}
	return meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: rule, Start: atMinute(day, start),
		Duration: time.Duration(end-start) * time.Minute}, true
}

func isoWeekday(t time.Time) int {
	if t.Weekday() == time.Sunday {
		return 7
	}
	return int(t.Weekday())
}

// withUntil ends a rule after the given day (inclusive), in place of an
// end it had (an organiser who went back and typed another).
func withUntil(s meetups.Schedule, day time.Time) meetups.Schedule {
	end := time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, meetups.Amsterdam).UTC()
	s = withoutUntil(s)
	s.RRule += ";UNTIL=" + end.Format("20060102T150405Z")
	return s
}

// withoutUntil is the rule without an end: "no end date".
func withoutUntil(s meetups.Schedule) meetups.Schedule {
	var keep []string
	for _, part := range strings.Split(s.RRule, ";") {
		if !strings.HasPrefix(part, "UNTIL=") {
			keep = append(keep, part)
		}
	}
	s.RRule = strings.Join(keep, ";")
	return s
}

// existsAt reports whether min minutes after midnight is a time on day in
// Amsterdam (not in the hour the clocks skip in spring).
func existsAt(day time.Time, min int) bool {
	t := atMinute(day, min)
	return t.Hour() == min/60 && t.Minute() == min%60
}

// An age range as organisers type it: "6 maanden tot 2 jaar", "0-4 jaar",
// "2 t/m 4 jaar", "vanaf 12 jaar", "tot 18 maanden", "6 months to 3 years".
var (
	ageUnit    = `(maanden|maand|mnd\.?|months?|mths?|mo|m|jaren|jaar|jr\.?|j|years?|yrs?|y)?`
	ageUpTo    = `(tot en met|t/m|tm|tot|to|until|through|up to|-|–)`
	ageRangeRe = regexp.MustCompile(`(\d{1,3})\s*` + ageUnit + `\s*` + ageUpTo + `\s*(\d{1,3})\s*` + ageUnit + `(?:\s|$|\.|,|\)|!)`)
	ageFromRe  = regexp.MustCompile(`(?:vanaf|from|ouder dan|older than|over)\s*(\d{1,3})\s*` + ageUnit + `(?:\s|$|\.|,|\)|!)|(\d{1,3})\s*` + ageUnit + `\s*\+`)
	ageUnderRe = regexp.MustCompile(`(?:^|\s)(tot en met|t/m|tot|onder|jonger dan|under|younger than|up to)\s*(\d{1,3})\s*` + ageUnit + `(?:\s|$|\.|,|\)|!)`)
)

// Why a typed age range was not taken.
const (
	ageNotARange = "none"  // no range in it: the buttons, or an example
	ageNoUnit    = "unit"  // "2 tot 4": months or years?
	ageOutside   = "range" // backwards, or beyond 18 years
)

// parseAgeRange reads a typed age range into months, inclusive: "tot" and
// "-" end before the last number ("0 tot 4 jaar" is 0–47 months, like the
// bands), "t/m" includes it ("2 t/m 4 jaar" is 24–59). A number without
// its own unit takes the other's; with no unit at all, why is ageNoUnit.
func parseAgeRange(s string) (lo, hi int, why string) {
	s = " " + strings.ToLower(strings.TrimSpace(s)) + " "
	months := func(n, unit string) (int, bool) {
		v := atoi(n)
		switch {
		case unit == "":
			return v, false
		case strings.HasPrefix(unit, "m"):
			return v, true
		}
		return v * 12, true
	}
	inclusive := func(upto string) bool {
		return upto == "t/m" || upto == "tm" || upto == "tot en met" || upto == "through"
	}
	switch m := ageRangeRe.FindStringSubmatch(s); {
	case m != nil:
		u1, u2 := m[2], m[5]
		if u1 == "" {
			u1 = u2
		}
		if u2 == "" {
			u2 = u1
		}
		if u1 == "" {
			return 0, 0, ageNoUnit
		}
		lo, _ = months(m[1], u1)
		hi, _ = months(m[4], u2)
		step := 1 // "tot": until the birthday
		if !strings.HasPrefix(u2, "m") {
			step = 12
		}
		if inclusive(m[3]) {
			hi += step - 1
		} else {
			hi--
		}
	default:
		if m := ageFromRe.FindStringSubmatch(s); m != nil {
			n, unit := m[1], m[2]
			if n == "" {
				n, unit = m[3], m[4]
			}
			if unit == "" && m[3] == "" {
				return 0, 0, ageNoUnit
			}
			if unit == "" {
				unit = "jaar" // "12+" is years
			}
			lo, _ = months(n, unit)
			hi = meetups.MaxAgeMonths
		} else if m := ageUnderRe.FindStringSubmatch(s); m != nil {
			if m[3] == "" {
				return 0, 0, ageNoUnit
			}
			hi, _ = months(m[2], m[3])
			step := 1
			if !strings.HasPrefix(m[3], "m") {
				step = 12
			}
			if inclusive(m[1]) {
				hi += step - 1
			} else {
				hi--
			}
		} else {
			return 0, 0, ageNotARange
		}
	}
	if hi > meetups.MaxAgeMonths && hi < meetups.MaxAgeMonths+12 && lo < meetups.MaxAgeMonths {
		hi = meetups.MaxAgeMonths // "t/m 18 jaar": the catalogue ends at 18
	}
	if lo < 0 || hi < lo || hi > meetups.MaxAgeMonths {
		return 0, 0, ageOutside
	}
	return lo, hi, ""
}
