package db_test

import (
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
)

func TestClearStaleDrafts(t *testing.T) {
	t.Parallel()
	s := dbtest.New(t).Sessions()
	cutoff := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	old := dialog.Session{ChatID: 1, Lang: "nl", Step: "ask_when", Ask: &dialog.Ask{Started: cutoff.Add(-time.Hour), Name: "Sanne", NeedText: "de kast"}}
	fresh := dialog.Session{ChatID: 2, Lang: "nl", Ask: &dialog.Ask{Started: cutoff.Add(time.Hour), Name: "Ahmed"}}
	none := dialog.Session{ChatID: 3, Lang: "en"}
	for _, sess := range []dialog.Session{old, fresh, none} {
		mustSave(t, s, sess)
	}
	n, err := s.ClearStaleDrafts(t.Context(), cutoff)
	if err != nil || n != 1 {
		t.Fatalf("got n=%d err=%v, want 1 cleared", n, err)
	}
	got := mustLoad(t, s, 1)
	if got.Ask != nil || got.Lang != "nl" || got.Step != "ask_when" || got.Version != 2 {
		t.Errorf("old draft: got ask=%+v lang=%q step=%q version=%d, want the draft gone and the rest kept", got.Ask, got.Lang, got.Step, got.Version)
	}
	if got := mustLoad(t, s, 2); got.Ask == nil || got.Ask.Name != "Ahmed" || got.Version != 1 {
		t.Errorf("fresh draft: got %+v, want untouched", got.Ask)
	}
	if got := mustLoad(t, s, 3); got.Version != 1 {
		t.Errorf("session without a draft changed: version %d", got.Version)
	}
	// Words a safety answer held for an organiser go after a day too.
	held := dialog.Session{ChatID: 4, Lang: "nl", Step: "org_title", Held: "ik kan niet meer", Seen: cutoff.Add(-time.Hour)}
	heldFresh := dialog.Session{ChatID: 5, Lang: "nl", Step: "org_title", Held: "Praatgroep", Seen: cutoff.Add(time.Hour)}
	mustSave(t, s, held)
	mustSave(t, s, heldFresh)
	if n, err := s.ClearStaleDrafts(t.Context(), cutoff); err != nil || n != 1 {
		t.Fatalf("held: got n=%d err=%v, want 1 cleared", n, err)
	}
	if got := mustLoad(t, s, 4); got.Held != "" || got.Step != "org_title" {
		t.Errorf("old held words: got held=%q step=%q, want them gone and the step kept", got.Held, got.Step)
	}
	if got := mustLoad(t, s, 5); got.Held != "Praatgroep" {
		t.Errorf("fresh held words: got %q, want them kept", got.Held)
	}
	// A save from before the clear must not bring the name back.
	old.Version = 1
	if _, err := s.SaveSession(t.Context(), old); err == nil {
		t.Error("a stale save overwrote the cleared draft")
	}
}
