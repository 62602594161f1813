package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/ouderkring/ouderkring/db"
)

// maintenanceInterval is how often the background upkeep runs.
const maintenanceInterval = time.Hour

// maintenanceLoop keeps promises without an operator doing anything, at
// start and then every hour: chats idle for longer than retention are
// forgotten (what /privacy tells parents), help drafts (names, free text)
// older than a day are cleared, and the catalogue's "next
// occurrence" is moved on for meetups whose date has passed, so search
// keeps ranking by what comes next. Several replicas running it at once is
// harmless: both steps are idempotent.
func maintenanceLoop(ctx context.Context, d *db.DB, retention time.Duration, log *slog.Logger) {
	t := time.NewTicker(maintenanceInterval)
	defer t.Stop()
	for {
		maintain(ctx, d, retention, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func maintain(ctx context.Context, d *db.DB, retention time.Duration, log *slog.Logger) {
	now := time.Now()
	n, err := d.Sessions().PurgeIdleSessions(ctx, now.Add(-retention))
	switch {
	case err != nil && ctx.Err() == nil:
		log.Warn("purging idle sessions failed", "err", err)
	case n > 0:
		log.Info("purged idle sessions", "count", n)
	}
	c, err := d.Sessions().ClearStaleDrafts(ctx, now.Add(-24*time.Hour))
	switch {
	case err != nil && ctx.Err() == nil:
		log.Warn("clearing old help drafts failed", "err", err)
	case c > 0:
		log.Info("cleared old help drafts", "count", c)
	}
	r, err := d.Catalogue().RefreshSchedules(ctx, now)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Warn("refreshing meetup dates failed", "err", err)
	case r > 0:
		log.Info("refreshed meetup dates", "count", r)
	}
}
