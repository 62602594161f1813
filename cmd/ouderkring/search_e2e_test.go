package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/config"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

var utrecht = meetups.Point{Lat: 52.0907, Lon: 5.1214}

// cafés puts baby cafés at the given distances (km north of Utrecht's
// centre), all weekly at the same hour, so only distance ranks them.
func cafés(t *testing.T, c *db.Catalogue, kms ...float64) {
	t.Helper()
	for i, km := range kms {
		m := meetups.Meetup{
			OrgName: "Buurtteam Oost", Kind: meetups.KindBabyCafe, Title: fmt.Sprintf("Babycafé %.1f km", km),
			Point: &meetups.Point{Lat: utrecht.Lat + km/111.2, Lon: utrecht.Lon}, AgeMinMonths: -3, AgeMaxMonths: 18,
			Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=DAILY",
				Start: time.Date(2026, 1, 1, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour},
			Languages: []string{"nl"}, Join: meetups.JoinWalkIn, Status: meetups.StatusPublished,
			Venue: "Buurthuis", Address: fmt.Sprintf("Laan %d", i+1), Postcode: "3512 AB", City: "Utrecht",
		}
		if _, err := c.SaveMeetup(context.Background(), m, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSearchConversation(t *testing.T) {
	e := setupE2E(t)
	cafés(t, e.cat, 2.5, 0.5, 4.5, 1.5, 3.5, 12)
	const parent = 2001

	// Share a location: the keyboard goes away and the nearest meetups
	// come at once (three taps from the menu); narrowing edits them.
	e.tg.SendCommand(parent, "nl", "/zoek")
	where := e.expectText(t, parent, "nl", "find_where")
	if kb := where.ReplyKeyboard(); len(kb) == 0 || !kb[0][0].RequestLocation {
		t.Fatalf("no share-location button: %+v", kb)
	}
	e.tg.SendLocation(parent, "nl", utrecht.Lat, utrecht.Lon)
	if c := e.tg.Next(t, parent); !c.RemovesKeyboard() {
		t.Errorf("the location keyboard stays after sharing: %s", c)
	}
	first := e.tg.Next(t, parent)
	if !strings.Contains(first.Text(), e.loc.T("nl", "results_order_mix")) {
		t.Fatalf("results at once, saying their order: got %q", first.Text())
	}
	e.tg.Click(t, first, e.loc.T("nl", "refine_kind"))
	q := e.expectText(t, parent, "nl", "find_kind")
	e.tg.Click(t, q, e.loc.T("nl", "kind_choice_baby"))

	// Results sorted by distance, edited into the question message.
	res := e.tg.Next(t, parent)
	if res.Method != "editMessageText" || res.MessageID() != q.MessageID() {
		t.Errorf("results: got %s of message %d, want an edit of %d", res.Method, res.MessageID(), q.MessageID())
	}
	order := []string{"1. ☕ Babycafé 0.5 km", "2. ☕ Babycafé 1.5 km", "3. ☕ Babycafé 2.5 km"}
	assertInOrder(t, res.Text(), order)
	if strings.Contains(res.Text(), "Babycafé 3.5 km") {
		t.Error("a fourth result on the first page")
	}

	// Paging edits the same message.
	e.tg.Click(t, res, e.loc.T("nl", "results_more"))
	page2 := e.tg.Next(t, parent)
	assertInOrder(t, page2.Text(), []string{"4. ☕ Babycafé 3.5 km", "5. ☕ Babycafé 4.5 km"})
	if page2.MessageID() != res.MessageID() || strings.Contains(page2.Text(), "12.0 km") {
		t.Errorf("page 2: message %d, text %q", page2.MessageID(), page2.Text())
	}

	// Details: the card in place, and a venue with the map.
	e.tg.Click(t, page2, e.loc.T("nl", "results_details", map[string]any{"N": 4}))
	card := e.tg.Next(t, parent)
	if !strings.Contains(card.Text(), "Babycafé 3.5 km") || !strings.Contains(card.Text(), e.loc.T("nl", "card_walk_in")) {
		t.Errorf("card: got=%q", card.Text())
	}
	venue := e.tg.Next(t, parent)
	if venue.Method != "sendVenue" || !strings.Contains(venue.Params["address"], "Laan 5") {
		t.Errorf("venue: got %s %v", venue.Method, venue.Params)
	}

	// A typed postcode goes through PDOK, once; the second time the cache answers.
	for i := 0; i < 2; i++ {
		e.tg.SendCommand(parent, "nl", "/zoek")
		e.expectText(t, parent, "nl", "find_where")
		e.tg.SendText(parent, "nl", "3512 je")
		if c := e.tg.Next(t, parent); !strings.Contains(c.Text(), "3512 Utrecht") || strings.Contains(c.Text(), "3512JE") {
			t.Fatalf("typed postcode: got=%q", c.Text())
		}
		if c := e.tg.Next(t, parent); !strings.Contains(c.Text(), "Babycafé") {
			t.Fatalf("results near the postcode: got=%q", c.Text())
		}
	}
	if n := e.pdok.Requests(); n != 1 {
		t.Errorf("PDOK requests: got=%d, want 1 (the second from the cache)", n)
	}

	// Bad input keeps the dialog where it was; PDOK down offers the location.
	e.tg.SendCommand(parent, "nl", "/zoek")
	e.expectText(t, parent, "nl", "find_where")
	e.tg.SendText(parent, "nl", "99999")
	e.expectText(t, parent, "nl", "find_place_invalid")
	e.tg.SendText(parent, "nl", "hello")
	e.expectText(t, parent, "nl", "find_place_not_found")
	// PDOK down: a town is found without it (the gazetteer); a postcode
	// needs PDOK, and the parent hears what does work.
	e.pdok.SetDown(true)
	e.tg.SendText(parent, "nl", "3581")
	e.expectText(t, parent, "nl", "find_place_unavailable")
	e.tg.SendText(parent, "nl", "Amersfoort")
	if c := e.tg.Next(t, parent); c.Text() != e.loc.T("nl", "find_place_found", map[string]any{"Place": "Amersfoort"}) {
		t.Fatalf("a town while PDOK is down: got=%q", c.Text())
	}
	if c := e.tg.Next(t, parent); !strings.Contains(c.Text(), "Babycafé") {
		t.Fatalf("results near Amersfoort's point: got %q", c.Text())
	}
	e.pdok.SetDown(false)
	e.tg.SendCommand(parent, "nl", "/zoek")
	e.expectText(t, parent, "nl", "find_where")

	// A filter that leaves nothing: said kindly, with ways on.
	e.tg.SendLocation(parent, "nl", utrecht.Lat, utrecht.Lon)
	e.tg.Next(t, parent)
	e.tg.Click(t, e.tg.Next(t, parent), e.loc.T("nl", "refine_age"))
	q = e.expectText(t, parent, "nl", "find_age")
	e.tg.Click(t, q, e.loc.T("nl", "age_12_plus"))
	none := e.expectText(t, parent, "nl", "results_none", map[string]any{"Km": 25})
	for _, label := range []string{"results_wider", "results_filters", "results_volunteer"} {
		if _, ok := none.FindButton(e.loc.T("nl", label)); !ok {
			t.Errorf("no-results message lacks the %s button", label)
		}
	}
	// A forged details button is refused with a hint.
	e.tg.PressButton(parent, "nl", none.MessageID(), "r:d:1")
	e.expectText(t, parent, "nl", "hint_old_button")
}

func assertInOrder(t *testing.T, text string, parts []string) {
	t.Helper()
	rest := text
	for _, p := range parts {
		i := strings.Index(rest, p)
		if i < 0 {
			t.Errorf("%q missing or out of order in\n%s", p, text)
			return
		}
		rest = rest[i+len(p):]
	}
}

func TestTerminalSearch(t *testing.T) {
	url := dbtest.URL(t)
	env := map[string]string{"DATABASE_URL": url, "BOT_MODE": "terminal", "HTTP_ADDR": "off"}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	// Find (1), share a location: the results; details of the first (1).
	in := strings.NewReader("1\n/loc 52.0907 5.1214\n1\n/quit\n")
	ctx := context.Background()
	d, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	cafés(t, d.Catalogue(), 1, 0.3)
	out := &lockedBuffer{}
	m := NewMain(cfg, in, out, &lockedBuffer{})
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-m.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the terminal chat did not end at /quit")
	}
	m.Close()
	text := out.String()
	assertInOrder(t, text, []string{"1. ☕ Babycafé 0.3 km", "2. ☕ Babycafé 1.0 km", "Babycafé 0.3 km", "📍 Babycafé 0.3 km"})
}

// TestMeetupsInThreeTaps: from /start, the menu's "find" and sharing the
// location bring the nearest meetups — no question in between.
func TestMeetupsInThreeTaps(t *testing.T) {
	e := setupE2E(t)
	cafés(t, e.cat, 0.5, 1.5)
	const parent = 2101
	e.tg.SendCommand(parent, "nl", "/start") // 1
	e.tg.Next(t, parent)
	menu := e.expectMenu(t, parent, "nl")
	e.tg.Click(t, menu, e.loc.T("nl", "menu_find")) // 2
	e.expectText(t, parent, "nl", "find_where")
	e.tg.SendLocation(parent, "nl", utrecht.Lat, utrecht.Lon) // 3
	e.tg.Next(t, parent)                                      // the location keyboard goes away
	res := e.tg.Next(t, parent)
	assertInOrder(t, res.Text(), []string{e.loc.T("nl", "results_order_mix"), "1. ☕ Babycafé 0.5 km", "2. ☕ Babycafé 1.5 km"})
	for _, label := range []string{"refine_age", "refine_kind", "refine_when", "refine_week", "refine_free", "order_near", "order_soon", "results_wider"} {
		if _, ok := res.FindButton(e.loc.T("nl", label)); !ok {
			t.Errorf("the results lack the %s button", label)
		}
	}
	// Within 7 days narrows them and says so on its button.
	e.tg.Click(t, res, e.loc.T("nl", "refine_week"))
	if week := e.tg.Next(t, parent); !strings.Contains(week.Text(), "Babycafé 0.5 km") {
		t.Errorf("within 7 days: got %q", week.Text())
	} else if _, ok := week.FindButton("✓ " + e.loc.T("nl", "refine_week")); !ok {
		t.Errorf("the within-7-days button is not ticked: %+v", week.InlineKeyboard())
	}
}

// TestVolunteerFoundFromUtrecht: a parent with nobody to ask, in Utrecht,
// asks for a volunteer's support: the sample catalogue has a programme
// near every town, and the search looks as far as 50 km for one.
func TestVolunteerFoundFromUtrecht(t *testing.T) {
	e := setupE2E(t)
	if _, err := e.cat.ReplaceSamples(context.Background(), demo.Generate(1, 400, time.Now()), time.Now()); err != nil {
		t.Fatal(err)
	}
	const parent = 2201
	e.tg.SendCommand(parent, "nl", "/vraag")
	q := e.expectText(t, parent, "nl", "ask_need")
	e.tg.Click(t, q, e.loc.T("nl", "need_babysit"))
	q = e.expectText(t, parent, "nl", "ask_whom")
	e.tg.PressButton(parent, "nl", q.MessageID(), "aw:nobody")
	nobody := e.tg.Next(t, parent)
	e.tg.PressButton(parent, "nl", nobody.MessageID(), "nb:vol")
	e.expectText(t, parent, "nl", "find_where")
	e.tg.SendLocation(parent, "nl", utrecht.Lat, utrecht.Lon)
	e.tg.Next(t, parent) // the location keyboard goes away
	res := e.tg.Next(t, parent)
	if !strings.Contains(res.Text(), "1. 🤝") {
		t.Fatalf("a volunteer programme from Utrecht: got %q", res.Text())
	}
}

// TestSearchSeesChangesAtOnce: the program answers searches from memory
// (db.WithSearchIndex), yet a change made elsewhere — another replica,
// an organiser, an admin — shows in the very next search: a meetup paused
// is gone, one added is there. /metrics says how searches were answered.
func TestSearchSeesChangesAtOnce(t *testing.T) {
	e := setupE2E(t)
	cafés(t, e.cat, 0.5, 1.5, 2.5)
	const parent = 2051
	search := func() string {
		t.Helper()
		e.tg.SendCommand(parent, "nl", "/zoek")
		e.expectText(t, parent, "nl", "find_where")
		e.tg.SendLocation(parent, "nl", utrecht.Lat, utrecht.Lon)
		e.tg.Next(t, parent) // the keyboard goes
		return e.tg.Next(t, parent).Text()
	}
	metric := func(name string) string {
		t.Helper()
		for line := range strings.SplitSeq(httpGet(t, "http://"+e.main.HTTPAddr()+"/metrics"), "\n") {
			if v, ok := strings.CutPrefix(line, name+" "); ok {
				return v
			}
		}
		return ""
	}
	assertInOrder(t, search(), []string{"Babycafé 0.5 km", "Babycafé 1.5 km", "Babycafé 2.5 km"})
	// The first search started the index's load; wait for it.
	for deadline := time.Now().Add(10 * time.Second); metric("ouderkring_search_index_meetups") != "3"; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the search index did not load: ouderkring_search_index_meetups %q", metric("ouderkring_search_index_meetups"))
		}
	}
	assertInOrder(t, search(), []string{"Babycafé 0.5 km", "Babycafé 1.5 km", "Babycafé 2.5 km"})
	if got := metric(`ouderkring_search_total{answered="memory"}`); got != "1" {
		t.Fatalf("searches from memory: %q, want 1", got)
	}

	// Paused elsewhere: gone from the next search.
	all, err := e.cat.Published(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.Title == "Babycafé 0.5 km" {
			if err := e.cat.SetStatus(context.Background(), m.ID, meetups.StatusPaused, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := search(); strings.Contains(got, "Babycafé 0.5 km") {
		t.Fatalf("a paused meetup in the next search: %q", got)
	}
	// Added elsewhere: there in the next search.
	cafés(t, e.cat, 1.0)
	assertInOrder(t, search(), []string{"Babycafé 1.0 km", "Babycafé 1.5 km", "Babycafé 2.5 km"})
}
