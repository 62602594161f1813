package dialog

import (
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

func TestOrganiserParsers(t *testing.T) {
	t.Parallel()
	for in, ok := range map[string]bool{"12-12-2026": true, "1/7/2027": true, "2026-12-12": true, "31-02-2026": false, "12-12-26": false, "morgen": false} {
		if _, got := parseDate(in); got != ok {
			t.Errorf("parseDate(%q): got ok=%v, want %v", in, got, ok)
		}
	}
	for in, want := range map[string][2]int{"10:00-11:30": {600, 690}, "10.00 - 11.30": {600, 690}, "19:30 tot 21:00": {1170, 1260}} {
		s, e, ok := parseTimes(in)
		if !ok || s != want[0] || e != want[1] {
			t.Errorf("parseTimes(%q): got %d %d %v", in, s, e, ok)
		}
	}
	for _, bad := range []string{"11:30-10:00", "25:00-26:00", "10-11", "tien uur"} {
		if _, _, ok := parseTimes(bad); ok {
			t.Errorf("parseTimes(%q): accepted", bad)
		}
	}
	for in, want := range map[string]int{"2,50": 250, "€ 3": 300, "3 euro": 300, "2.5": 250, "0": 0} {
		if got, ok := parseCost(in); !ok || got != want {
			t.Errorf("parseCost(%q): got %d %v, want %d", in, got, ok, want)
		}
	}
	if _, ok := parseCost("gratis?"); ok {
		t.Error("parseCost accepted words")
	}
	if _, ok := parseLink("http://x.nl"); ok {
		t.Error("parseLink accepted http")
	}
	if _, ok := parseLink("https://babycafe.example.org/aanmelden"); !ok {
		t.Error("parseLink refused a good link")
	}
	if _, ok := parsePhone("030-123 45 67"); !ok {
		t.Error("parsePhone refused a Dutch number")
	}
	s, ok := parseOnce("12-12-2026 10:00-11:30")
	if !ok || s.Start.Hour() != 10 || s.End.Sub(s.Start) != 90*time.Minute || s.Validate() != nil {
		t.Errorf("parseOnce: got %+v %v", s, ok)
	}
}

func TestRecurringSchedules(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, meetups.Amsterdam) // a Monday
	for _, tc := range []struct {
		repeat                   string
		nth, weekday, start, end int
		rule                     string
		first                    time.Time
	}{
		{"weekly", 0, 2, 600, 690, "FREQ=WEEKLY;BYDAY=TU", time.Date(2026, 11, 24, 10, 0, 0, 0, meetups.Amsterdam)},
		{"weekly", 0, 1, 480, 540, "FREQ=WEEKLY;BYDAY=MO", time.Date(2026, 11, 30, 8, 0, 0, 0, meetups.Amsterdam)},
		{"biweekly", 0, 3, 600, 660, "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", time.Date(2026, 11, 25, 10, 0, 0, 0, meetups.Amsterdam)},
		{"monthly", 2, 2, 1170, 1290, "FREQ=MONTHLY;BYDAY=2TU", time.Date(2026, 12, 8, 19, 30, 0, 0, meetups.Amsterdam)},
		{"monthly", -1, 5, 1170, 1290, "FREQ=MONTHLY;BYDAY=-1FR", time.Date(2026, 11, 27, 19, 30, 0, 0, meetups.Amsterdam)},
	} {
		s := recurring(tc.repeat, tc.nth, tc.weekday, tc.start, tc.end, now)
		if s.RRule != tc.rule || s.Validate() != nil {
			t.Errorf("%s: rule %q (valid: %v), want %q", tc.repeat, s.RRule, s.Validate(), tc.rule)
			continue
		}
		if next := s.Next(now, 1); len(next) != 1 || !next[0].Start.Equal(tc.first) {
			t.Errorf("%s %s: first %v, want %v", tc.repeat, tc.rule, next, tc.first)
		}
	}
	s := withUntil(recurring("weekly", 0, 2, 600, 690, now), time.Date(2026, 12, 8, 0, 0, 0, 0, meetups.Amsterdam))
	if n := len(s.Next(now, 10)); n != 3 || s.Validate() != nil {
		t.Errorf("until 8 Dec: %d occurrences (want 3), valid %v", n, s.Validate())
	}
}
