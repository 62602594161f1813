package db

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNotFound is returned when a row a caller asked for by key does not
// exist and the store has no domain answer for that case (LoadSession, for
// one, answers with an empty session instead).
var ErrNotFound = errors.New("db: not found")

// Error is a failure reported by Postgres itself. It copies what is worth
// logging out of the driver's error, so callers can branch on the SQLSTATE
// or log it without importing pgx.
type Error struct {
	// Code is the SQLSTATE, e.g. "42P01" for an undefined table; see
	// https://www.postgresql.org/docs/current/errcodes-appendix.html.
	Code string
	// Message is Postgres's primary message.
	Message string
	// Constraint names the violated constraint, if any.
	Constraint string
}

// Error formats the failure the way Postgres logs it.
func (e *Error) Error() string {
	if e.Constraint != "" {
		return fmt.Sprintf("postgres: %s (SQLSTATE %s, constraint %s)", e.Message, e.Code, e.Constraint)
	}
	return fmt.Sprintf("postgres: %s (SQLSTATE %s)", e.Message, e.Code)
}

// interpretError translates driver errors at the package boundary: callers
// outside db see ErrNotFound or *Error, never pgx.ErrNoRows or
// *pgconn.PgError. Other errors (network failures, context cancellation)
// pass through unchanged, so errors.Is(err, context.Canceled) keeps
// working.
func interpretError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return &Error{Code: pgErr.Code, Message: pgErr.Message, Constraint: pgErr.ConstraintName}
	}
	return err
}
