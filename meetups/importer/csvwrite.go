package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// WriteCSV writes ms with the header of Columns, in a form ReadCSV reads
// back to the same meetups: exporting a catalogue and importing the file
// into an empty database gives the same catalogue. sep is ',' or ';' (for
// Excel in Dutch, which expects semicolons). The file starts with a UTF-8
// byte order mark, so Excel shows accents right.
//
// Each row's external_id is the meetup's own when it has one that no other
// row shares, else meetup-<id>.
func WriteCSV(w io.Writer, ms []meetups.Meetup, sep rune) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = sep
	if err := cw.Write(Columns); err != nil {
		return err
	}
	ids := exportIDs(ms)
	rec := make([]string, len(Columns))
	for i, m := range ms {
		sc := scheduleCells(m.Schedule)
		for j, col := range Columns {
			rec[j] = neutralize(cell(m, col, ids[i], sc))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cell is one column of m as written to a CSV file; sc are its schedule's
// cells.
func cell(m meetups.Meetup, col, id string, sc map[string]string) string {
	switch col {
	case colExternalID:
		return id
	case colOrganisation:
		return m.OrgName
	case colKind:
		return string(m.Kind)
	case colTitle:
		return m.Title
	case colDescription:
		return m.Description
	case colThemes:
		names := make([]string, len(m.Themes))
		for i, t := range m.Themes {
			names[i] = string(t)
		}
		return strings.Join(names, "|")
	case colAgeMin:
		return strconv.Itoa(m.AgeMinMonths)
	case colAgeMax:
		return strconv.Itoa(m.AgeMaxMonths)
	case colAgeBands:
		names := make([]string, len(m.AgeBands))
		for i, b := range m.AgeBands {
			names[i] = string(b)
		}
		return strings.Join(names, "|")
	case colLanguages:
		return strings.Join(m.Languages, "|")
	case colCost:
		return fmt.Sprintf("%d.%02d", m.CostCents/100, m.CostCents%100)
	case colCostNote:
		return m.CostNote
	case colVenue:
		return m.Venue
	case colAddress:
		return m.Address
	case colPostcode:
		return m.Postcode
	case colCity:
		return m.City
	case colLat, colLon:
		if m.Point == nil {
			return ""
		}
		if col == colLat {
			return strconv.FormatFloat(m.Point.Lat, 'f', -1, 64)
		}
		return strconv.FormatFloat(m.Point.Lon, 'f', -1, 64)
	case colOnline:
		return yesNo(m.Online)
	case colOnlineURL:
		return m.OnlineURL
	case colSchedule, colStart, colEnd, colDuration, colRRule, colUntil, colExDates:
		return sc[col]
	case colJoin:
		return string(m.Join)
	case colSignupURL:
		return m.SignupURL
	case colSignupPhone:
		return m.SignupPhone
	case colContact:
		return m.Contact
	case colBabiesWelcome:
		return yesNo(m.BabiesWelcome)
	case colSiblingsWelcome:
		return yesNo(m.SiblingsWelcome)
	case colAccessibility:
		return m.Accessibility
	}
	return ""
}

// scheduleCells writes a schedule as the columns ReadCSV reads: the
// shorthand weekly, biweekly or monthly when the rule is exactly what the
// shorthand (with until) stands for, else the rule itself.
func scheduleCells(s meetups.Schedule) map[string]string {
	out := map[string]string{}
	switch s.Kind {
	case meetups.ScheduleOngoing:
		out[colSchedule] = schedOngoing
		return out
	case meetups.ScheduleOnce:
		out[colSchedule] = schedOnce
		out[colStart], out[colEnd] = wallTime(s.Start), wallTime(s.End)
		return out
	}
	out[colSchedule], out[colRRule] = schedRRule, s.RRule
	out[colStart], out[colDuration] = wallTime(s.Start), formatDuration(s.Duration)
	for _, kind := range []string{schedWeekly, schedBiweekly, schedMonthly} {
		base := keywordRule(kind, s.Start)
		if s.RRule == base {
			out[colSchedule], out[colRRule] = kind, ""
			break
		}
		if until, ok := strings.CutPrefix(s.RRule, base+";UNTIL="); ok {
			if t, err := time.Parse("20060102T150405Z", until); err == nil {
				y, m, d := t.In(meetups.Amsterdam).Date()
				if untilUTC(y, m, d) == until {
					out[colSchedule], out[colRRule], out[colUntil] = kind, "", fmt.Sprintf("%04d-%02d-%02d", y, m, d)
					break
				}
			}
		}
	}
	dates := make([]string, len(s.ExDates))
	for i, t := range s.ExDates {
		dates[i] = t.In(meetups.Amsterdam).Format("2006-01-02")
	}
	out[colExDates] = strings.Join(dates, "|")
	return out
}

// wallTime is t as the start column is written, in Amsterdam.
func wallTime(t time.Time) string {
	t = t.In(meetups.Amsterdam)
	if t.Second() != 0 {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

func formatDuration(d time.Duration) string {
	if d%time.Minute != 0 {
		return d.String()
	}
	m := int(d / time.Minute)
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// exportIDs gives every meetup an id unique in the file: its external id
// when no other meetup shares it (ids are unique per source only), else
// meetup-<id>.
func exportIDs(ms []meetups.Meetup) []string {
	count := map[string]int{}
	for _, m := range ms {
		count[m.ExternalID]++
	}
	ids := make([]string, len(ms))
	used := map[string]bool{}
	for i, m := range ms {
		if m.ExternalID != "" && count[m.ExternalID] == 1 {
			ids[i], used[m.ExternalID] = m.ExternalID, true
		}
	}
	for i, m := range ms {
		if ids[i] != "" {
			continue
		}
		id := fmt.Sprintf("meetup-%d", m.ID)
		for n := 2; used[id]; n++ {
			id = fmt.Sprintf("meetup-%d-%d", m.ID, n)
		}
		ids[i], used[id] = id, true
	}
	return ids
}

// formulaStart are the first characters with which a spreadsheet takes a
// cell for a formula ("=HYPERLINK(…)", "+cmd|…", "@SUM(…)"), or, for tab
// and carriage return, may hide one.
const formulaStart = "=+-@\t\r"

// neutralize makes a cell that a spreadsheet would run as a formula plain
// text by putting an apostrophe in front (OWASP's advice for CSV files); a
// cell that begins with an apostrophe gets one more, so reading strips
// exactly one (unneutralize) and every cell reads back as it was.
func neutralize(s string) string {
	if s != "" && (strings.ContainsRune(formulaStart, rune(s[0])) || s[0] == '\'') {
		return "'" + s
	}
	return s
}

// unneutralize undoes neutralize: an apostrophe before a formula's first
// character, or before another apostrophe, goes.
func unneutralize(s string) string {
	if len(s) >= 2 && s[0] == '\'' && (strings.ContainsRune(formulaStart, rune(s[1])) || s[1] == '\'') {
		return s[1:]
	}
	return s
}
