package main

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestFreshnessConversation: at the start of a school term the organiser
// is asked about a repeating meetup not confirmed lately, once; one nobody
// confirmed for 16 weeks is hidden and the organiser told; one tap brings
// it back, "stopped" takes a meetup off (with an undo), and a parent's
// forged answer is refused.
func TestFreshnessConversation(t *testing.T) {
	e := setupE2E(t)
	ctx := context.Background()
	const organiser, parent = 7001, 7003
	e.becomeOrganiser(t, organiser, "Buurtteam Vers", true)

	// The Tuesday after the Christmas holiday 2026, when every region is back.
	now := time.Date(2027, 1, 5, 10, 0, 0, 0, meetups.Amsterdam)
	save := func(title string, confirmed time.Time, s meetups.Schedule) int64 {
		t.Helper()
		m := meetups.Meetup{OrgName: "Buurtteam Vers", Kind: meetups.KindBabyCafe, Title: title,
			Point: &meetups.Point{Lat: utrecht.Lat, Lon: utrecht.Lon}, AgeMinMonths: 0, AgeMaxMonths: 18,
			Schedule: s, Languages: []string{"nl"}, Join: meetups.JoinWalkIn, Status: meetups.StatusPublished,
			Venue: "Buurthuis", City: "Utrecht", ConfirmedAt: confirmed}
		id, err := e.cat.SaveMeetup(ctx, m, now)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	weekly := meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=WE",
		Start: time.Date(2026, 9, 2, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour}
	asked := save("Babycafé Negen Weken", now.AddDate(0, 0, -63), weekly)
	hidden := save("Peuterochtend Achttien Weken", now.AddDate(0, 0, -126), weekly)
	recent := save("Babycafé Net Bevestigd", now.AddDate(0, 0, -7), weekly)
	once := save("Eenmalige Avond", now.AddDate(0, 0, -200), meetups.Schedule{Kind: meetups.ScheduleOnce,
		Start: now.AddDate(0, 0, 10), End: now.AddDate(0, 0, 10).Add(time.Hour)})

	d, err := db.Open(ctx, e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	u := &upkeep{db: d, engine: e.main.engine, notifier: e.main.telegram, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	u.freshen(ctx, now)

	// First the notice about the hidden one, then the term's question.
	notice := e.tg.Next(t, organiser)
	if !strings.Contains(notice.Text(), "Peuterochtend Achttien Weken") || !strings.Contains(notice.Text(), "verborgen") {
		t.Fatalf("hidden notice: got=%q", notice.Text())
	}
	question := e.tg.Next(t, organiser)
	if !strings.Contains(question.Text(), "Babycafé Negen Weken") {
		t.Fatalf("term question: got=%q", question.Text())
	}
	wantButtons := []string{e.loc.T("nl", "fresh_yes"), e.loc.T("nl", "fresh_changed"), e.loc.T("nl", "fresh_stopped")}
	for i, row := range question.InlineKeyboard() {
		if row[0].Text != wantButtons[i] || row[0].CallbackData != []string{"fr:y:", "fr:c:", "fr:s:"}[i]+strconv.FormatInt(asked, 10) {
			t.Fatalf("question button %d: got=%+v", i, row[0])
		}
	}
	// freshen returned once Telegram took its notices: nothing more comes.
	e.tg.ExpectNone(t, organiser, 0) // not the recent one, not the one-off

	status := func(id int64) meetups.Meetup {
		t.Helper()
		m, err := e.cat.MeetupAny(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if m := status(hidden); m.Status != meetups.StatusPaused || !m.Unconfirmed {
		t.Fatalf("18 weeks unconfirmed: status %s, unconfirmed %v; want hidden", m.Status, m.Unconfirmed)
	}
	for _, id := range []int64{asked, recent, once} {
		if m := status(id); m.Status != meetups.StatusPublished {
			t.Fatalf("meetup %d: status %s, want published", id, m.Status)
		}
	}
	// Parents no longer find the hidden one.
	res, err := e.cat.Search(ctx, meetups.Query{Near: utrecht, RadiusKm: 5, Limit: 10, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.ID == hidden {
			t.Fatal("a parent's search still finds the hidden meetup")
		}
	}

	// The next hour's upkeep asks nobody again.
	u.freshen(ctx, now.Add(time.Hour))
	e.tg.ExpectNone(t, organiser, 0)

	// A parent's forged answer is refused and changes nothing.
	e.tg.SendCommand(parent, "nl", "/start")
	e.tg.Next(t, parent) // the welcome
	menu := e.expectMenu(t, parent, "nl")
	e.tg.PressButton(parent, "nl", menu.MessageID(), "fr:y:"+strconv.FormatInt(hidden, 10))
	e.expectText(t, parent, "nl", "not_allowed")
	if m := status(hidden); m.Status != meetups.StatusPaused {
		t.Fatalf("after a parent's forged answer: status %s", m.Status)
	}

	// "Still happening" on the hidden one brings it back, confirmed today.
	e.tg.Click(t, notice, e.loc.T("nl", "fresh_yes"))
	e.expectText(t, organiser, "nl", "fresh_back", map[string]any{"Title": "Peuterochtend Achttien Weken"})
	if m := status(hidden); m.Status != meetups.StatusPublished || m.Unconfirmed || time.Since(m.ConfirmedAt) > time.Minute {
		t.Fatalf("after yes: status %s, unconfirmed %v, confirmed %v", m.Status, m.Unconfirmed, m.ConfirmedAt)
	}

	// "Stopped" takes the asked one off; the undo puts it back.
	e.tg.Click(t, question, e.loc.T("nl", "fresh_stopped"))
	stopped := e.expectText(t, organiser, "nl", "fresh_stopped_done", map[string]any{"Title": "Babycafé Negen Weken"})
	if m := status(asked); m.Status != meetups.StatusArchived {
		t.Fatalf("after stopped: status %s", m.Status)
	}
	e.tg.Click(t, stopped, e.loc.T("nl", "fresh_undo"))
	e.expectText(t, organiser, "nl", "fresh_back", map[string]any{"Title": "Babycafé Negen Weken"})
	if m := status(asked); m.Status != meetups.StatusPublished {
		t.Fatalf("after undo: status %s", m.Status)
	}

	// "Something changed" confirms and opens the meetup's preview to change.
	e.tg.PressButton(organiser, "nl", question.MessageID(), "fr:c:"+strconv.FormatInt(recent, 10))
	e.expectText(t, organiser, "nl", "fresh_change", map[string]any{"Title": "Babycafé Net Bevestigd"})
	if preview := e.tg.Next(t, organiser); !strings.Contains(preview.Text(), "Babycafé Net Bevestigd") {
		t.Fatalf("preview after 'changed': got=%q", preview.Text())
	}

	if logs := e.logs.String(); strings.Contains(logs, "Peuterochtend") || strings.Contains(logs, "Negen Weken") {
		t.Fatal("the logs name a meetup")
	}
}
