package main

import (
	"math/rand/v2"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

// Choices as the search dialog offers them (dialog/find.go), so the
// benchmark's mix of filters is the one parents can produce.
var (
	ageChoices  = []meetups.AgeBand{meetups.AgePregnant, meetups.AgeBaby, meetups.AgeToddler, meetups.AgeChild, meetups.AgeTeen, ""}
	kindChoices = []string{"any", "meet", "baby", "peer", "vol"}
	whenChoices = []meetups.Slots{meetups.SlotMorning, meetups.SlotAfternoon, meetups.SlotEvening, meetups.SlotWeekend, 0}
)

// Page size as the dialog asks for it: three results shown plus one to
// know whether there is a next page.
const (
	pageLimit  = 4
	pageOffset = 3
)

// radii are the dialog's search radii in km: 5 first, 10 and 25 when it
// widens the search.
var radii = []float64{5, 10, 25}

// jitterKm is how far from a town centre a parent may search from.
const jitterKm = 5.0

// makeQueries returns n searches as parents make them through the dialog:
// from a point within jitterKm of a demo town's centre (towns picked by
// population, as parents are), rounded to about 100 m as the dialog stores
// it; 5 km radius mostly, 10 or 25 km when the dialog widened the search;
// any of the dialog's age, kind, theme and time filters; free-only now and
// then; the first or the second page. The same seed gives the same
// searches.
func makeQueries(seed int64, n int, now time.Time) []meetups.Query {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5ea5c4))
	qs := make([]meetups.Query, n)
	for i := range qs {
		q := meetups.Query{IncludeOnline: true, Limit: pageLimit, Now: now}
		q.Near = demo.ParentPlace(r, jitterKm)
		switch x := r.IntN(100); {
		case x < 75:
			q.RadiusKm = radii[0]
		case x < 92:
			q.RadiusKm = radii[1]
		default:
			q.RadiusKm = radii[2]
		}
		q.AgeBand = ageChoices[r.IntN(len(ageChoices))]
		q.Kinds, q.Theme = kindFilter(r, kindChoices[r.IntN(len(kindChoices))])
		q.When = whenChoices[r.IntN(len(whenChoices))]
		q.FreeOnly = r.IntN(100) < 20
		if r.IntN(100) < 25 {
			q.Offset = pageOffset
		}
		qs[i] = q
	}
	return qs
}

// kindFilter is the dialog's mapping of a kind button to Query.Kinds, and
// for peer groups a theme (or none) picked at random.
func kindFilter(r *rand.Rand, choice string) ([]meetups.Kind, meetups.Theme) {
	switch choice {
	case "meet":
		return []meetups.Kind{meetups.KindParentEvening, meetups.KindBabyCafe, meetups.KindPlaygroup, meetups.KindParentCourse}, ""
	case "baby":
		return []meetups.Kind{meetups.KindBabyCafe}, ""
	case "peer":
		var theme meetups.Theme
		if i := r.IntN(len(meetups.Themes) + 1); i < len(meetups.Themes) {
			theme = meetups.Themes[i]
		}
		return []meetups.Kind{meetups.KindPeerGroup}, theme
	case "vol":
		return []meetups.Kind{meetups.KindVolunteerSupport}, ""
	}
	return nil, ""
}

// typicalQuery is the search whose plan the command prints: a parent in
// the centre of Utrecht with a toddler, any kind, any time, first page.
func typicalQuery(now time.Time) meetups.Query {
	return meetups.Query{Near: meetups.Point{Lat: 52.091, Lon: 5.121}, RadiusKm: 5, AgeBand: meetups.AgeToddler,
		IncludeOnline: true, Limit: pageLimit, Now: now}
}

// shape names which filters q uses: searchSQL writes one statement per
// shape, and the planner may plan each differently.
func shape(q meetups.Query) string {
	s := []byte("-------")
	if q.AgeBand != "" {
		s[0] = 'a'
	}
	if len(q.Kinds) > 0 {
		s[1] = 'k'
	}
	if q.Theme != "" {
		s[2] = 't'
	}
	if q.When != 0 {
		s[3] = 'w'
	}
	if q.FreeOnly {
		s[4] = 'f'
	}
	if q.IncludeOnline {
		s[5] = 'o'
	}
	if q.Language != "" {
		s[6] = 'l'
	}
	return string(s)
}
