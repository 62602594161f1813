package db_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// savedBundle is a fresh schema with two published weekly meetups.
type savedBundle struct {
	d     *db.DB
	saved *db.Saved
	cat   *db.Catalogue
	a, b  meetups.Meetup
}

const parentChat, otherChat = 9001, 9002

func setupSaved(t *testing.T) savedBundle {
	t.Helper()
	d := dbtest.New(t)
	b := savedBundle{d: d, saved: d.Saved(), cat: d.Catalogue()}
	load := func(id int64) meetups.Meetup {
		m, err := b.cat.MeetupAny(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	b.a = load(mustSaveMeetup(t, b.cat, meetup("Babycafé De Wieg", meetups.KindBabyCafe, north(1), weeklyAt("TU", 10))))
	b.b = load(mustSaveMeetup(t, b.cat, meetup("Peutergroep", meetups.KindPlaygroup, north(2), weeklyAt("WE", 9))))
	return b
}

// tuesday is the café's next date after now (Monday 23 November 2026).
var tuesday = time.Date(2026, 11, 24, 10, 0, 0, 0, meetups.Amsterdam)

func reminders(start time.Time, whens ...dialog.ReminderWhen) []dialog.Reminder {
	var rs []dialog.Reminder
	for _, w := range whens {
		rs = append(rs, dialog.Reminder{When: w, Start: start, At: dialog.ReminderAt(w, start)})
	}
	return rs
}

func (b savedBundle) jobs(t *testing.T, chat int64) []db.JobInfo {
	t.Helper()
	jobs, err := b.d.ChatJobs(t.Context(), chat)
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

func (b savedBundle) list(t *testing.T, chat int64) []dialog.SavedMeetup {
	t.Helper()
	l, err := b.saved.SavedMeetups(t.Context(), chat)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// noticeCount reads ouderkring_notices_total for one label set.
func noticeCount(t *testing.T, d *db.DB, kind, outcome, reason string) float64 {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(d.NoticeMetrics())
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["kind"] == kind && labels["outcome"] == outcome && labels["reason"] == reason {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

func TestSaved(t *testing.T) {
	t.Parallel()

	t.Run("SaveOnce", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		for i, want := range []bool{true, false} {
			created, err := b.saved.Save(t.Context(), parentChat, b.a, now)
			if err != nil || created != want {
				t.Fatalf("save #%d: got=%v, %v, want %v", i+1, created, err, want)
			}
		}
		if created, err := b.saved.Save(t.Context(), otherChat, b.a, now); !created || err != nil {
			t.Fatalf("another chat: got=%v, %v", created, err)
		}
		l := b.list(t, parentChat)
		if len(l) != 1 || l[0].MeetupID != b.a.ID || l[0].Title != "Babycafé De Wieg" || l[0].Meetup == nil ||
			l[0].Meetup.Title != b.a.Title || l[0].FollowUp != dialog.FollowUpOff {
			t.Fatalf("list: got=%+v", l)
		}
	})

	t.Run("ErrSavedFull", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		for i := range dialog.MaxSaved {
			if _, err := b.saved.Save(t.Context(), parentChat, meetups.Meetup{ID: int64(1000 + i), Title: "x"}, now); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := b.saved.Save(t.Context(), parentChat, b.a, now); !errors.Is(err, dialog.ErrSavedFull) {
			t.Errorf("one too many: got=%v, want ErrSavedFull", err)
		}
		if _, err := b.saved.Remind(t.Context(), parentChat, b.a, reminders(tuesday, dialog.RemindSoon), now); !errors.Is(err, dialog.ErrSavedFull) {
			t.Errorf("a reminder too many: got=%v, want ErrSavedFull", err)
		}
		if jobs := b.jobs(t, parentChat); len(jobs) != 0 {
			t.Errorf("a refused reminder left jobs: %+v", jobs)
		}
	})

	t.Run("RemindUniquePerDateAndKind", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		for i, want := range []bool{true, false} {
			created, err := b.saved.Remind(t.Context(), parentChat, b.a, reminders(tuesday, dialog.RemindEvening, dialog.RemindSoon), now)
			if err != nil || created != want {
				t.Fatalf("remind #%d: got=%v, %v", i+1, created, err)
			}
		}
		jobs := b.jobs(t, parentChat)
		if len(jobs) != 2 {
			t.Fatalf("jobs: got=%+v, want 2 (the second press adds none)", jobs)
		}
		for i, want := range []time.Time{time.Date(2026, 11, 23, 19, 0, 0, 0, meetups.Amsterdam), tuesday.Add(-2 * time.Hour)} {
			if j := jobs[i]; j.Kind != "reminder" || j.State != "scheduled" || j.MeetupID != b.a.ID || !j.ScheduledAt.Equal(want) {
				t.Errorf("job %d: got=%+v, want scheduled at %s", i, j, want)
			}
		}
		l := b.list(t, parentChat)
		if len(l) != 1 || len(l[0].Reminders) != 2 || l[0].Reminders[0].When != dialog.RemindEvening ||
			!l[0].Reminders[0].Start.Equal(tuesday) || !l[0].Reminders[1].At.Equal(tuesday.Add(-2*time.Hour)) {
			t.Fatalf("reminders in the list: got=%+v", l)
		}
		// A new choice replaces the reminders still to come: the soon one
		// alone, then one for the next week's date alone.
		if _, err := b.saved.Remind(t.Context(), parentChat, b.a, reminders(tuesday, dialog.RemindSoon), now); err != nil {
			t.Fatal(err)
		}
		if jobs := b.jobs(t, parentChat); len(jobs) != 1 || !jobs[0].ScheduledAt.Equal(tuesday.Add(-2*time.Hour)) {
			t.Errorf("after choosing only 'soon': %+v, want that one job", jobs)
		}
		if _, err := b.saved.Remind(t.Context(), parentChat, b.a, reminders(tuesday.AddDate(0, 0, 7), dialog.RemindSoon), now); err != nil {
			t.Fatal(err)
		}
		if jobs := b.jobs(t, parentChat); len(jobs) != 1 || !jobs[0].ScheduledAt.Equal(tuesday.AddDate(0, 0, 7).Add(-2*time.Hour)) {
			t.Errorf("after a reminder for the next week: %+v, want that one job", jobs)
		}
	})

	t.Run("StopNotices", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		if _, err := b.saved.Remind(t.Context(), parentChat, b.a, reminders(tuesday, dialog.RemindEvening, dialog.RemindSoon), now); err != nil {
			t.Fatal(err)
		}
		if ok, err := b.saved.FollowUp(t.Context(), parentChat, b.a.ID, tuesday, tuesday.AddDate(0, 0, 1)); !ok || err != nil {
			t.Fatal(ok, err)
		}
		n, err := b.saved.StopNotices(t.Context(), parentChat)
		if err != nil || n != 3 {
			t.Fatalf("StopNotices: %d, %v; want the 2 reminders and the follow-up", n, err)
		}
		if jobs := b.jobs(t, parentChat); len(jobs) != 0 {
			t.Errorf("jobs after /stop: %+v", jobs)
		}
		if l := b.list(t, parentChat); len(l) != 1 || l[0].FollowUp != dialog.FollowUpOff || len(l[0].Reminders) != 0 {
			t.Errorf("the saved meetup after /stop: %+v; want it kept, follow-up off, no reminders", l)
		}
		if n, err := b.saved.StopNotices(t.Context(), parentChat); n != 0 || err != nil {
			t.Errorf("a second /stop: %d, %v", n, err)
		}
	})

	t.Run("FollowUp", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		at := time.Date(2026, 11, 25, 10, 0, 0, 0, meetups.Amsterdam)
		if ok, err := b.saved.FollowUp(t.Context(), parentChat, b.a.ID, tuesday, at); ok || err != nil {
			t.Fatalf("not saved: got=%v, %v, want false", ok, err)
		}
		b.saved.Save(t.Context(), parentChat, b.a, now)
		for range 2 {
			if ok, err := b.saved.FollowUp(t.Context(), parentChat, b.a.ID, tuesday, at); !ok || err != nil {
				t.Fatalf("saved: got=%v, %v", ok, err)
			}
		}
		jobs := b.jobs(t, parentChat)
		if len(jobs) != 1 || jobs[0].Kind != "follow_up" || !jobs[0].ScheduledAt.Equal(at) {
			t.Fatalf("jobs: got=%+v, want one follow-up at %s", jobs, at)
		}
		if l := b.list(t, parentChat); l[0].FollowUp != dialog.FollowUpOn {
			t.Errorf("state: got=%s", l[0].FollowUp)
		}
	})

	t.Run("AnswerOnceWhenAsked", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		b.saved.Save(t.Context(), parentChat, b.a, now)
		b.saved.FollowUp(t.Context(), parentChat, b.a.ID, tuesday, now)
		if ok, err := b.saved.Answer(t.Context(), parentChat, b.a.ID, meetups.FeltGood, now); ok || err != nil {
			t.Fatalf("before it was asked: got=%v, %v", ok, err)
		}
		if ok, _ := b.saved.MarkAsked(t.Context(), parentChat, b.a.ID); !ok {
			t.Fatal("MarkAsked: false")
		}
		if ok, _ := b.saved.MarkAsked(t.Context(), otherChat, b.a.ID); ok {
			t.Fatal("MarkAsked for a chat that did not save it: true")
		}
		for i, want := range []bool{true, false} {
			if ok, err := b.saved.Answer(t.Context(), parentChat, b.a.ID, meetups.FeltGood, now); ok != want || err != nil {
				t.Fatalf("answer #%d: got=%v, %v, want %v", i+1, ok, err, want)
			}
		}
		if ok, _ := b.saved.Answer(t.Context(), otherChat, b.a.ID, meetups.FeltBad, now); ok {
			t.Fatal("another chat's answer counted")
		}
		got, err := b.d.Counts().WeeklyCounts(t.Context(), []int64{b.a.ID}, 1, now)
		if w := got[b.a.ID][0]; err != nil || w.Good != 1 || w.Okay != 0 || w.Bad != 0 {
			t.Errorf("counts: got=%+v, %v, want one good", got, err)
		}
		if _, err := b.saved.Answer(t.Context(), parentChat, b.a.ID, "great", now); meetups.ErrorCode(err) != meetups.EINVALID {
			t.Errorf("unknown answer: got=%v", err)
		}
	})

	t.Run("UnsaveTakesItsJobs", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		for _, chat := range []int64{parentChat, otherChat} {
			b.saved.Remind(t.Context(), chat, b.a, reminders(tuesday, dialog.RemindEvening, dialog.RemindSoon), now)
			b.saved.FollowUp(t.Context(), chat, b.a.ID, tuesday, now)
			b.saved.Remind(t.Context(), chat, b.b, reminders(tuesday.AddDate(0, 0, 1), dialog.RemindSoon), now)
		}
		if ok, err := b.saved.Unsave(t.Context(), parentChat, b.a.ID); !ok || err != nil {
			t.Fatalf("Unsave: got=%v, %v", ok, err)
		}
		if ok, _ := b.saved.Unsave(t.Context(), parentChat, b.a.ID); ok {
			t.Error("a second Unsave: true")
		}
		if jobs := b.jobs(t, parentChat); len(jobs) != 1 || jobs[0].MeetupID != b.b.ID {
			t.Errorf("the parent's jobs: got=%+v, want only the other meetup's", jobs)
		}
		if jobs := b.jobs(t, otherChat); len(jobs) != 4 {
			t.Errorf("another chat's jobs: got %d, want 4 untouched", len(jobs))
		}
		if r, f := noticeCount(t, b.d, "reminder", "cancelled", "removed"), noticeCount(t, b.d, "follow_up", "cancelled", "removed"); r != 2 || f != 1 {
			t.Errorf("counted cancelled: %v reminders, %v follow-ups; want 2, 1", r, f)
		}
	})

	t.Run("ShownAsTheMeetupIsNow", func(t *testing.T) {
		t.Parallel()
		b := setupSaved(t)
		b.saved.Save(t.Context(), parentChat, b.a, now)
		b.saved.Save(t.Context(), parentChat, b.b, now.Add(time.Minute))
		if err := b.cat.SetStatus(t.Context(), b.a.ID, meetups.StatusPaused, ""); err != nil {
			t.Fatal(err)
		}
		if err := b.cat.DeleteMeetup(t.Context(), b.b.ID); err != nil {
			t.Fatal(err)
		}
		l := b.list(t, parentChat)
		if len(l) != 2 || l[0].MeetupID != b.b.ID || l[0].Meetup != nil || l[0].Title != "Peutergroep" ||
			l[1].Meetup == nil || l[1].Meetup.Status != meetups.StatusPaused {
			t.Fatalf("newest first, the deleted one by its title, the paused one paused: got=%+v", l)
		}
	})
}

func TestNoticeDays(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	claim := func(day time.Time, job int64) bool {
		t.Helper()
		ok, err := b.saved.ClaimDay(t.Context(), parentChat, day, job)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	morning, evening := now, now.Add(10*time.Hour)
	if !claim(morning, 1) || !claim(evening, 1) {
		t.Fatal("a job can claim a free day, and claim it again (a retry)")
	}
	if claim(evening, 2) {
		t.Fatal("a second job claimed the same day")
	}
	if !claim(morning.AddDate(0, 0, 1), 2) {
		t.Fatal("the next day is free")
	}
	// A reminder sent that day takes it: a follow-up waits another day.
	if err := b.saved.NoteDay(t.Context(), parentChat, morning.AddDate(0, 0, 2), 3); err != nil {
		t.Fatal(err)
	}
	if claim(morning.AddDate(0, 0, 2), 4) {
		t.Fatal("a follow-up on the day a reminder went out")
	}
	if ok, _ := b.saved.ClaimDay(t.Context(), otherChat, morning.AddDate(0, 0, 2), 4); !ok {
		t.Fatal("another chat's day is its own")
	}
}

func TestSavedTidy(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	b.saved.Save(t.Context(), parentChat, b.a, now)
	b.saved.Save(t.Context(), parentChat, b.b, now)
	b.saved.ClaimDay(t.Context(), parentChat, now, 1)
	tidy := func(at time.Time) int64 {
		t.Helper()
		n, err := b.saved.Tidy(t.Context(), at, dialog.SavedRetention)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	b.cat.SetStatus(t.Context(), b.b.ID, meetups.StatusPaused, "")
	if n := tidy(now); n != 0 {
		t.Fatalf("a paused meetup removed at once: %d", n)
	}
	// Paused for 29 days, then back: kept, the clock starts again.
	b.cat.SetStatus(t.Context(), b.b.ID, meetups.StatusPublished, "")
	tidy(now.AddDate(0, 0, 29))
	b.cat.SetStatus(t.Context(), b.b.ID, meetups.StatusArchived, "")
	if n := tidy(now.AddDate(0, 0, 31)); n != 0 {
		t.Fatalf("removed 2 days after it stopped: %d", n)
	}
	if n := tidy(now.AddDate(0, 0, 62)); n != 1 {
		t.Fatalf("30 days after it stopped: removed %d, want 1", n)
	}
	if l := b.list(t, parentChat); len(l) != 1 || l[0].MeetupID != b.a.ID {
		t.Errorf("left: %+v, want only the live café", l)
	}
	if ok, _ := b.saved.ClaimDay(t.Context(), parentChat, now.AddDate(0, 0, 62), 2); !ok {
		t.Error("an old notice day was kept")
	}
}

func TestForgetChatSavedAndJobs(t *testing.T) {
	t.Parallel()
	b := setupSaved(t)
	for _, chat := range []int64{parentChat, otherChat} {
		b.saved.Remind(t.Context(), chat, b.a, reminders(tuesday, dialog.RemindEvening, dialog.RemindSoon), now)
		b.saved.FollowUp(t.Context(), chat, b.a.ID, tuesday, now)
		b.saved.ClaimDay(t.Context(), chat, now, 1)
	}
	// One of the parent's jobs already ran: its row (args with the chat id)
	// goes too.
	if err := db.Exec(t.Context(), b.d, `update river_job set state = 'completed', finalized_at = now()
		where id = (select min(id) from river_job where args @> '{"chat_id": 9001}')`); err != nil {
		t.Fatal(err)
	}
	if err := b.d.Sessions().ForgetChat(t.Context(), parentChat); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"saved_meetups", "notice_days"} {
		if n, err := db.QueryInt(t.Context(), b.d, `select count(*)::int from `+table+` where chat_id = $1`, parentChat); err != nil || n != 0 {
			t.Errorf("%s: %d rows of the forgotten chat (%v)", table, n, err)
		}
	}
	if jobs := b.jobs(t, parentChat); len(jobs) != 0 {
		t.Errorf("jobs of the forgotten chat: %+v", jobs)
	}
	if n, _ := db.QueryInt(t.Context(), b.d, `select count(*)::int from river_job where args::text like '%9001%'`); n != 0 {
		t.Errorf("%d job rows still hold the chat id", n)
	}
	if jobs, l := b.jobs(t, otherChat), b.list(t, otherChat); len(jobs) != 3 || len(l) != 1 {
		t.Errorf("another chat: %d jobs, %d saved; want 3, 1", len(jobs), len(l))
	}
	if r, f := noticeCount(t, b.d, "reminder", "cancelled", "forgotten"), noticeCount(t, b.d, "follow_up", "cancelled", "forgotten"); r != 1 || f != 1 {
		t.Errorf("counted forgotten: %v reminders, %v follow-ups; want 1 and 1 (the completed one was sent)", r, f)
	}
}

// TestForgetStatementsCoverChatIDs: every table with a column that holds a
// chat id has a statement in ForgetChat, and River's jobs too.
func TestForgetStatementsCoverChatIDs(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	rows, err := db.QueryStrings(context.Background(), d, `select table_name || '.' || column_name from information_schema.columns
		where table_schema = current_schema() and (column_name like '%chat%' or column_name in ('used_by', 'submitted_by'))`)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 5 {
		t.Fatalf("found only %v; the query is out of date", rows)
	}
	all := strings.Join(db.ForgetStatements, "\n")
	for _, tc := range rows {
		table, column, _ := strings.Cut(tc, ".")
		if !strings.Contains(all, " "+table+" ") || !strings.Contains(all, column) {
			t.Errorf("%s.%s holds a chat id but ForgetChat has no statement for it", table, column)
		}
	}
	if !slices.ContainsFunc(db.ForgetStatements, func(s string) bool { return strings.Contains(s, "river_job") }) {
		t.Error("River's jobs name chats in their args, and ForgetChat does not delete them")
	}
}
