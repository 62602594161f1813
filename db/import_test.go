package db_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
	"github.com/ouderkring/ouderkring/meetups/importer"
	"github.com/ouderkring/ouderkring/meetups/pdok"
	"github.com/ouderkring/ouderkring/meetups/pdok/pdoktest"
)

// importBundle is a catalogue with a fake PDOK behind the cached
// geocoder, as `ouderkring import` wires it.
type importBundle struct {
	d    *db.DB
	c    *db.Catalogue
	pdok *pdoktest.Server
	geo  meetups.Geocoder
}

func setupImport(tb testing.TB) importBundle {
	tb.Helper()
	d := dbtest.New(tb)
	fake := pdoktest.New(tb)
	geo := pdok.NewCached(pdok.NewClient(pdok.ClientOptions{URL: fake.URL()}), d, 0, nil)
	return importBundle{d: d, c: d.Catalogue(), pdok: fake, geo: geo}
}

// importFile does what `ouderkring import` does: read, place, write the
// good rows under source. A file that cannot be read returns its error
// before anything is written.
func (b importBundle) importFile(tb testing.TB, name, text string, opts db.ImportOptions, at time.Time) (*importer.File, db.ImportResult, error) {
	tb.Helper()
	f, err := importer.Read(name, strings.NewReader(text), importer.Options{Kind: meetups.KindParentEvening})
	if err != nil {
		return nil, db.ImportResult{}, err
	}
	if err := f.Locate(tb.Context(), b.geo); err != nil {
		return f, db.ImportResult{}, err
	}
	opts.Keep = f.BadIDs()
	res, err := b.c.Import(tb.Context(), name, f.Meetups(), opts, at)
	return f, res, err
}

func (b importBundle) mustImport(t *testing.T, name, text string, opts db.ImportOptions, at time.Time, want db.ImportResult) *importer.File {
	t.Helper()
	f, got, err := b.importFile(t, name, text, opts, at)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	if got != want {
		t.Errorf("import %s: got %+v, want %+v", name, got, want)
	}
	return f
}

// published is the published catalogue by external id.
func (b importBundle) published(t *testing.T) map[string]meetups.Meetup {
	t.Helper()
	ms, err := b.c.Published(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]meetups.Meetup{}
	for _, m := range ms {
		out[m.ExternalID] = m
	}
	return out
}

func (b importBundle) count(t *testing.T, where string, args ...any) int {
	t.Helper()
	n, err := db.QueryInt(t.Context(), b.d, "select count(*) from meetups where "+where, args...)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

const importHeader = "external_id,organisation,kind,title,themes,age_min_months,age_max_months,languages,cost_eur,venue,address,postcode,city,lat,lon,online,online_url,schedule,start,end,duration,rrule,until,exdates,join,signup_url,babies_welcome\n"

// goodRows: a weekly baby café with cancelled dates and a monthly group
// at the same postcode (spelt two ways), an evening with its own point,
// and an online programme.
var goodRows = []string{
	`bc-1,Buurtteam Oost,baby_cafe,Babycafé De Wieg,,0,18,nl|ar,"2,50",Buurthuis De Pijl,Oudegracht 1,3512 JE,Utrecht,,,,,weekly,2026-09-01 10:00,11:30,,,,2026-12-29|2026-12-22,walk_in,,ja`,
	`bc-2,Buurtteam Oost,peer_group,Vadergroep,fathers,0,48,nl,0,Wijkcentrum,Oudegracht 9,3512JE,Utrecht,,,,,monthly,2026-09-08 19:30,,2:00,,2027-07-01,,,,`,
	`bc-3,Buurtteam Oost,parent_evening,Ouderavond slapen,,0,48,nl,,Bibliotheek,Damstraat 2,,Amsterdam,52.3731,4.8926,,,once,2026-12-10 19:30,21:00,,,,,,,`,
	`bc-4,Home-Start Utrecht,volunteer_support,Home-Start,,-3,72,nl|en,0,,,,,,,yes,https://example.org/online,ongoing,,,,,,,sign_up,https://example.org/aanmelden,`,
}

func csvFile(rows ...string) string { return importHeader + strings.Join(rows, "\n") + "\n" }

func TestImportGoodFile(t *testing.T) {
	t.Parallel()
	b := setupImport(t)
	b.mustImport(t, "oost.csv", csvFile(goodRows...), db.ImportOptions{}, now, db.ImportResult{New: 4})
	if got := b.pdok.Requests(); got != 1 {
		t.Errorf("PDOK requests = %d, want 1: the two rows at 3512 JE share one lookup", got)
	}
	got := b.published(t)
	if len(got) != 4 {
		t.Fatalf("published %d meetups, want 4", len(got))
	}
	cafe := got["bc-1"]
	if cafe.Point == nil || cafe.Point.Lat != 52.0907 || cafe.CostCents != 250 || cafe.Source != "oost.csv" || cafe.OrgName != "Buurtteam Oost" {
		t.Errorf("bc-1 = point %v, cost %d, source %q, org %q", cafe.Point, cafe.CostCents, cafe.Source, cafe.OrgName)
	}
	if next := cafe.Schedule.Next(time.Date(2026, 12, 21, 12, 0, 0, 0, meetups.Amsterdam), 1); len(next) != 1 ||
		!next[0].Start.Equal(time.Date(2027, 1, 5, 10, 0, 0, 0, meetups.Amsterdam)) {
		t.Errorf("bc-1 next after 21 Dec = %v, want 5 Jan 10:00 (22 and 29 Dec cancelled)", next)
	}
	if r := got["bc-2"].Schedule.RRule; r != "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270701T215959Z" {
		t.Errorf("bc-2 rrule = %q", r)
	}
	if h := got["bc-4"]; !h.Online || h.Join != meetups.JoinSignUp || h.Schedule.Kind != meetups.ScheduleOngoing {
		t.Errorf("bc-4 = online %v, join %v, schedule %v", h.Online, h.Join, h.Schedule.Kind)
	}
}

func TestImportAgain(t *testing.T) {
	t.Parallel()
	b := setupImport(t)
	b.mustImport(t, "oost.csv", csvFile(goodRows...), db.ImportOptions{}, now, db.ImportResult{New: 4})
	before := b.published(t)

	t.Run("Unchanged", func(t *testing.T) {
		b.mustImport(t, "oost.csv", csvFile(goodRows...), db.ImportOptions{}, now.Add(time.Hour), db.ImportResult{Unchanged: 4})
		for id, m := range b.published(t) {
			if !m.UpdatedAt.Equal(before[id].UpdatedAt) {
				t.Errorf("%s: updated_at moved from %v to %v", id, before[id].UpdatedAt, m.UpdatedAt)
			}
		}
		if got := b.pdok.Requests(); got != 1 {
			t.Errorf("PDOK requests = %d after the second import, want still 1 (cached)", got)
		}
	})
	t.Run("ChangedRowUpdates", func(t *testing.T) {
		rows := append([]string(nil), goodRows...)
		rows[2] = strings.Replace(rows[2], "Ouderavond slapen", "Ouderavond: goed slapen", 1)
		later := now.Add(2 * time.Hour)
		b.mustImport(t, "oost.csv", csvFile(rows...), db.ImportOptions{}, later, db.ImportResult{Updated: 1, Unchanged: 3})
		got := b.published(t)
		if m := got["bc-3"]; m.Title != "Ouderavond: goed slapen" || !m.UpdatedAt.Equal(later) {
			t.Errorf("bc-3 = %q updated %v, want the new title at %v", m.Title, m.UpdatedAt, later)
		}
		if !got["bc-1"].UpdatedAt.Equal(before["bc-1"].UpdatedAt) {
			t.Errorf("bc-1 updated_at moved though its row did not change")
		}
	})
	t.Run("ArchiveMissing", func(t *testing.T) {
		rows := []string{goodRows[0], goodRows[1], goodRows[3]}
		b.mustImport(t, "oost.csv", csvFile(rows...), db.ImportOptions{}, now, db.ImportResult{Unchanged: 3})
		if n := b.count(t, "status = 'archived'"); n != 0 {
			t.Errorf("%d archived without --archive-missing, want 0", n)
		}
		b.mustImport(t, "oost.csv", csvFile(rows...), db.ImportOptions{ArchiveMissing: true}, now, db.ImportResult{Unchanged: 3, Archived: 1})
		if n := b.count(t, "status = 'archived' and external_id = 'bc-3'"); n != 1 {
			t.Errorf("bc-3 not archived")
		}
		// Another source's meetups are not its to archive.
		b.mustImport(t, "west.csv", csvFile(goodRows[2]), db.ImportOptions{ArchiveMissing: true}, now, db.ImportResult{New: 1})
		if n := b.count(t, "status = 'archived'"); n != 1 {
			t.Errorf("%d archived after importing another source, want 1", n)
		}
		// Back in the file, it comes back.
		b.mustImport(t, "oost.csv", csvFile(goodRows...), db.ImportOptions{}, now, db.ImportResult{Updated: 1, Unchanged: 3})
		if n := b.count(t, "status = 'published' and source = 'oost.csv'"); n != 4 {
			t.Errorf("%d of oost.csv published, want 4", n)
		}
	})
	t.Run("PausedStaysPaused", func(t *testing.T) {
		if err := db.Exec(t.Context(), b.d, "update meetups set status = 'paused' where external_id = 'bc-2'"); err != nil {
			t.Fatal(err)
		}
		rows := append([]string(nil), goodRows...)
		rows[1] = strings.Replace(rows[1], "Vadergroep", "Vadergroep Oost", 1)
		b.mustImport(t, "oost.csv", csvFile(rows...), db.ImportOptions{}, now, db.ImportResult{Updated: 1, Unchanged: 3})
		if n := b.count(t, "status = 'paused' and external_id = 'bc-2' and title = 'Vadergroep Oost'"); n != 1 {
			t.Errorf("bc-2 was updated but not left paused")
		}
		b.mustImport(t, "oost.csv", csvFile(goodRows...), db.ImportOptions{}, now, db.ImportResult{Updated: 1, Unchanged: 3})
	})
	t.Run("BadRowIsNotArchived", func(t *testing.T) {
		rows := append([]string(nil), goodRows...)
		rows[0] = strings.Replace(rows[0], "2026-09-01 10:00", "31-02-2026 10:00", 1)
		f := b.mustImport(t, "oost.csv", csvFile(rows...), db.ImportOptions{ArchiveMissing: true}, now, db.ImportResult{Unchanged: 3})
		if len(f.Problems) != 1 || f.Problems[0].Row != 2 || f.Problems[0].Column != "start" {
			t.Fatalf("problems = %v, want one on row 2, column start", f.Problems)
		}
		if n := b.count(t, "status = 'archived' and external_id = 'bc-1'"); n != 0 {
			t.Errorf("bc-1 archived, though its row is in the file (bad this time)")
		}
	})
}

func TestImportBadRows(t *testing.T) {
	t.Parallel()
	b := setupImport(t)
	text := csvFile(
		goodRows[2],
		`x-1,Buurtteam Oost,baby_cafe,Babycafé,,0,18,nl,,Buurthuis,Straat 1,,Utrecht,,,,,once,31-02-2026 10:00,11:00,,,,,,,`,
		`x-2,Buurtteam Oost,baby_cafe,Babycafé,,0,18,nl,,Buurthuis,Straat 1,9999 ZZ,Nergens,,,,,once,2026-12-01 10:00,11:00,,,,,,,`,
		`x-3,Buurtteam Oost,knutselclub,Knutselen,,30,12,nl,,Buurthuis,Straat 1,,Utrecht,,,,,once,2026-12-01 10:00,11:00,,,,,,,`,
		goodRows[3])
	f := b.mustImport(t, "bad.csv", text, db.ImportOptions{}, now, db.ImportResult{New: 2})
	want := []struct {
		row    int
		column string
		reason string
	}{
		{3, "start", `"31-02-2026 10:00" is not a date and time`},
		{4, "postcode", `PDOK does not know "9999 ZZ"`},
		{5, "kind", `"knutselclub" is not a kind`},
		{5, "age_max_months", "12 is below age_min_months 30"},
	}
	if len(f.Problems) != len(want) {
		t.Fatalf("problems = %v, want %d", f.Problems, len(want))
	}
	for i, w := range want {
		p := f.Problems[i]
		if p.Row != w.row || p.Column != w.column || !strings.Contains(p.Reason, w.reason) {
			t.Errorf("problem %d = %v, want row %d, column %s: %s", i, p, w.row, w.column, w.reason)
		}
	}
	if n := b.count(t, "true"); n != 2 {
		t.Errorf("%d meetups stored, want the 2 good ones", n)
	}
}

func TestImportMalformedWritesNothing(t *testing.T) {
	t.Parallel()
	b := setupImport(t)
	good := csvFile(goodRows...)
	for _, tc := range []struct{ name, text, want string }{
		{"WrongHeader", strings.Replace(good, "start,", "strat,", 1), `unknown column "strat" (did you mean start?)`},
		{"MissingColumn", strings.Replace(good, "kind,", "", 1), "missing required columns: kind"},
		{"BrokenQuoting", good + `bc-9,"Buurtteam Oost,baby_cafe,Wieg` + "\n", `a quote (") is not where it can be`},
		{"BareQuote", good + `bc-9,Buurt"team,baby_cafe` + "\n", `a quote (") is not where it can be`},
		{"InvalidUTF8", good + "bc-9,Buurtteam Oost,baby_cafe,Caf\xe9,,,,,,,,,Utrecht,,,,,ongoing,,,,,,,,,\n", "is not UTF-8"},
		{"ShiftedColumns", good + "bc-9,Buurtteam Oost\n", "has 2 fields where the header has 27"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := b.importFile(t, "broken.csv", tc.text, db.ImportOptions{}, now)
			if !importer.IsFileError(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a file error with %q", err, tc.want)
			}
		})
	}
	if n := b.count(t, "true"); n != 0 {
		t.Errorf("%d meetups stored from malformed files, want 0", n)
	}
}

func TestImportDryRun(t *testing.T) {
	t.Parallel()
	b := setupImport(t)
	b.mustImport(t, "oost.csv", csvFile(goodRows...), db.ImportOptions{DryRun: true}, now, db.ImportResult{New: 4})
	if n := b.count(t, "true"); n != 0 {
		t.Errorf("dry run stored %d meetups", n)
	}
}

// canon is a meetup as the catalogue means it, without what a database
// assigns (ids, times of writing, source), as JSON to compare.
func canon(t *testing.T, m meetups.Meetup) string {
	t.Helper()
	m.ID, m.OrgID, m.Source, m.Sample = 0, 0, "", false
	m.CreatedAt, m.UpdatedAt, m.ConfirmedAt = time.Time{}, time.Time{}, time.Time{}
	m.Schedule.Start, m.Schedule.End = m.Schedule.Start.UTC(), m.Schedule.End.UTC()
	for i, d := range m.Schedule.ExDates {
		m.Schedule.ExDates[i] = d.UTC()
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExportCSVRoundTrip(t *testing.T) {
	t.Parallel()
	from, to := setupImport(t), setupImport(t)
	var src bytes.Buffer
	if err := importer.WriteCSV(&src, demo.Generate(3, 300, now), ';'); err != nil {
		t.Fatal(err)
	}
	from.mustImport(t, "demo.csv", src.String(), db.ImportOptions{}, now, db.ImportResult{New: 300})
	want, err := from.c.Published(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var exported bytes.Buffer
	if err := importer.WriteCSV(&exported, want, ','); err != nil {
		t.Fatal(err)
	}
	to.mustImport(t, "export.csv", exported.String(), db.ImportOptions{}, now, db.ImportResult{New: 300})
	got := to.published(t)
	for _, w := range want {
		if g, ok := got[w.ExternalID]; !ok {
			t.Errorf("%s missing after the round trip", w.ExternalID)
		} else if cg, cw := canon(t, g), canon(t, w); cg != cw {
			t.Errorf("%s changed in the round trip:\ngot  %s\nwant %s", w.ExternalID, cg, cw)
		}
	}
}

const feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Bieb//Feed//NL\r\nX-WR-CALNAME:Bibliotheek Utrecht\r\n" +
	"BEGIN:VEVENT\r\nUID:voorlezen-1@bieb.example\r\nDTSTAMP:20260801T120000Z\r\n" +
	"DTSTART;TZID=Europe/Amsterdam:20260902T100000\r\nDTEND;TZID=Europe/Amsterdam:20260902T110000\r\n" +
	"RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630T215959Z\r\n" +
	"EXDATE;TZID=Europe/Amsterdam:20261230T100000,20261223T100000\r\n" +
	"SUMMARY:Voorlezen voor dreumesen\r\nDESCRIPTION:Prentenboeken\\, liedjes en koffie.\r\n" +
	"LOCATION:Bibliotheek Neude\\, Neude 11\\, 3512 JE Utrecht\r\nCATEGORIES:BABY_CAFE\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:avond-2@bieb.example\r\nDTSTAMP:20260801T120000Z\r\nDTSTART:20261112T183000Z\r\n" +
	"DURATION:PT1H30M\r\nSUMMARY:Ouderavond schermtijd\r\nGEO:52.0907;5.1214\r\nLOCATION:Bibliotheek Neude\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:weg-3@bieb.example\r\nDTSTAMP:20260801T120000Z\r\nSTATUS:CANCELLED\r\n" +
	"DTSTART:20261112T183000Z\r\nSUMMARY:Afgelast\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func TestImportICS(t *testing.T) {
	t.Parallel()
	b := setupImport(t)
	f := b.mustImport(t, "bieb.ics", feed, db.ImportOptions{}, now, db.ImportResult{New: 2})
	if len(f.Skipped) != 1 || f.Skipped[0].ID != "weg-3@bieb.example" {
		t.Errorf("skipped = %v, want the cancelled event", f.Skipped)
	}
	got := b.published(t)
	v := got["voorlezen-1@bieb.example"]
	if v.Kind != meetups.KindBabyCafe || v.OrgName != "Bibliotheek Utrecht" || v.Venue != "Bibliotheek Neude" ||
		v.Postcode != "3512 JE" || v.Point == nil || v.Description != "Prentenboeken, liedjes en koffie." {
		t.Errorf("voorlezen = kind %v, org %q, venue %q, postcode %q, point %v, description %q",
			v.Kind, v.OrgName, v.Venue, v.Postcode, v.Point, v.Description)
	}
	next := v.Schedule.Next(time.Date(2026, 12, 20, 0, 0, 0, 0, meetups.Amsterdam), 1)
	if len(next) != 1 || !next[0].Start.Equal(time.Date(2027, 1, 6, 10, 0, 0, 0, meetups.Amsterdam)) || next[0].End.Sub(next[0].Start) != time.Hour {
		t.Errorf("voorlezen next after 20 Dec = %v, want 6 Jan 10:00-11:00 (23 and 30 Dec cancelled)", next)
	}
	a := got["avond-2@bieb.example"]
	if a.Kind != meetups.KindParentEvening || !a.Schedule.Start.Equal(time.Date(2026, 11, 12, 19, 30, 0, 0, meetups.Amsterdam)) ||
		a.Schedule.End.Sub(a.Schedule.Start) != 90*time.Minute {
		t.Errorf("avond = kind %v (want --kind's), %v to %v", a.Kind, a.Schedule.Start, a.Schedule.End)
	}

	t.Run("ExportRoundTrip", func(t *testing.T) {
		want, err := b.c.Published(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := importer.WriteICS(&out, want); err != nil {
			t.Fatal(err)
		}
		cal, err := ics.ParseCalendar(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("the export does not parse: %v\n%s", err, out.String())
		}
		if tz := cal.Timezones(); len(tz) != 1 || len(cal.Events()) != 2 {
			t.Fatalf("export has %d VTIMEZONEs and %d VEVENTs, want 1 and 2", len(tz), len(cal.Events()))
		}
		back := setupImport(t)
		back.mustImport(t, "export.ics", out.String(), db.ImportOptions{}, now, db.ImportResult{New: 2})
		if got := back.pdok.Requests(); got != 0 {
			t.Errorf("re-importing the export asked PDOK %d times; GEO should place it", got)
		}
		for _, w := range want {
			g := back.published(t)[w.ExternalID]
			if canon(t, g) != canon(t, w) {
				t.Errorf("%s changed in the iCalendar round trip:\ngot  %s\nwant %s", w.ExternalID, canon(t, g), canon(t, w))
			}
		}
	})
}

// tenThousand is a realistic 10,000-row file, as an organisation's export
// would be.
func tenThousand(tb testing.TB) string {
	tb.Helper()
	var buf bytes.Buffer
	if err := importer.WriteCSV(&buf, demo.Generate(1, 10_000, now), ','); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}

func TestImport10k(t *testing.T) {
	t.Parallel()
	b := setupImport(t)
	text := tenThousand(t)
	start := time.Now()
	b.mustImport(t, "big.csv", text, db.ImportOptions{}, now, db.ImportResult{New: 10_000})
	first := time.Since(start)
	start = time.Now()
	b.mustImport(t, "big.csv", text, db.ImportOptions{}, now, db.ImportResult{Unchanged: 10_000})
	t.Logf("10,000 rows: first import %v, unchanged re-import %v (read, validate, write)", first, time.Since(start))
	if n := b.count(t, "status = 'published'"); n != 10_000 {
		t.Errorf("%d published, want 10000", n)
	}
}

// BenchmarkImport10k is reading, validating and writing a 10,000-row file
// into an empty catalogue, as a first import does.
func BenchmarkImport10k(b *testing.B) {
	bundle := setupImport(b)
	text := tenThousand(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := db.Exec(b.Context(), bundle.d, "delete from meetups"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, res, err := bundle.importFile(b, "big.csv", text, db.ImportOptions{}, now); err != nil || res.New != 10_000 {
			b.Fatalf("import: %+v, %v", res, err)
		}
	}
}

// BenchmarkReimport10kUnchanged is importing the same 10,000 rows again:
// everything is compared, nothing written.
func BenchmarkReimport10kUnchanged(b *testing.B) {
	bundle := setupImport(b)
	text := tenThousand(b)
	if _, _, err := bundle.importFile(b, "big.csv", text, db.ImportOptions{}, now); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, res, err := bundle.importFile(b, "big.csv", text, db.ImportOptions{}, now); err != nil || res.Unchanged != 10_000 {
			b.Fatalf("import: %+v, %v", res, err)
		}
	}
}

// TestImportCommittedThoughAnalyzeFails: when refreshing the statistics
// after a big import fails (here: it waits for a lock another connection
// holds and is cancelled; in the issue, PostgreSQL stopped), the import
// itself is committed and reported as ErrNotAnalyzed, a warning, never as
// "nothing was imported".
func TestImportCommittedThoughAnalyzeFails(t *testing.T) {
	t.Parallel()
	b := setupImport(t)
	f, err := importer.Read("big.csv", strings.NewReader(tenThousand(t)), importer.Options{Kind: meetups.KindParentEvening})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Locate(t.Context(), b.geo); err != nil {
		t.Fatal(err)
	}
	// VACUUM needs this lock; writing rows does not.
	release, err := db.HoldLock(t.Context(), b.d, "lock table meetups in share update exclusive mode")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		// Cancel once the analyze waits for the lock: the rows are
		// committed by then (it runs after the commit).
		for ctx.Err() == nil {
			n, err := db.QueryInt(t.Context(), b.d,
				"select count(*) from pg_locks where locktype = 'relation' and relation = 'meetups'::regclass and mode = 'ShareUpdateExclusiveLock' and not granted")
			if err == nil && n > 0 {
				cancel()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	res, err := b.c.Import(ctx, "big.csv", f.Meetups(), db.ImportOptions{Keep: f.BadIDs()}, now)
	if !errors.Is(err, db.ErrNotAnalyzed) {
		t.Fatalf("import with the analyze failing: %v, want ErrNotAnalyzed", err)
	}
	if res.New != 10_000 {
		t.Errorf("result %+v, want New 10000 reported with the warning", res)
	}
	release()
	if n := b.count(t, "status = 'published'"); n != 10_000 {
		t.Errorf("%d published after the import, want 10000 (it was committed)", n)
	}
}
