package db_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/internal/pgproxy"
	"github.com/ouderkring/ouderkring/internal/testwait"
	"github.com/ouderkring/ouderkring/meetups"
)

// jobsBundle is the saved bundle with River working its jobs on a clock
// the test moves, and handlers that answer as told.
type jobsBundle struct {
	savedBundle
	mu sync.Mutex
	// offset is the clock's distance from real time: it runs on, as River
	// expects time to do.
	offset   time.Duration
	answer   func(db.Reminder) db.Result
	ran      []db.Reminder
	followed []db.FollowUp
	upkeeps  int
}

func setupJobs(t *testing.T, clock time.Time) *jobsBundle {
	t.Helper()
	b := &jobsBundle{savedBundle: setupSaved(t), offset: time.Until(clock)}
	b.answer = func(db.Reminder) db.Result { return db.Delivered("reminder") }
	jobs, err := b.d.StartJobs(context.Background(), db.JobConfig{
		Reminder: func(ctx context.Context, r db.Reminder) db.Result {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.ran = append(b.ran, r)
			return b.answer(r)
		},
		FollowUp: func(ctx context.Context, f db.FollowUp) db.Result {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.followed = append(b.followed, f)
			return db.Delivered("follow_up")
		},
		Upkeep: func(ctx context.Context) error {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.upkeeps++
			return nil
		},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time {
			b.mu.Lock()
			defer b.mu.Unlock()
			return time.Now().Add(b.offset)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := jobs.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return b
}

func (b *jobsBundle) setAnswer(f func(db.Reminder) db.Result) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.answer = f
}

// waitJobs waits until the chat's jobs satisfy ok and returns them; the
// states they went through are logged.
func (b *jobsBundle) waitJobs(t *testing.T, chat int64, ok func([]db.JobInfo) bool) []db.JobInfo {
	t.Helper()
	var jobs []db.JobInfo
	testwait.Eventually(t, 30*time.Second, func() bool {
		now := b.jobs(t, chat)
		if !maps.Equal(states(now), states(jobs)) {
			t.Logf("jobs of chat %d: %v", chat, states(now))
		}
		jobs = now
		return ok(jobs)
	}, fmt.Sprintf("the jobs of chat %d get where the test needs them", chat))
	return jobs
}

func states(jobs []db.JobInfo) map[string]int {
	m := map[string]int{}
	for _, j := range jobs {
		m[j.Kind+":"+j.State]++
	}
	return m
}

func TestJobs(t *testing.T) {
	t.Parallel()
	// Monday 20:00: the evening-before reminder (19:00) is due, the one two
	// hours before Tuesday 10:00 and the follow-up are not.
	monday8pm := time.Date(2026, 11, 23, 20, 0, 0, 0, meetups.Amsterdam)

	t.Run("DeliveredAtItsTimeOnce", func(t *testing.T) {
		t.Parallel()
		b := setupJobs(t, monday8pm)
		b.saved.Remind(t.Context(), parentChat, b.a, reminders(tuesday, dialog.RemindEvening, dialog.RemindSoon), now)
		b.waitJobs(t, parentChat, func(j []db.JobInfo) bool { return states(j)["reminder:completed"] == 1 })
		b.mu.Lock()
		ran := append([]db.Reminder(nil), b.ran...)
		upkeeps := b.upkeeps
		b.mu.Unlock()
		if len(ran) != 1 || ran[0].When != dialog.RemindEvening || ran[0].ChatID != parentChat || ran[0].MeetupID != b.a.ID ||
			!ran[0].Start.Equal(tuesday) || ran[0].JobID == 0 {
			t.Errorf("handled: got=%+v, want the evening reminder once", ran)
		}
		if s := states(b.jobs(t, parentChat)); s["reminder:scheduled"] != 1 {
			t.Errorf("the reminder two hours before: got=%v, want still scheduled", s)
		}
		if n := noticeCount(t, b.d, "reminder", "delivered", "reminder"); n != 1 {
			t.Errorf("counted delivered: %v", n)
		}
		if upkeeps == 0 {
			t.Error("the upkeep did not run at start")
		}
		// Asking again for the reminder that was sent makes no second job;
		// the new choice (the evening alone) replaces the one to come.
		b.saved.Remind(t.Context(), parentChat, b.a, reminders(tuesday, dialog.RemindEvening), now)
		if s := states(b.jobs(t, parentChat)); len(s) != 1 || s["reminder:completed"] != 1 {
			t.Errorf("after asking again for the evening: %v, want only the one sent", s)
		}
	})

	t.Run("UnreachableCancelsTheChatsNotices", func(t *testing.T) {
		t.Parallel()
		b := setupJobs(t, monday8pm)
		b.setAnswer(func(db.Reminder) db.Result { return db.Unreachable("unreachable") })
		b.saved.Remind(t.Context(), parentChat, b.a, reminders(tuesday, dialog.RemindEvening, dialog.RemindSoon), now)
		b.saved.FollowUp(t.Context(), parentChat, b.a.ID, tuesday, time.Date(2026, 11, 25, 10, 0, 0, 0, meetups.Amsterdam))
		b.saved.Remind(t.Context(), otherChat, b.b, reminders(tuesday.AddDate(0, 0, 1), dialog.RemindSoon), now)
		jobs := b.waitJobs(t, parentChat, func(j []db.JobInfo) bool { return states(j)["reminder:cancelled"] == 1 })
		if len(jobs) != 1 {
			t.Errorf("the chat's other notices: got=%+v, want none left", jobs)
		}
		if n := len(b.jobs(t, otherChat)); n != 1 {
			t.Errorf("another chat lost its reminder: %d jobs", n)
		}
		r, f := noticeCount(t, b.d, "reminder", "cancelled", "unreachable"), noticeCount(t, b.d, "follow_up", "cancelled", "unreachable")
		if r != 2 || f != 1 {
			t.Errorf("counted: %v reminders, %v follow-ups cancelled; want 2, 1", r, f)
		}
	})

	t.Run("LaterAndLastAttempt", func(t *testing.T) {
		t.Parallel()
		b := setupJobs(t, monday8pm)
		later := time.Date(2026, 11, 23, 21, 30, 0, 0, meetups.Amsterdam)
		calls := 0
		b.setAnswer(func(db.Reminder) db.Result {
			calls++ // under b.mu
			if calls == 1 {
				return db.Later(later, "moved")
			}
			return db.Failed("send", errors.New("telegram down"))
		})
		b.saved.Remind(t.Context(), parentChat, b.a, reminders(tuesday, dialog.RemindEvening), now)
		jobs := b.waitJobs(t, parentChat, func(j []db.JobInfo) bool {
			return len(j) == 1 && j[0].State == "scheduled" && j[0].ScheduledAt.Sub(later).Abs() < time.Second
		})
		// The last attempt of a send that keeps failing is counted as failed.
		if err := db.Exec(t.Context(), b.d, "update river_job set attempt = max_attempts - 1 where id = "+itoa(jobs[0].ID)); err != nil {
			t.Fatal(err)
		}
		b.mu.Lock()
		b.offset = time.Until(later.Add(time.Minute))
		b.mu.Unlock()
		b.waitJobs(t, parentChat, func(j []db.JobInfo) bool { return j[0].State == "discarded" })
		if n := noticeCount(t, b.d, "reminder", "failed", "send"); n != 1 {
			t.Errorf("counted failed: %v", n)
		}
		if n := noticeCount(t, b.d, "reminder", "postponed", "moved"); n != 1 {
			t.Errorf("counted postponed: %v", n)
		}
	})
}

// TestJobsStartWaitsForTheDatabase: a program that starts while the
// database is away (its queue's start fails) tries again and starts the
// queue once the database is back — the upkeep then runs — instead of
// exiting; and a start given up (the program stopped meanwhile) says so.
func TestJobsStartWaitsForTheDatabase(t *testing.T) {
	t.Parallel()
	direct := dbtest.URL(t)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := pgproxy.Start(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxy.Close)
	u.Host = proxy.Addr()
	d, err := db.Open(t.Context(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	if err := d.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}

	upkeeps := make(chan struct{}, 10)
	cfg := db.JobConfig{Upkeep: func(context.Context) error { upkeeps <- struct{}{}; return nil }, UpkeepEvery: time.Hour}
	proxy.SetDown(true)
	go func() { time.Sleep(1500 * time.Millisecond); proxy.SetDown(false) }()
	start := time.Now()
	jobs, err := d.StartJobs(t.Context(), cfg)
	if err != nil {
		t.Fatalf("a start while the database was away for 1.5 s: %v", err)
	}
	t.Cleanup(func() { _ = jobs.Stop(context.Background()) })
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("started after %s, while the database was still away", waited)
	}
	select {
	case <-upkeeps:
	case <-time.After(30 * time.Second):
		t.Fatal("the upkeep never ran after the database came back")
	}

	proxy.SetDown(true)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if _, err := d.StartJobs(ctx, cfg); err == nil {
		t.Error("a start given up while the database stayed away reported success")
	}
	proxy.SetDown(false)
}
