package db_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

// TestSearchMatchesReference checks Search against the ranking written out
// plainly in Go over every published meetup: the same filters, distance
// and score, none of the search's index, filter key or bounds. Every page
// Search returns must pass the filters and score as well, place by place,
// as the best page there is.
func TestSearchMatchesReference(t *testing.T) {
	t.Parallel()
	for _, memory := range []bool{false, true} {
		name := "Database"
		if memory {
			name = "Memory" // db.WithSearchIndex: the same page from memory
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var opts []db.Option
			if memory {
				opts = append(opts, db.WithSearchIndex(time.Hour))
			}
			d := dbtest.New(t, opts...)
			testSearchMatchesReference(t, d, memory)
		})
	}
}

func testSearchMatchesReference(t *testing.T, d *db.DB, memory bool) {
	ctx := t.Context()
	cat := d.Catalogue()
	if _, err := cat.ReplaceSamples(ctx, demo.Generate(7, 4000, now), now); err != nil {
		t.Fatal(err)
	}
	// A share of them for age bands with a gap, as an organiser may tick
	// them (migration 016): the search must not find them for the gap.
	if err := db.Exec(ctx, d, `update meetups set age_min_months = -9, age_max_months = 143,
		age_bands = case when id % 2 = 0 then '{0-1,4-12}'::text[] else '{pregnant,4-12}'::text[] end where id % 6 = 0`); err != nil {
		t.Fatal(err)
	}
	rows, err := db.PublishedRows(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if memory {
		if err := db.LoadSearchIndex(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	qs := referenceQueries()
	pages, empty := 0, 0
	chosen := map[float64]int{}
	for i, q := range qs {
		got, err := cat.Search(ctx, q)
		if err != nil {
			t.Fatalf("query %d: %v", i, err)
		}
		if memory {
			// The same page as the database's, meetup by meetup; two may
			// change places only where their scores tie to rounding.
			fromDB, err := db.SearchDatabase(ctx, cat, q)
			if err != nil {
				t.Fatalf("query %d: %v", i, err)
			}
			if len(fromDB) != len(got) {
				t.Fatalf("query %d %+v: %d results from memory, %d from the database", i, q, len(got), len(fromDB))
			}
			scores := map[int64]float64{}
			for _, s := range referenceAll(rows, referenceRadius(rows, q)) {
				scores[s.id] = s.score
			}
			for j := range got {
				if got[j].ID != fromDB[j].ID && math.Abs(scores[got[j].ID]-scores[fromDB[j].ID]) > 1e-9 {
					t.Fatalf("query %d %+v: place %d is id %d from memory, id %d from the database", i, q, j, got[j].ID, fromDB[j].ID)
				}
				if got[j].RadiusKm != fromDB[j].RadiusKm || math.Abs(got[j].DistanceKm-fromDB[j].DistanceKm) > 1e-9 {
					t.Fatalf("query %d: place %d at %v km of %v km from memory, %v of %v from the database",
						i, j, got[j].DistanceKm, got[j].RadiusKm, fromDB[j].DistanceKm, fromDB[j].RadiusKm)
				}
			}
		}
		if len(q.Widen) > 0 {
			q = referenceRadius(rows, q)
			chosen[q.RadiusKm]++
		}
		for j, r := range got {
			if r.RadiusKm != q.RadiusKm {
				t.Fatalf("query %d %+v: result %d searched %v km, reference %v km", i, q, j, r.RadiusKm, q.RadiusKm)
			}
		}
		want := referenceSearch(rows, q)
		if len(got) != len(want) {
			t.Fatalf("query %d %+v: %d results, reference has %d", i, q, len(got), len(want))
		}
		if len(got) == 0 {
			empty++
			continue
		}
		pages++
		byID := map[int64]SearchScore{}
		for _, s := range referenceAll(rows, q) {
			byID[s.id] = s
		}
		for j, r := range got {
			if j > 0 && q.PreferLanguage != "" && math.Abs(byID[got[j-1].ID].score-byID[r.ID].score) < 1e-9 &&
				!slices.Contains(got[j-1].Languages, q.PreferLanguage) && slices.Contains(r.Languages, q.PreferLanguage) {
				t.Fatalf("query %d %+v: place %d (id %d) is held in %s and ties with place %d (id %d), which is not, yet comes after it",
					i, q, j, r.ID, q.PreferLanguage, j-1, got[j-1].ID)
			}
			s, ok := byID[r.ID]
			if !ok {
				t.Fatalf("query %d %+v: result %d (id %d) does not pass the filters", i, q, j, r.ID)
			}
			if math.Abs(s.score-want[j].score) > 1e-6 {
				t.Fatalf("query %d %+v: place %d scores %.6f (id %d), the best there is %.6f (id %d)",
					i, q, j, s.score, r.ID, want[j].score, want[j].id)
			}
			if math.Abs(r.DistanceKm-s.km) > 1e-6 {
				t.Fatalf("query %d: id %d is %.6f km away, reference says %.6f", i, r.ID, r.DistanceKm, s.km)
			}
		}
	}
	if pages < 200 || empty < 5 {
		t.Fatalf("only %d queries with results and %d without: the queries do not exercise the search", pages, empty)
	}
	if len(chosen) < 5 {
		t.Fatalf("widening chose the radii %v: too few kinds of place to exercise it", chosen)
	}
	if st := d.SearchIndexStats(); memory && (st.Memory != int64(len(qs)) || st.Database != 0) {
		t.Fatalf("%d searches from memory and %d by the database, want all %d from memory", st.Memory, st.Database, len(qs))
	}
}

// referenceQueries are the reference test's searches: the benchmark's,
// varied to reach every filter, order and widening.
func referenceQueries() []meetups.Query {
	qs := benchQueries(400, now)
	for i := range qs {
		switch i % 7 {
		case 1:
			qs[i].Offset = 9 // a later page
		case 2:
			qs[i].When = meetups.SlotMorning | meetups.SlotWeekend // two parts of the week: not a box
		case 3:
			qs[i].Kinds = []meetups.Kind{meetups.KindBabyCafe, meetups.KindVolunteerSupport} // a set with a gap
		case 4:
			qs[i].Language = "en"
		case 5:
			qs[i].IncludeOnline = false
		case 6:
			qs[i].Widen, qs[i].WidenMin = []float64{5, 10, 25}, 3 // as the dialog does
		case 0:
			if i%14 == 0 {
				qs[i].Widen, qs[i].WidenMin, qs[i].IncludeOnline = []float64{1, 2, 3}, 4, false
			}
		}
		switch i % 50 { // kinds and a theme no meetup has, as a forged search might ask
		case 10:
			qs[i].Kinds = []meetups.Kind{"x", "y"}
		case 20:
			qs[i].Kinds = []meetups.Kind{"x", meetups.KindBabyCafe}
		case 30:
			qs[i].Kinds, qs[i].Theme = []meetups.Kind{meetups.KindPeerGroup}, "x"
		}
		if i%3 == 0 { // the parent's language first among equals
			qs[i].PreferLanguage = []string{"en", "ar", "nl"}[i%9/3]
		}
		switch i % 5 { // the orders and "this week", across the cases above
		case 1:
			qs[i].Order = meetups.OrderNearest
		case 2:
			qs[i].Order = meetups.OrderSoonest
		case 3:
			qs[i].Before = qs[i].Now.AddDate(0, 0, 7)
		}
	}
	return qs
}

// referenceRadius is q at the radius Widen chooses: the first with
// WidenMin matches, else the last.
func referenceRadius(rows []db.SearchRow, q meetups.Query) meetups.Query {
	for _, r := range q.Widen {
		q.RadiusKm = r
		if len(referenceAll(rows, q)) >= q.WidenMin {
			break
		}
	}
	q.Widen = nil
	return q
}

// SearchScore is one meetup's distance and score for a query.
type SearchScore struct {
	id        int64
	km, score float64
}

// referenceSearch is the page q asks for, by the reference ranking.
func referenceSearch(rows []db.SearchRow, q meetups.Query) []SearchScore {
	all := referenceAll(rows, q)
	from := min(q.Offset, len(all))
	return all[from:min(from+q.Limit, len(all))]
}

// referenceAll is every meetup passing q's filters, best first.
func referenceAll(rows []db.SearchRow, q meetups.Query) []SearchScore {
	var out []SearchScore
	for _, r := range rows {
		if km, ok := referenceMatch(r, q); ok {
			next := q.Now.Add(7 * 24 * time.Hour) // ongoing programmes count as a week away
			if r.NextStart != nil {
				next = *r.NextStart
			}
			days := min(max(next.Sub(q.Now).Hours()/24, 0), 30)
			out = append(out, SearchScore{id: r.ID, km: km, score: km + q.Order.KmPerDay()*days})
		}
	}
	slices.SortFunc(out, func(a, b SearchScore) int {
		if a.score != b.score {
			if a.score < b.score {
				return -1
			}
			return 1
		}
		return int(a.id - b.id)
	})
	return out
}

// referenceMatch says whether r passes q's filters, and how far away it is
// (online meetups count as 5 km).
func referenceMatch(r db.SearchRow, q meetups.Query) (float64, bool) {
	if r.ScheduleKind != "ongoing" && r.NextStart == nil {
		return 0, false
	}
	if !q.Before.IsZero() && (r.NextStart == nil || !r.NextStart.Before(q.Before)) {
		return 0, false
	}
	m := meetups.Meetup{AgeMinMonths: r.AgeMin, AgeMaxMonths: r.AgeMax}
	for _, b := range r.AgeBands {
		m.AgeBands = append(m.AgeBands, meetups.AgeBand(b))
	}
	if !m.ForAge(q.AgeBand) {
		return 0, false
	}
	if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, meetups.Kind(r.Kind)) {
		return 0, false
	}
	if q.Theme != "" && !slices.Contains(r.Themes, string(q.Theme)) {
		return 0, false
	}
	if q.Language != "" && !slices.Contains(r.Languages, q.Language) {
		return 0, false
	}
	if q.FreeOnly && r.CostCents != 0 {
		return 0, false
	}
	if q.When != 0 && r.ScheduleKind != "ongoing" && int16(q.When)&r.Slots == 0 {
		return 0, false
	}
	if r.Online {
		return 5, q.IncludeOnline
	}
	if r.Lat == nil {
		return 0, false
	}
	km := greatCircleKm(q.Near.Lat, q.Near.Lon, *r.Lat, *r.Lon)
	return km, km <= q.RadiusKm
}

// greatCircleKm is the distance on earthdistance's sphere (radius
// 6378168 m), from the straight line through the earth as it computes it.
func greatCircleKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6378168.0
	xyz := func(lat, lon float64) (float64, float64, float64) {
		la, lo := lat*math.Pi/180, lon*math.Pi/180
		return r * math.Cos(la) * math.Cos(lo), r * math.Cos(la) * math.Sin(lo), r * math.Sin(la)
	}
	x1, y1, z1 := xyz(lat1, lon1)
	x2, y2, z2 := xyz(lat2, lon2)
	chord := math.Sqrt((x1-x2)*(x1-x2) + (y1-y2)*(y1-y2) + (z1-z2)*(z1-z2))
	return 2 * r * math.Asin(min(chord/(2*r), 1)) / 1000
}
