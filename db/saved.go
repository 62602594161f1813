package db

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// Saved keeps what parents saved (table saved_meetups, migration 012) and
// schedules their reminders and follow-ups as River jobs in the same
// transaction, so a saved meetup and its jobs come and go together. It
// implements dialog.SavedStore; every statement names the chat, so a
// forged meetup id only ever reaches the asking chat's own rows.
type Saved struct {
	db *DB
}

var _ dialog.SavedStore = (*Saved)(nil)

// Saved returns the saved meetups backed by d.
func (d *DB) Saved() *Saved { return &Saved{db: d} }

// title is what saved_meetups keeps of a meetup's title.
func title(m meetups.Meetup) string {
	t := strings.TrimSpace(m.Title)
	for utf8.RuneCountInString(t) > meetups.MaxTitle {
		_, size := utf8.DecodeLastRuneInString(t)
		t = t[:len(t)-size]
	}
	if t == "" {
		t = fmt.Sprintf("#%d", m.ID)
	}
	return t
}

// save inserts the row in tx: created is false when the chat had saved it
// already; dialog.ErrSavedFull when it keeps dialog.MaxSaved already.
func (s *Saved) save(ctx context.Context, tx pgx.Tx, chatID int64, m meetups.Meetup, now time.Time) (bool, error) {
	var created bool
	err := tx.QueryRow(ctx, `insert into saved_meetups (chat_id, meetup_id, title, saved_at)
		select $1, $2, $3, $4 where (select count(*) from saved_meetups where chat_id = $1) < $5
		on conflict (chat_id, meetup_id) do nothing returning true`, chatID, m.ID, title(m), now, dialog.MaxSaved).Scan(&created)
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return false, err
	}
	var exists bool
	if err := tx.QueryRow(ctx, `select exists (select 1 from saved_meetups where chat_id = $1 and meetup_id = $2)`,
		chatID, m.ID).Scan(&exists); err != nil {
		return false, err
	}
	if !exists {
		return false, dialog.ErrSavedFull
	}
	return false, nil
}

// Save keeps m for the chat.
func (s *Saved) Save(ctx context.Context, chatID int64, m meetups.Meetup, now time.Time) (bool, error) {
	var created bool
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) (err error) {
		created, err = s.save(ctx, tx, chatID, m, now)
		return err
	})
	if errors.Is(err, dialog.ErrSavedFull) {
		return false, err
	}
	if err != nil {
		return false, fmt.Errorf("db: save meetup for later: %w", interpretError(err))
	}
	return created, nil
}

// Remind saves m and schedules a job per reminder, due at its time, in
// place of the reminders of m still to come: a new choice replaces the
// old one. River skips a reminder that was sent already (unique per chat,
// meetup, date and kind).
func (s *Saved) Remind(ctx context.Context, chatID int64, m meetups.Meetup, rs []dialog.Reminder, now time.Time) (bool, error) {
	var created bool
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) (err error) {
		if created, err = s.save(ctx, tx, chatID, m, now); err != nil {
			return err
		}
		if _, err := s.db.cancelNotices(ctx, tx, chatID, m.ID, "replaced", kindReminder); err != nil {
			return err
		}
		for _, r := range rs {
			if !r.When.Valid() {
				return meetups.Errorf(meetups.EINVALID, "reminder %q is not one of evening, soon", r.When)
			}
			args := reminderArgs{ChatID: chatID, MeetupID: m.ID, Day: dayKey(r.Start), When: string(r.When), Start: r.Start}
			if _, err := s.db.inserter.InsertTx(ctx, tx, args, &river.InsertOpts{ScheduledAt: r.At}); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, dialog.ErrSavedFull) || meetups.ErrorCode(err) == meetups.EINVALID {
		return false, err
	}
	if err != nil {
		return false, fmt.Errorf("db: remind: %w", interpretError(err))
	}
	return created, nil
}

// FollowUp switches the follow-up of a saved meetup on and schedules its
// job at at; a follow-up that is not off any more stays as it is.
func (s *Saved) FollowUp(ctx context.Context, chatID, meetupID int64, start, at time.Time) (bool, error) {
	var saved bool
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		var state string
		err := tx.QueryRow(ctx, `select follow_up from saved_meetups where chat_id = $1 and meetup_id = $2 for update`,
			chatID, meetupID).Scan(&state)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		saved = true
		if state != string(dialog.FollowUpOff) {
			return nil
		}
		if _, err := tx.Exec(ctx, `update saved_meetups set follow_up = 'on' where chat_id = $1 and meetup_id = $2`,
			chatID, meetupID); err != nil {
			return err
		}
		_, err = s.db.inserter.InsertTx(ctx, tx, followUpArgs{ChatID: chatID, MeetupID: meetupID, Start: start},
			&river.InsertOpts{ScheduledAt: at})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("db: follow-up: %w", interpretError(err))
	}
	return saved, nil
}

// Unsave removes a saved meetup with its pending reminders and follow-up,
// counting those as cancelled because the parent removed it.
func (s *Saved) Unsave(ctx context.Context, chatID, meetupID int64) (bool, error) {
	var removed bool
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `delete from saved_meetups where chat_id = $1 and meetup_id = $2`, chatID, meetupID)
		if err != nil {
			return err
		}
		if removed = tag.RowsAffected() > 0; !removed {
			return nil
		}
		_, err = s.db.cancelNotices(ctx, tx, chatID, meetupID, "removed")
		return err
	})
	if err != nil {
		return false, fmt.Errorf("db: unsave: %w", interpretError(err))
	}
	return removed, nil
}

// StopNotices cancels every reminder and follow-up still to come for the
// chat (/stop: "I'll send you nothing more") and switches the follow-ups
// that were on off, so /bewaard says what is true. It returns how many
// were cancelled; the saved meetups stay.
func (s *Saved) StopNotices(ctx context.Context, chatID int64) (int, error) {
	var n int
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) (err error) {
		if n, err = s.db.cancelNotices(ctx, tx, chatID, 0, "stopped"); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `update saved_meetups set follow_up = 'off' where chat_id = $1 and follow_up = 'on'`, chatID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("db: stop notices: %w", interpretError(err))
	}
	return n, nil
}

// SavedMeetups lists the chat's saved meetups, newest first, each with the
// meetup as it is now (any status; nil when deleted) and its reminders
// still to come.
func (s *Saved) SavedMeetups(ctx context.Context, chatID int64) ([]dialog.SavedMeetup, error) {
	rows, err := s.db.pool.Query(ctx, `select meetup_id, title, follow_up from saved_meetups where chat_id = $1
		order by saved_at desc, meetup_id desc limit $2`, chatID, dialog.MaxSaved)
	if err != nil {
		return nil, fmt.Errorf("db: saved meetups: %w", interpretError(err))
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dialog.SavedMeetup, error) {
		var sm dialog.SavedMeetup
		err := r.Scan(&sm.MeetupID, &sm.Title, &sm.FollowUp)
		return sm, err
	})
	if err != nil || len(list) == 0 {
		return nil, wrapNil("db: saved meetups", err)
	}
	ids := make([]int64, len(list))
	for i, sm := range list {
		ids[i] = sm.MeetupID
	}
	rows, err = s.db.pool.Query(ctx, `select `+meetupColumns+` from meetups m join organisations o on o.id = m.org_id
		where m.id = any($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("db: saved meetups: %w", interpretError(err))
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Meetup, error) { return scanMeetup(r) })
	if err != nil {
		return nil, fmt.Errorf("db: saved meetups: %w", interpretError(err))
	}
	byID := map[int64]*meetups.Meetup{}
	for i := range ms {
		byID[ms[i].ID] = &ms[i]
	}
	reminders, err := s.reminders(ctx, chatID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Meetup = byID[list[i].MeetupID]
		list[i].Reminders = reminders[list[i].MeetupID]
	}
	return list, nil
}

// reminders are the chat's reminders still to come, by meetup, soonest
// first: River's jobs that have not run.
func (s *Saved) reminders(ctx context.Context, chatID int64) (map[int64][]dialog.Reminder, error) {
	rows, err := s.db.pool.Query(ctx, `select (args->>'meetup_id')::bigint, args->>'when', (args->>'start')::timestamptz, scheduled_at
		from river_job where kind = $2 and `+noticeChatMatch+` and state::text = any($3)
		order by scheduled_at, id`, chatID, kindReminder, pendingStateNames)
	if err != nil {
		return nil, fmt.Errorf("db: reminders: %w", interpretError(err))
	}
	out := map[int64][]dialog.Reminder{}
	var (
		id   int64
		r    dialog.Reminder
		when string
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &when, &r.Start, &r.At}, func() error {
		r.When = dialog.ReminderWhen(when)
		out[id] = append(out[id], r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: reminders: %w", interpretError(err))
	}
	return out, nil
}

// Answer counts the chat's answer to a follow-up it was asked, once: the
// saved row becomes answered and the meetup's week gets one more f, with
// nothing that says which chat answered.
func (s *Saved) Answer(ctx context.Context, chatID, meetupID int64, f meetups.Feeling, now time.Time) (bool, error) {
	if !f.Valid() {
		return false, meetups.Errorf(meetups.EINVALID, "unknown answer %q", f)
	}
	var answered bool
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update saved_meetups set follow_up = 'answered'
			where chat_id = $1 and meetup_id = $2 and follow_up = 'asked'`, chatID, meetupID)
		if err != nil {
			return err
		}
		if answered = tag.RowsAffected() == 1; !answered {
			return nil
		}
		_, err = tx.Exec(ctx, `insert into meetup_counts as c (meetup_id, week, good, okay, bad)
			select m.id, $2::date, ($3 = 'good')::int, ($3 = 'okay')::int, ($3 = 'bad')::int from meetups m where m.id = $1
			on conflict (meetup_id, week) do update set good = c.good + excluded.good, okay = c.okay + excluded.okay,
				bad = c.bad + excluded.bad`, meetupID, meetups.WeekOf(now), string(f))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("db: follow-up answer: %w", interpretError(err))
	}
	return answered, nil
}

// Entry is one saved row, without the meetup: what a due notice needs
// (the title, the follow-up's state). ok is false when the chat has not
// saved the meetup (any more).
func (s *Saved) Entry(ctx context.Context, chatID, meetupID int64) (sm dialog.SavedMeetup, ok bool, err error) {
	err = s.db.pool.QueryRow(ctx, `select meetup_id, title, follow_up from saved_meetups where chat_id = $1 and meetup_id = $2`,
		chatID, meetupID).Scan(&sm.MeetupID, &sm.Title, &sm.FollowUp)
	if errors.Is(err, pgx.ErrNoRows) {
		return sm, false, nil
	}
	if err != nil {
		return sm, false, fmt.Errorf("db: saved entry: %w", interpretError(err))
	}
	return sm, true, nil
}

// MarkAsked records that the follow-up is being sent, so its answer
// counts; false when the follow-up is not on (off, answered, unsaved).
// Asked again (a retried send) stays asked.
func (s *Saved) MarkAsked(ctx context.Context, chatID, meetupID int64) (bool, error) {
	tag, err := s.db.pool.Exec(ctx, `update saved_meetups set follow_up = 'asked'
		where chat_id = $1 and meetup_id = $2 and follow_up in ('on', 'asked')`, chatID, meetupID)
	if err != nil {
		return false, fmt.Errorf("db: follow-up asked: %w", interpretError(err))
	}
	return tag.RowsAffected() == 1, nil
}

// ClaimDay claims day (its Amsterdam date) for a message the bot sends
// the chat on its own, for job: true when the bot has not yet written to
// the chat on its own that day, or only this job did (a retry). Follow-ups
// claim before they send, so there is never a second in one day.
func (s *Saved) ClaimDay(ctx context.Context, chatID int64, day time.Time, job int64) (bool, error) {
	var ok bool
	err := s.db.pool.QueryRow(ctx, `insert into notice_days as n (chat_id, day, job_id) values ($1, $2::date, $3)
		on conflict (chat_id) do update set day = excluded.day, job_id = excluded.job_id
		where n.day < excluded.day or (n.day = excluded.day and n.job_id = excluded.job_id) returning true`,
		chatID, dayKey(day), job).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("db: claim notice day: %w", interpretError(err))
	}
	return ok, nil
}

// NoteDay records that job wrote to the chat on its own on day (a
// reminder, which comes at the time the parent chose whatever else was
// sent that day), so a follow-up waits for the next day.
func (s *Saved) NoteDay(ctx context.Context, chatID int64, day time.Time, job int64) error {
	if _, err := s.db.pool.Exec(ctx, `insert into notice_days as n (chat_id, day, job_id) values ($1, $2::date, $3)
		on conflict (chat_id) do update set day = excluded.day, job_id = excluded.job_id where n.day <= excluded.day`,
		chatID, dayKey(day), job); err != nil {
		return fmt.Errorf("db: note notice day: %w", interpretError(err))
	}
	return nil
}

// Tidy keeps saved_meetups and notice_days to what they are for: a saved
// meetup with no dates to come (ended, paused, stopped or deleted) is
// marked from now, unmarked when it comes back, and removed keep after it
// was marked (a job still pending for it finds it unsaved and is dropped);
// days before yesterday are forgotten. It returns how many saved meetups it removed.
func (s *Saved) Tidy(ctx context.Context, now time.Time, keep time.Duration) (int64, error) {
	const live = `exists (select 1 from meetups m where m.id = s.meetup_id and m.status = 'published'
		and (m.next_start is not null or m.schedule_kind = 'ongoing'))`
	var removed int64
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `update saved_meetups s set gone_since = $1 where gone_since is null and not `+live, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update saved_meetups s set gone_since = null where gone_since is not null and `+live); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `delete from saved_meetups where gone_since < $1`, now.Add(-keep))
		if err != nil {
			return err
		}
		removed = tag.RowsAffected()
		_, err = tx.Exec(ctx, `delete from notice_days where day < $1::date`, dayKey(now.AddDate(0, 0, -1)))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("db: tidy saved meetups: %w", interpretError(err))
	}
	return removed, nil
}

// wrapNil wraps err with context, and is nil for nil.
func wrapNil(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, interpretError(err))
}
