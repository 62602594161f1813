package meetups_test

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/teambition/rrule-go"

	"github.com/ouderkring/ouderkring/meetups"
)

// at is a wall-clock time in Amsterdam.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, meetups.Amsterdam)
}

// wall formats a time as a parent reads it, with the UTC offset so that a
// time in the wrong zone or on the wrong side of a DST change shows.
const wall = "2006-01-02 15:04 -07:00"

// starts formats the occurrences' starts with wall, checking on the way
// that they are in Amsterdam and last d.
func starts(tb testing.TB, occ []meetups.Occurrence, d time.Duration) []string {
	tb.Helper()
	var out []string
	for _, o := range occ {
		if o.Start.Location() != meetups.Amsterdam || o.End.Location() != meetups.Amsterdam {
			tb.Errorf("occurrence %v: got locations %v and %v, want Europe/Amsterdam", o, o.Start.Location(), o.End.Location())
		}
		if got := o.End.Sub(o.Start); got != d {
			tb.Errorf("occurrence at %s: got=%v long, want %v", o.Start.Format(wall), got, d)
		}
		out = append(out, o.Start.Format(wall))
	}
	return out
}

// The schedules the tests share; all dates below were checked against a
// calendar (date -d).
var (
	// tuesdays is a baby café every Tuesday 10:00–11:30 from 6 January 2026.
	tuesdays = meetups.Schedule{
		Kind:     meetups.ScheduleRecurring,
		Start:    at(2026, 1, 6, 10, 0),
		RRule:    "FREQ=WEEKLY;BYDAY=TU",
		Duration: 90 * time.Minute,
	}
	// sundays is a fathers' walk every Sunday 10:00–11:00 from 1 March 2026,
	// across both changes of summer time in 2026.
	sundays = meetups.Schedule{
		Kind:     meetups.ScheduleRecurring,
		Start:    at(2026, 3, 1, 10, 0),
		RRule:    "FREQ=WEEKLY;BYDAY=SU",
		Duration: time.Hour,
	}
	// saturdayMorning is a one-off on Saturday 14 March 2026, 10:00–12:00.
	saturdayMorning = meetups.Schedule{
		Kind:  meetups.ScheduleOnce,
		Start: at(2026, 3, 14, 10, 0),
		End:   at(2026, 3, 14, 12, 0),
	}
	ongoing = meetups.Schedule{Kind: meetups.ScheduleOngoing}
)

// with returns a copy of s changed by change, for table rows.
func with(s meetups.Schedule, change func(*meetups.Schedule)) meetups.Schedule {
	change(&s)
	return s
}

func TestScheduleNext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		s     meetups.Schedule
		after time.Time
		n     int
		want  []string
	}{
		{"WeeklyTuesday", tuesdays, at(2026, 2, 1, 12, 0), 3,
			[]string{"2026-02-03 10:00 +01:00", "2026-02-10 10:00 +01:00", "2026-02-17 10:00 +01:00"}},
		{"BeforeStart", tuesdays, at(2025, 12, 1, 0, 0), 2,
			[]string{"2026-01-06 10:00 +01:00", "2026-01-13 10:00 +01:00"}},
		{"StartNotOnRule", with(tuesdays, func(s *meetups.Schedule) { s.Start = at(2026, 1, 5, 10, 0) }), at(2026, 1, 1, 0, 0), 1,
			[]string{"2026-01-06 10:00 +01:00"}}, // a Monday start is not itself a Tuesday meetup
		{"StartGivenInUTC", with(tuesdays, func(s *meetups.Schedule) { s.Start = s.Start.UTC() }), at(2026, 3, 25, 12, 0), 3,
			[]string{"2026-03-31 10:00 +02:00", "2026-04-07 10:00 +02:00", "2026-04-14 10:00 +02:00"}},
		{"InProgress", tuesdays, at(2026, 2, 3, 11, 0), 2,
			[]string{"2026-02-03 10:00 +01:00", "2026-02-10 10:00 +01:00"}},
		{"JustEnded", tuesdays, at(2026, 2, 3, 11, 30), 2,
			[]string{"2026-02-10 10:00 +01:00", "2026-02-17 10:00 +01:00"}},
		{"Biweekly", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" }), at(2026, 2, 1, 12, 0), 3,
			[]string{"2026-02-03 10:00 +01:00", "2026-02-17 10:00 +01:00", "2026-03-03 10:00 +01:00"}},
		{"BiweeklyThreeYearsOn", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" }), at(2029, 1, 1, 0, 0), 3,
			[]string{"2029-01-02 10:00 +01:00", "2029-01-16 10:00 +01:00", "2029-01-30 10:00 +01:00"}},
		{"MonthlySecondTuesday", meetups.Schedule{Kind: meetups.ScheduleRecurring, Start: at(2026, 1, 13, 19, 30), RRule: "FREQ=MONTHLY;BYDAY=2TU", Duration: 90 * time.Minute}, at(2026, 2, 1, 0, 0), 3,
			[]string{"2026-02-10 19:30 +01:00", "2026-03-10 19:30 +01:00", "2026-04-14 19:30 +02:00"}},
		{"MonthlyLastFriday", meetups.Schedule{Kind: meetups.ScheduleRecurring, Start: at(2026, 1, 30, 15, 0), RRule: "FREQ=MONTHLY;BYDAY=-1FR", Duration: 90 * time.Minute}, at(2026, 2, 1, 0, 0), 4,
			[]string{"2026-02-27 15:00 +01:00", "2026-03-27 15:00 +01:00", "2026-04-24 15:00 +02:00", "2026-05-29 15:00 +02:00"}},
		{"Count", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;BYDAY=TU;COUNT=3" }), at(2026, 1, 1, 0, 0), 5,
			[]string{"2026-01-06 10:00 +01:00", "2026-01-13 10:00 +01:00", "2026-01-20 10:00 +01:00"}},
		{"CountPartlyPast", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;BYDAY=TU;COUNT=3" }), at(2026, 1, 15, 0, 0), 5,
			[]string{"2026-01-20 10:00 +01:00"}},
		{"UntilLocalTime", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120T100000" }), at(2026, 1, 1, 0, 0), 5,
			[]string{"2026-01-06 10:00 +01:00", "2026-01-13 10:00 +01:00", "2026-01-20 10:00 +01:00"}},
		{"UntilDateIsWholeDay", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120" }), at(2026, 1, 1, 0, 0), 5,
			[]string{"2026-01-06 10:00 +01:00", "2026-01-13 10:00 +01:00", "2026-01-20 10:00 +01:00"}},
		{"UntilUTC", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120T085959Z" }), at(2026, 1, 1, 0, 0), 5,
			[]string{"2026-01-06 10:00 +01:00", "2026-01-13 10:00 +01:00"}}, // 20 January 10:00 is 09:00Z
		{"UntilPast", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260301T000000Z" }), at(2026, 6, 1, 0, 0), 3,
			nil},
		{"ExDateMidnight", with(tuesdays, func(s *meetups.Schedule) { s.ExDates = []time.Time{at(2026, 12, 29, 0, 0)} }), at(2026, 12, 20, 0, 0), 3,
			[]string{"2026-12-22 10:00 +01:00", "2027-01-05 10:00 +01:00", "2027-01-12 10:00 +01:00"}},
		{"ExDateMidnightReadAsUTC", with(tuesdays, func(s *meetups.Schedule) { s.ExDates = []time.Time{time.Date(2026, 12, 28, 23, 0, 0, 0, time.UTC)} }), at(2026, 12, 20, 0, 0), 3,
			[]string{"2026-12-22 10:00 +01:00", "2027-01-05 10:00 +01:00", "2027-01-12 10:00 +01:00"}},
		{"ExDateExactStart", with(tuesdays, func(s *meetups.Schedule) { s.ExDates = []time.Time{at(2026, 12, 29, 10, 0)} }), at(2026, 12, 20, 0, 0), 3,
			[]string{"2026-12-22 10:00 +01:00", "2027-01-05 10:00 +01:00", "2027-01-12 10:00 +01:00"}},
		{"ExDateOtherDay", with(tuesdays, func(s *meetups.Schedule) { s.ExDates = []time.Time{at(2026, 12, 30, 0, 0)} }), at(2026, 12, 20, 0, 0), 3,
			[]string{"2026-12-22 10:00 +01:00", "2026-12-29 10:00 +01:00", "2027-01-05 10:00 +01:00"}},
		{"HorizonTwoYears", with(tuesdays, func(s *meetups.Schedule) { s.Start, s.RRule = at(2026, 2, 3, 10, 0), "FREQ=YEARLY" }), at(2026, 1, 1, 0, 0), 5,
			[]string{"2026-02-03 10:00 +01:00", "2027-02-03 10:00 +01:00"}},
		{"OnceFuture", saturdayMorning, at(2026, 3, 1, 0, 0), 3,
			[]string{"2026-03-14 10:00 +01:00"}},
		{"OnceInProgress", saturdayMorning, at(2026, 3, 14, 11, 0), 3,
			[]string{"2026-03-14 10:00 +01:00"}},
		{"OncePast", saturdayMorning, at(2026, 3, 14, 12, 0), 3,
			nil},
		{"Ongoing", ongoing, at(2026, 3, 1, 0, 0), 3,
			nil},
		{"NoneAsked", tuesdays, at(2026, 2, 1, 0, 0), 0,
			nil},
		{"InvalidRule", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=MONTHLY;BYDAY=-6MO" }), at(2026, 2, 1, 0, 0), 3,
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := tc.s.Duration
			if tc.s.Kind == meetups.ScheduleOnce {
				d = tc.s.End.Sub(tc.s.Start)
			}
			got := starts(t, tc.s.Next(tc.after, tc.n), d)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Next(%s, %d):\ngot=%q,\nwant %q", tc.after.Format(wall), tc.n, got, tc.want)
			}
		})
	}
}

// TestScheduleNextDST checks that a weekly 10:00 meetup stays at 10:00 in
// Amsterdam when summer time starts (29 March 2026) and ends (25 October
// 2026), so its instant moves by an hour.
func TestScheduleNextDST(t *testing.T) {
	t.Parallel()
	type when struct{ local, utc string }
	for _, tc := range []struct {
		name  string
		after time.Time
		want  []when
	}{
		{"SummerTimeStarts", at(2026, 3, 20, 0, 0), []when{
			{"2026-03-22 10:00 +01:00", "2026-03-22T09:00:00Z"},
			{"2026-03-29 10:00 +02:00", "2026-03-29T08:00:00Z"},
			{"2026-04-05 10:00 +02:00", "2026-04-05T08:00:00Z"},
		}},
		{"SummerTimeEnds", at(2026, 10, 15, 0, 0), []when{
			{"2026-10-18 10:00 +02:00", "2026-10-18T08:00:00Z"},
			{"2026-10-25 10:00 +01:00", "2026-10-25T09:00:00Z"},
			{"2026-11-01 10:00 +01:00", "2026-11-01T09:00:00Z"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []when
			for _, o := range sundays.Next(tc.after, len(tc.want)) {
				got = append(got, when{o.Start.Format(wall), o.Start.UTC().Format(time.RFC3339)})
				if want := o.Start.Add(time.Hour); !o.End.Equal(want) {
					t.Errorf("occurrence at %s: got end=%s, want %s", o.Start.Format(wall), o.End.Format(wall), want.Format(wall))
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Next(%s):\ngot=%q,\nwant %q", tc.after.Format(wall), got, tc.want)
			}
		})
	}
}

// TestScheduleNextMatchesRRule compares Next, which skips the years since
// DTSTART, with walking the same rule from DTSTART in rrule-go, for many
// rules and moments over six years.
func TestScheduleNextMatchesRRule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rule    string
		start   time.Time
		d       time.Duration
		exdates []time.Time
	}{
		{"FREQ=WEEKLY;BYDAY=TU", at(2023, 5, 16, 10, 0), 90 * time.Minute, nil},
		{"FREQ=WEEKLY;BYDAY=TU", at(2023, 5, 16, 10, 0), 90 * time.Minute, []time.Time{at(2024, 12, 24, 0, 0), time.Date(2024, 12, 30, 23, 0, 0, 0, time.UTC)}},
		{"FREQ=WEEKLY", at(2023, 5, 17, 9, 15), time.Hour, nil},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", at(2023, 5, 18, 19, 30), 2 * time.Hour, nil},
		{"FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,SA", at(2023, 5, 20, 14, 0), 3 * time.Hour, nil},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;BYMONTH=1,2,3,9,10,11,12", at(2023, 5, 17, 15, 0), time.Hour, nil},
		{"FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,WE", at(2023, 5, 21, 10, 0), time.Hour, nil},
		{"FREQ=WEEKLY;BYDAY=SU", at(2023, 5, 21, 23, 0), 3 * time.Hour, nil}, // into Monday, the next week
		{"FREQ=WEEKLY;BYDAY=SU", at(2023, 3, 25, 2, 30), time.Hour, nil},     // 02:30 does not exist on summer-time Sundays
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270601T000000Z", at(2023, 5, 16, 10, 0), time.Hour, nil},
		{"FREQ=WEEKLY;BYDAY=TU;COUNT=100", at(2023, 5, 16, 10, 0), time.Hour, nil},
		{"FREQ=DAILY", at(2023, 5, 17, 9, 15), 30 * time.Minute, nil},
		{"FREQ=DAILY;INTERVAL=3;BYDAY=MO,WE,FR", at(2023, 5, 17, 20, 0), 24 * time.Hour, nil},
		{"FREQ=DAILY;BYMONTH=7,8", at(2023, 5, 17, 11, 0), time.Hour, nil},
		{"FREQ=MONTHLY;BYDAY=2TU", at(2023, 5, 9, 19, 30), 2 * time.Hour, nil},
		{"FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR", at(2023, 5, 26, 15, 0), time.Hour, nil},
		{"FREQ=MONTHLY", at(2024, 1, 31, 10, 0), time.Hour, nil}, // only months with a 31st
		{"FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=-1", at(2023, 5, 17, 10, 0), time.Hour, nil},
		{"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", at(2023, 5, 17, 10, 0), time.Hour, nil},
		{"FREQ=MONTHLY;BYMONTHDAY=1,15", at(2023, 5, 1, 0, 30), time.Hour, nil}, // just after a period starts
		{"FREQ=WEEKLY;BYDAY=MO", at(2023, 5, 15, 0, 15), time.Hour, nil},
		{"FREQ=DAILY;INTERVAL=2", at(2023, 5, 15, 0, 5), time.Hour, nil},
		{"FREQ=DAILY;INTERVAL=2", at(2023, 5, 15, 23, 0), 2 * time.Hour, nil},
		{"FREQ=YEARLY", at(2024, 1, 1, 0, 30), time.Hour, nil},
		{"FREQ=YEARLY", at(2024, 2, 29, 10, 0), time.Hour, nil},
		{"FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", at(2023, 3, 1, 12, 0), time.Hour, nil},
	} {
		t.Run(tc.rule+" from "+tc.start.Format(time.DateTime), func(t *testing.T) {
			t.Parallel()
			nextMatchesRRule(t, tc.rule, tc.start, tc.d, tc.exdates)
		})
	}
}

// nextMatchesRRule compares Next with rrule-go for one rule.
func nextMatchesRRule(t *testing.T, rule string, start time.Time, d time.Duration, exdates []time.Time) {
	t.Helper()
	s := meetups.Schedule{Kind: meetups.ScheduleRecurring, Start: start, RRule: rule, Duration: d, ExDates: exdates}
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate: got err=%v, want nil", err)
	}
	opt, err := rrule.StrToROptionInLocation(rule, meetups.Amsterdam)
	if err != nil {
		t.Fatal(err)
	}
	opt.Dtstart = start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		t.Fatal(err)
	}
	all := r.Between(start, at(2032, 1, 1, 0, 0), true)
	cancelled := func(occ time.Time) bool {
		for _, ex := range exdates {
			if ex.In(meetups.Amsterdam).Format(time.DateOnly) == occ.Format(time.DateOnly) {
				return true
			}
		}
		return false
	}
	// Moments every three days or so, and around sampled starts: just
	// before one, while it runs and as it ends.
	var moments []time.Time
	for after := at(2023, 1, 1, 0, 0); after.Before(at(2029, 1, 1, 0, 0)); after = after.Add(71*time.Hour + 17*time.Minute) {
		moments = append(moments, after)
	}
	for i := 0; i < len(all) && all[i].Before(at(2029, 1, 1, 0, 0)); i += max(1, len(all)/100) {
		moments = append(moments, all[i].Add(-time.Minute), all[i].Add(d/2), all[i].Add(d))
	}
	for _, after := range moments {
		var want []string
		first := sort.Search(len(all), func(i int) bool { return all[i].Add(d).After(after) })
		for _, occ := range all[first:] {
			if len(want) == 3 || occ.After(after.AddDate(2, 0, 0)) {
				break
			}
			if !cancelled(occ) {
				want = append(want, occ.Format(wall))
			}
		}
		if got := starts(t, s.Next(after, 3), d); !slices.Equal(got, want) {
			t.Fatalf("%s from %s: Next(%s, 3):\ngot=%q,\nwant %q", rule, start.Format(wall), after.Format(wall), got, want)
		}
	}
}

func TestScheduleEnded(t *testing.T) {
	t.Parallel()
	until := with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260301T000000Z" })
	for _, tc := range []struct {
		name string
		s    meetups.Schedule
		now  time.Time
		want bool
	}{
		{"RecurringRunning", tuesdays, at(2030, 1, 1, 0, 0), false},
		{"UntilAhead", until, at(2026, 2, 1, 0, 0), false},
		{"UntilPassed", until, at(2026, 6, 1, 0, 0), true},
		{"LastOneInProgress", until, at(2026, 2, 24, 11, 0), false},
		{"LastOneOver", until, at(2026, 2, 24, 11, 30), true},
		{"OnceAhead", saturdayMorning, at(2026, 3, 14, 9, 0), false},
		{"OnceOver", saturdayMorning, at(2026, 3, 14, 12, 0), true},
		{"Ongoing", ongoing, at(2030, 1, 1, 0, 0), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.s.Ended(tc.now); got != tc.want {
				t.Errorf("Ended(%s): got=%v, want %v", tc.now.Format(wall), got, tc.want)
			}
		})
	}
}

func TestScheduleValidate(t *testing.T) {
	t.Parallel()
	rule := func(r string) meetups.Schedule {
		return with(tuesdays, func(s *meetups.Schedule) { s.RRule = r })
	}
	for _, tc := range []struct {
		name string
		s    meetups.Schedule
		want string // in the error message; "" for valid
	}{
		{"OK", tuesdays, ""},
		{"OKOnce", saturdayMorning, ""},
		{"OKOngoing", ongoing, ""},
		{"OKMonthly", rule("FREQ=MONTHLY;BYDAY=2TU"), ""},
		{"OKLastFriday", rule("FREQ=MONTHLY;BYDAY=-1FR"), ""},
		{"OKSetPos", rule("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"), ""},
		{"OKLowerCase", rule("freq=weekly;byday=tu"), ""},
		{"OKRRulePrefix", rule("RRULE:FREQ=WEEKLY;BYDAY=TU"), ""},
		{"OKUntilDate", rule("FREQ=WEEKLY;BYDAY=TU;UNTIL=20260701"), ""},
		{"OKEnded", rule("FREQ=WEEKLY;BYDAY=TU;COUNT=2"), ""},
		{"OKDayLong", with(tuesdays, func(s *meetups.Schedule) { s.Duration = 24 * time.Hour }), ""},
		{"OKLeapDay", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29" }), ""},

		{"ErrOnceNoStart", with(saturdayMorning, func(s *meetups.Schedule) { s.Start = time.Time{} }), "needs a start"},
		{"ErrOnceNoEnd", with(saturdayMorning, func(s *meetups.Schedule) { s.End = time.Time{} }), "needs an end"},
		{"ErrOnceEndBeforeStart", with(saturdayMorning, func(s *meetups.Schedule) { s.End = at(2026, 3, 14, 9, 0) }), "end after it starts"},
		{"ErrOnceEndAtStart", with(saturdayMorning, func(s *meetups.Schedule) { s.End = s.Start }), "end after it starts"},
		{"ErrOnceOverADay", with(saturdayMorning, func(s *meetups.Schedule) { s.End = at(2026, 3, 15, 10, 1) }), "at most 24h"},
		{"ErrOnceWithRRule", with(saturdayMorning, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY" }), "no rrule"},

		{"ErrRecurringNoStart", with(tuesdays, func(s *meetups.Schedule) { s.Start = time.Time{} }), "needs a start"},
		{"ErrRecurringNoRRule", rule(""), "needs an rrule"},
		{"ErrRecurringNoDuration", with(tuesdays, func(s *meetups.Schedule) { s.Duration = 0 }), "positive duration"},
		{"ErrRecurringNegativeDuration", with(tuesdays, func(s *meetups.Schedule) { s.Duration = -time.Hour }), "positive duration"},
		{"ErrRecurringOverADay", with(tuesdays, func(s *meetups.Schedule) { s.Duration = 25 * time.Hour }), "at most 24h"},
		{"ErrUnknownFreq", rule("FREQ=FORTNIGHTLY"), "FORTNIGHTLY"},
		{"ErrNoFreq", rule("BYDAY=TU"), "FREQ"},
		{"ErrNotNameValue", rule("FREQ=WEEKLY;;BYDAY=TU"), "NAME=VALUE"},
		{"ErrUnknownPart", rule("FREQ=WEEKLY;COLOUR=RED"), "unknown part COLOUR"},
		{"ErrTwice", rule("FREQ=WEEKLY;FREQ=DAILY"), "FREQ given twice"},
		{"ErrDTSTARTInRule", rule("FREQ=WEEKLY;DTSTART=20260106T100000"), "DTSTART"},
		{"ErrDTSTARTLine", rule("DTSTART:20260106T100000\nRRULE:FREQ=WEEKLY"), "one line"},
		{"ErrHourly", rule("FREQ=HOURLY"), "more often than daily"},
		{"ErrMinutely", rule("FREQ=MINUTELY"), "more often than daily"},
		{"ErrSecondly", rule("FREQ=SECONDLY"), "more often than daily"},
		{"ErrByHour", rule("FREQ=WEEKLY;BYHOUR=10,14"), "time of day"},
		{"ErrByEaster", rule("FREQ=YEARLY;BYEASTER=400"), "BYEASTER"},
		{"ErrIntervalZero", rule("FREQ=WEEKLY;INTERVAL=0"), "INTERVAL=0"},
		{"ErrEveryOtherYear", rule("FREQ=YEARLY;INTERVAL=2"), "INTERVAL=2"},
		{"ErrCountZero", rule("FREQ=WEEKLY;COUNT=0"), "COUNT=0"},
		{"ErrCountHuge", rule("FREQ=DAILY;COUNT=100000"), "COUNT=100000"},
		{"ErrNthDayWeekly", rule("FREQ=WEEKLY;BYDAY=2TU"), "needs FREQ=MONTHLY"},
		{"ErrSixthMonday", rule("FREQ=MONTHLY;BYDAY=-6MO"), "at most 5"},
		{"ErrMonthDay32", rule("FREQ=MONTHLY;BYMONTHDAY=32"), "BYMONTHDAY=32"},
		{"ErrMonthDay0", rule("FREQ=MONTHLY;BYMONTHDAY=0"), "BYMONTHDAY=0"},
		{"ErrMonth13", rule("FREQ=YEARLY;BYMONTH=13"), "BYMONTH=13"},
		{"ErrSetPos0", rule("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=0"), "BYSETPOS=0"},
		{"ErrWeekOfYear54", rule("FREQ=YEARLY;BYDAY=54MO"), "at most 53"},
		{"ErrFebruary30", rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), "never falls"},
		{"ErrSetPosAlone", rule("FREQ=MONTHLY;BYSETPOS=2"), "BYSETPOS needs"},
		{"ErrNeverOccurs", rule("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=6"), "no date"},
		{"ErrUntilBeforeStart", rule("FREQ=WEEKLY;UNTIL=20251231T000000Z"), "before the start"},

		{"ErrOngoingWithStart", with(ongoing, func(s *meetups.Schedule) { s.Start = at(2026, 1, 6, 10, 0) }), "no start"},
		{"ErrOngoingWithRRule", with(ongoing, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY" }), "no rrule"},
		{"ErrNoKind", with(ongoing, func(s *meetups.Schedule) { s.Kind = "" }), "kind"},
		{"ErrUnknownKind", with(ongoing, func(s *meetups.Schedule) { s.Kind = "sometimes" }), `"sometimes"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.s.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Validate: got err=%v, want nil", err)
			case tc.want == "":
			case err == nil:
				t.Errorf("Validate: got err=nil, want an error about %q", tc.want)
			case meetups.ErrorCode(err) != meetups.EINVALID || !strings.Contains(err.Error(), tc.want):
				t.Errorf("Validate: got err=%v (code %q), want code %q and %q in the message", err, meetups.ErrorCode(err), meetups.EINVALID, tc.want)
			}
		})
	}
}

// TestScheduleRulesTheLibraryMishandles checks that rules rrule-go panics
// on or never stops scanning do no harm outside Validate.
func TestScheduleRulesTheLibraryMishandles(t *testing.T) {
	t.Parallel()
	for _, r := range []string{
		"FREQ=MONTHLY;BYDAY=-6MO", "FREQ=MONTHLY;BYDAY=53MO", "FREQ=YEARLY;BYMONTH=12;BYDAY=53MO",
		"FREQ=YEARLY;BYEASTER=400", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MINUTELY",
	} {
		s := with(tuesdays, func(s *meetups.Schedule) { s.RRule = r })
		start := time.Now()
		if got := s.Next(at(2026, 2, 1, 0, 0), 3); got != nil {
			t.Errorf("%s: Next: got=%v, want nil", r, got)
		}
		if got := s.Slots(at(2026, 2, 1, 0, 0)); got != 0 {
			t.Errorf("%s: Slots: got=%v, want 0", r, got)
		}
		if got := s.Pattern(); got != meetups.PatternOther {
			t.Errorf("%s: Pattern: got=%v, want %v", r, got, meetups.PatternOther)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("%s: got=%v for Next, Slots and Pattern, want much less than a second", r, took)
		}
	}
}

func TestSchedulePattern(t *testing.T) {
	t.Parallel()
	rule := func(r string) meetups.Schedule {
		return with(tuesdays, func(s *meetups.Schedule) { s.RRule = r })
	}
	for _, tc := range []struct {
		name string
		s    meetups.Schedule
		want meetups.Pattern
	}{
		{"Once", saturdayMorning, meetups.PatternOnce},
		{"Ongoing", ongoing, meetups.PatternOngoing},
		{"Weekly", rule("FREQ=WEEKLY;BYDAY=TU"), meetups.PatternWeekly},
		{"WeeklyStartsDay", rule("FREQ=WEEKLY"), meetups.PatternWeekly},
		{"WeeklyIntervalOne", rule("FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;UNTIL=20270101"), meetups.PatternWeekly},
		{"WeeklyLowerCase", rule("freq=weekly;byday=tu"), meetups.PatternWeekly},
		{"Biweekly", rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"), meetups.PatternBiweekly},
		{"TwiceAWeek", rule("FREQ=WEEKLY;BYDAY=TU,TH"), meetups.PatternOther},
		{"EveryThreeWeeks", rule("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU"), meetups.PatternOther},
		{"WeeklyInSchoolMonths", rule("FREQ=WEEKLY;BYDAY=TU;BYMONTH=9,10,11"), meetups.PatternOther},
		{"MonthlySecondTuesday", rule("FREQ=MONTHLY;BYDAY=2TU"), meetups.PatternMonthly},
		{"MonthlyLastFriday", rule("FREQ=MONTHLY;BYDAY=-1FR"), meetups.PatternMonthly},
		{"MonthlyOnThe15th", rule("FREQ=MONTHLY;BYMONTHDAY=15"), meetups.PatternMonthly},
		{"MonthlyStartsDay", rule("FREQ=MONTHLY"), meetups.PatternMonthly},
		{"MonthlySetPos", rule("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"), meetups.PatternMonthly},
		{"MonthlyLastWorkday", rule("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"), meetups.PatternMonthly},
		{"EveryTuesdayByMonth", rule("FREQ=MONTHLY;BYDAY=TU"), meetups.PatternOther},
		{"TwiceAMonth", rule("FREQ=MONTHLY;BYMONTHDAY=1,15"), meetups.PatternOther},
		{"EveryOtherMonth", rule("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"), meetups.PatternOther},
		{"Daily", rule("FREQ=DAILY"), meetups.PatternOther},
		{"Yearly", rule("FREQ=YEARLY"), meetups.PatternOther},
		{"Unparsable", rule("FREQ=SOMETIMES"), meetups.PatternOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.s.Pattern(); got != tc.want {
				t.Errorf("Pattern of %q: got=%v, want %v", tc.s.RRule, got, tc.want)
			}
		})
	}
}

func TestScheduleSlots(t *testing.T) {
	t.Parallel()
	now := at(2026, 3, 1, 0, 0)
	for _, tc := range []struct {
		name string
		s    meetups.Schedule
		want meetups.Slots
	}{
		{"SaturdayMorning", saturdayMorning, meetups.SlotMorning | meetups.SlotWeekend},
		{"WednesdayEvening", meetups.Schedule{Kind: meetups.ScheduleOnce, Start: at(2026, 3, 18, 19, 30), End: at(2026, 3, 18, 21, 30)}, meetups.SlotEvening},
		{"TuesdayMornings", tuesdays, meetups.SlotMorning},
		{"SundayMornings", sundays, meetups.SlotMorning | meetups.SlotWeekend},
		{"TuesdayAndSaturdayAfternoon", with(tuesdays, func(s *meetups.Schedule) { s.Start, s.RRule = at(2026, 1, 6, 14, 0), "FREQ=WEEKLY;BYDAY=TU,SA" }), meetups.SlotAfternoon | meetups.SlotWeekend},
		{"StartGivenInUTC", with(tuesdays, func(s *meetups.Schedule) { s.Start = time.Date(2026, 1, 6, 16, 30, 0, 0, time.UTC) }), meetups.SlotEvening}, // 17:30 in Amsterdam
		{"Ongoing", ongoing, 0},
		{"OncePast", with(saturdayMorning, func(s *meetups.Schedule) { s.Start, s.End = at(2026, 2, 14, 10, 0), at(2026, 2, 14, 12, 0) }), 0},
		{"OnceBeyond90Days", with(saturdayMorning, func(s *meetups.Schedule) { s.Start, s.End = at(2026, 6, 13, 10, 0), at(2026, 6, 13, 12, 0) }), 0},
		{"RuleEnded", with(tuesdays, func(s *meetups.Schedule) { s.RRule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260201" }), 0},
		{"RuleStartsBeyond90Days", with(sundays, func(s *meetups.Schedule) { s.Start = at(2026, 9, 6, 10, 0) }), 0},
		{"SaturdayEveningsUntilApril", with(tuesdays, func(s *meetups.Schedule) {
			s.Start, s.RRule = at(2026, 2, 7, 19, 0), "FREQ=WEEKLY;BYDAY=SA;UNTIL=20260401"
		}), meetups.SlotEvening | meetups.SlotWeekend},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.s.Slots(now); got != tc.want {
				t.Errorf("Slots(%s): got=%04b, want %04b", now.Format(wall), got, tc.want)
			}
		})
	}
}

func TestSlotsOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		t    time.Time
		want meetups.Slots
	}{
		{at(2026, 3, 14, 10, 0), meetups.SlotMorning | meetups.SlotWeekend}, // Saturday
		{at(2026, 3, 18, 19, 30), meetups.SlotEvening},                      // Wednesday
		{at(2026, 3, 18, 11, 59), meetups.SlotMorning},
		{at(2026, 3, 18, 12, 0), meetups.SlotAfternoon},
		{at(2026, 3, 18, 16, 59), meetups.SlotAfternoon},
		{at(2026, 3, 18, 17, 0), meetups.SlotEvening},
		{at(2026, 3, 15, 23, 59), meetups.SlotEvening | meetups.SlotWeekend},                        // Sunday
		{time.Date(2026, 3, 13, 23, 30, 0, 0, time.UTC), meetups.SlotMorning | meetups.SlotWeekend}, // Saturday 00:30 in Amsterdam
		{time.Date(2026, 7, 1, 10, 30, 0, 0, time.UTC), meetups.SlotAfternoon},                      // 12:30 in summer time
	} {
		if got := meetups.SlotsOf(tc.t); got != tc.want {
			t.Errorf("SlotsOf(%s): got=%04b, want %04b", tc.t.Format(wall), got, tc.want)
		}
	}
}

// BenchmarkNext measures finding the next date of a meetup, which every
// search result shown needs. The rules began three years before now; the
// counted one cannot skip those years and shows what skipping saves.
func BenchmarkNext(b *testing.B) {
	now := at(2026, 11, 23, 12, 0)
	for _, bc := range []struct {
		name string
		s    meetups.Schedule
	}{
		{"Weekly", with(tuesdays, func(s *meetups.Schedule) { s.Start = at(2023, 11, 21, 10, 0) })},
		{"WeeklyExDates", with(tuesdays, func(s *meetups.Schedule) {
			s.Start, s.ExDates = at(2023, 11, 21, 10, 0), []time.Time{at(2026, 12, 22, 0, 0), at(2026, 12, 29, 0, 0)}
		})},
		{"MonthlySecondTuesday", with(tuesdays, func(s *meetups.Schedule) { s.Start, s.RRule = at(2023, 11, 14, 19, 30), "FREQ=MONTHLY;BYDAY=2TU" })},
		{"WeeklyCount", with(tuesdays, func(s *meetups.Schedule) {
			s.Start, s.RRule = at(2023, 11, 21, 10, 0), "FREQ=WEEKLY;BYDAY=TU;COUNT=500"
		})},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got := bc.s.Next(now, 1); len(got) != 1 {
					b.Fatalf("Next: got=%v, want one occurrence", got)
				}
			}
		})
	}
}
