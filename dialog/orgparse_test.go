package dialog

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/schoolholidays"
)

func TestOrganiserParsers(t *testing.T) {
	t.Parallel()
	for in, ok := range map[string]bool{"12-12-2026": true, "1/7/2027": true, "2026-12-12": true, "31-02-2026": false, "12-12-26": false, "morgen": false} {
		if _, got := parseDate(in); got != ok {
			t.Errorf("parseDate(%q): got ok=%v, want %v", in, got, ok)
		}
	}
	for in, want := range map[string][2]int{"10:00-11:30": {600, 690}, "10.00 - 11.30": {600, 690}, "19:30 tot 21:00": {1170, 1260}} {
		s, e, ok := parseTimes(in)
		if !ok || s != want[0] || e != want[1] {
			t.Errorf("parseTimes(%q): got %d %d %v", in, s, e, ok)
		}
	}
	for _, bad := range []string{"11:30-10:00", "25:00-26:00", "10-11", "tien uur"} {
		if _, _, ok := parseTimes(bad); ok {
			t.Errorf("parseTimes(%q): accepted", bad)
		}
	}
	for in, want := range map[string]int{"2,50": 250, "€ 3": 300, "3 euro": 300, "2.5": 250, "0": 0} {
		if got, ok := parseCost(in); !ok || got != want {
			t.Errorf("parseCost(%q): got %d %v, want %d", in, got, ok, want)
		}
	}
	if _, ok := parseCost("gratis?"); ok {
		t.Error("parseCost accepted words")
	}
	if _, ok := parseLink("http://x.nl"); ok {
		t.Error("parseLink accepted http")
	}
	if _, ok := parseLink("https://babycafe.example.org/aanmelden"); !ok {
		t.Error("parseLink refused a good link")
	}
	if _, ok := parsePhone("030-123 45 67"); !ok {
		t.Error("parsePhone refused a Dutch number")
	}
	s, ok := parseOnce("12-12-2026 10:00-11:30")
	if !ok || s.Start.Hour() != 10 || s.End.Sub(s.Start) != 90*time.Minute || s.Validate() != nil {
		t.Errorf("parseOnce: got %+v %v", s, ok)
	}
}

func TestRecurringSchedules(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, meetups.Amsterdam) // a Monday
	for _, tc := range []struct {
		repeat                   string
		nth, weekday, start, end int
		rule                     string
		first                    time.Time
	}{
		{"weekly", 0, 2, 600, 690, "FREQ=WEEKLY;BYDAY=TU", time.Date(2026, 11, 24, 10, 0, 0, 0, meetups.Amsterdam)},
		{"weekly", 0, 1, 480, 540, "FREQ=WEEKLY;BYDAY=MO", time.Date(2026, 11, 30, 8, 0, 0, 0, meetups.Amsterdam)},
		{"biweekly", 0, 3, 600, 660, "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", time.Date(2026, 11, 25, 10, 0, 0, 0, meetups.Amsterdam)},
		{"monthly", 2, 2, 1170, 1290, "FREQ=MONTHLY;BYDAY=2TU", time.Date(2026, 12, 8, 19, 30, 0, 0, meetups.Amsterdam)},
		{"monthly", -1, 5, 1170, 1290, "FREQ=MONTHLY;BYDAY=-1FR", time.Date(2026, 11, 27, 19, 30, 0, 0, meetups.Amsterdam)},
	} {
		s, ok := recurring(tc.repeat, tc.nth, tc.weekday, tc.start, tc.end, now)
		if !ok {
			t.Fatalf("%s: no schedule", tc.repeat)
		}
		if s.RRule != tc.rule || s.Validate() != nil {
			t.Errorf("%s: rule %q (valid: %v), want %q", tc.repeat, s.RRule, s.Validate(), tc.rule)
			continue
		}
		if next := s.Next(now, 1); len(next) != 1 || !next[0].Start.Equal(tc.first) {
			t.Errorf("%s %s: first %v, want %v", tc.repeat, tc.rule, next, tc.first)
		}
	}
	weekly, _ := recurring("weekly", 0, 2, 600, 690, now)
	s := withUntil(weekly, time.Date(2026, 12, 8, 0, 0, 0, 0, meetups.Amsterdam))
	if n := len(s.Next(now, 10)); n != 3 || s.Validate() != nil {
		t.Errorf("until 8 Dec: %d occurrences (want 3), valid %v", n, s.Validate())
	}
}

// orgFakes are the organiser's ports for the holiday tests: the chat is a
// trusted organiser of organisation 1, and saved meetups are kept.
type orgFakes struct {
	saved     []meetups.Meetup
	published []meetups.Publish // every Publish asked, in order
	keys      map[string]int64  // draft key → meetup id
}

func (f *orgFakes) PendingMeetups(ctx context.Context) ([]meetups.Meetup, error) { return nil, nil }
func (f *orgFakes) LiveMeetups(ctx context.Context, offset, limit int) ([]meetups.Meetup, int, error) {
	return nil, 0, nil
}

// Publish keeps to p's limit over the meetups made in the bot since
// p.Since, and makes one meetup per draft key, as db.Catalogue does.
func (f *orgFakes) Publish(ctx context.Context, m meetups.Meetup, p meetups.Publish, now time.Time) (int64, bool, error) {
	f.published = append(f.published, p)
	if id, ok := f.keys[p.Key]; ok {
		return id, false, nil
	}
	n := 0
	for _, s := range f.saved {
		if s.OrgID == m.OrgID && s.Source == "" && !s.CreatedAt.Before(p.Since) {
			n++
		}
	}
	if p.Limit > 0 && n >= p.Limit {
		return 0, false, meetups.Errorf(meetups.ELIMIT, "limit")
	}
	m.CreatedAt = now
	id, _ := f.SaveMeetup(ctx, m, now)
	if f.keys == nil {
		f.keys = map[string]int64{}
	}
	f.keys[p.Key] = id
	return id, true, nil
}

func (f *orgFakes) Memberships(ctx context.Context, chatID int64) ([]meetups.Membership, error) {
	return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleOrganiser, OrgID: 1, OrgName: "Buurtteam", Trusted: true}}, nil
}
func (f *orgFakes) RedeemInvite(ctx context.Context, code string, chatID int64, now time.Time) (meetups.Membership, error) {
	return meetups.Membership{}, meetups.Errorf(meetups.ENOTFOUND, "no invite")
}
func (f *orgFakes) Admins(ctx context.Context) ([]int64, error) { return nil, nil }
func (f *orgFakes) SaveMeetup(ctx context.Context, m meetups.Meetup, now time.Time) (int64, error) {
	if m.ID == 0 {
		m.ID = int64(len(f.saved) + 1)
		f.saved = append(f.saved, m)
	} else {
		f.saved[m.ID-1] = m
	}
	return m.ID, nil
}
func (f *orgFakes) MeetupAny(ctx context.Context, id int64) (meetups.Meetup, error) {
	if id < 1 || int(id) > len(f.saved) {
		return meetups.Meetup{}, meetups.Errorf(meetups.ENOTFOUND, "no meetup %d", id)
	}
	return f.saved[id-1], nil
}
func (f *orgFakes) OrgMeetups(ctx context.Context, orgID int64) ([]meetups.Meetup, error) {
	return f.saved, nil
}
func (f *orgFakes) SetStatus(ctx context.Context, id int64, s meetups.Status, reason string) error {
	return nil
}
func (f *orgFakes) SubmittedBy(ctx context.Context, id int64) (int64, error) { return 0, nil }
func (f *orgFakes) DeleteMeetup(ctx context.Context, id int64) error         { return nil }

// orgChat steps one organiser's chat through the engine, in Dutch.
type orgChat struct {
	t     *testing.T
	e     *Engine
	fakes *orgFakes
	s     Session
}

// holidayNow is a Monday before the table's Christmas holiday.
var holidayNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func newOrgChat(t *testing.T) *orgChat {
	t.Helper()
	f := &orgFakes{}
	e, err := New(nil, Options{Now: func() time.Time { return holidayNow }, Members: f, OrgCatalogue: f})
	if err != nil {
		t.Fatal(err)
	}
	return &orgChat{t: t, e: e, fakes: f, s: Session{ChatID: 77, Version: 1}}
}

func (c *orgChat) do(in Input) []Reply {
	c.t.Helper()
	in.Lang = "nl"
	if in.Kind == InputButton {
		in.MessageID = 7
	}
	s, replies, err := c.e.Step(context.Background(), c.s, in)
	if err != nil {
		c.t.Fatalf("Step(%+v): %v", in, err)
	}
	for _, r := range replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if len(b.Data) > 64 || b.Data == "" {
					c.t.Fatalf("button %q: callback data %q breaks Telegram's 1-64 byte rule", b.Text, b.Data)
				}
			}
		}
	}
	c.s = s
	return replies
}

func (c *orgChat) press(data string) []Reply { return c.do(Input{Kind: InputButton, Data: data}) }
func (c *orgChat) typed(s string) []Reply    { return c.do(Input{Kind: InputText, Text: s}) }

// expectStep fails unless the chat is at step.
func (c *orgChat) expectStep(step string) {
	c.t.Helper()
	if c.s.Step != step {
		c.t.Fatalf("step: got=%s, want %s", c.s.Step, step)
	}
}

// toSkip runs /nieuw up to the skipped-dates question of an online meetup
// that repeats as given ("weekly", "biweekly", "monthly").
func (c *orgChat) toSkip(repeat string) {
	c.t.Helper()
	c.do(Input{Kind: InputCommand, Command: "nieuw"})
	c.press("o:k:baby_cafe")
	c.typed("Babycafé Vakantie")
	c.typed("Koffie en andere ouders.")
	c.press("o:online")
	c.typed("https://meet.example.org/babycafe")
	c.expectStep(stepOrgRepeat)
	c.press("o:r:" + repeat)
	if repeat == "monthly" {
		c.press("o:n:1")
	}
	c.press("o:wd:2") // Tuesday
	c.typed("10:00-11:30")
	c.press("o:un")
	c.expectStep(stepOrgSkip)
}

func buttonsOf(r Reply) (texts, data []string) {
	for _, row := range r.Buttons {
		for _, b := range row {
			texts, data = append(texts, b.Text), append(data, b.Data)
		}
	}
	return texts, data
}

// midden is what skipping midden's holidays must add to a weekly Tuesday
// at 10:00 from holidayNow on.
func midden(t *testing.T, s meetups.Schedule) []time.Time {
	t.Helper()
	want := schoolholidays.SkipDates(schoolholidays.Midden, s, holidayNow, schoolholidays.End())
	// 10 Tuesdays left in 2026-2027 (22 Dec to 24 Aug) and 11 in 2027-2028.
	if len(want) != 21 || !want[0].Equal(time.Date(2026, 12, 22, 10, 0, 0, 0, meetups.Amsterdam)) {
		t.Fatalf("midden's Tuesdays: got=%d from %v, want 21 from 22 December", len(want), want)
	}
	return want
}

func TestOrgHolidaysStep(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t)
	c.toSkip("weekly")
	replies := c.press("o:sn")
	c.expectStep(stepOrgHolidays)
	q := replies[len(replies)-1]
	texts, data := buttonsOf(q)
	if want := []string{"o:h:no", "o:h:noord", "o:h:midden", "o:h:zuid", "o:back", "o:x"}; !slices.Equal(data, want) {
		t.Fatalf("buttons: got=%v, want %v", data, want)
	}
	if !strings.Contains(q.Text, "2028") || !strings.Contains(q.Text, "Zeeland") || texts[2] != c.e.Text("nl", "org_hol_midden") {
		t.Errorf("question: got=%q, buttons %v", q.Text, texts)
	}

	// Midden: every Tuesday in midden's holidays is skipped, nothing else.
	c.press("o:h:midden")
	c.expectStep(stepOrgAges)
	d := c.s.Org
	want := midden(t, d.M.Schedule)
	if d.Holidays != schoolholidays.Midden || !slices.EqualFunc(d.M.Schedule.ExDates, want, time.Time.Equal) {
		t.Fatalf("after midden: region %q, exdates %v", d.Holidays, d.M.Schedule.ExDates)
	}
	if next := d.M.Schedule.Next(holidayNow, 5); len(next) != 5 || next[4].Start.Day() != 5 || next[4].Start.Month() != time.January {
		t.Errorf("next dates skip Christmas: got=%v", next)
	}

	// Back shows the choice; another region replaces the dates.
	replies = c.press("o:back")
	c.expectStep(stepOrgHolidays)
	if texts, _ := buttonsOf(replies[len(replies)-1]); texts[2] != "✓ "+c.e.Text("nl", "org_hol_midden") {
		t.Errorf("back: the chosen region is not marked: %v", texts)
	}
	c.press("o:h:noord")
	noord := schoolholidays.SkipDates(schoolholidays.Noord, c.s.Org.M.Schedule, holidayNow, schoolholidays.End())
	if got := c.s.Org.M.Schedule.ExDates; !slices.EqualFunc(got, noord, time.Time.Equal) || slices.EqualFunc(noord, want, time.Time.Equal) {
		t.Errorf("after noord: exdates %v, want noord's %v", got, noord)
	}

	// Own skipped dates stay when the region changes, and alone with "No".
	c.press("o:back")
	c.press("o:back")
	c.expectStep(stepOrgSkip)
	c.typed("8-12-2026, 22-12-2026")
	c.expectStep(stepOrgHolidays)
	c.press("o:h:midden")
	own := []time.Time{time.Date(2026, 12, 8, 0, 0, 0, 0, meetups.Amsterdam), time.Date(2026, 12, 22, 0, 0, 0, 0, meetups.Amsterdam)}
	got := c.s.Org.M.Schedule.ExDates
	if len(got) != 2+len(want) || !got[0].Equal(own[0]) || !slices.ContainsFunc(got, own[1].Equal) || !slices.ContainsFunc(got, want[0].Equal) {
		t.Errorf("own dates and midden: got=%v", got)
	}
	if !slices.EqualFunc(c.s.Org.Skip, own, time.Time.Equal) {
		t.Errorf("own dates kept apart: got=%v", c.s.Org.Skip)
	}
	c.press("o:back")
	c.press("o:h:no")
	if got := c.s.Org.M.Schedule.ExDates; c.s.Org.Holidays != "" || !slices.EqualFunc(got, own, time.Time.Equal) {
		t.Errorf("after No: region %q, exdates %v, want only %v", c.s.Org.Holidays, got, own)
	}

	// Midden again, on to the preview, which says so, and publish.
	c.press("o:back")
	c.press("o:h:midden")
	c.press("o:a:0-1")
	c.press("o:d")
	c.press("o:d")
	c.press("o:d")
	c.press("o:free")
	replies = c.press("o:j:walk_in")
	c.expectStep(stepOrgPreview)
	line := c.e.Text("nl", "org_hol_preview", map[string]any{"Region": "Midden", "Year": 2028})
	if q := replies[len(replies)-1]; !strings.Contains(q.Text, line) {
		t.Errorf("preview question: got=%q, want it to say %q", q.Text, line)
	}
	c.press("o:pub")
	if len(c.fakes.saved) != 1 {
		t.Fatalf("saved: %d meetups", len(c.fakes.saved))
	}
	saved := c.fakes.saved[0].Schedule.ExDates
	if len(saved) != 2+len(want) || !slices.ContainsFunc(saved, want[len(want)-1].Equal) {
		t.Errorf("saved exdates: got=%d %v", len(saved), saved)
	}

	// Editing it: the preview still says midden, and so does the step.
	replies = c.press("m:e:1")
	c.expectStep(stepOrgPreview)
	if q := replies[len(replies)-1]; !strings.Contains(q.Text, line) {
		t.Errorf("edit preview: got=%q, want it to say %q", q.Text, line)
	}
	if c.s.Org.Holidays != schoolholidays.Midden || !slices.EqualFunc(c.s.Org.Skip, own, time.Time.Equal) {
		t.Errorf("edit: region %q, own dates %v", c.s.Org.Holidays, c.s.Org.Skip)
	}
	c.press("o:f:when")
	c.press("o:r:weekly")
	c.press("o:wd:2")
	c.typed("10:00-11:30")
	c.press("o:un")
	replies = c.press("o:sn")
	c.expectStep(stepOrgHolidays)
	if texts, _ := buttonsOf(replies[len(replies)-1]); texts[2] != "✓ "+c.e.Text("nl", "org_hol_midden") {
		t.Errorf("edit: the region is not marked: %v", texts)
	}
	c.press("o:h:zuid")
	c.expectStep(stepOrgPreview) // the "when" part is done
	c.press("o:pub")
	zuid := schoolholidays.SkipDates(schoolholidays.Zuid, c.fakes.saved[0].Schedule, holidayNow, schoolholidays.End())
	if got := c.fakes.saved[0].Schedule.ExDates; !slices.EqualFunc(got, zuid, time.Time.Equal) {
		t.Errorf("after editing to zuid: got=%v, want %v", got, zuid)
	}
}

func TestOrgHolidaysBackAndCancel(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t)
	c.toSkip("biweekly")
	c.press("o:sn")
	c.expectStep(stepOrgHolidays)
	c.press("o:back")
	c.expectStep(stepOrgSkip)
	c.press("o:sn")
	// Stop asks first: "no" goes on where it was, "yes" drops the draft.
	if r := c.press("o:x"); len(r) == 0 || r[0].Text != c.e.Text("nl", "nav_stop_sure_keep") || c.s.Org == nil {
		t.Fatalf("stop: got %+v, draft %v; want the question, the draft kept", r, c.s.Org != nil)
	}
	c.press("o:xn")
	c.expectStep(stepOrgHolidays)
	c.press("o:x")
	c.press("o:xy")
	if c.s.Org != nil || c.s.Step != stepMenu {
		t.Errorf("cancel: step %s, draft %v", c.s.Step, c.s.Org)
	}

	// Monthly meetups get the question too.
	c.toSkip("monthly")
	c.press("o:sn")
	c.expectStep(stepOrgHolidays)
	c.press("o:h:zuid")
	if len(c.s.Org.M.Schedule.ExDates) == 0 {
		t.Errorf("monthly, zuid: nothing skipped")
	}

	// Typing at the question is not an answer; a forged region is refused.
	c.press("o:back")
	c.typed("midden")
	c.expectStep(stepOrgHolidays)
	c.press("o:h:oost")
	c.expectStep(stepOrgHolidays)
}

func TestOrgHolidaysNotForOneOff(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t)
	c.do(Input{Kind: InputCommand, Command: "nieuw"})
	c.press("o:k:baby_cafe")
	c.typed("Kerstborrel")
	c.typed("Eén keer.")
	c.press("o:online")
	c.typed("https://meet.example.org/kerst")
	c.press("o:r:once")
	c.typed("22-12-2026 10:00-11:30")
	c.expectStep(stepOrgAges)
	if slices.Contains(c.s.Org.Back, stepOrgHolidays) {
		t.Errorf("a one-off meetup was asked about school holidays")
	}
	// Its pressing a holiday button anyway does nothing.
	c.press("o:h:midden")
	if c.s.Org.Holidays != "" || c.s.Step != stepOrgAges {
		t.Errorf("forged holiday button at ages: region %q, step %s", c.s.Org.Holidays, c.s.Step)
	}
}

func TestSplitHolidays(t *testing.T) {
	t.Parallel()
	s, _ := recurring("weekly", 0, 2, 600, 690, holidayNow)
	mid := schoolholidays.SkipDates(schoolholidays.Midden, s, holidayNow, schoolholidays.End())
	own := time.Date(2026, 12, 8, 0, 0, 0, 0, meetups.Amsterdam)
	for _, tc := range []struct {
		name    string
		exdates []time.Time
		region  schoolholidays.Region
		own     int
	}{
		{"none", nil, "", 0},
		{"own only", []time.Time{own}, "", 1},
		{"midden", mid, schoolholidays.Midden, 0},
		{"midden and own", append([]time.Time{own}, mid...), schoolholidays.Midden, 1},
		{"midden but one", mid[1:], "", len(mid) - 1},
	} {
		s.ExDates = tc.exdates
		gotOwn, region := splitHolidays(s, holidayNow)
		if region != tc.region || len(gotOwn) != tc.own {
			t.Errorf("%s: got=%q with %d own dates, want %q with %d", tc.name, region, len(gotOwn), tc.region, tc.own)
		}
	}
}

// TestHolidayTexts checks the texts the holiday step builds from a
// region's name, which TestLocaleKeysUsed cannot see.
func TestHolidayTexts(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, lang := range Languages {
		for _, r := range schoolholidays.Regions {
			for _, id := range []string{"org_hol_" + string(r), "hol_region_" + string(r)} {
				if _, ok := l.Lookup(lang, id); !ok {
					t.Errorf("%s: no text %q", lang, id)
				}
			}
		}
		if _, ok := l.Lookup(lang, stepOrgHolidays); !ok {
			t.Errorf("%s: no question for step %s", lang, stepOrgHolidays)
		}
	}
}

// TestRecurringWithoutWeekday: a draft without a weekday (0) or with one
// out of range gets no schedule instead of a search for a day that never
// comes.
func TestRecurringWithoutWeekday(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, meetups.Amsterdam)
	for _, wd := range []int{0, 8, -1} {
		for _, repeat := range []string{"weekly", "biweekly", "monthly"} {
			if s, ok := recurring(repeat, 1, wd, 600, 690, now); ok || s.RRule != "" {
				t.Errorf("recurring(%s, weekday %d): got %+v, %v, want none", repeat, wd, s, ok)
			}
		}
	}
}

// TestParseAgeRange: ranges as organisers type them, in months,
// inclusive; "tot" ends before the last number as the bands do.
func TestParseAgeRange(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][2]int{
		"6 maanden tot 2 jaar":    {6, 23},
		"0-4 jaar":                {0, 47},
		"0 – 18 maanden":          {0, 17},
		"2 t/m 4 jaar":            {24, 59},
		"van 3 tot en met 5 jr":   {36, 71},
		"Kinderen van 4-12 jaar.": {48, 143},
		"vanaf 12 jaar":           {144, 216},
		"12+":                     {144, 216},
		"tot 18 maanden":          {0, 17},
		"onder 4 jaar":            {0, 47},
		"6 months to 3 years":     {6, 35},
		"from 2 years":            {24, 216},
		"0 t/m 18 jaar":           {0, 216},
		"18 mnd - 4 jaar":         {18, 47},
	} {
		lo, hi, why := parseAgeRange(in)
		if why != "" || lo != want[0] || hi != want[1] {
			t.Errorf("parseAgeRange(%q) = %d..%d %q, want %d..%d", in, lo, hi, why, want[0], want[1])
		}
	}
	for in, want := range map[string]string{
		"2 tot 4":          ageNoUnit,
		"vanaf 2":          ageNoUnit,
		"5 tot 2 jaar":     ageOutside,
		"10 tot 30 jaar":   ageOutside,
		"peuters":          ageNotARange,
		"ik weet het niet": ageNotARange,
	} {
		if _, _, why := parseAgeRange(in); why != want {
			t.Errorf("parseAgeRange(%q): why %q, want %q", in, why, want)
		}
	}
}

// TestEndDateTypedAgain: going back from the skipped dates and typing
// another end date replaces the first (a rule with UNTIL twice could not
// be published), and "no end date" afterwards takes it away.
func TestEndDateTypedAgain(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t)
	c.toSkip("monthly")
	c.press("o:back")
	c.expectStep(stepOrgUntil)
	c.typed("1-6-2027")
	c.press("o:back")
	c.typed("1-7-2027")
	if got := strings.Count(c.s.Org.M.Schedule.RRule, "UNTIL="); got != 1 || !strings.Contains(c.s.Org.M.Schedule.RRule, "UNTIL=20270701") {
		t.Errorf("two end dates typed: rule %q", c.s.Org.M.Schedule.RRule)
	}
	if err := c.s.Org.M.Schedule.Validate(); err != nil {
		t.Errorf("the schedule after two end dates: %v", err)
	}
	c.press("o:back")
	c.press("o:un")
	if strings.Contains(c.s.Org.M.Schedule.RRule, "UNTIL=") {
		t.Errorf("no end date after one was typed: rule %q", c.s.Org.M.Schedule.RRule)
	}
}

// TestDraftWaitsForLater: "keep it for later" (from stop, or right at the
// address question while the lookup is away) goes to the menu with the
// draft kept; /nieuw then offers to go on where it was — at that question,
// with everything typed still there — or to start again.
func TestDraftWaitsForLater(t *testing.T) {
	t.Parallel()
	c := newOrgChat(t) // no geocoder: the address lookup is away
	c.do(Input{Kind: InputCommand, Command: "nieuw"})
	c.press("o:k:baby_cafe")
	c.typed("Babycafé Later")
	c.typed("Koffie en andere ouders.")
	r := c.typed("Kanaalweg 82, Utrecht")
	c.expectStep(stepOrgWhere)
	_, data := buttonsOf(r[len(r)-1])
	if r[len(r)-1].Text != c.e.Text("nl", "org_where_down") || !slices.Contains(data, "o:xl") || !slices.Contains(data, "o:online") {
		t.Fatalf("address lookup away: got %q with %v, want org_where_down with 'later' and the step's buttons", r[len(r)-1].Text, data)
	}
	r = c.press("o:xl")
	if c.s.Step != stepMenu || c.s.Org == nil || c.s.Org.M.Title != "Babycafé Later" || r[0].Text != c.e.Text("nl", "org_kept") {
		t.Fatalf("later: step %q, draft %+v, said %q", c.s.Step, c.s.Org, r[0].Text)
	}
	r = c.do(Input{Kind: InputCommand, Command: "nieuw"})
	if want := c.e.Text("nl", "org_resume", map[string]any{"Title": "Babycafé Later"}); r[0].Text != want {
		t.Fatalf("/nieuw with a draft waiting: got %q, want %q", r[0].Text, want)
	}
	c.press("o:resume")
	c.expectStep(stepOrgWhere)
	if c.s.Org.M.Description != "Koffie en andere ouders." {
		t.Errorf("the draft lost what was typed: %+v", c.s.Org.M)
	}
	// Stop offers the same; then /nieuw and "start again" is a new draft.
	c.press("o:x")
	c.press("o:xl")
	c.do(Input{Kind: InputCommand, Command: "nieuw"})
	c.press("o:fresh")
	c.expectStep(stepOrgKind)
	if c.s.Org.M.Title != "" {
		t.Errorf("start again kept the old draft: %+v", c.s.Org.M)
	}
}
