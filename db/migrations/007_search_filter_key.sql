-- Every filter a parent can set, as one point in a 19-dimensional cube, so
-- the GiST index can test them all in its own pages instead of the search
-- reading each meetup in the radius and testing its columns one by one
-- (docs/BENCHMARKS.md: a rare filter at 25 km read 20,000 index rows to
-- find none). A search asks for a box: "kind 5, age 0-11, theme 4" is a
-- range per dimension, and "contained in the box" is all filters at once.
--
-- Dimensions (db/filterkey.go builds the boxes, in the same order):
--   1 next start in days since 1970 (ongoing 0; nothing left 100000)
--   2 kind, numbered as in the array below
--   3 youngest age in months   4 oldest age in months
--   5 cost in cents
--   6-9 morning, afternoon, evening, weekend (1 or 0; ongoing all 1)
--   10-19 themes, in the order of the array below (1 or 0)
create function meetup_filter_key(kind text, next_start timestamptz, schedule_kind text,
	age_min integer, age_max integer, cost integer, slots smallint, themes text[]) returns cube
language sql immutable parallel safe as $$
select cube(array[
	case when schedule_kind = 'ongoing' then 0
		when next_start is null then 100000
		-- epoch seconds do not depend on the time zone, so this is immutable
		else extract(epoch from next_start) / 86400 end,
	array_position(array['parent_evening', 'baby_cafe', 'playgroup', 'parent_course', 'peer_group', 'volunteer_support'], kind),
	age_min, age_max, least(cost, 1000000),
	case when schedule_kind = 'ongoing' or slots & 1 <> 0 then 1 else 0 end,
	case when schedule_kind = 'ongoing' or slots & 2 <> 0 then 1 else 0 end,
	case when schedule_kind = 'ongoing' or slots & 4 <> 0 then 1 else 0 end,
	case when schedule_kind = 'ongoing' or slots & 8 <> 0 then 1 else 0 end,
	(themes @> '{single_parents}')::int, (themes @> '{autism}')::int, (themes @> '{adhd}')::int,
	(themes @> '{premature_birth}')::int, (themes @> '{multiples}')::int, (themes @> '{disability}')::int,
	(themes @> '{newcomers}')::int, (themes @> '{fathers}')::int, (themes @> '{young_parents}')::int,
	(themes @> '{bereavement}')::int
]::float8[])
$$;

alter table meetups add column filter_key cube generated always as
	(meetup_filter_key(kind, next_start, schedule_kind, age_min_months, age_max_months, cost_cents, slots, themes)) stored;

-- The place comes first: it shapes the tree, so a nearest-first scan
-- stays a nearest-first scan; the filters ride along as a second column
-- and are tested in the index pages. The index carries only what the
-- search reads besides the key (the filters the key cannot say exactly:
-- a language, a set of kinds with a gap, two parts of the week), so a
-- search never reads the table and the index stays small.
drop index meetups_nearby_idx;
create index meetups_nearby_idx on meetups using gist (ll_to_earth(lat, lon), filter_key)
	include (id, lat, lon, status, kind, languages, slots, schedule_kind, next_start)
	where status = 'published' and lat is not null;

drop index meetups_online_idx;
create index meetups_online_idx on meetups using gist (filter_key)
	include (id, status, online, kind, languages, slots, schedule_kind, next_start)
	where status = 'published' and online;

---- create above / drop below ----

drop index meetups_online_idx;
create index meetups_online_idx on meetups (id)
	include (status, online, kind, themes, languages, age_min_months, age_max_months, cost_cents, slots, schedule_kind, next_start)
	where status = 'published' and online;
drop index meetups_nearby_idx;
create index meetups_nearby_idx on meetups using gist (ll_to_earth(lat, lon))
	include (id, lat, lon, status, kind, themes, languages, age_min_months, age_max_months, cost_cents, slots, schedule_kind, next_start)
	where status = 'published' and lat is not null;
alter table meetups drop column filter_key;
drop function meetup_filter_key;
