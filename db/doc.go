// Package db is where Ouderkring keeps what must survive a restart: chat
// sessions, the meetup catalogue, roles, counts, referral links, what
// parents saved, and the job queue (River, for reminders, follow-ups and
// the hourly upkeep). It is the only package that imports pgx (and River,
// which is built on it), so SQL, connection pooling and driver errors stay
// in one place and the domain packages (dialog, meetups) stay testable
// without a database.
//
// The schema changes only through the numbered SQL files in migrations/,
// applied by (*DB).Migrate; no Go code creates tables. Errors leave the
// package wrapped with context and stripped of driver types: a missing row
// becomes the domain's answer (for example a zero dialog.Session), and a
// Postgres error becomes *Error.
//
// Tests use package dbtest, which gives every test its own throw-away schema
// in a real Postgres.
package db
