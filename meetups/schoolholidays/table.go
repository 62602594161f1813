package schoolholidays

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

//go:embed holidays.csv
var holidaysCSV string

// names are the holidays of a school year, in the order they come.
var names = []string{"herfstvakantie", "kerstvakantie", "voorjaarsvakantie", "meivakantie", "zomervakantie"}

// holidayTable is the parsed table.
type holidayTable struct {
	byRegion map[Region][]Period
	years    []string // school years, in order
	last     Date     // the last day of the last holiday
}

// table is read once at start; a broken table is a bug the tests catch,
// so it stops the program rather than silently skipping nothing.
var table = mustParse(holidaysCSV)

func mustParse(text string) holidayTable {
	t, err := parseTable(strings.NewReader(text))
	if err != nil {
		panic("schoolholidays: holidays.csv: " + err.Error())
	}
	return t
}

// parseTable reads the CSV table: a header, then school_year, holiday,
// region, first, last per row ("#" starts a comment line). It checks each
// row on its own; TestTableWellFormed checks the table as a whole.
func parseTable(r io.Reader) (holidayTable, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = 5
	rows, err := cr.ReadAll()
	if err != nil {
		return holidayTable{}, err
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "school_year,holiday,region,first,last" {
		return holidayTable{}, fmt.Errorf("want the header school_year,holiday,region,first,last and at least one row")
	}
	t := holidayTable{byRegion: map[Region][]Period{}}
	for i, row := range rows[1:] {
		line := i + 2 // counting the header, not the comments
		p := Period{SchoolYear: row[0], Name: row[1]}
		region := Region(row[2])
		if !region.Valid() {
			return holidayTable{}, fmt.Errorf("row %d: region %q is not noord, midden or zuid", line, row[2])
		}
		if !slices.Contains(names, p.Name) {
			return holidayTable{}, fmt.Errorf("row %d: holiday %q is not one of %v", line, p.Name, names)
		}
		var y1, y2 int
		if _, err := fmt.Sscanf(p.SchoolYear, "%4d-%4d", &y1, &y2); err != nil || y2 != y1+1 {
			return holidayTable{}, fmt.Errorf("row %d: school year %q is not like 2026-2027", line, p.SchoolYear)
		}
		if p.First, err = parseDate(row[3]); err != nil {
			return holidayTable{}, fmt.Errorf("row %d: first: %w", line, err)
		}
		if p.Last, err = parseDate(row[4]); err != nil {
			return holidayTable{}, fmt.Errorf("row %d: last: %w", line, err)
		}
		if p.Last.Compare(p.First) < 0 {
			return holidayTable{}, fmt.Errorf("row %d: last day %s before first day %s", line, p.Last, p.First)
		}
		t.byRegion[region] = append(t.byRegion[region], p)
		if !slices.Contains(t.years, p.SchoolYear) {
			t.years = append(t.years, p.SchoolYear)
		}
		if p.Last.Compare(t.last) > 0 {
			t.last = p.Last
		}
	}
	for _, ps := range t.byRegion {
		slices.SortFunc(ps, func(a, b Period) int { return a.First.Compare(b.First) })
	}
	slices.Sort(t.years)
	return t, nil
}

// parseDate reads 2027-02-20.
func parseDate(s string) (Date, error) {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, err
	}
	return Date{d.Year(), d.Month(), d.Day()}, nil
}
