package db_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
)

// River's tables come through the project's own migrations, so operators
// have one schema version and one `ouderkring migrate`. The files are
// generated from River's own migrations (rivermigrate, line "main") and
// never edited by hand:
//
//	go test ./db -run TestRiverMigrations -update-river
//
// writes each file of riverFiles that does not exist yet. After upgrading
// River, this test fails when River has a migration no file holds: add an
// entry for the new versions (a new, next-numbered file) and run the
// command above. Released files are never rewritten.
var updateRiver = flag.Bool("update-river", false, "write the missing River migration files from rivermigrate")

// riverFiles are the migration files that hold River's migrations from to
// to. River's versions are split where a later one uses what an earlier one
// added to an enum: Postgres refuses a new enum value in the transaction
// that adds it, and tern runs each file in one transaction.
var riverFiles = []struct {
	name     string
	from, to int
	why      string
}{
	{"010_river_queue.sql", 1, 4, "River's job queue: its tables (river_job, river_leader, river_queue, river_migration)."},
	{"011_river_queue_unique.sql", 5, 8, "River's job queue, continued: unique jobs and the notification outbox. Apart from\n" +
		"-- 010 because River 006 uses the enum value 'pending' that River 004 adds, which\n" +
		"-- Postgres allows only once that transaction committed."},
}

func riverMigrator(t *testing.T, pool *pgxpool.Pool) *rivermigrate.Migrator[pgx.Tx] {
	t.Helper()
	// The schema is named, not left to the search_path: the test schema
	// comes first there, but public follows it (for cube), and a public
	// that holds the app's own tables (after `make run` on the same
	// database) would otherwise be the one River looks at.
	var cfg *rivermigrate.Config
	if pool != nil { // nil: only River's list of versions is wanted
		cfg = &rivermigrate.Config{}
		if err := pool.QueryRow(t.Context(), `select current_schema()`).Scan(&cfg.Schema); err != nil {
			t.Fatal(err)
		}
	}
	m, err := rivermigrate.New(riverpgxv5.New(pool), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// riverSQL is one direction of River's migration, for the current
// schema (unqualified names, as every migration of ours).
func riverSQL(sql string) string {
	return strings.TrimSpace(strings.ReplaceAll(sql, "/* TEMPLATE: schema */", ""))
}

// riverFile is the content of one generated file.
func riverFile(all []rivermigrate.Migration, from, to int, why string) string {
	var up, down []string
	var versions []string
	for _, m := range all {
		if m.Version < from || m.Version > to {
			continue
		}
		up = append(up, fmt.Sprintf("-- River %03d %s\n%s", m.Version, m.Name, riverSQL(m.SQLUp)))
		down = append([]string{fmt.Sprintf("-- River %03d %s, down\n%s", m.Version, m.Name, riverSQL(m.SQLDown))}, down...)
		if from >= 5 { // River 005 gave river_migration its line column
			versions = append(versions, fmt.Sprintf("('main', %d)", m.Version))
		} else {
			versions = append(versions, fmt.Sprintf("(%d)", m.Version))
		}
	}
	record := "insert into river_migration (version) values " + strings.Join(versions, ", ") + ";"
	forget := ""
	if from >= 5 {
		record = "insert into river_migration (line, version) values " + strings.Join(versions, ", ") + ";"
		forget = fmt.Sprintf("delete from river_migration where line = 'main' and version between %d and %d;\n\n", from, to)
	}
	return fmt.Sprintf(`-- %s
-- Generated from River's migrations %d to %d (github.com/riverqueue/river,
-- rivermigrate, line "main") by
--   go test ./db -run TestRiverMigrations -update-river
-- Do not edit. river_migration records the versions as River's own migrator
-- would, so River's tools see the schema as up to date.

%s

%s

---- create above / drop below ----

%s%s
`, why, from, to, strings.Join(up, "\n\n"), record, forget, strings.Join(down, "\n\n"))
}

func TestRiverMigrations(t *testing.T) {
	t.Parallel()
	all := riverMigrator(t, nil).AllVersions()

	t.Run("EveryVersionHasAFile", func(t *testing.T) {
		covered := map[int]bool{}
		for _, f := range riverFiles {
			path := filepath.Join("migrations", f.name)
			if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) && *updateRiver {
				if err := os.WriteFile(path, []byte(riverFile(all, f.from, f.to, f.why)), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", path)
			}
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run: go test ./db -run TestRiverMigrations -update-river)", err)
			}
			for v := f.from; v <= f.to; v++ {
				covered[v] = true
				if !strings.Contains(string(text), fmt.Sprintf("-- River %03d ", v)) {
					t.Errorf("%s lacks River's migration %d", f.name, v)
				}
			}
		}
		for _, m := range all {
			if !covered[m.Version] {
				t.Errorf("River's migration %d (%s) is in no file of db/migrations: add it to riverFiles in %s as a new file and run\n"+
					"  go test ./db -run TestRiverMigrations -update-river", m.Version, m.Name, "river_schema_test.go")
			}
		}
	})

	t.Run("RiverAgrees", func(t *testing.T) {
		t.Parallel()
		// Our migrations leave the schema River's migrator calls current ...
		ours := dbtest.URL(t)
		migrated, err := db.Open(t.Context(), ours)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(migrated.Close)
		if err := migrated.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		d := openPool(t, ours)
		res, err := riverMigrator(t, d).Validate(t.Context(), nil)
		if err != nil || !res.OK {
			t.Fatalf("River's validation of our schema: %+v, %v", res, err)
		}
		// ... and the same, table by table, as River's migrator makes it.
		theirs := dbtest.URL(t)
		p := openPool(t, theirs)
		if _, err := riverMigrator(t, p).Migrate(t.Context(), rivermigrate.DirectionUp, nil); err != nil {
			t.Fatal(err)
		}
		got, want := riverSchema(t, d), riverSchema(t, p)
		if len(want) < 40 {
			t.Fatalf("River's schema has only %d parts; the comparison below would prove little:\n%s", len(want), strings.Join(want, "\n"))
		}
		if !slices.Equal(got, want) {
			for _, line := range want {
				if !slices.Contains(got, line) {
					t.Errorf("missing from our schema: %s", line)
				}
			}
			for _, line := range got {
				if !slices.Contains(want, line) {
					t.Errorf("only in our schema: %s", line)
				}
			}
		}
	})
}

// openPool opens a pool of its own on url.
func openPool(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	p, err := pgxpool.New(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// riverSchema describes River's objects in the pool's current schema:
// columns, constraints, indexes, types and functions, one line each.
func riverSchema(t *testing.T, p *pgxpool.Pool) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := p.Query(ctx, `
		select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable || ' default=' || coalesce(column_default, '')
		from information_schema.columns where table_schema = current_schema() and table_name like 'river%'
		union all
		select 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
		from pg_constraint c join pg_namespace n on n.oid = c.connamespace
		where n.nspname = current_schema() and c.conrelid::regclass::text like 'river%'
		union all
		select 'index ' || replace(indexdef, current_schema() || '.', '')
		from pg_indexes where schemaname = current_schema() and tablename like 'river%'
		union all
		select 'function ' || p.proname || '(' || pg_get_function_arguments(p.oid) || ')'
		from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where n.nspname = current_schema() and p.proname like 'river%'
		union all
		select 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' order by e.enumsortorder)
		from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
		where n.nspname = current_schema() group by t.typname
		union all
		select 'table ' || c.relname || ' persistence=' || c.relpersistence::text
		from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = current_schema() and c.relkind = 'r' and c.relname like 'river%'`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	// Defaults name sequences with the schema; keep only the name.
	for i, l := range lines {
		var schema string
		if err := p.QueryRow(ctx, "select current_schema()").Scan(&schema); err == nil {
			lines[i] = strings.ReplaceAll(l, schema+".", "")
		}
	}
	slices.Sort(lines)
	return lines
}
