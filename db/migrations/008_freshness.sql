-- Freshness (docs/ARCHITECTURE.md): at the start of each school term the
-- organisers of a repeating meetup are asked whether it still happens;
-- fresh_asked_at is when they were last asked, so each term asks once,
-- whichever replica's upkeep gets there first. A repeating meetup nobody
-- confirmed for 16 weeks is paused with paused_reason 'unconfirmed': hidden
-- from parents until an organiser says it still happens.
alter table meetups add column fresh_asked_at timestamptz;
alter table meetups add column paused_reason text not null default ''
	check (paused_reason in ('', 'unconfirmed'));

create index meetups_fresh_idx on meetups (confirmed_at)
	where status = 'published' and schedule_kind = 'recurring' and not sample;

---- create above / drop below ----

drop index meetups_fresh_idx;
alter table meetups drop column paused_reason;
alter table meetups drop column fresh_asked_at;
