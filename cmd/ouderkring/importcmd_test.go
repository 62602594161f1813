package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups/pdok/pdoktest"
)

// example is the documented example file, which must import cleanly.
const example = "../../docs/import-example.csv"

// cli runs the binary's commands against its own schema and a fake PDOK.
type cli struct {
	dbURL string
	pdok  *pdoktest.Server
	cat   *db.Catalogue
}

func setupCLI(t *testing.T) cli {
	t.Helper()
	c := cli{dbURL: dbtest.URL(t), pdok: pdoktest.New(t)}
	d, err := db.Open(context.Background(), c.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	if err := d.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	c.cat = d.Catalogue()
	return c
}

// run runs `ouderkring args...` and returns its exit code and output.
func (c cli) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := map[string]string{"DATABASE_URL": c.dbURL, "PDOK_URL": c.pdok.URL(), "HTTP_ADDR": "off"}
	var out, errb bytes.Buffer
	code = run(args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func (c cli) count(t *testing.T) int {
	t.Helper()
	n, err := c.cat.CountMeetups(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCommand(t *testing.T) {
	t.Parallel()
	c := setupCLI(t)

	code, out, errs := c.run(t, "import", example, "--dry-run")
	if code != 0 || !strings.Contains(out, "dry run, nothing written; the import would give: 6 new") || c.count(t) != 0 {
		t.Fatalf("dry run: exit %d, %d stored\n%s%s", code, c.count(t), out, errs)
	}
	code, out, errs = c.run(t, "import", example)
	if code != 0 || !strings.Contains(out, "import-example.csv: 6 rows read, 6 good, 0 bad") ||
		!strings.Contains(out, "written in one transaction: 6 new, 0 updated, 0 unchanged, 0 archived") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	asked := c.pdok.Requests()
	code, out, _ = c.run(t, "import", example)
	if code != 0 || !strings.Contains(out, "0 new, 0 updated, 6 unchanged") {
		t.Errorf("second import: exit %d\n%s", code, out)
	}
	if c.pdok.Requests() != asked {
		t.Errorf("the second import asked PDOK %d more times; the cache should answer", c.pdok.Requests()-asked)
	}

	t.Run("ExportCSV", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "catalogue.csv")
		code, _, errs := c.run(t, "export", "--format", "csv", "--out", path)
		if code != 0 || !strings.Contains(errs, "exported 6 meetups") {
			t.Fatalf("export: exit %d: %s", code, errs)
		}
		other := setupCLI(t)
		code, out, errs := other.run(t, "import", path)
		if code != 0 || !strings.Contains(out, "6 new") {
			t.Errorf("importing the export elsewhere: exit %d\n%s%s", code, out, errs)
		}
		if other.pdok.Requests() != 0 {
			t.Errorf("importing the export asked PDOK %d times; it has lat and lon", other.pdok.Requests())
		}
	})
	t.Run("ExportICS", func(t *testing.T) {
		code, out, errs := c.run(t, "export", "--format", "ics")
		if code != 0 || !strings.Contains(errs, "exported 5 meetups; left out 1 ongoing (they have no dates)") {
			t.Fatalf("export: exit %d: %s", code, errs)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(out))
		if err != nil {
			t.Fatalf("export does not parse: %v", err)
		}
		if n := len(cal.Events()); n != 5 {
			t.Errorf("%d events, want 5", n)
		}
	})
}

func TestImportCommandBadRows(t *testing.T) {
	t.Parallel()
	c := setupCLI(t)
	path := writeFile(t, "bad.csv", "external_id;organisation;kind;title;schedule;start;end;postcode\n"+
		"1;Buurtteam;baby_cafe;Koffie;once;2026-12-01 10:00;11:00;3512 JE\n"+
		"2;Buurtteam;baby_cafe;Koffie;once;31-02-2026 10:00;11:00;3512 JE\n")
	code, out, errs := c.run(t, "import", path)
	if code != 1 || !strings.Contains(out, `row 3, column start: "31-02-2026 10:00" is not a date and time`) ||
		!strings.Contains(errs, "1 of 2 rows were bad") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	if n := c.count(t); n != 1 {
		t.Errorf("%d stored, want the good row", n)
	}
}

func TestImportCommandMalformed(t *testing.T) {
	t.Parallel()
	c := setupCLI(t)
	good, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"header.csv":  strings.Replace(string(good), "title,", "titel,", 1),
		"quotes.csv":  string(good) + "x,\"Org,baby_cafe\n",
		"latin1.csv":  string(good) + "x,Caf\xe9,baby_cafe,T,ongoing,,,,,,,,,,Utrecht,,,,,ongoing,,,,,,,,,,,,,\n",
		"broken.ics":  "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VCALENDAR\r\n",
		"unknown.csv": "",
	} {
		code, _, errs := c.run(t, "import", writeFile(t, name, text))
		if code != 1 || !strings.Contains(errs, "nothing was imported") {
			t.Errorf("%s: exit %d: %s", name, code, errs)
		}
	}
	if n := c.count(t); n != 0 {
		t.Errorf("%d stored from malformed files, want 0", n)
	}
}

func TestImportCommandArchiveMissing(t *testing.T) {
	t.Parallel()
	c := setupCLI(t)
	header := "external_id,organisation,kind,title,schedule,city\n"
	first := writeFile(t, "a.csv", header+"1,Org,volunteer_support,Hulp,ongoing,Utrecht\n2,Org,volunteer_support,Steun,ongoing,Utrecht\n")
	second := writeFile(t, "b.csv", header+"1,Org,volunteer_support,Hulp,ongoing,Utrecht\n")
	if code, out, errs := c.run(t, "import", first, "--source", "wijk", "--pending"); code != 0 || !strings.Contains(out, "2 new") {
		t.Fatalf("first: exit %d\n%s%s", code, out, errs)
	}
	if ms, err := c.cat.Published(t.Context()); err != nil || len(ms) != 0 {
		t.Errorf("%d published after --pending (%v), want 0", len(ms), err)
	}
	code, out, errs := c.run(t, "import", second, "--source=wijk", "--archive-missing")
	if code != 0 || !strings.Contains(out, "0 new, 0 updated, 1 unchanged, 1 archived") {
		t.Errorf("second: exit %d\n%s%s", code, out, errs)
	}
	empty := writeFile(t, "c.csv", header+"1,Org,,Hulp,ongoing,Utrecht\n")
	if code, _, errs := c.run(t, "import", "--archive-missing", "--source", "wijk", empty); code != 1 || !strings.Contains(errs, "not archiving every meetup") {
		t.Errorf("a file without good rows: exit %d: %s", code, errs)
	}
	if code, _, errs := c.run(t, "import", first, "--kind", "knutselen"); code != 1 || !strings.Contains(errs, "--kind") {
		t.Errorf("bad --kind: exit %d: %s", code, errs)
	}
}
