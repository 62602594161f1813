package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// Referrals keeps the links clinic staff hand out and their anonymous
// weekly numbers (tables referral_links and referral_counts, migration
// 009). It implements meetups.Referrals for the parent's path and
// dialog.ReferralStore for /link and /cijfers. No table here holds a chat.
type Referrals struct{ db *DB }

var (
	_ meetups.Referrals    = (*Referrals)(nil)
	_ dialog.ReferralStore = (*Referrals)(nil)
)

// Referrals returns the referral store backed by d.
func (d *DB) Referrals() *Referrals { return &Referrals{db: d} }

// linkColumns are read by scanLink, in its order.
const linkColumns = `l.id, l.code, l.label, coalesce(l.org_id, 0), coalesce(o.name, ''),
	l.preset_lat, l.preset_lon, l.preset_label, l.created_at`

const linkFrom = ` from referral_links l left join organisations o on o.id = l.org_id`

func scanLink(row pgx.Row) (meetups.ReferralLink, error) {
	var (
		l        meetups.ReferralLink
		lat, lon *float64
		area     string
	)
	if err := row.Scan(&l.ID, &l.Code, &l.Label, &l.OrgID, &l.OrgName, &lat, &lon, &area, &l.CreatedAt); err != nil {
		return l, err
	}
	if lat != nil && lon != nil {
		l.Area = &meetups.Place{Point: meetups.Point{Lat: *lat, Lon: *lon}, Label: area}
	}
	return l, nil
}

// one reads the live link where cond ($1) holds, or ENOTFOUND.
func (r *Referrals) one(ctx context.Context, op, cond string, arg any) (meetups.ReferralLink, error) {
	l, err := scanLink(r.db.pool.QueryRow(ctx, `select `+linkColumns+linkFrom+` where `+cond+` and l.deleted_at is null`, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return l, meetups.Errorf(meetups.ENOTFOUND, "no such referral link")
	}
	if err != nil {
		return l, fmt.Errorf("db: %s: %w", op, interpretError(err))
	}
	return l, nil
}

// Referral returns the live link with code, or an Error with ENOTFOUND
// (never made, or deleted).
func (r *Referrals) Referral(ctx context.Context, code string) (meetups.ReferralLink, error) {
	return r.one(ctx, "referral by code", "l.code = $1", code)
}

// ReferralByID returns the live link id, or an Error with ENOTFOUND.
// Callers check that the asker may see it.
func (r *Referrals) ReferralByID(ctx context.Context, id int64) (meetups.ReferralLink, error) {
	return r.one(ctx, "referral by id", "l.id = $1", id)
}

// CreateReferral stores a new link (l.Code made by meetups.NewReferralCode,
// l.OrgID 0 for none) and returns it with its id and organisation name.
func (r *Referrals) CreateReferral(ctx context.Context, l meetups.ReferralLink) (meetups.ReferralLink, error) {
	if err := l.Validate(); err != nil {
		return l, err
	}
	var (
		orgID    *int64
		lat, lon *float64
		area     string
	)
	if l.OrgID != 0 {
		orgID = &l.OrgID
	}
	if l.Area != nil {
		lat, lon, area = &l.Area.Point.Lat, &l.Area.Point.Lon, l.Area.Label
	}
	// The code is made with the draft (dialog/link.go): the same draft
	// made again — a step run twice — finds its link instead of a second.
	err := r.db.pool.QueryRow(ctx, `with ins as (
			insert into referral_links (code, label, org_id, preset_lat, preset_lon, preset_label)
			values ($1, $2, $3, $4, $5, $6) on conflict (code) do nothing returning id, created_at),
		made as (select id, created_at from ins
			union all select id, created_at from referral_links where code = $1 and label = $2
				and org_id is not distinct from $3 and deleted_at is null)
		select made.id, made.created_at, coalesce((select name from organisations where id = $3), '') from made limit 1`,
		l.Code, l.Label, orgID, lat, lon, area).Scan(&l.ID, &l.CreatedAt, &l.OrgName)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, fmt.Errorf("db: create referral link: code taken by another link")
	}
	if err != nil {
		return l, fmt.Errorf("db: create referral link: %w", interpretError(err))
	}
	return l, nil
}

// ReferralLinks lists the live links the scope may see, newest first.
func (r *Referrals) ReferralLinks(ctx context.Context, scope meetups.ReferralScope) ([]meetups.ReferralLink, error) {
	rows, err := r.db.pool.Query(ctx, `select `+linkColumns+linkFrom+`
		where l.deleted_at is null and ($1 or l.org_id = any($2::bigint[]))
		order by l.created_at desc, l.id desc`, scope.All, scope.OrgIDs)
	if err != nil {
		return nil, fmt.Errorf("db: referral links: %w", interpretError(err))
	}
	links, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (meetups.ReferralLink, error) { return scanLink(row) })
	if err != nil {
		return nil, fmt.Errorf("db: referral links: %w", interpretError(err))
	}
	return links, nil
}

// DeleteReferral marks link id deleted: its code starts the bot normally
// from now on and counts nothing, and nobody sees it or its numbers. The
// row stays so the code is never handed out again. Deleting a deleted or
// unknown link is an Error with ENOTFOUND.
func (r *Referrals) DeleteReferral(ctx context.Context, id int64, now time.Time) error {
	tag, err := r.db.pool.Exec(ctx, `update referral_links set deleted_at = $2 where id = $1 and deleted_at is null`, id, now)
	if err != nil {
		return fmt.Errorf("db: delete referral link: %w", interpretError(err))
	}
	if tag.RowsAffected() == 0 {
		return meetups.Errorf(meetups.ENOTFOUND, "no such referral link")
	}
	return nil
}

// countReferralSQL adds one to the event's column ($3) of link $1 in week
// $2, if the link is live. One statement for every event keeps one
// prepared plan.
const countReferralSQL = `insert into referral_counts as c (link_id, week, starts, searches, saved, drafted)
	select l.id, $2::date, ($3 = 'starts')::int, ($3 = 'searches')::int, ($3 = 'saved')::int, ($3 = 'drafted')::int
	from referral_links l where l.id = $1 and l.deleted_at is null
	on conflict (link_id, week) do update set starts = c.starts + excluded.starts, searches = c.searches + excluded.searches,
		saved = c.saved + excluded.saved, drafted = c.drafted + excluded.drafted`

// CountReferral adds one to event for the link in the week of at
// (meetups.WeekOf: Monday to Sunday, Europe/Amsterdam). A deleted or
// unknown link is ignored. The error never names the link.
func (r *Referrals) CountReferral(ctx context.Context, linkID int64, event meetups.ReferralEvent, at time.Time) error {
	if !event.Valid() {
		return meetups.Errorf(meetups.EINVALID, "unknown referral event %q", event)
	}
	// pgx writes a date from the time's own wall clock: Amsterdam's Monday.
	if _, err := r.db.pool.Exec(ctx, countReferralSQL, linkID, meetups.WeekOf(at), string(event)); err != nil {
		return fmt.Errorf("db: count referral %s: %w", event, interpretError(err))
	}
	return nil
}

// ReferralStats returns every live link the scope may see, ordered by
// organisation and label, each with exactly weeks weeks up to and
// including the week of now, newest first (zero where nothing was
// counted). The numbers are exact; callers show them through
// meetups.Suppress.
func (r *Referrals) ReferralStats(ctx context.Context, scope meetups.ReferralScope, weeks int, now time.Time) ([]meetups.ReferralStats, error) {
	if weeks < 1 {
		return nil, meetups.Errorf(meetups.EINVALID, "referral numbers need at least one week, got %d", weeks)
	}
	rows, err := r.db.pool.Query(ctx, `select `+linkColumns+linkFrom+`
		where l.deleted_at is null and ($1 or l.org_id = any($2::bigint[]))
		order by o.name nulls first, l.label, l.id`, scope.All, scope.OrgIDs)
	if err != nil {
		return nil, fmt.Errorf("db: referral numbers: %w", interpretError(err))
	}
	links, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (meetups.ReferralLink, error) { return scanLink(row) })
	if err != nil {
		return nil, fmt.Errorf("db: referral numbers: %w", interpretError(err))
	}
	starts := meetups.LastWeeks(now, weeks)
	out := make([]meetups.ReferralStats, len(links))
	byID := make(map[int64][]meetups.ReferralWeek, len(links))
	ids := make([]int64, len(links))
	for i, l := range links {
		ws := make([]meetups.ReferralWeek, weeks)
		for j, w := range starts {
			ws[j].Week = w
		}
		out[i] = meetups.ReferralStats{Link: l, Weeks: ws}
		byID[l.ID], ids[i] = ws, l.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err = r.db.pool.Query(ctx, `select link_id, week, starts, searches, saved, drafted from referral_counts
		where link_id = any($1::bigint[]) and week between $2::date and $3::date`, ids, starts[weeks-1], starts[0])
	if err != nil {
		return nil, fmt.Errorf("db: referral numbers: %w", interpretError(err))
	}
	var (
		id   int64
		week time.Time
		c    meetups.ReferralWeek
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &week, &c.Starts, &c.Searches, &c.Saved, &c.Drafted}, func() error {
		// A date comes back as midnight UTC; compare calendar days.
		day := time.Date(week.Year(), week.Month(), week.Day(), 0, 0, 0, 0, meetups.Amsterdam)
		for i := range byID[id] {
			if w := &byID[id][i]; w.Week.Equal(day) {
				c.Week = w.Week
				*w = c
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: referral numbers: %w", interpretError(err))
	}
	return out, nil
}

// PruneCounts deletes the weeks of every link's counts before the week of
// before (`ouderkring stats` looks back at most a year).
func (r *Referrals) PruneCounts(ctx context.Context, before time.Time) (int64, error) {
	tag, err := r.db.pool.Exec(ctx, `delete from referral_counts where week < $1::date`, meetups.WeekOf(before))
	if err != nil {
		return 0, fmt.Errorf("db: prune referral counts: %w", interpretError(err))
	}
	return tag.RowsAffected(), nil
}
