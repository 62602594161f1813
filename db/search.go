package db

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// Ranking: results are ordered by distance in km plus a penalty for how
// long until the next occurrence (q.Order.KmPerDay a day: by default a
// meetup 2 km away next week and one 5.5 km away tomorrow rank alike).
// Ongoing programmes count as a week away; online meetups as onlineKm
// away.
const (
	maxDaysWait = 30
	ongoingDays = 7
	onlineKm    = 5.0
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
	if x := c.db.searchIndex; x != nil {
		if snap := x.snap.Load(); snap != nil && !snap.stale.Load() {
			results, ok, err := c.searchFromIndex(ctx, snap, q)
			switch {
			case ok:
				x.memory.Add(1)
				return results, nil
			case errors.Is(err, errIndexStale):
				x.reload(c.db)
			case err != nil:
				return nil, err
			}
		} else {
			x.reload(c.db)
		}
		x.database.Add(1)
	}
	return c.searchDatabase(ctx, q)
}

// searchDatabase is Search done by Postgres alone.
func (c *Catalogue) searchDatabase(ctx context.Context, q meetups.Query) ([]meetups.Result, error) {
	sql, args := searchSQL(q)
	rows, err := c.db.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("db: search: %w", interpretError(err))
	}
	results, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Result, error) {
		var res meetups.Result
		m, err := scanMeetup(r, &res.DistanceKm, &res.RadiusKm)
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
	if len(q.Widen) > 0 {
		if len(q.Widen) > 5 || q.WidenMin < 1 || q.WidenMin > knnSample {
			return q, meetups.Errorf(meetups.EINVALID, "search: widen over %d radii to %d results", len(q.Widen), q.WidenMin)
		}
		for i, r := range q.Widen {
			if r <= 0 || r > 200 || (i > 0 && r <= q.Widen[i-1]) {
				return q, meetups.Errorf(meetups.EINVALID, "search: widen radii %v not ascending within 200 km", q.Widen)
			}
		}
		q.RadiusKm = q.Widen[len(q.Widen)-1]
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
	if !q.Order.Valid() {
		return q, meetups.Errorf(meetups.EINVALID, "search: order %q", q.Order)
	}
	return q, nil
}

// knnSample is how many of the nearest meetups that pass the filters the
// search looks at first, to bound how far it must look at all.
const knnSample = 50

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
	// The filter key's box says most filters exactly (filterkey.go);
	// what it cannot say is written out as well.
	boxLo, boxHi, exact := filterBox(q)
	filters := []string{"m.status = 'published'"}
	if len(q.Kinds) > 0 && !exact.kinds {
		kinds := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			kinds[i] = string(k)
		}
		filters = append(filters, "m.kind = any("+arg(kinds)+"::text[])")
	}
	if !exact.theme {
		filters = append(filters, "false") // a theme the database does not know
	}
	if q.Language != "" {
		filters = append(filters, "m.languages @> array["+arg(q.Language)+"::text]")
	}
	// pref: held in the parent's language, which wins a tie in the score.
	pref := "false"
	if q.PreferLanguage != "" {
		pref = "m.languages @> array[" + arg(q.PreferLanguage) + "::text]"
	}
	if !q.Before.IsZero() {
		filters = append(filters, "m.next_start < "+arg(q.Before)+"::timestamptz")
	}
	if !exact.when {
		filters = append(filters, "(m.schedule_kind = 'ongoing' or (m.slots & "+arg(int16(q.When))+"::smallint) <> 0)")
	}
	where := strings.Join(filters, "\n\t\tand ")
	kmPerDayWait := q.Order.KmPerDay()
	score := func(km, next string) string {
		return fmt.Sprintf(`%s + %v * least(greatest(extract(epoch from (coalesce(%s, $4::timestamptz + interval '%d hours') - $4::timestamptz)) / 86400.0, 0), %d)`,
			km, kmPerDayWait, next, ongoingDays*24, maxDaysWait)
	}
	limit, offset := arg(q.Limit), arg(q.Offset)
	sample := arg(max(knnSample, q.Offset+q.Limit))
	lo, hi := arg(boxLo), arg(boxHi)
	// box is the filters' box with the next-start dimension ending at
	// until: a meetup whose next date is later cannot score under bound.
	box := func(until string) string {
		return fmt.Sprintf("cube(%s::float8[], array[%s]::float8[] || (%s::float8[])[2:%d])", lo, until, hi, keyDims)
	}
	// until is the last day (since 1970) a meetup km away may next start
	// on and still score no worse than bound.
	until := func(km string) string {
		return fmt.Sprintf("case when %s is null or %s >= %d then %d else extract(epoch from $4::timestamptz) / 86400 + %s / %v end",
			km, km, int(maxDaysWait*kmPerDayWait), keyNoneLeft-1, km, kmPerDayWait)
	}
	// radius is the radius in metres the page comes from: $3, or with
	// Widen the first radius within which near (the nearest matches, in
	// order) and the online matches hold WidenMin meetups. near walks the
	// widest radius; if fewer than WidenMin of its rows lie within a radius,
	// they are all the matches there, so the count is exact.
	radius, chosen := "$3", ""
	if len(q.Widen) > 0 {
		need := arg(int64(q.WidenMin))
		onlineN := "0"
		if q.IncludeOnline {
			onlineN = fmt.Sprintf(`(select count(*) from (select 1 from meetups m
			where m.online and m.filter_key <@ %s and %s limit %s::bigint) o)`, box(fmt.Sprint(keyNoneLeft-1)), where, need)
		}
		radius = "(select m from radius)"
		chosen = fmt.Sprintf(`
	radius as materialized (
		select coalesce((select r * 1000 from unnest(%s::float8[]) r
			where (select count(*) from near f where f.km <= r) + %s >= %s::bigint
			order by r limit 1), $3) as m
	),`, arg(q.Widen), onlineN, need)
	}
	online, onlineUntil := "", "null::float8"
	if q.IncludeOnline {
		km := arg(onlineKm)
		online = fmt.Sprintf(`
		union all
		select m.id, %s::float8, m.next_start, {pref} from meetups m
		where m.online and m.filter_key <@ %s and %s
		and ((select km from bound) is null or %s::float8 <= (select km from bound))`,
			km, box("(select online_until from bound)"), where, km)
		onlineUntil = until("(b.km - " + km + "::float8)")
	}
	// near walks the GiST index nearest first, within the radius and the
	// filters' box, and stops at the first sample meetups that pass every
	// filter (a nearest-neighbour scan). When fewer pass, they are all the
	// meetups in the radius that do, and the page comes from near alone
	// (bound is null). Otherwise bound is the score of the last row of the
	// page among them: a score is never below the distance, so nothing
	// farther than bound can be on the page, and found scores the meetups
	// within it whose next date is soon enough to score under it.
	sql := fmt.Sprintf(`with here as (select ll_to_earth($1, $2) as e),
	near as (
		select m.id, %s / 1000.0 as km, m.next_start, {pref} as pref
		from meetups m
		where m.lat is not null
		and earth_box((select e from here), $3) @> ll_to_earth(m.lat, m.lon)
		and m.filter_key <@ %s
		and %s
		order by ll_to_earth(m.lat, m.lon) <-> (select e from here)
		limit %s::bigint
	),{chosen}
	page_bound as materialized (
		select case when (select count(*) from near f where f.km <= {radius} / 1000.0) < %s::bigint then null
			else (select %s as score from near f where f.km <= {radius} / 1000.0
				order by score offset %s::bigint + %s::bigint - 1 limit 1) end as km
	),
	bound as (
		select b.km, %s as until, %s as online_until from page_bound b
	),
	found as (
		select f.id, f.km, f.next_start, f.pref from near f
		where f.km <= {radius} / 1000.0 and (select km from bound) is null
		union all
		select m.id, %s / 1000.0 as km, m.next_start, {pref}
		from meetups m, here h
		where (select km from bound) is not null
		and m.lat is not null
		and earth_box(h.e, least({radius}, (select km from bound) * 1000 + 1)) @> ll_to_earth(m.lat, m.lon)
		and m.filter_key <@ %s
		and %s <= {radius} and %s / 1000.0 <= (select km from bound)
		and %s%s
	),
	page as (
		select f.id, f.km, f.pref, %s as score from found f
		order by score, not f.pref, f.id
		limit %s offset %s
	)
	select %s, p.km, {radius} / 1000.0
	from page p join meetups m on m.id = p.id join organisations o on o.id = m.org_id
	order by p.score, not p.pref, p.id`,
		strings.ReplaceAll(metres, "h.e", "(select e from here)"), box(fmt.Sprint(keyNoneLeft-1)), where, sample,
		sample, score("f.km", "f.next_start"), offset, limit, until("b.km"), onlineUntil,
		metres, box("(select until from bound)"), metres, metres, where, online, score("f.km", "f.next_start"), limit, offset, meetupColumns)
	sql = strings.NewReplacer("{chosen}", chosen, "{radius}", radius, "{pref}", pref).Replace(sql)
	return sql, args
}
