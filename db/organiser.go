package db

import (
	"context"
	"errors"
	"fmt"

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

// OrgMeetups lists an organisation's meetups that are not archived, newest
// first.
func (c *Catalogue) OrgMeetups(ctx context.Context, orgID int64) ([]meetups.Meetup, error) {
	rows, err := c.db.pool.Query(ctx, `select `+meetupColumns+` from meetups m join organisations o on o.id = m.org_id
		where m.org_id = $1 and m.status <> 'archived' order by m.created_at desc, m.id desc limit 50`, orgID)
	if err != nil {
		return nil, fmt.Errorf("db: organisation meetups: %w", interpretError(err))
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Meetup, error) { return scanMeetup(r) })
	if err != nil {
		return nil, fmt.Errorf("db: organisation meetups: %w", interpretError(err))
	}
	return ms, nil
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
