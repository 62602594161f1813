package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// updateLockClass is the first key of the per-chat advisory lock, so it
// never meets another advisory lock of the program (imports and
// migrations use their own).
const updateLockClass = 0x6f6b7570 // "okup"

// Gate makes webhook updates safe across replicas: each update is handled
// at most once however often Telegram delivers it, and the updates of one
// chat one at a time, whichever replica they reach (migration 013). It
// holds its advisory locks on a pool of its own, sized to the number of
// updates handled at once, so a handler holding its chat's lock can
// always get a connection from the main pool for the session and the
// search.
type Gate struct {
	locks *pgxpool.Pool
}

// Gate opens the gate's lock pool: at most maxLocks updates are handled at
// once through it. An update waits at most lockWait for its chat's lock
// (the chat's update before it running elsewhere) and is then refused
// with an error, for Telegram to deliver again: one chat sending many
// updates at once must not hold every connection of the pool waiting on
// itself while other chats wait behind it.
func (d *DB) Gate(ctx context.Context, maxLocks int32, lockWait time.Duration) (*Gate, error) {
	if maxLocks < 1 || lockWait < time.Millisecond {
		return nil, errors.New("db: gate: maxLocks must be at least 1, lockWait at least 1ms")
	}
	cfg := d.pool.Config().Copy()
	cfg.MaxConns, cfg.MinConns = maxLocks, 0
	cfg.ConnConfig.RuntimeParams["lock_timeout"] = fmt.Sprint(lockWait.Milliseconds())
	cfg.AfterRelease = nil
	locks, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: gate: %w", err)
	}
	return &Gate{locks: locks}, nil
}

// Close closes the lock pool.
func (g *Gate) Close() { g.locks.Close() }

// Once runs handle for update updateID of chat chatID unless that update
// was handled before, holding the chat's lock throughout, and records it
// as handled. It reports whether handle ran. An error (the database is
// away) means the update was not handled: the caller should have Telegram
// deliver it again. An update whose handler ran but could not be recorded
// (the database went away in between) may be handled again on the next
// delivery: at least once in that one gap, exactly once otherwise.
func (g *Gate) Once(ctx context.Context, updateID, chatID int64, handle func(context.Context)) (bool, error) {
	return g.Try(ctx, updateID, chatID, func(ctx context.Context) bool { handle(ctx); return true })
}

// Try is Once for a handler that may fail without effect (the bot when
// the database went away before it said anything): when handle reports
// false the update is not recorded, and Try returns false and an error, so
// the next delivery runs it again.
func (g *Gate) Try(ctx context.Context, updateID, chatID int64, handle func(context.Context) bool) (bool, error) {
	conn, err := g.locks.Acquire(ctx)
	if err != nil {
		return false, fmt.Errorf("db: gate: %w", interpretError(err))
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `select pg_advisory_lock($1, hashint8($2))`, updateLockClass, chatID); err != nil {
		conn.Conn().Close(context.Background()) // a lock half taken dies with its session
		return false, fmt.Errorf("db: gate: lock: %w", interpretError(err))
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(ctx, `select pg_advisory_unlock($1, hashint8($2))`, updateLockClass, chatID); err != nil {
			conn.Conn().Close(context.Background()) // closing the session frees the lock
		}
	}()
	var seen bool
	if err := conn.QueryRow(ctx, `select exists (select 1 from processed_updates where update_id = $1)`, updateID).Scan(&seen); err != nil {
		return false, fmt.Errorf("db: gate: %w", interpretError(err))
	}
	if seen {
		return false, nil
	}
	if !handle(ctx) {
		return false, fmt.Errorf("db: gate: update %d not handled", updateID)
	}
	if _, err := conn.Exec(ctx, `insert into processed_updates (update_id) values ($1) on conflict do nothing`, updateID); err != nil {
		return true, fmt.Errorf("db: gate: record update: %w", interpretError(err))
	}
	return true, nil
}

// PurgeProcessedUpdates forgets updates handled before before and returns
// how many.
func (d *DB) PurgeProcessedUpdates(ctx context.Context, before time.Time) (int64, error) {
	tag, err := d.pool.Exec(ctx, `delete from processed_updates where processed_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("db: purge processed updates: %w", interpretError(err))
	}
	return tag.RowsAffected(), nil
}
