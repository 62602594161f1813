package db

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// SetUpdatedAt backdates a session so retention tests need not sleep or
// trust that the test's clock matches the database's.
func SetUpdatedAt(ctx context.Context, d *DB, chatID int64, at time.Time) error {
	_, err := d.pool.Exec(ctx, "update sessions set updated_at = $2 where chat_id = $1", chatID, at)
	return err
}

// Exec runs one statement and returns its error as callers of db see
// errors.
func Exec(ctx context.Context, d *DB, sql string) error {
	_, err := d.pool.Exec(ctx, sql)
	return interpretError(err)
}

// QueryInt runs a query that returns one integer.
func QueryInt(ctx context.Context, d *DB, sql string, args ...any) (int, error) {
	var n int
	err := d.pool.QueryRow(ctx, sql, args...).Scan(&n)
	return n, err
}

// SearchRow is what the search's reference test needs of a published
// meetup, read plainly, without the search's index or filter key.
type SearchRow struct {
	ID                 int64
	Lat, Lon           *float64
	Online             bool
	Kind, ScheduleKind string
	Themes, Languages  []string
	AgeMin, AgeMax     int
	AgeBands           []string
	CostCents          int
	Slots              int16
	NextStart          *time.Time
}

// PublishedRows reads every published meetup with a plain scan.
func PublishedRows(ctx context.Context, d *DB) ([]SearchRow, error) {
	rows, err := d.pool.Query(ctx, `select id, lat, lon, online, kind, schedule_kind, themes, languages,
		age_min_months, age_max_months, age_bands, cost_cents, slots, next_start from meetups where status = 'published'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SearchRow
	for rows.Next() {
		var r SearchRow
		if err := rows.Scan(&r.ID, &r.Lat, &r.Lon, &r.Online, &r.Kind, &r.ScheduleKind, &r.Themes, &r.Languages,
			&r.AgeMin, &r.AgeMax, &r.AgeBands, &r.CostCents, &r.Slots, &r.NextStart); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ForgetStatements are the statements ForgetChat runs, for the test that
// every table holding a chat id has one.
var ForgetStatements = forgetStatements

// QueryStrings runs a query that returns one text column.
func QueryStrings(ctx context.Context, d *DB, sql string, args ...any) ([]string, error) {
	rows, err := d.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// FilterKinds and FilterThemes are the orders filterkey.go gives the kind
// and theme dimensions of meetups.filter_key.
var FilterKinds, FilterThemes, KeyKind, KeyThemes, KeyBands = filterKinds, filterThemes, keyKind, keyThemes, keyBands

// HoldLock runs lockSQL (a "lock table …") in a transaction of its own
// connection and keeps it until release is called.
func HoldLock(ctx context.Context, d *DB, lockSQL string) (release func(), err error) {
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		conn.Release()
		return nil, err
	}
	if _, err := tx.Exec(ctx, lockSQL); err != nil {
		_ = tx.Rollback(ctx)
		conn.Release()
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			_ = tx.Rollback(context.Background())
			conn.Release()
		})
	}, nil
}

// LoadSearchIndex reads the catalogue into d's search index now, as a
// reload would (WithSearchIndex), and waits for it.
func LoadSearchIndex(ctx context.Context, d *DB) error {
	snap, err := loadSnapshot(ctx, d)
	if err != nil {
		return err
	}
	d.searchIndex.snap.Store(snap)
	return nil
}

// WaitSearchIndex waits until no reload of d's search index runs.
func WaitSearchIndex(d *DB) {
	for {
		d.searchIndex.mu.Lock()
		loading := d.searchIndex.loading
		d.searchIndex.mu.Unlock()
		if !loading {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// CatalogueDB is the DB c is backed by.
func CatalogueDB(c *Catalogue) *DB { return c.db }

// ClearSearchIndex drops what d's search index holds.
func ClearSearchIndex(d *DB) { d.searchIndex.snap.Store(nil) }

// SearchDatabase is c.Search done by Postgres alone, whatever the index.
func SearchDatabase(ctx context.Context, c *Catalogue, q meetups.Query) ([]meetups.Result, error) {
	q, err := checkQuery(q)
	if err != nil {
		return nil, err
	}
	return c.searchDatabase(ctx, q)
}
