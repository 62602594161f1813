package db_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/pdok"
	"github.com/ouderkring/ouderkring/meetups/pdok/pdoktest"
)

// The database is the cache pdok.Cached is wired with in the program.
var _ pdok.Cache = (*db.DB)(nil)

func mustGetPlace(t *testing.T, d *db.DB, query string) (meetups.Place, time.Time, bool) {
	t.Helper()
	p, at, ok, err := d.GetPlace(t.Context(), query)
	if err != nil {
		t.Fatalf("GetPlace(%q): %v", query, err)
	}
	return p, at, ok
}

func mustPutPlace(t *testing.T, d *db.DB, query string, p meetups.Place, at time.Time) {
	t.Helper()
	if err := d.PutPlace(t.Context(), query, p, at); err != nil {
		t.Fatalf("PutPlace(%q): %v", query, err)
	}
}

func TestGeocodeCache(t *testing.T) {
	t.Parallel()
	// Microseconds, as Postgres keeps them; a zone other than the
	// database's, to see the instant survive.
	at := time.Date(2025, 3, 4, 5, 6, 7, 123_456_000, time.FixedZone("CET", 3600))
	utrecht := meetups.Place{Point: meetups.Point{Lat: 52.0907, Lon: 5.1214}, Label: "3512JE Utrecht"}

	t.Run("Miss", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		if p, fetched, ok := mustGetPlace(t, d, "3512JE"); ok || p != (meetups.Place{}) || !fetched.IsZero() {
			t.Errorf("GetPlace of empty cache: got=%+v, %v, %v, want zero, false", p, fetched, ok)
		}
	})

	t.Run("PutThenHit", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		mustPutPlace(t, d, "3512JE", utrecht, at)
		p, fetched, ok := mustGetPlace(t, d, "3512JE")
		if !ok || p != utrecht || !fetched.Equal(at) {
			t.Errorf("GetPlace: got=%+v, %v, %v, want %+v, %v, true", p, fetched, ok, utrecht, at)
		}
		if _, _, ok := mustGetPlace(t, d, "3512"); ok {
			t.Error("GetPlace(3512): got=hit, want miss (keys are exact)")
		}
	})

	t.Run("Overwrite", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		mustPutPlace(t, d, "utrecht", utrecht, at)
		moved := meetups.Place{Point: meetups.Point{Lat: 52.09, Lon: 5.1}, Label: "Utrecht, Utrecht, Utrecht"}
		later := at.Add(91 * 24 * time.Hour)
		mustPutPlace(t, d, "utrecht", moved, later)
		p, fetched, ok := mustGetPlace(t, d, "utrecht")
		if !ok || p != moved || !fetched.Equal(later) {
			t.Errorf("GetPlace after overwrite: got=%+v, %v, %v, want %+v, %v, true", p, fetched, ok, moved, later)
		}
	})

	t.Run("ErrQueryEmpty", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		err := d.PutPlace(t.Context(), "", utrecht, at)
		var dbErr *db.Error
		if !errors.As(err, &dbErr) || dbErr.Code != "23514" {
			t.Errorf("PutPlace(\"\"): got=%v, want a check violation (23514)", err)
		}
	})
}

// TestGeocodeCache_Cached runs the geocoder as the program wires it: a
// pdok.Client behind pdok.Cached with the database as cache.
func TestGeocodeCache_Cached(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	srv := pdoktest.New(t)
	g := pdok.NewCached(pdok.NewClient(pdok.ClientOptions{URL: srv.URL()}), d, 0, nil)

	for _, q := range []string{"3512JE", "3512 je"} {
		p, err := g.Geocode(t.Context(), q)
		if err != nil {
			t.Fatalf("Geocode(%q): %v", q, err)
		}
		if p.Label != "3512JE Utrecht" || p.Point != (meetups.Point{Lat: 52.0907, Lon: 5.1214}) {
			t.Errorf("Geocode(%q): got=%+v", q, p)
		}
	}
	if got := srv.Requests(); got != 1 {
		t.Errorf("requests to PDOK: got=%d, want 1", got)
	}
	if _, _, ok := mustGetPlace(t, d, "3512JE"); !ok {
		t.Error("cache row 3512JE: got=missing, want stored")
	}
}
