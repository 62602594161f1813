package main

import (
	"context"
	"fmt"
	"io"

	"github.com/ouderkring/ouderkring/config"
	"github.com/ouderkring/ouderkring/db"
)

// migrate runs `ouderkring migrate`: it brings the schema up to date and
// says which version it is at.
func migrate(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	v, err := d.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "database schema is at version %d\n", v)
	return err
}

// openDB opens the pool and brings the schema up to date: every
// subcommand needs both, and migrating is cheap when nothing is new.
func openDB(ctx context.Context, cfg config.Config, opts ...db.Option) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the database (DATABASE_URL): %w", err)
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}
