package importer

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/ouderkring/ouderkring/meetups"
)

// propOrganisation carries the organisation's name in our own feeds; other
// feeds say it with ORGANIZER;CN= or the calendar's name.
const propOrganisation = "X-OUDERKRING-ORGANISATION"

// ReadICS reads an iCalendar feed: every VEVENT becomes a meetup with its
// UID as external id, SUMMARY as title, DESCRIPTION, LOCATION (split into
// venue, address, postcode and city, and geocoded unless GEO gives the
// point), DTSTART and DTEND or DURATION (in their TZID, UTC, or, without
// either, Amsterdam), RRULE and EXDATE. CATEGORIES that name a kind or
// themes set them; opts give the rest (kind, ages, organisation). Events
// that are cancelled, private, or change one date of a series (a
// RECURRENCE-ID) are skipped and listed in File.Skipped.
func ReadICS(name string, data []byte, opts Options) (*File, error) {
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		return nil, &FileError{Name: name, Line: firstInvalidLine(data), Reason: "is not UTF-8 text, as iCalendar must be"}
	}
	upper := bytes.ToUpper(data)
	if !bytes.Contains(upper, []byte("BEGIN:VCALENDAR")) || !bytes.Contains(upper, []byte("END:VCALENDAR")) {
		return nil, &FileError{Name: name, Reason: "is not an iCalendar file (BEGIN:VCALENDAR ... END:VCALENDAR)"}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		return nil, &FileError{Name: name, Reason: "is not a valid iCalendar file: " + err.Error()}
	}
	calName := ""
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyXWRCalName) {
			calName = strings.TrimSpace(p.Value)
		}
	}

	f := &File{Name: name, Format: ICS, unit: "event"}
	seen := map[string]int{}
	for i, ev := range cal.Events() {
		n := i + 1
		uid := value(ev, ics.ComponentPropertyUniqueId)
		switch {
		case ev.GetProperty(ics.ComponentPropertyRecurrenceId) != nil:
			f.skip(n, uid, "changes one date of a series; only whole series are imported")
			continue
		case strings.EqualFold(value(ev, ics.ComponentPropertyStatus), "CANCELLED"):
			f.skip(n, uid, "is cancelled")
			continue
		case strings.EqualFold(value(ev, ics.ComponentPropertyClass), "PRIVATE"),
			strings.EqualFold(value(ev, ics.ComponentPropertyClass), "CONFIDENTIAL"):
			f.skip(n, uid, "is private")
			continue
		}
		f.Rows++
		e := entry{row: n}
		e.meetup.ExternalID = uid
		x := event{f: f, e: &e, ev: ev}
		x.build(opts, calName)
		if uid != "" {
			if prev, dup := seen[uid]; dup {
				x.bad("UID", "is also the UID of event %d; every event needs its own", prev)
			} else {
				seen[uid] = n
			}
		}
		f.entries = append(f.entries, e)
	}
	return f, nil
}

// value is a property's text, "" when the event lacks it.
func value(ev *ics.VEvent, p ics.ComponentProperty) string {
	if prop := ev.GetProperty(p); prop != nil {
		return strings.TrimSpace(prop.Value)
	}
	return ""
}

// event is one VEVENT being read into its entry.
type event struct {
	f  *File
	e  *entry
	ev *ics.VEvent
}

func (x event) bad(prop, format string, args ...any) { x.f.problem(x.e, prop, format, args...) }

func (x event) build(opts Options, calName string) {
	m := &x.e.meetup
	switch n := utf8.RuneCountInString(m.ExternalID); {
	case n == 0:
		x.bad("UID", "an event needs a UID; it is how a later import finds it again")
	case n > maxIDLength:
		x.bad("UID", "%d characters is more than %d", n, maxIDLength)
	}
	m.OrgName = opts.Organisation
	if org := x.ev.GetProperty(ics.ComponentPropertyOrganizer); m.OrgName == "" && org != nil && len(org.ICalParameters["CN"]) > 0 {
		m.OrgName = strings.TrimSpace(org.ICalParameters["CN"][0])
	}
	if m.OrgName == "" {
		m.OrgName = value(x.ev, propOrganisation)
	}
	if m.OrgName == "" {
		m.OrgName = calName
	}
	if m.OrgName == "" || utf8.RuneCountInString(m.OrgName) > maxIDLength {
		x.bad("ORGANIZER", "no organisation: give one with --org, or ORGANIZER;CN= or X-WR-CALNAME in the feed")
	}
	switch m.Title = value(x.ev, ics.ComponentPropertySummary); {
	case m.Title == "":
		x.bad("SUMMARY", "a title is needed")
	case utf8.RuneCountInString(m.Title) > meetups.MaxTitle:
		x.bad("SUMMARY", "%d characters is more than %d", utf8.RuneCountInString(m.Title), meetups.MaxTitle)
	}
	m.Description = truncate(value(x.ev, ics.ComponentPropertyDescription), meetups.MaxDescription)
	x.categories(opts)
	m.AgeMinMonths, m.AgeMaxMonths = opts.AgeMinMonths, opts.AgeMaxMonths
	if m.AgeMinMonths == 0 && m.AgeMaxMonths == 0 {
		m.AgeMinMonths, m.AgeMaxMonths = meetups.MinAgeMonths, meetups.MaxAgeMonths
	}
	m.Languages = []string{"nl"}
	m.Join, m.BabiesWelcome, m.SiblingsWelcome = meetups.JoinWalkIn, true, true
	m.Status = status(opts)
	x.place()
	m.Schedule = x.schedule()
}

// truncate cuts s to at most limit characters, ending with "…": a feed is
// written for calendars, and its long descriptions should not keep a
// meetup out.
func truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:limit-1])) + "…"
}

// categories reads the kind and themes from CATEGORIES.
func (x event) categories(opts Options) {
	m := &x.e.meetup
	for _, p := range x.ev.GetProperties(ics.ComponentPropertyCategories) {
		for _, c := range strings.Split(p.Value, ",") {
			if k, err := parseKind(strings.TrimSpace(c)); err == nil && m.Kind == "" {
				m.Kind = k
			} else if ts, err := parseThemes(c); err == nil && len(ts) == 1 && !containsTheme(m.Themes, ts[0]) {
				m.Themes = append(m.Themes, ts[0])
			}
		}
	}
	if m.Kind == "" {
		m.Kind = opts.Kind
	}
	if m.Kind == "" {
		x.bad("CATEGORIES", "no category names a kind; give the feed's kind with --kind (%s)", strings.TrimPrefix(kindList(), "write one of "))
	}
}

func containsTheme(ts []meetups.Theme, t meetups.Theme) bool {
	for _, v := range ts {
		if v == t {
			return true
		}
	}
	return false
}

// place reads GEO, LOCATION and URL. An event without GEO whose LOCATION
// is empty, a link, or says "online" is online, at its URL.
func (x event) place() {
	m := &x.e.meetup
	loc := value(x.ev, ics.ComponentPropertyLocation)
	link := value(x.ev, ics.ComponentPropertyUrl)
	geo := value(x.ev, ics.ComponentPropertyGeo)
	if geo == "" && (loc == "" || strings.Contains(strings.ToLower(loc), "online") || checkURL(loc) == nil) {
		if checkURL(loc) == nil {
			link = loc
		} else {
			m.Venue = loc
		}
		if loc == "" && link == "" {
			x.bad("LOCATION", "an event needs a LOCATION (or GEO), or a URL when it is online")
			return
		}
		m.Online, m.OnlineURL = true, link
		if link != "" && checkURL(link) != nil {
			x.bad("URL", "%v", checkURL(link))
		}
		return
	}
	m.Venue, m.Address, m.Postcode, m.City = splitLocation(loc)
	if geo != "" {
		la, lo, ok := strings.Cut(strings.ReplaceAll(geo, ",", ";"), ";")
		lat, errLat := parseDegrees(strings.TrimSpace(la))
		lon, errLon := parseDegrees(strings.TrimSpace(lo))
		p := meetups.Point{Lat: lat, Lon: lon}
		switch {
		case !ok || errLat != nil || errLon != nil:
			x.bad("GEO", "%q is not latitude;longitude (52.0907;5.1214)", geo)
		case !inNetherlands(p):
			x.bad("GEO", "%q is not in the Netherlands", geo)
		default:
			m.Point = &p
		}
		return
	}
	switch {
	case m.Postcode != "":
		x.e.query, x.e.column = m.Postcode, "LOCATION"
	case m.City != "":
		x.e.query, x.e.column = m.City, "LOCATION"
	default:
		x.bad("LOCATION", "%q has no postcode or town to find it by; add one, or GEO", loc)
	}
}

var postcodeRe = regexp.MustCompile(`\b[1-9][0-9]{3} ?[A-Za-z]{2}\b`)

// splitLocation splits "Venue, Street 1, 3512 JE Utrecht" (the form our
// export writes, and most feeds) into its parts; a trailing country is
// dropped. What it cannot place stays in venue or address.
func splitLocation(loc string) (venue, address, postcode, city string) {
	var parts []string
	for _, p := range strings.Split(loc, ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if n := len(parts); n > 1 {
		switch strings.ToLower(parts[n-1]) {
		case "nederland", "netherlands", "the netherlands", "nl":
			parts = parts[:n-1]
		}
	}
	if len(parts) == 0 {
		return
	}
	last := parts[len(parts)-1]
	if i := postcodeRe.FindStringIndex(last); i != nil {
		postcode, city = last[i[0]:i[1]], strings.TrimSpace(last[i[1]:])
		if before := strings.TrimSpace(last[:i[0]]); before != "" {
			parts[len(parts)-1] = before
		} else {
			parts = parts[:len(parts)-1]
		}
	} else if len(parts) > 1 && strings.IndexFunc(last, unicode.IsDigit) < 0 {
		city, parts = last, parts[:len(parts)-1]
	}
	switch len(parts) {
	case 0:
	case 1:
		if strings.IndexFunc(parts[0], unicode.IsDigit) >= 0 {
			address = parts[0]
		} else {
			venue = parts[0]
		}
	default:
		venue, address = parts[0], strings.Join(parts[1:], ", ")
	}
	return venue, address, postcode, city
}

// isoDuration is an RFC 5545 duration: weeks, days, hours, minutes, seconds.
var isoDuration = regexp.MustCompile(`^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// parseICSDuration reads an RFC 5545 duration ("PT1H30M").
func parseICSDuration(s string) (time.Duration, bool) {
	m := isoDuration.FindStringSubmatch(strings.ToUpper(strings.TrimPrefix(s, "+")))
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return 0, false
	}
	units := []time.Duration{7 * 24 * time.Hour, 24 * time.Hour, time.Hour, time.Minute, time.Second}
	var d time.Duration
	for i, u := range units {
		if m[i+1] != "" {
			n, _ := strconv.Atoi(m[i+1])
			d += time.Duration(n) * u
		}
	}
	return d, true
}
