package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

// schema.go prepares the catalogue the bot searches: a bench_ schema of
// its own with N generated meetups, as cmd/searchbench does (the helpers
// are copied from there: a command's package main cannot be imported).

// defaultURL is the local test database, as in db/dbtest.
const defaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// checkLocal refuses a database that is not on this machine: the command
// creates a schema, loads a hundred thousand rows into it and sends it
// thousands of queries a second, which is not something to do to a shared
// server by a mistyped DATABASE_URL.
func checkLocal(base string) error {
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		return fmt.Errorf("database URL: %w", err)
	}
	switch h := cfg.Host; {
	case h == "127.0.0.1", h == "::1", h == "localhost", strings.HasPrefix(h, "/"):
		return nil
	default:
		return fmt.Errorf("database host %q is not local; loadtest only runs against 127.0.0.1", h)
	}
}

// adminConn opens one connection to base for creating, analysing and
// dropping the benchmark's schema.
func adminConn(ctx context.Context, base string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	return pgx.ConnectConfig(ctx, cfg)
}

// createSchema makes an empty schema named bench_<random>, so a run never
// touches the application's tables or another run's.
func createSchema(ctx context.Context, conn *pgx.Conn) (string, error) {
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

// dropSchema removes the schema with everything in it. It uses its own
// context because it also runs after the run's context was cancelled.
func dropSchema(base, schema string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := adminConn(ctx, base)
	if err != nil {
		return fmt.Errorf("drop schema %s: %w", schema, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "drop schema if exists "+pgx.Identifier{schema}.Sanitize()+" cascade"); err != nil {
		return fmt.Errorf("drop schema %s: %w", schema, err)
	}
	return nil
}

// withOptions returns base with opts added to its Postgres startup
// options (the options URL parameter, which pgx, libpq and psql all
// understand): how the bot's pool gets search_path=<schema>,public.
// public stays on the path because the cube and earthdistance extensions
// live there.
func withOptions(base string, opts ...string) (string, error) {
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
	// pgx does not read "+" in a URL's query as a space; Encode escapes a
	// literal "+" as %2B, so every "+" left is a space.
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return u.String(), nil
}

// prepare makes (or, with -reuse, finds) the schema with the catalogue
// and returns its name and a URL whose connections use it. The returned
// cleanup drops the schema unless it is to be kept.
func prepare(ctx context.Context, c config, out io.Writer) (schema, schemaURL string, cleanup func() error, err error) {
	cleanup = func() error { return nil }
	admin, err := adminConn(ctx, c.url)
	if err != nil {
		return "", "", cleanup, fmt.Errorf("connect: %w", err)
	}
	defer admin.Close(context.Background())
	var version string
	if err := admin.QueryRow(ctx, "select version()").Scan(&version); err != nil {
		return "", "", cleanup, err
	}
	fmt.Fprintf(out, "database: %s\n", version)

	schema = c.reuse
	if schema == "" {
		if schema, err = createSchema(ctx, admin); err != nil {
			return "", "", cleanup, err
		}
	}
	if !c.keep && c.reuse == "" {
		cleanup = func() error { return dropSchema(c.url, schema) }
	} else {
		cleanup = func() error { fmt.Fprintf(out, "kept schema %s\n", schema); return nil }
	}
	if schemaURL, err = withOptions(c.url, "-csearch_path="+schema+",public"); err != nil {
		return schema, "", cleanup, err
	}
	d, err := db.Open(ctx, schemaURL)
	if err != nil {
		return schema, schemaURL, cleanup, err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return schema, schemaURL, cleanup, err
	}
	s := pgx.Identifier{schema}.Sanitize()
	if c.reuse == "" {
		now := time.Now()
		t0 := time.Now()
		generated := demo.Generate(c.seed, c.n, now)
		n, err := d.Catalogue().ReplaceSamples(ctx, generated, now)
		if err != nil {
			return schema, schemaURL, cleanup, err
		}
		if _, err := admin.Exec(ctx, "analyze "+s+".meetups, "+s+".organisations"); err != nil {
			return schema, schemaURL, cleanup, fmt.Errorf("analyze: %w", err)
		}
		fmt.Fprintf(out, "catalogue: %d generated meetups loaded into %s in %s\n", n, schema, time.Since(t0).Round(time.Millisecond))
		return schema, schemaURL, cleanup, nil
	}
	var n int
	if err := admin.QueryRow(ctx, "select count(*) from "+s+".meetups").Scan(&n); err != nil {
		return schema, schemaURL, cleanup, fmt.Errorf("reuse %s: %w", schema, err)
	}
	fmt.Fprintf(out, "catalogue: reusing %s with %d meetups\n", schema, n)
	return schema, schemaURL, cleanup, nil
}
