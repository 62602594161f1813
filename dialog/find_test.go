package dialog_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/places"
)

var (
	utrecht = meetups.Point{Lat: 52.0907, Lon: 5.1214}
	// testNow is a Monday morning.
	testNow = time.Date(2026, 11, 23, 9, 0, 0, 0, meetups.Amsterdam)
)

// near is a point dist km north of Utrecht's centre.
func near(km float64) *meetups.Point {
	return &meetups.Point{Lat: utrecht.Lat + km/111.2, Lon: utrecht.Lon}
}

func weekly(day string, h, m int) meetups.Schedule {
	return meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=" + day,
		Start: time.Date(2026, 9, 1, h, m, 0, 0, meetups.Amsterdam), Duration: 90 * time.Minute}
}

func fixture() []meetups.Meetup {
	base := func(id int64, kind meetups.Kind, title string, p *meetups.Point, s meetups.Schedule) meetups.Meetup {
		return meetups.Meetup{ID: id, Kind: kind, Title: title, Point: p, Schedule: s, AgeMinMonths: -9, AgeMaxMonths: 144,
			Languages: []string{"nl"}, Status: meetups.StatusPublished, Join: meetups.JoinWalkIn, Venue: "Buurthuis De Linde",
			City: "Utrecht", OrgName: "Buurtteam Oost", BabiesWelcome: true, ConfirmedAt: testNow.AddDate(0, 0, -10)}
	}
	ms := []meetups.Meetup{
		base(1, meetups.KindBabyCafe, "Babycafé De Wieg", near(0.5), weekly("TU", 10, 0)),
		base(2, meetups.KindPlaygroup, "Peutergroep Kleine Stapjes", near(1.5), weekly("WE", 9, 30)),
		base(3, meetups.KindPeerGroup, "Praatgroep autisme", near(3), meetups.Schedule{Kind: meetups.ScheduleRecurring,
			RRule: "FREQ=MONTHLY;BYDAY=2TU", Start: time.Date(2026, 9, 8, 19, 30, 0, 0, meetups.Amsterdam), Duration: 2 * time.Hour}),
		base(4, meetups.KindParentEvening, "Ouderavond: slapen", near(4), meetups.Schedule{Kind: meetups.ScheduleOnce,
			Start: testNow.AddDate(0, 0, 8).Add(10*time.Hour + 30*time.Minute), End: testNow.AddDate(0, 0, 8).Add(12 * time.Hour)}),
		base(5, meetups.KindVolunteerSupport, "Home-Start", near(2), meetups.Schedule{Kind: meetups.ScheduleOngoing}),
		base(6, meetups.KindBabyCafe, "Babycafé Verderop", near(8), weekly("TH", 10, 0)),
		base(7, meetups.KindBabyCafe, "Gepauzeerd café", near(0.2), weekly("TU", 10, 0)),
	}
	ms[1].CostCents, ms[1].Languages = 250, []string{"nl", "en"}
	ms[4].Join, ms[4].SignupPhone = meetups.JoinSignUp, "030-1234567"
	ms[0].Sample = true
	ms[6].Status = meetups.StatusPaused
	return ms
}

type findBundle struct {
	testBundle
	cat *dialogtest.Catalogue
	geo *dialogtest.Geocoder
}

func setupFind(t *testing.T, ms []meetups.Meetup) findBundle {
	t.Helper()
	cat := &dialogtest.Catalogue{Meetups: ms}
	geo := &dialogtest.Geocoder{Places: map[string]meetups.Place{
		"3512je": {Point: utrecht, Label: "3512JE Utrecht"}, "utrecht": {Point: utrecht, Label: "Utrecht"},
	}}
	store := dialogtest.NewMemStore()
	e, err := dialog.New(store, dialog.Options{Now: func() time.Time { return testNow }, Catalogue: cat, Geocoder: geo})
	if err != nil {
		t.Fatal(err)
	}
	return findBundle{testBundle{e: e, store: store}, cat, geo}
}

func loc(p meetups.Point) dialog.Input {
	return dialog.Input{Kind: dialog.InputLocation, Location: &p}
}

// answer narrows the results the place brought (for anyone, any time):
// age, kind and part of the week from the results' refine buttons, each
// "any" left as it is. It returns the last results (shown again when
// nothing was narrowed).
func (b findBundle) answer(t *testing.T, age, kind, when string) []dialog.Reply {
	t.Helper()
	var r []dialog.Reply
	if age != "any" {
		b.do(t, press("fl:age"))
		r = b.do(t, press("fa:"+age))
	}
	if kind != "any" {
		b.do(t, press("fl:kind"))
		r = b.do(t, press("fk:"+kind))
	}
	if when != "any" {
		b.do(t, press("fl:when"))
		r = b.do(t, press("fw:"+when))
	}
	if r == nil {
		r = b.do(t, press("fl:show"))
	}
	return r
}

func TestFindByLocation(t *testing.T) {
	t.Parallel()
	b := setupFind(t, fixture())
	b.do(t, cmd("start", ""))
	r := b.do(t, press("menu:find"))
	if r[0].Text != b.e.Text("nl", "find_where") || len(r[0].Keyboard) != 2 || !r[0].Keyboard[0][0].RequestLocation {
		t.Fatalf("where: got=%+v", r[0])
	}
	// Three taps: find, share the location, and the meetups are there —
	// for any age, kind and time, with the order said and ways to narrow.
	r = b.do(t, loc(utrecht))
	if len(r) != 2 || !r[0].RemoveKeyboard || !strings.HasPrefix(r[1].Text, b.e.Text("nl", "results_header", map[string]any{"Place": b.e.Text("nl", "find_your_location")})) ||
		!strings.Contains(r[1].Text, b.e.Text("nl", "results_order_mix")) || !strings.Contains(r[1].Text, "Home-Start") {
		t.Fatalf("after location: got=%+v", r)
	}
	if got := strings.Join(buttonData(r[1]), ","); got != "r:d:1,r:d:2,r:d:5,r:more,fl:age,fl:kind,fl:when,r:week,r:free,r:order:near,r:order:soon,r:wider,r:filters,menu" {
		t.Errorf("first results' buttons: got=%s", got)
	}
	if s := b.session(t); s.Search.Place.Point != (meetups.Point{Lat: 52.091, Lon: 5.121}) || s.Search.Age != "any" || s.Step != "find_results" {
		t.Errorf("stored place not rounded to ~100 m, or choices not 'any': %+v", s.Search)
	}
	r = b.do(t, press("fl:age"))
	if r[0].Text != b.e.Text("nl", "find_age") || r[0].EditMessageID != 7 {
		t.Fatalf("age question: got=%+v", r[0])
	}
	r = b.do(t, press("fa:0-1"))
	res := r[0]
	if res.EditMessageID != 7 {
		t.Errorf("results should replace the question message")
	}
	// Nearest first; the paused café is never shown.
	for i, title := range []string{"1. ☕ Babycafé De Wieg (voorbeeld)", "2. 🧸 Peutergroep Kleine Stapjes", "3. 🤝 Home-Start"} {
		if !strings.Contains(res.Text, title) {
			t.Errorf("result %d: %q missing from\n%s", i+1, title, res.Text)
		}
	}
	if strings.Contains(res.Text, "Gepauzeerd") {
		t.Error("a paused meetup was shown")
	}
	for _, want := range []string{"0,5 km · Buurthuis De Linde, Utrecht", "morgen, 10:00–11:30, elke week", "wo 25 nov, 09:30–11:00, elke week", "€ 2,50", "Nederlands, Engels", "gratis"} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("results lack %q:\n%s", want, res.Text)
		}
	}
	if got := strings.Join(buttonData(res), ","); got != "r:d:1,r:d:2,r:d:5,r:more,fl:age,fl:kind,fl:when,r:week,r:free,r:order:near,r:order:soon,r:wider,r:filters,menu" {
		t.Errorf("result buttons: got=%s", got)
	}
	q := b.cat.Queries[len(b.cat.Queries)-1]
	if fmt.Sprint(q.Widen) != "[5 10 25]" || q.WidenMin != 3 || q.AgeBand != meetups.AgeBaby || !q.IncludeOnline || q.Limit != 4 {
		t.Errorf("query: got=%+v", q)
	}
	if strings.Contains(res.Text, b.e.Text("nl", "results_widened", map[string]any{"From": 5, "To": 10})) {
		t.Errorf("a full page within 5 km says it widened:\n%s", res.Text)
	}

	// Paging edits the same message, and stays at the radius chosen.
	r = b.do(t, press("r:more"))
	if !strings.Contains(r[0].Text, "4. 💬 Praatgroep autisme") || r[0].EditMessageID != 7 {
		t.Errorf("page 2: got=%+v", r[0])
	}
	if q := b.cat.Queries[len(b.cat.Queries)-1]; q.RadiusKm != 5 || q.Widen != nil || q.Offset != 3 {
		t.Errorf("page 2 query: got=%+v", q)
	}
	if got := strings.Join(buttonData(r[0]), ","); !strings.Contains(got, "r:prev") || strings.Contains(got, "r:more") {
		t.Errorf("page 2 buttons: got=%s", got)
	}

	// Details: a card in place of the list, and the venue on a map.
	r = b.do(t, press("r:d:3"))
	if len(r) != 2 || r[1].Venue == nil || r[1].Venue.Point != *near(3) {
		t.Fatalf("details: got=%+v", r)
	}
	for _, want := range []string{"Praatgroep autisme", "di 8 dec, 19:30–21:30, elke maand", b.e.Text("nl", "card_walk_in"),
		b.e.Text("nl", "card_babies"), "Buurtteam Oost", b.e.Text("nl", "card_first_time"), "13 nov"} {
		if !strings.Contains(r[0].Text, want) {
			t.Errorf("card lacks %q:\n%s", want, r[0].Text)
		}
	}
	// A details button for a meetup this chat was not shown: a hint.
	r = b.do(t, press("r:d:2"))
	if r[0].Text != b.e.Text("nl", "hint_old_button") {
		t.Errorf("forged details: got=%q", r[0].Text)
	}
	for _, data := range []string{"r:d:abc", "r:d:", "r:d:99999999999999999999", "fa:0-1", "fk:rave", "r:prev:x"} {
		if r := b.do(t, press(data)); r[0].Text != b.e.Text("nl", "hint_old_button") {
			t.Errorf("%q: got=%q, want a hint", data, r[0].Text)
		}
	}
}

func TestFindTypedPlace(t *testing.T) {
	t.Parallel()
	b := setupFind(t, fixture())
	b.do(t, cmd("zoek", ""))
	for text, id := range map[string]string{"hello": "find_place_not_found", "99999": "find_place_invalid"} {
		r := b.do(t, text2(text))
		if r[0].Text != b.e.Text("nl", id) {
			t.Errorf("%q: got=%q, want %s", text, r[0].Text, id)
		}
		if s := b.session(t); s.Step != "find_where" {
			t.Errorf("%q moved the dialog to %q", text, s.Step)
		}
	}
	b.geo.Err = meetups.Errorf(meetups.EUNAVAILABLE, "pdok down")
	if r := b.do(t, text2("3512 JE")); r[0].Text != b.e.Text("nl", "find_place_unavailable") {
		t.Errorf("geocoder down: got=%q", r[0].Text)
	}
	b.geo.Err = nil
	r := b.do(t, text2("3512 JE"))
	// Kept as /privacy says: the postcode area, the point rounded.
	if r[0].Text != b.e.Text("nl", "find_place_found", map[string]any{"Place": "3512 Utrecht"}) {
		t.Errorf("found: got=%q", r[0].Text)
	}
	if s := b.session(t); s.Search.Place.Label != "3512 Utrecht" || s.Search.Place.Point != roundedUtrecht() {
		t.Errorf("the place kept: %+v", s.Search.Place)
	}
	// A crisis word while asked for a place still comes first.
	b.do(t, cmd("zoek", ""))
	if r := b.do(t, text2("ik wil dood")); !strings.Contains(r[0].Text, "113") {
		t.Errorf("crisis in the where step: got=%q", r[0].Text)
	}
	r = b.do(t, text2(b.e.Text("nl", "find_cancel")))
	if r[0].Text != b.e.Text("nl", "find_cancelled") || !r[0].RemoveKeyboard || !b.isMenu(r[1], "nl") {
		t.Errorf("cancel: got=%+v", r)
	}
}

func text2(s string) dialog.Input { return dialog.Input{Kind: dialog.InputText, Text: s} }

func TestFindWidensAndNeverDeadEnds(t *testing.T) {
	t.Parallel()
	ms := fixture()
	b := setupFind(t, []meetups.Meetup{ms[5]}) // only the café 8 km away
	b.do(t, loc(utrecht))
	r := b.answer(t, "any", "baby", "any")
	if !strings.Contains(r[0].Text, b.e.Text("nl", "results_widened", map[string]any{"From": 5, "To": 25})) ||
		!strings.Contains(r[0].Text, "Babycafé Verderop") {
		t.Errorf("widened: got=%q", r[0].Text)
	}
	// One search per display chose the radius: 25 km, as 10 km held fewer
	// than a page (the first for any kind, the second for baby cafés).
	if len(b.cat.Queries) != 2 || fmt.Sprint(b.cat.Queries[1].Widen) != "[5 10 25]" || b.cat.Queries[1].WidenMin != 3 {
		t.Errorf("searches: got=%+v, want one widening over [5 10 25] to 3 each time", b.cat.Queries)
	}

	// Nothing at all: say so kindly, and offer wider, other choices, volunteers.
	b2 := setupFind(t, nil)
	b2.do(t, loc(utrecht))
	r = b2.answer(t, "12+", "peer", "weekend")
	if r[0].Text != b2.e.Text("nl", "results_none", map[string]any{"Km": 25}) {
		t.Errorf("none: got=%q", r[0].Text)
	}
	if got := strings.Join(buttonData(r[0]), ","); got != "r:wider,r:filters,r:vol,menu" {
		t.Errorf("none buttons: got=%s", got)
	}
	b2.do(t, press("r:wider"))
	if q := b2.cat.Queries[len(b2.cat.Queries)-1]; q.RadiusKm != 50 {
		t.Errorf("wider: got radius %v", q.RadiusKm)
	}
	b2.do(t, press("r:vol"))
	if q := b2.cat.Queries[len(b2.cat.Queries)-1]; len(q.Kinds) != 1 || q.Kinds[0] != meetups.KindVolunteerSupport || q.When != 0 {
		t.Errorf("volunteers: got=%+v", q)
	}
}

func TestFindChangeChoices(t *testing.T) {
	t.Parallel()
	b := setupFind(t, fixture())
	b.do(t, loc(utrecht))
	b.answer(t, "0-1", "any", "any")
	r := b.do(t, press("r:filters"))
	if r[0].Text != b.e.Text("nl", "filters_prompt") || len(r[0].Buttons) != 6 {
		t.Fatalf("filters: got=%+v", r[0])
	}
	r = b.do(t, press("fl:free"))
	if r[0].Buttons[4][0].Text != b.e.Text("nl", "filter_free_on") {
		t.Errorf("free toggle: got=%q", r[0].Buttons[4][0].Text)
	}
	r = b.do(t, press("fl:show"))
	if strings.Contains(r[0].Text, "Peutergroep") {
		t.Errorf("free only still shows a paid meetup:\n%s", r[0].Text)
	}
	b.do(t, press("r:filters"))
	b.do(t, press("fl:kind"))
	r = b.do(t, press("fk:vol")) // straight back to the results
	if !strings.Contains(r[0].Text, "Home-Start") || strings.Contains(r[0].Text, "Babycafé") {
		t.Errorf("after changing kind: got=%q", r[0].Text)
	}
	if s := b.session(t); s.Step != "find_results" || s.Search.Editing {
		t.Errorf("session after a change: step=%q editing=%v", s.Step, s.Search.Editing)
	}
	// Another place: the keyboard comes back, then the results.
	b.do(t, press("r:filters"))
	r = b.do(t, press("fl:place"))
	if len(r[0].Keyboard) == 0 {
		t.Fatalf("place: got=%+v", r[0])
	}
	r = b.do(t, text2("Utrecht"))
	if len(r) != 2 || !strings.Contains(r[1].Text, "Home-Start") {
		t.Errorf("after a new place: got=%+v", r)
	}
}

func TestFindCatalogueDownKeepsDialog(t *testing.T) {
	t.Parallel()
	b := setupFind(t, fixture())
	b.do(t, loc(utrecht))
	b.do(t, press("fl:age"))
	b.cat.Err = errors.New("connection refused")
	if _, err := b.e.Handle(context.Background(), chat, press("fa:0-1")); err == nil {
		t.Fatal("got nil error with the catalogue down")
	}
	if s := b.session(t); s.Step != "find_age" || s.Search.Age != "any" || !s.Search.Editing {
		t.Errorf("session: step %q, search %+v; want the age question as it was (nothing lost)", s.Step, s.Search)
	}
	b.cat.Err = nil
	if r := b.do(t, press("fa:0-1")); !strings.Contains(r[0].Text, "Babycafé De Wieg") {
		t.Errorf("retry: got=%q", r[0].Text)
	}
}

func TestFindEnglish(t *testing.T) {
	t.Parallel()
	b := setupFind(t, fixture())
	in := loc(utrecht)
	in.Lang = "en"
	r := b.do(t, in)[1:]
	for _, want := range []string{"tomorrow, 10:00–11:30, every week", "Wed 25 Nov, 09:30–11:00, every week", "0.5 km", "€2.50", "Dutch, English", "(sample)",
		b.e.Text("en", "results_order_mix")} {
		if !strings.Contains(r[0].Text, want) {
			t.Errorf("English results lack %q:\n%s", want, r[0].Text)
		}
	}
}

// TestMoreOnlyWhenThereIsMore pins the page boundary: exactly a full page
// of results has no "more"; one more result brings it, and its second
// page has none.
func TestMoreOnlyWhenThereIsMore(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, 4, 6, 7} {
		var ms []meetups.Meetup
		for i := 0; i < n; i++ {
			m := fixture()[0]
			m.ID = int64(100 + i)
			ms = append(ms, m)
		}
		b := setupFind(t, ms)
		b.do(t, cmd("start", ""))
		b.do(t, press("menu:find"))
		b.do(t, loc(utrecht))
		r := b.answer(t, "any", "any", "any")
		pages := 1
		for slices.Contains(buttonData(r[0]), "r:more") {
			r = b.do(t, press("r:more"))
			pages++
		}
		if want := (n + 2) / 3; pages != want {
			t.Errorf("%d results: %d pages with 'more', want %d", n, pages, want)
		}
		if strings.Contains(r[0].Text, b.e.Text("nl", "results_no_more")) {
			t.Errorf("%d results: the last page was empty: %q", n, r[0].Text)
		}
	}
}

// TestPlaceOfManyNames: a town several provinces have ("Hengelo") gets a
// choice, one button each; the press searches from the one chosen. A
// choice from an old message, or past the list, is refused kindly.
func TestPlaceOfManyNames(t *testing.T) {
	t.Parallel()
	cat := &dialogtest.Catalogue{Meetups: fixture()}
	store := dialogtest.NewMemStore()
	e, err := dialog.New(store, dialog.Options{Now: func() time.Time { return testNow }, Catalogue: cat,
		Geocoder: places.Geocoder{Next: &dialogtest.Geocoder{}}})
	if err != nil {
		t.Fatal(err)
	}
	b := testBundle{e: e, store: store}
	b.do(t, cmd("zoek", ""))
	r := b.do(t, text("Hengelo"))
	if r[0].Text != b.e.Text("nl", "find_place_which") || len(r[0].Buttons) != 2 ||
		r[0].Buttons[0][0].Text != "Hengelo (Gelderland)" || r[0].Buttons[1][0].Text != "Hengelo (Overijssel)" {
		t.Fatalf("Hengelo: got %+v", r)
	}
	if s := b.session(t); s.Step != "find_where" || s.Search.Place != nil {
		t.Fatalf("before the choice: step %q, place %v", s.Step, s.Search.Place)
	}
	if r := b.do(t, press("fp:7")); r[0].Text != b.e.Text("nl", "hint_old_button") {
		t.Errorf("a choice past the list: got %q", r[0].Text)
	}
	r = b.do(t, press("fp:1"))
	if r[0].Text != b.e.Text("nl", "find_place_found", map[string]any{"Place": "Hengelo (Overijssel)"}) {
		t.Fatalf("the choice: got %q", r[0].Text)
	}
	if s := b.session(t); s.Search.Place == nil || s.Search.Place.Point.Lon < 6.7 || len(s.Search.Choices) != 0 {
		t.Errorf("after the choice: %+v", s.Search)
	}
	// Typed with its province, no question.
	b.do(t, cmd("zoek", ""))
	r = b.do(t, text("Hengelo Gld"))
	if r[0].Text != b.e.Text("nl", "find_place_found", map[string]any{"Place": "Hengelo"}) {
		t.Errorf("Hengelo Gld: got %q", r[0].Text)
	}
}

// TestCostNoteNotTwice: "gratis (gratis)" says nothing twice; a note that
// adds something stays.
func TestCostNoteNotTwice(t *testing.T) {
	t.Parallel()
	ms := fixture()
	for i := range ms {
		ms[i].CostNote = ""
	}
	ms[0].CostCents, ms[0].CostNote = 0, "Gratis"
	ms[1].CostCents, ms[1].CostNote = 0, "koffie op eigen kosten"
	b := setupFind(t, ms[:2])
	b.do(t, loc(utrecht))
	if r := b.do(t, press("r:d:1")); strings.Contains(strings.ToLower(r[0].Text), "gratis (gratis)") {
		t.Errorf("the cost twice:\n%s", r[0].Text)
	}
	b.do(t, press("r:back"))
	if r := b.do(t, press("r:d:2")); !strings.Contains(r[0].Text, "gratis (koffie op eigen kosten)") {
		t.Errorf("a cost note that adds something is gone:\n%s", r[0].Text)
	}
}

// roundedUtrecht is utrecht as the session keeps a typed place: to about
// 100 m.
func roundedUtrecht() meetups.Point {
	return meetups.Point{Lat: math.Round(utrecht.Lat*1000) / 1000, Lon: math.Round(utrecht.Lon*1000) / 1000}
}

// TestTypedAddressKeptStreetless: a parent who types her home address is
// searched from it, but the session keeps only the postcode area and the
// town, and the point rounded to about 100 m.
func TestTypedAddressKeptStreetless(t *testing.T) {
	t.Parallel()
	b := setupFind(t, fixture())
	b.geo.Places["kanaalweg82utrecht"] = meetups.Place{Point: meetups.Point{Lat: 52.08614, Lon: 5.09722}, Label: "Kanaalweg 82, 3513WM Utrecht"}
	b.do(t, cmd("zoek", ""))
	r := b.do(t, text2("Kanaalweg 82 Utrecht"))
	if r[0].Text != b.e.Text("nl", "find_place_found", map[string]any{"Place": "3513 Utrecht"}) {
		t.Errorf("found: got=%q", r[0].Text)
	}
	s := b.session(t)
	if p := s.Search.Place; p == nil || p.Label != "3513 Utrecht" || p.Point != (meetups.Point{Lat: 52.086, Lon: 5.097}) {
		t.Errorf("the session keeps %+v, want the postcode area and a rounded point", p)
	}
	raw, _ := json.Marshal(s)
	if strings.Contains(string(raw), "Kanaalweg") || strings.Contains(string(raw), "3513WM") {
		t.Errorf("the session holds the address: %s", raw)
	}
}
