package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/schoolholidays"
)

// maintenanceInterval is how often the upkeep runs: a River periodic job
// (db.JobConfig.Upkeep), enqueued by the elected leader, so one replica
// runs it at a time; once at start too.
const maintenanceInterval = time.Hour

// countsKeptWeeks is how many weeks of anonymous counts (per meetup, per
// referral link) are kept: what `ouderkring stats --weeks` can show.
const countsKeptWeeks = statsMaxWeeks

// freshAskWindow is how long after a term starts organisers are still
// asked "still happening?" (a bot that was down on the first Monday asks
// when it is back); freshRecent is how recently confirmed a meetup may be
// and not be asked.
const (
	freshAskWindow = 14 * 24 * time.Hour
	freshRecent    = 28 * 24 * time.Hour
	freshBatch     = 100
)

// notifier sends messages the bot says on its own (bot.Telegram.Notify).
type notifier interface {
	Notify(ctx context.Context, chatID int64, replies []dialog.Reply) error
}

// upkeep keeps promises without an operator doing anything, at start and
// then every hour: chats idle for longer than retention are forgotten
// (what /privacy tells parents), help drafts (names, free text) and the
// clinic link a chat started from are cleared after a day, the catalogue's
// "next occurrence" is moved on for meetups whose date has passed,
// repeating meetups are kept fresh (freshen), saved meetups without dates
// to come are removed dialog.SavedRetention later, and counts older than
// countsKeptWeeks go. River runs it on one replica at a time; should two
// ever overlap (a leader change mid-run), it is still harmless: the steps
// are idempotent and freshness claims each meetup before telling anyone.
type upkeep struct {
	db        *db.DB
	engine    *dialog.Engine
	notifier  notifier // nil in the terminal: nobody to tell
	retention time.Duration
	log       *slog.Logger
}

func (u *upkeep) run(ctx context.Context, now time.Time) {
	n, err := u.db.Sessions().PurgeIdleSessions(ctx, now.Add(-u.retention))
	u.report(ctx, err, "purging idle sessions", "purged idle sessions", n)
	c, err := u.db.Sessions().ClearStaleDrafts(ctx, now.Add(-24*time.Hour))
	u.report(ctx, err, "clearing day-old drafts and referral links from sessions", "cleared day-old drafts and referral links from sessions", int64(c))
	p, err := u.db.PurgeProcessedUpdates(ctx, now.Add(-24*time.Hour))
	u.report(ctx, err, "forgetting day-old webhook update ids", "forgot day-old webhook update ids", p)
	r, err := u.db.Catalogue().RefreshSchedules(ctx, now)
	u.report(ctx, err, "refreshing meetup dates", "refreshed meetup dates", int64(r))
	u.freshen(ctx, now)
	s, err := u.db.Saved().Tidy(ctx, now, dialog.SavedRetention)
	u.report(ctx, err, "removing saved meetups without dates", "removed saved meetups without dates", s)
	before := meetups.WeekOf(now).AddDate(0, 0, -7*(countsKeptWeeks-1))
	w, err := u.db.Counts().Prune(ctx, before)
	u.report(ctx, err, "pruning old meetup counts", "pruned old meetup counts", w)
	w, err = u.db.Referrals().PruneCounts(ctx, before)
	u.report(ctx, err, "pruning old referral counts", "pruned old referral counts", w)
}

// report logs the outcome of one step.
func (u *upkeep) report(ctx context.Context, err error, doing, done string, count int64) {
	switch {
	case err != nil && ctx.Err() == nil:
		u.log.Warn(doing+" failed", "err", err)
	case count > 0:
		u.log.Info(done, "count", count)
	}
}

// freshen hides the repeating meetups nobody confirmed for
// meetups.FreshFor and tells their organisers; and in the first two weeks
// of a school term it asks the organisers of each repeating meetup not
// confirmed lately whether it still happens.
func (u *upkeep) freshen(ctx context.Context, now time.Time) {
	hidden, err := u.db.Catalogue().HideUnconfirmed(ctx, now.Add(-meetups.FreshFor), now)
	u.report(ctx, err, "hiding unconfirmed meetups", "hid unconfirmed meetups", int64(len(hidden)))
	u.tell(ctx, hidden, true)
	if u.notifier == nil {
		return // asking needs someone to ask; claiming would lose the question
	}
	term, ok := schoolholidays.TermStart(now)
	if !ok || now.Sub(term) > freshAskWindow {
		return
	}
	for {
		asks, err := u.db.Catalogue().ClaimFreshAsks(ctx, term, now.Add(-freshRecent), now, freshBatch)
		u.report(ctx, err, "claiming freshness questions", "asked whether meetups still happen", int64(len(asks)))
		u.tell(ctx, asks, false)
		if err != nil || len(asks) < freshBatch {
			return
		}
	}
}

// tell sends each notice to each organiser's chat. A failure is logged
// and counted per chat, never with the meetup or the chat.
func (u *upkeep) tell(ctx context.Context, notices []db.FreshNotice, hidden bool) {
	if u.notifier == nil {
		return
	}
	failed := 0
	for _, n := range notices {
		for _, chat := range n.Chats {
			replies, err := u.engine.FreshNotice(ctx, chat, n.Meetup, hidden)
			if err == nil {
				err = u.notifier.Notify(ctx, chat, replies)
			}
			if err != nil {
				failed++
			}
		}
	}
	if failed > 0 {
		u.log.Warn("freshness messages not delivered", "count", failed)
	}
}
