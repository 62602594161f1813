package meetups

import (
	"time"
)

// ScheduleKind says how a meetup repeats.
type ScheduleKind string

// The kinds of schedule.
const (
	ScheduleOnce      ScheduleKind = "once"      // one date: Start to End
	ScheduleRecurring ScheduleKind = "recurring" // an RFC 5545 RRULE from Start, each lasting Duration
	ScheduleOngoing   ScheduleKind = "ongoing"   // no dates: a programme you sign up for (Home-Start)
)

// Schedule is when a meetup happens. Times are wall-clock times in
// Europe/Amsterdam: a weekly meetup at 10:00 stays at 10:00 across the
// change to and from summer time.
type Schedule struct {
	Kind ScheduleKind `json:"kind"`
	// Start is the one-off start, or the recurrence's DTSTART.
	Start time.Time `json:"start,omitzero"`
	// End is the one-off end.
	End time.Time `json:"end,omitzero"`
	// RRule is the recurrence rule without DTSTART, as in RFC 5545
	// ("FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270701T000000Z").
	// Only the parts a meetup needs are valid, from daily to yearly, with
	// the time of day taken from Start; Validate says what is refused.
	RRule string `json:"rrule,omitempty"`
	// Duration is how long each occurrence of a recurring meetup lasts.
	Duration time.Duration `json:"duration,omitempty"`
	// ExDates are cancelled occurrences (their start times; only the date
	// in Europe/Amsterdam counts).
	ExDates []time.Time `json:"exdates,omitempty"`
}

// Occurrence is one time a meetup happens.
type Occurrence struct {
	Start, End time.Time
}

// Pattern is a schedule's repetition in words a parent understands, for
// display ("elke week"); Other covers rules that have no short name.
type Pattern string

// The patterns.
const (
	PatternOnce     Pattern = "once"
	PatternWeekly   Pattern = "weekly"
	PatternBiweekly Pattern = "biweekly"
	PatternMonthly  Pattern = "monthly"
	PatternOther    Pattern = "other"
	PatternOngoing  Pattern = "ongoing"
)

// Slots is a set of parts of the week a meetup falls in, so parents can
// ask for "evenings" or "the weekend" and the database can filter fast.
type Slots uint8

// The slots. Morning is before 12:00, afternoon 12:00–17:00, evening from
// 17:00 (Europe/Amsterdam); weekend is Saturday and Sunday.
const (
	SlotMorning Slots = 1 << iota
	SlotAfternoon
	SlotEvening
	SlotWeekend
)

// Amsterdam is the time zone of every schedule.
var Amsterdam = mustLoadAmsterdam()

func mustLoadAmsterdam() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic("meetups: no time zone data for Europe/Amsterdam (import time/tzdata): " + err.Error())
	}
	return loc
}

// Bounds on schedules, so one odd entry cannot make every search slow.
const (
	// maxDuration is the longest a meetup (one-off or each occurrence)
	// may last: anything longer is a typo or a camp, not a meetup.
	maxDuration = 24 * time.Hour
	// nextYears is how far ahead Next looks: a rule with nothing in the
	// next two years is, for a parent, over.
	nextYears = 2
	// slotsDays and slotsMax bound the occurrences Slots looks at: the
	// near future says when a meetup is, and a daily rule needs no more.
	slotsDays = 90
	slotsMax  = 50
)

// Validate reports what is wrong with a schedule, as an Error with code
// EINVALID. A one-off needs a start and an end at most 24 hours later; a
// recurring schedule needs a Start, a rule that rrule-go understands and
// that gives at least one date (see parseRecurrence for what is refused
// and why), and a Duration of at most 24 hours; an ongoing programme has
// no dates at all.
//
// Validating a recurring schedule may cost tens of milliseconds for a rule
// that can never happen (the library scans to the year 9999 before giving
// up), so it belongs where organisers save, not on the search path.
func (s Schedule) Validate() error {
	switch s.Kind {
	case ScheduleOnce:
		switch {
		case s.Start.IsZero():
			return Errorf(EINVALID, "a one-off meetup needs a start")
		case s.End.IsZero():
			return Errorf(EINVALID, "a one-off meetup needs an end")
		case !s.End.After(s.Start):
			return Errorf(EINVALID, "a one-off meetup must end after it starts (start %s, end %s)", wallClock(s.Start), wallClock(s.End))
		case s.End.Sub(s.Start) > maxDuration:
			return Errorf(EINVALID, "a one-off meetup lasts at most %v, this one %v", maxDuration, s.End.Sub(s.Start))
		case s.RRule != "":
			return Errorf(EINVALID, "a one-off meetup has no rrule (got %q): make it recurring", s.RRule)
		}
	case ScheduleRecurring:
		switch {
		case s.Start.IsZero():
			return Errorf(EINVALID, "a recurring meetup needs a start (the first date and the time of day)")
		case s.RRule == "":
			return Errorf(EINVALID, "a recurring meetup needs an rrule")
		case s.Duration <= 0:
			return Errorf(EINVALID, "a recurring meetup needs a positive duration, got %v", s.Duration)
		case s.Duration > maxDuration:
			return Errorf(EINVALID, "each occurrence lasts at most %v, got %v", maxDuration, s.Duration)
		}
		rec, err := parseRecurrence(s.RRule, s.Start)
		if err != nil {
			return Errorf(EINVALID, "rrule %q: %v", s.RRule, err)
		}
		if !rec.occurs() {
			return Errorf(EINVALID, "rrule %q gives no date on or after the start %s", s.RRule, wallClock(s.Start))
		}
	case ScheduleOngoing:
		switch {
		case !s.Start.IsZero():
			return Errorf(EINVALID, "an ongoing programme has no start (got %s)", wallClock(s.Start))
		case s.RRule != "":
			return Errorf(EINVALID, "an ongoing programme has no rrule (got %q)", s.RRule)
		}
	default:
		return Errorf(EINVALID, "schedule kind %q is not once, recurring or ongoing", s.Kind)
	}
	return nil
}

// Next returns up to n occurrences that end after the moment after, in
// order and in Europe/Amsterdam, so a meetup that has begun but not ended
// still shows (a parent can walk in late). Recurring schedules repeat at
// Start's wall-clock time in Amsterdam, also across summer time, skip the
// dates in ExDates, and are looked at only two years ahead. Ongoing
// schedules, rules that ended and schedules that Validate would refuse
// have none.
func (s Schedule) Next(after time.Time, n int) []Occurrence {
	return s.occurrences(after, after.AddDate(nextYears, 0, 0), n)
}

// occurrences is Next with the horizon as a parameter: occurrences starting
// after horizon are not looked for (a one-off counts as well).
func (s Schedule) occurrences(after, horizon time.Time, n int) []Occurrence {
	if n <= 0 {
		return nil
	}
	switch s.Kind {
	case ScheduleOnce:
		if s.Start.IsZero() || !s.End.After(s.Start) || !s.End.After(after) || s.Start.After(horizon) {
			return nil
		}
		return []Occurrence{{Start: s.Start.In(Amsterdam), End: s.End.In(Amsterdam)}}
	case ScheduleRecurring:
		if s.Duration <= 0 || s.Duration > maxDuration {
			return nil
		}
		rec, err := parseRecurrence(s.RRule, s.Start)
		if err != nil {
			return nil
		}
		return rec.occurrences(after, horizon, s.Duration, s.ExDates, n)
	}
	return nil
}

// Ended reports whether nothing is left of the schedule after now, so it
// can be hidden from parents and its organiser asked for new dates. An
// ongoing programme never ends by itself; a recurring one with no date in
// the next two years counts as ended.
func (s Schedule) Ended(now time.Time) bool {
	if s.Kind == ScheduleOngoing {
		return false
	}
	return len(s.Next(now, 1)) == 0
}

// Pattern names the repetition in words a parent understands, for display
// next to the next date: a weekly rule on at most one weekday is weekly
// (every other week biweekly), a monthly rule that picks one day a month
// (BYDAY=2TU, BYDAY=-1FR, BYMONTHDAY=15, or BYSETPOS with one position) is
// monthly, and everything else — several days a week, every three weeks,
// daily, yearly, rules that do not parse — is other, shown by its dates.
func (s Schedule) Pattern() Pattern {
	switch s.Kind {
	case ScheduleOnce:
		return PatternOnce
	case ScheduleOngoing:
		return PatternOngoing
	case ScheduleRecurring:
		rec, err := parseRecurrence(s.RRule, s.Start)
		if err != nil {
			return PatternOther
		}
		return rec.pattern()
	}
	return PatternOther
}

// Slots are the parts of the week the schedule's occurrences in the 90
// days after now fall in (at most 50 of them), by their start time, so a
// search for "evenings" can filter in the database. It is 0 for ongoing
// programmes and when nothing is left in that window, so the stored value
// needs refreshing as time passes, like the next start.
func (s Schedule) Slots(now time.Time) Slots {
	var slots Slots
	for _, o := range s.occurrences(now, now.AddDate(0, 0, slotsDays), slotsMax) {
		slots |= SlotsOf(o.Start)
	}
	return slots
}

// SlotsOf is the slots of a meetup starting at t, in Europe/Amsterdam: one
// of morning (before 12:00), afternoon (12:00 to 17:00) and evening (from
// 17:00), plus weekend on Saturday and Sunday. A meetup from 11:30 to 13:00
// is a morning one: parents plan around when something starts.
func SlotsOf(t time.Time) Slots {
	t = t.In(Amsterdam)
	var slots Slots
	switch h := t.Hour(); {
	case h < 12:
		slots = SlotMorning
	case h < 17:
		slots = SlotAfternoon
	default:
		slots = SlotEvening
	}
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		slots |= SlotWeekend
	}
	return slots
}

// wallClock formats t for error messages, in Amsterdam where schedules live.
func wallClock(t time.Time) string {
	return t.In(Amsterdam).Format("2006-01-02 15:04 MST")
}
