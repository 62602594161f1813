package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
	"github.com/ouderkring/ouderkring/meetups/importer"
)

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, meetups.Amsterdam)

// geocoder is a fake meetups.Geocoder that counts what it is asked.
type geocoder struct {
	places map[string]meetups.Point
	down   bool
	asked  []string
}

func (g *geocoder) Geocode(_ context.Context, q string) (meetups.Place, error) {
	g.asked = append(g.asked, q)
	switch p, ok := g.places[strings.ToUpper(strings.ReplaceAll(q, " ", ""))]; {
	case g.down:
		return meetups.Place{}, meetups.Errorf(meetups.EUNAVAILABLE, "down")
	case strings.HasPrefix(q, "0"):
		return meetups.Place{}, meetups.Errorf(meetups.EINVALID, "not a postcode")
	case !ok:
		return meetups.Place{}, meetups.Errorf(meetups.ENOTFOUND, "unknown")
	default:
		return meetups.Place{Point: p}, nil
	}
}

func newGeocoder() *geocoder {
	return &geocoder{places: map[string]meetups.Point{"3512JE": {Lat: 52.0907, Lon: 5.1214}, "UTRECHT": {Lat: 52.09, Lon: 5.12}}}
}

// read reads text as a CSV file and places it with g.
func read(t *testing.T, text string, g meetups.Geocoder) *importer.File {
	t.Helper()
	f, err := importer.Read("test.csv", strings.NewReader(text), importer.Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if err := f.Locate(t.Context(), g); err != nil {
		t.Fatalf("Locate: %v", err)
	}
	return f
}

func TestReadSpreadsheetStyle(t *testing.T) {
	t.Parallel()
	// Excel in Dutch: a byte order mark, semicolons, decimal commas,
	// Dutch day-month-year, ja/nee, a blank row.
	text := "\ufeffExternal ID;Organisatie;Kind;Title;Schedule;Start;End;Cost EUR;Postcode;Babies welcome;Lat;Lon\r\n" +
		"7;Buurtteam;babycafé;Koffie & kletsen;wekelijks;1-9-2026 10:00;11:30;2,50;3512 je;nee;;\r\n" +
		";;;;;;;;;;;\r\n" +
		"8;Buurtteam;playgroup;Peuters;eenmalig;2026-09-02 09:30;10.30;;;ja;52,09;5,12\r\n"
	g := newGeocoder()
	f := read(t, text, g)
	if len(f.Problems) != 0 {
		t.Fatalf("problems: %v", f.Problems)
	}
	ms := f.Meetups()
	if len(ms) != 2 || f.Rows != 2 {
		t.Fatalf("%d meetups of %d rows, want 2 of 2", len(ms), f.Rows)
	}
	m := ms[0]
	if m.Kind != meetups.KindBabyCafe || m.CostCents != 250 || m.BabiesWelcome || m.Point == nil ||
		m.Schedule.RRule != "FREQ=WEEKLY;BYDAY=TU" || m.Schedule.Duration != 90*time.Minute || m.Status != meetups.StatusPublished {
		t.Errorf("row 2 = %+v", m)
	}
	if p := ms[1].Point; p == nil || p.Lat != 52.09 || p.Lon != 5.12 {
		t.Errorf("row 4 point = %v, want 52.09, 5.12 from decimal commas", p)
	}
	if len(g.asked) != 1 {
		t.Errorf("geocoder asked %v, want only the postcode of row 2", g.asked)
	}
}

func TestReadProblems(t *testing.T) {
	t.Parallel()
	header := "external_id,organisation,kind,title,schedule,start,end,duration,rrule,until,exdates,postcode,lat,lon,join,signup_url,online,online_url\n"
	for _, tc := range []struct {
		name, row string
		column    string
		reason    string
	}{
		{"NoID", ",Org,baby_cafe,T,once,2026-09-01 10:00,11:00,,,,,3512JE,,,,,,", "external_id", "an id is needed"},
		{"BadDate", "1,Org,baby_cafe,T,once,31-02-2026,11:00,,,,,3512JE,,,,,,", "start", `"31-02-2026" is not a date and time (write YYYY-MM-DD HH:MM`},
		{"EndBeforeStart", "1,Org,baby_cafe,T,once,2026-09-01 10:00,09:00,,,,,3512JE,,,,,,", "end", "09:00 is not after the start"},
		{"NoLength", "1,Org,baby_cafe,T,weekly,2026-09-01 10:00,,,,,,3512JE,,,,,,", "end", "an end (HH:MM) or a duration"},
		{"Disagree", "1,Org,baby_cafe,T,weekly,2026-09-01 10:00,11:00,2:00,,,,3512JE,,,,,,", "duration", "does not match the end"},
		{"BadRule", "1,Org,baby_cafe,T,rrule,2026-09-01 10:00,,1:00,FREQ=HOURLY,,,3512JE,,,,,,", "rrule", "more often than daily"},
		{"RuleWithWeekly", "1,Org,baby_cafe,T,weekly,2026-09-01 10:00,,1:00,FREQ=DAILY,,,3512JE,,,,,,", "rrule", "leave rrule empty"},
		{"UntilBeforeStart", "1,Org,baby_cafe,T,weekly,2026-09-01 10:00,,1:00,,2026-08-01,,3512JE,,,,,,", "until", "before the start"},
		{"OnceWithExdates", "1,Org,baby_cafe,T,once,2026-09-01 10:00,,1:00,,,2026-09-08,3512JE,,,,,,", "exdates", "a one-off meetup has no exdates"},
		{"BadExdate", "1,Org,baby_cafe,T,weekly,2026-09-01 10:00,,1:00,,,2026-13-01,3512JE,,,,,,", "exdates", "is not a date"},
		{"UnknownSchedule", "1,Org,baby_cafe,T,daily,2026-09-01 10:00,,1:00,,,,3512JE,,,,,,", "schedule", `"daily" is not a schedule`},
		{"OngoingWithStart", "1,Org,volunteer_support,T,ongoing,2026-09-01 10:00,,,,,,3512JE,,,,,,", "start", "an ongoing programme has no dates"},
		{"Swapped", "1,Org,baby_cafe,T,once,2026-09-01 10:00,11:00,,,,,,5.12,52.09,,,,", "lat", "not in the Netherlands"},
		{"HalfPoint", "1,Org,baby_cafe,T,once,2026-09-01 10:00,11:00,,,,,,52.09,,,,,", "lon", "lat is given, lon is not"},
		{"NoPlace", "1,Org,baby_cafe,T,once,2026-09-01 10:00,11:00,,,,,,,,,,,", "postcode", "a place is needed"},
		{"UnknownPostcode", "1,Org,baby_cafe,T,once,2026-09-01 10:00,11:00,,,,,9999 ZZ,,,,,,", "postcode", `PDOK does not know "9999 ZZ"`},
		{"NotAPostcode", "1,Org,baby_cafe,T,once,2026-09-01 10:00,11:00,,,,,0123,,,,,,", "postcode", "is not a Dutch postcode"},
		{"SignUpWithoutHow", "1,Org,baby_cafe,T,once,2026-09-01 10:00,11:00,,,,,3512JE,,,sign_up,,,", "join", "sign_up needs"},
		{"NotAWebLink", "1,Org,baby_cafe,T,once,2026-09-01 10:00,11:00,,,,,3512JE,,,,javascript:alert(1),,", "signup_url", "is not a web link"},
		{"OnlineWithPoint", "1,Org,baby_cafe,T,once,2026-09-01 10:00,11:00,,,,,,52.09,5.12,,,ja,https://x.example", "lat", "an online meetup has no lat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := read(t, header+tc.row+"\n", newGeocoder())
			if len(f.Problems) != 1 {
				t.Fatalf("problems = %v, want one", f.Problems)
			}
			p := f.Problems[0]
			if p.Row != 2 || p.Column != tc.column || !strings.Contains(p.Reason, tc.reason) {
				t.Errorf("problem = %q, want row 2, column %s: ...%s...", p, tc.column, tc.reason)
			}
			if len(f.Meetups()) != 0 {
				t.Errorf("a bad row gave a meetup")
			}
		})
	}
}

func TestReadDuplicateIDsAndRowNumbers(t *testing.T) {
	t.Parallel()
	text := "external_id,organisation,kind,title,schedule,postcode,description\n" +
		"a,Org,volunteer_support,T,ongoing,3512JE,\"two\nlines\"\n" +
		"\n" +
		"a,Org,volunteer_support,T,ongoing,3512JE,\n"
	f := read(t, text, newGeocoder())
	if len(f.Problems) != 1 || f.Problems[0].String() != `row 4, column external_id: "a" is also the id of row 2; every row needs its own id` {
		t.Errorf("problems = %v; want row 4 (a cell over two lines is one row, a blank line is one)", f.Problems)
	}
	if ids := f.BadIDs(); len(ids) != 1 || ids[0] != "a" {
		t.Errorf("BadIDs = %v", ids)
	}
}

func TestLocateUnavailable(t *testing.T) {
	t.Parallel()
	text := "external_id,organisation,kind,title,schedule,postcode\n1,Org,volunteer_support,T,ongoing,3512JE\n"
	f, err := importer.Read("x.csv", strings.NewReader(text), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Locate(t.Context(), &geocoder{down: true}); err == nil || !strings.Contains(err.Error(), "nothing imported") {
		t.Errorf("Locate with PDOK down = %v, want an error that stops the import", err)
	}
}

// TestCSVRoundTrip: what WriteCSV writes, ReadCSV reads back the same.
func TestCSVRoundTrip(t *testing.T) {
	t.Parallel()
	ms := demo.Generate(5, 500, now)
	for i := 0; i < len(ms); i += 7 { // some for two bands with a gap, as /nieuw makes them
		ms[i].AgeMinMonths, ms[i].AgeMaxMonths = 0, 143
		ms[i].AgeBands = []meetups.AgeBand{meetups.AgeBaby, meetups.AgeChild}
	}
	for _, sep := range []rune{',', ';'} {
		var buf bytes.Buffer
		if err := importer.WriteCSV(&buf, ms, sep); err != nil {
			t.Fatal(err)
		}
		f := read(t, buf.String(), nil)
		if len(f.Problems) > 0 {
			t.Fatalf("sep %q: problems: %v", sep, f.Problems[:min(5, len(f.Problems))])
		}
		got := f.Meetups()
		if len(got) != len(ms) {
			t.Fatalf("sep %q: %d meetups back, want %d", sep, len(got), len(ms))
		}
		for i := range ms {
			if g, w := canon(t, got[i]), canon(t, ms[i]); g != w {
				t.Fatalf("sep %q, meetup %d:\ngot  %s\nwant %s", sep, i, g, w)
			}
		}
	}
}

// canon is what a file carries of a meetup, as JSON.
func canon(t *testing.T, m meetups.Meetup) string {
	t.Helper()
	m.ID, m.OrgID, m.Source, m.Sample, m.Status = 0, 0, "", false, ""
	m.CreatedAt, m.UpdatedAt, m.ConfirmedAt = time.Time{}, time.Time{}, time.Time{}
	m.Schedule.Start, m.Schedule.End = m.Schedule.Start.UTC(), m.Schedule.End.UTC()
	ex := make([]time.Time, len(m.Schedule.ExDates))
	for i, d := range m.Schedule.ExDates {
		ex[i] = d.UTC()
	}
	m.Schedule.ExDates = ex
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteCSVShorthands(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 9, 8, 19, 30, 0, 0, meetups.Amsterdam)
	m := meetups.Meetup{ID: 7, Kind: meetups.KindPeerGroup, Title: "Vadergroep", Schedule: meetups.Schedule{
		Kind: meetups.ScheduleRecurring, Start: start, Duration: 2 * time.Hour,
		RRule: "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270701T215959Z"}}
	var buf bytes.Buffer
	if err := importer.WriteCSV(&buf, []meetups.Meetup{m}, ','); err != nil {
		t.Fatal(err)
	}
	if want := "meetup-7,,peer_group,Vadergroep,,,0,0,,,0.00,,,,,,,,no,,monthly,2026-09-08 19:30,,2:00,,2027-07-01,,"; !strings.Contains(buf.String(), want) {
		t.Errorf("CSV:\n%s\nwant a row starting %s", buf.String(), want)
	}
}

func TestReport(t *testing.T) {
	t.Parallel()
	f := read(t, "external_id,organisation,kind,title,schedule,postcode\n1,Org,volunteer_support,T,ongoing,3512JE\n2,Org,,T,ongoing,3512JE\n", newGeocoder())
	var b bytes.Buffer
	if err := f.WriteReport(&b, &importer.Outcome{New: 1, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	want := "test.csv: 2 rows read, 1 good, 1 bad\n" +
		"  row 3, column kind: a kind is needed: write one of parent_evening, baby_cafe, playgroup, peer_group, parent_course, volunteer_support\n" +
		"dry run, nothing written; the import would give: 1 new, 0 updated, 0 unchanged, 0 archived\n" +
		"fix the bad row and import the file again; the good ones are not affected\n"
	if b.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestCSVFormulaCells: a cell a spreadsheet would run as a formula is
// written as text (an apostrophe in front), and reads back as it was;
// Dutch names that begin with an apostrophe survive both ways.
func TestCSVFormulaCells(t *testing.T) {
	t.Parallel()
	ms := demo.Generate(6, 3, now)
	ms[0].Title = `=HYPERLINK("http://evil.example/x","Klik")`
	ms[0].Description = "+cmd|' /C calc'!A0"
	ms[1].Title = "@SUM(1+1) babycafé"
	ms[1].City = "'s-Hertogenbosch"
	ms[2].Description = "-2 jaar en ouder"
	var buf bytes.Buffer
	if err := importer.WriteCSV(&buf, ms, ','); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, raw := range []string{`"=HYPERLINK(`, ",+cmd|", ",@SUM(", ",-2 jaar"} {
		if strings.Contains(out, raw) {
			t.Errorf("a formula cell written as is: %s", raw)
		}
	}
	for _, safe := range []string{`"'=HYPERLINK(`, `'@SUM(1+1)`, "''s-Hertogenbosch", "'-2 jaar"} {
		if !strings.Contains(out, safe) {
			t.Errorf("the CSV lacks %s:\n%s", safe, out)
		}
	}
	got := read(t, out, nil).Meetups()
	if len(got) != 3 {
		t.Fatalf("%d meetups back", len(got))
	}
	for i := range ms {
		if g, w := canon(t, got[i]), canon(t, ms[i]); g != w {
			t.Errorf("meetup %d back:\ngot  %s\nwant %s", i, g, w)
		}
	}
}

// TestCSVStartInTheSpringGap: a start at 2:30 on the night the clocks go
// forward does not exist; it is refused with the reason, not moved to
// 3:30 with a stretched duration.
func TestCSVStartInTheSpringGap(t *testing.T) {
	t.Parallel()
	f := read(t, "external_id,organisation,kind,title,schedule,start,end,lat,lon\n"+
		"1,Org,baby_cafe,Babycafé Nacht,once,2026-03-29 02:30,2026-03-29 04:00,52.09,5.12\n"+
		"2,Org,baby_cafe,Babycafé Dag,once,2026-03-29 10:00,2026-03-29 11:00,52.09,5.12\n", nil)
	if len(f.Problems) != 1 || !strings.Contains(f.Problems[0].Reason, "clocks go forward") {
		t.Fatalf("problems: %v, want the spring gap named", f.Problems)
	}
	if ms := f.Meetups(); len(ms) != 1 || ms[0].Title != "Babycafé Dag" {
		t.Errorf("the good row: %+v", ms)
	}
}

// TestReadAgeBands: age_bands holds the bands a meetup is for when there
// is a gap between them; a band that is unknown or outside the ages is the
// row's problem, named in its column.
func TestReadAgeBands(t *testing.T) {
	t.Parallel()
	header := "external_id,organisation,kind,title,schedule,postcode,age_min_months,age_max_months,age_bands\n"
	f := read(t, header+"1,Org,volunteer_support,T,ongoing,3512JE,0,143,0-1|4-12\n", newGeocoder())
	if len(f.Problems) != 0 || len(f.Meetups()) != 1 {
		t.Fatalf("problems %v, %d meetups", f.Problems, len(f.Meetups()))
	}
	m := f.Meetups()[0]
	if !m.ForAge(meetups.AgeBaby) || m.ForAge(meetups.AgeToddler) || !m.ForAge(meetups.AgeChild) {
		t.Errorf("bands %v: for 0-1 %v, 1-4 %v, 4-12 %v; want true, false, true", m.AgeBands,
			m.ForAge(meetups.AgeBaby), m.ForAge(meetups.AgeToddler), m.ForAge(meetups.AgeChild))
	}
	for _, tc := range []struct{ row, reason string }{
		{"1,Org,volunteer_support,T,ongoing,3512JE,0,143,3-5", `"3-5" is not an age band`},
		{"1,Org,volunteer_support,T,ongoing,3512JE,0,47,0-1|12+", "12+ lies outside the ages 0 to 47 months"},
	} {
		f := read(t, header+tc.row+"\n", newGeocoder())
		if len(f.Problems) != 1 || f.Problems[0].Column != "age_bands" || !strings.Contains(f.Problems[0].Reason, tc.reason) {
			t.Errorf("%s: problems %v, want one in age_bands: ...%s...", tc.row, f.Problems, tc.reason)
		}
	}
}
