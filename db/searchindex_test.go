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
// from memory with the same answer. A statement that changes nothing a
// search reads leaves the index in use, and the page still shows the
// change: its meetups are read from the table.
func TestSearchIndexSeesEveryChange(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t, db.WithSearchIndex(time.Millisecond))
	ctx := t.Context()
	c := d.Catalogue()
	a := mustSaveMeetup(t, c, meetup("Babycafé De Wieg", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	q := meetups.Query{Near: centre, RadiusKm: 5, Limit: 10, Now: now, Order: meetups.OrderNearest}

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

	// Nothing a search reads changes: no new version, the index stays in
	// use, and the page has the new title.
	version := d.SearchIndexStats().Version
	b.Title = "Ouderavond Oost (nieuw)"
	if _, err := c.SaveMeetup(ctx, b, now); err != nil {
		t.Fatal(err)
	}
	check("a title changed", true, "Ouderavond Oost (nieuw)")
	if err := c.SetSubmittedBy(ctx, b.ID, 42); err != nil {
		t.Fatal(err)
	}
	check("a column searches do not read", true, "Ouderavond Oost (nieuw)")
	if err := c.SetSubmittedBy(ctx, 999_999, 42); err != nil {
		t.Fatal(err)
	}
	check("an update of no row", true, "Ouderavond Oost (nieuw)")
	if v := d.SearchIndexStats().Version; v != version {
		t.Fatalf("changes searches do not read moved the version from %d to %d", version, v)
	}

	// Moved: a search column changed.
	b.Point = north(0.5)
	if _, err := c.SaveMeetup(ctx, b, now); err != nil {
		t.Fatal(err)
	}
	check("a meetup moved", false, "Ouderavond Oost (nieuw)")

	if err := c.SetStatus(ctx, a, meetups.StatusPublished, ""); err != nil {
		t.Fatal(err)
	}
	check("published again", false, "Ouderavond Oost (nieuw)", "Babycafé De Wieg")

	if err := c.DeleteMeetup(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	check("a meetup deleted", false, "Babycafé De Wieg")

	imp := meetup("Speelochtend", meetups.KindPlaygroup, north(3), weeklyAt("TH", 9))
	imp.Source, imp.ExternalID = "oost.csv", "s-1"
	if _, err := c.Import(ctx, "oost.csv", []meetups.Meetup{imp}, db.ImportOptions{}, now); err != nil {
		t.Fatal(err)
	}
	check("an import", false, "Babycafé De Wieg", "Speelochtend")
	imp.Point = north(0.2)
	if _, err := c.Import(ctx, "oost.csv", []meetups.Meetup{imp}, db.ImportOptions{}, now); err != nil {
		t.Fatal(err)
	}
	check("an import that moved one", false, "Speelochtend", "Babycafé De Wieg")

	sample := meetup("Voorbeeld", meetups.KindBabyCafe, north(4), weeklyAt("FR", 10))
	sample.Sample = true
	if _, err := c.ReplaceSamples(ctx, []meetups.Meetup{sample}, now); err != nil { // COPY
		t.Fatal(err)
	}
	check("samples loaded", false, "Speelochtend", "Babycafé De Wieg", "Voorbeeld")

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

// TestSearchIndexEdges: meetups on the grid's cell edges, either side of
// the prime meridian, answer as the database does; a search across the
// date line is left to the database, which finds the meetups on both
// sides.
func TestSearchIndexEdges(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t, db.WithSearchIndex(time.Hour))
	ctx := t.Context()
	c := d.Catalogue()
	points := []meetups.Point{
		{Lat: 51.5, Lon: 0}, {Lat: 51.5, Lon: -0.0001}, {Lat: 51.4999, Lon: 0.1}, {Lat: 51.6, Lon: -0.1},
		{Lat: 51.3, Lon: -0.2}, {Lat: 51.7, Lon: 0.2999}, {Lat: 51.5, Lon: -0.36}, {Lat: 51.5, Lon: 0.36},
		{Lat: 10, Lon: 179.95}, {Lat: 10, Lon: -179.95},
	}
	for i, p := range points {
		mustSaveMeetup(t, c, meetup(fmt.Sprintf("Babycafé %d", i), meetups.KindBabyCafe, &p, weeklyAt("TU", 10)))
	}
	if err := db.LoadSearchIndex(ctx, d); err != nil {
		t.Fatal(err)
	}
	ids := func(rs []meetups.Result) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	found := 0
	for _, r := range []float64{0.5, 5, 10, 25} {
		for _, near := range []meetups.Point{{Lat: 51.5, Lon: 0}, {Lat: 51.45, Lon: -0.05}, {Lat: 51.6, Lon: 0.25}} {
			q := meetups.Query{Near: near, RadiusKm: r, Limit: 20, Now: now}
			before := d.SearchIndexStats()
			got, err := c.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			want, err := db.SearchDatabase(ctx, c, q)
			if err != nil {
				t.Fatal(err)
			}
			found += len(got)
			if !slices.Equal(ids(got), ids(want)) {
				t.Errorf("%v km of %v: %v from memory, %v from the database", r, near, ids(got), ids(want))
			}
			if d.SearchIndexStats().Memory != before.Memory+1 {
				t.Errorf("%v km of %v: not answered from memory", r, near)
			}
		}
	}
	if found < 20 {
		t.Fatalf("%d meetups found in all: the searches do not reach across the cells", found)
	}
	q := meetups.Query{Near: meetups.Point{Lat: 10, Lon: 179.99}, RadiusKm: 25, Limit: 20, Now: now}
	before := d.SearchIndexStats()
	got, err := c.Search(ctx, q)
	if err != nil || len(got) != 2 {
		t.Fatalf("across the date line: %d results, %v; want 2", len(got), err)
	}
	if st := d.SearchIndexStats(); st.Database != before.Database+1 {
		t.Fatalf("across the date line: %+v, want it answered by the database", st)
	}
}

// TestSearchIndexReloadGap: reloads are at least the gap apart, however
// often the catalogue changes; meanwhile searches go to the database, and
// find the change.
func TestSearchIndexReloadGap(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t, db.WithSearchIndex(time.Hour))
	ctx := t.Context()
	c := d.Catalogue()
	mustSaveMeetup(t, c, meetup("Babycafé De Wieg", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	q := meetups.Query{Near: centre, RadiusKm: 5, Limit: 10, Now: now}
	search := func(want int) {
		t.Helper()
		got, err := c.Search(ctx, q)
		if err != nil || len(got) != want {
			t.Fatalf("%d results, %v; want %d", len(got), err, want)
		}
		db.WaitSearchIndex(d)
	}
	search(1) // the first load
	search(1)
	mustSaveMeetup(t, c, meetup("Ouderavond Oost", meetups.KindParentEvening, north(2), weeklyAt("WE", 19)))
	for range 3 {
		search(2)
	}
	if st := d.SearchIndexStats(); st.Reloads != 1 || st.Memory != 1 || st.Database != 4 {
		t.Fatalf("%+v: want one load, one search from memory, the rest (after the change, within the gap) by the database", st)
	}
}
