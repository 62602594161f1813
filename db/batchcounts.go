package db

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// BatchedCounts is Counts for the parent's path under load: it adds counts
// up in memory and writes them in one statement a flush (every interval,
// and at Close) instead of one statement a results page. A results page is
// counted after its session is saved and at most once already (a crash
// right after the save loses it); batching widens that window to the
// interval. It reads (/mijn) through Counts after a flush, so an organiser
// sees every count made before the read.
type BatchedCounts struct {
	c     *Counts
	every time.Duration
	max   int

	mu      sync.Mutex
	pending map[countKey]*countRow
	dropped int // counts not kept because pending was full

	flushMu  sync.Mutex // one flush at a time
	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
}

type countKey struct {
	id   int64
	week time.Time
}

type countRow struct{ shown, opened, saved, calendar int32 }

var (
	_ meetups.Counter    = (*BatchedCounts)(nil)
	_ dialog.CountReader = (*BatchedCounts)(nil)
)

// maxPendingCounts bounds what BatchedCounts keeps while the database is
// away: meetup and week pairs, about 60 bytes each. Past it new counts are
// dropped (and logged at the next flush): they are numbers for organisers,
// not worth the memory of a long outage.
const maxPendingCounts = 100_000

// BatchedCounts starts a BatchedCounts that flushes every interval (at
// least 10 ms) until Close.
func (d *DB) BatchedCounts(every time.Duration) *BatchedCounts {
	b := &BatchedCounts{c: d.Counts(), every: max(every, 10*time.Millisecond), max: maxPendingCounts,
		pending: map[countKey]*countRow{}, stop: make(chan struct{}), done: make(chan struct{})}
	go b.run()
	return b
}

func (b *BatchedCounts) run() {
	defer close(b.done)
	t := time.NewTicker(b.every)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), countFlushTimeout)
			if err := b.Flush(ctx); err != nil {
				slog.Warn("counts not written yet; trying again", "err", err)
			}
			cancel()
		}
	}
}

// countFlushTimeout bounds one flush.
const countFlushTimeout = 5 * time.Second

// Count adds one to event, in the week of at, for each distinct meetup in
// ids, to be written at the next flush. Unknown meetups are dropped then.
func (b *BatchedCounts) Count(ctx context.Context, event meetups.CountEvent, ids []int64, at time.Time) error {
	if !event.Valid() {
		return meetups.Errorf(meetups.EINVALID, "unknown count event %q", event)
	}
	week := meetups.WeekOf(at)
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			continue // once per call, as Counts.Count
		}
		k := countKey{id, week}
		r := b.pending[k]
		if r == nil {
			if len(b.pending) >= b.max {
				b.dropped++
				continue
			}
			r = &countRow{}
			b.pending[k] = r
		}
		switch event {
		case meetups.CountShown:
			r.shown++
		case meetups.CountOpened:
			r.opened++
		case meetups.CountSaved:
			r.saved++
		case meetups.CountCalendar:
			r.calendar++
		}
	}
	return nil
}

// flushSQL adds each row of the arrays to its meetup's week; meetups that
// no longer exist are dropped, and the rows lock in id order, as countSQL.
const flushSQL = `insert into meetup_counts as c (meetup_id, week, shown, opened, saved, calendar)
	select m.id, v.week, v.shown, v.opened, v.saved, v.calendar
	from unnest($1::bigint[], $2::date[], $3::int[], $4::int[], $5::int[], $6::int[]) as v(id, week, shown, opened, saved, calendar)
	join meetups m on m.id = v.id
	order by m.id, v.week
	on conflict (meetup_id, week) do update set shown = c.shown + excluded.shown, opened = c.opened + excluded.opened,
		saved = c.saved + excluded.saved, calendar = c.calendar + excluded.calendar`

// Flush writes what was counted since the last flush, in one statement.
// When it surely did not write them — no connection, nothing sent, or
// Postgres refused the statement (one statement: nothing of it stays) —
// the counts stay for the next flush, as far as room is left. When it may
// have written them (the connection broke or the time ran out while the
// statement ran) they are dropped and logged: counts are at most once.
func (b *BatchedCounts) Flush(ctx context.Context) error {
	b.flushMu.Lock()
	defer b.flushMu.Unlock()
	b.mu.Lock()
	batch, dropped := b.pending, b.dropped
	b.pending, b.dropped = map[countKey]*countRow{}, 0
	b.mu.Unlock()
	if dropped > 0 {
		slog.Warn("counts dropped: too many waiting while the database was away", "dropped", dropped)
	}
	if len(batch) == 0 {
		return nil
	}
	n := len(batch)
	var (
		ids                              = make([]int64, 0, n)
		weeks                            = make([]time.Time, 0, n)
		shown, opened, saved, calendared = make([]int32, 0, n), make([]int32, 0, n), make([]int32, 0, n), make([]int32, 0, n)
	)
	for k, r := range batch {
		ids, weeks = append(ids, k.id), append(weeks, k.week)
		shown, opened, saved, calendared = append(shown, r.shown), append(opened, r.opened), append(saved, r.saved), append(calendared, r.calendar)
	}
	conn, err := b.c.db.pool.Acquire(ctx)
	if err == nil {
		_, err = conn.Exec(ctx, flushSQL, ids, weeks, shown, opened, saved, calendared)
		conn.Release()
		var pgErr *pgconn.PgError
		if err != nil && !pgconn.SafeToRetry(err) && !errors.As(err, &pgErr) {
			slog.Warn("counts dropped: the write may have happened", "meetup_weeks", len(batch), "err", err)
			return fmt.Errorf("db: write counts: %w", interpretError(err))
		}
	}
	if err != nil {
		b.mu.Lock()
		for k, r := range batch {
			if p := b.pending[k]; p != nil {
				p.shown, p.opened, p.saved, p.calendar = p.shown+r.shown, p.opened+r.opened, p.saved+r.saved, p.calendar+r.calendar
			} else if len(b.pending) < b.max {
				b.pending[k] = r
			} else {
				b.dropped++
			}
		}
		b.mu.Unlock()
		return fmt.Errorf("db: write counts: %w", interpretError(err))
	}
	return nil
}

// WeeklyCounts flushes, then reads as Counts.WeeklyCounts. A failed
// flush does not stop the read: it shows what was written.
func (b *BatchedCounts) WeeklyCounts(ctx context.Context, ids []int64, weeks int, now time.Time) (map[int64][]meetups.WeekCounts, error) {
	_ = b.Flush(ctx)
	return b.c.WeeklyCounts(ctx, ids, weeks, now)
}

// Close stops the periodic flush and writes what is left (bounded by
// ctx). Counts made after Close wait for a Flush that never comes: call it
// once nothing counts any more.
func (b *BatchedCounts) Close(ctx context.Context) error {
	b.stopOnce.Do(func() { close(b.stop) })
	<-b.done
	return b.Flush(ctx)
}
