package demo

import (
	"slices"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// Each kind's builder picks an offer, sets what is particular to the kind
// (title, schedule, cost, how to join, who may come along) and returns the
// offer with the kind's default venues and organisations.

func (g *generator) babyCafe(m *meetups.Meetup, v *vars) (*offer, []string, []string) {
	o := &babyCafeOffers[g.r.IntN(len(babyCafeOffers))]
	v.naam = pick(g, babyCafeNames)
	m.Title = v.fill(pick(g, o.titles))

	w := weekly{every: 1}
	if g.chance(0.3) {
		w.every = 2
	}
	wd, h, mi := g.weekday(time.Friday), pick(g, []int{9, 10, 10, 10}), pick(g, []int{0, 30})
	switch {
	case g.chance(0.08): // a Saturday baby café, for working parents
		wd, h, mi = time.Saturday, 10, 0
	case g.chance(0.05):
		h, mi = 13, 30
	}
	w.days = []time.Weekday{wd}
	w.start = g.today.onOrBefore(wd) - day(7*w.every*g.between(1, 4))
	m.Schedule = g.recurring(w, h, mi, pick(g, []int{90, 90, 90, 120}), 0.45)

	switch x := g.r.IntN(100); {
	case o.free:
	case x < 15:
		m.CostNote = "vrijwillige bijdrage"
	case x < 25:
		m.CostCents, m.CostNote = 200, "inclusief koffie en thee"
	case x < 30:
		m.CostCents = 150
	}
	m.Join = meetups.JoinWalkIn
	m.BabiesWelcome, m.SiblingsWelcome = true, g.chance(0.85)
	return o, babyCafeVenues, babyCafeOrgs
}

func (g *generator) playgroup(m *meetups.Meetup, v *vars) (*offer, []string, []string) {
	o := &playgroupOffers[g.r.IntN(len(playgroupOffers))]
	v.naam = pick(g, playgroupNames)
	m.Title = v.fill(pick(g, o.titles))

	w := weekly{every: 1}
	h, mi := pick(g, []int{9, 9, 10}), pick(g, []int{0, 30})
	switch {
	case o.when == slotSaturday:
		w.days, h, mi = []time.Weekday{time.Saturday}, pick(g, []int{9, 10}), pick(g, []int{0, 30})
	case g.chance(0.2): // twice a week
		w.days = pick(g, [][]time.Weekday{{time.Monday, time.Wednesday}, {time.Tuesday, time.Thursday}, {time.Monday, time.Thursday}, {time.Wednesday, time.Friday}})
	default:
		w.days = []time.Weekday{g.weekday(time.Friday)}
		if g.chance(0.15) {
			h, mi = pick(g, []int{14, 15}), 0
		}
	}
	w.start = g.today.onOrBefore(w.days[0]) - day(7*g.between(2, 10))
	if g.chance(0.2) { // until the summer holiday
		w.until = nextSummerBreak(g.today)
	}
	m.Schedule = g.recurring(w, h, mi, pick(g, []int{90, 90, 120}), 0.5)

	switch x := g.r.IntN(100); {
	case o.free:
	case x < 15:
		m.CostNote = "vrijwillige bijdrage"
	case x < 35:
		m.CostCents, m.CostNote = pick(g, []int{200, 250, 300}), "per keer"
	case x < 42:
		m.CostCents, m.CostNote = 400, "met een laag inkomen gratis, vraag ernaar"
	}
	m.Join = meetups.JoinWalkIn
	m.BabiesWelcome, m.SiblingsWelcome = g.chance(0.8), g.chance(0.9)
	return o, playgroupVenues, playgroupOrgs
}

func (g *generator) peerGroup(m *meetups.Meetup, v *vars) (*offer, []string, []string) {
	o := &peerGroupOffers[g.r.IntN(len(peerGroupOffers))]
	v.naam = pick(g, houseNames)
	m.Title = v.fill(pick(g, o.titles))

	when := o.when
	if when == slotKind {
		switch fathers := slices.Contains(o.themes, meetups.ThemeFathers); {
		case fathers && g.chance(0.5): // fathers who work on weekdays
			when = slotSaturday
		case fathers || g.chance(0.7):
			when = slotEvening
		default:
			when = slotMorning
		}
	}
	switch {
	case when == slotSaturday:
		mo := monthly{n: g.between(1, 3), wd: time.Saturday}
		m.Schedule = g.monthly(mo, 10, 0, 120)
	case when == slotEvening && g.chance(0.8):
		mo := monthly{n: pick(g, []int{1, 2, 2, 3, 4, -1}), wd: g.weekday(time.Thursday)}
		if mo.n == -1 && g.chance(0.4) {
			mo.wd = time.Friday
		}
		at := pick(g, [][2]int{{19, 0}, {19, 30}, {19, 30}, {20, 0}})
		m.Schedule = g.monthly(mo, at[0], at[1], pick(g, []int{90, 120, 120}))
	case when == slotEvening:
		w := weekly{every: 2, days: []time.Weekday{g.weekday(time.Thursday)}}
		w.start = g.today.onOrBefore(w.days[0]) - day(14*g.between(1, 4))
		m.Schedule = g.recurring(w, 19, 30, 120, 0.5)
	case g.chance(0.5): // a morning once a month
		mo := monthly{n: g.between(1, 4), wd: g.weekday(time.Friday)}
		m.Schedule = g.monthly(mo, pick(g, []int{9, 10}), pick(g, []int{0, 30}), pick(g, []int{90, 120}))
	default: // a weekly or fortnightly coffee morning
		w := weekly{every: pick(g, []int{1, 2, 2}), days: []time.Weekday{g.weekday(time.Friday)}}
		w.start = g.today.onOrBefore(w.days[0]) - day(7*w.every*g.between(1, 4))
		m.Schedule = g.recurring(w, pick(g, []int{9, 10}), 30, 90, 0.5)
	}

	switch x := g.r.IntN(100); {
	case x < 12:
		m.CostNote = "vrijwillige bijdrage voor koffie en thee"
	case x < 25:
		m.CostCents, m.CostNote = pick(g, []int{200, 250, 300, 500}), "voor koffie, thee en iets lekkers"
	}
	m.Join = meetups.JoinWalkIn
	if o.signUp || g.chance(0.15) {
		m.Join = meetups.JoinSignUp
	}
	m.BabiesWelcome = !o.noBabies && (when != slotEvening || g.chance(0.4))
	m.SiblingsWelcome = when != slotEvening && g.chance(0.5)
	return o, peerVenues, peerOrgs
}

func (g *generator) parentEvening(m *meetups.Meetup, v *vars) (*offer, []string, []string) {
	o := &parentEveningOffers[g.r.IntN(len(parentEveningOffers))]
	v.naam = pick(g, houseNames)
	clinic := o.venues[0] == atClinic[0]

	// A date one to eight weeks ahead, moved to a day that fits the
	// variant and out of the Christmas break.
	d := g.today + day(g.between(7, 50))
	var h, mi int
	length := 90 * time.Minute
	switch {
	case clinic && g.chance(0.5): // a weekday morning, babies on the lap
		m.Title = "Informatieochtend: " + o.titles[0]
		d, h = weekdayFrom(d, time.Friday), 10
	case !clinic && g.chance(0.1): // a Saturday morning, so working parents can come
		m.Title = "Ouderochtend: " + o.titles[0]
		d, h = d.onOrAfter(time.Saturday), 10
	default:
		m.Title = pick(g, []string{"Ouderavond", "Ouderavond", "Thema-avond", "Informatieavond"}) + ": " + o.titles[0]
		d = weekdayFrom(d, time.Thursday)
		h, mi = pick(g, []int{19, 19, 19, 20}), pick(g, []int{0, 30, 30})
		if h == 20 {
			mi = 0
		}
		length = pick(g, []time.Duration{90 * time.Minute, 90 * time.Minute, 2 * time.Hour})
	}
	if inChristmasBreak(d) {
		before := d
		for inChristmasBreak(before) {
			before -= 7
		}
		for inChristmasBreak(d) {
			d += 7
		}
		if before >= g.today+7 {
			d = before
		}
	}
	start := d.at(h, mi)
	m.Schedule = meetups.Schedule{Kind: meetups.ScheduleOnce, Start: start, End: start.Add(length)}

	m.Join = meetups.JoinWalkIn
	if g.chance(0.25) {
		m.Join = meetups.JoinSignUp
	}
	m.BabiesWelcome = clinic || g.chance(0.25)
	orgs := []string{"{school} {stad}"}
	if o.venues[0] == atSecondary[0] {
		orgs = []string{"{college} {stad}"}
	}
	return o, nil, orgs
}

func (g *generator) course(m *meetups.Meetup, v *vars) (*offer, []string, []string) {
	o := &courseOffers[g.r.IntN(len(courseOffers))]
	v.naam = pick(g, houseNames)
	m.Title = v.fill(pick(g, o.titles))

	when := o.when
	if when == slotKind {
		when = slotMorning
		if g.chance(0.6) {
			when = slotEvening
		}
	}
	h, mi, minutes := 9, 30, 120
	wd := g.weekday(time.Friday)
	if when == slotEvening {
		wd = g.weekday(time.Thursday)
		h, mi = pick(g, []int{19, 19, 20}), pick(g, []int{0, 30})
		if h == 20 {
			mi = 0
		}
	} else if g.chance(0.5) {
		h, mi, minutes = 10, 0, 90
	}
	sessions := o.sessions
	if sessions == 0 {
		sessions = 6
	}
	w := weekly{every: 1, days: []time.Weekday{wd}}
	w.start = (g.today + day(g.between(7, 49))).onOrAfter(wd)
	// Count the sessions from the start, skipping the Christmas break, so
	// the course keeps all its meetings.
	var ex []time.Time
	d, total := w.start, 0
	for held := 0; held < sessions; d += 7 {
		total++
		if inChristmasBreak(d) {
			ex = append(ex, d.at(h, mi))
			continue
		}
		held++
	}
	if g.chance(0.55) {
		w.count = total
	} else {
		w.until = d - 7
	}
	m.Schedule = meetups.Schedule{Kind: meetups.ScheduleRecurring, Start: w.start.at(h, mi), RRule: w.rrule(),
		Duration: time.Duration(minutes) * time.Minute, ExDates: ex}

	switch x := g.r.IntN(100); {
	case x < 50:
		m.CostNote = "gratis, betaald door de gemeente"
	case x < 80:
		m.CostCents, m.CostNote = 2500, "€ 25 voor de hele cursus; vraag gerust naar korting"
	default:
		m.CostCents, m.CostNote = 500, "per bijeenkomst"
	}
	m.Join = meetups.JoinSignUp
	m.BabiesWelcome = !o.noBabies && (o.ageMax <= 12 || g.chance(0.4))
	m.SiblingsWelcome = g.chance(0.1)
	return o, courseVenues, courseOrgs
}

func (g *generator) volunteer(m *meetups.Meetup, v *vars) (*offer, []string, []string) {
	o := &volunteerOffers[g.r.IntN(len(volunteerOffers))]
	v.naam = pick(g, houseNames)
	m.Title = v.fill(pick(g, o.titles))
	m.Schedule = meetups.Schedule{Kind: meetups.ScheduleOngoing}
	m.CostNote = "gratis"
	m.Join = meetups.JoinSignUp
	m.BabiesWelcome, m.SiblingsWelcome = true, true
	return o, officeVenues, nil
}

// weekdayFrom is d, or the next Monday when d falls after last in its week.
func weekdayFrom(d day, last time.Weekday) day {
	if wd := d.weekday(); wd == time.Sunday || wd > last {
		return d.onOrAfter(time.Monday)
	}
	return d
}

// weekday is a day from Monday to last.
func (g *generator) weekday(last time.Weekday) time.Weekday {
	return time.Monday + time.Weekday(g.r.IntN(int(last)))
}

// recurring makes a weekly schedule starting at h:mi that lasts minutes,
// skipping the Christmas break with chance pBreak, and now and then one
// cancelled date in the coming weeks (the volunteer is ill).
func (g *generator) recurring(w weekly, h, mi, minutes int, pBreak float64) meetups.Schedule {
	s := meetups.Schedule{Kind: meetups.ScheduleRecurring, Start: w.start.at(h, mi), RRule: w.rrule(),
		Duration: time.Duration(minutes) * time.Minute}
	if g.chance(pBreak) {
		s.ExDates = w.christmas(g.today, h, mi)
	}
	if g.chance(0.06) {
		if d, ok := w.after(g.today + day(7*g.between(1, 6))); ok && !inChristmasBreak(d) {
			s.ExDates = append(s.ExDates, d.at(h, mi))
			slices.SortFunc(s.ExDates, time.Time.Compare)
		}
	}
	return s
}

// monthly makes a monthly schedule whose DTSTART is its occurrence one to
// four months ago; most skip the Christmas break.
func (g *generator) monthly(mo monthly, h, mi, minutes int) meetups.Schedule {
	mo.start = mo.startBefore(g.today, g.between(1, 4))
	s := meetups.Schedule{Kind: meetups.ScheduleRecurring, Start: mo.start.at(h, mi), RRule: mo.rrule(),
		Duration: time.Duration(minutes) * time.Minute}
	if g.chance(0.7) {
		s.ExDates = mo.christmas(g.today, h, mi)
	}
	return s
}
