// Package dbtest gives each test its own empty Postgres schema, so tests
// that touch SQL run against the real database, in parallel, without
// seeing each other's rows or depending on what earlier runs left behind.
//
// The database is DATABASE_URL (default DefaultURL). When it cannot be
// reached the test is skipped on a developer machine but fails when CI is
// set, so a broken CI database never turns into a green build of skipped
// tests.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/db"
)

// DefaultURL is the database used when DATABASE_URL is unset: a local
// Postgres with trust authentication and a database named test.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// timeout bounds every set-up and clean-up step, so a hanging database
// fails the test instead of the whole run's deadline.
const timeout = 30 * time.Second

// New returns a *db.DB on a fresh, migrated schema of its own, opened with
// opts. The pool is closed and the schema dropped when the test ends.
func New(tb testing.TB, opts ...db.Option) *db.DB {
	tb.Helper()
	u := URL(tb)

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	d, err := db.Open(ctx, u, opts...)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	// Registered after the schema's clean-up, so it runs before it: the
	// pool must let go of the schema before it is dropped.
	tb.Cleanup(d.Close)
	if err := d.Migrate(ctx); err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	return d
}

// URL creates a fresh, empty schema and returns a connection URL whose
// connections use it (search_path=<schema>,public). It is for tests of a
// component that opens its own pool, such as the whole program in an
// end-to-end test; that component is expected to migrate the schema. The
// schema is dropped when the test ends.
func URL(tb testing.TB) string {
	tb.Helper()
	_, u := newSchema(tb, os.Getenv)
	return u
}

// newSchema does URL's work and also returns the schema name, which this
// package's tests need to look inside the schema. getenv is a parameter so
// the unreachable-database path can be tested without touching the
// environment. It returns empty strings only if tb's Skipf or Fatalf
// returned (a fake tb in tests).
func newSchema(tb testing.TB, getenv func(string) string) (schema, schemaURL string) {
	tb.Helper()
	base := baseURL(getenv)

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	conn, err := connect(ctx, base)
	if err != nil {
		msg := fmt.Sprintf("dbtest: Postgres unreachable at %s: %v; start it or set DATABASE_URL", redact(base), err)
		if getenv("CI") != "" {
			tb.Fatalf("%s (failing, not skipping, because CI is set)", msg)
		} else {
			tb.Skipf("%s (skipping because CI is unset)", msg)
		}
		return "", ""
	}
	defer conn.Close(ctx)

	schema, err = randomName()
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
		return "", ""
	}
	schemaURL, err = withSearchPath(base, schema)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
		return "", ""
	}
	if _, err := conn.Exec(ctx, "create schema "+pgx.Identifier{schema}.Sanitize()); err != nil {
		tb.Fatalf("dbtest: create schema %s: %v", schema, err)
		return "", ""
	}
	tb.Cleanup(func() { dropSchema(tb, base, schema) })
	return schema, schemaURL
}

// baseURL returns the database tests run against.
func baseURL(getenv func(string) string) string {
	if u := getenv("DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// dropSchema removes a test's schema with everything in it. It connects
// anew because the test's context and connections are gone by now.
func dropSchema(tb testing.TB, base, schema string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	conn, err := connect(ctx, base)
	if err != nil {
		tb.Errorf("dbtest: drop schema %s: %v", schema, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "drop schema if exists "+pgx.Identifier{schema}.Sanitize()+" cascade"); err != nil {
		tb.Errorf("dbtest: drop schema %s: %v", schema, err)
	}
}

// connect opens a single administrative connection, failing within a few
// seconds when nothing listens.
func connect(ctx context.Context, base string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	return pgx.ConnectConfig(ctx, cfg)
}

// randomName returns a schema name no other test run will pick.
func randomName() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random schema name: %w", err)
	}
	return "test_" + hex.EncodeToString(b), nil
}

// withSearchPath returns base with the Postgres startup option that puts
// schema first on search_path. The options parameter is understood by pgx,
// libpq and psql alike, so the URL also works for manual inspection.
func withSearchPath(base, schema string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("DATABASE_URL must be a postgres:// URL, got %s", redact(base))
	}
	q := u.Query()
	// public stays on the path, after the test schema: the cube and
	// earthdistance extensions live there (an extension exists once per
	// database), and their functions call each other unqualified.
	opt := "-csearch_path=" + schema + ",public"
	if prev := q.Get("options"); prev != "" {
		opt = prev + " " + opt
	}
	q.Set("options", opt)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// redact hides a password in base so it never lands in test output.
func redact(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return "(unparsable DATABASE_URL)"
	}
	return u.Redacted()
}
