package dialog_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// Chats of the invite tests.
const (
	invAdmin, invOrganiser, invParent = 7001, 7002, 7003
)

// inviteStore is a role store with one admin and one organiser that
// records the invites made.
type inviteStore struct {
	mu      sync.Mutex
	admins  map[int64]bool
	orgs    []dialog.Organisation
	made    []madeInvite
	listErr error
}

type madeInvite struct {
	role    meetups.Role
	org     string
	trusted bool
	ttl     time.Duration
}

func (s *inviteStore) Memberships(ctx context.Context, chatID int64) ([]meetups.Membership, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.admins[chatID]:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleAdmin}}, nil
	case chatID == invOrganiser:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleOrganiser, OrgID: 1, OrgName: "Buurtteam Oost"}}, nil
	}
	return nil, nil
}

func (s *inviteStore) RedeemInvite(ctx context.Context, code string, chatID int64, now time.Time) (meetups.Membership, error) {
	return meetups.Membership{}, meetups.Errorf(meetups.ENOTFOUND, "no invite")
}

func (s *inviteStore) Admins(ctx context.Context) ([]int64, error) { return nil, nil }

func (s *inviteStore) CreateInvite(ctx context.Context, role meetups.Role, orgName string, trusted bool, ttl time.Duration, now time.Time) (meetups.Invite, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.made = append(s.made, madeInvite{role, orgName, trusted, ttl})
	return meetups.Invite{Code: "c0de", Role: role, OrgName: orgName, Trusted: trusted, ExpiresAt: now.Add(ttl)}, nil
}

func (s *inviteStore) RecentOrganisations(ctx context.Context, limit int) ([]dialog.Organisation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listErr != nil {
		return nil, s.listErr
	}
	return s.orgs[:min(limit, len(s.orgs))], nil
}

func (s *inviteStore) Made() []madeInvite {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.made)
}

func (s *inviteStore) revoke(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.admins, chatID)
}

type inviteBundle struct {
	e       *dialog.Engine
	store   *dialogtest.MemStore
	members *inviteStore
}

// invNow is a Monday morning; 14 days on is Monday 7 December, 11:00 in
// Amsterdam.
var invNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func setupInvite(t *testing.T, orgs ...dialog.Organisation) inviteBundle {
	t.Helper()
	members := &inviteStore{admins: map[int64]bool{invAdmin: true}, orgs: orgs}
	store := dialogtest.NewMemStore()
	e, err := dialog.New(store, dialog.Options{Now: func() time.Time { return invNow }, Members: members})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return inviteBundle{e: e, store: store, members: members}
}

var someOrgs = []dialog.Organisation{{ID: 11, Name: "Babycafé De Wieg"}, {ID: 12, Name: "JGZ Utrecht"}}

// as runs one input of chatID, in Dutch unless in says otherwise.
func (b inviteBundle) as(t *testing.T, chatID int64, in dialog.Input) []dialog.Reply {
	t.Helper()
	rs, err := b.try(chatID, in)
	if err != nil {
		t.Fatalf("Handle(%+v): %v", in, err)
	}
	if len(rs) == 0 {
		t.Fatalf("Handle(%+v): no reply", in)
	}
	for _, r := range rs {
		for _, row := range r.Buttons {
			for _, btn := range row {
				if len(btn.Data) > 64 || btn.Data == "" {
					t.Fatalf("button %q: callback data %q breaks Telegram's 1–64 byte rule", btn.Text, btn.Data)
				}
			}
		}
	}
	return rs
}

func (b inviteBundle) try(chatID int64, in dialog.Input) ([]dialog.Reply, error) {
	if in.Lang == "" {
		in.Lang = "nl"
	}
	return b.e.Handle(context.Background(), chatID, in)
}

func (b inviteBundle) session(t *testing.T, chatID int64) dialog.Session {
	t.Helper()
	s, err := b.store.LoadSession(context.Background(), chatID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (b inviteBundle) T(id string, data ...any) string { return b.e.Text("nl", id, data...) }

// wantText checks that r is locale text id.
func (b inviteBundle) wantText(t *testing.T, r dialog.Reply, id string, data ...any) {
	t.Helper()
	if want := b.T(id, data...); r.Text != want {
		t.Fatalf("got=%q, want %s %q", r.Text, id, want)
	}
}

// question is the text a step with a summary line shows.
func (b inviteBundle) question(who, id string) string {
	return b.T("inv_for", map[string]any{"Who": who}) + "\n\n" + b.T(id)
}

func TestInviteOrganiserExistingOrg(t *testing.T) {
	t.Parallel()
	b := setupInvite(t, someOrgs...)
	r := b.as(t, invAdmin, cmd("uitnodigen", ""))
	b.wantText(t, r[0], "inv_role")
	if got, want := buttonData(r[0]), []string{"inv:r:organiser", "inv:r:staff", "inv:r:admin", "inv:x"}; !slices.Equal(got, want) {
		t.Fatalf("role buttons: got=%v, want %v", got, want)
	}

	r = b.as(t, invAdmin, press("inv:r:organiser"))
	b.wantText(t, r[0], "inv_org")
	if r[0].EditMessageID != 7 {
		t.Errorf("a button answer should edit the question, got EditMessageID=%d", r[0].EditMessageID)
	}
	if got, want := buttonData(r[0]), []string{"inv:o:11", "inv:o:12", "inv:new", "inv:back", "inv:x"}; !slices.Equal(got, want) {
		t.Fatalf("organisation buttons: got=%v, want %v", got, want)
	}
	if r[0].Buttons[0][0].Text != "Babycafé De Wieg" {
		t.Errorf("first organisation button: got=%q", r[0].Buttons[0][0].Text)
	}

	r = b.as(t, invAdmin, press("inv:o:12"))
	who := b.T("inv_who_organiser", map[string]any{"Org": "JGZ Utrecht"})
	if want := b.question(who, "inv_trusted"); r[0].Text != want {
		t.Fatalf("trusted question: got=%q, want %q", r[0].Text, want)
	}
	if !strings.Contains(r[0].Text, "zonder controle") {
		t.Errorf("the trust question does not say what trusted means: %q", r[0].Text)
	}
	r = b.as(t, invAdmin, press("inv:t:y"))
	if want := b.question(who, "inv_days"); r[0].Text != want {
		t.Fatalf("days question: got=%q, want %q", r[0].Text, want)
	}
	if got, want := buttonData(r[0]), []string{"inv:d:3", "inv:d:14", "inv:d:30", "inv:back", "inv:x"}; !slices.Equal(got, want) {
		t.Fatalf("days buttons: got=%v, want %v", got, want)
	}

	r = b.as(t, invAdmin, press("inv:d:14"))
	if len(r) != 2 {
		t.Fatalf("got %d replies, want the message to forward and the summary", len(r))
	}
	data := map[string]any{"Who": who, "Until": "ma 7 dec 11:00", "Link": "https://t.me/<bot>?start=org_c0de"}
	b.wantText(t, r[0], "inv_message", data)
	if want := b.T("inv_done", data) + "\n" + b.T("inv_done_trusted") + "\n\n" + b.T("inv_no_botname"); r[1].Text != want {
		t.Errorf("summary: got=%q, want %q", r[1].Text, want)
	}
	if len(r[0].Buttons) != 0 || !slices.Contains(buttonData(r[1]), "menu") {
		t.Errorf("the message to forward has buttons %v, the summary %v: want none, then a way on", buttonData(r[0]), buttonData(r[1]))
	}
	for _, want := range []string{"https://t.me/<bot>?start=org_c0de", "JGZ Utrecht", "één keer", "7 dec"} {
		if !strings.Contains(r[0].Text, want) {
			t.Errorf("message to forward lacks %q: %q", want, r[0].Text)
		}
	}
	if got, want := b.members.Made(), []madeInvite{{meetups.RoleOrganiser, "JGZ Utrecht", true, 14 * 24 * time.Hour}}; !slices.Equal(got, want) {
		t.Errorf("invites made: got=%+v, want %+v", got, want)
	}
	if s := b.session(t, invAdmin); s.Invite != nil || s.Step != "" {
		t.Errorf("session after the invite: got step=%q draft=%+v", s.Step, s.Invite)
	}
}

func TestInviteBotUsername(t *testing.T) {
	t.Parallel()
	b := setupInvite(t)
	b.e.SetBotUsername("@OuderkringBot")
	b.as(t, invAdmin, cmd("invite", ""))
	b.as(t, invAdmin, press("inv:r:admin"))
	r := b.as(t, invAdmin, press("inv:d:3"))
	if !strings.Contains(r[0].Text, "https://t.me/OuderkringBot?start=admin_c0de") {
		t.Errorf("link: got=%q", r[0].Text)
	}
	if strings.Contains(r[1].Text, b.T("inv_no_botname")) {
		t.Errorf("the name is known, yet the admin is asked to replace it: %q", r[1].Text)
	}
	if got, want := b.members.Made(), []madeInvite{{meetups.RoleAdmin, "", false, 3 * 24 * time.Hour}}; !slices.Equal(got, want) {
		t.Errorf("invites made: got=%+v, want %+v", got, want)
	}
	// The name belongs to that engine only.
	other := setupInvite(t)
	other.as(t, invAdmin, cmd("uitnodigen", ""))
	other.as(t, invAdmin, press("inv:r:admin"))
	if r := other.as(t, invAdmin, press("inv:d:3")); !strings.Contains(r[0].Text, "https://t.me/<bot>?start=") {
		t.Errorf("another engine's link: got=%q", r[0].Text)
	}
}

func TestInviteTypedName(t *testing.T) {
	t.Parallel()
	t.Run("NewNameButton", func(t *testing.T) {
		t.Parallel()
		b := setupInvite(t, someOrgs...)
		b.as(t, invAdmin, cmd("uitnodigen", ""))
		b.as(t, invAdmin, press("inv:r:staff"))
		r := b.as(t, invAdmin, press("inv:new"))
		b.wantText(t, r[0], "inv_org_name")
		if got, want := buttonData(r[0]), []string{"inv:back", "inv:x"}; !slices.Equal(got, want) {
			t.Errorf("buttons: got=%v, want %v", got, want)
		}
		// Staff skip the trust question; the typed name is shown back.
		r = b.as(t, invAdmin, text("  Consultatiebureau   Overvecht \n"))
		who := b.T("inv_who_staff", map[string]any{"Org": "Consultatiebureau Overvecht"})
		if want := b.question(who, "inv_days"); r[0].Text != want {
			t.Fatalf("got=%q, want %q", r[0].Text, want)
		}
		if r[0].EditMessageID != 0 {
			t.Error("a typed answer must get a new message, not edit an old one")
		}
		r = b.as(t, invAdmin, press("inv:d:30"))
		if !strings.Contains(r[0].Text, "?start=staff_c0de") {
			t.Errorf("link: got=%q", r[0].Text)
		}
		if got, want := b.members.Made(), []madeInvite{{meetups.RoleStaff, "Consultatiebureau Overvecht", false, 30 * 24 * time.Hour}}; !slices.Equal(got, want) {
			t.Errorf("invites made: got=%+v, want %+v", got, want)
		}
	})
	t.Run("TypedAtOrganisationStep", func(t *testing.T) {
		t.Parallel()
		b := setupInvite(t, someOrgs...)
		b.as(t, invAdmin, cmd("uitnodigen", ""))
		b.as(t, invAdmin, press("inv:r:organiser"))
		r := b.as(t, invAdmin, text("Buurthuis De Linde"))
		who := b.T("inv_who_organiser", map[string]any{"Org": "Buurthuis De Linde"})
		if want := b.question(who, "inv_trusted"); r[0].Text != want {
			t.Fatalf("got=%q, want %q", r[0].Text, want)
		}
		b.as(t, invAdmin, press("inv:t:n"))
		b.as(t, invAdmin, press("inv:d:14"))
		if got := b.members.Made(); len(got) != 1 || got[0].org != "Buurthuis De Linde" || got[0].trusted {
			t.Errorf("invites made: got=%+v", got)
		}
	})
	t.Run("NoOrganisationsYet", func(t *testing.T) {
		t.Parallel()
		b := setupInvite(t)
		b.as(t, invAdmin, cmd("uitnodigen", ""))
		r := b.as(t, invAdmin, press("inv:r:organiser"))
		b.wantText(t, r[0], "inv_org_name")
		if got, want := buttonData(r[0]), []string{"inv:back", "inv:x"}; !slices.Equal(got, want) {
			t.Errorf("buttons: got=%v, want %v", got, want)
		}
	})
	t.Run("ErrNameBad", func(t *testing.T) {
		t.Parallel()
		b := setupInvite(t, someOrgs...)
		b.as(t, invAdmin, cmd("uitnodigen", ""))
		b.as(t, invAdmin, press("inv:r:organiser"))
		b.as(t, invAdmin, press("inv:new"))
		for _, bad := range []string{"x", "   y   ", strings.Repeat("é", 121)} {
			r := b.as(t, invAdmin, text(bad))
			b.wantText(t, r[0], "inv_org_bad")
			if s := b.session(t, invAdmin); s.Step != "inv_org_name" || s.Invite.OrgName != "" {
				t.Errorf("after %q: step=%q name=%q", bad, s.Step, s.Invite.OrgName)
			}
		}
		r := b.as(t, invAdmin, text(strings.Repeat("é", 120)))
		if !strings.Contains(r[0].Text, b.T("inv_trusted")) {
			t.Errorf("120 characters should do: %q", r[0].Text)
		}
		if got := b.members.Made(); len(got) != 0 {
			t.Errorf("invites made: %+v", got)
		}
	})
	t.Run("TextAtButtonStep", func(t *testing.T) {
		t.Parallel()
		b := setupInvite(t, someOrgs...)
		b.as(t, invAdmin, cmd("uitnodigen", ""))
		r := b.as(t, invAdmin, text("organisator"))
		b.wantText(t, r[0], "hint_unknown")
		b.wantText(t, r[1], "inv_role")
		if s := b.session(t, invAdmin); s.Step != "inv_role" {
			t.Errorf("step: got=%q", s.Step)
		}
	})
}

func TestInviteBack(t *testing.T) {
	t.Parallel()
	b := setupInvite(t, someOrgs...)
	b.as(t, invAdmin, cmd("uitnodigen", ""))
	b.as(t, invAdmin, press("inv:r:organiser"))
	b.as(t, invAdmin, press("inv:new"))
	b.as(t, invAdmin, text("Babycafé Noord"))
	steps := []string{"inv_org_name", "inv_org", "inv_role"}
	for _, want := range steps {
		b.as(t, invAdmin, press("inv:back"))
		if s := b.session(t, invAdmin); s.Step != want {
			t.Fatalf("back: got step=%q, want %q", s.Step, want)
		}
	}
	// Choosing another role forgets the organisation of the first.
	r := b.as(t, invAdmin, press("inv:r:admin"))
	if want := b.question(b.T("inv_who_admin"), "inv_days"); r[0].Text != want {
		t.Fatalf("got=%q, want %q", r[0].Text, want)
	}
	if s := b.session(t, invAdmin); s.Invite.OrgName != "" || s.Invite.Role != meetups.RoleAdmin {
		t.Errorf("draft: got=%+v", s.Invite)
	}
	b.as(t, invAdmin, press("inv:back"))
	if s := b.session(t, invAdmin); s.Step != "inv_role" {
		t.Errorf("back from days for an admin: got step=%q, want inv_role", s.Step)
	}
	// From the trust question back to the list the organisation came from.
	b.as(t, invAdmin, press("inv:r:organiser"))
	b.as(t, invAdmin, press("inv:o:11"))
	b.as(t, invAdmin, press("inv:t:y"))
	b.as(t, invAdmin, press("inv:back"))
	b.as(t, invAdmin, press("inv:back"))
	if s := b.session(t, invAdmin); s.Step != "inv_org" {
		t.Errorf("got step=%q, want inv_org", s.Step)
	}
	if got := b.members.Made(); len(got) != 0 {
		t.Errorf("going back made invites: %+v", got)
	}
}

func TestInviteCancel(t *testing.T) {
	t.Parallel()
	// Each step, reached by these presses, has a Stop button.
	for name, presses := range map[string][]string{
		"Role":    nil,
		"Org":     {"inv:r:organiser"},
		"OrgName": {"inv:r:staff", "inv:new"},
		"Trusted": {"inv:r:organiser", "inv:o:11"},
		"Days":    {"inv:r:admin"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setupInvite(t, someOrgs...)
			r := b.as(t, invAdmin, cmd("uitnodigen", ""))
			for _, p := range presses {
				r = b.as(t, invAdmin, press(p))
			}
			if !slices.Contains(buttonData(r[0]), "inv:x") {
				t.Fatalf("no Stop button: %v", buttonData(r[0]))
			}
			r = b.as(t, invAdmin, press("inv:x"))
			if len(presses) > 0 {
				b.wantText(t, r[0], "nav_stop_sure") // something was answered: ask first
				r = b.as(t, invAdmin, press("inv:xy"))
			}
			b.wantText(t, r[0], "org_cancelled")
			if r[1].Text != b.T("menu_prompt") {
				t.Errorf("after stopping: got=%q, want the menu", r[1].Text)
			}
			if s := b.session(t, invAdmin); s.Invite != nil || s.Step != "" {
				t.Errorf("session: step=%q draft=%+v", s.Step, s.Invite)
			}
			if got := b.members.Made(); len(got) != 0 {
				t.Errorf("invites made: %+v", got)
			}
		})
	}
}

func TestInviteRefused(t *testing.T) {
	t.Parallel()
	t.Run("ParentAndOrganiserCommand", func(t *testing.T) {
		t.Parallel()
		b := setupInvite(t, someOrgs...)
		for _, chat := range []int64{invParent, invOrganiser} {
			r := b.as(t, chat, cmd("uitnodigen", ""))
			b.wantText(t, r[0], "not_allowed")
			if s := b.session(t, chat); s.Invite != nil || s.Step != "" {
				t.Errorf("chat %d: session step=%q draft=%+v", chat, s.Step, s.Invite)
			}
		}
	})
	t.Run("ForgedButtons", func(t *testing.T) {
		t.Parallel()
		b := setupInvite(t, someOrgs...)
		for _, chat := range []int64{invParent, invOrganiser} {
			for _, data := range []string{"inv:r:admin", "inv:d:14", "inv:o:11", "inv:x", "inv:back"} {
				r := b.as(t, chat, press(data))
				b.wantText(t, r[0], "not_allowed")
			}
		}
		if got := b.members.Made(); len(got) != 0 {
			t.Errorf("forged buttons made invites: %+v", got)
		}
	})
	t.Run("ForgedSession", func(t *testing.T) {
		t.Parallel()
		// A parent whose stored session says "making an invite" (never
		// trusted): the store is asked, and the draft is dropped.
		b := setupInvite(t, someOrgs...)
		_, err := b.store.SaveSession(context.Background(), dialog.Session{ChatID: invParent, Step: "inv_days",
			Invite: &dialog.InviteDraft{Role: meetups.RoleAdmin}})
		if err != nil {
			t.Fatal(err)
		}
		r := b.as(t, invParent, press("inv:d:14"))
		b.wantText(t, r[0], "not_allowed")
		if s := b.session(t, invParent); s.Invite != nil || s.Step != "" {
			t.Errorf("session: step=%q draft=%+v", s.Step, s.Invite)
		}
		if got := b.members.Made(); len(got) != 0 {
			t.Errorf("invites made: %+v", got)
		}
	})
	t.Run("RevokedMidway", func(t *testing.T) {
		t.Parallel()
		b := setupInvite(t, someOrgs...)
		b.as(t, invAdmin, cmd("uitnodigen", ""))
		b.as(t, invAdmin, press("inv:r:organiser"))
		b.members.revoke(invAdmin)
		r := b.as(t, invAdmin, text("Babycafé Noord"))
		b.wantText(t, r[0], "not_allowed")
		if s := b.session(t, invAdmin); s.Invite != nil || s.Step != "" {
			t.Errorf("session: step=%q draft=%+v", s.Step, s.Invite)
		}
	})
	t.Run("OldOrUnknownButtons", func(t *testing.T) {
		t.Parallel()
		b := setupInvite(t, someOrgs...)
		// No invite being made: an old button.
		r := b.as(t, invAdmin, press("inv:d:14"))
		b.wantText(t, r[0], "hint_old_button")
		b.as(t, invAdmin, cmd("uitnodigen", ""))
		b.as(t, invAdmin, press("inv:r:organiser"))
		// An organisation that was not offered, a button of another step.
		for _, data := range []string{"inv:o:99", "inv:o:x", "inv:d:14", "inv:r:king"} {
			r := b.as(t, invAdmin, press(data))
			b.wantText(t, r[0], "hint_old_button")
			b.wantText(t, r[1], "inv_org")
		}
		b.as(t, invAdmin, press("inv:o:11"))
		b.as(t, invAdmin, press("inv:t:n"))
		r = b.as(t, invAdmin, press("inv:d:7"))
		b.wantText(t, r[0], "hint_old_button")
		if got := b.members.Made(); len(got) != 0 {
			t.Errorf("invites made: %+v", got)
		}
	})
}

func TestInviteStoreDown(t *testing.T) {
	t.Parallel()
	b := setupInvite(t, someOrgs...)
	b.members.listErr = errors.New("database down")
	b.as(t, invAdmin, cmd("uitnodigen", ""))
	if _, err := b.try(invAdmin, press("inv:r:organiser")); err == nil {
		t.Fatal("a failing store should fail the turn (the front end apologises)")
	}
	if s := b.session(t, invAdmin); s.Step != "inv_role" {
		t.Errorf("the dialog moved on a failure: step=%q", s.Step)
	}
}

func TestInviteEnglish(t *testing.T) {
	t.Parallel()
	b := setupInvite(t, someOrgs...)
	in := cmd("invite", "")
	in.Lang = "en"
	r := b.as(t, invAdmin, in)
	if want := b.e.Text("en", "inv_role"); r[0].Text != want || r[0].Buttons[0][0].Text != b.e.Text("en", "inv_role_organiser") {
		t.Errorf("got=%q %q, want English", r[0].Text, r[0].Buttons[0][0].Text)
	}
}

// TestInviteLogs is not parallel: it swaps the default logger.
func TestInviteLogs(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })

	b := setupInvite(t, someOrgs...)
	b.as(t, invParent, cmd("uitnodigen", ""))
	b.as(t, invOrganiser, press("inv:o:11"))
	b.as(t, invAdmin, cmd("uitnodigen", ""))
	b.as(t, invAdmin, press("inv:r:organiser"))
	b.as(t, invAdmin, text("Geheime Stichting"))
	b.as(t, invAdmin, press("inv:t:y"))
	b.as(t, invAdmin, press("inv:d:14"))

	logs := buf.String()
	for _, want := range []string{`"action":"uitnodigen"`, `"action":"uitnodigen-button"`, `"chat_id":7003`, `"chat_id":7002`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the refusals are not logged with %s:\n%s", want, logs)
		}
	}
	for _, secret := range []string{"Geheime Stichting", "Babycafé", "Buurtteam", "c0de"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs hold %q:\n%s", secret, logs)
		}
	}
}
