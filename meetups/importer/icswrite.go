package importer

import (
	"io"
	"strconv"
	"strings"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/calendar"
)

const (
	tzid      = "Europe/Amsterdam"
	localTime = "20060102T150405"
)

// WriteICS writes ms as an iCalendar feed that calendar apps subscribe to
// and ReadICS reads back: one VEVENT per meetup with dated occurrences,
// its times in Europe/Amsterdam (with the VTIMEZONE that defines it), its
// RRULE and EXDATEs, LOCATION and GEO, the kind and themes as CATEGORIES
// and the organisation in X-OUDERKRING-ORGANISATION. The UID is the
// meetup's external id as WriteCSV writes it, or meetup-<id>@ouderkring,
// so a calendar that subscribed updates its events instead of doubling
// them. Ongoing programmes have no dates, so no event: skipped says how
// many were left out. DTSTAMP is the meetup's last change, so an
// unchanged catalogue gives the same file.
func WriteICS(w io.Writer, ms []meetups.Meetup) (skipped int, err error) {
	cal := ics.NewCalendarFor("Ouderkring")
	cal.SetProductId("-//Ouderkring//Catalogue//NL")
	cal.SetCalscale("GREGORIAN")
	cal.SetXWRCalName("Ouderkring")
	cal.SetXWRTimezone(tzid)
	calendar.AddTimezone(cal)
	ids := exportIDs(ms)
	for i, m := range ms {
		if m.Schedule.Kind != meetups.ScheduleOnce && m.Schedule.Kind != meetups.ScheduleRecurring {
			skipped++
			continue
		}
		uid := ids[i]
		if uid != m.ExternalID {
			uid += "@ouderkring"
		}
		addEvent(cal, m, uid)
	}
	return skipped, cal.SerializeTo(w, ics.WithNewLineWindows) // RFC 5545 lines end in CRLF
}

func addEvent(cal *ics.Calendar, m meetups.Meetup, uid string) {
	s := m.Schedule
	ev := cal.AddEvent(uid)
	stamp := m.UpdatedAt
	if stamp.IsZero() {
		stamp = s.Start
	}
	ev.SetDtStampTime(stamp)
	start := s.Start.In(meetups.Amsterdam)
	ev.SetProperty(ics.ComponentPropertyDtStart, start.Format(localTime), ics.WithTZID(tzid))
	end := s.End
	if s.Kind == meetups.ScheduleRecurring {
		end = start.Add(s.Duration)
	}
	ev.SetProperty(ics.ComponentPropertyDtEnd, end.In(meetups.Amsterdam).Format(localTime), ics.WithTZID(tzid))
	if s.Kind == meetups.ScheduleRecurring {
		rule, err := calendar.RRule(s.RRule)
		if err != nil {
			rule = s.RRule // Validate passed it; write it as stored
		}
		ev.AddRrule(rule)
		// A cancelled date is stored as a day; calendars skip an
		// occurrence only when EXDATE names its exact start.
		if ex := calendar.ExDates(s.ExDates, start); len(ex) > 0 {
			dates := make([]string, len(ex))
			for i, t := range ex {
				dates[i] = t.In(meetups.Amsterdam).Format(localTime)
			}
			ev.AddProperty(ics.ComponentPropertyExdate, strings.Join(dates, ","), ics.WithTZID(tzid))
		}
	}
	ev.SetSummary(m.Title)
	if m.Description != "" {
		ev.SetDescription(m.Description)
	}
	if m.Online {
		where := "Online"
		if strings.Contains(strings.ToLower(m.Venue), "online") {
			where = m.Venue
		}
		ev.SetLocation(where)
		if m.OnlineURL != "" {
			ev.SetURL(m.OnlineURL)
		}
	} else {
		if where := location(m); where != "" {
			ev.SetLocation(where)
		}
		if m.Point != nil {
			ev.SetProperty(ics.ComponentPropertyGeo, strconv.FormatFloat(m.Point.Lat, 'f', -1, 64)+";"+
				strconv.FormatFloat(m.Point.Lon, 'f', -1, 64))
		}
		if m.SignupURL != "" {
			ev.SetURL(m.SignupURL)
		}
	}
	ev.AddCategory(string(m.Kind))
	for _, t := range m.Themes {
		ev.AddCategory(string(t))
	}
	if m.OrgName != "" {
		ev.SetProperty(propOrganisation, m.OrgName)
	}
}

// location is "Venue, Address, Postcode City", the form splitLocation
// reads back.
func location(m meetups.Meetup) string {
	var parts []string
	for _, p := range []string{m.Venue, m.Address, strings.TrimSpace(m.Postcode + " " + m.City)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
