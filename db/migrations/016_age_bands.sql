-- A meetup may be for some age bands and not those between them: an
-- organiser who ticks 0-1 and 4-12 does not mean 1-4 (issue 15). The bands
-- are stored as ticked (meetups.AgeBand values); empty means every band the
-- age range reaches, as before. The search key gets one dimension per band
-- (1 when the meetup is for it), so "for a child of 1-4" stays exact in the
-- index; the age range dimensions stay, as the span.
--
-- Dimensions 1-19 are migration 007's; 20-24 are the bands pregnant, 0-1,
-- 1-4, 4-12, 12+ (db/filterkey.go, meetups/ageband.go: the same months).
alter table meetups add column age_bands text[] not null default '{}';

create function meetup_filter_key(kind text, next_start timestamptz, schedule_kind text,
	age_min integer, age_max integer, cost integer, slots smallint, themes text[], age_bands text[]) returns cube
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
	(themes @> '{bereavement}')::int,
	case when cardinality(age_bands) > 0 then (age_bands @> '{pregnant}')::int else (age_min <= -1)::int end,
	case when cardinality(age_bands) > 0 then (age_bands @> '{0-1}')::int else (age_min <= 11 and age_max >= 0)::int end,
	case when cardinality(age_bands) > 0 then (age_bands @> '{1-4}')::int else (age_min <= 47 and age_max >= 12)::int end,
	case when cardinality(age_bands) > 0 then (age_bands @> '{4-12}')::int else (age_min <= 143 and age_max >= 48)::int end,
	case when cardinality(age_bands) > 0 then (age_bands @> '{12+}')::int else (age_max >= 144)::int end
]::float8[])
$$;

drop index meetups_nearby_idx;
drop index meetups_online_idx;
alter table meetups drop column filter_key;
drop function meetup_filter_key(text, timestamptz, text, integer, integer, integer, smallint, text[]);
alter table meetups add column filter_key cube generated always as
	(meetup_filter_key(kind, next_start, schedule_kind, age_min_months, age_max_months, cost_cents, slots, themes, age_bands)) stored;

create index meetups_nearby_idx on meetups using gist (ll_to_earth(lat, lon), filter_key)
	include (id, lat, lon, status, kind, languages, slots, schedule_kind, next_start)
	where status = 'published' and lat is not null;
create index meetups_online_idx on meetups using gist (filter_key)
	include (id, status, online, kind, languages, slots, schedule_kind, next_start)
	where status = 'published' and online;

---- create above / drop below ----

drop index meetups_online_idx;
drop index meetups_nearby_idx;
alter table meetups drop column filter_key;
drop function meetup_filter_key(text, timestamptz, text, integer, integer, integer, smallint, text[], text[]);
create function meetup_filter_key(kind text, next_start timestamptz, schedule_kind text,
	age_min integer, age_max integer, cost integer, slots smallint, themes text[]) returns cube
language sql immutable parallel safe as $$
select cube(array[
	case when schedule_kind = 'ongoing' then 0
		when next_start is null then 100000
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
create index meetups_nearby_idx on meetups using gist (ll_to_earth(lat, lon), filter_key)
	include (id, lat, lon, status, kind, languages, slots, schedule_kind, next_start)
	where status = 'published' and lat is not null;
create index meetups_online_idx on meetups using gist (filter_key)
	include (id, status, online, kind, languages, slots, schedule_kind, next_start)
	where status = 'published' and online;
alter table meetups drop column age_bands;
