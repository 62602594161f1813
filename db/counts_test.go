package db_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// countsBundle is a fresh schema with three published meetups.
type countsBundle struct {
	d       *db.DB
	counts  *db.Counts
	cat     *db.Catalogue
	a, b, c int64
}

func setupCounts(t *testing.T) countsBundle {
	t.Helper()
	d := dbtest.New(t)
	cat := d.Catalogue()
	return countsBundle{d: d, counts: d.Counts(), cat: cat,
		a: mustSaveMeetup(t, cat, meetup("A", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10))),
		b: mustSaveMeetup(t, cat, meetup("B", meetups.KindPlaygroup, north(2), weeklyAt("WE", 9))),
		c: mustSaveMeetup(t, cat, meetup("C", meetups.KindPeerGroup, north(3), weeklyAt("TH", 19)))}
}

func (b countsBundle) count(t *testing.T, e meetups.CountEvent, at time.Time, ids ...int64) {
	t.Helper()
	if err := b.counts.Count(t.Context(), e, ids, at); err != nil {
		t.Fatalf("Count(%s, %v): %v", e, ids, err)
	}
}

// weeks returns WeeklyCounts for ids, failing the test on error.
func (b countsBundle) weeks(t *testing.T, n int, at time.Time, ids ...int64) map[int64][]meetups.WeekCounts {
	t.Helper()
	got, err := b.counts.WeeklyCounts(t.Context(), ids, n, at)
	if err != nil {
		t.Fatalf("WeeklyCounts(%v): %v", ids, err)
	}
	return got
}

// four is a week's numbers in the order of meetups.CountEvents.
func four(w meetups.WeekCounts) [4]int { return [4]int{w.Shown, w.Opened, w.Saved, w.Calendar} }

func TestCount(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		b.count(t, meetups.CountShown, now, b.a, b.b, b.c)
		b.count(t, meetups.CountOpened, now, b.b)
		got := b.weeks(t, 1, now, b.a, b.b, b.c)
		for id, want := range map[int64][4]int{b.a: {1, 0, 0, 0}, b.b: {1, 1, 0, 0}, b.c: {1, 0, 0, 0}} {
			if len(got[id]) != 1 || four(got[id][0]) != want {
				t.Errorf("meetup %d: got=%+v, want %v", id, got[id], want)
			}
		}
	})

	t.Run("EachEventAddsOneToItsOwnNumber", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		var want [4]int
		for i, e := range meetups.CountEvents {
			for n := 1; n <= 2; n++ {
				b.count(t, e, now, b.a)
				want[i] = n
				if got := four(b.weeks(t, 1, now, b.a)[b.a][0]); got != want {
					t.Errorf("after %s #%d: got=%v, want %v", e, n, got, want)
				}
			}
		}
	})

	t.Run("AmsterdamISOWeeks", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		sunday := time.Date(2026, 11, 29, 23, 30, 0, 0, meetups.Amsterdam)             // 22:30 UTC
		monday := time.Date(2026, 11, 30, 0, 30, 0, 0, meetups.Amsterdam)              // still Sunday in UTC
		b.count(t, meetups.CountShown, sunday, b.a)                                    // week 48, from 23 November
		b.count(t, meetups.CountShown, monday.In(time.UTC), b.a)                       // week 49, from 30 November
		b.count(t, meetups.CountShown, monday.AddDate(0, 0, 6).Add(23*time.Hour), b.a) // Sunday 23:30: week 49
		for week, want := range map[string]int{"2026-11-23": 1, "2026-11-30": 2} {
			n, err := db.QueryInt(t.Context(), b.d, `select coalesce(sum(shown), 0)::int from meetup_counts where meetup_id = $1 and week = $2::date`, b.a, week)
			if err != nil || n != want {
				t.Errorf("shown in the week of %s: got=%d (%v), want %d", week, n, err, want)
			}
		}
		got := b.weeks(t, 3, monday.AddDate(0, 0, 2), b.a)[b.a]
		if len(got) != 3 || got[0].Shown != 2 || got[1].Shown != 1 || got[2].Shown != 0 {
			t.Fatalf("three weeks, newest first: got=%+v", got)
		}
		for i, want := range []string{"2026-11-30", "2026-11-23", "2026-11-16"} {
			if w := got[i].Week; w.Format("2006-01-02") != want || w.Location() != meetups.Amsterdam || w.Hour() != 0 {
				t.Errorf("week %d: got=%s, want %s 00:00 Amsterdam", i, w, want)
			}
		}
	})

	t.Run("SameIDTwiceInOneCallCountsOnce", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		b.count(t, meetups.CountShown, now, b.a, b.a, b.b, b.a)
		got := b.weeks(t, 1, now, b.a, b.b)
		if got[b.a][0].Shown != 1 || got[b.b][0].Shown != 1 {
			t.Errorf("got a=%d b=%d, want 1 each", got[b.a][0].Shown, got[b.b][0].Shown)
		}
	})

	t.Run("UnknownIDIgnored", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		b.count(t, meetups.CountOpened, now, b.a, 987654)
		if got := b.weeks(t, 1, now, b.a)[b.a][0].Opened; got != 1 {
			t.Errorf("known id next to an unknown one: got=%d, want 1", got)
		}
		n, err := db.QueryInt(t.Context(), b.d, `select count(*) from meetup_counts where meetup_id = 987654`)
		if err != nil || n != 0 {
			t.Errorf("rows for the unknown id: got=%d (%v), want 0", n, err)
		}
	})

	t.Run("DeletedMeetupsCountsGo", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		b.count(t, meetups.CountShown, now, b.a, b.b)
		b.count(t, meetups.CountShown, now.AddDate(0, 0, -7), b.a)
		if err := b.cat.DeleteMeetup(t.Context(), b.a); err != nil {
			t.Fatal(err)
		}
		n, err := db.QueryInt(t.Context(), b.d, `select count(*) from meetup_counts where meetup_id = $1`, b.a)
		if err != nil || n != 0 {
			t.Errorf("rows of the deleted meetup: got=%d (%v), want 0", n, err)
		}
		// A page built before the delete still counts the rest.
		b.count(t, meetups.CountShown, now, b.a, b.b)
		if got := b.weeks(t, 1, now, b.b)[b.b][0].Shown; got != 2 {
			t.Errorf("the other meetup: got=%d, want 2", got)
		}
	})

	t.Run("ErrInvalidEvent", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		err := b.counts.Count(t.Context(), "liked", []int64{b.a}, now)
		if meetups.ErrorCode(err) != meetups.EINVALID {
			t.Errorf("unknown event: got=%v, want EINVALID", err)
		}
	})

	t.Run("NoIDs", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		if err := b.counts.Count(t.Context(), meetups.CountShown, nil, now); err != nil {
			t.Errorf("no ids: got=%v, want nil", err)
		}
	})

	t.Run("ConcurrentPagesAddUp", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		const workers, each = 8, 25
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := 0; w < workers; w++ {
			// Overlapping pages in different orders: no lost update, no deadlock.
			page := []int64{b.a, b.b, b.c}
			if w%2 == 1 {
				page = []int64{b.c, b.b, b.a}
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					errs <- b.counts.Count(t.Context(), meetups.CountShown, page, now)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got := b.weeks(t, 1, now, b.a, b.b, b.c)
		for _, id := range []int64{b.a, b.b, b.c} {
			if got[id][0].Shown != workers*each {
				t.Errorf("meetup %d: got=%d, want %d", id, got[id][0].Shown, workers*each)
			}
		}
	})

	t.Run("TableHoldsNothingAboutParents", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		// Anonymous by construction: a column that could name a chat (or
		// time a visit closer than a week) must not appear without a
		// privacy review. The follow-up's answers (good, okay, bad) are
		// numbers per week like the rest (migration 012).
		n, err := db.QueryInt(t.Context(), b.d, `select count(*) from information_schema.columns
			where table_schema = current_schema() and table_name = 'meetup_counts'
			and column_name not in ('meetup_id', 'week', 'shown', 'opened', 'saved', 'calendar', 'good', 'okay', 'bad')`)
		if err != nil || n != 0 {
			t.Errorf("meetup_counts has %d columns beyond the nine (%v)", n, err)
		}
	})
}

func TestWeeklyCounts(t *testing.T) {
	t.Parallel()

	t.Run("WindowAndZeros", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		b.count(t, meetups.CountShown, now.AddDate(0, 0, -28), b.a) // five weeks back: outside four
		b.count(t, meetups.CountShown, now.AddDate(0, 0, -21), b.a)
		b.count(t, meetups.CountCalendar, now.AddDate(0, 0, 14), b.a) // a future week: outside too
		got := b.weeks(t, 4, now, b.a, b.b, b.a)
		if len(got) != 2 || len(got[b.a]) != 4 || len(got[b.b]) != 4 {
			t.Fatalf("got=%+v, want four weeks for each of two meetups", got)
		}
		for i, want := range [][4]int{{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {1, 0, 0, 0}} {
			if w := got[b.a][i]; four(w) != want || w.MeetupID != b.a {
				t.Errorf("a, week %d: got=%+v, want %v", i, w, want)
			}
			if w := got[b.b][i]; !w.Empty() {
				t.Errorf("b, week %d: got=%+v, want empty", i, w)
			}
		}
	})

	t.Run("OnlyTheIDsAskedFor", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		b.count(t, meetups.CountShown, now, b.a, b.b)
		got := b.weeks(t, 4, now, b.b)
		if _, ok := got[b.a]; ok || got[b.b][0].Shown != 1 {
			t.Errorf("got=%+v, want only meetup %d", got, b.b)
		}
		if got := b.weeks(t, 4, now); len(got) != 0 {
			t.Errorf("no ids: got=%+v, want none", got)
		}
	})

	t.Run("ErrNoWeeks", func(t *testing.T) {
		t.Parallel()
		b := setupCounts(t)
		if _, err := b.counts.WeeklyCounts(t.Context(), []int64{b.a}, 0, now); meetups.ErrorCode(err) != meetups.EINVALID {
			t.Errorf("zero weeks: got=%v, want EINVALID", err)
		}
	})
}

// BenchmarkCount is what counting adds to each results page a parent
// sees: one Count of three meetups (the rows exist after the first
// iteration, so this is the update path, as it is for most pages).
func BenchmarkCount(b *testing.B) {
	d := dbtest.New(b)
	cat := d.Catalogue()
	var page []int64
	for i, title := range []string{"A", "B", "C"} {
		id, err := cat.SaveMeetup(b.Context(), meetup(title, meetups.KindBabyCafe, north(float64(i+1)), weeklyAt("TU", 10)), now)
		if err != nil {
			b.Fatal(err)
		}
		page = append(page, id)
	}
	counts := d.Counts()
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		if err := counts.Count(ctx, meetups.CountShown, page, now); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPruneCounts: pruning before a moment drops the weeks before that
// moment's week, for meetups and for referral links alike, and keeps that
// week and later ones.
func TestPruneCounts(t *testing.T) {
	t.Parallel()
	// now is Monday 23 November 2026; a week either side, and Sunday
	// evening just before this week.
	lastWeek, nextWeek, sunday := now.AddDate(0, 0, -7), now.AddDate(0, 0, 7), now.Add(-10*time.Hour)
	weeks := func(d *db.DB, table string) []int {
		t.Helper()
		var out []int
		for _, at := range []time.Time{lastWeek, now, nextWeek} {
			n, err := db.QueryInt(t.Context(), d, "select count(*)::int from "+table+" where week = $1::date", meetups.WeekOf(at))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, n)
		}
		return out
	}

	b := setupCounts(t)
	for _, at := range []time.Time{lastWeek, sunday, now, nextWeek} {
		b.count(t, meetups.CountShown, at, b.a)
	}
	if n, err := b.counts.Prune(t.Context(), now.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("Prune: %d rows, %v; want last week's one", n, err)
	}
	if got := weeks(b.d, "meetup_counts"); got[0] != 0 || got[1] != 1 || got[2] != 1 {
		t.Errorf("meetup weeks left (last, this, next): %v, want [0 1 1]", got)
	}

	r := setupReferrals(t)
	l := r.link(t, "CB Oost", r.orgA, nil)
	for _, at := range []time.Time{lastWeek, sunday, now, nextWeek} {
		r.count(t, l.ID, meetups.ReferralStart, at)
	}
	if n, err := r.refs.PruneCounts(t.Context(), now.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("PruneCounts: %d rows, %v; want last week's one", n, err)
	}
	if got := weeks(r.d, "referral_counts"); got[0] != 0 || got[1] != 1 || got[2] != 1 {
		t.Errorf("referral weeks left (last, this, next): %v, want [0 1 1]", got)
	}
}

// TestBatchedCounts: counts made at once from many goroutines, in two
// weeks, for meetups that exist and one that does not, are all written by
// one flush, added to what Counts wrote before; a read flushes first; a
// failed flush keeps the counts for the next; Close writes the rest.
func TestBatchedCounts(t *testing.T) {
	t.Parallel()
	b := setupCounts(t)
	b.count(t, meetups.CountShown, now, b.a) // written before, directly
	batched := b.d.BatchedCounts(time.Hour)  // no flush by the clock in this test
	lastWeek := now.AddDate(0, 0, -7)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			for range 5 {
				if err := batched.Count(t.Context(), meetups.CountShown, []int64{b.a, b.b, b.a, 987654}, now); err != nil {
					t.Error(err)
				}
				if err := batched.Count(t.Context(), meetups.CountOpened, []int64{b.c}, lastWeek); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := batched.Count(t.Context(), "liked", []int64{b.a}, now); meetups.ErrorCode(err) != meetups.EINVALID {
		t.Errorf("unknown event: %v, want EINVALID", err)
	}
	// Nothing written yet.
	if got := four(b.weeks(t, 1, now, b.a)[b.a][0]); got != [4]int{1, 0, 0, 0} {
		t.Errorf("before the flush: %v, want only the direct count", got)
	}
	got, err := batched.WeeklyCounts(t.Context(), []int64{b.a, b.b, b.c}, 2, now)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64][2][4]int{
		b.a: {{101, 0, 0, 0}, {0, 0, 0, 0}}, // one a call (twice in it), plus the direct one
		b.b: {{100, 0, 0, 0}, {0, 0, 0, 0}},
		b.c: {{0, 0, 0, 0}, {0, 100, 0, 0}}, // last week's
	} {
		if len(got[id]) != 2 || four(got[id][0]) != want[0] || four(got[id][1]) != want[1] {
			t.Errorf("meetup %d: got %+v, want %v", id, got[id], want)
		}
	}

	// A flush that fails keeps its counts; the next one writes them.
	if err := batched.Count(t.Context(), meetups.CountSaved, []int64{b.b}, now); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	if err := batched.Flush(cancelled); err == nil {
		t.Error("a flush on a cancelled context: no error")
	}
	if err := batched.Count(t.Context(), meetups.CountSaved, []int64{b.b}, now); err != nil {
		t.Fatal(err)
	}
	if err := batched.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := four(b.weeks(t, 1, now, b.b)[b.b][0]); got != [4]int{100, 0, 2, 0} {
		t.Errorf("after a failed flush and Close: %v, want both saves", got)
	}

	// Postgres refusing the statement (here: a number past its column's
	// range) wrote nothing of it, so the counts wait for the next flush.
	refused := b.d.BatchedCounts(time.Hour)
	defer refused.Close(t.Context())
	if err := db.Exec(t.Context(), b.d, `update meetup_counts set opened = 2147483647`); err != nil {
		t.Fatal(err)
	}
	if err := refused.Count(t.Context(), meetups.CountOpened, []int64{b.b}, now); err != nil {
		t.Fatal(err)
	}
	if err := refused.Flush(t.Context()); err == nil {
		t.Fatal("a flush past the column's range: no error")
	}
	if err := db.Exec(t.Context(), b.d, `update meetup_counts set opened = 0`); err != nil {
		t.Fatal(err)
	}
	if err := refused.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := four(b.weeks(t, 1, now, b.b)[b.b][0]); got != [4]int{100, 1, 2, 0} {
		t.Errorf("after a refused flush and the next: %v, want the open counted once", got)
	}
	if err := batched.Close(t.Context()); err != nil {
		t.Errorf("Close twice: %v", err)
	}
}
