package dialog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// bewaard.go is /bewaard (/saved): the parent's saved meetups with their
// next dates, what changed (a cancelled date, a pause, a meetup that is
// gone), the reminders still to come, and a button to remove each; and
// the buttons of the follow-up. Every button names a meetup id that the
// store looks up under this chat's id only.

// Callback data of /bewaard and the follow-up, each (but list) followed by
// the meetup id.
const (
	btnSaved          = "sv:"
	btnSavedList      = "sv:l"
	btnSavedRemove    = "sv:x:"
	btnSavedOpen      = "sv:o:" // a saved meetup's card, with its calendar file, reminder and remove
	btnSavedUndo      = "sv:u:" // save again what was just removed
	btnSavedKeep      = "sv:k:" // + a keep action and ":" and the id: the card's keep buttons, from /bewaard
	btnSavedFollowYes = "sv:fy:"
	btnSavedFollowNo  = "sv:fn:"
	btnSavedFelt      = "sv:f" // + g, o or b, ":" and the id
)

// feltData maps the follow-up's answers to their letter in callback data.
var feltData = map[meetups.Feeling]string{meetups.FeltGood: "g", meetups.FeltOkay: "o", meetups.FeltBad: "b"}

// savedList shows the chat's saved meetups, editing the message a button
// was on when edit is set; note goes above the list.
func (t *turn) savedList(edit bool, note string) {
	if t.e.saved == nil {
		t.show(Reply{Text: t.T("coming_soon"), Buttons: t.backToMenu()}, edit)
		return
	}
	list, err := t.e.saved.SavedMeetups(t.ctx, t.s.ChatID)
	if err != nil {
		t.fail(fmt.Errorf("saved list: %w", err))
		return
	}
	if note != "" {
		note += "\n\n"
	}
	search := []Button{{Text: t.T("menu_find"), Data: btnFind}}
	if len(list) == 0 {
		t.show(Reply{Text: note + t.T("saved_none"), Buttons: [][]Button{search, {{Text: t.T("button_menu"), Data: btnMenu}}}}, edit)
		return
	}
	blocks := []string{note + t.T("saved_title")}
	var rows [][]Button
	for i, sm := range list {
		blocks = append(blocks, t.savedEntry(i+1, sm))
		if i%4 == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], Button{Text: t.T("saved_open_n", map[string]any{"N": i + 1}),
			Data: btnSavedOpen + strconv.FormatInt(sm.MeetupID, 10)})
	}
	blocks = append(blocks, t.T("saved_remove_hint"))
	rows = append(rows, search, []Button{{Text: t.T("button_menu"), Data: btnMenu}})
	t.show(Reply{Text: strings.Join(blocks, "\n\n"), Buttons: rows}, edit)
}

// savedEntry is one saved meetup in the list: what it is, and what is
// next for it, in a few short lines.
func (t *turn) savedEntry(n int, sm SavedMeetup) string {
	m := sm.Meetup
	head := fmt.Sprintf("%d. %s", n, sm.Title)
	if m != nil {
		head = fmt.Sprintf("%d. %s %s", n, kindEmoji[m.Kind], t.title(*m))
	}
	lines := []string{head}
	add := func(id string, data ...any) { lines = append(lines, "   "+t.T(id, data...)) }
	switch {
	case m == nil:
		add("saved_deleted")
	case m.Status == meetups.StatusArchived:
		add("saved_stopped")
	case m.Status != meetups.StatusPublished:
		add("saved_paused")
	case m.Schedule.Kind == meetups.ScheduleOngoing:
		add("card_ongoing")
	default:
		next := m.Schedule.Next(t.e.now(), 1)
		if day, ok := t.cancelledBefore(*m, next); ok {
			add("saved_cancelled", map[string]any{"Date": t.date(day, true)})
		}
		if len(next) == 0 {
			add("saved_ended")
		} else {
			add("card_next", map[string]any{"When": t.when(next[0], m.Schedule.Pattern())})
		}
	}
	for _, r := range sm.Reminders {
		add("saved_reminder", map[string]any{"At": t.at(r.At)})
	}
	if sm.FollowUp == FollowUpOn {
		add("saved_followup")
	}
	return strings.Join(lines, "\n")
}

// cancelledBefore is the first cancelled date of m from today on, before
// its next occurrence (or any, when there is none): the date a parent who
// planned to go should know about.
func (t *turn) cancelledBefore(m meetups.Meetup, next []meetups.Occurrence) (time.Time, bool) {
	today := dayOf(t.e.now())
	var first time.Time
	for _, d := range m.Schedule.ExDates {
		d = dayOf(d)
		if d.Before(today) || (len(next) > 0 && !d.Before(next[0].Start)) {
			continue
		}
		if first.IsZero() || d.Before(first) {
			first = d
		}
	}
	return first, !first.IsZero()
}

// savedButton handles /bewaard's and the follow-up's buttons; false when
// the data is not one, or names a meetup this chat did not save (then the
// chat gets the usual hint, and nothing about anyone else's rows).
func (t *turn) savedButton(data string) bool {
	if t.e.saved == nil {
		return false
	}
	if data == btnSavedList {
		t.savedList(false, "")
		return true
	}
	if rest, ok := strings.CutPrefix(data, btnSavedKeep); ok {
		return t.savedKeep(rest)
	}
	action, idText, ok := strings.Cut(strings.TrimPrefix(data, btnSaved), ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 {
		return false
	}
	switch action {
	case "o":
		return t.savedCard(id)
	case "u":
		return t.savedUndo(id)
	case "x":
		do(t, "unsave", idText, func(ctx context.Context) (bool, error) {
			return t.e.saved.Unsave(ctx, t.s.ChatID, id)
		}, func(removed bool, err error) {
			switch {
			case err != nil:
				t.failed("unsave", err)
			case !removed:
				t.oldButton()
			default:
				t.savedList(true, t.T("saved_removed"))
				// The way back, for a tap that was not meant.
				t.out = append(t.out, Reply{Text: t.T("saved_undo_hint"), Buttons: [][]Button{
					{{Text: t.T("saved_undo"), Data: btnSavedUndo + idText}}}})
			}
		})
	case "fy":
		return t.followUpOn(id)
	case "fn":
		t.edit(Reply{Text: t.T("followup_off")})
	case "fg", "fo", "fb":
		t.answer(id, map[string]meetups.Feeling{"fg": meetups.FeltGood, "fo": meetups.FeltOkay, "fb": meetups.FeltBad}[action])
	default:
		return false
	}
	return true
}

// followUpOn switches on the follow-up of a meetup the chat just saved,
// for its next date; false when the chat has not saved it.
func (t *turn) followUpOn(id int64) bool {
	m, err := t.e.catalogue.Meetup(t.ctx, id)
	if meetups.ErrorCode(err) == meetups.ENOTFOUND {
		t.edit(Reply{Text: t.T("keep_gone")})
		return true
	}
	if err != nil {
		t.fail(fmt.Errorf("follow-up: %w", err))
		return true
	}
	occ, ok := t.upcoming(m)
	if !ok {
		t.edit(Reply{Text: t.T("remind_none")})
		return true
	}
	do(t, "follow_up", fmt.Sprint(id), func(ctx context.Context) (bool, error) {
		return t.e.saved.FollowUp(ctx, t.s.ChatID, id, occ.Start, FollowUpAt(occ))
	}, func(on bool, err error) {
		switch {
		case err != nil:
			t.failed("follow-up", err)
		case !on:
			t.oldButton()
		default:
			t.edit(Reply{Text: t.T("followup_on", map[string]any{"Date": t.date(occ.Start.In(meetups.Amsterdam), true)})})
		}
	})
	return true
}

// answer takes the follow-up's answer: counted once, anonymously, then a
// warm word, a nudge to go again and the way back to the search.
func (t *turn) answer(id int64, f meetups.Feeling) {
	do(t, "answer", fmt.Sprint(id), func(ctx context.Context) (bool, error) {
		return t.e.saved.Answer(ctx, t.s.ChatID, id, f, t.e.now())
	}, func(ok bool, err error) {
		if err != nil {
			t.failed("follow-up answer", err)
			return
		}
		t.answered(id, f, ok)
	})
}

// answered says how the follow-up's answer was taken: ok when it counted,
// false when it was answered before or never asked.
func (t *turn) answered(id int64, f meetups.Feeling, ok bool) {
	buttons := [][]Button{{{Text: t.T("menu_find"), Data: btnFind}}, {{Text: t.T("saved_open"), Data: btnSavedList}}}
	if !ok {
		// Answered already, or never asked: nothing is counted.
		t.edit(Reply{Text: t.T("followup_answered"), Buttons: buttons})
		return
	}
	lines := []string{t.T("followup_thanks_" + string(f))}
	// The answer is counted; the nudge is a courtesy that a slow catalogue
	// must not turn into an apology (the next tap would find it answered).
	m, err := t.e.catalogue.Meetup(t.ctx, id)
	if err != nil && meetups.ErrorCode(err) != meetups.ENOTFOUND {
		slog.Warn("follow-up: next date unavailable", "err", err)
	}
	if err == nil && f != meetups.FeltBad {
		if occ, ok := t.upcoming(m); ok {
			lines = append(lines, t.T("followup_again", map[string]any{"When": t.when(occ, m.Schedule.Pattern())}))
		}
	}
	lines = append(lines, t.T("followup_more"))
	t.edit(Reply{Text: strings.Join(lines, "\n\n"), Buttons: buttons})
}

// savedOf is the chat's saved meetup id as it is now; ok false when the
// chat has not saved it (a forged or old button) or it is gone.
func (t *turn) savedOf(id int64) (SavedMeetup, bool) {
	list, err := t.e.saved.SavedMeetups(t.ctx, t.s.ChatID)
	if err != nil {
		t.fail(fmt.Errorf("saved meetup: %w", err))
		return SavedMeetup{}, false
	}
	for _, sm := range list {
		if sm.MeetupID == id {
			return sm, true
		}
	}
	return SavedMeetup{}, false
}

// savedCard opens a saved meetup: its card, and what can be done with it
// from here — the calendar file, a reminder, remove it — and the way back
// to the list.
func (t *turn) savedCard(id int64) bool {
	sm, ok := t.savedOf(id)
	if t.err != nil {
		return true
	}
	if !ok {
		return false
	}
	ids := strconv.FormatInt(id, 10)
	var rows [][]Button
	text := t.savedEntry(1, sm)
	if m := sm.Meetup; m != nil && m.Status == meetups.StatusPublished {
		text = t.card(*m)
		if _, ok := t.upcoming(*m); ok {
			rows = append(rows, []Button{{Text: t.T("keep_calendar"), Data: btnSavedKeep + "ca:" + ids},
				{Text: t.T("keep_remind"), Data: btnSavedKeep + "rm:" + ids}})
		}
	}
	rows = append(rows, []Button{{Text: t.T("saved_remove_one"), Data: btnSavedRemove + ids}},
		[]Button{{Text: t.T("saved_back"), Data: btnSavedList}})
	t.edit(Reply{Text: text, Buttons: rows})
	return true
}

// savedKeep runs a keep action (calendar, reminder) of a saved meetup's
// card; the questions it asks come back here (their buttons say sv:k:).
func (t *turn) savedKeep(rest string) bool {
	action, idText, ok := strings.Cut(rest, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 || action == "sv" {
		return false
	}
	if _, known := keepActions[action]; !known {
		return false
	}
	sm, saved := t.savedOf(id)
	if t.err != nil {
		return true
	}
	if !saved || sm.Meetup == nil || sm.Meetup.Status != meetups.StatusPublished {
		return false
	}
	from := len(t.out)
	t.keepAction(action, *sm.Meetup)
	// The questions' buttons lead back to /bewaard, not to results the
	// chat may not have open.
	for i := from; i < len(t.out); i++ {
		for _, row := range t.out[i].Buttons {
			for j := range row {
				if rest, ok := strings.CutPrefix(row[j].Data, btnResults); ok {
					row[j].Data = btnSavedKeep + rest
				}
			}
		}
	}
	return true
}

// savedUndo saves again the meetup just removed (the undo under "removed").
func (t *turn) savedUndo(id int64) bool {
	m, err := t.e.catalogue.Meetup(t.ctx, id)
	if meetups.ErrorCode(err) == meetups.ENOTFOUND {
		t.edit(Reply{Text: t.T("keep_gone")})
		return true
	}
	if err != nil {
		t.fail(fmt.Errorf("undo remove: %w", err))
		return true
	}
	do(t, "save", fmt.Sprint(m.ID), func(ctx context.Context) (bool, error) {
		return t.e.saved.Save(ctx, t.s.ChatID, m, t.e.now())
	}, func(_ bool, err error) {
		switch {
		case errors.Is(err, ErrSavedFull):
			t.say("saved_full", map[string]any{"Max": t.counted("count_meetups", MaxSaved)})
		case err != nil:
			t.failed("undo remove", err)
		default:
			t.edit(Reply{Text: t.T("saved_undone", map[string]any{"Title": t.title(m)})})
		}
	})
	return true
}
