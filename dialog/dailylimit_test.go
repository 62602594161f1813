package dialog

import (
	"context"
	"slices"
	"strings"
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

// TestDailyLimitOfNewMeetups: publish asks the catalogue to keep to the
// daily limit from midnight in the Netherlands (the catalogue counts, in
// the same transaction as the insert: db's TestPublish), and admins to
// none.
func TestDailyLimitOfNewMeetups(t *testing.T) {
	t.Parallel()
	midnight := time.Date(2026, 11, 23, 0, 0, 0, 0, meetups.Amsterdam)
	for _, admin := range []bool{false, true} {
		c := newOrgChat(t)
		if admin {
			e, err := New(nil, Options{Now: func() time.Time { return holidayNow }, Members: adminFakes{c.fakes}, OrgCatalogue: c.fakes})
			if err != nil {
				t.Fatal(err)
			}
			c.e = e
		}
		c.s.Org, c.s.Step = &OrgDraft{Key: "k", M: limitDraft()}, stepOrgPreview
		c.press("o:pub")
		if len(c.fakes.published) != 1 {
			t.Fatalf("admin %v: %d publishes asked, want 1", admin, len(c.fakes.published))
		}
		p := c.fakes.published[0]
		wantLimit := MaxNewPerDay
		if admin {
			wantLimit = 0
		}
		if !p.Since.Equal(midnight) || p.Limit != wantLimit || p.By != c.s.ChatID || p.Key != "k" {
			t.Errorf("admin %v: publish asked %+v, want since %v, limit %d, by the chat, key k", admin, p, midnight, wantLimit)
		}
	}
}

func limitDraft() meetups.Meetup {
	return meetups.Meetup{OrgID: 1, OrgName: "Buurtteam", Kind: meetups.KindBabyCafe, Title: "Babycafé Extra",
		Point: &meetups.Point{Lat: 52.09, Lon: 5.12}, AgeMinMonths: 0, AgeMaxMonths: 12, Languages: []string{"nl"},
		Join: meetups.JoinWalkIn, Venue: "Buurthuis", City: "Utrecht",
		Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=TU",
			Start: time.Date(2026, 12, 1, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour}}
}

// TestPublishKeepsToTheDailyLimit: at the limit, publishing a new meetup
// stores nothing, says why, and keeps the draft at its preview.
func TestPublishKeepsToTheDailyLimit(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t)
	for range MaxNewPerDay {
		c.fakes.saved = append(c.fakes.saved, meetups.Meetup{OrgID: 1, CreatedAt: holidayNow.Add(-time.Hour)})
	}
	c.s.Org, c.s.Step = &OrgDraft{M: limitDraft()}, stepOrgPreview
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

// TestSkippedDatesAreTheMeetupsOwn: a skipped date that is not one of the
// meetup's dates (a Wednesday for a Tuesday meetup) is refused with the
// reason, and a date that does not exist is told apart from one before
// the start.
func TestSkippedDatesAreTheMeetupsOwn(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t)
	c.s.Org, c.s.Step = &OrgDraft{M: limitDraft()}, stepOrgSkip // Tuesdays from 1 Dec 2026
	r := c.typed("30-12-2026")
	if want := c.e.Text("nl", "org_skip_not_ours", map[string]any{"Date": "wo 30 dec", "Pattern": "elke week op dinsdag"}); len(r) == 0 || r[0].Text != want {
		t.Errorf("a Wednesday: got %+v, want %q", r, want)
	}
	if c.s.Step != stepOrgSkip || len(c.s.Org.Skip) != 0 {
		t.Errorf("after a wrong date: step %q, skipped %v", c.s.Step, c.s.Org.Skip)
	}
	c.typed("29-12-2026")
	if len(c.s.Org.Skip) != 1 || c.s.Step == stepOrgSkip {
		t.Errorf("a Tuesday: skipped %v, step %q", c.s.Org.Skip, c.s.Step)
	}
	c.s.Step = stepOrgUntil
	if r := c.typed("31-2-2027"); len(r) == 0 || r[0].Text != c.e.Text("nl", "org_day_bad") {
		t.Errorf("31-2-2027: got %+v", r)
	}
}

// TestOnceInTheSpringGap: a one-off meetup at 2:30 on the night the clocks
// go forward is no time; it is not quietly moved to 3:30.
func TestOnceInTheSpringGap(t *testing.T) {
	t.Parallel()
	if _, ok := parseOnce("28-3-2027 02:30-04:00"); ok {
		t.Error("2:30 on 28 March 2027 read as a time")
	}
	if s, ok := parseOnce("28-3-2027 10:00-11:00"); !ok || s.Start.Hour() != 10 {
		t.Errorf("10:00 that day: %+v, %v", s, ok)
	}
}

// TestAgeTicksAreWhatWasTicked: ticking "4 tot 12" then "zwanger" ticks
// those two, not the bands between, and the meetup is for those two; each
// unticks on its own.
func TestAgeTicksAreWhatWasTicked(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t)
	c.s.Org, c.s.Step = &OrgDraft{M: meetups.Meetup{OrgID: 1}}, stepOrgAges
	ticked := func(r []Reply) []string {
		var on []string
		for _, row := range r[len(r)-1].Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.Text, "✓ ") {
					on = append(on, b.Data)
				}
			}
		}
		return on
	}
	c.press("o:a:4-12")
	r := c.press("o:a:pregnant")
	if got := ticked(r); !slices.Equal(got, []string{"o:a:pregnant", "o:a:4-12"}) {
		t.Errorf("after 4–12 and pregnant: ticked %v", got)
	}
	for _, b := range meetups.AgeBands { // and the meetup is for those two only
		if want := b == meetups.AgePregnant || b == meetups.AgeChild; c.s.Org.M.ForAge(b) != want {
			t.Errorf("ticked pregnant and 4–12: for %s is %v", b, !want)
		}
	}
	r = c.press("o:a:4-12")
	if got := ticked(r); !slices.Equal(got, []string{"o:a:pregnant"}) {
		t.Errorf("after unticking 4–12: ticked %v", got)
	}
	if c.s.Org.M.AgeMaxMonths >= 0 {
		t.Errorf("only pregnant left: the range still reaches %d months", c.s.Org.M.AgeMaxMonths)
	}
}
