package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// fakeNotifier records what would be sent and fails as told, per chat.
type fakeNotifier struct {
	mu   sync.Mutex
	sent map[int64][]string
	fail map[int64]error
}

func (f *fakeNotifier) Notify(ctx context.Context, chatID int64, replies []dialog.Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[chatID]; err != nil {
		return err
	}
	for _, r := range replies {
		f.sent[chatID] = append(f.sent[chatID], r.Text)
	}
	return nil
}

// blocked is the bot's kind of error for a chat that blocked it.
type blocked struct{}

func (blocked) Error() string   { return "chat unreachable (blocked)" }
func (blocked) Permanent() bool { return true }

type noticesBundle struct {
	n      *notices
	d      *db.DB
	sent   *fakeNotifier
	clock  *time.Time
	tue    time.Time
	ms     map[string]meetups.Meetup
	nextID int64
}

func setupNotices(t *testing.T) *noticesBundle {
	t.Helper()
	d := dbtest.New(t)
	clock := time.Date(2026, 11, 30, 9, 0, 0, 0, meetups.Amsterdam) // a Monday
	b := &noticesBundle{d: d, clock: &clock, sent: &fakeNotifier{sent: map[int64][]string{}, fail: map[int64]error{}},
		tue: time.Date(2026, 12, 1, 10, 0, 0, 0, meetups.Amsterdam), ms: map[string]meetups.Meetup{}}
	engine, err := dialog.New(d.Sessions(), dialog.Options{Now: func() time.Time { return *b.clock },
		Catalogue: d.Catalogue(), Saved: d.Saved()})
	if err != nil {
		t.Fatal(err)
	}
	b.n = &notices{db: d, engine: engine, notifier: b.sent, now: func() time.Time { return *b.clock },
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, c := range []struct{ title, day string }{{"Dinsdagcafé", "TU"}, {"Dinsdaggroep", "TU"}, {"Donderdagcafé", "TH"}} {
		m := meetups.Meetup{OrgName: "Buurtteam", Kind: meetups.KindBabyCafe, Title: c.title, Point: &utrecht,
			AgeMaxMonths: 12, Languages: []string{"nl"}, Join: meetups.JoinWalkIn, Status: meetups.StatusPublished, City: "Utrecht",
			Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=" + c.day,
				Start: time.Date(2026, 11, 3, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour}}
		id, err := d.Catalogue().SaveMeetup(context.Background(), m, clock)
		if err != nil {
			t.Fatal(err)
		}
		m.ID = id
		b.ms[c.title] = m
	}
	return b
}

// followUpOn saves title for chat with the follow-up on for the Tuesday.
func (b *noticesBundle) followUpOn(t *testing.T, chat int64, title string) db.FollowUp {
	t.Helper()
	ctx := context.Background()
	m := b.ms[title]
	if _, err := b.d.Saved().Save(ctx, chat, m, *b.clock); err != nil {
		t.Fatal(err)
	}
	if ok, err := b.d.Saved().FollowUp(ctx, chat, m.ID, b.tue, dialog.FollowUpAt(meetups.Occurrence{End: b.tue})); !ok || err != nil {
		t.Fatalf("follow-up on: %v, %v", ok, err)
	}
	b.nextID++
	return db.FollowUp{JobID: b.nextID, ChatID: chat, MeetupID: m.ID, Start: b.tue}
}

func TestNoticesOnceADay(t *testing.T) {
	t.Parallel()
	b := setupNotices(t)
	ctx := context.Background()
	const parent = 301
	cafe, group := b.followUpOn(t, parent, "Dinsdagcafé"), b.followUpOn(t, parent, "Dinsdaggroep")

	// Wednesday 10:00: both follow-ups are due; one goes, the other waits.
	*b.clock = time.Date(2026, 12, 2, 10, 0, 0, 0, meetups.Amsterdam)
	if res := b.n.followUp(ctx, cafe); res.Outcome() != "delivered" {
		t.Fatalf("first follow-up: %s %s", res.Outcome(), res.Reason())
	}
	res := b.n.followUp(ctx, group)
	thursday := time.Date(2026, 12, 3, 10, 0, 0, 0, meetups.Amsterdam)
	if res.Outcome() != "postponed" || res.Reason() != "once_a_day" || !res.At().Equal(thursday) {
		t.Fatalf("second follow-up the same day: %s %s %s, want postponed to %s", res.Outcome(), res.Reason(), res.At(), thursday)
	}
	if got := b.sent.sent[parent]; len(got) != 1 || !strings.Contains(got[0], "Dinsdagcafé") {
		t.Fatalf("sent on Wednesday: %q", got)
	}

	// A reminder the parent asked for still comes that evening.
	ok, err := b.d.Saved().Remind(ctx, parent, b.ms["Donderdagcafé"], []dialog.Reminder{{When: dialog.RemindEvening,
		Start: thursday, At: dialog.ReminderAt(dialog.RemindEvening, thursday)}}, *b.clock)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	*b.clock = time.Date(2026, 12, 2, 19, 0, 0, 0, meetups.Amsterdam)
	if res := b.n.reminder(ctx, db.Reminder{JobID: 99, ChatID: parent, MeetupID: b.ms["Donderdagcafé"].ID,
		When: dialog.RemindEvening, Start: thursday}); res.Outcome() != "delivered" {
		t.Fatalf("evening reminder: %s %s", res.Outcome(), res.Reason())
	}

	// Thursday: the waiting follow-up; the day is taken after that.
	*b.clock = thursday
	if res := b.n.followUp(ctx, group); res.Outcome() != "delivered" {
		t.Fatalf("Thursday: %s %s", res.Outcome(), res.Reason())
	}
	if got := b.sent.sent[parent]; len(got) != 3 || !strings.Contains(got[2], "Dinsdaggroep") {
		t.Fatalf("sent: %q", got)
	}
	// Its answer counts; the first one's still waits for a tap.
	if ok, _ := b.d.Saved().Answer(ctx, parent, group.MeetupID, meetups.FeltOkay, *b.clock); !ok {
		t.Error("the answer to a follow-up that was asked did not count")
	}
	// Switched off (removed) meanwhile: nothing.
	b.d.Saved().Unsave(ctx, parent, cafe.MeetupID)
	if res := b.n.followUp(ctx, cafe); res.Outcome() != "cancelled" || res.Reason() != "not_saved" {
		t.Errorf("removed: %s %s", res.Outcome(), res.Reason())
	}
}

func TestNoticesSendFailures(t *testing.T) {
	t.Parallel()
	b := setupNotices(t)
	ctx := context.Background()
	const gone, flaky = 401, 402
	for _, chat := range []int64{gone, flaky} {
		if _, err := b.d.Saved().Save(ctx, chat, b.ms["Dinsdagcafé"], *b.clock); err != nil {
			t.Fatal(err)
		}
	}
	b.sent.fail[gone] = errors.Join(errors.New("notify"), blocked{})
	b.sent.fail[flaky] = errors.New("message not delivered (gave_up): 502 Bad Gateway")
	*b.clock = time.Date(2026, 11, 30, 19, 0, 0, 0, meetups.Amsterdam)
	due := func(chat int64) db.Reminder {
		return db.Reminder{JobID: chat, ChatID: chat, MeetupID: b.ms["Dinsdagcafé"].ID, When: dialog.RemindEvening, Start: b.tue}
	}
	if res := b.n.reminder(ctx, due(gone)); res.Outcome() != "unreachable" {
		t.Errorf("a blocked chat: %s %s, want unreachable", res.Outcome(), res.Reason())
	}
	if res := b.n.reminder(ctx, due(flaky)); res.Outcome() != "failed" || res.Reason() != "send" {
		t.Errorf("a passing failure: %s %s, want failed to be tried again", res.Outcome(), res.Reason())
	}
	// Not saved (any more): dropped with its reason.
	if res := b.n.reminder(ctx, due(999)); res.Outcome() != "cancelled" || res.Reason() != "not_saved" {
		t.Errorf("not saved: %s %s", res.Outcome(), res.Reason())
	}
}
