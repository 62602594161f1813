package meetups

import (
	"context"
	"time"
)

// CountEvent is something parents did with a meetup that its organisers
// may see as a weekly number. Only the number is kept: never who, never
// when within the week, so a count cannot point at a parent.
type CountEvent string

// The events counted.
const (
	CountShown    CountEvent = "shown"    // on a results page a parent saw
	CountOpened   CountEvent = "opened"   // its details card opened by a parent
	CountSaved    CountEvent = "saved"    // saved for later by a parent
	CountCalendar CountEvent = "calendar" // added to a parent's calendar
)

// CountEvents lists every CountEvent, in the order /mijn shows them.
var CountEvents = []CountEvent{CountShown, CountOpened, CountSaved, CountCalendar}

// Valid reports whether e is one of CountEvents.
func (e CountEvent) Valid() bool {
	for _, v := range CountEvents {
		if e == v {
			return true
		}
	}
	return false
}

// Counter adds to the weekly counts. The dialog calls it on the parent's
// path, so implementations must be quick and the caller treats a failure
// as a lost count, never as a failed conversation.
type Counter interface {
	// Count adds one to event, in the week of at (WeekOf), for each
	// distinct meetup in ids: an id twice in one call counts once (one
	// results message shows a meetup once). Ids of meetups that no longer
	// exist are ignored. An unknown event is an Error with EINVALID.
	Count(ctx context.Context, event CountEvent, ids []int64, at time.Time) error
}

// Feeling is a parent's answer to the follow-up "how was it?" the day
// after a meetup they saved: 🙂, 😐 or 🙁. Like the other counts it is kept
// only as a number per meetup and week (the week of the answer), never
// with the chat that answered.
type Feeling string

// The answers.
const (
	FeltGood Feeling = "good"
	FeltOkay Feeling = "okay"
	FeltBad  Feeling = "bad"
)

// Feelings lists every Feeling, in the order the follow-up offers them.
var Feelings = []Feeling{FeltGood, FeltOkay, FeltBad}

// Valid reports whether f is one of Feelings.
func (f Feeling) Valid() bool {
	for _, v := range Feelings {
		if f == v {
			return true
		}
	}
	return false
}

// WeekCounts is one meetup's numbers in one week.
type WeekCounts struct {
	MeetupID int64
	// Week is the Monday, 00:00 Europe/Amsterdam, the week starts on.
	Week                           time.Time
	Shown, Opened, Saved, Calendar int
	// Good, Okay and Bad are the follow-up answers given that week.
	Good, Okay, Bad int
}

// Empty reports whether nothing was counted that week on the parents'
// path (shown, opened, saved, calendar); the follow-up answers, which
// /mijn adds up over the weeks, do not count here.
func (w WeekCounts) Empty() bool {
	return w.Shown == 0 && w.Opened == 0 && w.Saved == 0 && w.Calendar == 0
}

// WeekOf is the start of the ISO week (Monday 00:00, Europe/Amsterdam) that
// t falls in. Weeks follow Dutch time, not UTC, so Sunday 23:30 in
// Amsterdam still belongs to that Sunday's week.
func WeekOf(t time.Time) time.Time {
	d := t.In(Amsterdam)
	sinceMonday := (int(d.Weekday()) + 6) % 7
	// Midnight exists every day in Amsterdam (summer time changes at 2:00).
	return time.Date(d.Year(), d.Month(), d.Day()-sinceMonday, 0, 0, 0, 0, Amsterdam)
}

// LastWeeks is the starts of the n weeks up to and including the week of
// now, newest first.
func LastWeeks(now time.Time, n int) []time.Time {
	weeks := make([]time.Time, 0, max(n, 0))
	w := WeekOf(now)
	for i := 0; i < n; i++ {
		weeks = append(weeks, w.AddDate(0, 0, -7*i))
	}
	return weeks
}
