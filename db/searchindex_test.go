package db_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestSearchIndexSeesEveryChange: a search answered from memory never
// shows the catalogue as it was before a change. Each change below is
// searched for at once, before the index could reload: that search goes to
// the database (the version moved), and the one after the reload comes
// from memory with the same answer. A statement that changes nothing
// leaves the index in use.
func TestSearchIndexSeesEveryChange(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t, db.WithSearchIndex(time.Millisecond))
	ctx := t.Context()
	c := d.Catalogue()
	a := mustSaveMeetup(t, c, meetup("Babycafé De Wieg", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	q := meetups.Query{Near: centre, RadiusKm: 5, Limit: 10, Now: now}

	// check searches twice: at once, and after the reload the first one
	// started; both must give want (titles, nearest first).
	check := func(step string, fromMemoryAtOnce bool, want ...string) {
		t.Helper()
		for round := range 2 {
			before := d.SearchIndexStats()
			got, err := c.Search(ctx, q)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			var titles []string
			for _, r := range got {
				titles = append(titles, r.Title)
			}
			if !slices.Equal(titles, want) {
				t.Fatalf("%s (search %d): found %q, want %q", step, round+1, titles, want)
			}
			after := d.SearchIndexStats()
			memory := after.Memory > before.Memory
			if wantMemory := round == 1 || fromMemoryAtOnce; memory != wantMemory {
				t.Fatalf("%s (search %d): answered from memory %v, want %v (%+v)", step, round+1, memory, wantMemory, after)
			}
			db.WaitSearchIndex(d)
		}
	}
	check("the first search, with nothing in memory yet", false, "Babycafé De Wieg")

	b := meetup("Ouderavond Oost", meetups.KindParentEvening, north(2), weeklyAt("WE", 19))
	b.ID = mustSaveMeetup(t, c, b)
	check("a new meetup", false, "Babycafé De Wieg", "Ouderavond Oost")

	if err := c.SetStatus(ctx, a, meetups.StatusPaused, ""); err != nil {
		t.Fatal(err)
	}
	check("a meetup paused", false, "Ouderavond Oost")

	b.Title = "Ouderavond Oost (nieuw)"
	if _, err := c.SaveMeetup(ctx, b, now); err != nil {
		t.Fatal(err)
	}
	check("a title changed", false, "Ouderavond Oost (nieuw)")

	// Nothing changes: no new version, the index stays in use.
	version := d.SearchIndexStats().Version
	if err := c.SetSubmittedBy(ctx, 999_999, 42); err != nil {
		t.Fatal(err)
	}
	check("an update of no row", true, "Ouderavond Oost (nieuw)")
	if v := d.SearchIndexStats().Version; v != version {
		t.Fatalf("an update of no row moved the version from %d to %d", version, v)
	}

	if err := c.SetStatus(ctx, a, meetups.StatusPublished, ""); err != nil {
		t.Fatal(err)
	}
	check("published again", false, "Babycafé De Wieg", "Ouderavond Oost (nieuw)")

	if err := c.DeleteMeetup(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	check("a meetup deleted", false, "Babycafé De Wieg")

	if err := db.Exec(ctx, d, "truncate meetups cascade"); err != nil {
		t.Fatal(err)
	}
	check("the table emptied", false)
}

// TestSearchIndexUnavailable: without the catalogue's version (a database
// not yet migrated to 018) the index cannot load, and every search goes to
// the database and still finds what it should.
func TestSearchIndexUnavailable(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t, db.WithSearchIndex(time.Millisecond))
	ctx := t.Context()
	c := d.Catalogue()
	mustSaveMeetup(t, c, meetup("Babycafé De Wieg", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	if err := db.Exec(ctx, d, "alter table catalogue_version rename to catalogue_version_gone"); err != nil {
		t.Fatal(err)
	}
	q := meetups.Query{Near: centre, RadiusKm: 5, Limit: 10, Now: now}
	for i := range 3 {
		got, err := c.Search(ctx, q)
		if err != nil || len(got) != 1 {
			t.Fatalf("search %d: %d results, %v; want the one meetup", i+1, len(got), err)
		}
		db.WaitSearchIndex(d)
		time.Sleep(2 * time.Millisecond) // past the gap: the next search tries to load again
	}
	st := d.SearchIndexStats()
	if st.Memory != 0 || st.Database != 3 || st.ReloadErrors != 3 {
		t.Fatalf("stats %+v: want 3 searches by the database and 3 failed loads", st)
	}
}

// TestCatalogueWritersDoNotDeadlock: every statement that writes meetups
// takes the catalogue version's lock first (migration 018), so an import
// (several statements in one transaction) and an admin changing meetups
// one by one wait for each other instead of deadlocking. The import here
// changes one meetup (it holds the version from then on) and archives the
// ones its file no longer lists, the very ones the admin's statements lock
// meanwhile, each of which then needs the version too.
func TestCatalogueWritersDoNotDeadlock(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := t.Context()
	c := d.Catalogue()
	const n = 12
	var ms []meetups.Meetup
	for i := range n {
		m := meetup(fmt.Sprintf("Babycafé %d", i), meetups.KindBabyCafe, north(float64(i)/10), weeklyAt("TU", 10))
		m.Source, m.ExternalID = "oost.csv", fmt.Sprintf("bc-%d", i)
		ms = append(ms, m)
	}
	if _, err := c.Import(ctx, "oost.csv", ms, db.ImportOptions{}, now); err != nil {
		t.Fatal(err)
	}
	published, err := c.Published(ctx)
	if err != nil || len(published) != n {
		t.Fatalf("published %d, %v", len(published), err)
	}
	const rounds = 60
	errs := make(chan error, 2*rounds*n)
	var wg sync.WaitGroup
	wg.Go(func() {
		for r := range rounds {
			ms[0].Title = fmt.Sprintf("Babycafé 0, ronde %d", r)
			if _, err := c.Import(ctx, "oost.csv", ms[:1], db.ImportOptions{ArchiveMissing: true}, now.Add(time.Duration(r+1)*time.Minute)); err != nil {
				errs <- fmt.Errorf("import %d: %w", r, err)
			}
		}
	})
	wg.Go(func() {
		for r := range rounds {
			for i := n - 1; i >= 1; i-- {
				if err := c.SetStatus(ctx, published[i].ID, meetups.StatusPublished, ""); err != nil {
					errs <- fmt.Errorf("status %d of meetup %d: %w", r, i, err)
				}
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
