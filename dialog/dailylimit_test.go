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
	today(5, "feed.csv")                                                                                     // imported, not made in the bot
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
