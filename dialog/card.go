package dialog

import (
	"fmt"
	"strings"

	"github.com/ouderkring/ouderkring/meetups"
)

// details shows a meetup as a "what to expect the first time" card in
// place of the results, and its place on the map below it.
func (t *turn) details(id int64) {
	m, err := t.e.catalogue.Meetup(t.ctx, id)
	if meetups.ErrorCode(err) == meetups.ENOTFOUND {
		// Paused or removed since the list was shown.
		t.out = append(t.out, Reply{Text: t.T("card_gone")})
		t.results(true)
		return
	}
	if err != nil {
		t.fail(fmt.Errorf("details: %w", err))
		return
	}
	t.s.Search.Card = m.ID
	// Only a parent's press on a result gets here; an organiser's preview
	// and /mijn show the card without counting.
	t.count(meetups.CountOpened, m.ID)
	together := Button{Text: t.T("card_ask_along"), Data: btnResultAsk}
	if m.Kind == meetups.KindVolunteerSupport {
		together = Button{Text: t.T("card_write_volunteer"), Data: btnResultWrite}
	}
	var rows [][]Button
	if keep := t.keepRow(m); len(keep) > 0 {
		rows = append(rows, keep)
	}
	rows = append(rows, []Button{together},
		[]Button{{Text: t.T("results_back"), Data: btnResultBack}},
		[]Button{{Text: t.T("button_menu"), Data: btnMenu}})
	t.edit(Reply{Text: t.card(m), Buttons: rows})
	if m.Point != nil {
		t.out = append(t.out, Reply{Venue: &Venue{
			Point:   *m.Point,
			Title:   t.title(m),
			Address: joinNonEmpty(", ", m.Venue, m.Address, joinNonEmpty(" ", m.Postcode, m.City)),
		}})
	}
}

// card is everything a parent wants to know before going the first time.
func (t *turn) card(m meetups.Meetup) string {
	lines := []string{kindEmoji[m.Kind] + " " + t.title(m)}
	if d := strings.TrimSpace(m.Description); d != "" {
		lines = append(lines, d)
	}
	lines = append(lines, "")
	if occ := m.Schedule.Next(t.e.now(), 1); len(occ) > 0 {
		lines = append(lines, t.T("card_next", map[string]any{"When": t.when(occ[0], m.Schedule.Pattern())}))
	} else if m.Schedule.Kind == meetups.ScheduleOngoing {
		lines = append(lines, t.T("card_ongoing"))
	}
	if m.Online {
		lines = append(lines, t.T("card_online", map[string]any{"URL": m.OnlineURL}))
	} else {
		lines = append(lines, t.T("card_place", map[string]any{
			"Place": joinNonEmpty(", ", m.Venue, m.Address, joinNonEmpty(" ", m.Postcode, m.City)),
		}))
	}
	switch m.Join {
	case meetups.JoinSignUp:
		lines = append(lines, t.T("card_sign_up")+" "+joinNonEmpty(" · ", m.SignupURL, m.SignupPhone))
	default:
		lines = append(lines, t.T("card_walk_in"))
	}
	if m.BabiesWelcome {
		lines = append(lines, t.T("card_babies"))
	}
	if m.SiblingsWelcome && !m.Online {
		lines = append(lines, t.T("card_siblings"))
	}
	lines = append(lines, t.T("card_cost", map[string]any{"Cost": t.cost(m.CostCents)}))
	if note := strings.TrimSpace(m.CostNote); note != "" && !strings.EqualFold(note, t.cost(m.CostCents)) {
		lines[len(lines)-1] += " (" + note + ")" // "gratis (gratis)" says nothing twice
	}
	lines = append(lines, t.T("card_languages", map[string]any{"Languages": t.languages(m.Languages)}))
	if a := strings.TrimSpace(m.Accessibility); a != "" {
		lines = append(lines, t.T("card_access", map[string]any{"Access": a}))
	}
	if !m.ConfirmedAt.IsZero() {
		lines = append(lines, t.T("card_confirmed", map[string]any{"Date": t.date(m.ConfirmedAt.In(meetups.Amsterdam), false)}))
	}
	if m.OrgName != "" {
		lines = append(lines, t.T("card_org", map[string]any{"Org": m.OrgName}))
	}
	lines = append(lines, "", t.T("card_first_time"))
	return strings.Join(lines, "\n")
}

// together opens the help dialog from a meetup's card: ask someone to come
// along, or, for a volunteer programme, write a first message to it.
func (t *turn) together(write bool) bool {
	id := t.s.Search.Card
	if id == 0 {
		return false
	}
	m, err := t.e.catalogue.Meetup(t.ctx, id)
	if meetups.ErrorCode(err) == meetups.ENOTFOUND {
		return false
	}
	if err != nil {
		t.fail(fmt.Errorf("together: %w", err))
		return true
	}
	if write {
		if m.Kind != meetups.KindVolunteerSupport {
			return false
		}
		t.volunteerDraft(m)
		return true
	}
	am := &AskMeetup{Title: m.Title, Place: joinNonEmpty(", ", m.Venue, m.City)}
	if m.Online {
		am.Place = t.T("result_online")
	}
	if occ := m.Schedule.Next(t.e.now(), 1); len(occ) > 0 {
		am.Next = occ[0]
	} else {
		return false // nothing to go to together
	}
	t.startAsk(am)
	return true
}
