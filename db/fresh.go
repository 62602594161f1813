package db

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// fresh.go keeps repeating meetups honest (migration 008): their
// organisers are asked each school term whether they still happen, and
// one nobody confirmed for meetups.FreshFor is hidden. Demo samples and
// one-off or ongoing meetups are left out.

// FreshNotice is a meetup to tell its organisers about, and their chats.
type FreshNotice struct {
	Meetup meetups.Meetup
	Chats  []int64
}

// ClaimFreshAsks marks up to limit repeating published meetups not
// confirmed since confirmedBefore, and not yet asked since termStart, as
// asked at now, and returns them with their organisers' chats. Claiming
// first (skipping rows another replica is claiming) means each is asked
// once a term.
func (c *Catalogue) ClaimFreshAsks(ctx context.Context, termStart, confirmedBefore, now time.Time, limit int) ([]FreshNotice, error) {
	return c.freshNotices(ctx, `with due as (
			select id from meetups
			where status = 'published' and schedule_kind = 'recurring' and not sample
			and confirmed_at < $4 and (fresh_asked_at is null or fresh_asked_at < $1)
			order by id limit $3 for update skip locked)
		update meetups m set fresh_asked_at = $2 from due where m.id = due.id
		returning m.id`, termStart, now, limit, confirmedBefore)
}

// HideUnconfirmed pauses the repeating published meetups nobody confirmed
// since before (paused_reason 'unconfirmed') and returns them with their
// organisers' chats.
func (c *Catalogue) HideUnconfirmed(ctx context.Context, before, now time.Time) ([]FreshNotice, error) {
	return c.freshNotices(ctx, `update meetups set status = 'paused', paused_reason = 'unconfirmed', updated_at = $2
		where status = 'published' and schedule_kind = 'recurring' and not sample and confirmed_at < $1
		returning id`, before, now)
}

// freshNotices runs a statement returning meetup ids and loads each with
// the chats of its organisation's organisers, in one transaction.
func (c *Catalogue) freshNotices(ctx context.Context, sql string, args ...any) ([]FreshNotice, error) {
	var out []FreshNotice
	err := pgx.BeginFunc(ctx, c.db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil || len(ids) == 0 {
			return err
		}
		rows, err = tx.Query(ctx, `select `+meetupColumns+`,
				coalesce((select array_agg(distinct b.chat_id order by b.chat_id) from members b
					where b.org_id = m.org_id and b.role = 'organiser'), '{}')
			from meetups m join organisations o on o.id = m.org_id
			where m.id = any($1) order by m.id`, ids)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (FreshNotice, error) {
			var n FreshNotice
			m, err := scanMeetup(r, &n.Chats)
			n.Meetup = m
			return n, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("db: freshness: %w", interpretError(err))
	}
	return out, nil
}

// Confirm records that an organiser says meetup id still happens as
// listed; a meetup hidden for want of that shows again.
func (c *Catalogue) Confirm(ctx context.Context, id int64, now time.Time) error {
	tag, err := c.db.pool.Exec(ctx, `update meetups set confirmed_at = $2, updated_at = $2,
			status = case when paused_reason = 'unconfirmed' and status = 'paused' then 'published' else status end,
			paused_reason = ''
		where id = $1`, id, now)
	if err != nil {
		return fmt.Errorf("db: confirm: %w", interpretError(err))
	}
	if tag.RowsAffected() == 0 {
		return meetups.Errorf(meetups.ENOTFOUND, "no meetup %d", id)
	}
	return nil
}
