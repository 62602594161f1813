package dbtest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/dialog"
)

// admin opens a connection outside any test schema, to look at what the
// code under test did.
func admin(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := connect(t.Context(), baseURL(os.Getenv))
	if err != nil {
		t.Skipf("Postgres unreachable: %v", err) // newSchema already failed in CI
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestURL(t *testing.T) {
	t.Parallel()

	t.Run("LandsInSchema", func(t *testing.T) {
		t.Parallel()
		schema, u := newSchema(t, os.Getenv)
		conn := admin(t)

		d, err := db.Open(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if err := d.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Sessions().SaveSession(t.Context(), dialog.Session{ChatID: 42}); err != nil {
			t.Fatal(err)
		}

		var n int
		q := fmt.Sprintf("select count(*) from %s.sessions where chat_id = 42", pgx.Identifier{schema}.Sanitize())
		if err := conn.QueryRow(t.Context(), q).Scan(&n); err != nil {
			t.Fatalf("read %s.sessions: %v", schema, err)
		}
		if n != 1 {
			t.Errorf("rows for chat 42 in %s.sessions: got=%d, want 1", schema, n)
		}
	})

	t.Run("SearchPath", func(t *testing.T) {
		t.Parallel()
		schema, u := newSchema(t, os.Getenv)
		conn, err := pgx.Connect(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		var got string
		if err := conn.QueryRow(t.Context(), "select current_schema()").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != schema {
			t.Errorf("current_schema(): got=%q, want %q", got, schema)
		}
	})

	t.Run("KeepsOtherOptions", func(t *testing.T) {
		t.Parallel()
		got, err := withSearchPath("postgres://u:pw@h:5/d?sslmode=disable&options=-cstatement_timeout%3D5s", "test_ab")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"sslmode=disable", "options=-cstatement_timeout%3D5s+-csearch_path%3Dtest_ab%2Cpublic"} {
			if !strings.Contains(got, want) {
				t.Errorf("withSearchPath: got=%q, want it to contain %q", got, want)
			}
		}
	})

	t.Run("ErrNotURL", func(t *testing.T) {
		t.Parallel()
		if _, err := withSearchPath("host=localhost password=pw", "test_ab"); err == nil {
			t.Error("withSearchPath of key=value string: got=nil error, want error")
		}
	})
}

func TestURL_CleanupDropsSchema(t *testing.T) {
	t.Parallel()
	conn := admin(t)

	var schema string
	t.Run("inner", func(t *testing.T) {
		var u string
		schema, u = newSchema(t, os.Getenv)
		d, err := db.Open(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(d.Close)
		if err := d.Migrate(t.Context()); err != nil { // tables make CASCADE matter
			t.Fatal(err)
		}
	}) // the subtest's clean-ups have run when t.Run returns

	var exists bool
	if err := conn.QueryRow(t.Context(),
		"select exists (select 1 from pg_namespace where nspname = $1)", schema).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Errorf("schema %s after test end: got=exists, want dropped", schema)
	}
}

// recordingTB captures Skipf and Fatalf instead of stopping the test, to
// check which of the two newSchema picks.
type recordingTB struct {
	testing.TB
	skipped, failed string
}

func (r *recordingTB) Helper() {}
func (r *recordingTB) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
}
func (r *recordingTB) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
}

func TestNewSchema_Unreachable(t *testing.T) {
	t.Parallel()
	// Port 1 has no listener; the password must not show in the message.
	const down = "postgres://postgres:s3cret@127.0.0.1:1/test?sslmode=disable"

	for _, tc := range []struct {
		name, ci     string
		wantSkip     bool
		wantInReason string
	}{
		{name: "SkipLocally", ci: "", wantSkip: true, wantInReason: "CI is unset"},
		{name: "FailInCI", ci: "true", wantSkip: false, wantInReason: "CI is set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"DATABASE_URL": down, "CI": tc.ci}
			tb := &recordingTB{TB: t}
			schema, u := newSchema(tb, func(k string) string { return env[k] })

			if schema != "" || u != "" {
				t.Errorf("newSchema: got=%q, %q, want empty", schema, u)
			}
			reason := tb.failed
			if tc.wantSkip {
				reason = tb.skipped
			}
			if (tb.skipped != "") != tc.wantSkip || (tb.failed != "") == tc.wantSkip {
				t.Fatalf("skipped=%q failed=%q, want skip=%v", tb.skipped, tb.failed, tc.wantSkip)
			}
			for _, want := range []string{"unreachable", "127.0.0.1:1", tc.wantInReason} {
				if !strings.Contains(reason, want) {
					t.Errorf("reason: got=%q, want it to contain %q", reason, want)
				}
			}
			if strings.Contains(reason, "s3cret") {
				t.Errorf("reason leaks the password: %q", reason)
			}
		})
	}
}
