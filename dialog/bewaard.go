package dialog

import (
	"context"
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
		rows[len(rows)-1] = append(rows[len(rows)-1], Button{Text: t.T("saved_remove", map[string]any{"N": i + 1}),
			Data: btnSavedRemove + strconv.FormatInt(sm.MeetupID, 10)})
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
	action, idText, ok := strings.Cut(strings.TrimPrefix(data, btnSaved), ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 {
		return false
	}
	switch action {
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
