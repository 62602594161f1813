package dialog_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestEnteringAFlowClearsTheOthersDrafts: a parent who leaves a help
// request for a search does not carry the request's name along, and an
// organiser who turns to /vraag leaves /nieuw's draft behind; asking for
// help keeps the search's place (the "nobody to ask" path searches from
// it). The menu clears nothing.
func TestEnteringAFlowClearsTheOthersDrafts(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	r.store.Calm = true
	ctx := context.Background()
	handle := func(chat int64, in dialog.Input) dialog.Session {
		t.Helper()
		in.Lang = "nl"
		if _, err := r.e.Handle(ctx, chat, in); err != nil {
			t.Fatal(err)
		}
		s, err := r.store.LoadSession(ctx, chat)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	handle(fuzzParent, cmd("vraag", ""))
	s := handle(fuzzParent, press0("an:practical"))
	if s.Ask == nil {
		t.Fatalf("no help request after its first answer: step %q", s.Step)
	}
	s = handle(fuzzParent, dialog.Input{Kind: dialog.InputLocation, Location: &meetups.Point{Lat: 52.09, Lon: 5.12}})
	if s.Ask != nil || s.Search == nil {
		t.Errorf("after a search began: ask %+v, search %v; want the request gone, the search there", s.Ask, s.Search != nil)
	}
	s = handle(fuzzParent, cmd("vraag", ""))
	if s.Ask == nil || s.Search == nil || s.Search.Place == nil {
		t.Errorf("asking for help dropped the search's place: %+v", s.Search)
	}
	s = handle(fuzzParent, cmd("menu", ""))
	if s.Ask == nil || s.Search == nil {
		t.Errorf("the menu cleared a draft: ask %v, search %v", s.Ask != nil, s.Search != nil)
	}

	handle(fuzzOrganiser, cmd("nieuw", ""))
	if s := handle(fuzzOrganiser, press0("o:k:baby_cafe")); s.Org == nil || s.Step != "org_title" {
		t.Fatalf("/nieuw: step %q", s.Step)
	}
	if s := handle(fuzzOrganiser, cmd("vraag", "")); s.Org != nil || s.Ask == nil {
		t.Errorf("/vraag after /nieuw: org %v, ask %v; want only the help request", s.Org != nil, s.Ask != nil)
	}
}

// TestMeetupAtASharedLocation: with the address lookup away, an organiser
// shares the meetup's place at the address step; it is confirmed by the
// nearest town's name and becomes the meetup's point. A location shared
// at another step is answered there: the draft stays, no parent search.
func TestMeetupAtASharedLocation(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	r.store.Calm = true
	ctx := context.Background()
	do := r.as(t, fuzzOrganiser)
	do(cmd("nieuw", ""))
	do(press0("o:k:baby_cafe"))
	amersfoort := meetups.Point{Lat: 52.1561, Lon: 5.3878}
	if out := do(dialog.Input{Kind: dialog.InputLocation, Location: &amersfoort}); out[0].Text != r.e.Text("nl", "org_location_not_now") {
		t.Errorf("a location at the title step: got %q", out[0].Text)
	}
	if s, _ := r.store.LoadSession(ctx, fuzzOrganiser); s.Step != "org_title" || s.Org == nil || s.Search != nil {
		t.Fatalf("after a location at the title step: step %q, draft %v, search %v", s.Step, s.Org != nil, s.Search != nil)
	}
	do(text("Babycafé Amersfoort"))
	do(text("Koffie en kletsen met je baby."))
	out := do(dialog.Input{Kind: dialog.InputLocation, Location: &amersfoort})
	if out[0].Text != r.e.Text("nl", "org_where_check_shared", map[string]any{"Label": "Amersfoort"}) {
		t.Fatalf("a location at the address step: got %q", out[0].Text)
	}
	do(press0("o:wok"))
	s, _ := r.store.LoadSession(ctx, fuzzOrganiser)
	if s.Step != "org_venue" || s.Org.M.Point == nil || *s.Org.M.Point != amersfoort || s.Org.M.City != "Amersfoort" {
		t.Errorf("after confirming: step %q, meetup %+v", s.Step, s.Org.M)
	}
}

// TestOrganiserScreensHaveAWayOn: /help names an organiser's commands (and
// not to a parent); every confirmation in /mijn and after publishing has
// buttons on — to the meetup, the list, the menu.
func TestOrganiserScreensHaveAWayOn(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	r.store.Calm = true
	ctx := context.Background()
	do := func(chat int64, in dialog.Input) []dialog.Reply { return r.as(t, chat)(in) }
	if h := do(fuzzOrganiser, cmd("help", "")); !strings.Contains(h[0].Text, "/nieuw") || !strings.Contains(h[0].Text, "/mijn") {
		t.Errorf("an organiser's /help: %q", h[0].Text)
	}
	if h := do(fuzzParent, cmd("help", "")); strings.Contains(h[0].Text, "/nieuw") {
		t.Errorf("a parent's /help names /nieuw: %q", h[0].Text)
	}
	if _, err := r.store.SaveSession(ctx, dialog.Session{ChatID: fuzzOrganiser, Version: 1, Step: "org_preview",
		Org: &dialog.OrgDraft{Key: "draft-ways", M: effectDraft()}}); err != nil {
		t.Fatal(err)
	}
	for _, data := range []string{"o:pub", "m:p:1", "m:r:1", "m:cd:1:20261201", "m:dy:1"} {
		out := do(fuzzOrganiser, press0(data))
		got := buttonData(out[len(out)-1])
		if !slices.Contains(got, "m:l") || !slices.Contains(got, "menu") {
			t.Errorf("%s: the answer %q has buttons %v, want the list and the menu", data, out[len(out)-1].Text, got)
		}
	}
}

// twoOrgs is an organiser of two organisations (1 and 2), and an admin
// without an organisation; the rest as fuzzRoles.
type twoOrgs struct{ *fuzzRoles }

func (f twoOrgs) Memberships(ctx context.Context, chatID int64) ([]meetups.Membership, error) {
	switch chatID {
	case fuzzOrganiser:
		return []meetups.Membership{
			{ChatID: chatID, Role: meetups.RoleOrganiser, OrgID: 1, OrgName: "Buurtteam Oost", Trusted: true},
			{ChatID: chatID, Role: meetups.RoleOrganiser, OrgID: 2, OrgName: "Babycafé West", Trusted: true},
		}, nil
	case fuzzAdmin:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleAdmin}}, nil
	}
	return nil, nil
}

// TestSeveralOrganisations: an organiser of two organisations says which
// one a new meetup is for; /mijn lists the meetups of both; an admin
// without an organisation gets the moderation queue in /mijn (or what it
// is for, when nothing waits), not a refusal.
func TestSeveralOrganisations(t *testing.T) {
	t.Parallel()
	roles := twoOrgs{&fuzzRoles{}}
	store := dialogtest.NewMemStore()
	e, err := dialog.New(store, dialog.Options{Now: func() time.Time { return testNow }, Members: roles, OrgCatalogue: roles})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	do := func(chat int64, in dialog.Input) []dialog.Reply {
		t.Helper()
		in.Lang = "nl"
		out, err := e.Handle(ctx, chat, in)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	r := do(fuzzOrganiser, cmd("nieuw", ""))
	if r[0].Text != e.Text("nl", "org_for") || !slices.Equal(buttonData(r[0])[:2], []string{"o:for:1", "o:for:2"}) {
		t.Fatalf("/nieuw for two organisations: %q %v", r[0].Text, buttonData(r[0]))
	}
	do(fuzzOrganiser, press0("o:for:2"))
	if s, _ := store.LoadSession(ctx, fuzzOrganiser); s.Step != "org_kind" || s.Org.M.OrgID != 2 || s.Org.M.OrgName != "Babycafé West" {
		t.Fatalf("after choosing: step %q, org %d %q", s.Step, s.Org.M.OrgID, s.Org.M.OrgName)
	}
	// Publish one for each organisation.
	for i, org := range []int64{1, 2} {
		m := effectDraft()
		m.OrgID, m.Title = org, fmt.Sprintf("Babycafé %d", org)
		s, _ := store.LoadSession(ctx, fuzzOrganiser)
		s.Step, s.Org = "org_preview", &dialog.OrgDraft{Key: fmt.Sprint("two-", i), M: m}
		if _, err := store.SaveSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		if r := do(fuzzOrganiser, press0("o:pub")); r[0].Text != e.Text("nl", "org_published") {
			t.Fatalf("publish for organisation %d: %q", org, r[0].Text)
		}
	}
	list := do(fuzzOrganiser, cmd("mijn", ""))[0].Text
	for _, want := range []string{"Babycafé 1 · Buurtteam Oost", "Babycafé 2 · Babycafé West"} {
		if !strings.Contains(list, want) {
			t.Errorf("/mijn lacks %q:\n%s", want, list)
		}
	}
	if r := do(fuzzAdmin, cmd("mijn", "")); r[0].Text != e.Text("nl", "mine_admin") {
		t.Errorf("an admin's /mijn with nothing waiting: %q", r[0].Text)
	}
	// A meetup waiting for an admin: the admin's /mijn is the queue, with
	// approve and reject.
	roles.mu.Lock()
	m := roles.ms[1]
	m.Status = meetups.StatusPending
	roles.ms[1] = m
	roles.mu.Unlock()
	r = do(fuzzAdmin, cmd("mijn", ""))
	if !strings.HasPrefix(r[0].Text, e.Text("nl", "mine_queue", map[string]any{"N": 1})) ||
		!slices.Contains(buttonData(r[0]), "mod:ok:1") || !slices.Contains(buttonData(r[0]), "mod:no:1") {
		t.Errorf("an admin's /mijn with one waiting: %q %v", r[0].Text, buttonData(r[0]))
	}
	if r := do(fuzzAdmin, press0("mod:ok:1")); r[0].Text != e.Text("nl", "mod_approved") {
		t.Errorf("approving from the queue: %q", r[0].Text)
	}
	// Every live meetup, from /mijn: each can be taken offline, with a
	// reason, as a change can.
	r = do(fuzzAdmin, cmd("mijn", ""))
	if !slices.Contains(buttonData(r[0]), "m:a:0") {
		t.Fatalf("an admin's /mijn has no way to every live meetup: %v", buttonData(r[0]))
	}
	r = do(fuzzAdmin, press0("m:a:0"))
	roles.mu.Lock()
	live := 0
	for _, m := range roles.ms {
		if m.Status == meetups.StatusPublished {
			live++
		}
	}
	roles.mu.Unlock()
	head := e.Text("nl", "mine_all_head", map[string]any{"From": 1, "To": min(live, 10), "Total": live})
	if live == 0 || !strings.HasPrefix(r[0].Text, head) || !slices.Contains(buttonData(r[0]), "mod:cno:1") {
		t.Errorf("the admin's overview of %d live meetups: %q %v, want it to start %q with mod:cno:1", live, r[0].Text, buttonData(r[0]), head)
	}
	// A page past the end (the list shrank since it was sent) shows the first.
	if r := do(fuzzAdmin, press0("m:a:990")); !strings.HasPrefix(r[0].Text, head) {
		t.Errorf("a page past the end: %q, want the first page", r[0].Text)
	}
	if r := do(fuzzAdmin, press0("mod:cno:1")); r[0].Text != e.Text("nl", "mod_reason_off") {
		t.Errorf("taking a live meetup offline from the overview: %q", r[0].Text)
	}
	// An organiser who is no admin cannot open the overview.
	if r := do(fuzzOrganiser, press0("m:a:0")); slices.Contains(buttonData(r[0]), "mod:cno:1") {
		t.Errorf("an organiser opened the admin's overview: %q", r[0].Text)
	}
}

// TestModerationInEachOnesLanguage: the verdict reaches the organiser in
// the language they talk to the bot in, not the default.
func TestModerationInEachOnesLanguage(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	r.store.Calm = true
	ctx := context.Background()
	if _, err := r.store.SaveSession(ctx, dialog.Session{ChatID: fuzzOrganiser, Lang: "en", LangChosen: true, Step: "org_preview",
		Org: &dialog.OrgDraft{Key: "draft-lang", M: effectDraft()}}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.Handle(ctx, fuzzOrganiser, press0("o:pub")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.Handle(ctx, fuzzAdmin, press0("mod:cno:1")); err != nil {
		t.Fatal(err)
	}
	out, err := r.e.Handle(ctx, fuzzAdmin, text("Klopt niet meer"))
	if err != nil {
		t.Fatal(err)
	}
	var verdict *dialog.Reply
	for i := range out {
		if out[i].To == fuzzOrganiser {
			verdict = &out[i]
		}
	}
	want := r.e.Text("en", "org_taken_off", map[string]any{"Title": "Babycafé Extra", "Reason": "Klopt niet meer"})
	if verdict == nil || verdict.Text != want {
		t.Errorf("the verdict to the organiser: %+v, want %q", verdict, want)
	}
}

// TestRejectedMeetupCanBeSentAgain: a meetup an admin turned down shows in
// /mijn with the reason and "change and submit again"; saving the change
// sends it again (live at once for a trusted organiser) and the reason goes.
func TestRejectedMeetupCanBeSentAgain(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	r.store.Calm = true
	m := effectDraft()
	m.ID, m.Status, m.RejectReason = 1, meetups.StatusArchived, "Het adres klopt niet"
	r.roles.mu.Lock()
	r.roles.ms = map[int64]meetups.Meetup{1: m}
	r.roles.mu.Unlock()
	do := r.as(t, fuzzOrganiser)
	if list := do(cmd("mijn", ""))[0].Text; !strings.Contains(list, "afgewezen: Het adres klopt niet") {
		t.Errorf("/mijn: %s", list)
	}
	card := do(press0("m:o:1"))
	if !slices.Contains(buttonData(card[0]), "m:e:1") || !strings.Contains(fmt.Sprint(card[0].Buttons), r.e.Text("nl", "mine_resubmit")) {
		t.Errorf("the card of a turned-down meetup: %v", card[0].Buttons)
	}
	do(press0("m:e:1"))
	if out := do(press0("o:pub")); out[0].Text != r.e.Text("nl", "org_published") {
		t.Errorf("sending it again: %q", out[0].Text)
	}
	r.roles.mu.Lock()
	got := r.roles.ms[1]
	r.roles.mu.Unlock()
	if got.Status != meetups.StatusPublished {
		t.Errorf("after sending again: status %s", got.Status)
	}
}

// as returns a function that sends an input in Dutch from chat and
// returns the replies, failing the test on an error.
func (r *fuzzRig) as(t *testing.T, chat int64) func(dialog.Input) []dialog.Reply {
	return func(in dialog.Input) []dialog.Reply {
		t.Helper()
		in.Lang = "nl"
		out, err := r.e.Handle(context.Background(), chat, in)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
}
