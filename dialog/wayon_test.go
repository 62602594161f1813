package dialog_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// namesACommand is a reply that tells what to type next ("/nieuw").
var namesACommand = regexp.MustCompile(`(^|[\s(“"'])/[a-z]{3,}`)

// TestEveryOrganiserReplyHasAWayOn walks an organiser and an admin through
// thousands of random steps — the buttons they were shown, their commands,
// texts each step might get, a shared location — and checks every answer:
// the last message of it has a button, or its text names the command to
// type next. An organiser on a bad day is never left at a screen with
// nowhere to go (issue 15).
func TestEveryOrganiserReplyHasAWayOn(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	r.store.Calm = true
	rng := rand.New(rand.NewPCG(15, 4))
	// Meetups in every state, so /mijn, its cards and the admin's queue
	// have something to show and act on.
	for i, st := range []meetups.Status{meetups.StatusPublished, meetups.StatusPending, meetups.StatusPaused,
		meetups.StatusArchived, meetups.StatusPublished, meetups.StatusPending} {
		m := effectDraft()
		m.Title, m.Status = fmt.Sprintf("Bijeenkomst %d", i+1), st
		if st == meetups.StatusArchived {
			m.RejectReason = "Graag een adres erbij."
		}
		if _, err := r.roles.SaveMeetup(t.Context(), m, testNow); err != nil {
			t.Fatal(err)
		}
	}
	commands := []string{"nieuw", "mijn", "uitnodigen", "link", "cijfers", "help", "menu"}
	texts := []string{"Babycafé De Wieg", "Koffie en praten.", "3512", "Utrecht", "nergens", "10:00-11:30", "11:30-10:00",
		"1-12-2026", "31-2-2027", "30-12-2026", "6 maanden tot 2 jaar", "2 tot 4", "€ 2,50", "gratis?", "https://example.org/x",
		"http://x", "0612345678", "ja", "hallo", "😀", "Buurtteam Noord", "5 tot 2 jaar"}
	// fits is an answer each step of /nieuw and /link takes, so the walk
	// gets past the first questions as often as it stumbles.
	fits := map[string]string{"org_title": "Babycafé De Wieg", "org_desc": "Koffie en praten.", "org_where": "3512",
		"org_venue": "Buurthuis", "org_link": "https://example.org/x", "org_once_when": "15-12-2026 10:00-11:30",
		"org_times": "10:00-11:30", "org_until": "1-6-2027", "org_skip": "15-12-2026", "org_ages": "6 maanden tot 2 jaar",
		"org_cost": "€ 2,50", "org_signup": "0612345678", "link_label": "CB Overvecht", "link_area": "3512",
		"inv_org_name": "Buurtteam Noord", "inv_org": "Buurtteam Noord"}
	shown := map[int64][]dialog.Button{}
	roleWork := func(who string) bool { return who == "organiser" || who == "admin" || who == "staff" }
	failures := 0
	for i := 0; i < 5000 && failures < 5; i++ {
		chat := int64(fuzzOrganiser)
		if rng.IntN(4) == 0 {
			chat = fuzzAdmin
		}
		var in dialog.Input
		at, _ := r.store.LoadSession(t.Context(), chat)
		var work []dialog.Button // the buttons of organiser, admin and staff screens
		for _, b := range shown[chat] {
			if roleWork(dialog.WhoFor("", "", b.Data)) {
				work = append(work, b)
			}
		}
		switch n := rng.IntN(40); {
		case !roleWork(dialog.WhoFor(at.Step, "", "")) && n < 30:
			in = cmd(commands[rng.IntN(len(commands))], "") // back to work from the menu or a parent's screen
		case n < 16 && fits[at.Step] != "":
			in = text(fits[at.Step])
		case n < 34 && len(work) > 0:
			in = dialog.Input{Kind: dialog.InputButton, Data: work[rng.IntN(len(work))].Data, MessageID: 1}
		case n < 35 && len(shown[chat]) > 0:
			b := shown[chat][rng.IntN(len(shown[chat]))]
			in = dialog.Input{Kind: dialog.InputButton, Data: b.Data, MessageID: 1}
		case n < 37:
			in = cmd(commands[rng.IntN(len(commands))], "")
		case n < 39:
			in = text(texts[rng.IntN(len(texts))])
		default:
			in = dialog.Input{Kind: dialog.InputLocation, Location: &meetups.Point{Lat: 52.09, Lon: 5.12}}
		}
		before, _ := r.store.LoadSession(t.Context(), chat)
		out := r.as(t, chat)(in)
		after, _ := r.store.LoadSession(t.Context(), chat)
		if len(out) == 0 {
			t.Fatalf("step %d, chat %d, %+v: no answer", i, chat, in)
		}
		var bs []dialog.Button
		for _, rep := range out {
			for _, row := range rep.Buttons {
				for _, b := range row {
					if b.Data != "" {
						bs = append(bs, b)
					}
				}
			}
		}
		if len(bs) > 0 {
			shown[chat] = bs
		}
		if !roleWork(dialog.WhoFor(before.Step, in.Command, in.Data)) && !roleWork(dialog.WhoFor(after.Step, "", "")) {
			continue // a parent's screen the organiser wandered into: the parent flows' own tests hold those
		}
		// The last message each chat gets: this one, and an organiser who
		// hears an admin's verdict.
		last := map[int64]dialog.Reply{}
		for _, rep := range out {
			to := rep.To
			if to == 0 {
				to = chat
			}
			last[to] = rep
		}
		for to, rep := range last {
			if len(rep.Buttons) == 0 && len(rep.Keyboard) == 0 && !namesACommand.MatchString(rep.Text) {
				failures++
				t.Errorf("step %d, chat %d, at %q, %+v: the answer to chat %d %q has no button and names no command",
					i, chat, after.Step, in, to, strings.ReplaceAll(rep.Text, "\n", " "))
			}
		}
	}
}
