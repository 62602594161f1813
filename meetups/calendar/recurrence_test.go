package calendar_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apognu/gocal"
	ics "github.com/arran4/golang-ical"
	"github.com/teambition/rrule-go"

	"github.com/ouderkring/ouderkring/meetups"
)

// starts are the start times of occs, for comparing and printing.
func starts(occs []meetups.Occurrence) []string {
	out := make([]string, len(occs))
	for i, o := range occs {
		out[i] = o.Start.In(meetups.Amsterdam).Format("2006-01-02 15:04 MST") + " – " +
			o.End.In(meetups.Amsterdam).Format("15:04")
	}
	return out
}

// gocalOccurrences expands the file's event with gocal, a parser that
// shares no code with golang-ical or rrule-go, between from and to.
func gocalOccurrences(t *testing.T, data []byte, from, to time.Time) []meetups.Occurrence {
	t.Helper()
	p := gocal.NewParser(bytes.NewReader(data))
	p.Start, p.End = &from, &to
	if err := p.Parse(); err != nil {
		t.Fatalf("gocal: %v", err)
	}
	var out []meetups.Occurrence
	for _, e := range p.Events {
		if e.Uid != "" {
			out = append(out, meetups.Occurrence{Start: *e.Start, End: *e.End})
		}
	}
	slices.SortFunc(out, func(a, b meetups.Occurrence) int { return a.Start.Compare(b.Start) })
	return out
}

// TestGocalExpandsLikeNext checks that another iCalendar implementation,
// reading the file as a calendar app does, finds the same dates as the
// catalogue: across both changes of summer time, with the cancelled dates
// skipped. gocal only expands simple weekly rules correctly (it has no
// numbered BYDAY, and compares UNTIL as text), so monthly rules are
// checked with rrule-go below.
func TestGocalExpandsLikeNext(t *testing.T) {
	t.Parallel()
	biweekly := monthly("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=8", at(2026, 9, 3, 19, 30))
	w := weekly()
	w.Schedule.ExDates = append(w.Schedule.ExDates, at(2026, 10, 27, 0, 0), at(2026, 7, 14, 15, 0))
	for name, m := range map[string]meetups.Meetup{"Weekly": w, "Biweekly": biweekly} {
		from, to := at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0)
		var want []meetups.Occurrence
		for _, o := range m.Schedule.Next(from, 100) {
			if o.Start.Before(to) {
				want = append(want, o)
			}
		}
		got := gocalOccurrences(t, series(t, m), from, to)
		if !slices.Equal(starts(got), starts(want)) || len(want) < 8 {
			t.Errorf("%s: gocal expands\n%s\nwant (Schedule.Next)\n%s", name, strings.Join(starts(got), "\n"), strings.Join(starts(want), "\n"))
		}
	}
}

// recurrenceLines are the event's DTSTART, RRULE and EXDATE lines,
// unfolded, as rrule-go reads a recurrence set.
func recurrenceLines(t *testing.T, data []byte) []string {
	t.Helper()
	var out []string
	inEvent := false
	for _, l := range unfold(t, data) {
		switch {
		case l == "BEGIN:VEVENT":
			inEvent = true
		case !inEvent:
		case strings.HasPrefix(l, "DTSTART"), strings.HasPrefix(l, "RRULE"), strings.HasPrefix(l, "EXDATE"):
			out = append(out, l)
		}
	}
	return out
}

// TestRulesRoundTrip reads the file's DTSTART, RRULE and EXDATE back as
// RFC 5545 text (the TZID, UNTIL in UTC, each EXDATE's exact time) and
// expands them: the dates must be the catalogue's for two years. DTSTART
// must be the first date of the rule, as RFC 5545 counts it one even when
// the rule does not give it.
func TestRulesRoundTrip(t *testing.T) {
	t.Parallel()
	cases := map[string]meetups.Meetup{
		"Weekly": weekly(),
		// From a Monday: the series must start on the first 2nd Tuesday.
		"SecondTuesday": monthly("FREQ=MONTHLY;BYDAY=2TU", at(2026, 3, 2, 19, 30)),
		// Until a date: the whole of that day, written as UTC.
		"LastFriday":  monthly("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270625", at(2026, 1, 30, 9, 30)),
		"LastWeekday": monthly("freq=monthly;byday=MO,TU,WE,TH,FR;bysetpos=-1;until=20270129T200000", at(2026, 2, 1, 20, 0)),
		"Counted":     monthly("FREQ=WEEKLY;BYDAY=SA;COUNT=10", at(2026, 10, 3, 10, 0)),
		"Yearly":      monthly("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1", at(2026, 5, 1, 14, 0)),
	}
	for name, ex := range map[string][]time.Time{
		"SecondTuesday": {at(2026, 7, 14, 0, 0), at(2026, 3, 2, 0, 0)}, // the second is before the first date
		"LastFriday":    {at(2026, 12, 25, 12, 0)},                     // any time of the day names the date
		"Counted":       {at(2026, 10, 31, 0, 0)},                      // COUNT counts it all the same
	} {
		m := cases[name]
		m.Schedule.ExDates = ex
		cases[name] = m
	}

	for name, m := range cases {
		data := series(t, m)
		lines := recurrenceLines(t, data)
		set, err := rrule.StrSliceToRRuleSetInLoc(lines, time.UTC)
		if err != nil {
			t.Errorf("%s: rrule-go cannot read %q: %v", name, lines, err)
			continue
		}
		from := m.Schedule.Start.Add(-time.Second)
		to := from.AddDate(2, 0, 0)
		want := m.Schedule.Next(from, 1000)
		var got []meetups.Occurrence
		for _, s := range set.Between(from, to, true) {
			got = append(got, meetups.Occurrence{Start: s, End: s.Add(m.Schedule.Duration)})
		}
		if !slices.Equal(starts(got), starts(want)) || len(want) < 2 {
			t.Errorf("%s: %q expands to\n%s\nwant (Schedule.Next)\n%s", name, lines,
				strings.Join(starts(got), "\n"), strings.Join(starts(want), "\n"))
		}

		first := m.Schedule
		first.ExDates = nil
		if dtstart := set.GetDTStart(); !dtstart.Equal(first.Next(from, 1)[0].Start) {
			t.Errorf("%s: DTSTART %v is not the rule's first date %v", name, dtstart, first.Next(from, 1)[0].Start)
		}
		rule := lines[1]
		if i := strings.Index(rule, "UNTIL="); i >= 0 && !strings.HasSuffix(strings.SplitN(rule[i:], ";", 2)[0], "Z") {
			t.Errorf("%s: UNTIL not in UTC: %s", name, rule)
		}
	}
}

func TestRuleWritten(t *testing.T) {
	t.Parallel()
	for rule, want := range map[string]string{
		"FREQ=WEEKLY;BYDAY=TU":                                 "FREQ=WEEKLY;BYDAY=TU",
		"FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630":                  "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T215959Z", // summer: +02:00
		"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231":                  "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T225959Z", // winter: +01:00
		"freq=weekly;until=20261229T100000;byday=tu":           "FREQ=WEEKLY;UNTIL=20261229T090000Z;BYDAY=TU",
		"RRULE:BYDAY=TU;FREQ=WEEKLY;UNTIL=20261229T090000Z":    "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261229T090000Z",
		"FREQ=MONTHLY;BYDAY=2TU;COUNT=5":                       "FREQ=MONTHLY;BYDAY=2TU;COUNT=5",
		"FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=1;WKST=MO;BYMONTH=9": "FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=1;WKST=MO;BYMONTH=9",
	} {
		m := weekly()
		m.Schedule.RRule = rule
		_, ev := parse(t, series(t, m))
		if got := prop(t, &ev.ComponentBase, ics.ComponentPropertyRrule).Value; got != want {
			t.Errorf("RRULE for %q = %q, want %q", rule, got, want)
		}
	}
}

// TestVTimezoneMatchesGo expands the VTIMEZONE's two rules as a calendar
// does and checks each change against Go's time zone database, 2020–2040.
func TestVTimezoneMatchesGo(t *testing.T) {
	t.Parallel()
	cal, _ := parse(t, series(t, weekly()))
	changes := 0
	for _, c := range cal.Timezones()[0].Components {
		var base *ics.ComponentBase
		switch c := c.(type) {
		case *ics.Standard:
			base = &c.ComponentBase
		case *ics.Daylight:
			base = &c.ComponentBase
		}
		from := offset(t, prop(t, base, "TZOFFSETFROM").Value)
		to := offset(t, prop(t, base, "TZOFFSETTO").Value)
		// DTSTART is local time before the change, so in the zone it leaves.
		start, err := time.ParseInLocation("20060102T150405", prop(t, base, ics.ComponentPropertyDtStart).Value, time.FixedZone("from", from))
		if err != nil {
			t.Fatal(err)
		}
		opt, err := rrule.StrToROption(prop(t, base, ics.ComponentPropertyRrule).Value)
		if err != nil {
			t.Fatal(err)
		}
		opt.Dtstart = start
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range r.Between(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2041, 1, 1, 0, 0, 0, 0, time.UTC), true) {
			_, before := at.Add(-time.Second).In(meetups.Amsterdam).Zone()
			_, after := at.In(meetups.Amsterdam).Zone()
			if before != from || after != to {
				t.Errorf("change at %v: Go has %+d → %+d, the VTIMEZONE %+d → %+d", at.UTC(), before, after, from, to)
			}
			changes++
		}
	}
	if changes != 42 {
		t.Errorf("checked %d changes, want 42 (two a year for 21 years)", changes)
	}
}

// offset reads a UTC offset (+0200) in seconds.
func offset(t *testing.T, s string) int {
	t.Helper()
	z, err := time.Parse("-0700", s)
	if err != nil {
		t.Fatalf("offset %q: %v", s, err)
	}
	_, off := z.Zone()
	return off
}
