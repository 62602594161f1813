package db_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestPublish: one transaction stores a meetup made in the bot with its
// submitter; the same draft key publishes once however often it is
// asked; the daily limit counts only the organisation's meetups made in
// the bot since the given moment, and holds when publishes race.
func TestPublish(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	c := d.Catalogue()
	ctx := t.Context()
	org, err := c.EnsureOrganisation(ctx, "Buurtteam Publish")
	if err != nil {
		t.Fatal(err)
	}
	draft := func(title string) meetups.Meetup {
		m := meetup(title, meetups.KindBabyCafe, north(1), weeklyAt("TU", 10))
		m.OrgID, m.OrgName, m.Status = org, "", meetups.StatusPending
		return m
	}
	since := time.Now().Add(-time.Hour)
	p := meetups.Publish{By: 901, Key: "901.1", Limit: 3, Since: since}
	id, created, err := c.Publish(ctx, draft("Eerste"), p, now)
	if err != nil || !created {
		t.Fatalf("publish: %d, %v, %v", id, created, err)
	}
	if by, err := c.SubmittedBy(ctx, id); err != nil || by != 901 {
		t.Errorf("submitter: %d, %v", by, err)
	}
	again, created, err := c.Publish(ctx, draft("Eerste"), p, now)
	if err != nil || created || again != id {
		t.Errorf("the same draft again: id %d (first %d), created %v, %v; want the first meetup", again, id, created, err)
	}
	// Imported meetups and other organisations' do not count.
	imported := draft("Geïmporteerd")
	imported.Source, imported.ExternalID = "feed.csv", "x1"
	mustSaveMeetup(t, c, imported)
	other := meetup("Ander", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10))
	other.OrgName = "Ander Team"
	mustSaveMeetup(t, c, other)
	// Two more fit under the limit of 3, raced by eight drafts at once.
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		made    int
		limited int
	)
	for i := range 8 {
		wg.Go(func() {
			q := p
			q.Key = fmt.Sprintf("901.%d", 10+i)
			_, created, err := c.Publish(ctx, draft(fmt.Sprintf("Race %d", i)), q, now)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case meetups.ErrorCode(err) == meetups.ELIMIT:
				limited++
			case err != nil:
				t.Errorf("race %d: %v", i, err)
			case created:
				made++
			}
		})
	}
	wg.Wait()
	if made != 2 || limited != 6 {
		t.Errorf("racing publishes: %d made, %d refused; want 2 and 6 (limit 3, one there)", made, limited)
	}
	if n, err := db.QueryInt(ctx, d, "select count(*) from meetups where org_id = $1 and source = ''", org); err != nil || n != 3 {
		t.Errorf("%d meetups made in the bot, %v; want 3", n, err)
	}
	// A publish refused stores nothing; the same draft republished after
	// the limit finds its meetup still (not refused).
	if _, _, err := c.Publish(ctx, draft("Eerste"), p, now); err != nil {
		t.Errorf("the first draft again at the limit: %v", err)
	}
	// From a later moment the earlier ones no longer count; no limit: any.
	later := p
	later.Key, later.Since = "901.30", time.Now().Add(time.Hour)
	if _, created, err := c.Publish(ctx, draft("Morgen"), later, now); err != nil || !created {
		t.Errorf("a new day: %v, %v", created, err)
	}
	free := p
	free.Key, free.Limit = "901.31", 0
	if _, created, err := c.Publish(ctx, draft("Beheerder"), free, now); err != nil || !created {
		t.Errorf("no limit: %v, %v", created, err)
	}
	// A publish without a key, or of an existing meetup, is a bug.
	nokey := p
	nokey.Key = ""
	if _, _, err := c.Publish(ctx, draft("Zonder"), nokey, now); meetups.ErrorCode(err) != meetups.EINVALID {
		t.Errorf("without a key: %v, want EINVALID", err)
	}
}

// TestStepRunTwiceWritesOnce: the writes a dialog step may run again when
// the process died before the session saved (dialog/effects.go) find
// what the first run made: an invite redeemed again by the same chat is
// still theirs (another chat still gets EUSED), and a link made again
// with its draft's code is the same link.
func TestStepRunTwiceWritesOnce(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	m := d.Members()
	ctx := t.Context()
	inv, err := m.CreateInvite(ctx, meetups.RoleOrganiser, "Babycafé Twee", false, time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	first, err := m.RedeemInvite(ctx, inv.Code, 911, now)
	if err != nil {
		t.Fatal(err)
	}
	second, err := m.RedeemInvite(ctx, inv.Code, 911, now.Add(time.Minute))
	if err != nil || second != first {
		t.Errorf("the same chat again: %+v, %v; want %+v", second, err, first)
	}
	if _, err := m.RedeemInvite(ctx, inv.Code, 912, now); meetups.ErrorCode(err) != meetups.EUSED {
		t.Errorf("another chat: %v, want EUSED", err)
	}
	if got, _ := m.Memberships(ctx, 911); len(got) != 1 {
		t.Errorf("memberships after redeeming twice: %+v", got)
	}
	r := d.Referrals()
	code, err := meetups.NewReferralCode()
	if err != nil {
		t.Fatal(err)
	}
	l := meetups.ReferralLink{Code: code, Label: "CB Twee"}
	a, err := r.CreateReferral(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.CreateReferral(ctx, l)
	if err != nil || b.ID != a.ID {
		t.Errorf("the same draft's link again: id %d (first %d), %v", b.ID, a.ID, err)
	}
	if n, err := db.QueryInt(ctx, d, "select count(*) from referral_links where code = $1", code); err != nil || n != 1 {
		t.Errorf("%d links with the code, %v", n, err)
	}
	l.Label = "Iets anders"
	if _, err := r.CreateReferral(ctx, l); err == nil {
		t.Error("a different link with a taken code was accepted")
	}
}

// TestRejectedStaysWithItsReason: a meetup an admin turned down stays in
// its organisation's list with the reason, so it can be fixed and sent
// again; one the organiser stopped (no reason) leaves the list.
func TestRejectedStaysWithItsReason(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	c := d.Catalogue()
	ctx := t.Context()
	rejected := mustSaveMeetup(t, c, meetup("Afgewezen", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	stopped := mustSaveMeetup(t, c, meetup("Gestopt", meetups.KindBabyCafe, north(1), weeklyAt("WE", 10)))
	if err := c.SetStatus(ctx, rejected, meetups.StatusArchived, "Het adres klopt niet"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetStatus(ctx, stopped, meetups.StatusArchived, ""); err != nil {
		t.Fatal(err)
	}
	m, err := c.MeetupAny(ctx, rejected)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := c.OrgMeetups(ctx, m.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, x := range ms {
		titles = append(titles, x.Title+"|"+x.RejectReason)
	}
	if !slices.Contains(titles, "Afgewezen|Het adres klopt niet") || slices.ContainsFunc(titles, func(s string) bool { return strings.HasPrefix(s, "Gestopt") }) {
		t.Errorf("the organisation's list: %v", titles)
	}
}

// TestPendingMeetups: the moderation queue holds the meetups waiting for
// an admin, oldest first, and nothing else.
func TestPendingMeetups(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	c := d.Catalogue()
	ctx := t.Context()
	a := mustSaveMeetup(t, c, meetup("Wacht A", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	b := mustSaveMeetup(t, c, meetup("Wacht B", meetups.KindBabyCafe, north(1), weeklyAt("WE", 10)))
	mustSaveMeetup(t, c, meetup("Staat erin", meetups.KindBabyCafe, north(1), weeklyAt("TH", 10)))
	for _, id := range []int64{a, b} {
		if err := c.SetStatus(ctx, id, meetups.StatusPending, ""); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := c.PendingMeetups(ctx)
	if err != nil || len(ms) != 2 || ms[0].ID != a || ms[1].ID != b {
		t.Errorf("pending: %+v, %v; want the two waiting, oldest first", ms, err)
	}
}

// TestLiveMeetups: an admin's overview pages through the published
// meetups only, by organisation and title, with how many there are.
func TestLiveMeetups(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	c := d.Catalogue()
	ctx := t.Context()
	for _, title := range []string{"Cee", "Aa", "Bee"} {
		mustSaveMeetup(t, c, meetup(title, meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	}
	waiting := mustSaveMeetup(t, c, meetup("Wacht", meetups.KindBabyCafe, north(1), weeklyAt("WE", 10)))
	if err := c.SetStatus(ctx, waiting, meetups.StatusPending, ""); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for off := 0; ; off += 2 {
		ms, total, err := c.LiveMeetups(ctx, off, 2)
		if err != nil || total != 3 {
			t.Fatalf("page at %d: total %d, %v; want 3", off, total, err)
		}
		if len(ms) == 0 {
			break
		}
		for _, m := range ms {
			titles = append(titles, m.Title)
		}
	}
	if strings.Join(titles, ",") != "Aa,Bee,Cee" {
		t.Errorf("live meetups, page by page: %v, want Aa,Bee,Cee (not the waiting one)", titles)
	}
}
