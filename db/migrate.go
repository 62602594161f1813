package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/tern/v2/migrate"
)

// migrationFiles holds the schema history. Files are named NNN_name.sql and
// are never edited once released: a change to the schema is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// versionTableName is where tern records how far the schema has been
// migrated.
const versionTableName = "schema_version"

// plainIdentifier matches schema names that need no quoting. tern splits
// the version table name on its first dot to look it up, so a quoted name
// would not be found.
var plainIdentifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// Migrate brings the schema up to date with the embedded migrations. It is
// safe to run on every start and from several instances at once: tern
// holds a Postgres advisory lock while it works and applies each migration
// in its own transaction, so a failed step leaves the schema at the last
// good version.
//
// The schema migrated is the connection's current schema (the first one on
// search_path), which lets tests give each run its own schema.
func (d *DB) Migrate(ctx context.Context) (err error) {
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("db: migrate: acquire connection: %w", interpretError(err))
	}
	defer func() {
		if err != nil {
			// tern's advisory lock belongs to the session; if unlocking
			// failed too (say ctx ended), the lock would travel back into
			// the pool with the connection. Closing it releases the lock
			// and makes the pool drop the connection.
			_ = conn.Conn().Close(context.Background())
		}
		conn.Release()
	}()

	table, err := versionTable(ctx, conn.Conn())
	if err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	m, err := migrate.NewMigrator(ctx, conn.Conn(), table)
	if err != nil {
		return fmt.Errorf("db: migrate: prepare %s: %w", table, interpretError(err))
	}
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	if err := m.LoadMigrations(files); err != nil {
		return fmt.Errorf("db: migrate: load migrations: %w", err)
	}
	if err := m.Migrate(ctx); err != nil {
		return fmt.Errorf("db: migrate: %w", interpretError(err))
	}
	return nil
}

// SchemaVersion returns the number of the last migration applied to the
// current schema, 0 if none has been. Operators compare it with the
// highest file in migrations/ to see whether a deploy has migrated.
func (d *DB) SchemaVersion(ctx context.Context) (int32, error) {
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("db: schema version: acquire connection: %w", interpretError(err))
	}
	defer conn.Release()

	table, err := versionTable(ctx, conn.Conn())
	if err != nil {
		return 0, fmt.Errorf("db: schema version: %w", err)
	}
	var exists bool
	if err := conn.QueryRow(ctx, "select to_regclass($1) is not null", table).Scan(&exists); err != nil {
		return 0, fmt.Errorf("db: schema version: %w", interpretError(err))
	}
	if !exists {
		return 0, nil
	}
	var v int32
	if err := conn.QueryRow(ctx, "select version from "+table).Scan(&v); err != nil {
		return 0, fmt.Errorf("db: schema version: read %s: %w", table, interpretError(err))
	}
	return v, nil
}

// versionTable returns the version table qualified with the connection's
// current schema. tern would otherwise find an unqualified schema_version
// anywhere on search_path, so a schema that is not yet migrated could be
// mistaken for one that is (e.g. a test schema ahead of a migrated public).
func versionTable(ctx context.Context, conn *pgx.Conn) (string, error) {
	var schema *string
	if err := conn.QueryRow(ctx, "select current_schema()").Scan(&schema); err != nil {
		return "", fmt.Errorf("current schema: %w", interpretError(err))
	}
	if schema == nil {
		return "", fmt.Errorf("no schema on search_path exists")
	}
	if !plainIdentifier.MatchString(*schema) {
		return "", fmt.Errorf("schema %q must be lower case letters, digits and underscores", *schema)
	}
	return *schema + "." + versionTableName, nil
}
