package dialog_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestEveryWriteOncePerPress runs each writing flow twice: once on a
// store that conflicts on the first save of every step (so Handle steps
// every input twice, as when another update or the upkeep saved the chat
// in between) and once on a calm one. In both, each press makes its write
// exactly once, and the answers are the same: a retried step reuses the
// first outcome instead of writing again (effects.go). Before the
// effects, a conflict redeemed an invite twice and told its redeemer it
// was used, and one press of publish stored two meetups.
func TestEveryWriteOncePerPress(t *testing.T) {
	t.Parallel()
	type press struct {
		chat int64
		in   dialog.Input
		want string // the effect this input makes, once ("" for none)
	}
	org := func(in dialog.Input, want string) press { return press{fuzzOrganiser, in, want} }
	adm := func(in dialog.Input, want string) press { return press{fuzzAdmin, in, want} }
	par := func(in dialog.Input, want string) press { return press{fuzzParent, in, want} }
	flows := []struct {
		name   string
		preset map[int64]dialog.Session // sessions to start from
		steps  []press
	}{
		{name: "publish then edit, pause, cancel a date, delete", preset: map[int64]dialog.Session{
			fuzzOrganiser: {Step: "org_preview", Org: &dialog.OrgDraft{Key: "draft-1", M: effectDraft()}},
		}, steps: []press{
			org(press0("o:pub"), "publish"),
			org(press0("o:pub"), ""), // the draft is gone: nothing more
			org(cmd("mijn", ""), ""),
			org(press0("m:p:1"), "set_status"),
			org(press0("m:r:1"), "set_status"),
			org(press0("m:cd:1:20261201"), "cancel_date"),
			org(press0("m:dy:1"), "delete_meetup"),
		}},
		{name: "an edit saves the meetup", preset: map[int64]dialog.Session{
			fuzzOrganiser: {Step: "org_preview", Org: &dialog.OrgDraft{Key: "draft-2", M: effectDraft()}},
		}, steps: []press{
			org(press0("o:pub"), "publish"),
			org(press0("m:e:1"), ""),
			org(press0("o:pub"), "save_meetup"),
		}},
		{name: "redeem an invite", steps: []press{
			par(cmd("start", ""), ""),
			par(cmd("start", "org_"+fuzzInvite), "redeem"),
		}},
		{name: "make an invite", preset: map[int64]dialog.Session{
			fuzzAdmin: {Step: "inv_days", Invite: &dialog.InviteDraft{Role: meetups.RoleAdmin}},
		}, steps: []press{
			adm(press0("inv:d:14"), "create_invite"),
		}},
		{name: "make and delete a link", preset: map[int64]dialog.Session{
			fuzzAdmin: {Step: "link_area", Link: &dialog.LinkDraft{Label: "CB Oost", Code: "effectCode123456"}},
		}, steps: []press{
			adm(press0("lk:none"), "create_link"),
			adm(press0("lk:dy:1"), "delete_link"),
		}},
		{name: "moderate", preset: map[int64]dialog.Session{
			fuzzOrganiser: {Step: "org_preview", Org: &dialog.OrgDraft{Key: "draft-3", M: effectDraft()}},
		}, steps: []press{
			org(press0("o:pub"), "publish"),
			adm(press0("mod:cno:1"), ""), // take the live meetup offline: why?
			adm(text("Klopt niet meer"), "set_status"),
			org(press0("m:r:1"), ""), // archived: not paused, nothing to resume
		}},
		{name: "still happening", preset: map[int64]dialog.Session{
			fuzzOrganiser: {Step: "org_preview", Org: &dialog.OrgDraft{Key: "draft-4", M: effectDraft()}},
		}, steps: []press{
			org(press0("o:pub"), "publish"),
			org(press0("fr:y:1"), "confirm"),
			org(press0("fr:s:1"), "set_status"),
			org(press0("fr:u:1"), "set_status"),
		}},
		{name: "save, remind, follow up, answer, remove", preset: map[int64]dialog.Session{
			fuzzParent: {Step: "find_results", Search: &dialog.Search{Card: 1, Shown: []int64{1, 2},
				Place: &meetups.Place{Point: meetups.Point{Lat: 52.09, Lon: 5.12}, Label: "3512 Utrecht"}}},
		}, steps: []press{
			par(press0("r:sv:1"), "save"),
			par(press0("r:rb:1"), "remind"),
			par(press0("sv:fy:1"), "follow_up"),
			par(press0("sv:fg:1"), "answer"),
			par(press0("sv:x:1"), "unsave"),
			par(cmd("stop", ""), "stop_notices"),
		}},
		{name: "forget", steps: []press{
			par(cmd("start", ""), ""),
			par(cmd("vergeet", ""), ""),
			par(press0("forget:yes"), "forget"),
		}},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			var answers [2][][]dialog.Reply
			for run, calm := range []bool{true, false} {
				r := newFuzzRig(t)
				r.store.Calm = calm
				for chat, s := range f.preset {
					s.ChatID = chat
					if _, err := r.store.SaveSession(context.Background(), s); err != nil {
						t.Fatal(err)
					}
				}
				for i, p := range f.steps {
					*r.ran = (*r.ran)[:0]
					replies, err := r.e.Handle(context.Background(), p.chat, p.in)
					if err != nil {
						t.Fatalf("calm %v, step %d: %v", calm, i, err)
					}
					var want []string
					if p.want != "" {
						want = []string{p.want}
					}
					if !slices.Equal(*r.ran, want) {
						t.Errorf("calm %v, step %d (%+v): writes %v, want %v", calm, i, p.in, *r.ran, want)
					}
					answers[run] = append(answers[run], replies)
				}
				if !calm && r.store.Conflicts == 0 {
					t.Errorf("no conflicts in %d steps: the retry was not exercised", len(f.steps))
				}
			}
			for i := range answers[0] {
				if a, b := replyTexts(answers[0][i]), replyTexts(answers[1][i]); a != b {
					t.Errorf("step %d answered differently after a conflict:\ncalm: %s\nconflict: %s", i, a, b)
				}
			}
		})
	}
}

// press0 is a button press on a message the test does not track.
func press0(data string) dialog.Input {
	return dialog.Input{Kind: dialog.InputButton, Data: data, MessageID: 1, Lang: "nl"}
}

// replyTexts are the texts of rs, with the random part of invite links
// masked.
func replyTexts(rs []dialog.Reply) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text)
		b.WriteString(" | ")
	}
	return inviteLink.ReplaceAllString(b.String(), "start=…")
}

var inviteLink = regexp.MustCompile(`start=[A-Za-z0-9_-]+`)

// effectDraft is a complete draft of a weekly meetup on Tuesdays of
// organisation 1.
func effectDraft() meetups.Meetup {
	return meetups.Meetup{OrgID: 1, OrgName: "Buurtteam Oost", Kind: meetups.KindBabyCafe, Title: "Babycafé Extra",
		Point: &meetups.Point{Lat: 52.09, Lon: 5.12}, AgeMinMonths: 0, AgeMaxMonths: 12, Languages: []string{"nl"},
		Join: meetups.JoinWalkIn, Venue: "Buurthuis", City: "Utrecht",
		Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=TU",
			Start: time.Date(2026, 11, 24, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour}}
}

// TestUpdateAppliedOnce: an update Telegram delivers again (the bot was
// stopped after it saved the session but before the answer went out) is
// not stepped again: no second write, the session does not move, and the
// chat gets the question it is at. A new update is stepped as usual, and
// an update without an id (the terminal) always is.
func TestUpdateAppliedOnce(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	r.store.Calm = true // versions count the saves
	ctx := context.Background()
	s := dialog.Session{ChatID: fuzzOrganiser, Step: "org_preview", Org: &dialog.OrgDraft{Key: "draft-once", M: effectDraft()}}
	if _, err := r.store.SaveSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	pub := press0("o:pub")
	pub.UpdateID = 501
	first, err := r.e.Handle(ctx, fuzzOrganiser, pub)
	if err != nil || len(*r.ran) != 1 {
		t.Fatalf("first delivery: writes %v, err %v", *r.ran, err)
	}
	before, _ := r.store.LoadSession(ctx, fuzzOrganiser)
	*r.ran = (*r.ran)[:0]
	again, err := r.e.Handle(ctx, fuzzOrganiser, pub)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := r.store.LoadSession(ctx, fuzzOrganiser)
	if len(*r.ran) != 0 || after.Version != before.Version {
		t.Fatalf("redelivered: writes %v, version %d → %d; want nothing", *r.ran, before.Version, after.Version)
	}
	if len(again) != 1 || again[0].Text != r.e.Text("nl", "menu_prompt") || replyTexts(again) == replyTexts(first) {
		t.Fatalf("redelivered: got %s, want the menu the chat is at", replyTexts(again))
	}
	// The next update moves on; so do updates without ids, every time.
	next := cmd("help", "")
	next.UpdateID, next.Lang = 502, "nl"
	if _, err := r.e.Handle(ctx, fuzzOrganiser, next); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := r.e.Handle(ctx, fuzzOrganiser, cmd("help", "")); err != nil {
			t.Fatal(err)
		}
	}
	if s, _ := r.store.LoadSession(ctx, fuzzOrganiser); s.Version != after.Version+3 {
		t.Errorf("version %d after three more updates from %d", s.Version, after.Version)
	}
	// The window keeps the last few: an update far back is stepped anew
	// (out of order in webhook mode it may never have been applied).
	for id := int64(503); id < 520; id++ {
		in := cmd("help", "")
		in.UpdateID, in.Lang = id, "nl"
		if _, err := r.e.Handle(ctx, fuzzOrganiser, in); err != nil {
			t.Fatal(err)
		}
	}
	old := cmd("help", "")
	old.UpdateID, old.Lang = 400, "nl"
	v, _ := r.store.LoadSession(ctx, fuzzOrganiser)
	if _, err := r.e.Handle(ctx, fuzzOrganiser, old); err != nil {
		t.Fatal(err)
	}
	if s, _ := r.store.LoadSession(ctx, fuzzOrganiser); s.Version != v.Version+1 {
		t.Errorf("an update older than the window was not stepped: version %d → %d", v.Version, s.Version)
	}
}

// TestDecideWritesNothing: deciding a publish, a redeem or a save names
// the write and makes none; Apply makes it, once, however often it is
// called.
func TestDecideWritesNothing(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	ctx := context.Background()
	cases := []struct {
		chat int64
		s    dialog.Session
		in   dialog.Input
		want dialog.Effect
	}{
		{fuzzOrganiser, dialog.Session{Step: "org_preview", Org: &dialog.OrgDraft{Key: "draft-d", M: effectDraft()}},
			press0("o:pub"), dialog.Effect{Kind: "publish", Key: "draft-d"}},
		{fuzzParent, dialog.Session{}, cmd("start", "org_"+fuzzInvite), dialog.Effect{Kind: "redeem", Key: fuzzInvite}},
		{fuzzParent, dialog.Session{Step: "find_results", Search: &dialog.Search{Card: 1, Shown: []int64{1},
			Place: &meetups.Place{Point: meetups.Point{Lat: 52.09, Lon: 5.12}, Label: "3512 Utrecht"}}},
			press0("r:sv:1"), dialog.Effect{Kind: "save", Key: "1"}},
	}
	for _, c := range cases {
		c.s.ChatID, c.in.Lang = c.chat, "nl"
		*r.ran = (*r.ran)[:0]
		d := r.e.Decide(ctx, c.s, c.in)
		if got := d.Effects(); len(got) != 1 || got[0] != c.want {
			t.Errorf("%+v: decided %+v, want %+v", c.in, got, c.want)
		}
		r.roles.mu.Lock()
		stored, redeemed := len(r.roles.ms), r.roles.redeemedBy
		r.roles.mu.Unlock()
		saved, _ := r.saved.SavedMeetups(ctx, fuzzParent)
		if len(*r.ran) != 0 || stored != 0 || redeemed != 0 || len(saved) != 0 {
			t.Fatalf("%+v: deciding wrote: ran %v, %d meetups, redeemed by %d, %d saved", c.in, *r.ran, stored, redeemed, len(saved))
		}
		for range 2 {
			if _, _, err := d.Apply(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if len(*r.ran) != 1 {
			t.Errorf("%+v: Apply twice ran %v, want the one write", c.in, *r.ran)
		}
		r.roles.mu.Lock()
		r.roles.ms, r.roles.keys, r.roles.redeemedBy = nil, nil, 0
		r.roles.mu.Unlock()
		r.saved.Forget(fuzzParent)
	}
}

// TestOnAppliedTellsEachUpdatesFate: Options.OnApplied hears each update
// with an id once as applied (also the /vergeet that leaves no session to
// record it in), and again as "already applied" when it is delivered once
// more; an update without an id (the terminal) is not told.
// cmd/soak counts these to prove no update is applied twice.
func TestOnAppliedTellsEachUpdatesFate(t *testing.T) {
	t.Parallel()
	type fate struct {
		id    int64
		again bool
	}
	var got []fate
	e, err := dialog.New(dialogtest.NewMemStore(), dialog.Options{Now: func() time.Time { return testNow },
		OnApplied: func(id int64, again bool) { got = append(got, fate{id, again}) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{7, 7, 8, 0} {
		in := cmd("help", "")
		in.UpdateID, in.Lang = id, "nl"
		if _, err := e.Handle(context.Background(), 1, in); err != nil {
			t.Fatal(err)
		}
	}
	// Forgetting saves nothing, yet the update was applied.
	forget, yes := cmd("vergeet", ""), press0("forget:yes")
	forget.UpdateID, forget.Lang, yes.UpdateID, yes.Lang = 9, "nl", 10, "nl"
	for _, in := range []dialog.Input{forget, yes} {
		if _, err := e.Handle(context.Background(), 1, in); err != nil {
			t.Fatal(err)
		}
	}
	if want := []fate{{7, false}, {7, true}, {8, false}, {9, false}, {10, false}}; !slices.Equal(got, want) {
		t.Errorf("told %v, want %v", got, want)
	}
}
