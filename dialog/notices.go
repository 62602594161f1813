package dialog

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// notices.go decides what the bot says on its own when a parent's
// reminder or follow-up is due. The job that runs it (cmd) reads the meetup
// as it is now, asks the engine, and sends what it says; the engine never
// sends or schedules anything itself. The decision is made at the moment
// the job runs, so a meetup changed, paused or cancelled after the parent
// asked is respected.

// NoticePlan is what a due reminder or follow-up does. With Replies, send
// them now; else with Later, nothing now and run again then; else nothing
// at all (dropped). Reason says why, for the counts and the logs: it never
// holds a title, a place or anything the parent typed.
type NoticePlan struct {
	Replies []Reply
	Later   time.Time
	Reason  string
}

// The reasons of a NoticePlan.
const (
	ReasonReminder      = "reminder"       // the reminder is sent
	ReasonFollowUp      = "follow_up"      // the follow-up is sent
	ReasonDateCancelled = "date_cancelled" // that date was cancelled: a short note instead
	ReasonDateChanged   = "date_changed"   // no occurrence that day any more: a short note
	ReasonPaused        = "meetup_paused"  // paused by its organiser
	ReasonGone          = "meetup_gone"    // stopped or deleted
	ReasonMoved         = "moved"          // same day, another time: later
	ReasonNotYet        = "not_yet"        // the follow-up waits for the occurrence that happens
	ReasonTooLate       = "too_late"       // its moment passed (the bot was down)
	ReasonNoDate        = "no_date"        // no date left to follow up
)

// DueReminder is a reminder whose time came, as its job carries it.
type DueReminder struct {
	ChatID, MeetupID int64
	Reminder
	// Title is the title the parent saved, for a meetup deleted since.
	Title string
}

// DueFollowUp is a follow-up whose time came.
type DueFollowUp struct {
	ChatID, MeetupID int64
	// Start is the start of the occurrence it was planned after.
	Start time.Time
	// Title is the title the parent saved.
	Title string
}

// noticeTurn is a turn for a message the bot starts: the chat's language
// from its session, nothing else read or changed.
func (e *Engine) noticeTurn(ctx context.Context, chatID int64) (*turn, error) {
	s, err := e.store.LoadSession(ctx, chatID)
	if err != nil {
		return nil, fmt.Errorf("notice: %w", err)
	}
	t := &turn{e: e, ctx: ctx, s: s}
	t.lang = t.resolveLang()
	return t, nil
}

// dayOf is the Amsterdam date of t at midnight.
func dayOf(t time.Time) time.Time {
	t = t.In(meetups.Amsterdam)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, meetups.Amsterdam)
}

// onDay is m's occurrence on the Amsterdam date of day, if it has one that
// was not cancelled.
func onDay(m meetups.Meetup, day time.Time) (meetups.Occurrence, bool) {
	d := dayOf(day)
	for _, o := range m.Schedule.Next(d, 3) {
		if dayOf(o.Start).Equal(d) {
			return o, true
		}
		if o.Start.After(d.AddDate(0, 0, 1)) {
			break
		}
	}
	return meetups.Occurrence{}, false
}

// cancelledOn reports whether the organiser cancelled m's date day.
func cancelledOn(m meetups.Meetup, day time.Time) bool {
	d := dayOf(day)
	for _, x := range m.Schedule.ExDates {
		if dayOf(x).Equal(d) {
			return true
		}
	}
	return false
}

// ReminderDue decides what a reminder says now that it is due, from m as
// it is now (nil when its organiser deleted it):
//   - the date still happens at the same time: the reminder;
//   - the same day at another time: later, at the reminder's time for the
//     new start (or now, when that has passed and it has not started);
//   - the date was cancelled, changed to another day, the meetup paused,
//     stopped or deleted: a short note that it does not go ahead on that
//     date (with the next date when there is one), because the parent
//     planned to go and should not find a closed door;
//   - the date is over: nothing.
func (e *Engine) ReminderDue(ctx context.Context, r DueReminder, m *meetups.Meetup) (NoticePlan, error) {
	t, err := e.noticeTurn(ctx, r.ChatID)
	if err != nil {
		return NoticePlan{}, err
	}
	now := e.now()
	day := dayOf(r.Start)
	if !now.Before(day.AddDate(0, 0, 1)) {
		return NoticePlan{Reason: ReasonTooLate}, nil
	}
	title := r.Title
	if m != nil {
		title = t.title(*m)
	}
	note := func(reason, id string) NoticePlan {
		text := t.T(id, map[string]any{"Title": title, "Date": t.date(day, true)})
		if m != nil && m.Status == meetups.StatusPublished {
			if next, ok := t.upcoming(*m); ok {
				text += "\n" + t.T("reminder_next", map[string]any{"When": t.when(next, m.Schedule.Pattern())})
			}
		}
		return NoticePlan{Replies: []Reply{{Text: text}}, Reason: reason}
	}
	switch {
	case m == nil || m.Status == meetups.StatusArchived:
		return note(ReasonGone, "reminder_gone"), nil
	case m.Status != meetups.StatusPublished:
		return note(ReasonPaused, "reminder_paused"), nil
	}
	occ, ok := onDay(*m, day)
	switch {
	case !ok && cancelledOn(*m, day):
		return note(ReasonDateCancelled, "reminder_cancelled"), nil
	case !ok:
		return note(ReasonDateChanged, "reminder_changed"), nil
	case !now.Before(occ.Start):
		return NoticePlan{Reason: ReasonTooLate}, nil
	}
	if !occ.Start.Equal(r.Start) {
		if at := ReminderAt(r.When, occ.Start); at.After(now.Add(time.Minute)) {
			return NoticePlan{Later: at, Reason: ReasonMoved}, nil
		}
	}
	place := t.T("result_online")
	if !m.Online {
		place = joinNonEmpty(", ", m.Venue, m.Address, joinNonEmpty(" ", m.Postcode, m.City))
	}
	text := t.T("reminder_text", map[string]any{"Title": title, "When": t.occurrence(occ), "Place": place})
	return NoticePlan{Replies: []Reply{{Text: text}}, Reason: ReasonReminder}, nil
}

// FollowUpDue decides what a follow-up says now that it is due: "how was
// it?" with 🙂 😐 🙁 the day after the first date from the planned one on
// that did happen; later, when that date is still to come (the planned one
// was cancelled or moved); nothing when the meetup is gone or paused, has
// no dates left, or the date is too long ago to ask about.
func (e *Engine) FollowUpDue(ctx context.Context, f DueFollowUp, m *meetups.Meetup) (NoticePlan, error) {
	t, err := e.noticeTurn(ctx, f.ChatID)
	if err != nil {
		return NoticePlan{}, err
	}
	now := e.now()
	if m == nil || m.Status == meetups.StatusArchived {
		return NoticePlan{Reason: ReasonGone}, nil
	}
	occs := m.Schedule.Next(dayOf(f.Start), 1)
	if len(occs) == 0 {
		return NoticePlan{Reason: ReasonNoDate}, nil
	}
	occ := occs[0]
	if at := FollowUpAt(occ); at.After(now.Add(time.Minute)) {
		return NoticePlan{Later: at, Reason: ReasonNotYet}, nil
	}
	switch {
	case now.Sub(occ.End) > followUpLate:
		return NoticePlan{Reason: ReasonTooLate}, nil
	case m.Status != meetups.StatusPublished:
		return NoticePlan{Reason: ReasonPaused}, nil
	}
	id := strconv.FormatInt(m.ID, 10)
	var row []Button
	for _, felt := range meetups.Feelings {
		row = append(row, Button{Text: t.T("followup_" + string(felt)), Data: btnSavedFelt + feltData[felt] + ":" + id})
	}
	text := t.T("followup_ask", map[string]any{"Title": t.title(*m), "Date": t.date(occ.Start.In(meetups.Amsterdam), true)})
	return NoticePlan{Replies: []Reply{{Text: text, Buttons: [][]Button{row}}}, Reason: ReasonFollowUp}, nil
}
