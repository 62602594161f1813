package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/internal/benchdb"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

// schema.go prepares the catalogue the bot searches: a bench_ schema of
// its own with N generated meetups, as cmd/searchbench does (both through
// internal/benchdb).

// prepare makes (or, with -reuse, finds) the schema with the catalogue
// and returns its name and a URL whose connections use it. The returned
// cleanup drops the schema unless it is to be kept.
func prepare(ctx context.Context, c config, out io.Writer) (schema, schemaURL string, cleanup func() error, err error) {
	cleanup = func() error { return nil }
	admin, err := benchdb.AdminConn(ctx, c.url)
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
	if schema != "" {
		if err := benchdb.RequireSchema(ctx, admin, schema); err != nil {
			return "", "", cleanup, err
		}
	} else if schema, err = benchdb.CreateSchema(ctx, admin); err != nil {
		return "", "", cleanup, err
	}
	if !c.keep && c.reuse == "" {
		cleanup = func() error { return benchdb.DropSchema(c.url, schema) }
	} else {
		cleanup = func() error { fmt.Fprintf(out, "kept schema %s\n", schema); return nil }
	}
	if schemaURL, err = benchdb.WithOptions(c.url, "-csearch_path="+schema+",public"); err != nil {
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

// forgetParents makes each run's parents new to the bot: the sessions and
// the processed update ids an earlier run on the schema left go. The fake
// numbers updates from 1 in every run, as Telegram never would, and a
// session remembers the ids of its chat's last updates: a new update with
// one of those ids would be taken for one applied already (answered with
// the screen the chat is at, not applied), an error in the run that the
// bot did not make. It also starts every parent without the choices of a
// run before.
func forgetParents(ctx context.Context, schemaURL string) error {
	conn, err := pgx.Connect(ctx, schemaURL)
	if err != nil {
		return fmt.Errorf("forget the parents of earlier runs: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "delete from sessions; delete from processed_updates"); err != nil {
		return fmt.Errorf("forget the parents of earlier runs: %w", err)
	}
	return nil
}
