package dialog

import (
	"context"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// adminFakes is an organiser who is also an admin.
type adminFakes struct{ *orgFakes }

func (f adminFakes) Memberships(ctx context.Context, chatID int64) ([]meetups.Membership, error) {
	ms, _ := f.orgFakes.Memberships(ctx, chatID)
	return append(ms, meetups.Membership{ChatID: chatID, Role: meetups.RoleAdmin}), nil
}

func TestDailyLimitOfNewMeetups(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t)
	today := func(n int, source string) {
		for range n {
			c.fakes.saved = append(c.fakes.saved, meetups.Meetup{OrgID: 1, Source: source, CreatedAt: holidayNow.Add(-time.Hour)})
		}
	}
	limit := func() (bool, []Reply) {
		tt := &turn{e: c.e, ctx: context.Background(), s: Session{ChatID: 77}, lang: "nl"}
		ok := tt.underDailyLimit(1)
		return ok, tt.out
	}
	today(MaxNewPerDay-1, "")
	c.fakes.saved = append(c.fakes.saved, meetups.Meetup{OrgID: 1, CreatedAt: holidayNow.AddDate(0, 0, -2)}) // not today
	// 23:00 last night in the Netherlands: within 24 hours, but not today.
	c.fakes.saved = append(c.fakes.saved, meetups.Meetup{OrgID: 1, CreatedAt: holidayNow.Add(-12 * time.Hour)})
	today(5, "feed.csv") // imported, not made in the bot
	if ok, out := limit(); !ok || len(out) != 0 {
		t.Fatalf("one under the limit: ok %v, replies %v", ok, out)
	}
	today(1, "")
	ok, out := limit()
	if want := c.e.Text("nl", "org_daily_limit", map[string]any{"Max": MaxNewPerDay}); ok || len(out) != 1 || out[0].Text != want {
		t.Fatalf("at the limit: ok %v, replies %v; want a refusal %q", ok, out, want)
	}
	// An admin may add more.
	e, err := New(nil, Options{Now: func() time.Time { return holidayNow }, Members: adminFakes{c.fakes}, OrgCatalogue: c.fakes})
	if err != nil {
		t.Fatal(err)
	}
	tt := &turn{e: e, ctx: context.Background(), s: Session{ChatID: 77}, lang: "nl"}
	if !tt.underDailyLimit(1) {
		t.Fatal("an admin was held to the daily limit")
	}
}

// TestPublishKeepsToTheDailyLimit: at the limit, publishing a new meetup
// stores nothing, says why, and keeps the draft at its preview.
func TestPublishKeepsToTheDailyLimit(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t)
	for range MaxNewPerDay {
		c.fakes.saved = append(c.fakes.saved, meetups.Meetup{OrgID: 1, CreatedAt: holidayNow.Add(-time.Hour)})
	}
	draft := meetups.Meetup{OrgID: 1, OrgName: "Buurtteam", Kind: meetups.KindBabyCafe, Title: "Babycafé Extra",
		Point: &meetups.Point{Lat: 52.09, Lon: 5.12}, AgeMinMonths: 0, AgeMaxMonths: 12, Languages: []string{"nl"},
		Join: meetups.JoinWalkIn, Venue: "Buurthuis", City: "Utrecht",
		Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=TU",
			Start: time.Date(2026, 12, 1, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour}}
	c.s.Org, c.s.Step = &OrgDraft{M: draft}, stepOrgPreview
	replies := c.press("o:pub")
	if len(c.fakes.saved) != MaxNewPerDay {
		t.Fatalf("a meetup was stored past the limit: %d", len(c.fakes.saved))
	}
	want := c.e.Text("nl", "org_daily_limit", map[string]any{"Max": MaxNewPerDay})
	if len(replies) == 0 || replies[len(replies)-1].Text != want {
		t.Fatalf("replies: %+v, want %q", replies, want)
	}
	if c.s.Org == nil || c.s.Org.M.Title != "Babycafé Extra" {
		t.Fatal("the draft was lost")
	}
	// One fewer today, and the same press publishes it.
	c.fakes.saved = c.fakes.saved[1:]
	c.press("o:pub")
	if len(c.fakes.saved) != MaxNewPerDay || c.fakes.saved[MaxNewPerDay-1].Title != "Babycafé Extra" {
		t.Fatalf("under the limit the meetup was not stored: %d", len(c.fakes.saved))
	}
}
