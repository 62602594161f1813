package meetups_test

import (
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

func TestWeekOf(t *testing.T) {
	t.Parallel()
	ams := func(y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, meetups.Amsterdam)
	}
	for _, tc := range []struct {
		name string
		at   time.Time
		want time.Time
	}{
		{"Monday", ams(2026, 11, 23, 9, 0), ams(2026, 11, 23, 0, 0)},
		{"MondayMidnight", ams(2026, 11, 23, 0, 0), ams(2026, 11, 23, 0, 0)},
		{"SundayLate", ams(2026, 11, 29, 23, 30), ams(2026, 11, 23, 0, 0)},
		{"NextMondayEarly", ams(2026, 11, 30, 0, 30), ams(2026, 11, 30, 0, 0)},
		// 23:30 UTC on Sunday is already Monday in Amsterdam (winter, +1).
		{"UTCSundayIsAmsterdamMonday", time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC), ams(2026, 11, 30, 0, 0)},
		{"AcrossMonth", ams(2026, 12, 2, 12, 0), ams(2026, 11, 30, 0, 0)},
		{"AcrossYear", ams(2027, 1, 3, 12, 0), ams(2026, 12, 28, 0, 0)},
		{"SummerTimeSunday", ams(2026, 3, 29, 12, 0), ams(2026, 3, 23, 0, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := meetups.WeekOf(tc.at)
			if !got.Equal(tc.want) || got.Weekday() != time.Monday || got.Location() != meetups.Amsterdam {
				t.Errorf("WeekOf(%s): got=%s, want %s", tc.at, got, tc.want)
			}
		})
	}
}

func TestLastWeeks(t *testing.T) {
	t.Parallel()
	// Across the end of summer time (25 October 2026): still Mondays at 00:00.
	got := meetups.LastWeeks(time.Date(2026, 11, 4, 15, 0, 0, 0, meetups.Amsterdam), 3)
	want := []string{"2026-11-02 00:00", "2026-10-26 00:00", "2026-10-19 00:00"}
	if len(got) != len(want) {
		t.Fatalf("LastWeeks: got %d weeks, want %d", len(got), len(want))
	}
	for i := range want {
		if s := got[i].Format("2006-01-02 15:04"); s != want[i] {
			t.Errorf("week %d: got=%s, want %s", i, s, want[i])
		}
	}
	if n := len(meetups.LastWeeks(time.Now(), 0)); n != 0 {
		t.Errorf("LastWeeks(0): got %d weeks, want 0", n)
	}
}

func TestCountEventValid(t *testing.T) {
	t.Parallel()
	for _, e := range meetups.CountEvents {
		if !e.Valid() {
			t.Errorf("%q: got invalid", e)
		}
	}
	if meetups.CountEvent("liked").Valid() {
		t.Error(`"liked": got valid`)
	}
}
