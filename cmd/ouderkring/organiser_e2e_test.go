package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/schoolholidays"
)

func TestOrganiserConversation(t *testing.T) {
	e := setupE2E(t)
	const organiser, admin, parent, stranger = 4001, 4002, 4003, 4004
	ctx := context.Background()
	inv, err := e.members.CreateInvite(ctx, meetups.RoleOrganiser, "Buurtteam Oost", false, 14*24*time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}

	// The invite link makes the chat an organiser, once.
	e.tg.SendCommand(organiser, "nl", "/start "+inv.Payload())
	e.expectText(t, organiser, "nl", "invite_ok_organiser", map[string]any{"Org": "Buurtteam Oost"})
	e.expectMenu(t, organiser, "nl")
	e.tg.SendCommand(stranger, "nl", "/start "+inv.Payload())
	e.expectText(t, stranger, "nl", "invite_used")
	e.expectMenu(t, stranger, "nl")

	// /nieuw, step by step.
	e.tg.SendCommand(organiser, "nl", "/nieuw")
	q := e.expectText(t, organiser, "nl", "org_kind")
	e.tg.Click(t, q, "☕ "+e.loc.T("nl", "kind_baby_cafe"))
	e.expectText(t, organiser, "nl", "org_title")
	e.tg.SendText(organiser, "nl", strings.Repeat("Te lang ", 40))
	e.expectText(t, organiser, "nl", "org_title_bad")
	// An organiser is a person too: danger in a field gets the help lines,
	// never becomes the title, and the question comes back.
	e.tg.SendText(organiser, "nl", "sorry ik kan even niet, mijn man heeft me vannacht weer geslagen")
	help := e.tg.Next(t, organiser)
	if !strings.Contains(help.Text(), e.loc.T("nl", "safety_violence")) {
		t.Fatalf("danger in the title step: got %q", help.Text())
	}
	e.tg.Click(t, help, e.loc.T("nl", "safety_back"))
	e.expectText(t, organiser, "nl", "org_title")
	if d := e.session(t, organiser).Org; d == nil || d.M.Title != "" {
		t.Errorf("the words became the title: %+v", d)
	}
	// A meetup about a hard subject: the organiser gets the help lines
	// too, and can say the words are the title after all.
	e.tg.SendText(organiser, "nl", "Lotgenotengroep zelfmoordgedachten")
	help = e.tg.Next(t, organiser)
	if !strings.Contains(help.Text(), e.loc.T("nl", "safety_suicide")) {
		t.Fatalf("a title about suicide: got %q", help.Text())
	}
	e.tg.Click(t, help, e.loc.T("nl", "safety_use_text"))
	e.expectText(t, organiser, "nl", "org_desc")
	if d := e.session(t, organiser).Org; d == nil || d.M.Title != "Lotgenotengroep zelfmoordgedachten" || e.session(t, organiser).Held != "" {
		t.Errorf("the title after 'use my text': %+v", d)
	}
	// Back to the title, for the rest of this conversation: /nieuw offers
	// to go on with the meetup begun, or to start again.
	e.tg.SendText(organiser, "nl", "/nieuw")
	q = e.expectText(t, organiser, "nl", "org_resume", map[string]any{"Title": "Lotgenotengroep zelfmoordgedachten"})
	e.tg.Click(t, q, e.loc.T("nl", "org_resume_new"))
	q = e.expectText(t, organiser, "nl", "org_kind")
	e.tg.Click(t, q, "☕ "+e.loc.T("nl", "kind_baby_cafe"))
	e.expectText(t, organiser, "nl", "org_title")
	e.tg.SendText(organiser, "nl", "Babycafé Proef")
	e.expectText(t, organiser, "nl", "org_desc")
	e.tg.SendText(organiser, "nl", "Koffie, thee en andere ouders met hun baby's.")
	e.expectText(t, organiser, "nl", "org_where")
	e.tg.SendText(organiser, "nl", "Kanaalweg 82, Utrecht")
	if v := e.tg.Next(t, organiser); v.Method != "sendVenue" {
		t.Fatalf("the address is not shown on a map: %s", v)
	}
	q = e.tg.Next(t, organiser)
	e.tg.Click(t, q, e.loc.T("nl", "org_where_ok"))
	e.expectText(t, organiser, "nl", "org_venue")
	e.tg.SendText(organiser, "nl", "Buurthuis Het Anker")
	q = e.expectText(t, organiser, "nl", "org_repeat")
	e.tg.Click(t, q, e.loc.T("nl", "rep_weekly"))
	q = e.expectText(t, organiser, "nl", "org_weekday")
	e.tg.Click(t, q, "dinsdag")
	e.expectText(t, organiser, "nl", "org_times")
	e.tg.SendText(organiser, "nl", "11:30-10:00")
	e.expectText(t, organiser, "nl", "org_times_bad")
	e.tg.SendText(organiser, "nl", "10:00-11:30")
	q = e.expectText(t, organiser, "nl", "org_until")
	e.tg.Click(t, q, e.loc.T("nl", "org_until_none"))
	q = e.expectText(t, organiser, "nl", "org_skip")
	e.tg.Click(t, q, e.loc.T("nl", "org_skip_none"))
	q = e.expectText(t, organiser, "nl", "org_holidays", map[string]any{"Year": schoolholidays.End().Year()})
	e.tg.Click(t, q, e.loc.T("nl", "org_hol_none"))
	q = e.expectText(t, organiser, "nl", "org_ages")
	e.tg.Click(t, q, e.loc.T("nl", "age_0_1"))
	q = e.tg.Next(t, organiser)
	e.tg.Click(t, q, e.loc.T("nl", "org_done"))
	q = e.expectText(t, organiser, "nl", "org_themes")
	e.tg.Click(t, q, e.loc.T("nl", "org_done"))
	q = e.expectText(t, organiser, "nl", "org_langs")
	e.tg.Click(t, q, e.loc.T("nl", "org_done"))
	q = e.expectText(t, organiser, "nl", "org_cost")
	e.tg.Click(t, q, e.loc.T("nl", "org_cost_free"))
	q = e.expectText(t, organiser, "nl", "org_join")
	e.tg.Click(t, q, e.loc.T("nl", "join_walk_in"))
	preview := e.tg.Next(t, organiser)
	if !strings.Contains(preview.Text(), "Babycafé Proef") || !strings.Contains(preview.Text(), "Buurthuis Het Anker") {
		t.Errorf("preview: got=%q", preview.Text())
	}
	q = e.tg.Next(t, organiser)
	ages := e.loc.T("nl", "org_ages_preview", map[string]any{"Ages": e.loc.T("nl", "age_0_1")})
	if want := e.loc.T("nl", "org_preview") + "\n\n" + ages; q.Text() != want {
		t.Errorf("preview question: got %q, want %q", q.Text(), want)
	}
	e.tg.Click(t, q, e.loc.T("nl", "org_publish"))
	e.expectText(t, organiser, "nl", "org_pending")

	// Pending: parents do not find it; the admin gets it to review.
	mod := e.tg.Next(t, admin)
	if !strings.Contains(mod.Text(), "Babycafé Proef") {
		t.Fatalf("admin message: got=%q", mod.Text())
	}
	id := idFrom(t, mod, "mod:ok:")
	if _, err := e.cat.Meetup(ctx, id); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Errorf("a pending meetup is visible to parents: %v", err)
	}

	// Refusals: a parent pressing forged organiser and admin buttons, an
	// organiser of another organisation touching this meetup.
	e.tg.SendCommand(parent, "nl", "/nieuw")
	e.expectText(t, parent, "nl", "not_allowed")
	ids := strconv.FormatInt(id, 10)
	for _, data := range []string{"o:pub", "mod:ok:" + ids, "m:p:" + ids, "m:dy:" + ids} {
		e.tg.PressButton(parent, "nl", 1, data)
		e.expectText(t, parent, "nl", "not_allowed")
	}
	other, _ := e.members.CreateInvite(ctx, meetups.RoleOrganiser, "Ander Team", true, time.Hour, time.Now())
	e.tg.SendCommand(stranger, "nl", "/start "+other.Payload())
	e.tg.Next(t, stranger)
	e.tg.Next(t, stranger)
	e.tg.PressButton(stranger, "nl", 1, "m:dy:"+ids)
	e.expectText(t, stranger, "nl", "not_your_meetup")
	if _, err := e.cat.MeetupAny(ctx, id); err != nil {
		t.Fatalf("another organisation deleted the meetup: %v", err)
	}

	// The admin approves; the organiser hears it; a parent finds it.
	e.tg.Click(t, mod, e.loc.T("nl", "mod_approve"))
	e.expectText(t, admin, "nl", "mod_approved")
	e.expectText(t, organiser, "nl", "org_approved", map[string]any{"Title": "Babycafé Proef"})
	rs, err := e.cat.Search(ctx, meetups.Query{Near: meetups.Point{Lat: 52.0848, Lon: 5.1034}, RadiusKm: 1, Limit: 5, Now: time.Now()})
	if err != nil || len(rs) != 1 || rs[0].Title != "Babycafé Proef" {
		t.Fatalf("parents' search after approval: %+v, %v", rs, err)
	}

	// /mijn: cancel one date.
	e.tg.SendCommand(organiser, "nl", "/mijn")
	list := e.tg.Next(t, organiser)
	e.tg.PressButton(organiser, "nl", list.MessageID(), "m:o:"+ids)
	card := e.tg.Next(t, organiser)
	e.tg.Click(t, card, e.loc.T("nl", "mine_cancel_date"))
	dates := e.tg.Next(t, organiser)
	first := dates.InlineKeyboard()[0][0]
	e.tg.PressButton(organiser, "nl", dates.MessageID(), first.CallbackData)
	if c := e.tg.Next(t, organiser); !strings.Contains(c.Text(), "afgezegd") {
		t.Errorf("cancel a date: got=%q", c.Text())
	}
	m, err := e.cat.MeetupAny(ctx, id)
	if err != nil || len(m.Schedule.ExDates) != 1 {
		t.Errorf("after cancelling a date: exdates %v, %v", m.Schedule.ExDates, err)
	}

	// /mijn: change one part. Parents see it at once; the organiser is not
	// trusted, so the admins get the new version to look at afterwards.
	e.tg.SendCommand(organiser, "nl", "/mijn")
	list = e.tg.Next(t, organiser)
	e.tg.PressButton(organiser, "nl", list.MessageID(), "m:o:"+ids)
	card = e.tg.Next(t, organiser)
	e.tg.Click(t, card, e.loc.T("nl", "mine_edit"))
	e.tg.Next(t, organiser) // the card as parents see it
	q = e.expectPreview(t, organiser, "nl")
	e.tg.Click(t, q, e.loc.T("nl", "org_part_title"))
	e.expectText(t, organiser, "nl", "org_title")
	e.tg.SendText(organiser, "nl", "Babycafé Proef en Praat")
	e.tg.Next(t, organiser)
	q = e.expectPreview(t, organiser, "nl")
	e.tg.Click(t, q, e.loc.T("nl", "org_save"))
	e.expectText(t, organiser, "nl", "org_saved")
	if m, err := e.cat.Meetup(ctx, id); err != nil || m.Title != "Babycafé Proef en Praat" || len(m.Schedule.ExDates) != 1 {
		t.Errorf("after editing the title: %q, exdates %v, %v", m.Title, m.Schedule.ExDates, err)
	}
	review := e.tg.Next(t, admin)
	if !strings.Contains(review.Text(), "Babycafé Proef en Praat") || !strings.HasPrefix(review.Text(), e.loc.T("nl", "mod_changed", map[string]any{"Org": "Buurtteam Oost"})) {
		t.Fatalf("admin's look at the change: got=%q", review.Text())
	}
	// A parent cannot press the admin's "take it off"; the admin can, with a
	// reason the organiser hears.
	e.tg.PressButton(parent, "nl", 1, "mod:cno:"+ids)
	e.expectText(t, parent, "nl", "not_allowed")
	e.tg.Click(t, review, e.loc.T("nl", "mod_change_off"))
	e.expectText(t, admin, "nl", "mod_reason_off")
	e.tg.SendText(admin, "nl", "Dit adres klopt niet")
	e.expectText(t, admin, "nl", "mod_taken_off")
	e.expectText(t, organiser, "nl", "org_taken_off", map[string]any{"Title": "Babycafé Proef en Praat", "Reason": "Dit adres klopt niet"})
	if _, err := e.cat.Meetup(ctx, id); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Errorf("taken off by the admin, still visible to parents: %v", err)
	}

	// Every refusal was logged, without message text.
	if n := strings.Count(e.logs.String(), "refused"); n < 6 {
		t.Errorf("refusals logged: got %d, want at least 6", n)
	}
}

// idFrom reads the meetup id from the callback data of a button.
func idFrom(t *testing.T, c telegramtest.Call, prefix string) int64 {
	t.Helper()
	for _, row := range c.InlineKeyboard() {
		for _, b := range row {
			if rest, ok := strings.CutPrefix(b.CallbackData, prefix); ok {
				id, err := strconv.ParseInt(rest, 10, 64)
				if err == nil {
					return id
				}
			}
		}
	}
	t.Fatalf("no %s button on %s", prefix, c)
	return 0
}
