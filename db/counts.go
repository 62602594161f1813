package db

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// Counts keeps the anonymous weekly numbers per meetup that organisers see
// in /mijn (table meetup_counts, migration 006). It implements
// meetups.Counter for the parent's path and dialog.CountReader for /mijn.
type Counts struct {
	db *DB
}

var (
	_ meetups.Counter    = (*Counts)(nil)
	_ dialog.CountReader = (*Counts)(nil)
)

// Counts returns the counts backed by d.
func (d *DB) Counts() *Counts { return &Counts{db: d} }

// countSQL adds one to the event's column ($3) for each meetup in $1 that
// still exists, in week $2. Selecting from meetups drops unknown ids (no
// foreign-key error for a meetup deleted since the page was built) and
// repeated ones (the id is the key); ordering by id makes concurrent pages
// with the same meetups lock their rows in one order, so they cannot
// deadlock. One statement for every event keeps one prepared plan.
const countSQL = `insert into meetup_counts as c (meetup_id, week, shown, opened, saved, calendar)
	select m.id, $2::date, ($3 = 'shown')::int, ($3 = 'opened')::int, ($3 = 'saved')::int, ($3 = 'calendar')::int
	from meetups m where m.id = any($1::bigint[]) order by m.id
	on conflict (meetup_id, week) do update set shown = c.shown + excluded.shown, opened = c.opened + excluded.opened,
		saved = c.saved + excluded.saved, calendar = c.calendar + excluded.calendar`

// Count adds one to event for each distinct meetup in ids, in the week of
// at (meetups.WeekOf: Monday to Sunday, Europe/Amsterdam). An id twice in
// one call counts once; ids of meetups that do not exist are ignored. It is
// one round trip whatever the number of ids.
func (c *Counts) Count(ctx context.Context, event meetups.CountEvent, ids []int64, at time.Time) error {
	if !event.Valid() {
		return meetups.Errorf(meetups.EINVALID, "unknown count event %q", event)
	}
	if len(ids) == 0 {
		return nil
	}
	// pgx writes a date from the time's own wall clock: Amsterdam's Monday.
	if _, err := c.db.pool.Exec(ctx, countSQL, ids, meetups.WeekOf(at), string(event)); err != nil {
		return fmt.Errorf("db: count %s: %w", event, interpretError(err))
	}
	return nil
}

// WeeklyCounts returns, for each meetup in ids, its numbers in the last
// weeks weeks up to and including the week of now, newest first: exactly
// weeks entries per id, zero where nothing was counted. Callers check that
// the asker may see these meetups; this method trusts its arguments.
func (c *Counts) WeeklyCounts(ctx context.Context, ids []int64, weeks int, now time.Time) (map[int64][]meetups.WeekCounts, error) {
	if weeks < 1 {
		return nil, meetups.Errorf(meetups.EINVALID, "weekly counts need at least one week, got %d", weeks)
	}
	starts := meetups.LastWeeks(now, weeks)
	out := make(map[int64][]meetups.WeekCounts, len(ids))
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		ws := make([]meetups.WeekCounts, weeks)
		for i, w := range starts {
			ws[i] = meetups.WeekCounts{MeetupID: id, Week: w}
		}
		out[id] = ws
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err := c.db.pool.Query(ctx, `select meetup_id, week, shown, opened, saved, calendar, good, okay, bad from meetup_counts
		where meetup_id = any($1::bigint[]) and week between $2::date and $3::date`, ids, starts[weeks-1], starts[0])
	if err != nil {
		return nil, fmt.Errorf("db: weekly counts: %w", interpretError(err))
	}
	var (
		id   int64
		week time.Time
		n    meetups.WeekCounts
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &week, &n.Shown, &n.Opened, &n.Saved, &n.Calendar, &n.Good, &n.Okay, &n.Bad}, func() error {
		// A date comes back as midnight UTC; compare calendar days.
		day := time.Date(week.Year(), week.Month(), week.Day(), 0, 0, 0, 0, meetups.Amsterdam)
		for i := range out[id] {
			if w := &out[id][i]; w.Week.Equal(day) {
				n.MeetupID, n.Week = id, day
				*w = n
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: weekly counts: %w", interpretError(err))
	}
	return out, nil
}

// Prune deletes the weeks of every meetup's counts before the week of
// before: organisers see a few weeks, and numbers kept for ever would only
// grow. It returns how many weeks it deleted.
func (c *Counts) Prune(ctx context.Context, before time.Time) (int64, error) {
	tag, err := c.db.pool.Exec(ctx, `delete from meetup_counts where week < $1::date`, meetups.WeekOf(before))
	if err != nil {
		return 0, fmt.Errorf("db: prune counts: %w", interpretError(err))
	}
	return tag.RowsAffected(), nil
}
