// Package db is where Ouderkring keeps what must survive a restart: chat
// sessions today, the meetup catalogue and job queue later. It is the only
// package that imports pgx, so SQL, connection pooling and driver errors stay
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
