package main

import (
	"context"
	"log/slog"
	"time"
)

// purger deletes sessions idle for longer than the retention.
type purger interface {
	PurgeIdleSessions(ctx context.Context, olderThan time.Time) (int64, error)
}

// purgeInterval is how often idle sessions are looked for.
const purgeInterval = time.Hour

// purgeLoop forgets chats that went quiet for longer than retention, at
// start and then every hour, so /privacy's promise holds without an
// operator doing anything. Several replicas running it at once is harmless.
func purgeLoop(ctx context.Context, p purger, retention time.Duration, log *slog.Logger) {
	t := time.NewTicker(purgeInterval)
	defer t.Stop()
	for {
		n, err := p.PurgeIdleSessions(ctx, time.Now().Add(-retention))
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("purging idle sessions failed", "err", err)
		case n > 0:
			log.Info("purged idle sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
