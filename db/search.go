package db

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// Ranking: results are ordered by distance in km plus a penalty for how
// long until the next occurrence, so a meetup 2 km away next week and one
// 5.5 km away tomorrow rank alike. Ongoing programmes count as a week away;
// online meetups as onlineKm away.
const (
	kmPerDayWait = 0.5
	maxDaysWait  = 30
	ongoingDays  = 7
	onlineKm     = 5.0
)

// Search returns published meetups near q.Near matching q's filters,
// nearest and soonest first. The nearby part runs on the GiST index over
// ll_to_earth(lat, lon): earth_box picks candidates from the index and
// earth_distance keeps those truly within the radius.
func (c *Catalogue) Search(ctx context.Context, q meetups.Query) ([]meetups.Result, error) {
	if err := q.Near.Validate(); err != nil {
		return nil, meetups.Errorf(meetups.EINVALID, "search: %v", err)
	}
	if q.RadiusKm <= 0 || q.RadiusKm > 200 {
		return nil, meetups.Errorf(meetups.EINVALID, "search: radius %.1f km out of range", q.RadiusKm)
	}
	if q.Limit <= 0 || q.Limit > 50 {
		q.Limit = 10
	}
	if q.Now.IsZero() {
		q.Now = time.Now()
	}
	sql, args := searchSQL(q)
	rows, err := c.db.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("db: search: %w", interpretError(err))
	}
	results, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Result, error) {
		var res meetups.Result
		m, err := scanMeetup(r, &res.DistanceKm)
		res.Meetup = m
		if occ := m.Schedule.Next(q.Now, 1); len(occ) > 0 {
			res.Next = &occ[0]
		}
		return res, err
	})
	if err != nil {
		return nil, fmt.Errorf("db: search: %w", interpretError(err))
	}
	return results, nil
}

// searchSQL builds the query for q: only the filters q uses appear, so
// the planner sees plain conditions.
func searchSQL(q meetups.Query) (string, []any) {
	args := []any{q.Near.Lat, q.Near.Lon, q.RadiusKm * 1000, q.Now}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	filters := []string{"m.status = 'published'", "(m.schedule_kind = 'ongoing' or m.next_start is not null)"}
	if lo, hi, ok := q.AgeBand.Months(); ok {
		filters = append(filters, fmt.Sprintf("m.age_max_months >= %s and m.age_min_months <= %s", arg(lo), arg(hi)))
	}
	if len(q.Kinds) > 0 {
		kinds := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			kinds[i] = string(k)
		}
		filters = append(filters, "m.kind = any("+arg(kinds)+"::text[])")
	}
	if q.Theme != "" {
		filters = append(filters, "m.themes @> array["+arg(string(q.Theme))+"::text]")
	}
	if q.Language != "" {
		filters = append(filters, "m.languages @> array["+arg(q.Language)+"::text]")
	}
	if q.FreeOnly {
		filters = append(filters, "m.cost_cents = 0")
	}
	if q.When != 0 {
		filters = append(filters, "(m.schedule_kind = 'ongoing' or (m.slots & "+arg(int16(q.When))+"::smallint) <> 0)")
	}
	where := strings.Join(filters, "\n\t\tand ")
	online := ""
	if q.IncludeOnline {
		online = fmt.Sprintf(`
		union all
		select m.id, %s::float8, m.next_start from meetups m
		where m.online and %s`, arg(onlineKm), where)
	}
	score := fmt.Sprintf(`f.km + %v * least(greatest(extract(epoch from (coalesce(f.next_start, $4::timestamptz + interval '%d days') - $4::timestamptz)) / 86400.0, 0), %d)`,
		kmPerDayWait, ongoingDays, maxDaysWait)
	sql := fmt.Sprintf(`with here as (select ll_to_earth($1, $2) as e),
	found as (
		select m.id, earth_distance(h.e, ll_to_earth(m.lat, m.lon)) / 1000.0 as km, m.next_start
		from meetups m, here h
		where m.lat is not null
		and earth_box(h.e, $3) @> ll_to_earth(m.lat, m.lon)
		and earth_distance(h.e, ll_to_earth(m.lat, m.lon)) <= $3
		and %s%s
	),
	page as (
		select f.id, f.km, %s as score from found f
		order by score, f.id
		limit %s offset %s
	)
	select %s, p.km
	from page p join meetups m on m.id = p.id join organisations o on o.id = m.org_id
	order by p.score, p.id`, where, online, score, arg(q.Limit), arg(q.Offset), meetupColumns)
	return sql, args
}
