package dialog

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/calendar"
)

// keep.go is the row under a meetup's card that helps a parent actually
// go: save it, add it to their calendar (an .ics file), or be reminded.
// Each button names the meetup, and the id must be the card or one of the
// results this chat was shown (Search), so forged data never reaches a
// meetup the parent did not see.

// Callback data of the card's row and the questions it asks, each followed
// by the meetup id.
const (
	btnKeepSave       = "r:sv:"
	btnKeepCalendar   = "r:ca:" // a one-off: the file; a series: which dates?
	btnKeepCalNext    = "r:cn:"
	btnKeepCalAll     = "r:cs:"
	btnKeepRemind     = "r:rm:" // when shall I remind you?
	btnKeepRemindEve  = "r:re:"
	btnKeepRemindSoon = "r:rs:"
	btnKeepRemindBoth = "r:rb:"
)

// keepActions are the actions of the card's row and its questions (the
// part of the data between "r:" and the id); true for those that need the
// saved store.
var keepActions = map[string]bool{"sv": true, "ca": false, "cn": false, "cs": false, "rm": true, "re": true, "rs": true, "rb": true}

// keepRow is the card's row of buttons: save and remind when there is a
// store, the calendar when the meetup has dates to come.
func (t *turn) keepRow(m meetups.Meetup) []Button {
	id := strconv.FormatInt(m.ID, 10)
	var row []Button
	if t.e.saved != nil {
		row = append(row, Button{Text: t.T("keep_save"), Data: btnKeepSave + id})
	}
	if _, ok := t.upcoming(m); ok {
		row = append(row, Button{Text: t.T("keep_calendar"), Data: btnKeepCalendar + id})
		if t.e.saved != nil {
			row = append(row, Button{Text: t.T("keep_remind"), Data: btnKeepRemind + id})
		}
	}
	return row
}

// keepButton handles the card's row and its questions; false when the
// data is not one of them or names a meetup this chat was not shown.
func (t *turn) keepButton(data string) bool {
	action, idText, ok := strings.Cut(strings.TrimPrefix(data, btnResults), ":")
	needsStore, known := keepActions[action]
	if !ok || !known || (needsStore && t.e.saved == nil) {
		return false
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	s := t.s.Search
	if err != nil || id <= 0 || (id != s.Card && !containsID(s.Shown, id)) {
		return false
	}
	m, err := t.e.catalogue.Meetup(t.ctx, id)
	if meetups.ErrorCode(err) == meetups.ENOTFOUND {
		t.say("keep_gone") // paused or removed since it was shown
		return true
	}
	if err != nil {
		t.fail(fmt.Errorf("keep %s: %w", action, err))
		return true
	}
	t.keepAction(action, m)
	return true
}

// keepAction runs one of the card's keep actions for m: save, the calendar
// file, a reminder.
func (t *turn) keepAction(action string, m meetups.Meetup) {
	switch action {
	case "sv":
		t.save(m)
	case "ca":
		t.calendarAsk(m)
	case "cn", "cs":
		t.calendarFile(m, action == "cs")
	case "rm":
		t.remindAsk(m)
	case "re":
		t.remind(m, RemindEvening)
	case "rs":
		t.remind(m, RemindSoon)
	case "rb":
		t.remind(m, RemindEvening, RemindSoon)
	}
}

// save keeps m for the parent. The first time it counts as saved (for the
// organiser and the clinic link) and offers the follow-up, once.
func (t *turn) save(m meetups.Meetup) {
	do(t, "save", fmt.Sprint(m.ID), func(ctx context.Context) (bool, error) {
		return t.e.saved.Save(ctx, t.s.ChatID, m, t.e.now())
	}, func(created bool, err error) {
		switch {
		case errors.Is(err, ErrSavedFull):
			t.say("saved_full", map[string]any{"Max": t.counted("count_meetups", MaxSaved)})
		case err != nil:
			t.failed("save", err)
		case !created:
			t.say("saved_already")
		default:
			t.meetupSaved(m.ID)
			t.justSaved(m, t.T("saved_done"))
		}
	})
}

// justSaved says lead, where to find saved meetups, and, when there is a
// date to go to, asks once whether the parent wants the follow-up (off
// unless they say yes).
func (t *turn) justSaved(m meetups.Meetup, lead string) {
	r := Reply{Text: lead + "\n" + t.T("saved_find")}
	if occ, ok := t.upcoming(m); ok {
		id := strconv.FormatInt(m.ID, 10)
		r.Text += "\n\n" + t.T("followup_offer", map[string]any{"Date": t.date(occ.Start.In(meetups.Amsterdam), true)})
		r.Buttons = [][]Button{{
			{Text: t.T("followup_yes"), Data: btnSavedFollowYes + id},
			{Text: t.T("followup_no"), Data: btnSavedFollowNo + id},
		}}
	}
	t.out = append(t.out, r)
}

// calendarWords are the calendar file's few words, in the chat's language.
func (t *turn) calendarWords() calendar.Words {
	return calendar.Words{WalkIn: t.T("cal_walk_in"), SignUp: t.T("cal_sign_up"), Phone: t.T("cal_phone"), Online: t.T("cal_online")}
}

// calendarAsk sends a one-off's file at once and asks for a series
// whether the parent wants the next date or all of them.
func (t *turn) calendarAsk(m meetups.Meetup) {
	occ, ok := t.upcoming(m)
	if !ok {
		t.say("remind_none")
		return
	}
	if m.Schedule.Kind != meetups.ScheduleRecurring {
		t.calendarFile(m, false)
		return
	}
	id := strconv.FormatInt(m.ID, 10)
	t.out = append(t.out, Reply{Text: t.T("cal_ask"), Buttons: [][]Button{
		{{Text: t.T("cal_next", map[string]any{"Date": t.date(occ.Start.In(meetups.Amsterdam), true)}), Data: btnKeepCalNext + id}},
		{{Text: t.T("cal_all"), Data: btnKeepCalAll + id}},
	}})
}

// calendarFile sends m as an .ics document: the next date, or (series)
// every date with its rule and skipped dates. It counts for the organiser.
func (t *turn) calendarFile(m meetups.Meetup, series bool) {
	opts := calendar.Options{Now: t.e.now, Words: t.calendarWords()}
	var (
		data []byte
		err  error
	)
	if series {
		data, err = calendar.Series(m, opts)
	} else if occ, ok := t.upcoming(m); ok {
		data, err = calendar.Event(m, occ, opts)
	} else {
		t.say("remind_none")
		return
	}
	if meetups.ErrorCode(err) == meetups.EINVALID {
		t.say("remind_none") // no dates (any more) to put in a calendar
		return
	}
	if err != nil {
		t.fail(fmt.Errorf("calendar: %w", err))
		return
	}
	t.count(meetups.CountCalendar, m.ID)
	if t.in.Kind == InputButton && (strings.Contains(t.in.Data, ":cn:") || strings.Contains(t.in.Data, ":cs:")) {
		t.edit(Reply{Text: t.T("cal_here")}) // the question is answered
	}
	t.out = append(t.out, Reply{Document: &File{Name: calendar.FileName(m), Data: data, Caption: t.T("cal_caption")}})
}

// reminderChoices are the reminders still to come for occ.
func (t *turn) reminderChoices(occ meetups.Occurrence, whens ...ReminderWhen) []Reminder {
	now := t.e.now()
	var rs []Reminder
	for _, w := range whens {
		if at := ReminderAt(w, occ.Start); at.After(now) {
			rs = append(rs, Reminder{When: w, Start: occ.Start, At: at})
		}
	}
	return rs
}

// remindAsk asks when to remind the parent of m's next date, offering only
// the times still to come.
func (t *turn) remindAsk(m meetups.Meetup) {
	occ, ok := t.upcoming(m)
	if !ok {
		t.say("remind_none")
		return
	}
	rs := t.reminderChoices(occ, RemindEvening, RemindSoon)
	if len(rs) == 0 {
		t.say("remind_too_soon", map[string]any{"When": t.occurrence(occ)})
		return
	}
	id := strconv.FormatInt(m.ID, 10)
	var rows [][]Button
	for _, r := range rs {
		if r.When == RemindEvening {
			rows = append(rows, []Button{{Text: t.T("remind_evening"), Data: btnKeepRemindEve + id}})
		} else {
			rows = append(rows, []Button{{Text: t.T("remind_soon"), Data: btnKeepRemindSoon + id}})
		}
	}
	if len(rs) == 2 {
		rows = append(rows, []Button{{Text: t.T("remind_both"), Data: btnKeepRemindBoth + id}})
	}
	t.out = append(t.out, Reply{Text: t.T("remind_ask", map[string]any{"When": t.occurrence(occ)}), Buttons: rows})
}

// remind schedules the reminders chosen for m's next date and says when
// they come. A reminder saves the meetup too (so /bewaard shows it and
// /vergeet erases it), which counts and offers the follow-up like saving.
func (t *turn) remind(m meetups.Meetup, whens ...ReminderWhen) {
	occ, ok := t.upcoming(m)
	if !ok {
		t.say("remind_none")
		return
	}
	rs := t.reminderChoices(occ, whens...)
	if len(rs) == 0 {
		t.say("remind_too_soon", map[string]any{"When": t.occurrence(occ)})
		return
	}
	do(t, "remind", fmt.Sprint(m.ID), func(ctx context.Context) (bool, error) {
		return t.e.saved.Remind(ctx, t.s.ChatID, m, rs, t.e.now())
	}, func(created bool, err error) {
		if errors.Is(err, ErrSavedFull) {
			t.say("saved_full", map[string]any{"Max": t.counted("count_meetups", MaxSaved)})
			return
		}
		if err != nil {
			t.failed("remind", err)
			return
		}
		var at []string
		for _, r := range rs {
			at = append(at, t.at(r.At))
		}
		t.edit(Reply{Text: t.T("remind_set", map[string]any{"At": strings.Join(at, t.T("and")), "Title": t.title(m)})})
		if created {
			t.meetupSaved(m.ID)
			t.justSaved(m, t.T("saved_too"))
		}
	})
}

// at is a moment as "ma 2 mrt om 19:00", "vandaag om 19:00" or "morgen
// om 08:00".
func (t *turn) at(when time.Time) string {
	w, now := when.In(meetups.Amsterdam), t.e.now().In(meetups.Amsterdam)
	day := t.date(w, true)
	switch {
	case sameDay(w, now):
		day = t.T("today")
	case sameDay(w, now.AddDate(0, 0, 1)):
		day = t.T("tomorrow")
	}
	return t.T("at_time", map[string]any{"Day": day, "Time": w.Format("15:04")})
}
