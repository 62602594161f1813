package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestAuthorizationMatrix tries every command and every button of the
// organiser, staff and admin flows as each role that may not use them — a
// parent, an organiser of another organisation, staff, and the meetup's
// own organiser where only admins may act — and checks that each is
// refused with the plain "not allowed" message and that nothing changed.
func TestAuthorizationMatrix(t *testing.T) {
	e := setupE2E(t)
	ctx := context.Background()
	const (
		parent   = 9001
		owner    = 9002 // organiser of Buurtteam A, who owns the meetup
		stranger = 9003 // organiser of another organisation
		staff    = 9004 // clinic staff of JGZ A, who own the link
		staff2   = 9005 // clinic staff of another organisation
	)
	e.becomeOrganiser(t, owner, "Buurtteam A", false)
	e.becomeOrganiser(t, stranger, "Ander Team", true)
	join := func(chat int64, org string) int64 {
		t.Helper()
		inv, err := e.members.CreateInvite(ctx, meetups.RoleStaff, org, false, time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		e.tg.SendCommand(chat, "nl", "/start "+inv.Payload())
		e.tg.Next(t, chat) // welcome
		e.tg.Next(t, chat) // menu
		ms, err := e.members.Memberships(ctx, chat)
		if err != nil || len(ms) != 1 {
			t.Fatalf("staff memberships: %+v, %v", ms, err)
		}
		return ms[0].OrgID
	}
	staffOrg := join(staff, "JGZ A")
	join(staff2, "JGZ B")

	// The meetup of Buurtteam A and the link of JGZ A that the others try.
	m := meetups.Meetup{OrgName: "Buurtteam A", Kind: meetups.KindBabyCafe, Title: "Babycafé Eigen",
		Point: &meetups.Point{Lat: utrecht.Lat, Lon: utrecht.Lon}, AgeMinMonths: 0, AgeMaxMonths: 18,
		Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=TU",
			Start: time.Date(2026, 9, 1, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour},
		Languages: []string{"nl"}, Join: meetups.JoinWalkIn, Status: meetups.StatusPublished, Venue: "Buurthuis", City: "Utrecht"}
	id, err := e.cat.SaveMeetup(ctx, m, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(ctx, e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	code, err := meetups.NewReferralCode()
	if err != nil {
		t.Fatal(err)
	}
	link, err := d.Referrals().CreateReferral(ctx, meetups.ReferralLink{Code: code, Label: "CB Oost", OrgID: staffOrg})
	if err != nil {
		t.Fatal(err)
	}
	ids, lid := strconv.FormatInt(id, 10), strconv.FormatInt(link.ID, 10)
	day := time.Now().In(meetups.Amsterdam).AddDate(0, 0, 7).Format("20060102")

	organiserCommands := []string{"/nieuw", "/mijn"}
	organiserButtons := []string{"o:pub", "o:x", "o:back", "o:f:title",
		"m:o:" + ids, "m:p:" + ids, "m:r:" + ids, "m:c:" + ids, "m:cd:" + ids + ":" + day, "m:e:" + ids, "m:d:" + ids, "m:dy:" + ids,
		"fr:y:" + ids, "fr:c:" + ids, "fr:s:" + ids, "fr:u:" + ids}
	adminCommands := []string{"/uitnodigen"}
	adminButtons := []string{"inv:r:admin", "inv:r:organiser", "inv:d:14", "inv:x",
		"mod:ok:" + ids, "mod:no:" + ids, "mod:cok:" + ids, "mod:cno:" + ids}
	staffCommands := []string{"/link", "/cijfers"}
	staffButtons := []string{"lk:new", "lk:f:" + lid, "lk:d:" + lid, "lk:dy:" + lid, "lk:none", "lk:list"}

	type attempt struct {
		who   int64
		input string
		want  string // the refusal's locale id
	}
	var tries []attempt
	add := func(who []int64, inputs ...[]string) {
		for _, w := range who {
			for _, in := range inputs {
				for _, x := range in {
					tries = append(tries, attempt{w, x, "not_allowed"})
				}
			}
		}
	}
	add([]int64{parent, staff}, organiserCommands, organiserButtons) // no organiser role at all
	for _, x := range organiserButtons[4:] {
		// An organiser of another organisation hears the real reason.
		tries = append(tries, attempt{stranger, x, "not_your_meetup"})
	}
	add([]int64{parent, owner, stranger, staff}, adminCommands, adminButtons)
	add([]int64{parent, owner, stranger}, staffCommands, staffButtons)
	add([]int64{staff2}, staffButtons[1:4]) // another organisation's link

	menus := map[int64]int{}
	for _, c := range []int64{parent, owner, stranger, staff, staff2} {
		e.tg.SendCommand(c, "nl", "/menu")
		menus[c] = e.expectMenu(t, c, "nl").MessageID()
	}
	for _, a := range tries {
		if strings.HasPrefix(a.input, "/") {
			e.tg.SendCommand(a.who, "nl", a.input)
		} else {
			e.tg.PressButton(a.who, "nl", menus[a.who], a.input)
		}
		got := e.tg.Next(t, a.who)
		if refused := e.loc.T("nl", a.want); got.Text() != refused {
			t.Errorf("chat %d, %q: got %s %q, want the refusal", a.who, a.input, got.Method, got.Text())
		}
	}
	if len(tries) < 100 {
		t.Fatalf("only %d attempts: the matrix lost its rows", len(tries))
	}

	// Nothing changed: the meetup as it was, the link alive, no invite made.
	after, err := e.cat.MeetupAny(ctx, id)
	if err != nil || after.Status != meetups.StatusPublished || after.Title != m.Title || len(after.Schedule.ExDates) != 0 {
		t.Errorf("the meetup changed: %+v, %v", after, err)
	}
	if _, err := d.Referrals().Referral(ctx, link.Code); err != nil {
		t.Errorf("the link is gone: %v", err)
	}
	if n, err := e.members.CountInvites(ctx); err != nil || n != 4 {
		t.Errorf("invites: %d, %v; want only the four this test made", n, err)
	}
	// Every refusal was logged, without the text of any input.
	if n := strings.Count(e.logs.String(), "refused"); n < len(tries) {
		t.Errorf("refusals logged: %d, want at least %d", n, len(tries))
	}
}
