package db_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
)

func TestFreshness(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := t.Context()
	c := d.Catalogue()
	term := time.Date(2027, 1, 4, 0, 0, 0, 0, meetups.Amsterdam)
	at := term.Add(34 * time.Hour)

	// Two organisers of the organisation, one of another.
	for i, chat := range []int64{11, 12, 13} {
		org := "Buurtteam Oost"
		if i == 2 {
			org = "Ander Team"
		}
		inv, err := d.Members().CreateInvite(ctx, meetups.RoleOrganiser, org, true, time.Hour, at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Members().RedeemInvite(ctx, inv.Code, chat, at); err != nil {
			t.Fatal(err)
		}
	}
	save := func(title string, confirmed time.Time, s meetups.Schedule, sample bool) int64 {
		m := meetup(title, meetups.KindBabyCafe, north(1), s)
		m.ConfirmedAt, m.Sample = confirmed, sample
		return mustSaveMeetup(t, c, m)
	}
	weekly := weeklyAt("TU", 10)
	stale := save("stale", at.AddDate(0, 0, -60), weekly, false)
	old := save("old", at.Add(-meetups.FreshFor-time.Hour), weekly, false)
	recent := save("recent", at.AddDate(0, 0, -3), weekly, false)
	sample := save("sample", at.AddDate(0, 0, -300), weekly, true)
	once := save("once", at.AddDate(0, 0, -300), meetups.Schedule{Kind: meetups.ScheduleOnce,
		Start: at.AddDate(0, 0, 3), End: at.AddDate(0, 0, 3).Add(time.Hour)}, false)

	hidden, err := c.HideUnconfirmed(ctx, at.Add(-meetups.FreshFor), at)
	if err != nil {
		t.Fatal(err)
	}
	if len(hidden) != 1 || hidden[0].Meetup.ID != old || !slices.Equal(hidden[0].Chats, []int64{11, 12}) {
		t.Fatalf("HideUnconfirmed: got %+v, want only %d for chats 11 and 12", hidden, old)
	}
	if m, _ := c.MeetupAny(ctx, old); m.Status != meetups.StatusPaused || !m.Unconfirmed {
		t.Fatalf("hidden meetup: status %s, unconfirmed %v", m.Status, m.Unconfirmed)
	}

	// Two replicas claim at once: each meetup is asked about once.
	var mu sync.Mutex
	var claimed []int64
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			asks, err := c.ClaimFreshAsks(ctx, term, term.AddDate(0, 0, -28), at, 100)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, a := range asks {
				claimed = append(claimed, a.Meetup.ID)
			}
		})
	}
	wg.Wait()
	if !slices.Equal(claimed, []int64{stale}) {
		t.Fatalf("claimed %v, want only the stale meetup %d (not recent %d, sample %d, once %d, hidden %d)",
			claimed, stale, recent, sample, once, old)
	}
	again, err := c.ClaimFreshAsks(ctx, term, term.AddDate(0, 0, -28), at.Add(time.Hour), 100)
	if err != nil || len(again) != 0 {
		t.Fatalf("claiming again in the same term: %+v, %v", again, err)
	}
	next, err := c.ClaimFreshAsks(ctx, term.AddDate(0, 2, 0), term.AddDate(0, 1, 0), at.AddDate(0, 2, 0), 100)
	if err != nil || len(next) != 2 {
		t.Fatalf("claiming the next term: got %d, %v; want the stale one and the recent one again", len(next), err)
	}

	// Confirming brings the hidden one back; confirming an unknown one fails.
	if err := c.Confirm(ctx, old, at); err != nil {
		t.Fatal(err)
	}
	if m, _ := c.MeetupAny(ctx, old); m.Status != meetups.StatusPublished || m.Unconfirmed || !m.ConfirmedAt.Equal(at) {
		t.Fatalf("after Confirm: status %s, unconfirmed %v, confirmed %v", m.Status, m.Unconfirmed, m.ConfirmedAt)
	}
	if err := c.Confirm(ctx, 999999, at); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Fatalf("Confirm(unknown): %v", err)
	}

	// Resuming a hidden meetup through /mijn's status change confirms it too.
	if _, err := c.HideUnconfirmed(ctx, at.AddDate(1, 0, 0), at); err != nil {
		t.Fatal(err)
	}
	if err := c.SetStatus(ctx, stale, meetups.StatusPublished, ""); err != nil {
		t.Fatal(err)
	}
	if m, _ := c.MeetupAny(ctx, stale); m.Status != meetups.StatusPublished || m.Unconfirmed || time.Since(m.ConfirmedAt) > time.Minute {
		t.Fatalf("after SetStatus(published): status %s, unconfirmed %v, confirmed %v", m.Status, m.Unconfirmed, m.ConfirmedAt)
	}
}

// TestImportConfirms: a file that still lists a meetup confirms it, and
// one hidden for want of confirmation shows again.
func TestImportConfirms(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := t.Context()
	c := d.Catalogue()
	m := meetup("imported", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10))
	m.ExternalID = "row-1"
	first := now.AddDate(0, -6, 0)
	if _, err := c.Import(ctx, "feed.csv", []meetups.Meetup{m}, db.ImportOptions{}, first); err != nil {
		t.Fatal(err)
	}
	if _, err := c.HideUnconfirmed(ctx, now.Add(-meetups.FreshFor), now); err != nil {
		t.Fatal(err)
	}
	res, err := c.Import(ctx, "feed.csv", []meetups.Meetup{m}, db.ImportOptions{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != 1 {
		t.Fatalf("re-import: %+v, want the row unchanged", res)
	}
	ms, err := c.OrgMeetups(ctx, mustOrgID(t, c, "imported"))
	if err != nil || len(ms) != 1 {
		t.Fatalf("OrgMeetups: %v, %v", ms, err)
	}
	if got := ms[0]; got.Status != meetups.StatusPublished || got.Unconfirmed || !got.ConfirmedAt.Equal(now) {
		t.Fatalf("after re-import: status %s, unconfirmed %v, confirmed %v", got.Status, got.Unconfirmed, got.ConfirmedAt)
	}
}

// mustOrgID finds the organisation of the meetup titled title.
func mustOrgID(t *testing.T, c *db.Catalogue, title string) int64 {
	t.Helper()
	res, err := c.Search(t.Context(), meetups.Query{Near: centre, RadiusKm: 10, Limit: 50, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Title == title {
			return r.OrgID
		}
	}
	t.Fatalf("no meetup %q found", title)
	return 0
}
