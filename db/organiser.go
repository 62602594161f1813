package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// The organiser's side of the catalogue: meetups in any status, by
// organisation, and the status changes of moderation and /mijn. Callers
// check roles first; these methods trust their arguments.

// MeetupAny returns a meetup whatever its status.
func (c *Catalogue) MeetupAny(ctx context.Context, id int64) (meetups.Meetup, error) {
	row := c.db.pool.QueryRow(ctx, `select `+meetupColumns+` from meetups m join organisations o on o.id = m.org_id
		where m.id = $1`, id)
	m, err := scanMeetup(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, meetups.Errorf(meetups.ENOTFOUND, "no meetup %d", id)
	}
	if err != nil {
		return m, fmt.Errorf("db: meetup %d: %w", id, interpretError(err))
	}
	return m, nil
}

// OrgMeetups lists an organisation's meetups that are not archived —
// except those an admin turned down or took offline, with their reason, so
// the organiser can fix and submit them again — newest first.
func (c *Catalogue) OrgMeetups(ctx context.Context, orgID int64) ([]meetups.Meetup, error) {
	rows, err := c.db.pool.Query(ctx, `select `+meetupColumns+` from meetups m join organisations o on o.id = m.org_id
		where m.org_id = $1 and (m.status <> 'archived' or m.reject_reason <> '') order by m.created_at desc, m.id desc limit 50`, orgID)
	if err != nil {
		return nil, fmt.Errorf("db: organisation meetups: %w", interpretError(err))
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Meetup, error) { return scanMeetup(r) })
	if err != nil {
		return nil, fmt.Errorf("db: organisation meetups: %w", interpretError(err))
	}
	return ms, nil
}

// PendingMeetups lists the meetups waiting for an admin, oldest first, at
// most 50: the moderation queue.
func (c *Catalogue) PendingMeetups(ctx context.Context) ([]meetups.Meetup, error) {
	rows, err := c.db.pool.Query(ctx, `select `+meetupColumns+` from meetups m join organisations o on o.id = m.org_id
		where m.status = 'pending' order by m.created_at, m.id limit 50`)
	if err != nil {
		return nil, fmt.Errorf("db: pending meetups: %w", interpretError(err))
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Meetup, error) { return scanMeetup(r) })
	if err != nil {
		return nil, fmt.Errorf("db: pending meetups: %w", interpretError(err))
	}
	return ms, nil
}

// LiveMeetups is a page of the published meetups of every organisation,
// by organisation and title, and how many there are: what an admin looks
// through from /mijn.
func (c *Catalogue) LiveMeetups(ctx context.Context, offset, limit int) ([]meetups.Meetup, int, error) {
	var total int
	if err := c.db.pool.QueryRow(ctx, `select count(*) from meetups where status = 'published'`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("db: live meetups: %w", interpretError(err))
	}
	rows, err := c.db.pool.Query(ctx, `select `+meetupColumns+` from meetups m join organisations o on o.id = m.org_id
		where m.status = 'published' order by o.name, m.title, m.id offset $1 limit $2`, offset, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("db: live meetups: %w", interpretError(err))
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Meetup, error) { return scanMeetup(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("db: live meetups: %w", interpretError(err))
	}
	return ms, total, nil
}

// SetStatus moves a meetup to status; reason is kept for a rejection.
func (c *Catalogue) SetStatus(ctx context.Context, id int64, s meetups.Status, reason string) error {
	// Whoever puts a meetup (back) before parents says it is right, and
	// any change of status ends a pause for want of confirmation.
	tag, err := c.db.pool.Exec(ctx, `update meetups set status = $2, reject_reason = $3, updated_at = now(), paused_reason = '',
			confirmed_at = case when $2 = 'published' then now() else confirmed_at end
		where id = $1`,
		id, string(s), reason)
	if err != nil {
		return fmt.Errorf("db: set status: %w", interpretError(err))
	}
	if tag.RowsAffected() == 0 {
		return meetups.Errorf(meetups.ENOTFOUND, "no meetup %d", id)
	}
	return nil
}

// SetSubmittedBy records which chat submitted a meetup, so the verdict of
// moderation reaches it.
func (c *Catalogue) SetSubmittedBy(ctx context.Context, id, chatID int64) error {
	if _, err := c.db.pool.Exec(ctx, `update meetups set submitted_by = $2 where id = $1`, id, chatID); err != nil {
		return fmt.Errorf("db: set submitter: %w", interpretError(err))
	}
	return nil
}

// SubmittedBy is the chat that submitted a meetup (0 when unknown or
// forgotten).
func (c *Catalogue) SubmittedBy(ctx context.Context, id int64) (int64, error) {
	var chat *int64
	if err := c.db.pool.QueryRow(ctx, `select submitted_by from meetups where id = $1`, id).Scan(&chat); err != nil {
		return 0, fmt.Errorf("db: submitter: %w", interpretError(err))
	}
	if chat == nil {
		return 0, nil
	}
	return *chat, nil
}

// DeleteMeetup removes a meetup for good.
func (c *Catalogue) DeleteMeetup(ctx context.Context, id int64) error {
	if _, err := c.db.pool.Exec(ctx, `delete from meetups where id = $1`, id); err != nil {
		return fmt.Errorf("db: delete meetup: %w", interpretError(err))
	}
	return nil
}

// publishLockClass is the first key of the per-organisation advisory lock
// that makes the daily limit hold when two publishes run at once.
const publishLockClass = 0x6f6b7062 // "okpb"

// Publish stores a new meetup made in the bot, in one transaction: the
// daily limit (at most p.Limit meetups made in the bot by the
// organisation since p.Since; 0: no limit), the row and its submitter.
// The same draft (p.Key) published again returns the meetup it made the
// first time, with created false, and changes nothing: one draft is one
// meetup however often publish runs. Over the limit it returns a
// meetups.ELIMIT error and stores nothing.
func (c *Catalogue) Publish(ctx context.Context, m meetups.Meetup, p meetups.Publish, now time.Time) (id int64, created bool, err error) {
	if p.Key == "" || m.ID != 0 || m.OrgID == 0 {
		return 0, false, meetups.Errorf(meetups.EINVALID, "publish: a new meetup of an organisation, with a draft key")
	}
	if err := m.Validate(); err != nil {
		return 0, false, err
	}
	err = pgx.BeginFunc(ctx, c.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `select pg_advisory_xact_lock($1, hashint8($2))`, publishLockClass, m.OrgID); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `select id from meetups where draft_key = $1`, p.Key).Scan(&id)
		if err == nil {
			return nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if p.Limit > 0 {
			var n int
			if err := tx.QueryRow(ctx, `select count(*) from meetups where org_id = $1 and source = '' and created_at >= $2`,
				m.OrgID, p.Since).Scan(&n); err != nil {
				return err
			}
			if n >= p.Limit {
				return meetups.Errorf(meetups.ELIMIT, "organisation %d made %d meetups since %s", m.OrgID, n, p.Since.Format(time.RFC3339))
			}
		}
		vals := append(meetupValues(m, m.OrgID, now), p.By, p.Key)
		created = true
		return tx.QueryRow(ctx, `insert into meetups (`+writeColumns+`, submitted_by, draft_key)
			values (`+placeholders(len(vals), 1)+`) returning id`, vals...).Scan(&id)
	})
	if meetups.ErrorCode(err) != "" {
		return 0, false, err
	}
	if err != nil {
		return 0, false, fmt.Errorf("db: publish meetup: %w", interpretError(err))
	}
	return id, created, nil
}
