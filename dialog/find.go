package dialog

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/ouderkring/ouderkring/meetups"
)

// find.go is the search dialog: where → age → kind (→ theme) → when →
// results. Each answer is kept in Session.Search so "change choices" can
// jump to one step and come straight back to the results.

// Steps of the search dialog.
const (
	stepFindWhere   = "find_where"
	stepFindAge     = "find_age"
	stepFindKind    = "find_kind"
	stepFindTheme   = "find_theme"
	stepFindWhen    = "find_when"
	stepFindResults = "find_results"
)

// Search is a parent's search in progress. Its place is rounded to about
// 100 m before it is stored: enough to find what is nearby, not enough to
// pinpoint a home.
type Search struct {
	Place *meetups.Place `json:"place,omitempty"`
	// Choices are the places a typed name may mean ("Hengelo": in
	// Gelderland or Overijssel), until the parent picks one (btnFindPick).
	Choices  []meetups.Place `json:"choices,omitempty"`
	Age      string          `json:"age,omitempty"`   // an AgeBand, or "any"
	Kind     string          `json:"kind,omitempty"`  // one of kindChoices
	Theme    string          `json:"theme,omitempty"` // a Theme, or "any"
	When     string          `json:"when,omitempty"`  // one of whenChoices
	FreeOnly bool            `json:"free,omitempty"`
	// Week keeps only meetups with a date in the coming 7 days.
	Week bool `json:"week,omitempty"`
	// Order is how the results rank (nearest, soonest, or both: "").
	Order meetups.Order `json:"order,omitempty"`
	// Radius is the radius of the results shown, in km.
	Radius float64 `json:"radius,omitempty"`
	Page   int     `json:"page,omitempty"`
	// Shown are the meetups on the results message, so a details button
	// can be checked against what this chat was actually shown.
	Shown []int64 `json:"shown,omitempty"`
	// Card is the meetup whose details are on screen.
	Card int64 `json:"card,omitempty"`
	// Editing is set while one choice is changed from the results: the
	// answer goes straight back to the results.
	Editing bool `json:"editing,omitempty"`
}

// Choices a parent can make, as they appear in callback data.
var (
	ageChoices  = []string{string(meetups.AgePregnant), string(meetups.AgeBaby), string(meetups.AgeToddler), string(meetups.AgeChild), string(meetups.AgeTeen), "any"}
	kindChoices = []string{"any", "meet", "baby", "peer", "vol"}
	whenChoices = []string{"morning", "afternoon", "evening", "weekend", "any"}
)

// Callback data prefixes of the search dialog.
const (
	btnFindAge    = "fa:"
	btnFindKind   = "fk:"
	btnFindTheme  = "ft:"
	btnFindWhen   = "fw:"
	btnResults    = "r:"
	btnFilter     = "fl:"
	btnFindPick   = "fp:" // + the index of one of Search.Choices
	resultsOnPage = 3
)

// radii are tried in turn until enough results are found.
var radii = []float64{5, 10, 25}

// volunteerRadii are those for volunteer programmes (Search.radii).
var volunteerRadii = []float64{10, 25, widestRadius}

// widestRadius is how far "look further away" goes.
const widestRadius = 50

func (t *turn) startFind() {
	if t.e.catalogue == nil {
		t.edit(Reply{Text: t.T("coming_soon"), Buttons: t.backToMenu()})
		return
	}
	prev := t.s.Search
	t.s.Search = &Search{}
	if prev != nil { // keep the choices of an earlier search; ask the place again
		t.s.Search.Age, t.s.Search.Kind, t.s.Search.Theme, t.s.Search.When = prev.Age, prev.Kind, prev.Theme, prev.When
	}
	t.askWhere()
}

func (t *turn) askWhere() {
	t.s.Step = stepFindWhere
	t.out = append(t.out, Reply{Text: t.T("find_where"), Keyboard: [][]KeyButton{
		{{Text: t.T("find_share_location"), RequestLocation: true}},
		{{Text: t.T("find_cancel")}},
	}})
}

// where handles input while the bot waits for a place.
func (t *turn) where() {
	var place meetups.Place
	switch t.in.Kind {
	case InputLocation:
		if t.in.Location == nil || t.in.Location.Validate() != nil {
			t.say("find_place_invalid")
			return
		}
		place = meetups.Place{Point: roundPoint(*t.in.Location)}
	case InputText:
		text := strings.TrimSpace(t.in.Text)
		if text == t.T("find_cancel") {
			t.s.Step, t.s.Search = stepMenu, nil
			t.out = append(t.out, Reply{Text: t.T("find_cancelled"), RemoveKeyboard: true})
			t.menu()
			return
		}
		p := t.geocode(text)
		if p == nil {
			return // told the parent what went wrong; still waiting
		}
		// As /privacy says: the point rounded to about 100 m, and a label
		// without the street and house number of a typed address.
		place = meetups.Place{Point: roundPoint(p.Point), Label: streetless(p.Label)}
	default:
		t.hint("hint_unknown")
		return
	}
	t.placeFound(place)
}

// placeFound searches from place from now on, says so, and moves on.
func (t *turn) placeFound(place meetups.Place) {
	t.s.Search.Place, t.s.Search.Choices = &place, nil
	label := place.Label
	if label == "" {
		label = t.T("find_your_location")
	}
	t.out = append(t.out, Reply{Text: t.T("find_place_found", map[string]any{"Place": label}), RemoveKeyboard: true})
	t.next(stepFindWhere)
}

// geocode asks the geocoder. A place it cannot find, or a geocoder that
// is down, is explained to the parent (nil place): the dialog stays where
// it was and sharing the location always works.
func (t *turn) geocode(text string) *meetups.Place {
	if t.e.geocoder == nil {
		t.say("find_place_unavailable")
		return nil
	}
	p, err := t.e.geocoder.Geocode(t.ctx, text)
	switch {
	case err == nil:
		return &p
	case meetups.ErrorCode(err) == meetups.EAMBIGUOUS:
		t.whichPlace(err)
	case meetups.ErrorCode(err) == meetups.EINVALID:
		t.say("find_place_invalid")
	case meetups.ErrorCode(err) == meetups.ENOTFOUND:
		t.say("find_place_not_found")
	default:
		t.say("find_place_unavailable")
	}
	return nil
}

// next moves on from step: to the following question, or, when a choice
// was being changed or every choice is made, to the results.
func (t *turn) next(step string) {
	s := t.s.Search
	s.Radius, s.Page = 0, 0
	if s.Editing {
		s.Editing = false
		t.results(t.in.Kind == InputButton)
		return
	}
	switch step {
	case stepFindWhere:
		// Three taps to meetups: once the place is known, the nearest
		// meetups for anyone, at any time; the parent narrows them from
		// the results. Choices an earlier search made stay.
		for _, c := range []*string{&s.Age, &s.Kind, &s.Theme, &s.When} {
			if *c == "" {
				*c = "any"
			}
		}
		t.results(t.in.Kind == InputButton)
	case stepFindAge:
		t.askKind()
	case stepFindKind:
		if s.Kind == "peer" {
			t.askTheme()
		} else {
			t.askWhen()
		}
	case stepFindTheme:
		t.askWhen()
	default:
		t.results(t.in.Kind == InputButton)
	}
}

func (t *turn) askAge() {
	t.s.Step = stepFindAge
	ids := []string{"age_pregnant", "age_0_1", "age_1_4", "age_4_12", "age_12_plus", "age_any"}
	t.question("find_age", btnFindAge, ageChoices, ids, 1)
}

func (t *turn) askKind() {
	t.s.Step = stepFindKind
	ids := make([]string, len(kindChoices))
	for i, k := range kindChoices {
		ids[i] = "kind_choice_" + k
	}
	t.question("find_kind", btnFindKind, kindChoices, ids, 1)
}

func (t *turn) askTheme() {
	t.s.Step = stepFindTheme
	values, ids := []string{}, []string{}
	for _, th := range meetups.Themes {
		values, ids = append(values, string(th)), append(ids, "theme_"+string(th))
	}
	t.question("find_theme", btnFindTheme, append(values, "any"), append(ids, "theme_any"), 2)
}

func (t *turn) askWhen() {
	t.s.Step = stepFindWhen
	ids := make([]string, len(whenChoices))
	for i, w := range whenChoices {
		ids[i] = "when_" + w
	}
	t.question("find_when", btnFindWhen, whenChoices, ids, 2)
}

// question asks with one button per choice, perRow in a row; pressing a
// button of the previous question edits that message into this one.
func (t *turn) question(textID, prefix string, values, ids []string, perRow int) {
	var rows [][]Button
	for i, v := range values {
		if i%perRow == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], Button{Text: t.T(ids[i]), Data: prefix + v})
	}
	t.edit(Reply{Text: t.T(textID), Buttons: rows})
}

// choose handles a press on a question's button. It returns false when the
// button does not belong to the question the chat is at (an old message,
// forged data).
func (t *turn) choose(data string) bool {
	s := t.s.Search
	if s == nil || s.Place == nil {
		return false
	}
	type question struct {
		prefix, step string
		values       []string
		set          func(string)
	}
	themes := []string{"any"}
	for _, th := range meetups.Themes {
		themes = append(themes, string(th))
	}
	for _, q := range []question{
		{btnFindAge, stepFindAge, ageChoices, func(v string) { s.Age = v }},
		{btnFindKind, stepFindKind, kindChoices, func(v string) { s.Kind = v }},
		{btnFindTheme, stepFindTheme, themes, func(v string) { s.Theme = v }},
		{btnFindWhen, stepFindWhen, whenChoices, func(v string) { s.When = v }},
	} {
		v, ok := strings.CutPrefix(data, q.prefix)
		if !ok {
			continue
		}
		if t.s.Step != q.step || !contains(q.values, v) {
			return false
		}
		q.set(v)
		if q.step == stepFindKind && v != "peer" {
			s.Theme = ""
		}
		t.next(q.step)
		return true
	}
	return false
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// roundPoint keeps about 100 m of precision (3 decimals).
func roundPoint(p meetups.Point) meetups.Point {
	return meetups.Point{Lat: math.Round(p.Lat*1000) / 1000, Lon: math.Round(p.Lon*1000) / 1000}
}

// query is the catalogue query of the current search at radius km.
func (t *turn) query(radius float64, offset, limit int) meetups.Query {
	s := t.s.Search
	q := meetups.Query{Near: s.Place.Point, RadiusKm: radius, IncludeOnline: true, FreeOnly: s.FreeOnly,
		Offset: offset, Limit: limit, Now: t.e.now(), Order: s.Order, PreferLanguage: t.lang}
	if !s.Order.Valid() {
		q.Order = meetups.OrderBalanced // an old or forged session
	}
	if s.Week {
		q.Before = q.Now.AddDate(0, 0, 7)
	}
	if s.Age != "any" {
		q.AgeBand = meetups.AgeBand(s.Age)
	}
	switch s.Kind {
	case "meet":
		q.Kinds = []meetups.Kind{meetups.KindParentEvening, meetups.KindBabyCafe, meetups.KindPlaygroup, meetups.KindParentCourse}
	case "baby":
		q.Kinds = []meetups.Kind{meetups.KindBabyCafe}
	case "peer":
		q.Kinds = []meetups.Kind{meetups.KindPeerGroup}
		if s.Theme != "any" {
			q.Theme = meetups.Theme(s.Theme)
		}
	case "vol":
		q.Kinds = []meetups.Kind{meetups.KindVolunteerSupport}
	}
	switch s.When {
	case "morning":
		q.When = meetups.SlotMorning
	case "afternoon":
		q.When = meetups.SlotAfternoon
	case "evening":
		q.When = meetups.SlotEvening
	case "weekend":
		q.When = meetups.SlotWeekend
	}
	return q
}

// findButton runs the find flow's buttons: the menu's "find", the
// questions, the results and their filters.
func (t *turn) findButton(data string) bool {
	switch {
	case data == btnFind:
		t.startFind()
		return true
	case strings.HasPrefix(data, btnResults):
		return t.resultButton(data)
	case strings.HasPrefix(data, btnFilter):
		return t.filterButton(data)
	case strings.HasPrefix(data, btnFindPick):
		return t.pickPlace(data)
	}
	return t.choose(data)
}

// findText takes a typed place; the other steps take buttons.
func (t *turn) findText(string) bool {
	if t.s.Step != stepFindWhere || t.s.Search == nil {
		return false
	}
	t.where()
	return true
}

// findLocation: a shared location answers "where?", and anywhere else
// starts a search there.
func (t *turn) findLocation() bool {
	if t.e.catalogue == nil {
		t.hint("hint_location")
		return true
	}
	if t.s.Step != stepFindWhere || t.s.Search == nil {
		t.s.Search = &Search{}
		t.s.Step = stepFindWhere
	}
	t.where()
	return true
}

// findPrompt asks the question of the find step the chat is at.
func (t *turn) findPrompt() {
	if t.s.Search == nil {
		t.menuPrompt()
		return
	}
	switch t.s.Step {
	case stepFindWhere:
		t.askWhere()
	case stepFindAge:
		t.askAge()
	case stepFindKind:
		t.askKind()
	case stepFindTheme:
		t.askTheme()
	case stepFindWhen:
		t.askWhen()
	case stepFindResults:
		t.results(false)
	}
}

// whichPlace asks which of the places of one name the parent means, with
// a button each; the choices wait in the search (at most a few: a name is
// shared by two or three places).
func (t *turn) whichPlace(err error) {
	var e *meetups.Error
	if !errors.As(err, &e) || len(e.Places) == 0 {
		t.say("find_place_not_found")
		return
	}
	t.s.Search.Choices = e.Places[:min(len(e.Places), 6)]
	var rows [][]Button
	for i, p := range t.s.Search.Choices {
		rows = append(rows, []Button{{Text: p.Label, Data: btnFindPick + strconv.Itoa(i)}})
	}
	t.out = append(t.out, Reply{Text: t.T("find_place_which"), Buttons: rows})
}

// pickPlace takes the parent's choice among places of one name.
func (t *turn) pickPlace(data string) bool {
	s := t.s.Search
	i, err := strconv.Atoi(strings.TrimPrefix(data, btnFindPick))
	if s == nil || t.s.Step != stepFindWhere || err != nil || i < 0 || i >= len(s.Choices) {
		return false
	}
	place := s.Choices[i]
	s.Choices = nil
	t.placeFound(place)
	return true
}

// streetless is a place's label without street, number and the letters of
// a postcode: "Kanaalweg 82, 3513WM Utrecht" and "3513WM Utrecht" become
// "3513 Utrecht"; a town stays as it is.
func streetless(label string) string {
	if _, rest, ok := strings.Cut(label, ","); ok {
		label = strings.TrimSpace(rest)
	}
	f := strings.Fields(label)
	if len(f) > 0 && len(f[0]) == 6 && isDigits(f[0][:4]) {
		f[0] = f[0][:4]
	} else if len(f) > 1 && len(f[0]) == 4 && isDigits(f[0]) && len(f[1]) == 2 && strings.ToUpper(f[1]) == f[1] {
		f = append(f[:1], f[2:]...) // "3513 WM Utrecht"
	}
	return strings.Join(f, " ")
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
