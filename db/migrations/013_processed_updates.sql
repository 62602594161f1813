-- Webhook mode with several replicas (docs/OPERATIONS.md): Telegram may
-- deliver an update again (a timeout, a restart) and to another replica.
-- An update is handled under its chat's advisory lock and recorded here,
-- so a second delivery finds it and is skipped. Rows older than a day are
-- purged by the upkeep: Telegram gives up redelivering long before that.
create table processed_updates (
	update_id bigint primary key,
	processed_at timestamptz not null default now()
);

create index processed_updates_at_idx on processed_updates (processed_at);

---- create above / drop below ----

drop table processed_updates;
