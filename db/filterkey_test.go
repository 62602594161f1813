package db_test

import (
	"slices"
	"testing"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestFilterKeyKnowsEveryKindAndTheme: the search's box numbers kinds and
// themes as migrations 007 and 016's meetup_filter_key does, and knows all of them.
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
		n, err := db.QueryInt(ctx, d, `select (meetup_filter_key($1, null, 'ongoing', 0, 12, 0, 0::smallint, coalesce($2::text[], '{}'), '{}') -> $3)::int`,
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

// TestFilterKeyAgeBandsAreForAge: the key's band dimensions (migration 016)
// say what meetups.ForAge says, for ranges typed in months and for bands
// an organiser ticked with a gap between them. The search asks the key, the
// fakes and the reference search ask ForAge: they must agree.
func TestFilterKeyAgeBandsAreForAge(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := t.Context()
	cases := []meetups.Meetup{
		{AgeMinMonths: -9, AgeMaxMonths: -1},
		{AgeMinMonths: 0, AgeMaxMonths: 11},
		{AgeMinMonths: 6, AgeMaxMonths: 35},
		{AgeMinMonths: 11, AgeMaxMonths: 12},
		{AgeMinMonths: 47, AgeMaxMonths: 48},
		{AgeMinMonths: 143, AgeMaxMonths: 216},
		{AgeMinMonths: -9, AgeMaxMonths: 216},
		{AgeMinMonths: 0, AgeMaxMonths: 143, AgeBands: []meetups.AgeBand{meetups.AgeBaby, meetups.AgeChild}},
		{AgeMinMonths: -9, AgeMaxMonths: 143, AgeBands: []meetups.AgeBand{meetups.AgePregnant, meetups.AgeChild}},
		{AgeMinMonths: -9, AgeMaxMonths: 216, AgeBands: []meetups.AgeBand{meetups.AgePregnant, meetups.AgeTeen}},
	}
	for _, m := range cases {
		bands := make([]string, len(m.AgeBands))
		for i, b := range m.AgeBands {
			bands[i] = string(b)
		}
		for i, b := range meetups.AgeBands {
			got, err := db.QueryInt(ctx, d, `select (meetup_filter_key('peer_group', null, 'ongoing', $1, $2, 0, 0::smallint, '{}', $3::text[]) -> $4)::int`,
				m.AgeMinMonths, m.AgeMaxMonths, bands, db.KeyBands+i+1)
			if err != nil {
				t.Fatal(err)
			}
			if want := m.ForAge(b); (got == 1) != want {
				t.Errorf("ages %d..%d bands %v: the key says %d for %s, ForAge %v", m.AgeMinMonths, m.AgeMaxMonths, m.AgeBands, got, b, want)
			}
		}
	}
}
