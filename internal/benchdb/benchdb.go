// Package benchdb is what the benchmark commands (cmd/searchbench,
// cmd/loadtest) share to run on a catalogue of their own: a local database
// only, a bench_<random> schema created and dropped, URLs whose pools use
// it. Only commands import it.
package benchdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultURL is the local test database, as in db/dbtest.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// CheckLocal refuses a database that is not on this machine: a benchmark
// creates a schema, loads a hundred thousand rows into it and hammers it
// with queries, which is not something to do to a shared server by a
// mistyped DATABASE_URL.
func CheckLocal(base string) error {
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		return fmt.Errorf("database URL: %w", err)
	}
	switch h := cfg.Host; {
	case h == "127.0.0.1", h == "::1", h == "localhost", strings.HasPrefix(h, "/"):
		return nil
	default:
		return fmt.Errorf("database host %q is not local; benchmarks only run against 127.0.0.1", h)
	}
}

// AdminConn opens one connection to base for creating, analysing and
// dropping the benchmark's schema.
func AdminConn(ctx context.Context, base string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	return pgx.ConnectConfig(ctx, cfg)
}

// CreateSchema makes an empty schema named bench_<random>, so a run never
// touches the application's tables or another run's.
func CreateSchema(ctx context.Context, conn *pgx.Conn) (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random schema name: %w", err)
	}
	schema := "bench_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "create schema "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return "", fmt.Errorf("create schema %s: %w", schema, err)
	}
	return schema, nil
}

// RequireSchema checks that schema, named for -reuse, exists: search_path
// skips a schema that does not, so a mistyped name would make the run
// migrate and time the public schema instead.
func RequireSchema(ctx context.Context, conn *pgx.Conn, schema string) error {
	var ok bool
	if err := conn.QueryRow(ctx, "select exists (select 1 from pg_namespace where nspname = $1)", schema).Scan(&ok); err != nil {
		return fmt.Errorf("schema %s: %w", schema, err)
	}
	if !ok {
		return fmt.Errorf("no schema %s to reuse (the name printed by a -keep run)", schema)
	}
	return nil
}

// DropSchema removes the schema with everything in it. It uses its own
// context because it also runs after the run's context was cancelled.
func DropSchema(base, schema string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := AdminConn(ctx, base)
	if err != nil {
		return fmt.Errorf("drop schema %s: %w", schema, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "drop schema if exists "+pgx.Identifier{schema}.Sanitize()+" cascade"); err != nil {
		return fmt.Errorf("drop schema %s: %w", schema, err)
	}
	return nil
}

// WithOptions returns base with opts added to its Postgres startup
// options (the options URL parameter, which pgx, libpq and psql all
// understand). It is how a benchmark's pools get search_path=<schema>,public
// (and searchbench's sequential-scan pool its planner settings); public stays on the path
// because the cube and earthdistance extensions live there. The approach
// is dbtest's withSearchPath.
func WithOptions(base string, opts ...string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("database URL must be a postgres:// URL")
	}
	q := u.Query()
	all := opts
	if prev := q.Get("options"); prev != "" {
		all = append([]string{prev}, opts...)
	}
	q.Set("options", strings.Join(all, " "))
	u.RawQuery = encodeQuery(q)
	return u.String(), nil
}

// WithParam returns base with one more URL query parameter, such as pgx's
// default_query_exec_mode.
func WithParam(base, key, value string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("database URL must be a postgres:// URL")
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = encodeQuery(q)
	return u.String(), nil
}

// encodeQuery is q.Encode with spaces as %20: pgx does not read "+" in a
// URL's query as a space, so "-c a=1 -c b=2" encoded with "+" reaches
// Postgres as one garbled search_path value.
func encodeQuery(q url.Values) string {
	// Encode escapes a literal "+" as %2B, so every "+" left is a space.
	return strings.ReplaceAll(q.Encode(), "+", "%20")
}
