package main

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/internal/testwait"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestPublishDoubleTap: an organiser taps "publish" twice before the first
// answer arrives. One meetup is stored; the second tap is answered
// kindly (the button is from an earlier message), never with an apology.
func TestPublishDoubleTap(t *testing.T) {
	e := setupE2E(t)
	const organiser = 4301
	ctx := context.Background()
	inv, err := e.members.CreateInvite(ctx, meetups.RoleOrganiser, "Buurtteam Dubbel", true, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	e.tg.SendCommand(organiser, "nl", "/start "+inv.Payload())
	e.expectText(t, organiser, "nl", "invite_ok_organiser", map[string]any{"Org": "Buurtteam Dubbel"})
	e.expectMenu(t, organiser, "nl")
	ms, err := e.members.Memberships(ctx, organiser)
	if err != nil || len(ms) != 1 {
		t.Fatalf("memberships: %+v, %v", ms, err)
	}
	// The draft at its preview, as /nieuw leaves it (the conversation
	// itself is TestOrganiserConversation's).
	s := e.session(t, organiser)
	s.Step, s.Org = "org_preview", &dialog.OrgDraft{M: meetups.Meetup{OrgID: ms[0].OrgID, OrgName: ms[0].OrgName,
		Kind: meetups.KindBabyCafe, Title: "Babycafé Dubbel", Point: &meetups.Point{Lat: 52.09, Lon: 5.12},
		AgeMinMonths: 0, AgeMaxMonths: 12, Languages: []string{"nl"}, Join: meetups.JoinWalkIn, Venue: "Buurthuis",
		City: "Utrecht", Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=TU",
			Start: time.Date(2027, 1, 5, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour}}}
	if _, err := e.store.SaveSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	e.tg.PressButton(organiser, "nl", 1, "o:pub")
	e.tg.PressButton(organiser, "nl", 1, "o:pub")
	e.expectText(t, organiser, "nl", "org_published")
	e.expectText(t, organiser, "nl", "hint_old_button")
	e.expectMenu(t, organiser, "nl")
	got, err := e.cat.OrgMeetups(ctx, ms[0].OrgID)
	if err != nil || len(got) != 1 || got[0].Title != "Babycafé Dubbel" {
		t.Fatalf("after a double tap: %d meetups (%v), want one", len(got), err)
	}
}

// TestRedeliveredUpdateAppliesOnce (polling): the bot stops after it
// saved a parent's answer but before its reply went out (the reply hangs;
// the shutdown deadline passes), so Telegram delivers the update again to
// the next process. The answer is not applied a second time — the typed
// postcode does not become the answer to the next question, with "I don't
// understand" — and the parent gets the question she is at.
func TestRedeliveredUpdateAppliesOnce(t *testing.T) {
	e := setupE2E(t)
	const parent = 4311
	e.tg.SendCommand(parent, "nl", "/zoek")
	e.expectText(t, parent, "nl", "find_where")
	var hang atomic.Bool
	hang.Store(true)
	e.tg.OnCall(func(c telegramtest.Call) *telegramtest.Fault {
		if hang.Load() && c.ChatID() == parent {
			// Answered (and failed) long after the process is gone.
			return &telegramtest.Fault{Delay: 8 * time.Second, Status: 500}
		}
		return nil
	})
	id := e.tg.SendText(parent, "nl", "3512 je")
	e.tg.WaitDelivered(t, id)
	testwait.Eventually(t, 10*time.Second, func() bool { return e.session(t, parent).Step == "find_results" },
		"the postcode answered (the session at the results)")
	before := e.session(t, parent)
	e.restart(t) // the reply still hangs: the update is not confirmed
	hang.Store(false)
	e.tg.WaitConsumed(t, id)
	// The new process answered the update it found applied with the
	// question the parent is at: here the search's answer (nothing in
	// this catalogue). The old process's reply may land late too (its
	// retry outlives it here, in one test process).
	none := e.loc.T("nl", "results_none", map[string]any{"Km": 25})
	testwait.Eventually(t, 10*time.Second, func() bool {
		return slices.ContainsFunc(e.tg.SentTo(parent), func(c telegramtest.Call) bool { return c.Text() == none })
	}, "the parent gets the search's answer")
	after := e.session(t, parent)
	if after.Version != before.Version || after.Step != "find_results" {
		t.Fatalf("the redelivered update was applied again: version %d → %d, step %q", before.Version, after.Version, after.Step)
	}
	for _, c := range e.tg.SentTo(parent) {
		if c.Text() == e.loc.T("nl", "hint_unknown") {
			t.Fatalf("the parent was told the bot did not understand: %q", c.Text())
		}
	}
}

// TestWebhookRedeliveryAppliesOnce: in webhook mode an update whose
// handler ran but whose processed_updates row was lost (the database went
// away in between, or the process died) is delivered again. The session
// knows it applied the update: a first /start greets once, and the second
// delivery gets the menu only.
func TestWebhookRedeliveryAppliesOnce(t *testing.T) {
	tg := telegramtest.New(t)
	dbURL := dbtest.URL(t)
	a := replica(t, tg, dbURL)
	d, err := db.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	const parent = 4321
	start := textUpdate(t, 900, parent, "/start")
	if c := post(t, a, webhookSecret, start); c != 200 {
		t.Fatalf("status %d", c)
	}
	before, err := d.Sessions().LoadSession(context.Background(), parent)
	if err != nil {
		t.Fatal(err)
	}
	// The record of the delivery is lost (the upkeep's purge stands in).
	if _, err := d.PurgeProcessedUpdates(context.Background(), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if c := post(t, a, webhookSecret, start); c != 200 {
		t.Fatalf("status %d", c)
	}
	after, err := d.Sessions().LoadSession(context.Background(), parent)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != before.Version {
		t.Errorf("the redelivered /start was applied again: version %d → %d", before.Version, after.Version)
	}
	loc, err := dialog.LoadLocales("nl")
	if err != nil {
		t.Fatal(err)
	}
	greetings := 0
	var texts []string
	for _, c := range sentTo(tg, parent) {
		texts = append(texts, c.Text())
		if strings.HasPrefix(c.Text(), loc.T("nl", "greeting")) {
			greetings++
		}
	}
	if greetings != 1 || len(texts) != 3 || texts[2] != loc.T("nl", "menu_prompt") {
		t.Errorf("sent %q; want the greeting and the menu, then the menu again", texts)
	}
}
