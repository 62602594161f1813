package dialog

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// format.go turns catalogue values into the short words a parent reads,
// in the chat's language. Every word comes from the locale files.

// when describes an occurrence: "di 1 dec, 10:00–11:30, elke week", or
// "vandaag, 19:30–21:00, eenmalig".
func (t *turn) when(occ meetups.Occurrence, p meetups.Pattern) string {
	return t.occurrence(occ) + ", " + t.T("pattern_"+string(p))
}

// occurrence is the day and times only: "di 1 dec, 10:00–11:30".
func (t *turn) occurrence(occ meetups.Occurrence) string {
	start, end := occ.Start.In(meetups.Amsterdam), occ.End.In(meetups.Amsterdam)
	now := t.e.now().In(meetups.Amsterdam)
	var day string
	switch {
	case sameDay(start, now):
		day = t.T("today")
	case sameDay(start, now.AddDate(0, 0, 1)):
		day = t.T("tomorrow")
	default:
		day = t.date(start, true)
	}
	return fmt.Sprintf("%s, %s–%s", day, start.Format("15:04"), end.Format("15:04"))
}

// date is "di 1 dec" (with the weekday) or "1 dec".
func (t *turn) date(d time.Time, weekday bool) string {
	days := strings.Fields(t.T("days_short"))
	months := strings.Fields(t.T("months_short"))
	s := fmt.Sprintf("%d %s", d.Day(), pick(months, int(d.Month())-1))
	if weekday {
		s = pick(days, int(d.Weekday())) + " " + s
	}
	return s
}

func pick(list []string, i int) string {
	if i >= 0 && i < len(list) {
		return list[i]
	}
	return "?"
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// km is a distance with one decimal and the language's decimal sign.
func (t *turn) km(d float64) string {
	s := fmt.Sprintf("%.1f", math.Round(d*10)/10)
	return strings.Replace(s, ".", t.T("decimal_sep"), 1)
}

// cost is "gratis" or "€ 2,50" ("€ 3" for whole euros).
func (t *turn) cost(cents int) string {
	if cents == 0 {
		return t.T("free")
	}
	amount := fmt.Sprintf("%d", cents/100)
	if cents%100 != 0 {
		amount = fmt.Sprintf("%d%s%02d", cents/100, t.T("decimal_sep"), cents%100)
	}
	return t.T("cost", map[string]any{"Amount": amount})
}

// languages names the spoken languages; codes without a name are shown as
// they are, in capitals.
func (t *turn) languages(codes []string) string {
	names := make([]string, 0, len(codes))
	for _, c := range codes {
		if n, ok := t.e.loc.Lookup(t.lang, "lang_name_"+c); ok {
			names = append(names, n)
		} else {
			names = append(names, strings.ToUpper(c))
		}
	}
	return strings.Join(names, ", ")
}

// title is the meetup's title, marked when it is a sample.
func (t *turn) title(m meetups.Meetup) string {
	if m.Sample {
		return m.Title + t.T("sample_suffix")
	}
	return m.Title
}

// kindEmoji gives every kind a picture, so a list can be scanned quickly.
var kindEmoji = map[meetups.Kind]string{
	meetups.KindParentEvening:    "🏫",
	meetups.KindBabyCafe:         "☕",
	meetups.KindPlaygroup:        "🧸",
	meetups.KindPeerGroup:        "💬",
	meetups.KindParentCourse:     "📚",
	meetups.KindVolunteerSupport: "🤝",
}

// sayWhich answers a place name several places have, where there are no
// buttons to choose with: their names, and how to say which.
func (t *turn) sayWhich(err error) {
	var e *meetups.Error
	var labels []string
	if errors.As(err, &e) {
		for _, p := range e.Places {
			labels = append(labels, p.Label)
		}
	}
	t.say("place_which", map[string]any{"Places": strings.Join(labels, t.T("or"))})
}
