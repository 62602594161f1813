package dialog

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// counts.go: anonymous weekly numbers per meetup. The parent's path adds
// to them (a results page shown, a card opened, a meetup saved or added to
// a calendar, a follow-up answered); /mijn shows an organiser
// the last weeks of their own meetup. Only numbers per meetup and week are
// kept, never which chat did what.

// CountReader reads the counts back for /mijn. Options.Counter may
// implement it too (db.Counts does); /mijn shows counts only then.
type CountReader interface {
	// WeeklyCounts returns exactly weeks entries per id, newest first.
	WeeklyCounts(ctx context.Context, ids []int64, weeks int, now time.Time) (map[int64][]meetups.WeekCounts, error)
}

const (
	// countTimeout bounds what counting may add to a parent's reply. A
	// count takes well under a millisecond (BenchmarkCount in db); this is
	// for a database that hangs, when the lost count matters less than the
	// parent waiting. It is not tighter because a busy database (the race
	// detector on two cores, a burst of searches) can take a few hundred
	// milliseconds and should still count: the search in the same turn
	// waited for it anyway.
	countTimeout = time.Second
	// countWeeks is how many weeks /mijn shows.
	countWeeks = 4
)

// pendingCount is one count a step earned: for meetups (event, ids) or for
// the referral link (link, referral). Handle makes them only once the
// session is saved, so a step retried after a conflict counts once.
type pendingCount struct {
	event    meetups.CountEvent
	ids      []int64
	link     int64
	referral meetups.ReferralEvent
	safety   string // a safety answer given (safety.go): only told, never stored
}

// count adds one to event for the meetups ids, once the step is saved.
func (t *turn) count(event meetups.CountEvent, ids ...int64) {
	if t.e.counter == nil || len(ids) == 0 {
		return
	}
	t.pending(pendingCount{event: event, ids: slices.Clone(ids)})
}

// pending keeps c for Handle to make after the save.
func (t *turn) pending(c pendingCount) {
	if t.s.counts == nil {
		t.s.counts = &[]pendingCount{}
	}
	*t.s.counts = append(*t.s.counts, c)
}

// makeCounts makes the counts of a saved step. They never fail the
// update: counting is a courtesy to organisers and clinics, not part of
// the parent's dialog. Each is bounded by countTimeout; an error is
// logged with the event only (never the chat, the meetups or the link,
// which together would say who looked at what or came through which
// poster) and the count is lost.
func (e *Engine) makeCounts(ctx context.Context, counts *[]pendingCount) {
	if counts == nil {
		return
	}
	for _, c := range *counts {
		if c.safety != "" {
			if e.onSafety != nil {
				e.onSafety(c.safety)
			}
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, countTimeout)
		if c.referral != "" {
			if err := e.referrals.CountReferral(cctx, c.link, c.referral, e.now()); err != nil {
				slog.Warn("referral count lost", "event", string(c.referral), "err", err)
			}
		} else if err := e.counter.Count(cctx, c.event, c.ids, e.now()); err != nil {
			slog.Warn("count lost", "event", string(c.event), "err", err)
		}
		cancel()
	}
}

// weekCounts is the block under a meetup in /mijn: a line per week, newest
// first, or one line when nothing was counted. It is empty when the
// counter cannot read back or reading failed: the rest of /mijn still
// works. The caller has checked that the meetup is the chat's own.
func (t *turn) weekCounts(id int64) string {
	r, ok := t.e.counter.(CountReader)
	if !ok {
		return ""
	}
	byID, err := r.WeeklyCounts(t.ctx, []int64{id}, countWeeks, t.e.now())
	if err != nil {
		slog.Warn("weekly counts unavailable", "err", err)
		return ""
	}
	weeks := byID[id]
	empty := true
	for _, w := range weeks {
		empty = empty && w.Empty()
	}
	felt := t.feltLine(weeks)
	if empty {
		return joinNonEmpty("\n", t.T("counts_none", map[string]any{"Weeks": countWeeks}), felt)
	}
	lines := []string{t.T("counts_title", map[string]any{"Weeks": countWeeks})}
	for _, w := range weeks {
		_, n := w.Week.ISOWeek()
		if w.Empty() {
			lines = append(lines, t.T("counts_week_none", map[string]any{"Week": n}))
			continue
		}
		lines = append(lines, t.T("counts_week", map[string]any{"Week": n,
			"Shown": w.Shown, "Opened": w.Opened, "Saved": w.Saved, "Calendar": w.Calendar}))
	}
	if felt != "" {
		lines = append(lines, felt)
	}
	return strings.Join(lines, "\n")
}

// feltLine adds up the follow-up answers ("how was it?") of the weeks
// shown: nothing when there are none, and only "fewer than 5" until
// there are meetups.SuppressBelow, so an organiser who knows who came
// cannot tell what one parent answered.
func (t *turn) feltLine(weeks []meetups.WeekCounts) string {
	var good, okay, bad int
	for _, w := range weeks {
		good, okay, bad = good+w.Good, okay+w.Okay, bad+w.Bad
	}
	switch total := good + okay + bad; {
	case total == 0:
		return ""
	case total < meetups.SuppressBelow:
		return t.T("counts_felt_few", map[string]any{"Weeks": countWeeks, "Min": meetups.SuppressBelow})
	}
	return t.T("counts_felt", map[string]any{"Weeks": countWeeks, "Good": good, "Okay": okay, "Bad": bad})
}
