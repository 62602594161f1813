// Package benchdbtest is what the benchmark commands' tests share.
package benchdbtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/internal/benchdb"
)

// RequireDB returns the database URL the benchmark commands use
// (DATABASE_URL, else benchdb.DefaultURL). It skips the test when Postgres
// is not there, unless CI is set (as db/dbtest does): a broken CI database
// must not pass as skipped.
func RequireDB(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		url = benchdb.DefaultURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := benchdb.AdminConn(ctx, url)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("Postgres unreachable: %v (failing, not skipping, because CI is set)", err)
		}
		tb.Skipf("Postgres unreachable: %v (skipping because CI is unset)", err)
	}
	conn.Close(ctx)
	return url
}
