package schoolholidays

import (
	"slices"
	"time"
)

// TermStarts are the days school starts again after each holiday in the
// table, in order: the Monday after the holiday once every region is back
// (regions take the autumn, spring and summer holidays in different weeks;
// asking organisers once, when all schools are back, is the same question
// for all of them).
func TermStarts() []time.Time {
	last := map[[2]string]Date{}
	var keys [][2]string
	for _, r := range Regions {
		for _, p := range table.byRegion[r] {
			k := [2]string{p.SchoolYear, p.Name}
			d, seen := last[k]
			if !seen {
				keys = append(keys, k)
			}
			if !seen || p.Last.Compare(d) > 0 {
				last[k] = p.Last
			}
		}
	}
	starts := make([]time.Time, 0, len(keys))
	for _, k := range keys {
		starts = append(starts, last[k].Start().AddDate(0, 0, 1))
	}
	slices.SortFunc(starts, time.Time.Compare)
	return starts
}

// TermStart is the latest term start at or before t; false before the
// first one the table knows.
func TermStart(t time.Time) (time.Time, bool) {
	var found time.Time
	for _, s := range TermStarts() {
		if s.After(t) {
			break
		}
		found = s
	}
	return found, !found.IsZero()
}
