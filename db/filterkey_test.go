package db_test

import (
	"slices"
	"testing"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestFilterKeyKnowsEveryKindAndTheme: the search's box numbers kinds and
// themes as migration 007's meetup_filter_key does, and knows all of them.
// A kind or theme added to meetups but not here would make every search
// for it silently find nothing.
func TestFilterKeyKnowsEveryKindAndTheme(t *testing.T) {
	t.Parallel()
	if !sameSet(db.FilterKinds, meetups.Kinds) {
		t.Errorf("filterkey.go's kinds %v are not meetups.Kinds %v", db.FilterKinds, meetups.Kinds)
	}
	if !sameSet(db.FilterThemes, meetups.Themes) {
		t.Errorf("filterkey.go's themes %v are not meetups.Themes %v", db.FilterThemes, meetups.Themes)
	}
	d := dbtest.New(t)
	ctx := t.Context()
	// The database's own numbering, from the function the generated column uses.
	key := func(kind meetups.Kind, themes []string, dim int) int {
		t.Helper()
		n, err := db.QueryInt(ctx, d, `select (meetup_filter_key($1, null, 'ongoing', 0, 12, 0, 0::smallint, coalesce($2::text[], '{}')) -> $3)::int`,
			string(kind), themes, dim+1) // cube's -> counts from 1
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i, k := range db.FilterKinds {
		if got := key(k, nil, db.KeyKind); got != i+1 {
			t.Errorf("kind %s: the database numbers it %d, filterkey.go %d", k, got, i+1)
		}
	}
	for j, th := range db.FilterThemes {
		for l := range db.FilterThemes {
			want := 0
			if l == j {
				want = 1
			}
			if got := key(meetups.KindPeerGroup, []string{string(th)}, db.KeyThemes+l); got != want {
				t.Errorf("theme %s: dimension of %s is %d, want %d", th, db.FilterThemes[l], got, want)
			}
		}
	}
}

func sameSet[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
