-- The catalogue: organisations and their meetups, and the geocoding cache.
--
-- Nearby search uses the cube and earthdistance extensions with a GiST index
-- on ll_to_earth(lat, lon) (see docs/ARCHITECTURE.md for why not PostGIS).
-- Extensions exist once per database, so they go into public, which must be
-- on the search_path (it is by default). Both are trusted extensions: a
-- database owner can create them without being superuser.
create extension if not exists cube with schema public;
create extension if not exists earthdistance with schema public;

create table organisations (
	id bigint generated always as identity primary key,
	name text not null unique check (length(btrim(name)) between 1 and 200),
	website text not null default '',
	phone text not null default '',
	verified boolean not null default false,
	created_at timestamptz not null default now()
);

create table meetups (
	id bigint generated always as identity primary key,
	org_id bigint not null references organisations (id) on delete cascade,
	kind text not null check (kind in ('parent_evening', 'baby_cafe', 'playgroup', 'peer_group', 'parent_course', 'volunteer_support')),
	title text not null check (length(btrim(title)) between 1 and 120),
	description text not null default '' check (length(description) <= 2000),
	themes text[] not null default '{}' check (themes <@ array['single_parents', 'autism', 'adhd', 'premature_birth', 'multiples',
		'disability', 'newcomers', 'fathers', 'young_parents', 'bereavement']),
	-- Children it is for, in months; pregnancy is negative.
	age_min_months integer not null check (age_min_months >= -9),
	age_max_months integer not null check (age_max_months <= 216),
	languages text[] not null default '{nl}' check (cardinality(languages) between 1 and 20),
	cost_cents integer not null default 0 check (cost_cents >= 0),
	cost_note text not null default '',
	venue text not null default '',
	address text not null default '',
	postcode text not null default '',
	city text not null default '',
	lat double precision,
	lon double precision,
	online boolean not null default false,
	online_url text not null default '',
	-- Schedule: once (starts_at..ends_at), recurring (RRULE from starts_at,
	-- Europe/Amsterdam wall time, each lasting duration, minus exdates) or
	-- ongoing (no dates).
	schedule_kind text not null check (schedule_kind in ('once', 'recurring', 'ongoing')),
	starts_at timestamptz,
	ends_at timestamptz,
	rrule text not null default '',
	duration interval,
	exdates timestamptz[] not null default '{}',
	join_kind text not null default 'walk_in' check (join_kind in ('walk_in', 'sign_up')),
	signup_url text not null default '',
	signup_phone text not null default '',
	contact text not null default '',
	babies_welcome boolean not null default true,
	siblings_welcome boolean not null default true,
	accessibility text not null default '',
	status text not null default 'pending' check (status in ('pending', 'published', 'paused', 'archived')),
	sample boolean not null default false,
	source text not null default '',
	external_id text not null default '',
	-- Derived from the schedule by the program, for fast search: the next
	-- start (null when none is left or the schedule is ongoing) and the
	-- parts of the week it falls in (meetups.Slots bits).
	next_start timestamptz,
	slots smallint not null default 0,
	confirmed_at timestamptz not null default now(),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),

	constraint meetups_age_range check (age_min_months <= age_max_months),
	constraint meetups_point_pair check ((lat is null) = (lon is null)),
	constraint meetups_point_on_earth check (lat is null or (lat between -90 and 90 and lon between -180 and 180)),
	constraint meetups_online_or_point check (not (online and lat is not null)),
	constraint meetups_published_has_place check (status <> 'published' or lat is not null or online),
	constraint meetups_once check (schedule_kind <> 'once' or (starts_at is not null and ends_at > starts_at)),
	constraint meetups_recurring check (schedule_kind <> 'recurring' or (starts_at is not null and rrule <> '' and duration > interval '0')),
	constraint meetups_signup check (join_kind <> 'sign_up' or signup_url <> '' or signup_phone <> '')
);

-- Nearby search: only published meetups with a point are ever searched.
create index meetups_nearby_idx on meetups using gist (ll_to_earth(lat, lon))
	where status = 'published' and lat is not null;
-- Online meetups join every search; they are few.
create index meetups_online_idx on meetups (id) where status = 'published' and online;
-- An import updates what it imported before instead of duplicating it.
create unique index meetups_source_external_idx on meetups (source, external_id) where external_id <> '';
create index meetups_org_idx on meetups (org_id);
-- The refresh of next_start looks for starts that have passed.
create index meetups_next_start_idx on meetups (next_start) where next_start is not null;

-- Geocoding cache: a normalised query ("3512JE", "utrecht") to the place
-- PDOK gave for it, so a repeated postcode costs no request.
create table geocode_cache (
	query text primary key check (length(query) between 1 and 200),
	lat double precision not null,
	lon double precision not null,
	label text not null,
	fetched_at timestamptz not null default now()
);

---- create above / drop below ----

drop table geocode_cache;
drop table meetups;
drop table organisations;
