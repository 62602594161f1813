package db_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
)

func TestOpen(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		if err := d.Ping(t.Context()); err != nil {
			t.Fatalf("Ping: got=%v, want nil", err)
		}
	})

	t.Run("ErrUnreachable", func(t *testing.T) {
		t.Parallel()
		// Port 1 has no listener: the connection is refused at once.
		start := time.Now()
		d, err := db.Open(t.Context(), "postgres://postgres@127.0.0.1:1/test?sslmode=disable",
			db.WithConnectTimeout(2*time.Second))
		if err == nil {
			d.Close()
			t.Fatal("Open: got=nil error, want connection error")
		}
		if got, want := err.Error(), "db: open: connect to 127.0.0.1:1/test"; !strings.Contains(got, want) {
			t.Errorf("Open error: got=%q, want it to contain %q", got, want)
		}
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Errorf("Open took %v, want a fast failure", elapsed)
		}
	})

	t.Run("ErrTimeout", func(t *testing.T) {
		t.Parallel()
		// A deadline that has passed stands in for a database that never
		// answers: Open must give up, not hang.
		ctx, cancel := context.WithTimeout(t.Context(), time.Nanosecond)
		defer cancel()
		<-ctx.Done()
		d, err := db.Open(ctx, dbtest.URL(t))
		if err == nil {
			d.Close()
			t.Fatal("Open: got=nil error, want deadline error")
		}
		if !strings.Contains(err.Error(), "db: open") {
			t.Errorf("Open error: got=%q, want it wrapped with %q", err, "db: open")
		}
	})

	t.Run("ErrBadURL", func(t *testing.T) {
		t.Parallel()
		_, err := db.Open(t.Context(), "postgres://postgres:s3cret@127.0.0.1:5432/test?pool_max_conns=zero")
		if err == nil {
			t.Fatal("Open: got=nil error, want parse error")
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open error leaks the password: %q", err)
		}
	})
}

func TestDB_Ping(t *testing.T) {
	t.Parallel()

	t.Run("ErrClosed", func(t *testing.T) {
		t.Parallel()
		d, err := db.Open(t.Context(), dbtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		d.Close()
		d.Close() // Close twice must not panic.
		if err := d.Ping(t.Context()); err == nil {
			t.Error("Ping after Close: got=nil, want error")
		}
	})
}
