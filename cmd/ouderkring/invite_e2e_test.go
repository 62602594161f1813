package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/meetups"
)

// inviteLinkRe reads the deep link out of the message an admin forwards.
var inviteLinkRe = regexp.MustCompile(`https://t\.me/(\S+)\?start=(org_[A-Za-z0-9_-]+)`)

func TestInviteInBot(t *testing.T) {
	e := setupE2E(t)
	const admin, parent, newcomer = 4002, 4003, 4005
	ctx := context.Background()
	if _, err := e.cat.EnsureOrganisation(ctx, "Buurtteam Oost"); err != nil {
		t.Fatal(err)
	}
	invites := func() int {
		t.Helper()
		n, err := e.members.CountInvites(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// The admin makes an organiser invite for a new organisation.
	e.tg.SendCommand(admin, "nl", "/uitnodigen")
	q := e.expectText(t, admin, "nl", "inv_role")
	e.tg.Click(t, q, e.loc.T("nl", "inv_role_organiser"))
	q = e.expectText(t, admin, "nl", "inv_org")
	if q.Method != "editMessageText" {
		t.Errorf("the organisation question should replace the role question, got %s", q.Method)
	}
	if _, ok := q.FindButton("Buurtteam Oost"); !ok {
		t.Errorf("the existing organisation is not offered: %s", q)
	}
	e.tg.Click(t, q, e.loc.T("nl", "inv_org_new"))
	e.expectText(t, admin, "nl", "inv_org_name")
	e.tg.SendText(admin, "nl", "B")
	e.expectText(t, admin, "nl", "inv_org_bad")
	e.tg.SendText(admin, "nl", "  Babycafé   De Wieg ")
	q = e.tg.Next(t, admin)
	who := e.loc.T("nl", "inv_who_organiser", map[string]any{"Org": "Babycafé De Wieg"})
	if want := e.loc.T("nl", "inv_for", map[string]any{"Who": who}) + "\n\n" + e.loc.T("nl", "inv_trusted"); q.Text() != want {
		t.Fatalf("trust question: got=%q, want %q", q.Text(), want)
	}
	e.tg.Click(t, q, e.loc.T("nl", "inv_trusted_no"))
	q = e.tg.Next(t, admin)
	e.tg.Click(t, q, e.loc.T("nl", "inv_days_n", map[string]any{"Days": 14}))
	msg := e.tg.Next(t, admin) // the message to forward, then what to do with it
	done := e.tg.Next(t, admin)
	if !strings.Contains(done.Text(), who) || !strings.Contains(done.Text(), "één keer") || len(done.InlineKeyboard()) == 0 {
		t.Errorf("summary: got=%q with buttons %v", done.Text(), done.InlineKeyboard())
	}
	m := inviteLinkRe.FindStringSubmatch(msg.Text())
	if m == nil {
		t.Fatalf("no invite link in %q", msg.Text())
	}
	// The link names the bot as Telegram's getMe does.
	if name := m[1]; name != e.tg.BotUsername() {
		t.Errorf("link names bot %q, want %q", name, e.tg.BotUsername())
	}
	payload := m[2]
	if n := invites(); n != 1 {
		t.Fatalf("invites stored: got=%d, want 1", n)
	}

	// Another chat opens the link: an organiser of that organisation, who
	// can add a meetup. The link works once.
	e.tg.SendCommand(newcomer, "nl", "/start "+payload)
	e.expectText(t, newcomer, "nl", "invite_ok_organiser", map[string]any{"Org": "Babycafé De Wieg"})
	e.expectMenu(t, newcomer, "nl")
	ms, err := e.members.Memberships(ctx, newcomer)
	if org, ok := meetups.OrgOf(ms); err != nil || !ok || org.OrgName != "Babycafé De Wieg" || org.Trusted {
		t.Fatalf("memberships of the newcomer: got=%+v, %v", ms, err)
	}
	e.tg.SendCommand(newcomer, "nl", "/nieuw")
	e.expectText(t, newcomer, "nl", "org_kind")
	e.tg.SendCommand(parent, "nl", "/start "+payload)
	e.expectText(t, parent, "nl", "invite_used")
	e.expectMenu(t, parent, "nl")

	// A parent, and the new organiser, may not make invites; forged
	// buttons write nothing.
	for _, chat := range []int64{parent, newcomer} {
		e.tg.SendCommand(chat, "nl", "/uitnodigen")
		e.expectText(t, chat, "nl", "not_allowed")
	}
	for _, data := range []string{"inv:r:admin", "inv:d:30", "inv:t:y"} {
		e.tg.PressButton(parent, "nl", 1, data)
		e.expectText(t, parent, "nl", "not_allowed")
	}
	if n := invites(); n != 1 {
		t.Errorf("invites stored after the refusals: got=%d, want 1", n)
	}
	if s := e.session(t, parent); s.Invite != nil {
		t.Errorf("a parent's session holds an invite draft: %+v", s.Invite)
	}

	// Refusals are logged; organisation names and codes are not.
	logs := e.logs.String()
	if !strings.Contains(logs, `"action":"uitnodigen-button"`) {
		t.Errorf("the forged buttons were not logged:\n%s", logs)
	}
	for _, secret := range []string{"Babycafé De Wieg", "Buurtteam Oost", payload} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}
