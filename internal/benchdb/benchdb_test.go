package benchdb_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/internal/benchdb"
	"github.com/ouderkring/ouderkring/internal/benchdb/benchdbtest"
)

func TestWithOptions(t *testing.T) {
	for _, tt := range []struct {
		name, base string
		opts       []string
		want       string // the options value Postgres receives
	}{
		{"OK", "postgres://u@127.0.0.1/db?sslmode=disable", []string{"-csearch_path=s,public", "-c enable_indexscan=off -c enable_bitmapscan=off"},
			"-csearch_path=s,public -c enable_indexscan=off -c enable_bitmapscan=off"},
		{"KeepsExisting", "postgres://u@127.0.0.1/db?options=-cstatement_timeout%3D5s", []string{"-csearch_path=s,public"},
			"-cstatement_timeout=5s -csearch_path=s,public"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := benchdb.WithOptions(tt.base, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(got, "+") {
				t.Errorf("got=%s: a + would reach Postgres as a literal +", got)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			if v := u.Query().Get("options"); v != tt.want {
				t.Errorf("options=%q, want %q", v, tt.want)
			}
		})
	}
	if _, err := benchdb.WithOptions("mysql://x", "-c a=b"); err == nil {
		t.Error("a non-postgres URL was accepted")
	}
}

func TestCheckLocal(t *testing.T) {
	for base, ok := range map[string]bool{
		"postgres://postgres@127.0.0.1:5432/test": true,
		"postgres://postgres@localhost/test":      true,
		"host=/var/run/postgresql dbname=test":    true,
		"postgres://postgres@db.example.org/test": false,
		"postgres://postgres@10.0.0.5:5432/test":  false,
	} {
		if err := benchdb.CheckLocal(base); (err == nil) != ok {
			t.Errorf("benchdb.CheckLocal(%q) = %v, want ok=%v", base, err, ok)
		}
	}
}

func TestWithParam(t *testing.T) {
	got, err := benchdb.WithParam("postgres://u@127.0.0.1/db?sslmode=disable", "default_query_exec_mode", "simple_protocol")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(got)
	if u.Query().Get("default_query_exec_mode") != "simple_protocol" || u.Query().Get("sslmode") != "disable" {
		t.Errorf("got=%s", got)
	}
}

// TestSchemas: a schema made is there to reuse; a mistyped one is refused
// (search_path would skip it and the run would use public); dropped is gone.
func TestSchemas(t *testing.T) {
	base := benchdbtest.RequireDB(t)
	ctx := context.Background()
	conn, err := benchdb.AdminConn(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	schema, err := benchdb.CreateSchema(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(schema, "bench_") {
		t.Errorf("schema %q is not a bench_ one", schema)
	}
	if err := benchdb.RequireSchema(ctx, conn, schema); err != nil {
		t.Errorf("the schema just made: %v", err)
	}
	if err := benchdb.DropSchema(base, schema); err != nil {
		t.Fatal(err)
	}
	if err := benchdb.RequireSchema(ctx, conn, schema); err == nil {
		t.Error("a dropped schema was there to reuse")
	}
	if err := benchdb.RequireSchema(ctx, conn, "bench_typo"); err == nil {
		t.Error("a schema that never was was there to reuse")
	}
}
