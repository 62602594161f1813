-- The nearby and online indexes carry every column the search filters on
-- (INCLUDE), so a search reads only the index, not the table
-- (docs/BENCHMARKS.md: p95 at 100,000 meetups). For index-only scans to
-- pay off the table must be vacuumed; bulk loads run VACUUM ANALYZE.
drop index meetups_nearby_idx;
create index meetups_nearby_idx on meetups using gist (ll_to_earth(lat, lon))
	include (id, lat, lon, status, kind, themes, languages, age_min_months, age_max_months, cost_cents, slots, schedule_kind, next_start)
	where status = 'published' and lat is not null;

drop index meetups_online_idx;
create index meetups_online_idx on meetups (id)
	include (status, online, kind, themes, languages, age_min_months, age_max_months, cost_cents, slots, schedule_kind, next_start)
	where status = 'published' and online;

---- create above / drop below ----

drop index meetups_online_idx;
create index meetups_online_idx on meetups (id) where status = 'published' and online;
drop index meetups_nearby_idx;
create index meetups_nearby_idx on meetups using gist (ll_to_earth(lat, lon))
	where status = 'published' and lat is not null;
