package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

func TestParseCost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int
		err  string
	}{
		{"", 0, ""}, {"0", 0, ""}, {"gratis", 0, ""}, {"Free", 0, ""},
		{"2,50", 250, ""}, {"2.50", 250, ""}, {"€ 2,5", 250, ""}, {"3,-", 300, ""}, {"3 euro", 300, ""}, {",75", 75, ""},
		{"1000", 100000, ""},
		{"1000,01", 0, "more than €1000"}, {"-2", 0, "not an amount"}, {"2,505", 0, "not an amount"},
		{"1.000,00", 0, "not an amount"}, {"twee", 0, "not an amount"},
	} {
		got, err := parseCost(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseCost(%q) = %d, %v; want an error with %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseCost(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestParseBool(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"ja": true, "Nee": false, "YES": true, "no": false, "1": true, "0": false, "": true} {
		if got, err := parseBool(in, true); err != nil || got != want {
			t.Errorf("parseBool(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := parseBool("misschien", true); err == nil || !strings.Contains(err.Error(), "ja/nee") {
		t.Errorf("parseBool(misschien) err = %v, want a hint at ja/nee", err)
	}
}

func TestParseDateTime(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 3, 10, 14, 0, 0, 0, meetups.Amsterdam)
	for _, in := range []string{"2026-03-10 14:00", "2026-03-10T14:00", "10-3-2026 14:00", "10-03-2026 14:00", "2026-03-10 14:00:00"} {
		if got, err := parseDateTime(in); err != nil || !got.Equal(want) {
			t.Errorf("parseDateTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"31-02-2026 14:00", "2026-02-30 10:00", "2026-03-10", "morgen"} {
		if _, err := parseDateTime(in); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD HH:MM") {
			t.Errorf("parseDateTime(%q) err = %v, want a hint at YYYY-MM-DD HH:MM", in, err)
		}
	}
}

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"1:30": 90 * time.Minute, "90": 90 * time.Minute, "1h30m": 90 * time.Minute,
		"2h": 2 * time.Hour, "0:45": 45 * time.Minute} {
		if got, err := parseDuration(in); err != nil || got != want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "25:00", "lang", "-1h"} {
		if got, err := parseDuration(in); err == nil {
			t.Errorf("parseDuration(%q) = %v, want an error", in, got)
		}
	}
}

func TestKeywordRule(t *testing.T) {
	t.Parallel()
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, meetups.Amsterdam) }
	for _, tc := range []struct {
		kind  string
		start time.Time
		want  string
	}{
		{schedWeekly, at(2026, 9, 1), "FREQ=WEEKLY;BYDAY=TU"},
		{schedBiweekly, at(2026, 9, 4), "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"},
		{schedMonthly, at(2026, 9, 8), "FREQ=MONTHLY;BYDAY=2TU"},
		{schedMonthly, at(2026, 9, 29), "FREQ=MONTHLY;BYDAY=-1TU"}, // the 5th Tuesday: the last one
		{schedMonthly, at(2026, 9, 28), "FREQ=MONTHLY;BYDAY=4MO"},
	} {
		if got := keywordRule(tc.kind, tc.start); got != tc.want {
			t.Errorf("keywordRule(%s, %v) = %q, want %q", tc.kind, tc.start, got, tc.want)
		}
	}
}

func TestSplitLocation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, venue, address, postcode, city string }{
		{"Bibliotheek Neude, Neude 11, 3512 JE Utrecht", "Bibliotheek Neude", "Neude 11", "3512 JE", "Utrecht"},
		{"Neude 11, 3512JE Utrecht, Nederland", "", "Neude 11", "3512JE", "Utrecht"},
		{"Neude 11 3512 JE Utrecht", "", "Neude 11", "3512 JE", "Utrecht"},
		{"Buurthuis, Utrecht", "Buurthuis", "", "", "Utrecht"},
		{"Buurthuis De Pijl", "Buurthuis De Pijl", "", "", ""},
	} {
		v, a, p, c := splitLocation(tc.in)
		if v != tc.venue || a != tc.address || p != tc.postcode || c != tc.city {
			t.Errorf("splitLocation(%q) = %q, %q, %q, %q; want %q, %q, %q, %q", tc.in, v, a, p, c, tc.venue, tc.address, tc.postcode, tc.city)
		}
	}
}

func TestParseICSDuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"PT1H30M": 90 * time.Minute, "PT45M": 45 * time.Minute, "P1D": 24 * time.Hour, "PT3600S": time.Hour} {
		if got, ok := parseICSDuration(in); !ok || got != want {
			t.Errorf("parseICSDuration(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"P", "PT", "1H", "-PT1H"} {
		if _, ok := parseICSDuration(in); ok {
			t.Errorf("parseICSDuration(%q) accepted", in)
		}
	}
}

func TestHeader(t *testing.T) {
	t.Parallel()
	h, err := parseHeader([]string{" External ID", "Organization", "KIND", "title", "schedule", "Age-Min-Months"})
	if err != nil {
		t.Fatal(err)
	}
	if h.index[colExternalID] != 0 || h.index[colOrganisation] != 1 || h.index[colAgeMin] != 5 {
		t.Errorf("index = %v", h.index)
	}
	_, err = parseHeader([]string{"external_id", "organisation", "kind", "title", "schedule", "title", "prijs"})
	for _, want := range []string{"title is both column 4 and 6", `unknown column "prijs"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to say %q", err, want)
		}
	}
	if s := separator(`"a;b",c,d;e`); s != ',' {
		t.Errorf("separator = %q, want , (the ; inside quotes does not count)", s)
	}
	if s := separator("a;b;c,d"); s != ';' {
		t.Errorf("separator = %q, want ;", s)
	}
}
