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
	q, err := checkQuery(q)
	if err != nil {
		return nil, err
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

// checkQuery refuses impossible searches and fills in defaults; Search
// and ExplainSearch share it so the plan explained is the plan run.
func checkQuery(q meetups.Query) (meetups.Query, error) {
	if err := q.Near.Validate(); err != nil {
		return q, meetups.Errorf(meetups.EINVALID, "search: %v", err)
	}
	if q.RadiusKm <= 0 || q.RadiusKm > 200 {
		return q, meetups.Errorf(meetups.EINVALID, "search: radius %.1f km out of range", q.RadiusKm)
	}
	if q.Limit <= 0 || q.Limit > 50 {
		q.Limit = 10
	}
	if q.Offset < 0 || q.Offset > 10_000 {
		return q, meetups.Errorf(meetups.EINVALID, "search: offset %d out of range", q.Offset)
	}
	if q.Now.IsZero() {
		q.Now = time.Now()
	}
	return q, nil
}

// knnSample is how many of the nearest published meetups the search looks
// at first, whatever the filters, to bound how far it must look at all.
const knnSample = 200

// metres is earth_distance(h.e, ll_to_earth(m.lat, m.lon)) written out
// with earthdistance's own arithmetic (same results): the extension's SQL
// functions are not inlined and cost most of a search when called per row.
const metres = `((2 * 6378168::float8) * asin(least(cube_distance(h.e, cube(cube(cube(6378168::float8 * cos(radians(m.lat)) * cos(radians(m.lon))), 6378168::float8 * cos(radians(m.lat)) * sin(radians(m.lon))), 6378168::float8 * sin(radians(m.lat)))) / (2 * 6378168::float8), 1)))`

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
	score := func(km, next string) string {
		return fmt.Sprintf(`%s + %v * least(greatest(extract(epoch from (coalesce(%s, $4::timestamptz + interval '%d days') - $4::timestamptz)) / 86400.0, 0), %d)`,
			km, kmPerDayWait, next, ongoingDays, maxDaysWait)
	}
	limit, offset := arg(q.Limit), arg(q.Offset)
	online := ""
	if q.IncludeOnline {
		km := arg(onlineKm)
		online = fmt.Sprintf(`
		union all
		select m.id, %s::float8, m.next_start from meetups m
		where m.online and %s and %s::float8 <= (select km from bound)`, km, where, km)
	}
	// near takes the nearest published meetups from the GiST index (a
	// nearest-neighbour scan that stops early); bound is the score of the
	// last row of the page among those that match. A score is never below
	// the distance, so nothing farther than bound can be on the page, and
	// found only scores meetups within it.
	sql := fmt.Sprintf(`with here as (select ll_to_earth($1, $2) as e),
	near as (
		select m.id, m.lat, m.lon, m.status, m.kind, m.themes, m.languages, m.age_min_months, m.age_max_months,
			m.cost_cents, m.slots, m.schedule_kind, m.next_start
		from meetups m where m.status = 'published' and m.lat is not null
		order by ll_to_earth(m.lat, m.lon) <-> (select e from here)
		limit %d
	),
	bound as (
		select coalesce((select %s as score
			from (select %s / 1000.0 as km, m.next_start from near m, here h where %s <= $3 and %s) f
			order by score offset %s::bigint + %s::bigint - 1 limit 1), 'infinity') as km
	),
	found as (
		select m.id, %s / 1000.0 as km, m.next_start
		from meetups m, here h
		where m.lat is not null
		and earth_box(h.e, least($3, (select km from bound) * 1000 + 1)) @> ll_to_earth(m.lat, m.lon)
		and %s <= $3 and %s / 1000.0 <= (select km from bound)
		and %s%s
	),
	page as (
		select f.id, f.km, %s as score from found f
		order by score, f.id
		limit %s offset %s
	)
	select %s, p.km
	from page p join meetups m on m.id = p.id join organisations o on o.id = m.org_id
	order by p.score, p.id`,
		knnSample, score("f.km", "f.next_start"), metres, metres, where, offset, limit,
		metres, metres, metres, where, online, score("f.km", "f.next_start"), limit, offset, meetupColumns)
	return sql, args
}
