-- What parents keep for later (dialog/saved.go): the meetups they saved,
-- whether they want the one follow-up, and the last day the bot wrote to
-- them on its own. Reminders and follow-ups themselves are River jobs
-- (river_job, args with chat_id). /vergeet deletes every row of a chat
-- here and every job naming it (db/sessions.go forgetStatements).
create table saved_meetups (
	chat_id bigint not null,
	-- No foreign key: when an organiser deletes a meetup, /bewaard still
	-- tells the parent (by the title below) until the upkeep removes the
	-- row, dialog.SavedRetention later.
	meetup_id bigint not null,
	-- The title when saved, for a meetup deleted since.
	title text not null check (char_length(title) between 1 and 120),
	follow_up text not null default 'off' check (follow_up in ('off', 'on', 'asked', 'answered')),
	saved_at timestamptz not null default now(),
	-- Since when the meetup has had no dates to come (ended, paused,
	-- stopped or deleted), as the upkeep found; null while it has.
	gone_since timestamptz,
	primary key (chat_id, meetup_id)
);
create index saved_meetups_meetup_idx on saved_meetups (meetup_id);
create index saved_meetups_gone_idx on saved_meetups (gone_since) where gone_since is not null;

-- The last day (Europe/Amsterdam) the bot wrote to a chat on its own, and
-- the job that did, so a follow-up never makes it two in one day (a job
-- retried after a failed send may still claim its own day).
create table notice_days (
	chat_id bigint primary key,
	day date not null,
	job_id bigint not null
);

-- The follow-up's answers, per meetup and week like the other counts: only
-- numbers, never the chat that answered.
alter table meetup_counts
	add column good integer not null default 0 check (good >= 0),
	add column okay integer not null default 0 check (okay >= 0),
	add column bad integer not null default 0 check (bad >= 0);

---- create above / drop below ----

alter table meetup_counts drop column good, drop column okay, drop column bad;
drop table notice_days;
drop table saved_meetups;
