package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/schoolholidays"
)

// holidaysNow is the program's clock at the start of TestHolidaysConversation:
// a Monday in the autumn of 2026, inside the first school year
// meetups/schoolholidays/holidays.csv holds and before its Christmas
// holiday, so the test means the same whatever the real date.
var holidaysNow = time.Date(2026, 11, 2, 9, 0, 0, 0, meetups.Amsterdam)

// TestHolidaysConversation: an organiser adds a weekly meetup that skips
// region midden's school holidays (going back from that question once), and
// the meetup in the database has an EXDATE on every Tuesday in those
// holidays and on no other day.
func TestHolidaysConversation(t *testing.T) {
	if !schoolholidays.Covered(holidaysNow) {
		t.Fatalf("holidays.csv no longer holds the school year of %s: move holidaysNow into one it holds", holidaysNow.Format(time.DateOnly))
	}
	e := setupE2EClock(t, newTestClock(holidaysNow))
	const organiser = 5001
	ctx := context.Background()
	e.becomeOrganiser(t, organiser, "Speelzaal De Kikker", true)

	e.onlineWeekly(t, organiser, "☕ "+e.loc.T("nl", "kind_baby_cafe"), "Peuterochtend De Kikker",
		"Spelen, koffie en andere ouders. Niet in de schoolvakanties.", "https://meet.example.org/kikker", "dinsdag", "10:00-11:30")

	// The new question; back goes to the skipped dates and returns.
	year := map[string]any{"Year": schoolholidays.End().Year()}
	q := e.expectText(t, organiser, "nl", "org_holidays", year)
	if got := len(q.InlineKeyboard()); got != 5 {
		t.Errorf("holiday question: got=%d rows of buttons, want No, three regions, back/stop", got)
	}
	e.tg.Click(t, q, e.loc.T("nl", "org_back"))
	q = e.expectText(t, organiser, "nl", "org_skip")
	e.tg.Click(t, q, e.loc.T("nl", "org_skip_none"))
	q = e.expectText(t, organiser, "nl", "org_holidays", year)
	e.tg.Click(t, q, e.loc.T("nl", "org_hol_midden"))

	q = e.expectText(t, organiser, "nl", "org_ages")
	e.tg.Click(t, q, e.loc.T("nl", "age_1_4"))
	q = e.tg.Next(t, organiser)
	e.tg.Click(t, q, e.loc.T("nl", "org_done"))
	q = e.expectText(t, organiser, "nl", "org_themes")
	e.tg.Click(t, q, e.loc.T("nl", "org_done"))
	q = e.expectText(t, organiser, "nl", "org_langs")
	e.tg.Click(t, q, e.loc.T("nl", "org_done"))
	q = e.expectText(t, organiser, "nl", "org_cost")
	e.tg.Click(t, q, e.loc.T("nl", "org_cost_free"))
	q = e.expectText(t, organiser, "nl", "org_join")
	e.tg.Click(t, q, e.loc.T("nl", "join_walk_in"))
	if preview := e.tg.Next(t, organiser); !strings.Contains(preview.Text(), "Peuterochtend De Kikker") {
		t.Errorf("preview: got=%q", preview.Text())
	}
	q = e.tg.Next(t, organiser)
	line := e.loc.T("nl", "org_hol_preview", map[string]any{"Region": e.loc.T("nl", "hol_region_midden"), "Year": year["Year"]})
	if !strings.HasPrefix(q.Text(), e.loc.T("nl", "org_preview")) || !strings.Contains(q.Text(), line) {
		t.Fatalf("preview question: got=%q, want org_preview and %q", q.Text(), line)
	}
	e.tg.Click(t, q, e.loc.T("nl", "org_publish"))
	e.expectText(t, organiser, "nl", "org_published")

	// The stored meetup: an EXDATE on each holiday Tuesday, none outside.
	ms, err := e.members.Memberships(ctx, organiser)
	if err != nil || len(ms) != 1 {
		t.Fatalf("memberships: %v, %v", ms, err)
	}
	list, err := e.cat.OrgMeetups(ctx, ms[0].OrgID)
	if err != nil || len(list) != 1 {
		t.Fatalf("meetups of the organisation: %d, %v", len(list), err)
	}
	m, err := e.cat.Meetup(ctx, list[0].ID)
	if err != nil {
		t.Fatalf("the published meetup: %v", err)
	}
	got := m.Schedule.ExDates
	want := schoolholidays.SkipDates(schoolholidays.Midden, m.Schedule, m.Schedule.Start.Add(-time.Second), schoolholidays.End())
	if len(want) == 0 {
		t.Fatal("no Tuesday left in midden's holidays: the table is nearly out of date")
	}
	if len(got) != len(want) {
		t.Errorf("exdates: got=%d, want %d (%v)", len(got), len(want), want)
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, w.Equal) {
			t.Errorf("exdates lack %s, a Tuesday in midden's holidays", w.In(meetups.Amsterdam))
		}
	}
	for _, g := range got {
		if _, in := schoolholidays.In(schoolholidays.Midden, g); !in {
			t.Errorf("exdate %s is not in a midden holiday", g.In(meetups.Amsterdam))
		}
		if g.In(meetups.Amsterdam).Weekday() != time.Tuesday {
			t.Errorf("exdate %s is not on the meetup's Tuesday", g.In(meetups.Amsterdam))
		}
	}
	// The first date is the Tuesday after the clock's Monday.
	if first := time.Date(2026, 11, 3, 10, 0, 0, 0, meetups.Amsterdam); !m.Schedule.Start.Equal(first) {
		t.Errorf("the meetup starts %s, want %s", m.Schedule.Start.In(meetups.Amsterdam), first)
	}
	// Parents see no date in a holiday.
	for _, o := range m.Schedule.Next(e.clock.Now(), 60) {
		if p, in := schoolholidays.In(schoolholidays.Midden, o.Start); in {
			t.Errorf("parents see %s, in the %s", o.Start, p.Name)
		}
	}
	christmas := time.Date(2026, 12, 22, 10, 0, 0, 0, meetups.Amsterdam)
	if !slices.ContainsFunc(got, christmas.Equal) {
		t.Errorf("exdates lack Tuesday 22 December 2026: %v", got)
	}
}

// onlineWeekly answers /nieuw for an online meetup of the kind labelled
// kind, weekly on day (its Dutch name) at times, with no end and no dates
// to skip: the next message is the school-holidays question.
func (e *e2e) onlineWeekly(t *testing.T, organiser int64, kind, title, desc, link, day, times string) {
	t.Helper()
	e.tg.SendCommand(organiser, "nl", "/nieuw")
	q := e.expectText(t, organiser, "nl", "org_kind")
	e.tg.Click(t, q, kind)
	e.expectText(t, organiser, "nl", "org_title")
	e.tg.SendText(organiser, "nl", title)
	e.expectText(t, organiser, "nl", "org_desc")
	e.tg.SendText(organiser, "nl", desc)
	q = e.expectText(t, organiser, "nl", "org_where")
	e.tg.Click(t, q, e.loc.T("nl", "org_online"))
	e.expectText(t, organiser, "nl", "org_link")
	e.tg.SendText(organiser, "nl", link)
	q = e.expectText(t, organiser, "nl", "org_repeat")
	e.tg.Click(t, q, e.loc.T("nl", "rep_weekly"))
	q = e.expectText(t, organiser, "nl", "org_weekday")
	e.tg.Click(t, q, day)
	e.expectText(t, organiser, "nl", "org_times")
	e.tg.SendText(organiser, "nl", times)
	q = e.expectText(t, organiser, "nl", "org_until")
	e.tg.Click(t, q, e.loc.T("nl", "org_until_none"))
	q = e.expectText(t, organiser, "nl", "org_skip")
	e.tg.Click(t, q, e.loc.T("nl", "org_skip_none"))
}
