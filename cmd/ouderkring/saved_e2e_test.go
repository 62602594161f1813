package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/internal/testwait"
	"github.com/ouderkring/ouderkring/meetups"
)

// savedE2E is a whole program on a clock the test moves, with one weekly
// baby café whose next date is the day after the clock's start.
type savedE2E struct {
	*e2e
	d       *db.DB
	clock   *testClock
	start   time.Time // 9:00 the day before the café's next date
	next    time.Time // the café's next date, 10:00
	cafe    int64
	another int64 // a meetup the parent is never shown (far away)
}

func setupSavedE2E(t *testing.T) savedE2E {
	t.Helper()
	today := time.Now().In(meetups.Amsterdam)
	start := time.Date(today.Year(), today.Month(), today.Day()+1, 9, 0, 0, 0, meetups.Amsterdam)
	clock := newTestClock(start)
	e := setupE2EClock(t, clock)
	d, err := db.Open(context.Background(), e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	next := time.Date(start.Year(), start.Month(), start.Day()+1, 10, 0, 0, 0, meetups.Amsterdam)
	save := func(title string, p meetups.Point) int64 {
		t.Helper()
		m := meetups.Meetup{OrgName: "Buurtteam Oost", Kind: meetups.KindBabyCafe, Title: title, Point: &p,
			AgeMinMonths: 0, AgeMaxMonths: 18, Languages: []string{"nl"}, Join: meetups.JoinWalkIn, Status: meetups.StatusPublished,
			Venue: "Buurthuis De Linde", Address: "Kerkstraat 1", Postcode: "3512 AB", City: "Utrecht",
			Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, Duration: 90 * time.Minute,
				RRule: "FREQ=WEEKLY;BYDAY=" + strings.ToUpper(next.Weekday().String()[:2]), Start: next.AddDate(0, 0, -28)}}
		id, err := e.cat.SaveMeetup(context.Background(), m, start)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	return savedE2E{e2e: e, d: d, clock: clock, start: start, next: next,
		cafe:    save("Babycafé De Wieg", meetups.Point{Lat: utrecht.Lat + 0.005, Lon: utrecht.Lon}),
		another: save("Babycafé Ver Weg", meetups.Point{Lat: 53.2, Lon: 6.56})} // Groningen
}

// card walks the parent to the café's card and returns it.
func (s savedE2E) card(t *testing.T, parent int64) telegramtest.Call {
	t.Helper()
	s.tg.SendCommand(parent, "nl", "/zoek")
	s.expectText(t, parent, "nl", "find_where")
	s.tg.SendLocation(parent, "nl", utrecht.Lat, utrecht.Lon)
	s.tg.Next(t, parent)        // the location keyboard goes away
	res := s.tg.Next(t, parent) // the results, at once
	s.tg.Click(t, res, s.loc.T("nl", "results_details", map[string]any{"N": 1}))
	card := s.tg.Next(t, parent)
	if !strings.Contains(card.Text(), "Babycafé De Wieg") {
		t.Fatalf("card: got=%q", card.Text())
	}
	s.tg.Next(t, parent) // the venue
	return card
}

// within waits for the chat's next message for longer than usual: a job
// comes due when River's scheduler next looks (every 5 s).
func (s savedE2E) within(t *testing.T, chat int64) telegramtest.Call {
	t.Helper()
	return s.tg.NextWithin(t, chat, 30*time.Second)
}

func (s savedE2E) jobs(t *testing.T, chat int64) map[string]int {
	t.Helper()
	jobs, err := s.d.ChatJobs(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, j := range jobs {
		m[j.Kind+":"+j.State]++
	}
	return m
}

// waitJobs waits until the chat's jobs (kind:state counts) satisfy ok: River
// records a finished job a moment after it ran. It returns them; the
// states they went through are logged.
func (s savedE2E) waitJobs(t *testing.T, chat int64, ok func(map[string]int) bool) map[string]int {
	t.Helper()
	var j map[string]int
	testwait.Eventually(t, 30*time.Second, func() bool {
		now := s.jobs(t, chat)
		if !maps.Equal(now, j) {
			t.Logf("jobs of chat %d: %v", chat, now)
		}
		j = now
		return ok(j)
	}, fmt.Sprintf("the jobs of chat %d get where the test needs them", chat))
	return j
}

func (s savedE2E) counts(t *testing.T) meetups.WeekCounts {
	t.Helper()
	got, err := s.d.Counts().WeeklyCounts(context.Background(), []int64{s.cafe}, 1, s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return got[s.cafe][0]
}

// countsWhen is counts once ok holds, or after three flushes of the
// program's counts (countFlush) if it never does.
func (s savedE2E) countsWhen(t *testing.T, ok func(meetups.WeekCounts) bool) meetups.WeekCounts {
	t.Helper()
	var w meetups.WeekCounts
	eventually(3*countFlush, func() bool { w = s.counts(t); return ok(w) })
	return w
}

// document parses an .ics document the bot sent.
func document(t *testing.T, c telegramtest.Call) *ics.VEvent {
	t.Helper()
	if c.Method != "sendDocument" || !strings.HasSuffix(c.FileNames["document"], ".ics") {
		t.Fatalf("want an .ics document, got %s", c)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(c.Files["document"]))
	if err != nil {
		t.Fatalf("parse the .ics: %v", err)
	}
	if evs := cal.Events(); len(evs) == 1 {
		return evs[0]
	}
	t.Fatal("want one event in the .ics")
	return nil
}

// TestSavedConversation: a parent saves a meetup, adds it to their
// calendar, asks for both reminders and the follow-up; the evening
// reminder comes at 19:00; the organiser cancels the date, so the morning
// reminder becomes a short note; the follow-up comes the day after the
// next date that happens, and the answer is only a number for the meetup.
// /bewaard lists and removes; /vergeet erases the rows and the jobs.
func TestSavedConversation(t *testing.T) {
	s := setupSavedE2E(t)
	const parent, other = 8001, 8002
	ctx := context.Background()
	card := s.card(t, parent)
	for _, label := range []string{"keep_save", "keep_calendar", "keep_remind"} {
		if _, ok := card.FindButton(s.loc.T("nl", label)); !ok {
			t.Fatalf("the card has no %s button: %+v", label, card.InlineKeyboard())
		}
	}
	day := func(t time.Time) string { return strconv.Itoa(t.Day()) }

	// Save: counted once, and the follow-up offered once.
	s.tg.Click(t, card, s.loc.T("nl", "keep_save"))
	saved := s.tg.Next(t, parent)
	if !strings.HasPrefix(saved.Text(), s.loc.T("nl", "saved_done")) || !strings.Contains(saved.Text(), day(s.next)) {
		t.Fatalf("saved: got=%q", saved.Text())
	}
	s.tg.Click(t, saved, s.loc.T("nl", "followup_yes"))
	if c := s.tg.Next(t, parent); c.Method != "editMessageText" || !strings.Contains(c.Text(), day(s.next)) {
		t.Fatalf("follow-up on: got %s", c)
	}
	if w := s.countsWhen(t, func(w meetups.WeekCounts) bool { return w.Saved == 1 }); w.Saved != 1 {
		t.Errorf("saved counted %d times, want 1", w.Saved)
	}

	// The calendar: all dates (the rule), and the next date alone.
	s.tg.Click(t, card, s.loc.T("nl", "keep_calendar"))
	which := s.expectText(t, parent, "nl", "cal_ask")
	s.tg.Click(t, which, s.loc.T("nl", "cal_all"))
	s.expectText(t, parent, "nl", "cal_here")
	ev := document(t, s.tg.Next(t, parent))
	cafe := strconv.FormatInt(s.cafe, 10)
	if ev.Id() != "meetup-"+cafe+"@ouderkring" || ev.GetProperty(ics.ComponentPropertyRrule) == nil {
		t.Errorf("series: UID %q, RRULE %v", ev.Id(), ev.GetProperty(ics.ComponentPropertyRrule))
	}
	s.tg.Click(t, card, s.loc.T("nl", "keep_calendar"))
	which = s.expectText(t, parent, "nl", "cal_ask")
	s.tg.Click(t, which, which.InlineKeyboard()[0][0].Text)
	s.expectText(t, parent, "nl", "cal_here")
	ev = document(t, s.tg.Next(t, parent))
	dtstart := ev.GetProperty(ics.ComponentPropertyDtStart)
	if ev.Id() != "meetup-"+cafe+"-"+s.next.Format("20060102")+"@ouderkring" || dtstart == nil ||
		dtstart.Value != s.next.Format("20060102T150405") || dtstart.ICalParameters["TZID"][0] != "Europe/Amsterdam" {
		t.Errorf("next date: UID %q, DTSTART %+v", ev.Id(), dtstart)
	}
	if w := s.countsWhen(t, func(w meetups.WeekCounts) bool { return w.Calendar == 2 }); w.Calendar != 2 {
		t.Errorf("calendar counted %d times, want 2", w.Calendar)
	}

	// Both reminders: the evening before and two hours before.
	s.tg.Click(t, card, s.loc.T("nl", "keep_remind"))
	when := s.tg.Next(t, parent)
	s.tg.Click(t, when, s.loc.T("nl", "remind_both"))
	if c := s.tg.Next(t, parent); !strings.Contains(c.Text(), "vandaag om 19:00 en morgen om 08:00") {
		t.Fatalf("reminders set: got=%q", c.Text())
	}
	if j := s.jobs(t, parent); j["reminder:scheduled"] != 2 || j["follow_up:scheduled"] != 1 {
		t.Fatalf("jobs: got=%v, want two reminders and a follow-up scheduled", j)
	}
	s.tg.SendCommand(parent, "nl", "/bewaard")
	list := s.tg.Next(t, parent)
	for _, want := range []string{"1. ☕ Babycafé De Wieg", "⏰ Herinnering: vandaag om 19:00", "⏰ Herinnering: morgen om 08:00",
		s.loc.T("nl", "saved_followup")} {
		if !strings.Contains(list.Text(), want) {
			t.Errorf("/bewaard lacks %q:\n%s", want, list.Text())
		}
	}

	// A forged save for a meetup this parent was never shown, and a forged
	// removal of another parent's saved meetup: a hint, nothing else.
	if _, err := s.d.Saved().Save(ctx, other, meetups.Meetup{ID: s.another, Title: "Babycafé Ver Weg"}, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	for _, data := range []string{"r:sv:" + strconv.FormatInt(s.another, 10), "sv:x:" + strconv.FormatInt(s.another, 10)} {
		s.tg.PressButton(parent, "nl", card.MessageID(), data)
		if c := s.tg.Next(t, parent); c.Text() != s.loc.T("nl", "hint_old_button") || strings.Contains(c.Text(), "Ver Weg") {
			t.Errorf("%s: got=%q, want the hint", data, c.Text())
		}
		s.tg.Next(t, parent) // the results again, below the hint
	}
	if l, _ := s.d.Saved().SavedMeetups(ctx, other); len(l) != 1 {
		t.Errorf("the other parent's saved meetup: %+v", l)
	}

	// 19:00: the evening reminder arrives.
	s.clock.Set(time.Date(s.start.Year(), s.start.Month(), s.start.Day(), 19, 0, 30, 0, meetups.Amsterdam))
	reminder := s.within(t, parent)
	if !strings.Contains(reminder.Text(), "Babycafé De Wieg") || !strings.Contains(reminder.Text(), "morgen, 10:00–11:30") ||
		!strings.Contains(reminder.Text(), "Buurthuis De Linde") {
		t.Fatalf("evening reminder: got=%q", reminder.Text())
	}

	// The organiser cancels tomorrow; at 8:00 the parent hears it is off.
	m, err := s.cat.MeetupAny(ctx, s.cafe)
	if err != nil {
		t.Fatal(err)
	}
	m.Schedule.ExDates = append(m.Schedule.ExDates, s.next)
	if _, err := s.cat.SaveMeetup(ctx, m, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	s.clock.Set(s.next.Add(-2*time.Hour + 30*time.Second))
	note := s.within(t, parent)
	if !strings.Contains(note.Text(), "niet door") || !strings.Contains(note.Text(), "De volgende keer is") ||
		strings.Contains(note.Text(), "Even een herinnering") {
		t.Fatalf("cancelled date: got=%q, want the note instead of the reminder", note.Text())
	}
	s.waitJobs(t, parent, func(j map[string]int) bool { return j["reminder:completed"] == 2 })

	// The follow-up waits for the next date that happens (a week later),
	// and comes the morning after it.
	week := s.next.AddDate(0, 0, 7)
	s.clock.Set(time.Date(week.Year(), week.Month(), week.Day()+1, 10, 0, 30, 0, meetups.Amsterdam))
	ask := s.within(t, parent)
	if !strings.Contains(ask.Text(), "Hoe was Babycafé De Wieg") {
		t.Fatalf("follow-up: got=%q", ask.Text())
	}
	s.tg.Click(t, ask, s.loc.T("nl", "followup_good"))
	thanks := s.tg.Next(t, parent)
	if !strings.HasPrefix(thanks.Text(), s.loc.T("nl", "followup_thanks_good")) {
		t.Errorf("thanks: got=%q", thanks.Text())
	}
	if _, ok := thanks.FindButton(s.loc.T("nl", "menu_find")); !ok {
		t.Error("no way back to the search after the follow-up")
	}
	s.tg.PressButton(parent, "nl", ask.MessageID(), "sv:fg:"+cafe) // again
	s.expectText(t, parent, "nl", "followup_answered")
	if w := s.counts(t); w.Good != 1 || w.Okay+w.Bad != 0 {
		t.Errorf("answers counted: %+v, want one 🙂", w)
	}

	// Remove it in /bewaard; then /vergeet erases what is left.
	s.tg.SendCommand(parent, "nl", "/bewaard")
	list = s.tg.Next(t, parent)
	s.tg.Click(t, list, s.loc.T("nl", "saved_open_n", map[string]any{"N": 1}))
	opened := s.tg.Next(t, parent)
	if !strings.Contains(opened.Text(), "Babycafé De Wieg") {
		t.Fatalf("opening a saved meetup: got=%q", opened.Text())
	}
	s.tg.Click(t, opened, s.loc.T("nl", "saved_remove_one"))
	if c := s.tg.Next(t, parent); !strings.HasPrefix(c.Text(), s.loc.T("nl", "saved_removed")) ||
		!strings.Contains(c.Text(), s.loc.T("nl", "saved_none")) {
		t.Errorf("after removing: got=%q", c.Text())
	}
	s.expectText(t, parent, "nl", "saved_undo_hint")
	s.tg.Click(t, card, s.loc.T("nl", "keep_remind"))
	when = s.tg.Next(t, parent)
	s.tg.Click(t, when, when.InlineKeyboard()[0][0].Text)
	s.tg.Next(t, parent) // the reminder is set
	s.tg.Next(t, parent) // and the meetup saved again
	if j := s.jobs(t, parent); j["reminder:scheduled"] != 1 {
		t.Fatalf("a new reminder: jobs %v", j)
	}
	s.tg.SendCommand(parent, "nl", "/vergeet")
	confirm := s.expectText(t, parent, "nl", "forget_confirm")
	s.tg.Click(t, confirm, s.loc.T("nl", "forget_yes"))
	s.expectText(t, parent, "nl", "forget_done")
	if l, _ := s.d.Saved().SavedMeetups(ctx, parent); len(l) != 0 {
		t.Errorf("saved meetups after /vergeet: %+v", l)
	}
	if j := s.jobs(t, parent); len(j) != 0 {
		t.Errorf("jobs naming the chat after /vergeet: %v", j)
	}
	if l, _ := s.d.Saved().SavedMeetups(ctx, other); len(l) != 1 {
		t.Error("/vergeet of one parent touched another's")
	}

	if logs := s.logs.String(); strings.Contains(logs, "Babycafé De Wieg") || strings.Contains(logs, "Buurthuis") {
		t.Error("the logs name a meetup or a place")
	}
	metrics := httpGet(t, "http://"+s.main.HTTPAddr()+"/metrics")
	for _, want := range []string{
		`ouderkring_notices_total{kind="reminder",outcome="delivered",reason="reminder"} 1`,
		`ouderkring_notices_total{kind="reminder",outcome="delivered",reason="date_cancelled"} 1`,
		`ouderkring_notices_total{kind="follow_up",outcome="delivered",reason="follow_up"} 1`,
		`ouderkring_notices_total{kind="reminder",outcome="cancelled",reason="forgotten"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestBlockedChatStopsReminders: when Telegram says the parent blocked the
// bot, the reminder is not tried again and the chat's other reminders and
// follow-up are cancelled, each counted.
func TestBlockedChatStopsReminders(t *testing.T) {
	s := setupSavedE2E(t)
	const parent = 8101
	ctx := context.Background()
	m, err := s.cat.MeetupAny(ctx, s.cafe)
	if err != nil {
		t.Fatal(err)
	}
	rs := []dialog.Reminder{
		{When: dialog.RemindEvening, Start: s.next, At: dialog.ReminderAt(dialog.RemindEvening, s.next)},
		{When: dialog.RemindSoon, Start: s.next, At: dialog.ReminderAt(dialog.RemindSoon, s.next)},
	}
	if _, err := s.d.Saved().Remind(ctx, parent, m, rs, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.d.Saved().FollowUp(ctx, parent, s.cafe, s.next, dialog.FollowUpAt(meetups.Occurrence{End: s.next})); err != nil {
		t.Fatal(err)
	}
	s.tg.OnCall(func(c telegramtest.Call) *telegramtest.Fault {
		if c.ChatID() == parent && c.Method == "sendMessage" {
			return telegramtest.BotBlocked()
		}
		return nil
	})
	s.clock.Set(time.Date(s.start.Year(), s.start.Month(), s.start.Day(), 19, 0, 30, 0, meetups.Amsterdam))
	j := s.waitJobs(t, parent, func(j map[string]int) bool { // the blocked reminder ran
		return j["reminder:cancelled"] > 0 || j["reminder:retryable"] > 0
	})
	if j["reminder:retryable"] > 0 {
		t.Fatalf("the blocked chat's reminder is being retried: %v; a 403 must stop it", j)
	}
	if len(j) != 1 || j["reminder:cancelled"] != 1 {
		t.Errorf("jobs after the chat blocked the bot: %v, want only the cancelled one", j)
	}
	metrics := httpGet(t, "http://"+s.main.HTTPAddr()+"/metrics")
	for _, want := range []string{
		`ouderkring_notices_total{kind="reminder",outcome="cancelled",reason="unreachable"} 2`,
		`ouderkring_notices_total{kind="follow_up",outcome="cancelled",reason="unreachable"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestStopSendsNothingMore: /stop says "I'll send you nothing more on my
// own", so every reminder and follow-up still to come is cancelled, the
// follow-up reads as off in /bewaard, and the parent hears how to have a
// reminder again. A second reminder choice replaces the first.
func TestStopSendsNothingMore(t *testing.T) {
	s := setupSavedE2E(t)
	const parent = 6101
	card := s.card(t, parent)
	s.tg.Click(t, card, s.loc.T("nl", "keep_save"))
	saved := s.tg.Next(t, parent)
	s.tg.Click(t, saved, s.loc.T("nl", "followup_yes"))
	s.tg.Next(t, parent)
	s.tg.Click(t, card, s.loc.T("nl", "keep_remind"))
	s.tg.Click(t, s.tg.Next(t, parent), s.loc.T("nl", "remind_evening"))
	s.tg.Next(t, parent)
	s.tg.Click(t, card, s.loc.T("nl", "keep_remind"))
	s.tg.Click(t, s.tg.Next(t, parent), s.loc.T("nl", "remind_soon"))
	if c := s.tg.Next(t, parent); !strings.Contains(c.Text(), "morgen om 08:00") || strings.Contains(c.Text(), "19:00") {
		t.Fatalf("the second choice: got %q", c.Text())
	}
	if j := s.jobs(t, parent); j["reminder:scheduled"] != 1 || j["follow_up:scheduled"] != 1 {
		t.Fatalf("jobs after choosing again: %v, want the one reminder chosen last and the follow-up", j)
	}

	s.tg.SendCommand(parent, "nl", "/stop")
	if c := s.tg.Next(t, parent); c.Text() != s.loc.T("nl", "stop")+"\n\n"+s.loc.T("nl", "stop_notices") {
		t.Fatalf("/stop: got %q", c.Text())
	}
	for kindState, n := range s.jobs(t, parent) {
		if strings.HasSuffix(kindState, ":scheduled") || strings.HasSuffix(kindState, ":available") {
			t.Errorf("after /stop %d %s job(s) of the chat are still queued", n, kindState)
		}
	}
	s.tg.SendCommand(parent, "nl", "/bewaard")
	list := s.tg.Next(t, parent)
	if !strings.Contains(list.Text(), "Babycafé De Wieg") || strings.Contains(list.Text(), s.loc.T("nl", "saved_followup")) ||
		strings.Contains(list.Text(), "⏰") {
		t.Errorf("/bewaard after /stop: the meetup stays, without reminder or follow-up:\n%s", list.Text())
	}
}
