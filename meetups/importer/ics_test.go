package importer_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
	"github.com/ouderkring/ouderkring/meetups/importer"
)

// calendar wraps VEVENT bodies (lines separated by |) in a feed.
func calendar(events ...string) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//NL\r\nX-WR-CALNAME:Wijkteam\r\n")
	for _, e := range events {
		b.WriteString("BEGIN:VEVENT\r\n" + strings.ReplaceAll(e, "|", "\r\n") + "\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

func readICS(t *testing.T, text string, opts importer.Options) *importer.File {
	t.Helper()
	f, err := importer.Read("feed.ics", strings.NewReader(text), opts)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if err := f.Locate(t.Context(), newGeocoder()); err != nil {
		t.Fatalf("Locate: %v", err)
	}
	return f
}

const base = "UID:e1|DTSTAMP:20260801T120000Z|SUMMARY:Inloop|GEO:52.09;5.12|CATEGORIES:playgroup"

func TestReadICSTimes(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 9, 1, 10, 0, 0, 0, meetups.Amsterdam)
	for name, times := range map[string]string{
		"TZID":     "DTSTART;TZID=Europe/Amsterdam:20260901T100000|DTEND;TZID=Europe/Amsterdam:20260901T113000",
		"UTC":      "DTSTART:20260901T080000Z|DTEND:20260901T093000Z",
		"Floating": "DTSTART:20260901T100000|DURATION:PT1H30M",
		"Outlook":  `DTSTART;TZID="W. Europe Standard Time":20260901T100000|DTEND;TZID="W. Europe Standard Time":20260901T113000`,
	} {
		f := readICS(t, calendar(base+"|"+times), importer.Options{})
		ms := f.Meetups()
		if len(f.Problems) > 0 || len(ms) != 1 {
			t.Errorf("%s: problems %v", name, f.Problems)
			continue
		}
		s := ms[0].Schedule
		if s.Kind != meetups.ScheduleOnce || !s.Start.Equal(want) || s.End.Sub(s.Start) != 90*time.Minute {
			t.Errorf("%s: schedule %+v, want once from %v for 1h30", name, s, want)
		}
	}
}

func TestReadICSProblems(t *testing.T) {
	t.Parallel()
	dt := "|DTSTART;TZID=Europe/Amsterdam:20260901T100000|DTEND;TZID=Europe/Amsterdam:20260901T113000"
	for _, tc := range []struct{ name, event, prop, reason string }{
		{"AllDay", base + "|DTSTART;VALUE=DATE:20260901|DTEND;VALUE=DATE:20260902", "DTSTART", "an all-day event has no time"},
		{"UnknownZone", base + "|DTSTART;TZID=Mars/Olympus:20260901T100000|DURATION:PT1H", "DTSTART", `TZID "Mars/Olympus" is not a time zone`},
		{"NoEnd", base + "|DTSTART:20260901T100000Z", "DTEND", "needs a DTEND or a DURATION"},
		{"TooLong", base + "|DTSTART:20260901T100000Z|DURATION:P2D", "DTEND", "at most 24 hours"},
		{"RDate", base + dt + "|RRULE:FREQ=WEEKLY|RDATE:20261001T100000Z", "RDATE", "is not supported"},
		{"BadRule", base + dt + "|RRULE:FREQ=WEEKLY;BYHOUR=9", "RRULE", "BYHOUR is not supported"},
		{"NoKind", strings.Replace(base, "|CATEGORIES:playgroup", "|CATEGORIES:Familie", 1) + dt, "CATEGORIES", "give the feed's kind with --kind"},
		{"NoUID", strings.Replace(base, "UID:e1|", "", 1) + dt, "UID", "an event needs a UID"},
		{"NoPlace", strings.Replace(base, "|GEO:52.09;5.12", "", 1) + dt, "LOCATION", "an event needs a LOCATION"},
		{"LocationWithoutTown", strings.Replace(base, "|GEO:52.09;5.12", "|LOCATION:Buurthuis", 1) + dt, "LOCATION", "has no postcode or town"},
		{"UnknownPostcode", strings.Replace(base, "|GEO:52.09;5.12", "|LOCATION:Straat 1\\, 9999 ZZ Nergens", 1) + dt, "LOCATION", `PDOK does not know "9999 ZZ"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := readICS(t, calendar(tc.event), importer.Options{})
			if len(f.Problems) != 1 {
				t.Fatalf("problems = %v, want one", f.Problems)
			}
			p := f.Problems[0]
			if p.Row != 1 || p.Column != tc.prop || !strings.Contains(p.Reason, tc.reason) {
				t.Errorf("problem = %q, want event 1, %s: ...%s...", p, tc.prop, tc.reason)
			}
		})
	}
}

func TestReadICSChoices(t *testing.T) {
	t.Parallel()
	dt := "|DTSTART:20260901T080000Z|DURATION:PT1H"
	text := calendar(
		"UID:a|SUMMARY:Online groep|URL:https://meet.example/a|CATEGORIES:peer_group,Autism"+dt,
		"UID:b|SUMMARY:Geheim|CLASS:PRIVATE|LOCATION:Utrecht"+dt,
		"UID:a|RECURRENCE-ID:20260908T080000Z|SUMMARY:Verzet"+dt,
		"UID:c|SUMMARY:Koffie|LOCATION:Buurthuis\\, Utrecht|ORGANIZER;CN=Buurtvrouwen:mailto:b@example.org"+dt,
	)
	f := readICS(t, text, importer.Options{Kind: meetups.KindBabyCafe, AgeMinMonths: 0, AgeMaxMonths: 24})
	if len(f.Problems) > 0 {
		t.Fatalf("problems: %v", f.Problems)
	}
	if len(f.Skipped) != 2 || f.Rows != 2 {
		t.Errorf("skipped %v of %d events, want the private one and the changed date", f.Skipped, f.Rows)
	}
	ms := f.Meetups()
	a, c := ms[0], ms[1]
	if !a.Online || a.OnlineURL != "https://meet.example/a" || a.Kind != meetups.KindPeerGroup ||
		len(a.Themes) != 1 || a.Themes[0] != meetups.ThemeAutism || a.OrgName != "Wijkteam" {
		t.Errorf("a = %+v, want online peer group on autism by the calendar's name", a)
	}
	if c.Kind != meetups.KindBabyCafe || c.OrgName != "Buurtvrouwen" || c.Venue != "Buurthuis" || c.City != "Utrecht" ||
		c.Point == nil || c.AgeMaxMonths != 24 {
		t.Errorf("c = %+v, want --kind's kind, ORGANIZER's name, geocoded by town", c)
	}
}

func TestReadICSMalformed(t *testing.T) {
	t.Parallel()
	for name, text := range map[string]string{
		"NotACalendar": "external_id,title\n1,x\n",
		"Unbalanced":   "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
		"NotUTF8":      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Caf\xe9\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	} {
		if _, err := importer.ReadICS("feed.ics", []byte(text), importer.Options{}); !importer.IsFileError(err) {
			t.Errorf("%s: err = %v, want a FileError", name, err)
		}
	}
}

// TestICSRoundTrip: what WriteICS writes parses with the iCalendar
// library and ReadICS reads back the same dates and places.
func TestICSRoundTrip(t *testing.T) {
	t.Parallel()
	ms := demo.Generate(9, 300, now)
	var buf bytes.Buffer
	skipped, err := importer.WriteICS(&buf, ms)
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\nBEGIN:DAYLIGHT", "DTSTART;TZID=Europe/Amsterdam:", "EXDATE;TZID=Europe/Amsterdam:", "GEO:5", "RRULE:FREQ="} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("the iCalendar library cannot parse the export: %v", err)
	}
	if n := len(cal.Events()); n+skipped != len(ms) || skipped == 0 {
		t.Errorf("%d events + %d skipped, want %d in all, some ongoing skipped", n, skipped, len(ms))
	}
	f, err := importer.ReadICS("export.ics", buf.Bytes(), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Locate(t.Context(), newGeocoder()); err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) > 0 {
		t.Fatalf("problems reading the export back: %v", f.Problems[:min(5, len(f.Problems))])
	}
	back := map[string]meetups.Meetup{}
	for _, m := range f.Meetups() {
		back[m.ExternalID] = m
	}
	for _, m := range ms {
		if m.Schedule.Kind == meetups.ScheduleOngoing {
			continue
		}
		g, ok := back[m.ExternalID]
		if !ok {
			t.Fatalf("%s missing", m.ExternalID)
		}
		if next, gnext := m.Schedule.Next(now, 20), g.Schedule.Next(now, 20); !sameOccurrences(next, gnext) {
			t.Errorf("%s: occurrences %v, want %v", m.ExternalID, gnext, next)
		}
		if g.Title != m.Title || g.Kind != m.Kind || g.OrgName != m.OrgName || g.Online != m.Online ||
			(m.Point != nil && (g.Point == nil || *g.Point != *m.Point)) || g.Venue != m.Venue || g.Address != m.Address {
			t.Errorf("%s: %+v\nwant %+v", m.ExternalID, g, m)
		}
	}
}

func sameOccurrences(a, b []meetups.Occurrence) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Start.Equal(b[i].Start) || !a[i].End.Equal(b[i].End) {
			return false
		}
	}
	return true
}
