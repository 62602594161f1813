package dialog_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// savedBundle is the search fixture with a saved store, a counter and a
// clock the test can move.
type savedBundle struct {
	findBundle
	saved   *dialogtest.Saved
	counter *fakeCounter
	clock   *time.Time
}

// The fixture's meetups these tests use.
const (
	wieg     = 1 // Babycafé De Wieg, every Tuesday 10:00–11:30
	peuters  = 2 // Peutergroep Kleine Stapjes, every Wednesday 9:30
	avond    = 4 // Ouderavond: slapen, once, Tuesday 1 December 19:30
	homeFree = 5 // Home-Start, ongoing
)

func setupSaved(t *testing.T) savedBundle {
	t.Helper()
	cat := &dialogtest.Catalogue{Meetups: fixture()}
	saved := &dialogtest.Saved{Catalogue: cat}
	counter := &fakeCounter{}
	clock := testNow
	store := dialogtest.NewMemStore()
	e, err := dialog.New(store, dialog.Options{Now: func() time.Time { return clock }, Catalogue: cat,
		Geocoder: &dialogtest.Geocoder{}, Counter: counter, Saved: saved})
	if err != nil {
		t.Fatal(err)
	}
	return savedBundle{findBundle: findBundle{testBundle{e: e, store: store}, cat, nil}, saved: saved, counter: counter, clock: &clock}
}

// card searches and opens the card of meetup id.
func (b savedBundle) card(t *testing.T, id int64) dialog.Reply {
	t.Helper()
	b.do(t, loc(utrecht))
	b.answer(t, "any", "any", "any")
	b.page(t, id)
	return b.do(t, press(fmt.Sprintf("r:d:%d", id)))[0]
}

// page goes back to the first page of results and pages on until
// meetup id is shown.
func (b savedBundle) page(t *testing.T, id int64) {
	t.Helper()
	if b.session(t).Search.Card != 0 {
		b.do(t, press("r:back"))
	}
	for b.session(t).Search.Page > 0 {
		b.do(t, press("r:prev"))
	}
	for range 5 {
		if slices.Contains(b.session(t).Search.Shown, id) {
			return
		}
		b.do(t, press("r:more"))
	}
	t.Fatalf("meetup %d is not in the results", id)
}

// counted is how often event was counted for id.
func (b savedBundle) counted(event meetups.CountEvent, id int64) int {
	n := 0
	for _, c := range b.counter.Calls() {
		if c.event == event && slices.Contains(c.ids, id) {
			n++
		}
	}
	return n
}

func (b savedBundle) list(t *testing.T) []dialog.SavedMeetup {
	t.Helper()
	l, err := b.saved.SavedMeetups(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestCardKeepRow(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	if got := buttonData(b.card(t, wieg)); !slices.Equal(got[:3], []string{"r:sv:1", "r:ca:1", "r:rm:1"}) {
		t.Errorf("a weekly café's card: got=%v, want save, calendar, remind first", got)
	}
	// An ongoing programme has no dates: only save.
	if got := buttonData(b.do(t, press("r:d:5"))[0]); got[0] != "r:sv:5" || slices.Contains(got, "r:ca:5") || slices.Contains(got, "r:rm:5") {
		t.Errorf("an ongoing programme's card: got=%v", got)
	}

	// Without a store there is only the calendar.
	f := setupFind(t, fixture())
	f.do(t, loc(utrecht))
	f.answer(t, "any", "any", "any")
	if got := buttonData(f.do(t, press("r:d:1"))[0]); got[0] != "r:ca:1" || slices.Contains(got, "r:sv:1") {
		t.Errorf("no store: got=%v", got)
	}
}

func TestSave(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	b.card(t, wieg)
	r := b.do(t, press("r:sv:1"))
	if len(r) != 1 || !strings.HasPrefix(r[0].Text, b.e.Text("nl", "saved_done")) || r[0].EditMessageID != 0 {
		t.Fatalf("save: got=%+v, want a new message saying saved", r)
	}
	if got := buttonData(r[0]); !slices.Equal(got, []string{"sv:fy:1", "sv:fn:1"}) {
		t.Errorf("follow-up offer: got=%v", got)
	}
	if !strings.Contains(r[0].Text, "di 24 nov") {
		t.Errorf("the offer names the date it is about: %q", r[0].Text)
	}
	if l := b.list(t); len(l) != 1 || l[0].MeetupID != wieg || l[0].FollowUp != dialog.FollowUpOff {
		t.Fatalf("saved: got=%+v, want the café with the follow-up off", l)
	}
	if n := b.counted(meetups.CountSaved, wieg); n != 1 {
		t.Errorf("saved counted %d times, want 1", n)
	}

	// Again: nothing new, nothing counted.
	r = b.do(t, press("r:sv:1"))
	if r[0].Text != b.e.Text("nl", "saved_already") || b.counted(meetups.CountSaved, wieg) != 1 {
		t.Errorf("second save: got=%q, counted %d", r[0].Text, b.counted(meetups.CountSaved, wieg))
	}

	// Yes to the follow-up: due the morning after the date.
	r = b.do(t, press("sv:fy:1"))
	if r[0].EditMessageID != 7 || !strings.Contains(r[0].Text, "di 24 nov") {
		t.Errorf("follow-up on: got=%+v", r[0])
	}
	at, state := b.saved.FollowUpAt(chat, wieg)
	if want := time.Date(2026, 11, 25, 10, 0, 0, 0, meetups.Amsterdam); !at.Equal(want) || state != dialog.FollowUpOn {
		t.Errorf("follow-up: got %s %s, want %s on", at, state, want)
	}
}

func TestForgedKeepButtons(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	b.card(t, wieg)
	// Meetup 6 exists but was not on this chat's page; 999 does not exist.
	for _, data := range []string{"r:sv:6", "r:rb:6", "r:cs:6", "r:sv:999", "r:sv:-1", "r:sv:", "r:zz:1", "sv:x:6", "sv:fy:6", "sv:fg:6", "sv:x:abc"} {
		r := b.do(t, press(data))
		if r[0].Text != b.e.Text("nl", "hint_old_button") && r[0].Text != b.e.Text("nl", "followup_answered") {
			t.Errorf("%s: got=%q, want a hint", data, r[0].Text)
		}
		for _, rep := range r {
			if rep.Document != nil {
				t.Errorf("%s: a file was sent", data)
			}
		}
	}
	if l := b.list(t); len(l) != 0 {
		t.Errorf("forged buttons saved %+v", l)
	}
	if n := b.counted(meetups.CountSaved, 6) + b.counted(meetups.CountCalendar, 6); n != 0 {
		t.Errorf("forged buttons counted %d times", n)
	}

	// Another parent's saved meetup cannot be removed or answered.
	const other = 777
	if _, err := b.saved.Save(context.Background(), other, fixture()[1], testNow); err != nil {
		t.Fatal(err)
	}
	b.saved.FollowUp(context.Background(), other, peuters, testNow, testNow)
	b.saved.Ask(other, peuters)
	b.do(t, press("sv:x:2"))
	r := b.do(t, press("sv:fg:2"))
	if r[0].Text != b.e.Text("nl", "followup_answered") {
		t.Errorf("someone else's follow-up: got=%q", r[0].Text)
	}
	if l, _ := b.saved.SavedMeetups(context.Background(), other); len(l) != 1 || b.saved.Felt(peuters, meetups.FeltGood) != 0 {
		t.Errorf("another parent's rows changed: %+v, felt %d", l, b.saved.Felt(peuters, meetups.FeltGood))
	}
}

// parseICS checks a document is an .ics file and returns its one event.
func parseICS(t *testing.T, f *dialog.File) *ics.VEvent {
	t.Helper()
	if f == nil || !strings.HasSuffix(f.Name, ".ics") {
		t.Fatalf("no .ics document: %+v", f)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("parse %s: %v", f.Name, err)
	}
	if evs := cal.Events(); len(evs) == 1 {
		return evs[0]
	}
	t.Fatalf("%s: want one event", f.Name)
	return nil
}

func TestCalendar(t *testing.T) {
	t.Parallel()

	t.Run("OneOffAtOnce", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		b.card(t, avond)
		r := b.do(t, press("r:ca:4"))
		if len(r) != 1 || r[0].Document.Name != "ouderavond-slapen.ics" || r[0].Document.Caption != b.e.Text("nl", "cal_caption") {
			t.Fatalf("one-off: got=%+v", r)
		}
		ev := parseICS(t, r[0].Document)
		if got := ev.Id(); got != "meetup-4@ouderkring" {
			t.Errorf("UID: got=%q", got)
		}
		if p := ev.GetProperty(ics.ComponentPropertyDtStart); p == nil || p.Value != "20261201T193000" {
			t.Errorf("DTSTART: got=%+v", p)
		}
		if n := b.counted(meetups.CountCalendar, avond); n != 1 {
			t.Errorf("calendar counted %d times", n)
		}
	})

	t.Run("SeriesAsks", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		b.card(t, wieg)
		r := b.do(t, press("r:ca:1"))
		if r[0].Text != b.e.Text("nl", "cal_ask") || !slices.Equal(buttonData(r[0]), []string{"r:cn:1", "r:cs:1"}) {
			t.Fatalf("which dates: got=%+v", r[0])
		}
		r = b.do(t, press("r:cn:1"))
		if r[0].Text != b.e.Text("nl", "cal_here") || r[0].EditMessageID != 7 {
			t.Errorf("next date: the question should become %q, got %+v", b.e.Text("nl", "cal_here"), r[0])
		}
		ev := parseICS(t, r[1].Document)
		if ev.Id() != "meetup-1-20261124@ouderkring" || ev.GetProperty(ics.ComponentPropertyDtStart).Value != "20261124T100000" ||
			ev.GetProperty(ics.ComponentPropertyRrule) != nil {
			t.Errorf("next date: UID %q, DTSTART %v, RRULE %v", ev.Id(), ev.GetProperty(ics.ComponentPropertyDtStart), ev.GetProperty(ics.ComponentPropertyRrule))
		}
		r = b.do(t, press("r:cs:1"))
		ev = parseICS(t, r[1].Document)
		if rule := ev.GetProperty(ics.ComponentPropertyRrule); ev.Id() != "meetup-1@ouderkring" || rule == nil || !strings.Contains(rule.Value, "BYDAY=TU") {
			t.Errorf("series: UID %q, RRULE %v", ev.Id(), rule)
		}
		if !strings.Contains(string(r[1].Document.Data), "Je kunt gewoon binnenlopen.") {
			t.Error("the file lacks the walk-in words from the locale file")
		}
		if n := b.counted(meetups.CountCalendar, wieg); n != 2 {
			t.Errorf("calendar counted %d times, want 2", n)
		}
	})
}

func TestRemind(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	b.card(t, wieg)
	r := b.do(t, press("r:rm:1"))
	if !slices.Equal(buttonData(r[0]), []string{"r:re:1", "r:rs:1", "r:rb:1"}) || !strings.Contains(r[0].Text, "morgen, 10:00–11:30") {
		t.Fatalf("when: got=%+v", r[0])
	}
	r = b.do(t, press("r:rb:1"))
	want := "vandaag om 19:00 en morgen om 08:00"
	if r[0].EditMessageID != 7 || !strings.Contains(r[0].Text, want) {
		t.Errorf("set: got=%q, want it to say %q", r[0].Text, want)
	}
	// A reminder saves the meetup too, counts and offers the follow-up.
	if len(r) != 2 || !strings.HasPrefix(r[1].Text, b.e.Text("nl", "saved_too")) || !slices.Contains(buttonData(r[1]), "sv:fy:1") {
		t.Errorf("saved too: got=%+v", r)
	}
	l := b.list(t)
	if len(l) != 1 || len(l[0].Reminders) != 2 {
		t.Fatalf("saved: got=%+v", l)
	}
	for i, want := range []time.Time{
		time.Date(2026, 11, 23, 19, 0, 0, 0, meetups.Amsterdam), time.Date(2026, 11, 24, 8, 0, 0, 0, meetups.Amsterdam),
	} {
		if rem := l[0].Reminders[i]; !rem.At.Equal(want) || !rem.Start.Equal(time.Date(2026, 11, 24, 10, 0, 0, 0, meetups.Amsterdam)) {
			t.Errorf("reminder %d: got=%+v, want due %s", i, rem, want)
		}
	}
	// Pressing again changes nothing and counts nothing more.
	b.do(t, press("r:rb:1"))
	if l := b.list(t); len(l[0].Reminders) != 2 || b.counted(meetups.CountSaved, wieg) != 1 {
		t.Errorf("again: %d reminders, saved counted %d times", len(l[0].Reminders), b.counted(meetups.CountSaved, wieg))
	}

	// At 20:00 the evening reminder is past: only two hours before is offered.
	*b.clock = time.Date(2026, 11, 23, 20, 0, 0, 0, meetups.Amsterdam)
	if got := buttonData(b.do(t, press("r:rm:1"))[0]); !slices.Equal(got, []string{"r:rs:1"}) {
		t.Errorf("at 20:00: got=%v", got)
	}
	// At 9:00 on the day nothing fits.
	*b.clock = time.Date(2026, 11, 24, 9, 0, 0, 0, meetups.Amsterdam)
	if r := b.do(t, press("r:rs:1")); r[0].Text != b.e.Text("nl", "remind_too_soon", map[string]any{"When": "vandaag, 10:00–11:30"}) {
		t.Errorf("too soon: got=%q", r[0].Text)
	}
}

func TestSavedList(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	if r := b.do(t, cmd("bewaard", "")); r[0].Text != b.e.Text("nl", "saved_none") {
		t.Fatalf("nothing saved: got=%q", r[0].Text)
	}
	b.card(t, wieg)
	b.do(t, press("r:rs:1"))
	b.do(t, press("r:sv:2"))
	b.page(t, avond)
	b.do(t, press("r:sv:4"))
	b.page(t, homeFree)
	b.do(t, press("r:sv:5"))

	// The organisers change things: the café skips next Tuesday, the
	// playgroup pauses, the evening is deleted.
	b.cat.Meetups[0].Schedule.ExDates = []time.Time{time.Date(2026, 11, 24, 0, 0, 0, 0, meetups.Amsterdam)}
	b.cat.SetStatus(peuters, meetups.StatusPaused)
	b.cat.Meetups = slices.DeleteFunc(b.cat.Meetups, func(m meetups.Meetup) bool { return m.ID == avond })

	r := b.do(t, cmd("saved", ""))
	for _, want := range []string{
		"1. 🤝 Home-Start\n   " + b.e.Text("nl", "card_ongoing"),
		"2. Ouderavond: slapen\n   " + b.e.Text("nl", "saved_deleted"),
		"3. 🧸 Peutergroep Kleine Stapjes\n   " + b.e.Text("nl", "saved_paused"),
		"4. ☕ Babycafé De Wieg (voorbeeld)\n   " + b.e.Text("nl", "saved_cancelled", map[string]any{"Date": "di 24 nov"}) +
			"\n   🗓 Volgende keer: di 1 dec, 10:00–11:30, elke week\n   ⏰ Herinnering: morgen om 08:00",
	} {
		if !strings.Contains(r[0].Text, want) {
			t.Errorf("/bewaard lacks\n%s\ngot:\n%s", want, r[0].Text)
		}
	}
	if got := buttonData(r[0]); !slices.Equal(got, []string{"sv:o:5", "sv:o:4", "sv:o:2", "sv:o:1", "menu:find", "menu"}) {
		t.Errorf("buttons: got=%v", got)
	}

	// Opening one shows its card with what can be done from here: the
	// calendar file, a reminder, remove, back to the list.
	r = b.do(t, press("sv:o:1"))
	if !strings.Contains(r[0].Text, "Babycafé De Wieg") || !slices.Equal(buttonData(r[0]), []string{"sv:k:ca:1", "sv:k:rm:1", "sv:x:1", "sv:l"}) {
		t.Fatalf("a saved meetup's card: got %q %v", r[0].Text, buttonData(r[0]))
	}
	r = b.do(t, press("sv:k:rm:1"))
	for _, d := range buttonData(r[0]) {
		if !strings.HasPrefix(d, "sv:k:") {
			t.Errorf("the reminder question from /bewaard has a button %q that leads elsewhere", d)
		}
	}
	r = b.do(t, press("sv:k:ca:1"))
	if got := buttonData(r[0]); len(got) != 2 || got[0] != "sv:k:cn:1" {
		t.Fatalf("the calendar question from /bewaard: %v", got)
	}
	if r := b.do(t, press("sv:k:cn:1")); r[len(r)-1].Document == nil {
		t.Errorf("no calendar file from /bewaard: %+v", r)
	}
	if r := b.do(t, press("sv:o:999")); r[0].Text != b.e.Text("nl", "hint_old_button") {
		t.Errorf("a meetup not saved: got %q", r[0].Text)
	}

	// Removing one edits the list in place, with a way back.
	r = b.do(t, press("sv:x:4"))
	if r[0].EditMessageID != 7 || !strings.HasPrefix(r[0].Text, b.e.Text("nl", "saved_removed")) || strings.Contains(r[0].Text, "Ouderavond") {
		t.Errorf("after removing: got=%+v", r[0])
	}
	if r[1].Text != b.e.Text("nl", "saved_undo_hint") || buttonData(r[1])[0] != "sv:u:4" {
		t.Errorf("no undo after removing: %+v", r[1:])
	}
	if l := b.list(t); len(l) != 3 {
		t.Errorf("saved after removing one: %d", len(l))
	}
	// The same button again is an old button.
	if r := b.do(t, press("sv:x:4")); r[0].Text != b.e.Text("nl", "hint_old_button") {
		t.Errorf("removing twice: got=%q", r[0].Text)
	}
	// Undo the removal of one still in the catalogue.
	b.do(t, press("sv:x:1"))
	if r := b.do(t, press("sv:u:1")); !strings.Contains(r[0].Text, "Babycafé De Wieg") {
		t.Errorf("undo: got %q", r[0].Text)
	}
	if l := b.list(t); len(l) != 3 {
		t.Errorf("saved after undo: %d, want 3", len(l))
	}
}

func TestSavedFull(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	for i := range dialog.MaxSaved {
		if _, err := b.saved.Save(context.Background(), chat, meetups.Meetup{ID: int64(100 + i), Title: "x"}, testNow); err != nil {
			t.Fatal(err)
		}
	}
	b.card(t, wieg)
	if r := b.do(t, press("r:sv:1")); r[0].Text != b.e.Text("nl", "saved_full", map[string]any{"Max": b.e.Text("nl", "count_meetups", map[string]any{"Count": dialog.MaxSaved})}) {
		t.Errorf("full: got=%q", r[0].Text)
	}
	if b.counted(meetups.CountSaved, wieg) != 0 {
		t.Error("a save that did not happen was counted")
	}
}

func TestReminderDue(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, meetups.Amsterdam) // Tuesday
	due := dialog.DueReminder{ChatID: chat, MeetupID: wieg, Title: "Babycafé De Wieg (bewaard)",
		Reminder: dialog.Reminder{When: dialog.RemindEvening, Start: start, At: dialog.ReminderAt(dialog.RemindEvening, start)}}
	evening := time.Date(2026, 11, 23, 19, 0, 0, 0, meetups.Amsterdam)
	cafe := func(change func(*meetups.Meetup)) *meetups.Meetup {
		m := fixture()[0]
		if change != nil {
			change(&m)
		}
		return &m
	}
	for _, tc := range []struct {
		name   string
		now    time.Time
		m      *meetups.Meetup
		reason string
		text   string // a part of the message, "" for none
		later  time.Time
	}{
		{"OK", evening, cafe(nil), dialog.ReasonReminder, "⏰ Even een herinnering: Babycafé De Wieg (voorbeeld)\n🗓 morgen, 10:00–11:30\n📍 Buurthuis De Linde, Utrecht", time.Time{}},
		{"DateCancelled", evening, cafe(func(m *meetups.Meetup) { m.Schedule.ExDates = []time.Time{start} }), dialog.ReasonDateCancelled,
			"gaat op di 24 nov niet door. De organisatie heeft die datum afgezegd.\nDe volgende keer is di 1 dec, 10:00–11:30, elke week.", time.Time{}},
		{"DayChanged", evening, cafe(func(m *meetups.Meetup) { m.Schedule.RRule = "FREQ=WEEKLY;BYDAY=WE" }), dialog.ReasonDateChanged,
			"is niet meer op di 24 nov", time.Time{}},
		{"Paused", evening, cafe(func(m *meetups.Meetup) { m.Status = meetups.StatusPaused }), dialog.ReasonPaused, "even stilgezet", time.Time{}},
		{"Stopped", evening, cafe(func(m *meetups.Meetup) { m.Status = meetups.StatusArchived }), dialog.ReasonGone, "niet meer in de lijst", time.Time{}},
		{"Deleted", evening, nil, dialog.ReasonGone, "Let op: Babycafé De Wieg (bewaard) gaat op di 24 nov niet door.", time.Time{}},
		{"MovedLater", evening, cafe(func(m *meetups.Meetup) {
			m.Schedule.Start = time.Date(2026, 9, 1, 14, 0, 0, 0, meetups.Amsterdam)
		}), dialog.ReasonMoved, "", time.Time{}}, // the evening before stays the evening before: sent now
		{"MovedSoon", time.Date(2026, 11, 24, 8, 0, 0, 0, meetups.Amsterdam), cafe(func(m *meetups.Meetup) {
			m.Schedule.Start = time.Date(2026, 9, 1, 14, 0, 0, 0, meetups.Amsterdam)
		}), dialog.ReasonMoved, "", time.Date(2026, 11, 24, 12, 0, 0, 0, meetups.Amsterdam)},
		{"Started", time.Date(2026, 11, 24, 10, 5, 0, 0, meetups.Amsterdam), cafe(nil), dialog.ReasonTooLate, "", time.Time{}},
		{"DayOver", time.Date(2026, 11, 25, 9, 0, 0, 0, meetups.Amsterdam), nil, dialog.ReasonTooLate, "", time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := tc.now
			e, err := dialog.New(dialogtest.NewMemStore(), dialog.Options{Now: func() time.Time { return clock }})
			if err != nil {
				t.Fatal(err)
			}
			d := due
			if tc.name == "MovedSoon" {
				d.When, d.At = dialog.RemindSoon, dialog.ReminderAt(dialog.RemindSoon, start)
			}
			plan, err := e.ReminderDue(context.Background(), d, tc.m)
			if err != nil {
				t.Fatal(err)
			}
			if tc.name == "MovedLater" { // due now for the new time: the reminder, with 14:00
				if plan.Reason != dialog.ReasonReminder || !strings.Contains(plan.Replies[0].Text, "morgen, 14:00–15:30") {
					t.Errorf("got=%+v", plan)
				}
				return
			}
			if plan.Reason != tc.reason || !plan.Later.Equal(tc.later) {
				t.Errorf("got reason %q later %s, want %q %s", plan.Reason, plan.Later, tc.reason, tc.later)
			}
			switch {
			case tc.text == "" && len(plan.Replies) > 0:
				t.Errorf("want nothing sent, got %+v", plan.Replies)
			case tc.text != "" && (len(plan.Replies) != 1 || !strings.Contains(plan.Replies[0].Text, tc.text)):
				t.Errorf("got=%+v, want a message with %q", plan.Replies, tc.text)
			}
		})
	}
}

func TestFollowUp(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	b.card(t, wieg)
	b.do(t, press("r:sv:1"))
	b.do(t, press("sv:fy:1"))
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, meetups.Amsterdam)
	due := dialog.DueFollowUp{ChatID: chat, MeetupID: wieg, Start: start, Title: "Babycafé De Wieg"}
	cafe := fixture()[0]

	*b.clock = time.Date(2026, 11, 25, 10, 0, 0, 0, meetups.Amsterdam)
	plan, err := b.e.FollowUpDue(context.Background(), due, &cafe)
	if err != nil || plan.Reason != dialog.ReasonFollowUp || len(plan.Replies) != 1 {
		t.Fatalf("due: got=%+v, %v", plan, err)
	}
	ask := plan.Replies[0]
	if !strings.Contains(ask.Text, "Hoe was Babycafé De Wieg (voorbeeld) op di 24 nov?") ||
		!slices.Equal(buttonData(ask), []string{"sv:fg:1", "sv:fo:1", "sv:fb:1"}) {
		t.Fatalf("the question: got=%+v", ask)
	}

	// A cancelled date: after the next one instead.
	cancelled := cafe
	cancelled.Schedule.ExDates = []time.Time{start}
	if plan, _ := b.e.FollowUpDue(context.Background(), due, &cancelled); plan.Reason != dialog.ReasonNotYet ||
		!plan.Later.Equal(time.Date(2026, 12, 2, 10, 0, 0, 0, meetups.Amsterdam)) || len(plan.Replies) > 0 {
		t.Errorf("cancelled date: got=%+v", plan)
	}
	if plan, _ := b.e.FollowUpDue(context.Background(), due, nil); plan.Reason != dialog.ReasonGone || len(plan.Replies) > 0 {
		t.Errorf("deleted: got=%+v", plan)
	}

	// Tapping before the job asked counts nothing; after, once.
	if r := b.do(t, press("sv:fg:1")); r[0].Text != b.e.Text("nl", "followup_answered") || b.saved.Felt(wieg, meetups.FeltGood) != 0 {
		t.Errorf("not asked yet: got=%q", r[0].Text)
	}
	b.saved.Ask(chat, wieg)
	r := b.do(t, press("sv:fg:1"))
	if !strings.HasPrefix(r[0].Text, b.e.Text("nl", "followup_thanks_good")) || !strings.Contains(r[0].Text, "di 1 dec, 10:00–11:30") {
		t.Errorf("thanks with the next date: got=%q", r[0].Text)
	}
	if got := buttonData(r[0]); !slices.Equal(got, []string{"menu:find", "sv:l"}) {
		t.Errorf("back to search: got=%v", got)
	}
	b.do(t, press("sv:fb:1"))
	if g, bad := b.saved.Felt(wieg, meetups.FeltGood), b.saved.Felt(wieg, meetups.FeltBad); g != 1 || bad != 0 {
		t.Errorf("counted: good %d, bad %d; want 1, 0", g, bad)
	}
}

func TestMineFeelings(t *testing.T) {
	t.Parallel()
	few := map[int64][]meetups.WeekCounts{1: {{Shown: 2, Good: 1}, {Okay: 1}}}
	b := setupCounts(t, &fakeCounter{Weeks: few})
	r := b.as(t, orgChat, press("m:o:1"))
	if want := b.e.Text("nl", "counts_felt_few", map[string]any{"Weeks": 4, "Min": 5}); !strings.HasSuffix(r[0].Text, "\n"+want) {
		t.Errorf("fewer than five answers: got=\n%s", r[0].Text)
	}
	many := map[int64][]meetups.WeekCounts{1: {{Good: 3, Bad: 1}, {}, {Okay: 2}}}
	b = setupCounts(t, &fakeCounter{Weeks: many})
	r = b.as(t, orgChat, press("m:o:1"))
	if want := "🙂 3 · 😐 2 · 🙁 1"; !strings.HasSuffix(r[0].Text, want) || !strings.Contains(r[0].Text, b.e.Text("nl", "counts_none", map[string]any{"Weeks": 4})) {
		t.Errorf("six answers: got=\n%s\nwant it to end in %q", r[0].Text, want)
	}
}
