package schoolholidays

import (
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

func day(y int, m time.Month, d int) Date { return Date{y, m, d} }

// at is a wall-clock time in Amsterdam.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, meetups.Amsterdam)
}

// TestTableWellFormed checks the shape of the whole table, so a typo in a
// new school year is caught before it skips the wrong weeks.
func TestTableWellFormed(t *testing.T) {
	t.Parallel()
	if len(table.years) < 2 {
		t.Fatalf("school years: got=%v, want the current and the next", table.years)
	}
	for _, r := range Regions {
		ps := Holidays(r)
		if got, want := len(ps), 5*len(table.years); got != want {
			t.Errorf("%s: got=%d holidays, want %d (5 per school year)", r, got, want)
		}
		for i, p := range ps {
			if want := names[i%len(names)]; p.Name != want {
				t.Errorf("%s #%d: got=%s, want %s (the order of a school year)", r, i, p.Name, want)
			}
			if want := table.years[i/len(names)]; p.SchoolYear != want {
				t.Errorf("%s %s %s: school year, want %s", r, p.Name, p.SchoolYear, want)
			}
			if p.First.Weekday() != time.Saturday {
				t.Errorf("%s %s %s: first day %s is a %s, want Saturday", r, p.SchoolYear, p.Name, p.First, p.First.Weekday())
			}
			if p.Last.Weekday() != time.Sunday {
				t.Errorf("%s %s %s: last day %s is a %s, want Sunday", r, p.SchoolYear, p.Name, p.Last, p.Last.Weekday())
			}
			days := int(p.Last.Start().Sub(p.First.Start()).Hours()/24+0.5) + 1
			want := map[string][2]int{"zomervakantie": {44, 44}, "kerstvakantie": {16, 16}}[p.Name]
			if want == [2]int{} {
				want = [2]int{9, 9}
			}
			if days < want[0] || days > want[1] {
				t.Errorf("%s %s %s: %d days (%s to %s), want %d", r, p.SchoolYear, p.Name, days, p.First, p.Last, want[0])
			}
			if i > 0 && ps[i-1].Last.Compare(p.First) >= 0 {
				t.Errorf("%s: %s %s overlaps %s", r, p.SchoolYear, p.Name, ps[i-1].Name)
			}
			if p.First.Year < 2026 || p.Last.Year > 2030 {
				t.Errorf("%s %s: dates %s to %s are out of any plausible range", r, p.Name, p.First, p.Last)
			}
		}
	}
	// The national holidays are the same everywhere.
	for i, p := range Holidays(Noord) {
		if p.Name != "kerstvakantie" && p.Name != "meivakantie" {
			continue
		}
		for _, r := range Regions[1:] {
			if q := Holidays(r)[i]; q.First != p.First || q.Last != p.Last {
				t.Errorf("%s %s: %s differs from noord's %s", p.SchoolYear, p.Name, r, p.First)
			}
		}
	}
}

// TestKnownDates pins dates as Rijksoverheid publishes them (see the
// sources at the top of holidays.csv).
func TestKnownDates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		region      Region
		year, name  string
		first, last Date
	}{
		{Noord, "2026-2027", "herfstvakantie", day(2026, 10, 10), day(2026, 10, 18)},
		{Midden, "2026-2027", "herfstvakantie", day(2026, 10, 17), day(2026, 10, 25)},
		{Midden, "2026-2027", "kerstvakantie", day(2026, 12, 19), day(2027, 1, 3)},
		{Zuid, "2026-2027", "voorjaarsvakantie", day(2027, 2, 13), day(2027, 2, 21)},
		{Midden, "2026-2027", "voorjaarsvakantie", day(2027, 2, 20), day(2027, 2, 28)},
		{Noord, "2026-2027", "meivakantie", day(2027, 4, 24), day(2027, 5, 2)},
		{Noord, "2026-2027", "zomervakantie", day(2027, 7, 10), day(2027, 8, 22)},
		{Midden, "2026-2027", "zomervakantie", day(2027, 7, 17), day(2027, 8, 29)},
		{Zuid, "2026-2027", "zomervakantie", day(2027, 7, 24), day(2027, 9, 5)},
		{Zuid, "2027-2028", "herfstvakantie", day(2027, 10, 23), day(2027, 10, 31)},
		{Noord, "2027-2028", "kerstvakantie", day(2027, 12, 25), day(2028, 1, 9)},
		{Noord, "2027-2028", "voorjaarsvakantie", day(2028, 2, 19), day(2028, 2, 27)},
		{Zuid, "2027-2028", "voorjaarsvakantie", day(2028, 2, 26), day(2028, 3, 5)},
		{Midden, "2027-2028", "meivakantie", day(2028, 4, 29), day(2028, 5, 7)},
		{Midden, "2027-2028", "zomervakantie", day(2028, 7, 8), day(2028, 8, 20)},
		{Zuid, "2027-2028", "zomervakantie", day(2028, 7, 22), day(2028, 9, 3)},
	} {
		found := false
		for _, p := range Holidays(tc.region) {
			if p.SchoolYear == tc.year && p.Name == tc.name {
				found = true
				if p.First != tc.first || p.Last != tc.last {
					t.Errorf("%s %s %s: got=%s to %s, want %s to %s", tc.region, tc.year, tc.name, p.First, p.Last, tc.first, tc.last)
				}
			}
		}
		if !found {
			t.Errorf("%s %s %s: not in the table", tc.region, tc.year, tc.name)
		}
	}
}

func TestIn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		region Region
		t      time.Time
		want   string // "" for none
	}{
		{Midden, at(2026, 12, 19, 0, 0), "kerstvakantie"}, // the first day, at midnight
		{Midden, at(2027, 1, 3, 23, 59), "kerstvakantie"}, // the last day, late
		{Midden, at(2027, 1, 4, 0, 0), ""},                // the Monday after
		{Midden, at(2026, 12, 18, 23, 59), ""},            // the Friday before
		{Midden, at(2026, 12, 12, 10, 0), ""},             // the Saturday a week before
		{Noord, at(2026, 10, 12, 10, 0), "herfstvakantie"},
		{Midden, at(2026, 10, 12, 10, 0), ""}, // midden's autumn is a week later
		{Zuid, at(2027, 9, 5, 12, 0), "zomervakantie"},
		{Noord, at(2027, 9, 5, 12, 0), ""},
		// 23:30 UTC on Friday is already Saturday in Amsterdam.
		{Midden, time.Date(2026, 12, 18, 23, 30, 0, 0, time.UTC), "kerstvakantie"},
		{Region("oost"), at(2026, 12, 25, 10, 0), ""},
	} {
		p, ok := In(tc.region, tc.t)
		if ok != (tc.want != "") || p.Name != tc.want {
			t.Errorf("In(%s, %s): got=%q %v, want %q", tc.region, tc.t, p.Name, ok, tc.want)
		}
	}
}

func TestParseRegion(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Region{
		"noord": Noord, "North": Noord, " n ": Noord, "regio Noord": Noord,
		"midden": Midden, "middle": Midden, "M": Midden, "region central": Midden,
		"zuid": Zuid, "south": Zuid, "Z": Zuid, "regio zuid": Zuid,
	} {
		if got, ok := ParseRegion(in); !ok || got != want {
			t.Errorf("ParseRegion(%q): got=%q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "oost", "west", "regio", "nl"} {
		if got, ok := ParseRegion(bad); ok {
			t.Errorf("ParseRegion(%q): got=%q, want refused", bad, got)
		}
	}
}

func TestCovered(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		t    time.Time
		want bool
	}{
		{at(2026, 7, 31, 12, 0), false}, // still 2025-2026
		{at(2026, 8, 1, 0, 0), true},
		{at(2026, 11, 29, 12, 0), true}, // "today" when the table was made
		{at(2028, 7, 31, 23, 0), true},
		{at(2028, 8, 1, 0, 0), false}, // 2028-2029 is not published yet
	} {
		if got := Covered(tc.t); got != tc.want {
			t.Errorf("Covered(%s) (school year %s): got=%v, want %v", tc.t, SchoolYearOf(tc.t), got, tc.want)
		}
	}
	if got, want := End(), at(2028, 9, 4, 0, 0); !got.Equal(want) {
		t.Errorf("End: got=%s, want %s (after zuid's summer of 2028)", got, want)
	}
}

func weekly(rule string, start time.Time) meetups.Schedule {
	return meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: rule, Start: start, Duration: 90 * time.Minute}
}

func TestSkipDates(t *testing.T) {
	t.Parallel()
	from, to := at(2026, 11, 29, 12, 0), End()

	t.Run("InHolidaySkipped", func(t *testing.T) {
		// Tuesdays at 10:00: the two in midden's Christmas holiday go.
		s := weekly("FREQ=WEEKLY;BYDAY=TU", at(2026, 12, 1, 10, 0))
		got := SkipDates(Midden, s, from, at(2027, 1, 31, 0, 0))
		want := []time.Time{at(2026, 12, 22, 10, 0), at(2026, 12, 29, 10, 0)}
		if !equalTimes(got, want) {
			t.Errorf("got=%v, want %v", got, want)
		}
	})
	t.Run("EdgesOfHoliday", func(t *testing.T) {
		// Saturdays: the first day of the holiday is skipped, the Saturday
		// a week before is not; the last Sunday is, the Monday after not.
		sat := weekly("FREQ=WEEKLY;BYDAY=SA", at(2026, 12, 5, 10, 0))
		got := SkipDates(Midden, sat, from, at(2027, 1, 10, 0, 0))
		want := []time.Time{at(2026, 12, 19, 10, 0), at(2026, 12, 26, 10, 0), at(2027, 1, 2, 10, 0)}
		if !equalTimes(got, want) {
			t.Errorf("Saturdays: got=%v, want %v (not 12 December)", got, want)
		}
		fri := weekly("FREQ=WEEKLY;BYDAY=FR", at(2026, 12, 4, 19, 30))
		if got := SkipDates(Midden, fri, from, at(2026, 12, 31, 0, 0)); !equalTimes(got, []time.Time{at(2026, 12, 25, 19, 30)}) {
			t.Errorf("Fridays: got=%v, want only 25 December (18 December is the Friday before)", got)
		}
		mon := weekly("FREQ=WEEKLY;BYDAY=MO", at(2026, 12, 21, 9, 0))
		if got := SkipDates(Midden, mon, from, at(2027, 1, 10, 0, 0)); !equalTimes(got, []time.Time{at(2026, 12, 21, 9, 0), at(2026, 12, 28, 9, 0)}) {
			t.Errorf("Mondays: got=%v, want 21 and 28 December, not 4 January", got)
		}
	})
	t.Run("RegionsDiffer", func(t *testing.T) {
		// Wednesday 14 October 2026 is in noord's autumn holiday only;
		// 21 October in midden's and zuid's.
		s := weekly("FREQ=WEEKLY;BYDAY=WE", at(2026, 9, 2, 15, 0))
		early := at(2026, 9, 1, 0, 0)
		for r, want := range map[Region]time.Time{Noord: at(2026, 10, 14, 15, 0), Midden: at(2026, 10, 21, 15, 0), Zuid: at(2026, 10, 21, 15, 0)} {
			if got := SkipDates(r, s, early, at(2026, 11, 1, 0, 0)); !equalTimes(got, []time.Time{want}) {
				t.Errorf("%s: got=%v, want %v", r, got, want)
			}
		}
	})
	t.Run("WholeSchoolYear", func(t *testing.T) {
		// A weekly Tuesday from 1 September 2026 to 31 August 2027 meets
		// midden's holidays on 20 Oct; 22, 29 Dec; 23 Feb; 27 Apr; 20, 27
		// Jul and 3, 10, 17, 24 Aug: 11 dates. Sunday 29 August is the
		// summer's last day, no Tuesday.
		s := weekly("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270831T235959", at(2026, 9, 1, 10, 0))
		got := SkipDates(Midden, s, at(2026, 8, 1, 0, 0), End())
		if len(got) != 11 {
			t.Errorf("got=%d dates %v, want 11", len(got), got)
		}
		// Over the whole table a weekly Saturday meets every holiday on
		// each Saturday: 2 + 3 + 2 + 2 + 7 a school year.
		sat := weekly("FREQ=WEEKLY;BYDAY=SA", at(2026, 8, 1, 10, 0))
		for _, r := range Regions {
			if n := len(SkipDates(r, sat, at(2026, 8, 1, 0, 0), End())); n != 32 {
				t.Errorf("%s Saturdays: got=%d, want 32", r, n)
			}
		}
	})
	t.Run("Biweekly", func(t *testing.T) {
		// Every other Tuesday from 15 December: 29 December is in the
		// holiday, 22 December is not an occurrence.
		s := weekly("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", at(2026, 12, 15, 10, 0))
		if got := SkipDates(Midden, s, from, at(2027, 1, 31, 0, 0)); !equalTimes(got, []time.Time{at(2026, 12, 29, 10, 0)}) {
			t.Errorf("got=%v, want 29 December", got)
		}
	})
	t.Run("Monthly", func(t *testing.T) {
		// The last Tuesday of the month: 29 December 2026, 23 February
		// 2027 (midden's spring holiday) and 27 April 2027 (May holiday).
		s := weekly("FREQ=MONTHLY;BYDAY=-1TU", at(2026, 11, 24, 19, 30))
		got := SkipDates(Midden, s, from, at(2027, 6, 1, 0, 0))
		want := []time.Time{at(2026, 12, 29, 19, 30), at(2027, 2, 23, 19, 30), at(2027, 4, 27, 19, 30)}
		if !equalTimes(got, want) {
			t.Errorf("got=%v, want %v", got, want)
		}
	})
	t.Run("IgnoresOwnExDates", func(t *testing.T) {
		s := weekly("FREQ=WEEKLY;BYDAY=TU", at(2026, 12, 1, 10, 0))
		s.ExDates = []time.Time{at(2026, 12, 22, 10, 0), at(2026, 12, 8, 10, 0)}
		if got := SkipDates(Midden, s, from, at(2027, 1, 31, 0, 0)); len(got) != 2 {
			t.Errorf("got=%v, want both Christmas Tuesdays whatever ExDates holds", got)
		}
	})
	t.Run("NothingToSkip", func(t *testing.T) {
		once := meetups.Schedule{Kind: meetups.ScheduleOnce, Start: at(2026, 12, 22, 10, 0), End: at(2026, 12, 22, 11, 0)}
		ongoing := meetups.Schedule{Kind: meetups.ScheduleOngoing}
		tue := weekly("FREQ=WEEKLY;BYDAY=TU", at(2026, 12, 1, 10, 0))
		for name, got := range map[string][]time.Time{
			"once":         SkipDates(Midden, once, from, to),
			"ongoing":      SkipDates(Midden, ongoing, from, to),
			"bad region":   SkipDates(Region("oost"), tue, from, to),
			"empty window": SkipDates(Midden, tue, to, from),
			"past table":   SkipDates(Midden, tue, End(), End().AddDate(1, 0, 0)),
		} {
			if len(got) != 0 {
				t.Errorf("%s: got=%v, want none", name, got)
			}
		}
	})
	t.Run("StartsAtFrom", func(t *testing.T) {
		// An occurrence starting exactly at from counts; one that began
		// before it does not.
		s := weekly("FREQ=WEEKLY;BYDAY=TU", at(2026, 12, 1, 10, 0))
		if got := SkipDates(Midden, s, at(2026, 12, 22, 10, 0), at(2026, 12, 23, 0, 0)); len(got) != 1 {
			t.Errorf("from at the start: got=%v, want 22 December", got)
		}
		if got := SkipDates(Midden, s, at(2026, 12, 22, 10, 30), at(2026, 12, 23, 0, 0)); len(got) != 0 {
			t.Errorf("from during it: got=%v, want none", got)
		}
	})
}

func TestParseTableRefuses(t *testing.T) {
	t.Parallel()
	const header = "school_year,holiday,region,first,last\n"
	for name, text := range map[string]string{
		"no header":   "2026-2027,herfstvakantie,noord,2026-10-10,2026-10-18\n",
		"bad region":  header + "2026-2027,herfstvakantie,oost,2026-10-10,2026-10-18\n",
		"bad holiday": header + "2026-2027,paasvakantie,noord,2027-04-03,2027-04-11\n",
		"bad year":    header + "2026/27,herfstvakantie,noord,2026-10-10,2026-10-18\n",
		"bad date":    header + "2026-2027,herfstvakantie,noord,10-10-2026,2026-10-18\n",
		"backwards":   header + "2026-2027,herfstvakantie,noord,2026-10-18,2026-10-10\n",
		"short row":   header + "2026-2027,herfstvakantie,noord,2026-10-10\n",
	} {
		if _, err := parseTable(strings.NewReader(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func equalTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}
