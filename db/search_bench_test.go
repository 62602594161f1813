package db_test

import (
	"context"
	"math"
	"math/rand/v2"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

// benchCatalogueSize is the catalogue the search benchmarks run on: the
// size the issue sets the latency target for.
const benchCatalogueSize = 100_000

// BenchmarkSearch is one nearby search with the dialog's filters on a
// catalogue of 100,000 demo meetups, the planner free to use
// meetups_nearby_idx. Besides ns/op it reports the p50 and p95 of the
// single searches. cmd/searchbench measures the same at length;
// docs/BENCHMARKS.md has the figures.
func BenchmarkSearch(b *testing.B) {
	benchmarkSearch(b, "")
}

// BenchmarkSearchSeqScan is BenchmarkSearch with index and bitmap scans
// turned off for its connections: what the search would cost without
// meetups_nearby_idx, to compare with in the same run.
func BenchmarkSearchSeqScan(b *testing.B) {
	benchmarkSearch(b, "-c enable_indexscan=off -c enable_bitmapscan=off")
}

// BenchmarkSearchMemory is BenchmarkSearch answered from memory
// (db.WithSearchIndex): the page worked out in Go, then its meetups and
// the catalogue's version read in one statement.
func BenchmarkSearchMemory(b *testing.B) {
	benchmarkSearch(b, "memory")
}

// BenchmarkSearchIndexLoad reads the 100,000 meetups' search fields into
// memory, as a reload does, and reports the heap the index holds.
func BenchmarkSearchIndexLoad(b *testing.B) {
	if testing.Short() {
		b.Skip("loads 100,000 meetups; skipped with -short")
	}
	cat, _ := loadBenchCatalogue(b, "memory")
	d := db.CatalogueDB(cat)
	var before, after runtime.MemStats
	for b.Loop() {
		db.ClearSearchIndex(d)
		runtime.GC()
		runtime.ReadMemStats(&before)
		if err := db.LoadSearchIndex(b.Context(), d); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "MB-added")
	if st := d.SearchIndexStats(); st.Meetups < benchCatalogueSize/2 {
		b.Fatalf("the index holds %d meetups", st.Meetups)
	}
}

func benchmarkSearch(b *testing.B, planner string) {
	if testing.Short() {
		b.Skip("loads 100,000 meetups; skipped with -short")
	}
	cat, now := loadBenchCatalogue(b, planner)
	if planner == "memory" {
		if err := db.LoadSearchIndex(b.Context(), db.CatalogueDB(cat)); err != nil {
			b.Fatal(err)
		}
	}
	qs := benchQueries(500, now)
	ctx := b.Context()
	for _, q := range qs[:50] { // warm the caches and the statement cache
		if _, err := cat.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	var times []time.Duration
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		if _, err := cat.Search(ctx, qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	at := func(p float64) float64 {
		return float64(times[int(math.Ceil(p*float64(len(times))))-1]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	if st := db.CatalogueDB(cat).SearchIndexStats(); planner == "memory" && st.Database > 0 {
		b.Fatalf("%d of the searches went to the database", st.Database)
	}
}

// TestExplainSearch checks the plan the benchmarks print: the plain plan
// is estimated only, the analysed one has run, and both read the nearby
// index; an invalid search is refused before Postgres sees it.
func TestExplainSearch(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := t.Context()
	now := time.Now()
	if _, err := d.Catalogue().ReplaceSamples(ctx, demo.Generate(1, 2000, now), now); err != nil {
		t.Fatal(err)
	}
	q := benchQueries(1, now)[0]
	for _, analyze := range []bool{false, true} {
		plan, err := d.Catalogue().ExplainSearch(ctx, q, analyze)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "meetups_nearby_idx") {
			t.Errorf("analyze=%v: plan does not use meetups_nearby_idx:\n%s", analyze, plan)
		}
		if ran := strings.Contains(plan, "actual time=") && strings.Contains(plan, "Buffers:"); ran != analyze {
			t.Errorf("analyze=%v: got=%v for actual times and buffers in the plan:\n%s", analyze, ran, plan)
		}
	}
	q.RadiusKm = 0
	if _, err := d.Catalogue().ExplainSearch(ctx, q, false); meetups.ErrorCode(err) != meetups.EINVALID {
		t.Errorf("radius 0: got=%v, want EINVALID", err)
	}
}

// loadBenchCatalogue loads benchCatalogueSize demo meetups into a fresh
// schema and returns a catalogue on it whose connections start with the
// given planner options (none: the defaults; "memory": with the search
// index, not yet loaded), and the load's now. Loading
// takes about ten seconds and happens before the timer starts.
func loadBenchCatalogue(b *testing.B, planner string) (*db.Catalogue, time.Time) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	u := dbtest.URL(b)
	var opts []db.Option
	if planner == "memory" {
		opts, planner = append(opts, db.WithSearchIndex(time.Hour)), ""
	}
	d, err := db.Open(ctx, u, opts...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(d.Close)
	if err := d.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	if _, err := d.Catalogue().ReplaceSamples(ctx, demo.Generate(1, benchCatalogueSize, now), now); err != nil {
		b.Fatal(err)
	}
	if planner == "" {
		return d.Catalogue(), now
	}
	pu, err := withOptions(u, planner)
	if err != nil {
		b.Fatal(err)
	}
	p, err := db.Open(ctx, pu)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.Close)
	plan, err := p.Catalogue().ExplainSearch(ctx, benchQueries(1, now)[0], false)
	if err != nil {
		b.Fatal(err)
	}
	if !strings.Contains(plan, "Seq Scan on meetups") || strings.Contains(plan, "meetups_nearby_idx") {
		b.Fatalf("planner options %q did not force a sequential scan:\n%s", planner, plan)
	}
	return p.Catalogue(), now
}

// withOptions adds Postgres startup options to a dbtest URL, which already
// sets options (the search_path). Spaces are written as %20: pgx does not
// read "+" in a URL's query as a space.
func withOptions(u, opts string) (string, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		return "", err
	}
	q := parsed.Query()
	q.Set("options", strings.TrimSpace(q.Get("options")+" "+opts))
	parsed.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return parsed.String(), nil
}

// benchQueries returns n searches like the dialog's (dialog/find.go): from
// within 5 km of a demo town's centre, picked by population; radius 5 km
// mostly, else 10 or 25 as the dialog widens; any of its age, kind (with a
// theme for peer groups), time and free-only filters; online meetups
// included; the first or second page of three (plus one to see whether
// there is more). The same n and now give the same searches.
// cmd/searchbench makes its searches the same way.
func benchQueries(n int, now time.Time) []meetups.Query {
	r := rand.New(rand.NewPCG(1, 2))
	ages := []meetups.AgeBand{meetups.AgePregnant, meetups.AgeBaby, meetups.AgeToddler, meetups.AgeChild, meetups.AgeTeen, ""}
	whens := []meetups.Slots{meetups.SlotMorning, meetups.SlotAfternoon, meetups.SlotEvening, meetups.SlotWeekend, 0}
	kinds := [][]meetups.Kind{nil,
		{meetups.KindParentEvening, meetups.KindBabyCafe, meetups.KindPlaygroup, meetups.KindParentCourse},
		{meetups.KindBabyCafe}, {meetups.KindPeerGroup}, {meetups.KindVolunteerSupport}}
	qs := make([]meetups.Query, n)
	for i := range qs {
		q := meetups.Query{Near: demo.ParentPlace(r, 5), RadiusKm: 5, IncludeOnline: true, Limit: 4, Now: now}
		switch x := r.IntN(100); {
		case x >= 92:
			q.RadiusKm = 25
		case x >= 75:
			q.RadiusKm = 10
		}
		q.AgeBand = ages[r.IntN(len(ages))]
		q.Kinds = kinds[r.IntN(len(kinds))]
		if slices.Equal(q.Kinds, []meetups.Kind{meetups.KindPeerGroup}) {
			if t := r.IntN(len(meetups.Themes) + 1); t < len(meetups.Themes) {
				q.Theme = meetups.Themes[t]
			}
		}
		q.When = whens[r.IntN(len(whens))]
		q.FreeOnly = r.IntN(100) < 20
		if r.IntN(100) < 25 {
			q.Offset = 3
		}
		qs[i] = q
	}
	return qs
}
