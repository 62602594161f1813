package db_test

import (
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
)

// latestVersion is the number of migration files, which is the version a
// fully migrated schema reports.
func latestVersion(t *testing.T) int32 {
	t.Helper()
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	return int32(len(entries))
}

// openUnmigrated opens a pool on a fresh, empty schema.
func openUnmigrated(t *testing.T) *db.DB {
	t.Helper()
	d, err := db.Open(t.Context(), dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

func TestDB_Migrate(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		d := openUnmigrated(t)
		if got, err := d.SchemaVersion(t.Context()); err != nil || got != 0 {
			t.Fatalf("SchemaVersion before Migrate: got=%d, %v, want 0, nil", got, err)
		}
		if err := d.Migrate(t.Context()); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		if got, want := mustVersion(t, d), latestVersion(t); got != want {
			t.Errorf("SchemaVersion: got=%d, want %d", got, want)
		}
		// The table the migrations made is usable.
		if _, err := d.Sessions().LoadSession(t.Context(), 1); err != nil {
			t.Errorf("LoadSession after Migrate: got=%v, want nil", err)
		}
	})

	t.Run("Idempotent", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t) // already migrated once
		if _, err := d.Sessions().SaveSession(t.Context(), sampleSession(5)); err != nil {
			t.Fatal(err)
		}
		if err := d.Migrate(t.Context()); err != nil {
			t.Fatalf("second Migrate: got=%v, want nil", err)
		}
		if got, want := mustVersion(t, d), latestVersion(t); got != want {
			t.Errorf("SchemaVersion: got=%d, want %d", got, want)
		}
		if got, _ := d.Sessions().LoadSession(t.Context(), 5); got.Version != 1 {
			t.Errorf("session after second Migrate: got version %d, want 1 (data kept)", got.Version)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		t.Parallel()
		// Two instances starting together must both succeed; tern's
		// advisory lock makes the second wait and then find nothing to do.
		d := openUnmigrated(t)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() { errs[i] = d.Migrate(t.Context()) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("Migrate #%d: got=%v, want nil", i, err)
			}
		}
		if got, want := mustVersion(t, d), latestVersion(t); got != want {
			t.Errorf("SchemaVersion: got=%d, want %d", got, want)
		}
	})
}

func mustVersion(t *testing.T, d *db.DB) int32 {
	t.Helper()
	v, err := d.SchemaVersion(t.Context())
	if err != nil {
		t.Fatalf("SchemaVersion: %v", err)
	}
	return v
}

func TestError(t *testing.T) {
	t.Parallel()

	t.Run("PostgresErrorTranslated", func(t *testing.T) {
		t.Parallel()
		// A Postgres error (here: division by zero, 22012) must reach
		// callers as *db.Error, not as a pgx type.
		d := dbtest.New(t)
		err := db.Exec(t.Context(), d, "select 1/0")
		var dbErr *db.Error
		if !errors.As(err, &dbErr) {
			t.Fatalf("select 1/0: got=%v (%T), want *db.Error", err, err)
		}
		if got, want := dbErr.Code, "22012"; got != want {
			t.Errorf("Code: got=%q, want %q", got, want)
		}
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) {
			t.Errorf("error exposes *pgconn.PgError: %v", err)
		}
	})
}
