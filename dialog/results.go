package dialog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ouderkring/ouderkring/meetups"
)

// results.go shows what a search found: pages of three, the details card,
// and the menu to change choices. Button presses edit the results message
// in place so the chat does not fill up.

// Callback data of the results message and the choices menu.
const (
	btnResultDetails = "r:d:"
	btnResultMore    = "r:more"
	btnResultPrev    = "r:prev"
	btnResultFilters = "r:filters"
	btnResultWider   = "r:wider"
	btnResultVol     = "r:vol"
	btnResultBack    = "r:back"
	btnResultAsk     = "r:ask"
	btnResultWrite   = "r:write"
	btnFilterPlace   = "fl:place"
	btnFilterAge     = "fl:age"
	btnFilterKind    = "fl:kind"
	btnFilterWhen    = "fl:when"
	btnFilterFree    = "fl:free"
	btnFilterShow    = "fl:show"
	btnResultWeek    = "r:week"   // in the coming 7 days, or any time
	btnResultFree    = "r:free"   // free only, or any cost
	btnResultOrder   = "r:order:" // + "mix", "near" or "soon"
)

// results searches and shows the current page. A new search (Radius 0)
// takes the smallest of radii with a full page, and says when it widened.
func (t *turn) results(edit bool) {
	s := t.s.Search
	t.s.Step = stepFindResults
	var (
		found []meetups.Result
		err   error
	)
	widened := 0.0
	if s.Radius == 0 {
		// One search chooses the radius: the first of radii with a full
		// page, else the widest.
		s.Page = 0
		rs := s.radii()
		s.Radius = rs[len(rs)-1]
		q := t.query(s.Radius, 0, resultsOnPage+1)
		q.Widen, q.WidenMin = rs, resultsOnPage
		if found, err = t.e.catalogue.Search(t.ctx, q); len(found) > 0 {
			s.Radius = found[0].RadiusKm
		}
		if s.Radius > rs[0] && len(found) > 0 {
			widened = rs[0]
		}
	} else {
		found, err = t.e.catalogue.Search(t.ctx, t.query(s.Radius, s.Page*resultsOnPage, resultsOnPage+1))
	}
	if err != nil {
		t.fail(fmt.Errorf("search: %w", err))
		return
	}
	t.countReferral(meetups.ReferralSearch)
	more := len(found) > resultsOnPage
	if more {
		found = found[:resultsOnPage]
	}
	s.Shown = s.Shown[:0]
	if len(found) == 0 {
		t.nothingFound(edit)
		return
	}

	label := s.Place.Label
	if label == "" {
		label = t.T("find_your_location")
	}
	var b strings.Builder
	b.WriteString(t.T("results_header", map[string]any{"Place": label}))
	b.WriteString("\n" + t.T("results_order_"+orderName(s.Order)))
	if widened > 0 {
		b.WriteString("\n" + t.T("results_widened", map[string]any{"From": widened, "To": s.Radius}))
	}
	var details []Button
	for i, r := range found {
		n := s.Page*resultsOnPage + i + 1
		s.Shown = append(s.Shown, r.ID)
		b.WriteString("\n\n" + t.entry(n, r))
		details = append(details, Button{Text: t.T("results_details", map[string]any{"N": n}), Data: btnResultDetails + strconv.FormatInt(r.ID, 10)})
	}
	rows := [][]Button{details}
	var nav []Button
	if s.Page > 0 {
		nav = append(nav, Button{Text: t.T("results_prev"), Data: btnResultPrev})
	}
	if more {
		nav = append(nav, Button{Text: t.T("results_more"), Data: btnResultMore})
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	rows = append(rows, t.refineRows()...)
	t.show(Reply{Text: b.String(), Buttons: rows}, edit)
	// Every display of a page counts once for the meetups on it: a new
	// page, and the same page again (back from a card, after a hint).
	t.count(meetups.CountShown, s.Shown...)
}

// refineRows are the results' ways to narrow or widen them, keeping the
// place: age, kind, part of the week; the coming 7 days and free only (on
// and off); the order; further away while there is further; the other
// choices and the menu.
func (t *turn) refineRows() [][]Button {
	s := t.s.Search
	on := func(id string, v bool) string {
		if v {
			return "✓ " + t.T(id)
		}
		return t.T(id)
	}
	rows := [][]Button{
		{{Text: t.T("refine_age"), Data: btnFilterAge}, {Text: t.T("refine_kind"), Data: btnFilterKind}, {Text: t.T("refine_when"), Data: btnFilterWhen}},
		{{Text: on("refine_week", s.Week), Data: btnResultWeek}, {Text: on("refine_free", s.FreeOnly), Data: btnResultFree}},
	}
	var order []Button
	for _, o := range []meetups.Order{meetups.OrderBalanced, meetups.OrderNearest, meetups.OrderSoonest} {
		if o != s.Order {
			order = append(order, Button{Text: t.T("order_" + orderName(o)), Data: btnResultOrder + orderName(o)})
		}
	}
	rows = append(rows, order)
	if s.Radius < widestRadius {
		rows = append(rows, []Button{{Text: t.T("results_wider"), Data: btnResultWider}})
	}
	return append(rows, []Button{{Text: t.T("results_filters"), Data: btnResultFilters}, {Text: t.T("button_menu"), Data: btnMenu}})
}

// orderName names an order in button data and locale ids.
func orderName(o meetups.Order) string {
	if o == meetups.OrderBalanced || !o.Valid() {
		return "mix"
	}
	return string(o)
}

// nextRadius is the radius after r when looking further: the next of
// radii, then widestRadius.
func nextRadius(r float64) float64 {
	for _, x := range radii {
		if x > r {
			return x
		}
	}
	return widestRadius
}

// radii are the radii a new search widens over: volunteer programmes come
// to a parent's home and serve a whole region, so they are looked for up
// to widestRadius at once; a parent with nobody to ask finds one.
func (s *Search) radii() []float64 {
	if s.Kind == "vol" {
		return volunteerRadii
	}
	return radii
}

// show edits the message a button was on, or sends a new one.
func (t *turn) show(r Reply, edit bool) {
	if edit {
		t.edit(r)
	} else {
		t.out = append(t.out, r)
	}
}

// nothingFound is never a dead end: look further, change choices, or
// volunteer support.
func (t *turn) nothingFound(edit bool) {
	s := t.s.Search
	if s.Page > 0 {
		s.Page = 0
		t.show(Reply{Text: t.T("results_no_more"), Buttons: [][]Button{
			{{Text: t.T("results_back"), Data: btnResultBack}},
			{{Text: t.T("results_filters"), Data: btnResultFilters}},
		}}, edit)
		return
	}
	var rows [][]Button
	if s.Radius < widestRadius {
		rows = append(rows, []Button{{Text: t.T("results_wider"), Data: btnResultWider}})
	}
	rows = append(rows, []Button{{Text: t.T("results_filters"), Data: btnResultFilters}})
	if s.Kind != "vol" {
		rows = append(rows, []Button{{Text: t.T("results_volunteer"), Data: btnResultVol}})
	}
	rows = append(rows, []Button{{Text: t.T("button_menu"), Data: btnMenu}})
	none := "results_none"
	if s.Radius >= widestRadius {
		none = "results_none_widest" // no "shall I look further?" when there is no further
	}
	t.show(Reply{Text: t.T(none, map[string]any{"Km": s.Radius}), Buttons: rows}, edit)
}

// entry is one result in the list: what, how far and where, when, cost and
// languages.
func (t *turn) entry(n int, r meetups.Result) string {
	lines := []string{fmt.Sprintf("%d. %s %s", n, kindEmoji[r.Kind], t.title(r.Meetup))}
	where := t.T("result_online")
	if !r.Online {
		where = t.T("result_distance", map[string]any{"Km": t.km(r.DistanceKm)})
		if place := joinNonEmpty(", ", r.Venue, r.City); place != "" {
			where += " · " + place
		}
	}
	lines = append(lines, "📍 "+where)
	if r.Next != nil {
		lines = append(lines, "🗓 "+t.when(*r.Next, r.Schedule.Pattern()))
	} else {
		lines = append(lines, "🗓 "+t.T("pattern_ongoing"))
	}
	lines = append(lines, "💶 "+t.cost(r.CostCents)+" · 🗣 "+t.languages(r.Languages))
	return strings.Join(lines, "\n")
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// resultButton handles the results message's buttons; false when the
// button does not fit the chat's state (an old message, forged data).
func (t *turn) resultButton(data string) bool {
	s := t.s.Search
	if s == nil || s.Place == nil || t.s.Step != stepFindResults {
		return false
	}
	switch {
	case strings.HasPrefix(data, btnResultDetails):
		id, err := strconv.ParseInt(strings.TrimPrefix(data, btnResultDetails), 10, 64)
		if err != nil || !containsID(s.Shown, id) {
			return false
		}
		t.details(id)
	case data == btnResultMore:
		if len(s.Shown) < resultsOnPage {
			return false
		}
		s.Page++
		t.results(true)
	case data == btnResultPrev:
		if s.Page == 0 {
			return false
		}
		s.Page--
		t.results(true)
	case data == btnResultBack:
		s.Card = 0
		t.results(true)
	case data == btnResultAsk, data == btnResultWrite:
		return t.together(data == btnResultWrite)
	case data == btnResultFilters:
		t.filters()
	case data == btnResultWider:
		if s.Radius >= widestRadius {
			return false
		}
		s.Radius, s.Page = nextRadius(s.Radius), 0
		t.results(true)
	case data == btnResultWeek:
		s.Week, s.Radius, s.Page = !s.Week, 0, 0
		t.results(true)
	case data == btnResultFree:
		s.FreeOnly, s.Radius, s.Page = !s.FreeOnly, 0, 0
		t.results(true)
	case strings.HasPrefix(data, btnResultOrder):
		o := meetups.Order(strings.TrimPrefix(data, btnResultOrder))
		if o == "mix" {
			o = meetups.OrderBalanced
		}
		if !o.Valid() || o == s.Order {
			return false
		}
		s.Order, s.Page = o, 0
		t.results(true)
	case data == btnResultVol:
		s.Kind, s.Theme, s.When, s.Radius = "vol", "", "any", 0
		t.results(true)
	default:
		return t.keepButton(data)
	}
	return true
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// filters is the menu to change one choice and see the results again.
func (t *turn) filters() {
	s := t.s.Search
	label := s.Place.Label
	if label == "" {
		label = t.T("find_your_location")
	}
	free := "filter_free_off"
	if s.FreeOnly {
		free = "filter_free_on"
	}
	age := map[string]string{"pregnant": "age_pregnant", "0-1": "age_0_1", "1-4": "age_1_4", "4-12": "age_4_12", "12+": "age_12_plus"}[s.Age]
	if age == "" {
		age = "age_any"
	}
	kind := "kind_choice_" + s.Kind
	if !contains(kindChoices, s.Kind) {
		kind = "kind_choice_any"
	}
	when := "when_" + s.When
	if !contains(whenChoices, s.When) {
		when = "when_any"
	}
	t.edit(Reply{Text: t.T("filters_prompt"), Buttons: [][]Button{
		{{Text: t.T("filter_place", map[string]any{"Value": label}), Data: btnFilterPlace}},
		{{Text: t.T("filter_age", map[string]any{"Value": t.T(age)}), Data: btnFilterAge}},
		{{Text: t.T("filter_kind", map[string]any{"Value": t.T(kind)}), Data: btnFilterKind}},
		{{Text: t.T("filter_when", map[string]any{"Value": t.T(when)}), Data: btnFilterWhen}},
		{{Text: t.T(free), Data: btnFilterFree}},
		{{Text: t.T("filter_show"), Data: btnFilterShow}},
	}})
}

// filterButton handles the choices menu; false when it does not fit.
func (t *turn) filterButton(data string) bool {
	s := t.s.Search
	if s == nil || s.Place == nil || t.s.Step != stepFindResults {
		return false
	}
	s.Radius, s.Page = 0, 0
	switch data {
	case btnFilterPlace:
		s.Editing = true
		t.askWhere()
	case btnFilterAge:
		s.Editing = true
		t.askAge()
	case btnFilterKind:
		s.Editing = true
		t.askKind()
	case btnFilterWhen:
		s.Editing = true
		t.askWhen()
	case btnFilterFree:
		s.FreeOnly = !s.FreeOnly
		t.filters()
	case btnFilterShow:
		t.results(true)
	default:
		return false
	}
	return true
}
