package dialog_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
)

// TestSessionCache: with a store that caches sessions, an update that
// writes nothing but its session is decided on the cached session without
// a load; when another process saved the chat in between, the save
// conflicts and the update is decided again on the stored session, so the
// answer follows what is stored. A step that decides other writes loads
// the stored session first and runs each write once, stale cache or not.
func TestSessionCache(t *testing.T) {
	t.Parallel()
	cat := &dialogtest.Catalogue{Meetups: fixture()}
	saved := &dialogtest.Saved{Catalogue: cat}
	store := dialogtest.NewCached()
	var effects []string
	opts := dialog.Options{Now: func() time.Time { return testNow }, Catalogue: cat, Saved: saved,
		OnEffect: func(kind string) { effects = append(effects, kind) }}
	e, err := dialog.New(store, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Another process on the same stored sessions, without this cache.
	other, err := dialog.New(store.MemStore, dialog.Options{Now: opts.Now, Catalogue: cat, Saved: saved})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	do := func(e *dialog.Engine, in dialog.Input) []dialog.Reply {
		t.Helper()
		r, err := e.Handle(ctx, chat, in)
		if err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		return r
	}
	do(e, cmd("start", ""))
	do(e, cmd("zoek", ""))
	do(e, loc(utrecht))

	// A card: no load, the cached session.
	loads, hits := store.Loads, store.Hits
	r := do(e, press("r:d:1"))
	if store.Loads != loads || store.Hits != hits+1 {
		t.Errorf("a step that only saves its session: %d loads, %d hits; want none and one", store.Loads-loads, store.Hits-hits)
	}
	if len(r) == 0 || !strings.Contains(r[0].Text, fixture()[0].Title) {
		t.Errorf("the card: got %+v", r)
	}

	// The other process switches the chat to English; this one's cache
	// still says Dutch. Its next answer is English all the same.
	do(other, cmd("taal", ""))
	do(other, press("lang:en"))
	loads = store.Loads
	r = do(e, cmd("help", ""))
	if len(r) == 0 || !strings.Contains(r[0].Text, e.Text("en", "help")[:20]) {
		t.Errorf("after another process switched to English, /help: got %q", r[0].Text)
	}
	if store.Loads != loads+1 {
		t.Errorf("a stale cache: %d loads, want one (after the conflict)", store.Loads-loads)
	}

	// A write (saving a meetup): the stored session is loaded before it
	// runs, and it runs once — with the cache fresh, and with it stale.
	for i, stale := range []bool{false, true} {
		if stale {
			do(other, cmd("help", ""))
		}
		effects = nil
		loads = store.Loads
		id := []string{"1", "2"}[i]
		r = do(e, press("r:sv:"+id))
		if !slices.Equal(effects, []string{"save"}) {
			t.Errorf("stale=%v: effects %v, want one save", stale, effects)
		}
		if store.Loads != loads+1 {
			t.Errorf("stale=%v: %d loads, want one (before the write)", stale, store.Loads-loads)
		}
		if len(r) == 0 {
			t.Errorf("stale=%v: no answer", stale)
		}
	}
	if got, err := saved.SavedMeetups(ctx, chat); err != nil || len(got) != 2 {
		t.Errorf("saved meetups: %d (%v), want 2", len(got), err)
	}

	// A step decided on the cached session that fails (the search is away)
	// drops it: the retry starts from the stored session.
	if _, ok := store.CachedSession(chat); !ok {
		t.Fatal("nothing cached before the failing step")
	}
	cat.Err = errors.New("search away")
	if _, err := e.Handle(ctx, chat, loc(utrecht)); err == nil {
		t.Error("a search that fails: no error")
	}
	cat.Err = nil
	if _, ok := store.CachedSession(chat); ok {
		t.Error("the cached session stayed after the step decided on it failed")
	}

	// Forgetting drops the cache: the next update starts afresh.
	do(e, cmd("vergeet", ""))
	do(e, press("forget:yes"))
	if _, ok := store.CachedSession(chat); ok {
		t.Error("the cache still holds the session after /vergeet")
	}
}
