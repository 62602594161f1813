package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestCountsConversation: a parent's search and card become anonymous
// weekly counts that the meetup's organiser, and nobody else, sees in /mijn.
func TestCountsConversation(t *testing.T) {
	e := setupE2E(t)
	ctx := context.Background()
	const parent, organiser, otherOrganiser = 6001, 6002, 6003
	cafés(t, e.cat, 0.5, 1.5, 2.5, 3.5)
	d, err := db.Open(ctx, e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	counts := d.Counts()

	// A parent searches: the first page of three is shown, then one card.
	e.tg.SendCommand(parent, "nl", "/zoek")
	e.expectText(t, parent, "nl", "find_where")
	e.tg.SendLocation(parent, "nl", utrecht.Lat, utrecht.Lon)
	e.tg.Next(t, parent)        // the location keyboard goes away
	res := e.tg.Next(t, parent) // the results, at once
	assertInOrder(t, res.Text(), []string{"1. ☕ Babycafé 0.5 km", "2. ☕ Babycafé 1.5 km", "3. ☕ Babycafé 2.5 km"})
	var page []int64
	for _, row := range res.InlineKeyboard() {
		for _, b := range row {
			if rest, ok := strings.CutPrefix(b.CallbackData, "r:d:"); ok {
				id, err := strconv.ParseInt(rest, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				page = append(page, id)
			}
		}
	}
	if len(page) != 3 {
		t.Fatalf("details buttons on the first page: got %v", page)
	}
	nearest := page[0]
	e.tg.Click(t, res, e.loc.T("nl", "results_details", map[string]any{"N": 1}))
	if card := e.tg.Next(t, parent); !strings.Contains(card.Text(), "Babycafé 0.5 km") {
		t.Fatalf("card: got=%q", card.Text())
	}
	e.tg.Next(t, parent) // the venue

	// The table: the page counted once each, the card once; nothing else.
	all, err := e.cat.OrgMeetups(ctx, mustOrg(t, e, nearest))
	if err != nil || len(all) != 4 {
		t.Fatalf("the four cafés: %v, %v", all, err)
	}
	var ids []int64
	for _, m := range all {
		ids = append(ids, m.ID)
	}
	// The program writes its counts once a second (countFlush).
	wants := map[int64][4]int{}
	for _, id := range ids {
		switch {
		case id == nearest:
			wants[id] = [4]int{1, 1, 0, 0}
		case id == page[1] || id == page[2]:
			wants[id] = [4]int{1, 0, 0, 0}
		}
	}
	var got map[int64][]meetups.WeekCounts
	matches := func() bool {
		got = weekly(t, counts, ids)
		for _, id := range ids {
			if w := got[id][0]; [4]int{w.Shown, w.Opened, w.Saved, w.Calendar} != wants[id] {
				return false
			}
		}
		return true
	}
	if !eventually(3*countFlush, matches) {
		for _, id := range ids {
			if w := got[id][0]; [4]int{w.Shown, w.Opened, w.Saved, w.Calendar} != wants[id] {
				t.Errorf("meetup %d this week: got=%+v, want %v", id, w, wants[id])
			}
		}
	}

	// The organiser of Buurtteam Oost sees this week's numbers under the meetup.
	e.becomeOrganiser(t, organiser, "Buurtteam Oost", true)
	e.tg.SendCommand(organiser, "nl", "/mijn")
	list := e.tg.Next(t, organiser)
	ids0 := strconv.FormatInt(nearest, 10)
	e.tg.PressButton(organiser, "nl", list.MessageID(), "m:o:"+ids0)
	mine := e.tg.Next(t, organiser)
	_, week := got[nearest][0].Week.ISOWeek()
	want := e.loc.T("nl", "counts_week", map[string]any{"Week": week, "Shown": 1, "Opened": 1, "Saved": 0, "Calendar": 0})
	if !strings.Contains(want, fmt.Sprintf("week %d: 1× in resultaten, 1× geopend, 0× bewaard, 0× in agenda", week)) {
		t.Fatalf("the locale text changed; this test checks %q", want)
	}
	if !strings.Contains(mine.Text(), "Babycafé 0.5 km") || !strings.Contains(mine.Text(), want) {
		t.Errorf("/mijn card: got=\n%s\nwant a line %q", mine.Text(), want)
	}
	// A meetup no parent saw says so.
	var unseen int64
	for _, id := range ids {
		if got[id][0].Empty() {
			unseen = id
		}
	}
	e.tg.PressButton(organiser, "nl", list.MessageID(), "m:o:"+strconv.FormatInt(unseen, 10))
	if c := e.tg.Next(t, organiser); !strings.Contains(c.Text(), e.loc.T("nl", "counts_none", map[string]any{"Weeks": 4})) {
		t.Errorf("a meetup never shown: got=\n%s", c.Text())
	}

	// An organiser of another organisation, and a parent, are refused and see no numbers.
	e.becomeOrganiser(t, otherOrganiser, "Ander Team", true)
	e.tg.SendCommand(otherOrganiser, "nl", "/mijn")
	e.expectText(t, otherOrganiser, "nl", "mine_none")
	e.tg.PressButton(otherOrganiser, "nl", 1, "m:o:"+ids0)
	e.expectText(t, otherOrganiser, "nl", "not_your_meetup")
	e.tg.PressButton(parent, "nl", 1, "m:o:"+ids0)
	e.expectText(t, parent, "nl", "not_allowed")
	for _, chat := range []int64{otherOrganiser, parent} {
		for _, c := range e.tg.SentTo(chat) {
			if strings.Contains(c.Text(), "× in resultaten") || strings.Contains(c.Text(), e.loc.T("nl", "counts_title", map[string]any{"Weeks": 4})) {
				t.Errorf("chat %d was shown counts: %q", chat, c.Text())
			}
		}
	}

	// The organiser looking at /mijn counted nothing.
	if w := weekly(t, counts, []int64{nearest})[nearest][0]; w.Shown != 1 || w.Opened != 1 {
		t.Errorf("after the organiser's views: got=%+v, want still 1 shown, 1 opened", w)
	}
}

// weekly reads this week's counts (one week) for ids.
// eventually polls cond every 20 ms until it holds or d has passed, and
// reports whether it held: for what the program writes a little later.
func eventually(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); ; time.Sleep(20 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
	}
}

func weekly(t *testing.T, c *db.Counts, ids []int64) map[int64][]meetups.WeekCounts {
	t.Helper()
	got, err := c.WeeklyCounts(context.Background(), ids, 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// mustOrg is the organisation of meetup id.
func mustOrg(t *testing.T, e *e2e, id int64) int64 {
	t.Helper()
	m, err := e.cat.MeetupAny(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m.OrgID
}
