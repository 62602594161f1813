package db_test

import (
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
)

// BenchmarkSessionLoadSave is the database's share of one update: load a
// chat's session and save it back with the version check.
func BenchmarkSessionLoadSave(b *testing.B) {
	d := dbtest.New(b)
	s := d.Sessions()
	ctx := b.Context()
	if _, err := s.SaveSession(ctx, dialog.Session{ChatID: 7, Lang: "nl", Seen: time.Now()}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sess, err := s.LoadSession(ctx, 7)
		if err != nil {
			b.Fatal(err)
		}
		sess.Seen = time.Now()
		if _, err := s.SaveSession(ctx, sess); err != nil {
			b.Fatal(err)
		}
	}
}
