package db_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
)

func TestInvites(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	m := d.Members()
	ctx := t.Context()
	inv, err := m.CreateInvite(ctx, meetups.RoleOrganiser, "Babycafé De Wieg", true, 14*24*time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	if p := inv.Payload(); len(p) > 64 || !meetups.ValidPayload(p) || len(inv.Code) < 16 {
		t.Errorf("payload %q breaks Telegram's deep-link rules or is too short", p)
	}
	if n, err := db.QueryInt(ctx, d, "select count(*) from invites where code_hash = $1", inv.Code); err != nil || n != 0 {
		t.Errorf("the code is stored as it is (%d rows, %v); want only its hash", n, err)
	}
	ms, err := m.RedeemInvite(ctx, inv.Code, 501, now)
	if err != nil || ms.Role != meetups.RoleOrganiser || ms.OrgName != "Babycafé De Wieg" || !ms.Trusted {
		t.Fatalf("redeem: got %+v, %v", ms, err)
	}
	got, err := m.Memberships(ctx, 501)
	if err != nil || len(got) != 1 || got[0].OrgID == 0 {
		t.Errorf("memberships: got %+v, %v", got, err)
	}
	if _, err := m.RedeemInvite(ctx, inv.Code, 502, now); meetups.ErrorCode(err) != meetups.EUSED {
		t.Errorf("second use: got %v, want EUSED", err)
	}
	if _, err := m.RedeemInvite(ctx, "nonsense", 502, now); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Errorf("unknown: got %v, want ENOTFOUND", err)
	}
	old, _ := m.CreateInvite(ctx, meetups.RoleStaff, "JGZ Utrecht", false, time.Hour, now)
	if _, err := m.RedeemInvite(ctx, old.Code, 503, now.Add(2*time.Hour)); meetups.ErrorCode(err) != meetups.EEXPIRED {
		t.Errorf("expired: got %v, want EEXPIRED", err)
	}
	if got, _ := m.Memberships(ctx, 503); len(got) != 0 {
		t.Errorf("an expired invite gave a role: %+v", got)
	}
	for _, bad := range []struct {
		role meetups.Role
		org  string
		ttl  time.Duration
	}{{"king", "x", time.Hour}, {meetups.RoleOrganiser, "", time.Hour}, {meetups.RoleAdmin, "x", time.Hour}, {meetups.RoleStaff, "xy", 0},
		{meetups.RoleStaff, "JGZ", 59 * time.Second}, {meetups.RoleOrganiser, strings.Repeat("a", 5000), time.Hour},
		{meetups.RoleOrganiser, "a\nb", time.Hour}, {meetups.RoleOrganiser, "x", time.Hour}} {
		if _, err := m.CreateInvite(ctx, bad.role, bad.org, false, bad.ttl, now); meetups.ErrorCode(err) != meetups.EINVALID {
			t.Errorf("CreateInvite(%+v): got %v, want EINVALID", bad, err)
		}
	}

	// Forgetting the chat removes its role.
	if err := d.Sessions().ForgetChat(ctx, 501); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Memberships(ctx, 501); len(got) != 0 {
		t.Errorf("after forget: %+v", got)
	}
}

func TestInviteRedeemedOnce(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	m := d.Members()
	inv, err := m.CreateInvite(t.Context(), meetups.RoleAdmin, "", false, time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg sync.WaitGroup
		mu sync.Mutex
		ok int
	)
	for i := int64(0); i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := m.RedeemInvite(t.Context(), inv.Code, 600+i, now); err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if ok != 1 {
		t.Errorf("%d chats redeemed one invite, want 1", ok)
	}
	if err := m.EnsureAdmins(t.Context(), []int64{700, 700}); err != nil {
		t.Fatal(err)
	}
	admins, err := m.Admins(t.Context())
	if err != nil || len(admins) != 2 {
		t.Errorf("admins: got %v, %v, want the redeemer and 700", admins, err)
	}
}

func TestForgetClearsSubmitter(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	c := d.Catalogue()
	id := mustSaveMeetup(t, c, meetup("ingestuurd", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	if err := c.SetSubmittedBy(t.Context(), id, 801); err != nil {
		t.Fatal(err)
	}
	if got, err := c.SubmittedBy(t.Context(), id); err != nil || got != 801 {
		t.Fatalf("submitter: got %d, %v", got, err)
	}
	if err := d.Sessions().ForgetChat(t.Context(), 801); err != nil {
		t.Fatal(err)
	}
	if got, err := c.SubmittedBy(t.Context(), id); err != nil || got != 0 {
		t.Errorf("after /vergeet the meetup still names the chat: %d, %v", got, err)
	}
	if _, err := c.MeetupAny(t.Context(), id); err != nil {
		t.Errorf("forgetting the submitter removed the meetup: %v", err)
	}
}

func TestRecentOrganisations(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	m, c := d.Members(), d.Catalogue()
	ctx := t.Context()
	for _, name := range []string{"Oud Team", "Buurthuis Noord", "JGZ Utrecht"} {
		if _, err := c.EnsureOrganisation(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	sample := meetup("Voorbeeldcafé", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10))
	sample.OrgName, sample.Sample = "Voorbeeld Stichting", true
	mustSaveMeetup(t, c, sample)
	// An invite makes an older organisation recent again.
	if _, err := m.CreateInvite(ctx, meetups.RoleStaff, "Oud Team", false, time.Hour, now); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		got, err := m.RecentOrganisations(ctx, 8)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range got {
			if o.ID == 0 {
				t.Errorf("%q has no id", o.Name)
			}
			names = append(names, o.Name)
		}
		if want := "Oud Team,JGZ Utrecht,Buurthuis Noord"; strings.Join(names, ",") != want {
			t.Errorf("got=%v, want %s (most recent first, no sample organisation)", names, want)
		}
	})
	t.Run("CountInvites", func(t *testing.T) {
		if n, err := m.CountInvites(ctx); err != nil || n != 1 {
			t.Errorf("got=%d, %v, want 1", n, err)
		}
	})
	t.Run("Limit", func(t *testing.T) {
		got, err := m.RecentOrganisations(ctx, 2)
		if err != nil || len(got) != 2 {
			t.Errorf("got=%v, %v, want 2", got, err)
		}
	})
}
