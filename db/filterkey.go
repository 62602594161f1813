package db

import (
	"slices"

	"github.com/ouderkring/ouderkring/meetups"
)

// The search's filters as a box in the 24 dimensions of meetups.filter_key
// (migrations 007 and 016 say which dimension is which; the orders below are the
// migration's). A meetup passes every filter the box encodes when its key
// lies in the box, which the GiST index tests without reading the row.
// Filters a box cannot say exactly (a set of kinds with a gap, two parts
// of the week at once, a language) stay plain conditions in the query; the
// box then only narrows.

// filterKinds numbers the kinds as meetup_filter_key does (from 1), the
// kinds the dialog groups together ("meet other parents") side by side.
var filterKinds = []meetups.Kind{meetups.KindParentEvening, meetups.KindBabyCafe, meetups.KindPlaygroup,
	meetups.KindParentCourse, meetups.KindPeerGroup, meetups.KindVolunteerSupport}

// filterThemes is the order of the theme dimensions.
var filterThemes = []meetups.Theme{meetups.ThemeSingleParents, meetups.ThemeAutism, meetups.ThemeADHD,
	meetups.ThemePremature, meetups.ThemeMultiples, meetups.ThemeDisability, meetups.ThemeNewcomers,
	meetups.ThemeFathers, meetups.ThemeYoungParents, meetups.ThemeBereavement}

// filterSlots is the order of the part-of-the-week dimensions.
var filterSlots = []meetups.Slots{meetups.SlotMorning, meetups.SlotAfternoon, meetups.SlotEvening, meetups.SlotWeekend}

const (
	keyDims     = keyBands + 5
	keyNext     = 0
	keyKind     = 1
	keyAgeMin   = 2
	keyAgeMax   = 3
	keyCost     = 4
	keySlots    = 5
	keyThemes   = keySlots + 4
	keyBands    = keyThemes + 10 // one per meetups.AgeBands, in that order
	keyEndless  = 1e9            // beyond any value a key holds
	keyNoneLeft = 100000         // the next-start day of a schedule with nothing left
)

// boxExact says which of a query's filters its box says exactly; the
// others the search also writes out as conditions.
type boxExact struct{ kinds, theme, when bool }

// filterBox returns the lower and upper corners of the box of q's
// filters, and which filters it says exactly. The next-start dimension
// is left open below keyNoneLeft; the search narrows it with its bound.
// Age, free only and "has a date to come" it always says exactly.
func filterBox(q meetups.Query) (lo, hi []float64, exact boxExact) {
	lo, hi = make([]float64, keyDims), make([]float64, keyDims)
	for i := range lo {
		lo[i], hi[i] = -keyEndless, keyEndless
	}
	hi[keyNext] = keyNoneLeft - 1
	exact.kinds = true
	if len(q.Kinds) > 0 {
		lo[keyKind], hi[keyKind] = keyEndless, -keyEndless
		codes := map[float64]bool{}
		for _, k := range q.Kinds {
			code := float64(slices.Index(filterKinds, k) + 1)
			lo[keyKind], hi[keyKind] = min(lo[keyKind], code), max(hi[keyKind], code)
			codes[code] = true
		}
		// Exact when the kinds are known and side by side, as the
		// dialog's groups are.
		exact.kinds = !codes[0] && len(codes) == int(hi[keyKind]-lo[keyKind])+1
	}
	if from, to, ok := q.AgeBand.Months(); ok {
		hi[keyAgeMin] = float64(to)                                // it starts no later than the band ends
		lo[keyAgeMax] = float64(from)                              // and ends no earlier than it starts
		lo[keyBands+slices.Index(meetups.AgeBands, q.AgeBand)] = 1 // and is for the band (meetups.ForAge)
	}
	if q.FreeOnly {
		lo[keyCost], hi[keyCost] = 0, 0
	}
	exact.when = q.When == 0
	if i := slices.Index(filterSlots, q.When); i >= 0 {
		lo[keySlots+i], exact.when = 1, true
	}
	exact.theme = q.Theme == ""
	if i := slices.Index(filterThemes, q.Theme); i >= 0 {
		lo[keyThemes+i], exact.theme = 1, true
	}
	return lo, hi, exact
}
