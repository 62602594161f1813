-- Sessions: what the bot remembers about one chat between two messages
-- (see dialog.Session). The state is JSON so the engine can add fields
-- without a migration; version is the optimistic-concurrency counter that
-- SaveSession compares and bumps.
create table sessions (
	chat_id bigint primary key,
	state jsonb not null,
	version bigint not null check (version > 0),
	updated_at timestamptz not null default now()
);

-- PurgeIdleSessions deletes by age; without this index it scans every row.
create index sessions_updated_at_idx on sessions (updated_at);

---- create above / drop below ----

drop table sessions;
