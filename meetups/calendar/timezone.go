package calendar

import (
	ics "github.com/arran4/golang-ical"
)

// amsterdam is the VTIMEZONE that defines TZID=Europe/Amsterdam: the EU's
// summer time rules in force since 1996 (from the last Sunday of March at
// 02:00 to the last Sunday of October at 03:00, local time), written from
// 1970 as Google and Apple write them. Outlook needs it to map the TZID to
// its own zones; the others know the name but read it too.
func amsterdam() *ics.VTimezone {
	tz := ics.NewTimezone(tzid)
	rule := func(c *ics.ComponentBase, from, to, name, start, rrule string) {
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), from)
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), to)
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		c.AddProperty(ics.ComponentPropertyDtStart, start)
		c.AddProperty(ics.ComponentPropertyRrule, rrule)
	}
	summer, winter := &ics.Daylight{}, &ics.Standard{}
	rule(&summer.ComponentBase, "+0100", "+0200", "CEST", "19700329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	rule(&winter.ComponentBase, "+0200", "+0100", "CET", "19701025T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	tz.Components = append(tz.Components, summer, winter)
	return tz
}

// AddTimezone adds the Europe/Amsterdam VTIMEZONE to cal, for other
// writers of iCalendar (the catalogue feed, meetups/importer).
func AddTimezone(cal *ics.Calendar) {
	cal.Components = append(cal.Components, amsterdam())
}
