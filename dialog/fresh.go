package dialog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// fresh.go is the "still happening?" question organisers get about each
// repeating meetup at the start of a school term, and the notice when one
// was hidden because nobody confirmed it for meetups.FreshFor. The upkeep
// job finds the meetups and their organisers (db.ClaimFreshAsks,
// db.HideUnconfirmed) and sends what FreshNotice makes; the answers come
// back as buttons, checked like every organiser button against the
// organisation in the store.

const btnFresh = "fr:"

// FreshConfirmer is the part of the catalogue the answers need.
type FreshConfirmer interface {
	Confirm(ctx context.Context, id int64, now time.Time) error
}

// FreshNotice is the message for chatID about meetup m: the term's
// question, or (hidden) the notice that it is hidden until confirmed. It
// reads the chat's session only for its language and changes nothing.
func (e *Engine) FreshNotice(ctx context.Context, chatID int64, m meetups.Meetup, hidden bool) ([]Reply, error) {
	t, err := e.noticeTurn(ctx, chatID)
	if err != nil {
		return nil, fmt.Errorf("fresh %w", err)
	}
	id := strconv.FormatInt(m.ID, 10)
	text := "fresh_ask"
	if hidden {
		text = "fresh_hidden"
	}
	return []Reply{{
		Text: t.T(text, map[string]any{"Title": m.Title, "Date": t.date(m.ConfirmedAt.In(meetups.Amsterdam), false)}),
		Buttons: [][]Button{
			{{Text: t.T("fresh_yes"), Data: btnFresh + "y:" + id}},
			{{Text: t.T("fresh_changed"), Data: btnFresh + "c:" + id}},
			{{Text: t.T("fresh_stopped"), Data: btnFresh + "s:" + id}},
		},
	}}, nil
}

// freshButton handles the answers; false when the data is not one.
func (t *turn) freshButton(data string) bool {
	rest, ok := strings.CutPrefix(data, btnFresh)
	if !ok {
		return false
	}
	action, idText, ok := strings.Cut(rest, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || !strings.Contains("ycsu", action) || len(action) != 1 {
		return false
	}
	m, ok := t.ownMeetup(id, "fresh-"+action)
	if !ok {
		return true
	}
	confirmer, ok := t.e.orgCatalogue.(FreshConfirmer)
	if !ok {
		t.fail(fmt.Errorf("fresh: the catalogue cannot confirm meetups"))
		return true
	}
	switch action {
	case "y": // still happening
		t.write("confirm", idText, func(ctx context.Context) error { return confirmer.Confirm(ctx, id, t.e.now()) }, func() {
			reply := "fresh_thanks"
			if m.Unconfirmed {
				reply = "fresh_back"
			}
			t.edit(Reply{Text: t.T(reply, map[string]any{"Title": m.Title}), Buttons: t.waysOn(m.ID)})
		})
	case "c": // changed: confirm, then change it in the usual steps
		t.write("confirm", idText, func(ctx context.Context) error { return confirmer.Confirm(ctx, id, t.e.now()) }, func() {
			if m.Unconfirmed && m.Status == meetups.StatusPaused {
				m.Status = meetups.StatusPublished // as Confirm did; a pause of the organiser's own stays
			}
			m.Unconfirmed = false
			t.edit(Reply{Text: t.T("fresh_change", map[string]any{"Title": m.Title})})
			t.startEdit(m)
		})
	case "s": // stopped: take it off, with a way back
		// Only what parents see or saw: not a meetup waiting for an admin,
		// nor one archived already (rejected, taken offline, stopped).
		if m.Status != meetups.StatusPublished && m.Status != meetups.StatusPaused {
			return false
		}
		t.writeStatus(id, meetups.StatusArchived, "", func() {
			t.edit(Reply{Text: t.T("fresh_stopped_done", map[string]any{"Title": m.Title}),
				Buttons: [][]Button{{{Text: t.T("fresh_undo"), Data: btnFresh + "u:" + idText}}}})
		})
	case "u": // undo "stopped"
		if m.Status != meetups.StatusArchived {
			return false
		}
		// An archived meetup may also be one an admin rejected or took
		// offline, and this button can be forged: from an organiser not
		// yet trusted it goes back to the admins, as a new meetup would.
		ms, _ := t.membershipFor(m.OrgID) // ownMeetup checked it
		if !ms.Trusted {
			t.writeStatus(id, meetups.StatusPending, "", func() {
				t.edit(Reply{Text: t.T("org_pending"), Buttons: t.waysOn(m.ID)})
				t.askAdmins(m)
			})
			return true
		}
		t.writeStatus(id, meetups.StatusPublished, "", func() {
			t.edit(Reply{Text: t.T("fresh_back", map[string]any{"Title": m.Title}), Buttons: t.waysOn(m.ID)})
		})
	}
	return true
}
