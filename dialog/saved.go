package dialog

import (
	"context"
	"errors"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// saved.go holds what a parent keeps for later: saved meetups, the
// reminders they asked for and the one follow-up after going. The engine
// decides; a SavedStore (db.Saved) keeps the rows and schedules the jobs
// that send reminders and follow-ups at their time. Buttons that name a
// saved meetup are checked against the store with the chat's own id, so a
// forged id can never reach another parent's rows.

// ReminderWhen is when before an occurrence a reminder comes.
type ReminderWhen string

// The reminders a parent can choose.
const (
	RemindEvening ReminderWhen = "evening" // at 19:00 the evening before
	RemindSoon    ReminderWhen = "soon"    // two hours before it starts
)

// Valid reports whether w is one of the reminders.
func (w ReminderWhen) Valid() bool { return w == RemindEvening || w == RemindSoon }

const (
	// reminderEveningHour is the hour of the evening-before reminder, in
	// Amsterdam: after dinner, before the children's bedtime is over.
	reminderEveningHour = 19
	// reminderSoonBefore is how long before the start the other reminder
	// comes: time to get ready and go.
	reminderSoonBefore = 2 * time.Hour
	// followUpHour is the hour the day after a meetup at which the
	// follow-up asks how it was.
	followUpHour = 10
	// followUpLate is how long after a meetup its follow-up may still be
	// asked (a bot that was down, a day postponed); later it is dropped.
	followUpLate = 4 * 24 * time.Hour
)

// ReminderAt is when a reminder w for an occurrence starting at start is
// due, in Amsterdam.
func ReminderAt(w ReminderWhen, start time.Time) time.Time {
	start = start.In(meetups.Amsterdam)
	if w == RemindEvening {
		return time.Date(start.Year(), start.Month(), start.Day()-1, reminderEveningHour, 0, 0, 0, meetups.Amsterdam)
	}
	return start.Add(-reminderSoonBefore)
}

// FollowUpAt is when the follow-up about occ is due: the morning after the
// day it ends, in Amsterdam.
func FollowUpAt(occ meetups.Occurrence) time.Time {
	end := occ.End.In(meetups.Amsterdam)
	return time.Date(end.Year(), end.Month(), end.Day()+1, followUpHour, 0, 0, 0, meetups.Amsterdam)
}

// Reminder is one reminder a parent asked for.
type Reminder struct {
	When ReminderWhen
	// Start is the start of the occurrence it is for, as it was when the
	// parent asked; its date in Amsterdam names the occurrence.
	Start time.Time
	// At is when it is due (ReminderAt).
	At time.Time
}

// FollowUpState is where a saved meetup's follow-up is.
type FollowUpState string

// The follow-up states: off unless the parent said yes when saving.
const (
	FollowUpOff      FollowUpState = "off"
	FollowUpOn       FollowUpState = "on"       // wanted; its job is scheduled
	FollowUpAsked    FollowUpState = "asked"    // the question was sent
	FollowUpAnswered FollowUpState = "answered" // answered; never asked again
)

// SavedMeetup is one meetup a chat saved.
type SavedMeetup struct {
	MeetupID int64
	// Title is the title when it was saved, for a meetup since deleted.
	Title string
	// Meetup is the meetup as it is now, in any status; nil when its
	// organiser deleted it.
	Meetup *meetups.Meetup
	// FollowUp is where its follow-up is.
	FollowUp FollowUpState
	// Reminders are the reminders still to come, soonest first.
	Reminders []Reminder
}

// SavedRetention is how long a saved meetup is kept after it has no dates
// to come (ended, paused, stopped or deleted): the upkeep removes it then,
// and /privacy says so.
const SavedRetention = 30 * 24 * time.Hour

// MaxSaved is how many meetups one chat can keep: /bewaard stays one
// message that fits on a phone.
const MaxSaved = 30

// ErrSavedFull is returned by SavedStore.Save and Remind when the chat
// keeps MaxSaved meetups already.
var ErrSavedFull = errors.New("dialog: the chat keeps the most saved meetups it can")

// SavedStore keeps what parents saved. It is implemented by db.Saved; every
// method is scoped by the chat, so a chat only ever reaches its own rows.
type SavedStore interface {
	// Save keeps m for the chat. created is false when the chat had saved
	// it already (nothing changes then).
	Save(ctx context.Context, chatID int64, m meetups.Meetup, now time.Time) (created bool, err error)
	// Remind saves m (created as for Save) and schedules each reminder in
	// place of m's reminders still to come (a new choice replaces the old);
	// a reminder for the same occurrence and kind that was sent already is
	// not scheduled again, so a second press never sends twice.
	Remind(ctx context.Context, chatID int64, m meetups.Meetup, rs []Reminder, now time.Time) (created bool, err error)
	// FollowUp switches the follow-up of a saved meetup on and schedules
	// it at at, for the occurrence starting at start. It returns false
	// when the chat has not saved the meetup; a follow-up that was on
	// already stays as it was.
	FollowUp(ctx context.Context, chatID, meetupID int64, start, at time.Time) (bool, error)
	// Unsave removes a saved meetup with its pending reminders and
	// follow-up; false when the chat had not saved it.
	Unsave(ctx context.Context, chatID, meetupID int64) (bool, error)
	// SavedMeetups lists the chat's saved meetups, newest first.
	SavedMeetups(ctx context.Context, chatID int64) ([]SavedMeetup, error)
	// Answer records the chat's answer to the follow-up about meetupID: one
	// more f in the meetup's anonymous counts, and the follow-up marked
	// answered. It returns false, counting nothing, unless the chat was
	// asked and has not answered yet.
	Answer(ctx context.Context, chatID, meetupID int64, f meetups.Feeling, now time.Time) (bool, error)
	// StopNotices cancels every reminder and follow-up still to come for
	// the chat and switches follow-ups that were on off (/stop); it
	// returns how many it cancelled. Saved meetups stay.
	StopNotices(ctx context.Context, chatID int64) (int, error)
}

// upcoming is the next occurrence of m that has not started yet: the one
// a reminder, a calendar file or a follow-up is about.
func (t *turn) upcoming(m meetups.Meetup) (meetups.Occurrence, bool) {
	now := t.e.now()
	for _, o := range m.Schedule.Next(now, 2) {
		if o.Start.After(now) {
			return o, true
		}
	}
	return meetups.Occurrence{}, false
}
