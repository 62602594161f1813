package db_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

var (
	centre = meetups.Point{Lat: 52.0907, Lon: 5.1214} // Utrecht
	// now is a Monday morning in Amsterdam.
	now = time.Date(2026, 11, 23, 9, 0, 0, 0, meetups.Amsterdam)
)

// north is a point km north of the centre.
func north(km float64) *meetups.Point {
	return &meetups.Point{Lat: centre.Lat + km/111.2, Lon: centre.Lon}
}

func weeklyAt(day string, hour int) meetups.Schedule {
	return meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=" + day,
		Start: time.Date(2026, 9, 1, hour, 0, 0, 0, meetups.Amsterdam), Duration: 90 * time.Minute}
}

func meetup(title string, kind meetups.Kind, p *meetups.Point, s meetups.Schedule) meetups.Meetup {
	return meetups.Meetup{OrgName: "Buurtteam Oost", Kind: kind, Title: title, Point: p, Schedule: s,
		AgeMinMonths: 0, AgeMaxMonths: 48, Languages: []string{"nl"}, Join: meetups.JoinWalkIn,
		Status: meetups.StatusPublished, Venue: "Buurthuis", City: "Utrecht"}
}

func mustSaveMeetup(t *testing.T, c *db.Catalogue, m meetups.Meetup) int64 {
	t.Helper()
	id, err := c.SaveMeetup(t.Context(), m, now)
	if err != nil {
		t.Fatalf("SaveMeetup(%q): %v", m.Title, err)
	}
	return id
}

func TestCatalogueSaveAndLoad(t *testing.T) {
	t.Parallel()
	c := dbtest.New(t).Catalogue()
	m := meetup("Babycafé De Wieg", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10))
	m.Themes = []meetups.Theme{meetups.ThemeFathers}
	m.Schedule.ExDates = []time.Time{time.Date(2026, 12, 29, 0, 0, 0, 0, meetups.Amsterdam)}
	m.Languages = []string{"nl", "ar"}
	m.CostCents, m.CostNote = 200, "koffie"
	id := mustSaveMeetup(t, c, m)
	got, err := c.Meetup(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != m.Title || got.OrgName != m.OrgName || got.Kind != m.Kind || *got.Point != *m.Point ||
		got.Schedule.RRule != m.Schedule.RRule || got.Schedule.Duration != m.Schedule.Duration ||
		!got.Schedule.Start.Equal(m.Schedule.Start) || len(got.Schedule.ExDates) != 1 ||
		strings.Join(got.Languages, ",") != "nl,ar" || got.Themes[0] != meetups.ThemeFathers || got.CostCents != 200 {
		t.Errorf("round trip: got=%+v", got)
	}
	if got.Schedule.Start.Location() != meetups.Amsterdam {
		t.Errorf("start comes back in %v, want Europe/Amsterdam", got.Schedule.Start.Location())
	}

	// Update by id; an import with the same external id updates too.
	got.Title = "Babycafé De Wieg (nieuw)"
	if _, err := c.SaveMeetup(t.Context(), got, now); err != nil {
		t.Fatal(err)
	}
	imp := meetup("Import", meetups.KindPlaygroup, north(2), weeklyAt("WE", 9))
	imp.Source, imp.ExternalID = "csv", "x-1"
	id1 := mustSaveMeetup(t, c, imp)
	imp.Title = "Import, bijgewerkt"
	if id2 := mustSaveMeetup(t, c, imp); id2 != id1 {
		t.Errorf("re-import: got id %d, want %d (no duplicate)", id2, id1)
	}
	if n, _ := c.CountMeetups(t.Context()); n != 2 {
		t.Errorf("count: got=%d, want 2", n)
	}

	// Pending meetups are not found by parents.
	p := meetup("Wacht op goedkeuring", meetups.KindPeerGroup, north(1), weeklyAt("TH", 19))
	p.Status = meetups.StatusPending
	pid := mustSaveMeetup(t, c, p)
	if _, err := c.Meetup(t.Context(), pid); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Errorf("pending meetup: got err=%v, want ENOTFOUND", err)
	}
	if _, err := c.SaveMeetup(t.Context(), meetups.Meetup{Title: "half"}, now); meetups.ErrorCode(err) != meetups.EINVALID {
		t.Errorf("invalid meetup: got err=%v, want EINVALID", err)
	}
}

// TestCatalogueConstraints writes rows past the Go validation to prove the
// database itself refuses them.
func TestCatalogueConstraints(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	org, err := d.Catalogue().EnsureOrganisation(t.Context(), "Org")
	if err != nil {
		t.Fatal(err)
	}
	base := `insert into meetups (org_id, kind, title, age_min_months, age_max_months, schedule_kind, starts_at, ends_at, rrule, duration, lat, lon, online, status)
		values (` + "$1" + `, 'baby_cafe', 'x', %s)`
	for name, values := range map[string]string{
		"PublishedWithoutPlace": `0, 12, 'ongoing', null, null, '', null, null, null, false, 'published'`,
		"AgeMinAboveMax":        `24, 12, 'ongoing', null, null, '', null, 52, 5, false, 'published'`,
		"OnceEndsBeforeStart":   `0, 12, 'once', '2026-12-01 10:00+01', '2026-12-01 09:00+01', '', null, 52, 5, false, 'published'`,
		"RecurringWithoutRule":  `0, 12, 'recurring', '2026-12-01 10:00+01', null, '', '90 minutes', 52, 5, false, 'published'`,
		"UnknownKindViaTheme":   `0, 12, 'weekly', null, null, '', null, 52, 5, false, 'published'`,
		"PointAndOnline":        `0, 12, 'ongoing', null, null, '', null, 52, 5, true, 'published'`,
		"LatWithoutLon":         `0, 12, 'ongoing', null, null, '', null, 52, null, false, 'published'`,
	} {
		err := db.Exec(t.Context(), d, strings.Replace(strings.Replace(base, "%s", values, 1), "$1", itoa(org), 1))
		var dbErr *db.Error
		if !errors.As(err, &dbErr) || dbErr.Code != "23514" {
			t.Errorf("%s: got err=%v, want a check violation (23514)", name, err)
		}
	}
	ok := `0, 12, 'ongoing', null, null, '', null, null, null, false, 'pending'`
	if err := db.Exec(t.Context(), d, strings.Replace(strings.Replace(base, "%s", ok, 1), "$1", itoa(org), 1)); err != nil {
		t.Errorf("a pending draft without a place must be allowed: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCatalogueSearch(t *testing.T) {
	t.Parallel()
	c := dbtest.New(t).Catalogue()
	ids := map[string]int64{}
	add := func(m meetups.Meetup) { ids[m.Title] = mustSaveMeetup(t, c, m) }
	add(meetup("near", meetups.KindBabyCafe, north(0.5), weeklyAt("TU", 10)))
	add(meetup("mid", meetups.KindPlaygroup, north(2), weeklyAt("WE", 9)))
	add(meetup("far", meetups.KindBabyCafe, north(4.5), weeklyAt("SA", 10)))
	add(meetup("outside", meetups.KindBabyCafe, north(7), weeklyAt("TU", 10)))
	evening := meetup("evening", meetups.KindPeerGroup, north(1), weeklyAt("TH", 19))
	evening.Themes, evening.AgeMinMonths, evening.AgeMaxMonths = []meetups.Theme{meetups.ThemeAutism}, 24, 216
	evening.Languages = []string{"nl", "en"}
	add(evening)
	paid := meetup("paid", meetups.KindParentCourse, north(1.5), weeklyAt("MO", 19))
	paid.CostCents = 500
	add(paid)
	ended := meetup("ended", meetups.KindBabyCafe, north(0.3), meetups.Schedule{Kind: meetups.ScheduleOnce,
		Start: now.AddDate(0, 0, -7), End: now.AddDate(0, 0, -7).Add(time.Hour)})
	add(ended)
	paused := meetup("paused", meetups.KindBabyCafe, north(0.2), weeklyAt("TU", 10))
	paused.Status = meetups.StatusPaused
	add(paused)
	online := meetup("online", meetups.KindPeerGroup, nil, weeklyAt("WE", 20))
	online.Online, online.OnlineURL = true, "https://meet.example.org/x"
	add(online)

	titles := func(q meetups.Query) string {
		t.Helper()
		q.Near, q.Now = centre, now
		if q.RadiusKm == 0 {
			q.RadiusKm = 5
		}
		if q.Limit == 0 {
			q.Limit = 20
		}
		rs, err := c.Search(t.Context(), q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.Title)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		name string
		q    meetups.Query
		want string
	}{
		// paid (1.5 km, tonight) before evening (1 km, Thursday): distance and
		// how soon blend.
		{"NearestAndSoonestFirst", meetups.Query{}, "near,paid,evening,mid,far"},
		{"Radius", meetups.Query{RadiusKm: 1.2}, "near,evening"},
		{"WiderRadius", meetups.Query{RadiusKm: 10}, "near,paid,evening,mid,far,outside"},
		{"Kind", meetups.Query{Kinds: []meetups.Kind{meetups.KindBabyCafe}}, "near,far"},
		{"Age", meetups.Query{AgeBand: meetups.AgeTeen}, "evening"},
		{"Theme", meetups.Query{Theme: meetups.ThemeAutism}, "evening"},
		{"Language", meetups.Query{Language: "en"}, "evening"},
		{"FreeOnly", meetups.Query{FreeOnly: true}, "near,evening,mid,far"},
		{"Evenings", meetups.Query{When: meetups.SlotEvening}, "paid,evening"},
		{"Weekend", meetups.Query{When: meetups.SlotWeekend}, "far"},
		{"Online", meetups.Query{IncludeOnline: true, Kinds: []meetups.Kind{meetups.KindPeerGroup}}, "evening,online"},
		{"Paged", meetups.Query{Offset: 2, Limit: 2}, "evening,mid"},
		{"NothingLeft", meetups.Query{Kinds: []meetups.Kind{meetups.KindVolunteerSupport}}, ""},
	} {
		if got := titles(tc.q); got != tc.want {
			t.Errorf("%s: got=%q, want %q", tc.name, got, tc.want)
		}
	}

	// Widen: the first radius with WidenMin matches (online ones count), else the last.
	for _, tc := range []struct {
		name  string
		q     meetups.Query
		want  string
		radii float64
	}{
		{"FirstFull", meetups.Query{Widen: []float64{1, 5, 10}, WidenMin: 2, Kinds: []meetups.Kind{meetups.KindBabyCafe}}, "near,far", 5},
		{"Further", meetups.Query{Widen: []float64{1, 5, 10}, WidenMin: 3, Kinds: []meetups.Kind{meetups.KindBabyCafe}}, "near,far,outside", 10},
		{"OnlineCounts", meetups.Query{Widen: []float64{0.5, 2, 5}, WidenMin: 2, IncludeOnline: true, Kinds: []meetups.Kind{meetups.KindPeerGroup}}, "evening,online", 2},
		{"NeverFullTakesTheLast", meetups.Query{Widen: []float64{1, 2}, WidenMin: 50}, "near,paid,evening", 2},
		{"Nothing", meetups.Query{Widen: []float64{1, 5}, WidenMin: 1, Kinds: []meetups.Kind{meetups.KindVolunteerSupport}}, "", 0},
	} {
		q := tc.q
		q.Near, q.Now, q.Limit, q.RadiusKm = centre, now, 20, 1 // RadiusKm is ignored
		rs, err := c.Search(t.Context(), q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, r := range rs {
			got = append(got, r.Title)
			if r.RadiusKm != tc.radii {
				t.Errorf("%s: %s found at %v km, want %v", tc.name, r.Title, r.RadiusKm, tc.radii)
			}
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%s: got=%q, want %q", tc.name, strings.Join(got, ","), tc.want)
		}
	}

	rs, err := c.Search(t.Context(), meetups.Query{Near: centre, RadiusKm: 5, Limit: 1, Now: now})
	if err != nil || len(rs) != 1 {
		t.Fatalf("got %v, %v", rs, err)
	}
	if d := rs[0].DistanceKm; d < 0.45 || d > 0.55 {
		t.Errorf("distance: got=%.3f km, want about 0.5", d)
	}
	if rs[0].Next == nil || !rs[0].Next.Start.Equal(time.Date(2026, 11, 24, 10, 0, 0, 0, meetups.Amsterdam)) {
		t.Errorf("next: got=%+v, want Tuesday 24 November 10:00", rs[0].Next)
	}
	for _, q := range []meetups.Query{{Near: meetups.Point{Lat: 91}, RadiusKm: 5}, {Near: centre, RadiusKm: 0}, {Near: centre, RadiusKm: 500},
		{Near: centre, Widen: []float64{10, 5}, WidenMin: 3}, {Near: centre, Widen: []float64{5, 10}}, {Near: centre, Widen: []float64{5, 300}, WidenMin: 3},
		{Near: centre, Widen: []float64{5, 10}, WidenMin: 51}} {
		if _, err := c.Search(t.Context(), q); meetups.ErrorCode(err) != meetups.EINVALID {
			t.Errorf("Search(%+v): got err=%v, want EINVALID", q, err)
		}
	}
}

func TestCatalogueRefreshSchedules(t *testing.T) {
	t.Parallel()
	c := dbtest.New(t).Catalogue()
	once := meetup("tomorrow only", meetups.KindParentEvening, north(1), meetups.Schedule{Kind: meetups.ScheduleOnce,
		Start: now.AddDate(0, 0, 1), End: now.AddDate(0, 0, 1).Add(time.Hour)})
	mustSaveMeetup(t, c, once)
	mustSaveMeetup(t, c, meetup("weekly", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	later := now.AddDate(0, 0, 3)
	n, err := c.RefreshSchedules(t.Context(), later)
	if err != nil || n != 2 {
		t.Fatalf("refresh: got n=%d err=%v, want 2 rows", n, err)
	}
	rs, err := c.Search(t.Context(), meetups.Query{Near: centre, RadiusKm: 5, Limit: 10, Now: later})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Title != "weekly" {
		t.Errorf("after the one-off passed: got %d results, want only the weekly one", len(rs))
	}
	if n, _ := c.RefreshSchedules(t.Context(), later); n != 0 {
		t.Errorf("second refresh: got %d rows, want 0", n)
	}
}

func TestCatalogueReplaceSamples(t *testing.T) {
	t.Parallel()
	c := dbtest.New(t).Catalogue()
	ms := demo.Generate(1, 300, now)
	mustSaveMeetup(t, c, meetup("echt", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10)))
	for i := 0; i < 2; i++ {
		n, err := c.ReplaceSamples(t.Context(), ms, now)
		if err != nil || n != 300 {
			t.Fatalf("run %d: got n=%d err=%v", i, n, err)
		}
	}
	if n, _ := c.CountMeetups(t.Context()); n != 301 {
		t.Errorf("count: got=%d, want 300 samples and the real one", n)
	}
	real := ms[0]
	real.Sample = false
	if _, err := c.ReplaceSamples(t.Context(), []meetups.Meetup{real}, now); meetups.ErrorCode(err) != meetups.EINVALID {
		t.Errorf("non-sample: got err=%v, want EINVALID", err)
	}
	rs, err := c.Search(context.Background(), meetups.Query{Near: centre, RadiusKm: 10, Limit: 10, Now: now})
	if err != nil || len(rs) == 0 {
		t.Fatalf("search in the demo catalogue: %d results, %v", len(rs), err)
	}
}

// TestSearchPrefersTheParentsLanguage: meetups that rank alike (the same
// place, the same hour) come in the parent's language first; with no
// language preferred, or one none of them speaks, in their own order.
func TestSearchPrefersTheParentsLanguage(t *testing.T) {
	t.Parallel()
	c := dbtest.New(t).Catalogue()
	var ids []int64
	for _, langs := range [][]string{{"nl"}, {"nl", "tr"}, {"nl"}, {"ar", "nl"}} {
		m := meetup("Koffieochtend "+strings.Join(langs, "+"), meetups.KindBabyCafe, north(1), weeklyAt("TU", 10))
		m.Languages = langs
		ids = append(ids, mustSaveMeetup(t, c, m))
	}
	order := func(pref string) []int64 {
		t.Helper()
		rs, err := c.Search(t.Context(), meetups.Query{Near: centre, RadiusKm: 5, Limit: 10, Now: now, PreferLanguage: pref})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range rs {
			got = append(got, r.ID)
		}
		return got
	}
	for pref, want := range map[string][]int64{
		"":   ids,
		"pl": ids,
		"ar": {ids[3], ids[0], ids[1], ids[2]},
		"tr": {ids[1], ids[0], ids[2], ids[3]},
		"nl": ids,
	} {
		if got := order(pref); !slices.Equal(got, want) {
			t.Errorf("preferring %q: got %v, want %v", pref, got, want)
		}
	}
}
