package calendar_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/calendar"
)

// at is a wall-clock time in Amsterdam.
func at(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, meetups.Amsterdam)
}

// stamp is the fixed "now" of the tests, for DTSTAMP.
var stamp = time.Date(2026, 3, 1, 11, 30, 0, 0, time.UTC)

// words are the sentences the dialog would take from its Dutch locale file.
var words = calendar.Words{
	WalkIn: "Je kunt gewoon binnenlopen.",
	SignUp: "Vooraf aanmelden:",
	Phone:  "Bellen:",
	Online: "Online",
}

var opts = calendar.Options{Now: func() time.Time { return stamp }, Words: words}

// weekly is a walk-in baby café every Tuesday at 10:00 from 3 March 2026,
// across the change to summer time on 29 March, with the Tuesday after it
// (31 March) cancelled: the schedule stores the date only.
func weekly() meetups.Meetup {
	return meetups.Meetup{
		ID: 42, OrgID: 7, OrgName: "Buurtgezinnen Utrecht",
		Kind: meetups.KindBabyCafe, Title: "Babycafé De Wieg",
		Description:  "Koffie, thee en andere ouders; neem je baby mee.",
		AgeMinMonths: 0, AgeMaxMonths: 12, Languages: []string{"nl"},
		Venue: "Buurthuis De Wieg", Address: "Kerkstraat 12", Postcode: "3511 AB", City: "Utrecht",
		Point: &meetups.Point{Lat: 52.0907, Lon: 5.1214},
		Schedule: meetups.Schedule{
			Kind: meetups.ScheduleRecurring, Start: at(2026, 3, 3, 10, 0), RRule: "FREQ=WEEKLY;BYDAY=TU",
			Duration: 90 * time.Minute, ExDates: []time.Time{at(2026, 3, 31, 0, 0)},
		},
		Join: meetups.JoinWalkIn, SignupURL: "https://example.nl/de-wieg?bron=bot&taal=nl", SignupPhone: "030 123 4567",
		Status:    meetups.StatusPublished,
		UpdatedAt: time.Date(2026, 2, 20, 9, 15, 0, 0, time.UTC),
	}
}

// monthly is weekly on another rule, from a start the rule may not give.
func monthly(rule string, start time.Time) meetups.Meetup {
	m := weekly()
	m.ID, m.Title, m.Kind = 43, "Ouderavond Samen Sterk", meetups.KindParentEvening
	m.Schedule = meetups.Schedule{Kind: meetups.ScheduleRecurring, Start: start, RRule: rule, Duration: 2 * time.Hour}
	return m
}

// once is a one-off parent evening.
func once() meetups.Meetup {
	m := weekly()
	m.ID, m.Title, m.Kind = 44, "Ouderavond: slapen", meetups.KindParentEvening
	m.Join = meetups.JoinSignUp
	m.Schedule = meetups.Schedule{Kind: meetups.ScheduleOnce, Start: at(2026, 6, 11, 19, 30), End: at(2026, 6, 11, 21, 30)}
	return m
}

func series(t testing.TB, m meetups.Meetup) []byte {
	t.Helper()
	data, err := calendar.Series(m, opts)
	if err != nil {
		t.Fatalf("Series: %v", err)
	}
	return data
}

// parse reads a file back with golang-ical and returns its one event.
func parse(t testing.TB, data []byte) (*ics.Calendar, *ics.VEvent) {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ParseCalendar: %v\n%s", err, data)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("got %d events, want 1\n%s", len(events), data)
	}
	return cal, events[0]
}

// prop is the one property p of c, failing when it is not there.
func prop(t testing.TB, c *ics.ComponentBase, p ics.ComponentProperty) *ics.IANAProperty {
	t.Helper()
	got := c.GetProperties(p)
	if len(got) != 1 {
		t.Fatalf("%s: got %d, want 1", p, len(got))
	}
	return got[0]
}

// calProp is the value of the calendar property p.
func calProp(cal *ics.Calendar, p ics.Property) (string, int) {
	var value string
	n := 0
	for _, cp := range cal.CalendarProperties {
		if cp.IANAToken == string(p) {
			value = cp.Value
			n++
		}
	}
	return value, n
}

func tzidOf(p *ics.IANAProperty) string {
	if v := p.ICalParameters["TZID"]; len(v) == 1 {
		return v[0]
	}
	return ""
}

func TestSeries(t *testing.T) {
	t.Parallel()
	cal, ev := parse(t, series(t, weekly()))

	for p, want := range map[ics.Property]string{
		ics.PropertyVersion:   "2.0",
		ics.PropertyProductId: "-//Ouderkring//NL",
		ics.PropertyCalscale:  "GREGORIAN",
		ics.PropertyMethod:    "PUBLISH",
	} {
		if got, n := calProp(cal, p); got != want || n != 1 {
			t.Errorf("%s = %q (%d times), want %q once", p, got, n, want)
		}
	}

	for p, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertyUniqueId:     "meetup-42@ouderkring",
		ics.ComponentPropertyDtstamp:      "20260301T113000Z",
		ics.ComponentPropertyRrule:        "FREQ=WEEKLY;BYDAY=TU",
		ics.ComponentPropertySummary:      "Babycafé De Wieg",
		ics.ComponentPropertyLocation:     "Buurthuis De Wieg, Kerkstraat 12, 3511 AB Utrecht",
		ics.ComponentPropertyGeo:          "52.0907;5.1214",
		ics.ComponentPropertyUrl:          "https://example.nl/de-wieg?bron=bot&taal=nl",
		ics.ComponentPropertyLastModified: "20260220T091500Z",
		ics.ComponentPropertyDescription: "Koffie, thee en andere ouders; neem je baby mee.\n\n" +
			"Je kunt gewoon binnenlopen.\nhttps://example.nl/de-wieg?bron=bot&taal=nl\nBellen: 030 123 4567",
	} {
		if got := prop(t, &ev.ComponentBase, p).Value; got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	for p, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertyDtStart: "20260303T100000",
		ics.ComponentPropertyDtEnd:   "20260303T113000",
		ics.ComponentPropertyExdate:  "20260331T100000",
	} {
		got := prop(t, &ev.ComponentBase, p)
		if got.Value != want || tzidOf(got) != "Europe/Amsterdam" {
			t.Errorf("%s = %q with TZID %q, want %q with TZID Europe/Amsterdam", p, got.Value, tzidOf(got), want)
		}
	}
	start, err := ev.GetStartAt()
	if err != nil || !start.Equal(weekly().Schedule.Start) {
		t.Errorf("DTSTART read back as %v (%v), want %v", start, err, weekly().Schedule.Start)
	}
}

func TestVTimezone(t *testing.T) {
	t.Parallel()
	cal, _ := parse(t, series(t, weekly()))
	tzs := cal.Timezones()
	if len(tzs) != 1 {
		t.Fatalf("got %d VTIMEZONEs, want 1", len(tzs))
	}
	if got := prop(t, &tzs[0].ComponentBase, ics.ComponentPropertyTzid).Value; got != "Europe/Amsterdam" {
		t.Errorf("TZID = %q", got)
	}
	kinds := map[string]bool{}
	for _, c := range tzs[0].Components {
		var base *ics.ComponentBase
		switch c := c.(type) {
		case *ics.Standard:
			kinds["STANDARD"], base = true, &c.ComponentBase
		case *ics.Daylight:
			kinds["DAYLIGHT"], base = true, &c.ComponentBase
		default:
			t.Fatalf("unexpected component %T in VTIMEZONE", c)
		}
		for _, p := range []ics.ComponentProperty{"TZOFFSETFROM", "TZOFFSETTO", ics.ComponentPropertyDtStart, ics.ComponentPropertyRrule} {
			prop(t, base, p)
		}
	}
	if !kinds["STANDARD"] || !kinds["DAYLIGHT"] {
		t.Errorf("VTIMEZONE has %v, want STANDARD and DAYLIGHT", kinds)
	}
	if i, j := bytes.Index(series(t, weekly()), []byte("BEGIN:VTIMEZONE")), bytes.Index(series(t, weekly()), []byte("BEGIN:VEVENT")); i < 0 || i > j {
		t.Errorf("VTIMEZONE must come before the VEVENT that uses it (at %d, VEVENT at %d)", i, j)
	}
}

func TestStableUID(t *testing.T) {
	t.Parallel()
	later := opts
	later.Now = func() time.Time { return stamp.Add(72 * time.Hour) }
	a, err := calendar.Series(weekly(), opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := calendar.Series(weekly(), later)
	if err != nil {
		t.Fatal(err)
	}
	_, evA := parse(t, a)
	_, evB := parse(t, b)
	if evA.Id() != evB.Id() || evA.Id() != "meetup-42@ouderkring" {
		t.Errorf("UIDs %q and %q, want meetup-42@ouderkring twice", evA.Id(), evB.Id())
	}
	dtA, errA := evA.GetDtStampTime()
	dtB, errB := evB.GetDtStampTime()
	if errA != nil || errB != nil || !dtA.Equal(stamp) || !dtB.Equal(stamp.Add(72*time.Hour)) || dtA.Location() != time.UTC {
		t.Errorf("DTSTAMPs %v, %v (%v, %v), want %v and 72h later, in UTC", dtA, dtB, errA, errB, stamp)
	}
	again, _ := calendar.Series(weekly(), opts)
	if !bytes.Equal(a, again) {
		t.Error("two files with the same clock differ")
	}
}

func TestEvent(t *testing.T) {
	t.Parallel()
	m := weekly()
	// The first occurrence in summer time: 7 April, still at 10:00.
	occ := m.Schedule.Next(at(2026, 4, 1, 0, 0), 1)[0]
	data, err := calendar.Event(m, occ, opts)
	if err != nil {
		t.Fatal(err)
	}
	_, ev := parse(t, data)
	if got := ev.Id(); got != "meetup-42-20260407@ouderkring" {
		t.Errorf("UID = %q, want meetup-42-20260407@ouderkring", got)
	}
	if s := prop(t, &ev.ComponentBase, ics.ComponentPropertyDtStart); s.Value != "20260407T100000" || tzidOf(s) != "Europe/Amsterdam" {
		t.Errorf("DTSTART = %q (TZID %q), want 20260407T100000 in Europe/Amsterdam", s.Value, tzidOf(s))
	}
	if e := prop(t, &ev.ComponentBase, ics.ComponentPropertyDtEnd); e.Value != "20260407T113000" {
		t.Errorf("DTEND = %q, want 20260407T113000", e.Value)
	}
	for _, p := range []ics.ComponentProperty{ics.ComponentPropertyRrule, ics.ComponentPropertyExdate} {
		if ev.HasProperty(p) {
			t.Errorf("a single event has %s", p)
		}
	}
	start, _ := ev.GetStartAt()
	if !start.Equal(occ.Start) || start.Sub(time.Date(2026, 4, 7, 8, 0, 0, 0, time.UTC)) != 0 {
		t.Errorf("DTSTART is %v, want %v (08:00 UTC in summer time)", start, occ.Start)
	}

	// The same occurrence asked for by its start alone; a Wednesday is not one.
	if again, err := calendar.Event(m, meetups.Occurrence{Start: occ.Start}, opts); err != nil || !bytes.Equal(again, data) {
		t.Errorf("Event by start alone: %v, same file %v", err, bytes.Equal(again, data))
	}
}

func TestEventNoOccurrence(t *testing.T) {
	t.Parallel()
	for name, start := range map[string]time.Time{
		"Cancelled":  at(2026, 3, 31, 10, 0),
		"Wednesday":  at(2026, 3, 4, 10, 0),
		"OtherTime":  at(2026, 3, 10, 11, 0),
		"BeforeRule": at(2026, 2, 24, 10, 0),
	} {
		_, err := calendar.Event(weekly(), meetups.Occurrence{Start: start, End: start.Add(90 * time.Minute)}, opts)
		if !errors.Is(err, calendar.ErrNoOccurrence) || meetups.ErrorCode(err) != meetups.EINVALID {
			t.Errorf("%s: err = %v, want ErrNoOccurrence with code invalid", name, err)
		}
	}
}

func TestOnceSeriesIsEvent(t *testing.T) {
	t.Parallel()
	m := once()
	s := series(t, m)
	e, err := calendar.Event(m, m.Schedule.Next(stamp, 1)[0], opts)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s, e) {
		t.Errorf("a one-off's Series and Event differ:\n%s\n---\n%s", s, e)
	}
	_, ev := parse(t, s)
	if ev.Id() != "meetup-44@ouderkring" || ev.HasProperty(ics.ComponentPropertyRrule) {
		t.Errorf("UID %q, RRULE %v; want meetup-44@ouderkring and no rule", ev.Id(), ev.HasProperty(ics.ComponentPropertyRrule))
	}
	if got := prop(t, &ev.ComponentBase, ics.ComponentPropertyDtEnd).Value; got != "20260611T213000" {
		t.Errorf("DTEND = %q, want 20260611T213000", got)
	}
	want := "Koffie, thee en andere ouders; neem je baby mee.\n\nVooraf aanmelden:\n" +
		"https://example.nl/de-wieg?bron=bot&taal=nl\nBellen: 030 123 4567"
	if got := prop(t, &ev.ComponentBase, ics.ComponentPropertyDescription).Value; got != want {
		t.Errorf("DESCRIPTION = %q, want %q", got, want)
	}
}

func TestRefused(t *testing.T) {
	t.Parallel()
	ongoing := weekly()
	ongoing.Schedule = meetups.Schedule{Kind: meetups.ScheduleOngoing}
	if _, err := calendar.Series(ongoing, opts); !errors.Is(err, calendar.ErrOngoing) || meetups.ErrorCode(err) != meetups.EINVALID {
		t.Errorf("Series(ongoing): err = %v, want ErrOngoing", err)
	}
	if _, err := calendar.Event(ongoing, meetups.Occurrence{Start: stamp, End: stamp.Add(time.Hour)}, opts); !errors.Is(err, calendar.ErrOngoing) {
		t.Errorf("Event(ongoing): err = %v, want ErrOngoing", err)
	}

	unsaved := weekly()
	unsaved.ID = 0
	if _, err := calendar.Series(unsaved, opts); !errors.Is(err, calendar.ErrNoID) {
		t.Errorf("Series(no id): err = %v, want ErrNoID", err)
	}

	broken := weekly()
	broken.Schedule.RRule = "FREQ=HOURLY"
	if _, err := calendar.Series(broken, opts); meetups.ErrorCode(err) != meetups.EINVALID {
		t.Errorf("Series(hourly rule): err = %v, want code invalid", err)
	}
}

func TestOnline(t *testing.T) {
	t.Parallel()
	m := weekly()
	m.Online, m.Point, m.Venue, m.Address, m.Postcode, m.City = true, nil, "", "", "", ""
	m.OnlineURL, m.SignupURL, m.SignupPhone = "https://meet.example.nl/ouders", "", ""
	_, ev := parse(t, series(t, m))
	if got := prop(t, &ev.ComponentBase, ics.ComponentPropertyLocation).Value; got != m.OnlineURL {
		t.Errorf("LOCATION = %q, want the link", got)
	}
	if got := prop(t, &ev.ComponentBase, ics.ComponentPropertyUrl).Value; got != m.OnlineURL {
		t.Errorf("URL = %q, want the link", got)
	}
	if ev.HasProperty(ics.ComponentPropertyGeo) {
		t.Error("an online meetup has a GEO")
	}

	m.OnlineURL = "bel ons"
	_, ev = parse(t, series(t, m))
	if got := prop(t, &ev.ComponentBase, ics.ComponentPropertyLocation).Value; got != "Online" {
		t.Errorf("LOCATION without a usable link = %q, want Words.Online", got)
	}
	if ev.HasProperty(ics.ComponentPropertyUrl) {
		t.Error("URL written from text that is no link")
	}
}

func TestWithoutWords(t *testing.T) {
	t.Parallel()
	o := opts
	o.Words = calendar.Words{}
	data, err := calendar.Series(weekly(), o)
	if err != nil {
		t.Fatal(err)
	}
	_, ev := parse(t, data)
	want := "Koffie, thee en andere ouders; neem je baby mee.\n\nhttps://example.nl/de-wieg?bron=bot&taal=nl\n030 123 4567"
	if got := prop(t, &ev.ComponentBase, ics.ComponentPropertyDescription).Value; got != want {
		t.Errorf("DESCRIPTION = %q, want %q", got, want)
	}
}

func TestFileName(t *testing.T) {
	t.Parallel()
	for title, want := range map[string]string{
		"Babycafé De Wieg":                "babycafe-de-wieg.ics",
		"  Ouderavond: slapen & eten!  ":  "ouderavond-slapen-eten.ics",
		"Coëfficiënt ĳsbaan Straße Ærø 👶": "coefficient-ijsbaan-strasse-aero.ics",
		"👶🍼":                               "meetup-42.ics",
		"مقهى الأمهات":                     "meetup-42.ics",
		"../../etc/passwd":                 "etc-passwd.ics",
		strings.Repeat("Lange titel ", 20): "lange-titel-lange-titel-lange-titel-lange-titel-lange-titel.ics",
	} {
		m := weekly()
		m.Title = title
		if got := calendar.FileName(m); got != want {
			t.Errorf("FileName(%q) = %q, want %q", title, got, want)
		}
	}
}

func BenchmarkSeries(b *testing.B) {
	m := weekly()
	m.Description = strings.Repeat("Een ochtend voor ouders met een baby tot één jaar, met koffie. ", 10)
	for d := at(2026, 4, 28, 0, 0); d.Before(at(2026, 9, 1, 0, 0)); d = d.AddDate(0, 0, 7) {
		m.Schedule.ExDates = append(m.Schedule.ExDates, d)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := calendar.Series(m, opts); err != nil {
			b.Fatal(err)
		}
	}
}
