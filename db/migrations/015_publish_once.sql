-- A meetup published from the bot carries the key of the draft it came
-- from (dialog/effects.go): publishing the same draft again — a double
-- tap, an update Telegram delivers twice, a step retried after a
-- conflict — finds the meetup already there instead of adding a second.
-- Imported and seeded meetups have none.
alter table meetups add column draft_key text;
create unique index meetups_draft_key_idx on meetups (draft_key) where draft_key is not null;

---- create above / drop below ----

drop index meetups_draft_key_idx;
alter table meetups drop column draft_key;
