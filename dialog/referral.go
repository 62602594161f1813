package dialog

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// referral.go is the parent's side of clinic referral links: /start
// r_<code> counts a start for the link and, when the link has an area,
// starts the meetup search there. For a day the parent's own session
// remembers the link, so that the first search, saved meetup and drafted
// message count for it, each once. Only numbers per link and week are
// stored; the session is the one place a link meets a chat, and only for
// referralRetention (the engine drops it when the parent comes back, the
// store's upkeep when they do not, /vergeet at once).

// referralRetention is how long a session remembers the link it started
// from, and the /start payload.
const referralRetention = 24 * time.Hour

// referralLookupTimeout bounds finding the link of a /start payload: when
// the store is slow the parent gets the normal start instead of waiting.
const referralLookupTimeout = time.Second

// Referral is the clinic link a chat started from.
type Referral struct {
	Link    int64     `json:"link"`
	Started time.Time `json:"started"`
	// Counted lists the events already counted for the link from this
	// chat, so each counts at most once.
	Counted []meetups.ReferralEvent `json:"counted,omitempty"`
}

// startReferral handles a /start payload that may be a referral link. It
// returns the live link and true when it is one; an unknown, malformed or
// deleted code (or no store) returns false and counts nothing, and the bot
// starts as usual. Opening the same link again within a day counts no new
// start and does not move the day on.
func (t *turn) startReferral(payload string) (meetups.ReferralLink, bool) {
	code, ok := meetups.ParseReferral(payload)
	if !ok || t.e.referrals == nil {
		return meetups.ReferralLink{}, false
	}
	ctx, cancel := context.WithTimeout(t.ctx, referralLookupTimeout)
	defer cancel()
	link, err := t.e.referrals.Referral(ctx, code)
	if err != nil {
		if meetups.ErrorCode(err) != meetups.ENOTFOUND {
			slog.Warn("referral link lookup failed", "err", err)
		}
		return meetups.ReferralLink{}, false
	}
	if r := t.s.Referral; r == nil || r.Link != link.ID {
		t.s.Referral = &Referral{Link: link.ID, Started: t.e.now().UTC()}
		t.countReferral(meetups.ReferralStart)
	}
	return link, true
}

// presetSearch starts the meetup search at a referral link's area: the
// place is set and the nearest meetups are shown at once, as after a
// place the parent gave; she narrows them, or changes the place, from the
// results like any other choice.
func (t *turn) presetSearch(area meetups.Place) {
	t.s.Search = &Search{Place: &area}
	label := area.Label
	if label == "" {
		label = t.T("find_your_location")
	}
	t.say("ref_area", map[string]any{"Place": label})
	t.next(stepFindWhere)
}

// countReferral counts event for the link the chat came through, once
// per link: nothing when there is no link (or no store), or when it was
// counted already. The count is made by Handle after the session is saved.
func (t *turn) countReferral(event meetups.ReferralEvent) {
	r := t.s.Referral
	if r == nil || t.e.referrals == nil || slices.Contains(r.Counted, event) {
		return
	}
	r.Counted = append(r.Counted, event)
	t.pending(pendingCount{link: r.Link, referral: event})
}

// meetupSaved counts a meetup the parent saved for the first time (with
// the save button or by asking for a reminder): the organisers' weekly
// "saved" and, once per link, the referral link's "saved".
func (t *turn) meetupSaved(id int64) {
	t.count(meetups.CountSaved, id)
	t.countReferral(meetups.ReferralSaved)
}

// expireReferral forgets the link and the /start payload a day after the
// chat started with them; quietly, since nothing the parent sees changes.
func (t *turn) expireReferral() {
	now := t.e.now()
	if r := t.s.Referral; r != nil && now.Sub(r.Started) >= referralRetention {
		t.s.Referral = nil
	}
	if t.s.StartPayload != "" && (t.s.StartAt.IsZero() || now.Sub(t.s.StartAt) >= referralRetention) {
		t.s.StartPayload, t.s.StartAt = "", time.Time{}
	}
}
