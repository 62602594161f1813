package db

import (
	"context"
	"time"
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
