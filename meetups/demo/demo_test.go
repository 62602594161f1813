package demo_test

import (
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

// now is a fixed moment a month before Christmas, so the Christmas break
// falls in the generated schedules.
var now = time.Date(2026, time.November, 23, 9, 15, 0, 0, meetups.Amsterdam)

// nows are moments around the year's edges: Christmas, New Year, the start
// of summer time, the summer holiday.
var nows = []time.Time{
	now,
	time.Date(2026, time.December, 14, 12, 0, 0, 0, meetups.Amsterdam),
	time.Date(2026, time.December, 24, 12, 0, 0, 0, meetups.Amsterdam),
	time.Date(2027, time.January, 2, 8, 0, 0, 0, meetups.Amsterdam),
	time.Date(2027, time.March, 28, 1, 30, 0, 0, meetups.Amsterdam),
	time.Date(2027, time.June, 30, 20, 0, 0, 0, meetups.Amsterdam),
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	const n = 300
	ms := demo.Generate(1, n, now)
	if len(ms) != n {
		t.Fatalf("len: got=%d, want %d", len(ms), n)
	}
	centres := map[string]meetups.Point{}
	for _, town := range demo.Towns {
		centres[town.Name] = town.Centre
	}
	cities := map[string]int{}
	kinds := map[meetups.Kind]int{}
	schedules := map[meetups.ScheduleKind]int{}
	ids := map[string]bool{}
	var free, paid, foreign, online, exdates, weekend, signUp int
	for _, m := range ms {
		if !m.Sample || m.Status != meetups.StatusPublished || m.Source != demo.Source {
			t.Errorf("%s: got sample=%v status=%q source=%q, want sample published %q", m.ExternalID, m.Sample, m.Status, m.Source, demo.Source)
		}
		if ids[m.ExternalID] || !strings.HasPrefix(m.ExternalID, "demo-") {
			t.Errorf("ExternalID %q: duplicate or not demo-<n>", m.ExternalID)
		}
		ids[m.ExternalID] = true
		if err := m.Validate(); err != nil {
			t.Errorf("%s (%s %q): Validate: %v", m.ExternalID, m.Kind, m.Title, err)
		}
		kinds[m.Kind]++
		schedules[m.Schedule.Kind]++
		if m.Point != nil {
			c, ok := centres[m.City]
			if !ok {
				t.Errorf("%s: city %q is not one of Towns", m.ExternalID, m.City)
			} else if d := haversineKm(c, *m.Point); d > 10 {
				t.Errorf("%s: %.1f km from the centre of %s, want ≤ 10", m.ExternalID, d, m.City)
			}
			cities[m.City]++
		} else {
			online++
		}
		if m.Free() {
			free++
		} else {
			paid++
		}
		if !reflect.DeepEqual(m.Languages, []string{"nl"}) {
			foreign++
		}
		if len(m.Schedule.ExDates) > 0 {
			exdates++
		}
		if m.Schedule.Kind != meetups.ScheduleOngoing && m.Schedule.Start.Weekday() == time.Saturday {
			weekend++
		}
		if m.Join == meetups.JoinSignUp {
			signUp++
		}
	}
	if len(cities) < 15 {
		t.Errorf("distinct cities: got=%d, want ≥ 15", len(cities))
	}
	for _, k := range meetups.Kinds {
		if kinds[k] == 0 {
			t.Errorf("kind %s: got none, want some", k)
		}
	}
	for _, k := range []meetups.ScheduleKind{meetups.ScheduleOnce, meetups.ScheduleRecurring, meetups.ScheduleOngoing} {
		if schedules[k] == 0 {
			t.Errorf("schedule kind %s: got none, want some", k)
		}
	}
	for name, got := range map[string]int{"free": free, "paid": paid, "non-nl languages": foreign, "online": online,
		"with exdates": exdates, "on Saturday": weekend, "sign up": signUp} {
		if got == 0 {
			t.Errorf("%s: got none, want some", name)
		}
	}
	if free < paid {
		t.Errorf("free=%d, paid=%d: want mostly free", free, paid)
	}
	t.Logf("kinds %v; schedules %v; %d cities; free %d, paid %d; online %d", kinds, schedules, len(cities), free, paid, online)
}

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	a, b := demo.Generate(42, 300, now), demo.Generate(42, 300, now)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed: got different meetups, want the same")
	}
	if c := demo.Generate(43, 300, now); reflect.DeepEqual(a, c) {
		t.Error("different seeds: got the same meetups, want different")
	}
	// Meetup i depends only on the seed and i, so seeding more later keeps
	// the first ones (idempotent on ExternalID).
	if few := demo.Generate(42, 50, now); !reflect.DeepEqual(few, a[:50]) {
		t.Error("first 50 of 300: got different from Generate(42, 50), want the same")
	}
	if got := demo.Generate(42, 0, now); len(got) != 0 {
		t.Errorf("n=0: got=%d meetups, want none", len(got))
	}
}

// TestGenerateSchedules checks the schedules' shape without Schedule's own
// rules: times fit the kind, DTSTART is an occurrence of its rule, and
// one-offs lie in the coming weeks.
func TestGenerateSchedules(t *testing.T) {
	t.Parallel()
	byDay := map[string]time.Weekday{"MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday, "TH": time.Thursday,
		"FR": time.Friday, "SA": time.Saturday, "SU": time.Sunday}
	rule := regexp.MustCompile(`^FREQ=(WEEKLY|MONTHLY)(;INTERVAL=2)?;BYDAY=((?:-1|[1-4])?[A-Z]{2}(?:,[A-Z]{2})*)(;COUNT=\d+|;UNTIL=\d{8}T\d{6}Z)?$`)
	for i, now := range nows {
		for _, m := range demo.Generate(int64(i), 2000, now) {
			s := m.Schedule
			if s.Kind != meetups.ScheduleOngoing && s.Start.Location() != meetups.Amsterdam {
				t.Errorf("%s: start in %v, want Europe/Amsterdam", m.ExternalID, s.Start.Location())
			}
			switch s.Kind {
			case meetups.ScheduleOnce:
				if !s.End.After(s.Start) || s.Start.Before(now.AddDate(0, 0, 6)) || s.Start.After(now.AddDate(0, 0, 8*7+1)) {
					t.Errorf("%s: once %v–%v, want within 1–8 weeks and ending after it starts", m.ExternalID, s.Start, s.End)
				}
				if md := s.Start.Format("0102"); md >= "1221" || md <= "0103" {
					t.Errorf("%s: once on %v, in the Christmas break", m.ExternalID, s.Start)
				}
			case meetups.ScheduleRecurring:
				sub := rule.FindStringSubmatch(s.RRule)
				if sub == nil {
					t.Errorf("%s: rrule %q has an unexpected shape", m.ExternalID, s.RRule)
					continue
				}
				first := strings.Split(sub[3], ",")[0]
				if wd := byDay[first[len(first)-2:]]; s.Start.Weekday() != wd {
					t.Errorf("%s: DTSTART on %v, rule %q: want DTSTART to be an occurrence", m.ExternalID, s.Start.Weekday(), s.RRule)
				}
				if s.Duration < time.Hour || s.Duration > 3*time.Hour {
					t.Errorf("%s: duration %v, want 1h–3h", m.ExternalID, s.Duration)
				}
				if h := s.Start.Hour(); h < 9 || h > 20 {
					t.Errorf("%s: starts at %d:00, want between 9:00 and 20:00", m.ExternalID, h)
				}
				for _, ex := range s.ExDates {
					if ex.Before(s.Start) || ex.Hour() != s.Start.Hour() || ex.Minute() != s.Start.Minute() || ex.Weekday() != s.Start.Weekday() && !strings.Contains(sub[3], ",") {
						t.Errorf("%s: exdate %v does not look like an occurrence of %q from %v", m.ExternalID, ex, s.RRule, s.Start)
					}
				}
			case meetups.ScheduleOngoing:
				if m.Join != meetups.JoinSignUp || m.Kind != meetups.KindVolunteerSupport {
					t.Errorf("%s: ongoing %s with join %s, want volunteer support with sign up", m.ExternalID, m.Kind, m.Join)
				}
			}
		}
	}
}

// TestGenerateNext checks the schedules against meetups.Schedule itself:
// DTSTART is the first occurrence, every exdate cancels a real occurrence,
// nearly everything has a next date, and the parts of the week vary.
func TestGenerateNext(t *testing.T) {
	t.Parallel()
	for _, now := range nows {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			t.Parallel()
			checkNext(t, now)
		})
	}
}

func checkNext(t *testing.T, now time.Time) {
	t.Helper()
	var slots [16]int
	var ended int
	patterns := map[meetups.Pattern]int{}
	ms := demo.Generate(5, 1000, now)
	for _, m := range ms {
		if err := m.Validate(); err != nil {
			t.Errorf("%s: Validate: %v", m.ExternalID, err)
		}
		s := m.Schedule
		patterns[s.Pattern()]++
		slots[s.Slots(now)]++
		if s.Kind == meetups.ScheduleOngoing {
			continue
		}
		if len(s.Next(now, 1)) == 0 {
			ended++
		}
		if s.Kind != meetups.ScheduleRecurring {
			continue
		}
		bare := s
		bare.ExDates = nil
		if first := bare.Next(s.Start.Add(-time.Second), 1); len(first) != 1 || !first[0].Start.Equal(s.Start) {
			t.Errorf("%s: first occurrence of %q from %v: got %v, want the start", m.ExternalID, s.RRule, s.Start, first)
		}
		for _, ex := range s.ExDates {
			if o := bare.Next(ex.Add(-time.Second), 1); len(o) != 1 || !o[0].Start.Equal(ex) {
				t.Errorf("%s: exdate %v is not an occurrence of %q from %v (next: %v)", m.ExternalID, ex, s.RRule, s.Start, o)
			}
			if o := s.Next(ex.Add(-time.Second), 1); len(o) == 1 && o[0].Start.Equal(ex) {
				t.Errorf("%s: exdate %v still occurs", m.ExternalID, ex)
			}
		}
		if m.Kind == meetups.KindParentCourse {
			if got := len(s.Next(now, 20)); got < 2 || got > 6 {
				t.Errorf("%s course %q: %d sessions left, want 2–6", m.ExternalID, m.Title, got)
			}
		}
	}
	if ended > len(ms)/50 {
		t.Errorf("ended: got=%d of %d, want almost none", ended, len(ms))
	}
	for _, want := range []meetups.Slots{meetups.SlotMorning, meetups.SlotAfternoon, meetups.SlotEvening, meetups.SlotMorning | meetups.SlotWeekend} {
		if slots[want] == 0 {
			t.Errorf("slots %04b: got none, want some", want)
		}
	}
	for _, want := range []meetups.Pattern{meetups.PatternOnce, meetups.PatternWeekly, meetups.PatternBiweekly, meetups.PatternMonthly, meetups.PatternOngoing} {
		if patterns[want] == 0 {
			t.Errorf("pattern %s: got none, want some", want)
		}
	}
	t.Logf("patterns %v; ended %d", patterns, ended)
}

func TestGenerateFits(t *testing.T) {
	t.Parallel()
	for _, m := range demo.Generate(7, 2000, now) {
		switch m.Kind {
		case meetups.KindBabyCafe:
			if m.AgeMinMonths < -3 || m.AgeMaxMonths > 18 || !m.BabiesWelcome {
				t.Errorf("%s baby café %q: ages %d..%d babies %v", m.ExternalID, m.Title, m.AgeMinMonths, m.AgeMaxMonths, m.BabiesWelcome)
			}
		case meetups.KindParentEvening:
			if m.Schedule.Kind != meetups.ScheduleOnce || !m.Free() {
				t.Errorf("%s parent evening %q: schedule %s, cost %d: want once and free", m.ExternalID, m.Title, m.Schedule.Kind, m.CostCents)
			}
		case meetups.KindParentCourse, meetups.KindVolunteerSupport:
			if m.Join != meetups.JoinSignUp || m.SignupURL == "" && m.SignupPhone == "" {
				t.Errorf("%s %s: join %s url %q phone %q: want sign up with a link or phone", m.ExternalID, m.Kind, m.Join, m.SignupURL, m.SignupPhone)
			}
		}
		if m.Online != (m.Point == nil) || m.Online && !strings.HasPrefix(m.OnlineURL, "https://meet.example.org/") {
			t.Errorf("%s: online %v point %v url %q", m.ExternalID, m.Online, m.Point, m.OnlineURL)
		}
		if !m.Online && (!postcode.MatchString(m.Postcode) || m.Address == "" || m.Venue == "" || strings.Contains(m.Venue+m.Title+m.OrgName, "{")) {
			t.Errorf("%s: venue %q address %q postcode %q title %q org %q", m.ExternalID, m.Venue, m.Address, m.Postcode, m.Title, m.OrgName)
		}
		if m.SignupURL != "" && !strings.HasPrefix(m.SignupURL, "https://example.org/") {
			t.Errorf("%s: sign-up link %q, want one on example.org", m.ExternalID, m.SignupURL)
		}
		if !m.ConfirmedAt.Before(now) || m.ConfirmedAt.Before(now.AddDate(0, 0, -41)) {
			t.Errorf("%s: confirmed %v, want days to weeks before now", m.ExternalID, m.ConfirmedAt)
		}
	}
}

var postcode = regexp.MustCompile(`^[1-9][0-9]{3} [A-Z]{2}$`)

func TestTowns(t *testing.T) {
	t.Parallel()
	if len(demo.Towns) < 20 {
		t.Fatalf("towns: got=%d, want ≥ 20", len(demo.Towns))
	}
	seen := map[string]bool{}
	for _, town := range demo.Towns {
		if seen[town.Name] {
			t.Errorf("%s: listed twice", town.Name)
		}
		seen[town.Name] = true
		// The Netherlands' mainland lies within this box.
		if c := town.Centre; c.Lat < 50.75 || c.Lat > 53.5 || c.Lon < 3.35 || c.Lon > 7.25 {
			t.Errorf("%s: centre %v is outside the Netherlands", town.Name, c)
		}
		if town.RadiusKm <= 0 || town.RadiusKm > 6 || town.Population <= 0 {
			t.Errorf("%s: radius %v km, population %d", town.Name, town.RadiusKm, town.Population)
		}
		if !regexp.MustCompile(`^0[1-9][0-9]{1,2}$`).MatchString(town.AreaCode) {
			t.Errorf("%s: area code %q", town.Name, town.AreaCode)
		}
		if len(town.Postcodes) < 3 || len(town.Streets) < 3 || len(town.Districts) < 3 {
			t.Errorf("%s: %d postcodes, %d streets, %d districts: want ≥ 3 each", town.Name, len(town.Postcodes), len(town.Streets), len(town.Districts))
		}
		for _, p := range town.Postcodes {
			if !regexp.MustCompile(`^[1-9][0-9]{3}$`).MatchString(p) {
				t.Errorf("%s: postcode area %q", town.Name, p)
			}
		}
	}
}

func haversineKm(a, b meetups.Point) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// BenchmarkGenerate generates a 100,000-meetup catalogue, the size used to
// benchmark search.
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if ms := demo.Generate(1, 100_000, now); len(ms) != 100_000 {
			b.Fatal(len(ms))
		}
	}
}
