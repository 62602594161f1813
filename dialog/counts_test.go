package dialog_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// countCall is one Count the engine made.
type countCall struct {
	event       meetups.CountEvent
	ids         []int64
	at          time.Time
	hasDeadline bool
}

// fakeCounter records counts and answers WeeklyCounts from Weeks.
type fakeCounter struct {
	mu    sync.Mutex
	calls []countCall
	reads [][]int64
	// Err is returned by Count and WeeklyCounts; Block makes Count wait
	// for its context to end (a database that hangs).
	Err   error
	Block bool
	Weeks map[int64][]meetups.WeekCounts
}

func (f *fakeCounter) Count(ctx context.Context, e meetups.CountEvent, ids []int64, at time.Time) error {
	_, ok := ctx.Deadline()
	f.mu.Lock()
	f.calls = append(f.calls, countCall{event: e, ids: slices.Clone(ids), at: at, hasDeadline: ok})
	f.mu.Unlock()
	if f.Block {
		<-ctx.Done()
		return ctx.Err()
	}
	return f.Err
}

func (f *fakeCounter) WeeklyCounts(ctx context.Context, ids []int64, weeks int, now time.Time) (map[int64][]meetups.WeekCounts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads = append(f.reads, slices.Clone(ids))
	if f.Err != nil {
		return nil, f.Err
	}
	out := map[int64][]meetups.WeekCounts{}
	for _, id := range ids {
		ws := make([]meetups.WeekCounts, weeks)
		for i, w := range meetups.LastWeeks(now, weeks) {
			ws[i] = meetups.WeekCounts{MeetupID: id, Week: w}
			if i < len(f.Weeks[id]) {
				c := f.Weeks[id][i]
				ws[i].Shown, ws[i].Opened, ws[i].Saved, ws[i].Calendar = c.Shown, c.Opened, c.Saved, c.Calendar
				ws[i].Good, ws[i].Okay, ws[i].Bad = c.Good, c.Okay, c.Bad
			}
		}
		out[id] = ws
	}
	return out, nil
}

func (f *fakeCounter) Calls() []countCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeCounter) Reads() [][]int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.reads)
}

// countOnly hides WeeklyCounts: a counter that cannot read back.
type countOnly struct{ c *fakeCounter }

func (c countOnly) Count(ctx context.Context, e meetups.CountEvent, ids []int64, at time.Time) error {
	return c.c.Count(ctx, e, ids, at)
}

// Chats and organisations of these tests; the parent is testBundle's chat.
const (
	orgChat, otherOrgChat = 5001, 5002
	orgID, otherOrgID     = 1, 2
)

// fakeMembers knows two organisers of different organisations.
type fakeMembers struct{}

func (fakeMembers) Memberships(ctx context.Context, chatID int64) ([]meetups.Membership, error) {
	switch chatID {
	case orgChat:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleOrganiser, OrgID: orgID, OrgName: "Buurtteam Oost"}}, nil
	case otherOrgChat:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleOrganiser, OrgID: otherOrgID, OrgName: "Ander Team"}}, nil
	}
	return nil, nil
}

func (fakeMembers) RedeemInvite(ctx context.Context, code string, chatID int64, now time.Time) (meetups.Membership, error) {
	return meetups.Membership{}, meetups.Errorf(meetups.ENOTFOUND, "no invite")
}

func (fakeMembers) Admins(ctx context.Context) ([]int64, error) { return nil, nil }

// fakeOrgCatalogue is the organiser's side over a fixed list.
type fakeOrgCatalogue struct{ ms []meetups.Meetup }

func (f fakeOrgCatalogue) MeetupAny(ctx context.Context, id int64) (meetups.Meetup, error) {
	for _, m := range f.ms {
		if m.ID == id {
			return m, nil
		}
	}
	return meetups.Meetup{}, meetups.Errorf(meetups.ENOTFOUND, "no meetup %d", id)
}

func (f fakeOrgCatalogue) OrgMeetups(ctx context.Context, org int64) ([]meetups.Meetup, error) {
	var out []meetups.Meetup
	for _, m := range f.ms {
		if m.OrgID == org {
			out = append(out, m)
		}
	}
	return out, nil
}

func (fakeOrgCatalogue) SaveMeetup(ctx context.Context, m meetups.Meetup, now time.Time) (int64, error) {
	return m.ID, nil
}
func (fakeOrgCatalogue) SetStatus(ctx context.Context, id int64, s meetups.Status, reason string) error {
	return nil
}
func (fakeOrgCatalogue) PendingMeetups(ctx context.Context) ([]meetups.Meetup, error) {
	return nil, nil
}
func (fakeOrgCatalogue) LiveMeetups(ctx context.Context, offset, limit int) ([]meetups.Meetup, int, error) {
	return nil, 0, nil
}
func (fakeOrgCatalogue) Publish(ctx context.Context, m meetups.Meetup, p meetups.Publish, now time.Time) (int64, bool, error) {
	return 1, true, nil
}
func (fakeOrgCatalogue) SubmittedBy(ctx context.Context, id int64) (int64, error) { return 0, nil }
func (fakeOrgCatalogue) DeleteMeetup(ctx context.Context, id int64) error         { return nil }

type countsBundle struct {
	findBundle
	counter *fakeCounter
}

// setupCounts is the search fixture, every meetup of organisation 1, with
// counter as Options.Counter (nil for none).
func setupCounts(t *testing.T, counter meetups.Counter) countsBundle {
	t.Helper()
	return setupCountsStore(t, counter, nil)
}

// setupCountsStore is setupCounts with the engine's session store made
// by wrap from the bundle's (nil: the bundle's own).
func setupCountsStore(t *testing.T, counter meetups.Counter, wrap func(*dialogtest.MemStore) dialog.SessionStore) countsBundle {
	t.Helper()
	ms := fixture()
	for i := range ms {
		ms[i].OrgID = orgID
	}
	cat := &dialogtest.Catalogue{Meetups: ms}
	geo := &dialogtest.Geocoder{}
	store := dialogtest.NewMemStore()
	var sessions dialog.SessionStore = store
	if wrap != nil {
		sessions = wrap(store)
	}
	e, err := dialog.New(sessions, dialog.Options{Now: func() time.Time { return testNow }, Catalogue: cat, Geocoder: geo,
		Members: fakeMembers{}, OrgCatalogue: fakeOrgCatalogue{ms: ms}, Counter: counter})
	if err != nil {
		t.Fatal(err)
	}
	b := countsBundle{findBundle: findBundle{testBundle{e: e, store: store}, cat, geo}}
	switch c := counter.(type) {
	case *fakeCounter:
		b.counter = c
	case countOnly:
		b.counter = c.c
	}
	return b
}

// as handles in for another chat than the parent's.
func (b countsBundle) as(t *testing.T, chatID int64, in dialog.Input) []dialog.Reply {
	t.Helper()
	in.Lang = "nl"
	r, err := b.e.Handle(context.Background(), chatID, in)
	if err != nil || len(r) == 0 {
		t.Fatalf("chat %d, %+v: got %v, %v", chatID, in, r, err)
	}
	return r
}

// search walks a parent to the first page of results and returns the ids
// on it.
func (b countsBundle) search(t *testing.T) []int64 {
	t.Helper()
	b.do(t, loc(utrecht)) // the results come at once
	return b.session(t).Search.Shown
}

func TestCountsParentPath(t *testing.T) {
	t.Parallel()
	b := setupCounts(t, &fakeCounter{})
	page1 := b.search(t)
	b.do(t, press("r:more"))
	page2 := b.session(t).Search.Shown
	if len(page1) != 3 || len(page2) == 0 || slices.Contains(page1, page2[0]) {
		t.Fatalf("pages: got %v and %v, want two different pages", page1, page2)
	}
	b.do(t, press(fmt.Sprintf("r:d:%d", page2[0])))
	b.do(t, press("r:back"))

	want := []countCall{
		{event: meetups.CountShown, ids: page1},
		{event: meetups.CountShown, ids: page2}, // paging counts the new page
		{event: meetups.CountOpened, ids: page2[:1]},
		{event: meetups.CountShown, ids: page2}, // back from the card: shown again
	}
	got := b.counter.Calls()
	if len(got) != len(want) {
		t.Fatalf("counts: got=%+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].event != want[i].event || !slices.Equal(got[i].ids, want[i].ids) {
			t.Errorf("count %d: got=%s %v, want %s %v", i, got[i].event, got[i].ids, want[i].event, want[i].ids)
		}
		if !got[i].at.Equal(testNow) || !got[i].hasDeadline {
			t.Errorf("count %d: at %s (want the engine's clock), deadline %v (want one)", i, got[i].at, got[i].hasDeadline)
		}
	}
}

// TestCountsRetriedStepCountsOnce: a step stepped again after a save
// conflict (another update of the chat saved in between) counts once,
// when its session is saved.
func TestCountsRetriedStepCountsOnce(t *testing.T) {
	t.Parallel()
	conflict := &conflictOnce{done: true} // engine_test.go; armed below
	b := setupCountsStore(t, &fakeCounter{}, func(m *dialogtest.MemStore) dialog.SessionStore {
		conflict.MemStore = m
		return conflict
	})
	b.search(t)
	before := len(b.counter.Calls())
	conflict.done = false
	b.do(t, press("r:more"))
	if !conflict.done {
		t.Fatal("the save did not conflict: the test tests nothing")
	}
	calls := b.counter.Calls()[before:]
	if len(calls) != 1 || calls[0].event != meetups.CountShown || !slices.Equal(calls[0].ids, b.session(t).Search.Shown) {
		t.Errorf("counts of a page stepped twice: got=%+v, want one shown for %v", calls, b.session(t).Search.Shown)
	}
}

func TestCountsNeverBreakTheDialog(t *testing.T) {
	t.Parallel()
	// The replies with a failing or hanging counter are the replies without one.
	ref := setupCounts(t, nil)
	ref.search(t)
	wantPage := ref.do(t, press("r:more"))[0].Text
	wantCard := ref.do(t, press(fmt.Sprintf("r:d:%d", ref.session(t).Search.Shown[0])))[0].Text

	for _, tc := range []struct {
		name    string
		counter *fakeCounter
	}{
		{"ErrDatabaseDown", &fakeCounter{Err: errors.New("connection refused")}},
		{"DatabaseHangs", &fakeCounter{Block: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupCounts(t, tc.counter)
			b.search(t)
			start := time.Now()
			page := b.do(t, press("r:more"))[0].Text
			card := b.do(t, press(fmt.Sprintf("r:d:%d", b.session(t).Search.Shown[0])))[0].Text
			if took := time.Since(start); took > 3*time.Second { // two counts of at most a second each
				t.Errorf("two inputs took %s with a hanging counter; counting must be bounded", took)
			}
			if page != wantPage || card != wantCard {
				t.Errorf("replies differ from those without a counter:\npage %q\ncard %q", page, card)
			}
			if s := b.session(t); s.Search.Card == 0 {
				t.Error("the card was not kept in the session")
			}
			if n := len(tc.counter.Calls()); n != 3 {
				t.Errorf("counts tried: got=%d, want 3", n)
			}
		})
	}
}

func TestCountsNotForOrganiserViews(t *testing.T) {
	t.Parallel()
	b := setupCounts(t, &fakeCounter{})
	b.as(t, orgChat, cmd("mijn", ""))
	b.as(t, orgChat, press("m:o:2"))
	r := b.as(t, orgChat, press("m:e:2")) // the preview, as parents will see it
	if !strings.Contains(r[0].Text, "Peutergroep Kleine Stapjes") {
		t.Fatalf("preview: got=%+v", r)
	}
	if got := b.counter.Calls(); len(got) != 0 {
		t.Errorf("organiser views were counted: %+v", got)
	}
}

func TestMineWeekCounts(t *testing.T) {
	t.Parallel()
	weeks := map[int64][]meetups.WeekCounts{
		1: {{Shown: 12, Opened: 3}, {}, {Shown: 1, Calendar: 2}, {}}, // newest first
	}

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t, &fakeCounter{Weeks: weeks})
		r := b.as(t, orgChat, press("m:o:1"))
		want := strings.Join([]string{
			"Afgelopen 4 weken, anoniem geteld:",
			"week 48: 12× in resultaten, 3× geopend, 0× bewaard, 0× in agenda",
			"week 47: –",
			"week 46: 1× in resultaten, 0× geopend, 0× bewaard, 2× in agenda",
			"week 45: –",
		}, "\n")
		if !strings.HasSuffix(r[0].Text, "\n\n"+want) || !strings.Contains(r[0].Text, "Babycafé De Wieg") {
			t.Errorf("/mijn card: got=\n%s\nwant it to end in\n%s", r[0].Text, want)
		}
		if got := b.counter.Reads(); len(got) != 1 || !slices.Equal(got[0], []int64{1}) {
			t.Errorf("counts read: got=%v, want only meetup 1", got)
		}
	})

	t.Run("English", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t, &fakeCounter{Weeks: weeks})
		r, err := b.e.Handle(context.Background(), orgChat, dialog.Input{Kind: dialog.InputButton, Data: "m:o:1", MessageID: 7, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if want := "week 48: 12× in results, 3× opened, 0× saved, 0× in calendar"; !strings.Contains(r[0].Text, want) {
			t.Errorf("got=\n%s\nwant a line %q", r[0].Text, want)
		}
	})

	t.Run("NotYetShown", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t, &fakeCounter{Weeks: weeks})
		r := b.as(t, orgChat, press("m:o:2"))
		want := b.e.Text("nl", "counts_none", map[string]any{"Weeks": 4})
		if !strings.HasSuffix(r[0].Text, "\n\n"+want) || strings.Contains(r[0].Text, "week ") {
			t.Errorf("nothing counted: got=\n%s\nwant it to end in %q", r[0].Text, want)
		}
	})

	t.Run("OtherOrganisationSeesNothing", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t, &fakeCounter{Weeks: weeks})
		r := b.as(t, otherOrgChat, press("m:o:1"))
		if len(r) != 1 || r[0].Text != b.e.Text("nl", "not_your_meetup") {
			t.Errorf("another organisation's meetup: got=%+v, want only not_your_meetup", r)
		}
		if got := b.counter.Reads(); len(got) != 0 {
			t.Errorf("counts were read for another organisation: %v", got)
		}
		// Nor a parent.
		r = b.do(t, press("m:o:1"))
		if r[0].Text != b.e.Text("nl", "not_allowed") || len(b.counter.Reads()) != 0 {
			t.Errorf("a parent: got=%+v, reads %v", r, b.counter.Reads())
		}
	})

	t.Run("WithoutReaderOrOnErrorNoBlock", func(t *testing.T) {
		t.Parallel()
		for name, c := range map[string]meetups.Counter{
			"CountOnly": countOnly{&fakeCounter{Weeks: weeks}},
			"ErrRead":   &fakeCounter{Weeks: weeks, Err: errors.New("connection refused")},
			"None":      nil,
		} {
			b := setupCounts(t, c)
			r := b.as(t, orgChat, press("m:o:1"))
			if !strings.Contains(r[0].Text, "Babycafé De Wieg") || strings.Contains(r[0].Text, "week ") ||
				strings.Contains(r[0].Text, b.e.Text("nl", "counts_none", map[string]any{"Weeks": 4})) {
				t.Errorf("%s: got=\n%s\nwant the card without counts", name, r[0].Text)
			}
		}
	})
}
