package db_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
)

// sampleSession has every stored field set to a non-zero value, so a
// field lost on the way to the database and back shows up.
func sampleSession(chatID int64) dialog.Session {
	return dialog.Session{
		ChatID:       chatID,
		Schema:       dialog.SessionSchema,
		Lang:         "en",
		LangChosen:   true,
		Step:         "search.age",
		StartPayload: "clinic-utrecht",
		Seen:         time.Date(2025, 3, 4, 5, 6, 7, 890_000_000, time.FixedZone("CET", 3600)),
	}
}

// assertSession compares sessions field by field; Seen by instant, since
// its location does not survive JSON.
func assertSession(t *testing.T, got, want dialog.Session) {
	t.Helper()
	seenGot, seenWant := got.Seen, want.Seen
	got.Seen, want.Seen = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("session: got=%+v, want %+v", got, want)
	}
	if !seenGot.Equal(seenWant) {
		t.Errorf("Seen: got=%v, want %v", seenGot, seenWant)
	}
}

func mustSave(t *testing.T, s *db.Sessions, sess dialog.Session) dialog.Session {
	t.Helper()
	saved, err := s.SaveSession(t.Context(), sess)
	if err != nil {
		t.Fatalf("SaveSession(chat %d, version %d): %v", sess.ChatID, sess.Version, err)
	}
	return saved
}

func mustLoad(t *testing.T, s *db.Sessions, chatID int64) dialog.Session {
	t.Helper()
	sess, err := s.LoadSession(t.Context(), chatID)
	if err != nil {
		t.Fatalf("LoadSession(%d): %v", chatID, err)
	}
	return sess
}

func TestSessions_LoadSession(t *testing.T) {
	t.Parallel()

	t.Run("Missing", func(t *testing.T) {
		t.Parallel()
		s := dbtest.New(t).Sessions()
		assertSession(t, mustLoad(t, s, 42), dialog.Session{ChatID: 42})
	})

	t.Run("RoundTrip", func(t *testing.T) {
		t.Parallel()
		s := dbtest.New(t).Sessions()
		in := sampleSession(-1001234567890) // group chats have negative ids
		saved := mustSave(t, s, in)
		if saved.Version != 1 {
			t.Errorf("saved Version: got=%d, want 1", saved.Version)
		}
		want := in
		want.Version = 1
		assertSession(t, saved, want)
		assertSession(t, mustLoad(t, s, in.ChatID), want)
	})
}

func TestSessions_SaveSession(t *testing.T) {
	t.Parallel()

	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		s := dbtest.New(t).Sessions()
		v1 := mustSave(t, s, sampleSession(7))
		next := mustLoad(t, s, 7)
		next.Step, next.Lang = "", "nl"
		v2 := mustSave(t, s, next)
		if v2.Version != 2 {
			t.Errorf("Version after update: got=%d, want 2 (was %d)", v2.Version, v1.Version)
		}
		assertSession(t, mustLoad(t, s, 7), v2)
	})

	t.Run("ErrConflictOnUpdate", func(t *testing.T) {
		t.Parallel()
		s := dbtest.New(t).Sessions()
		mustSave(t, s, sampleSession(7))
		a, b := mustLoad(t, s, 7), mustLoad(t, s, 7)
		a.Step = "from-a"
		b.Step = "from-b"
		savedA := mustSave(t, s, a)
		if _, err := s.SaveSession(t.Context(), b); !errors.Is(err, dialog.ErrConflict) {
			t.Fatalf("second save from version %d: got=%v, want dialog.ErrConflict", b.Version, err)
		}
		assertSession(t, mustLoad(t, s, 7), savedA)
	})

	t.Run("ErrConflictOnInsert", func(t *testing.T) {
		t.Parallel()
		s := dbtest.New(t).Sessions()
		a, b := mustLoad(t, s, 8), mustLoad(t, s, 8) // both Version 0
		a.Lang, b.Lang = "nl", "en"
		savedA := mustSave(t, s, a)
		if _, err := s.SaveSession(t.Context(), b); !errors.Is(err, dialog.ErrConflict) {
			t.Fatalf("second first-save: got=%v, want dialog.ErrConflict", err)
		}
		assertSession(t, mustLoad(t, s, 8), savedA)
	})

	t.Run("ErrConflictNoRow", func(t *testing.T) {
		t.Parallel()
		// A session that claims a version but whose row is gone (the chat
		// was forgotten meanwhile) must not be resurrected.
		s := dbtest.New(t).Sessions()
		sess := sampleSession(9)
		sess.Version = 3
		if _, err := s.SaveSession(t.Context(), sess); !errors.Is(err, dialog.ErrConflict) {
			t.Fatalf("save at version 3 without row: got=%v, want dialog.ErrConflict", err)
		}
		if got := mustLoad(t, s, 9); got.Version != 0 {
			t.Errorf("Version after failed save: got=%d, want 0", got.Version)
		}
	})

	t.Run("ConcurrentOneWins", func(t *testing.T) {
		t.Parallel()
		s := dbtest.New(t).Sessions()
		base := mustSave(t, s, sampleSession(10))
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				sess := base
				sess.StartPayload = string(rune('a' + i))
				_, errs[i] = s.SaveSession(t.Context(), sess)
			})
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, dialog.ErrConflict):
				t.Errorf("concurrent save: got=%v, want nil or dialog.ErrConflict", err)
			}
		}
		if wins != 1 {
			t.Errorf("successful concurrent saves: got=%d, want 1", wins)
		}
		if got := mustLoad(t, s, 10); got.Version != 2 {
			t.Errorf("Version after race: got=%d, want 2", got.Version)
		}
	})

	t.Run("ErrNegativeVersion", func(t *testing.T) {
		t.Parallel()
		s := dbtest.New(t).Sessions()
		sess := sampleSession(11)
		sess.Version = -1
		if _, err := s.SaveSession(t.Context(), sess); err == nil || errors.Is(err, dialog.ErrConflict) {
			t.Errorf("save at version -1: got=%v, want a non-conflict error", err)
		}
	})
}

func TestSessions_ForgetChat(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := dbtest.New(t).Sessions()
		mustSave(t, s, sampleSession(1))
		other := mustSave(t, s, sampleSession(2))
		if err := s.ForgetChat(t.Context(), 1); err != nil {
			t.Fatalf("ForgetChat: %v", err)
		}
		assertSession(t, mustLoad(t, s, 1), dialog.Session{ChatID: 1})
		assertSession(t, mustLoad(t, s, 2), other)
	})

	t.Run("Unknown", func(t *testing.T) {
		t.Parallel()
		s := dbtest.New(t).Sessions()
		if err := s.ForgetChat(t.Context(), 404); err != nil {
			t.Errorf("ForgetChat of unknown chat: got=%v, want nil", err)
		}
	})
}

func TestSessions_PurgeIdleSessions(t *testing.T) {
	t.Parallel()

	d := dbtest.New(t)
	s := d.Sessions()
	cutoff := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	ages := map[int64]time.Time{
		1: cutoff.Add(-30 * 24 * time.Hour), // long idle: purged
		2: cutoff.Add(-time.Second),         // just idle: purged
		3: cutoff,                           // exactly at the cutoff: kept
		4: cutoff.Add(time.Hour),            // active: kept
	}
	for chat, at := range ages {
		mustSave(t, s, sampleSession(chat))
		if err := db.SetUpdatedAt(t.Context(), d, chat, at); err != nil {
			t.Fatal(err)
		}
	}

	n, err := s.PurgeIdleSessions(t.Context(), cutoff)
	if err != nil {
		t.Fatalf("PurgeIdleSessions: %v", err)
	}
	if n != 2 {
		t.Errorf("purged: got=%d, want 2", n)
	}
	for chat, wantVersion := range map[int64]int64{1: 0, 2: 0, 3: 1, 4: 1} {
		if got := mustLoad(t, s, chat).Version; got != wantVersion {
			t.Errorf("chat %d after purge: got version %d, want %d", chat, got, wantVersion)
		}
	}

	if n, err := s.PurgeIdleSessions(t.Context(), cutoff); err != nil || n != 0 {
		t.Errorf("second purge: got=%d, %v, want 0, nil", n, err)
	}
}

// TestSessionCache: with WithSessionCache, a save leaves the session in
// memory at its version (a load does not: it may come from a job while
// /vergeet erases the chat); a save over it by another process makes this
// one's save conflict, which drops the entry; /vergeet drops it. Without
// the option there is no cache.
func TestSessionCache(t *testing.T) {
	t.Parallel()
	u := dbtest.URL(t)
	open := func(opts ...db.Option) *db.DB {
		d, err := db.Open(t.Context(), u, opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(d.Close)
		return d
	}
	mine := open(db.WithSessionCache(2, time.Hour))
	if err := mine.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	theirs := open()
	s, other := mine.Sessions(), theirs.Sessions()

	if _, ok := s.CachedSession(1); ok {
		t.Fatal("a session cached before any was saved")
	}
	saved := mustSave(t, s, sampleSession(1))
	got, ok := s.CachedSession(1)
	if !ok {
		t.Fatal("not cached after the save")
	}
	assertSession(t, got, saved)

	// Another process saves the chat: the cache is stale, its save
	// conflicts and drops it; a load brings it back at the new version.
	theirSession := mustLoad(t, other, 1)
	theirSession.Step = "menu"
	mustSave(t, other, theirSession)
	stale, _ := s.CachedSession(1)
	if _, err := s.SaveSession(t.Context(), stale); !errors.Is(err, dialog.ErrConflict) {
		t.Fatalf("save over another process's: %v, want ErrConflict", err)
	}
	if _, ok := s.CachedSession(1); ok {
		t.Error("the stale session is still cached after the conflict")
	}
	fresh := mustLoad(t, s, 1)
	if _, ok := s.CachedSession(1); ok || fresh.Version != 2 {
		t.Errorf("after the load: cached (%v), loaded version %d; want nothing cached, version 2", ok, fresh.Version)
	}
	fresh.Step = "find"
	mustSave(t, s, fresh)
	if got, ok := s.CachedSession(1); !ok || got.Version != 3 || got.Step != "find" {
		t.Errorf("after the save: cached %+v (%v); want version 3 at find", got, ok)
	}

	// At most two chats.
	mustSave(t, s, sampleSession(2))
	mustSave(t, s, sampleSession(3))
	n := 0
	for _, id := range []int64{1, 2, 3} {
		if _, ok := s.CachedSession(id); ok {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d chats cached, want 2 (the size)", n)
	}

	if err := s.ForgetChat(t.Context(), 3); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.CachedSession(3); ok {
		t.Error("cached after ForgetChat")
	}
	if _, ok := other.CachedSession(1); ok {
		t.Error("a store without the option has a cache")
	}
}

// TestSessionsUpdateInPlace: a save changes no indexed column and the
// pages keep room, so Postgres can update a session in place (a HOT
// update) — no index entry and no dead row per update (migration 017).
func TestSessionsUpdateInPlace(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	n, err := db.QueryInt(t.Context(), d, `select count(*)::int from pg_indexes
		where schemaname = current_schema() and tablename = 'sessions' and indexname <> 'sessions_pkey'`)
	if err != nil || n != 0 {
		t.Errorf("indexes on sessions besides the primary key: %d (%v), want none: updated_at changes with every save", n, err)
	}
	n, err = db.QueryInt(t.Context(), d, `select count(*)::int from pg_class
		where oid = 'sessions'::regclass and 'fillfactor=50' = any(reloptions)`)
	if err != nil || n != 1 {
		t.Errorf("sessions fillfactor 50: %d (%v)", n, err)
	}
	// And the purge, which read that index, still finds what it should.
	s := d.Sessions()
	mustSave(t, s, sampleSession(1))
	mustSave(t, s, sampleSession(2))
	if err := db.SetUpdatedAt(t.Context(), d, 1, time.Now().Add(-48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if purged, err := s.PurgeIdleSessions(t.Context(), time.Now().Add(-24*time.Hour)); err != nil || purged != 1 {
		t.Errorf("purged %d (%v), want 1", purged, err)
	}
}
