// Package calendar makes the .ics file a parent adds to their own calendar
// ("add to calendar" on a meetup): one meetup, either its next date or the
// whole series, as an RFC 5545 VCALENDAR that Google, Apple and Outlook
// calendars import as it is. The catalogue's feed for calendar apps to
// subscribe to is another thing, in meetups/importer.
//
// What the big calendars need and this package therefore always writes:
// CRLF line ends and lines folded at 75 octets between whole characters,
// times as Europe/Amsterdam wall-clock times with the VTIMEZONE that
// defines them, a DTSTART that is itself the first occurrence, UNTIL in
// UTC, EXDATEs at the skipped occurrence's exact time, and a UID that stays
// the same for a meetup so adding it again updates instead of doubling.
package calendar

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/meetups"
)

// MediaType is the media type of the files this package makes, for the
// document the bot sends.
const MediaType = "text/calendar; charset=utf-8"

const (
	prodID    = "-//Ouderkring//NL"
	tzid      = "Europe/Amsterdam"
	localTime = "20060102T150405"
	utcTime   = "20060102T150405Z"
	uidDomain = "@ouderkring"
)

// Options are what a file depends on besides the meetup.
type Options struct {
	// Now is the clock for DTSTAMP (when the file was made); time.Now when
	// nil. Tests fix it so the file is the same every time.
	Now func() time.Time
	// Words are the parent-facing words in the file, in the parent's
	// language.
	Words Words
}

// Words are the few parent-facing words a file holds besides the meetup's
// own text. They come from the dialog's locale files, as every word a
// parent reads does: this package has none of its own, and leaves out
// what is empty, keeping only the data (the link, the phone number).
type Words struct {
	// WalkIn says how to join a walk-in meetup ("Je kunt gewoon
	// binnenlopen.").
	WalkIn string
	// SignUp says that one signs up first; the signup link and phone
	// number follow on lines of their own ("Vooraf aanmelden:").
	SignUp string
	// Phone comes before the signup phone number ("Bellen:").
	Phone string
	// Online is the LOCATION of an online meetup that has neither a link
	// nor a venue ("Online").
	Online string
}

// The errors of this package, each a *meetups.Error with code EINVALID so
// the dialog explains them like any other; compare with errors.Is.
var (
	// ErrOngoing: an ongoing programme (Home-Start) has no dates, so there
	// is nothing to put in a calendar.
	ErrOngoing = &meetups.Error{Code: meetups.EINVALID, Message: "an ongoing programme has no dates to add to a calendar"}
	// ErrNoOccurrence: the time asked for is not one of the meetup's
	// dates (any more): a stale button, or a date since cancelled.
	ErrNoOccurrence = &meetups.Error{Code: meetups.EINVALID, Message: "not an occurrence of the meetup"}
	// ErrNoID: a meetup not yet saved has no id, so no stable UID.
	ErrNoID = &meetups.Error{Code: meetups.EINVALID, Message: "a meetup without an id has no stable UID"}
)

// Event is the file for one occurrence of m, occ as Schedule.Next returns
// it (its Start is what counts): a single event without a rule, whose UID
// names the meetup and the date (meetup-<id>-<yyyymmdd>@ouderkring), so
// the dates of a series can be added one by one. A one-off meetup's only
// occurrence gives the same file as Series.
func Event(m meetups.Meetup, occ meetups.Occurrence, opts Options) ([]byte, error) {
	if err := check(m); err != nil {
		return nil, err
	}
	o, ok := find(m.Schedule, occ.Start)
	if !ok {
		return nil, fmt.Errorf("meetup %d at %s: %w", m.ID, occ.Start.In(meetups.Amsterdam).Format("2006-01-02 15:04"), ErrNoOccurrence)
	}
	if m.Schedule.Kind == meetups.ScheduleOnce {
		return Series(m, opts)
	}
	uid := fmt.Sprintf("meetup-%d-%s%s", m.ID, o.Start.In(meetups.Amsterdam).Format("20060102"), uidDomain)
	return write(m, uid, o, nil, opts)
}

// Series is the file for every date of m: a recurring meetup as one event
// with its RRULE and EXDATEs (UID meetup-<id>@ouderkring), a one-off as its
// one event. The series starts at the rule's first date, also when that is
// in the past, so the file says what the catalogue says.
func Series(m meetups.Meetup, opts Options) ([]byte, error) {
	if err := check(m); err != nil {
		return nil, err
	}
	uid := fmt.Sprintf("meetup-%d%s", m.ID, uidDomain)
	s := m.Schedule
	if s.Kind == meetups.ScheduleOnce {
		return write(m, uid, meetups.Occurrence{Start: s.Start, End: s.End}, nil, opts)
	}
	first, ok := firstOccurrence(s)
	if !ok { // Validate found a date, so not beyond the search below
		return nil, meetups.Errorf(meetups.EINVALID, "meetup %d: no first date found for rrule %q", m.ID, s.RRule)
	}
	rule, err := RRule(s.RRule)
	if err != nil {
		return nil, meetups.Errorf(meetups.EINVALID, "meetup %d: rrule %q: %v", m.ID, s.RRule, err)
	}
	return write(m, uid, first, &recurrence{rule: rule, exdates: ExDates(s.ExDates, first.Start)}, opts)
}

// check refuses what cannot become a file.
func check(m meetups.Meetup) error {
	if m.Schedule.Kind == meetups.ScheduleOngoing {
		return fmt.Errorf("meetup %d: %w", m.ID, ErrOngoing)
	}
	if m.ID <= 0 {
		return ErrNoID
	}
	if err := m.Schedule.Validate(); err != nil {
		return fmt.Errorf("meetup %d: %w", m.ID, err)
	}
	return nil
}

// find is the occurrence of s that starts at start, if there is one (not
// cancelled). Next gives the occurrences still going at start, so the one
// starting then is among the first few.
func find(s meetups.Schedule, start time.Time) (meetups.Occurrence, bool) {
	for _, o := range s.Next(start, 3) {
		if o.Start.Equal(start) {
			return o, true
		}
	}
	return meetups.Occurrence{}, false
}

// firstOccurrence is the first date the rule gives, cancelled or not.
// RFC 5545 counts DTSTART as the first occurrence even when the rule would
// not give it, while the catalogue (rrule-go) only counts the rule's dates:
// a schedule starting on a Monday with "every 2nd Tuesday" would get one
// Monday too in Google's calendar. Starting the series at its first real
// date makes both agree. Next looks two years ahead; a rule whose first
// date is further (29 February) is looked for a few times over.
func firstOccurrence(s meetups.Schedule) (meetups.Occurrence, bool) {
	s.ExDates = nil
	after := s.Start
	for range 5 {
		if next := s.Next(after, 1); len(next) > 0 {
			return next[0], true
		}
		after = after.AddDate(2, 0, 0)
	}
	return meetups.Occurrence{}, false
}

// recurrence is what a series adds to an event.
type recurrence struct {
	rule    string
	exdates []time.Time
}

// write makes the calendar with one event for occ, repeating by rec when
// it is not nil.
func write(m meetups.Meetup, uid string, occ meetups.Occurrence, rec *recurrence, opts Options) ([]byte, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	cal := ics.NewCalendarFor("Ouderkring")
	cal.SetProductId(prodID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.AddVTimezone(amsterdam())

	ev := cal.AddEvent(uid)
	ev.SetDtStampTime(now())
	ev.SetProperty(ics.ComponentPropertyDtStart, wall(occ.Start), ics.WithTZID(tzid))
	ev.SetProperty(ics.ComponentPropertyDtEnd, wall(occ.End), ics.WithTZID(tzid))
	if rec != nil {
		ev.AddRrule(rec.rule)
		for _, t := range rec.exdates {
			ev.AddExdate(wall(t), ics.WithTZID(tzid))
		}
	}
	ev.SetSummary(line(m.Title))
	if where := location(m, opts.Words); where != "" {
		ev.SetLocation(where)
	}
	if about := description(m, opts.Words); about != "" {
		ev.SetDescription(about)
	}
	if m.Point != nil && !m.Online && m.Point.Validate() == nil {
		ev.SetProperty(ics.ComponentPropertyGeo, strconv.FormatFloat(m.Point.Lat, 'f', -1, 64)+";"+
			strconv.FormatFloat(m.Point.Lon, 'f', -1, 64))
	}
	if u := link(m.SignupURL); u != "" {
		ev.SetURL(u)
	} else if u := link(m.OnlineURL); u != "" && m.Online {
		ev.SetURL(u)
	}
	if !m.UpdatedAt.IsZero() {
		ev.SetModifiedAt(m.UpdatedAt)
		ev.SetSequence(sequence(m.UpdatedAt))
	}

	// RFC 5545 lines end in CRLF; fold folds them, not the library.
	var b strings.Builder
	if err := cal.SerializeTo(&b, ics.WithNewLineWindows, ics.WithLineLength(math.MaxInt32)); err != nil {
		return nil, fmt.Errorf("meetup %d: writing calendar: %w", m.ID, err)
	}
	return fold(b.String()), nil
}

// wall is t as a wall-clock time in Amsterdam, for a property with
// TZID=Europe/Amsterdam.
func wall(t time.Time) string { return t.In(meetups.Amsterdam).Format(localTime) }

// sequenceEpoch is where SEQUENCE counts from.
var sequenceEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// sequence is the SEQUENCE for a meetup last changed at updated: the
// minutes since 2025, so it grows with every change (a calendar that
// already holds the UID judges by SEQUENCE whether an imported copy is a
// newer version, RFC 5546) and fits the 32-bit integer clients expect for
// thousands of years.
func sequence(updated time.Time) int {
	return max(0, int(updated.Sub(sequenceEpoch)/time.Minute))
}
