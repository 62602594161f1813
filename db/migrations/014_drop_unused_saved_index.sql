-- saved_meetups_meetup_idx (migration 012) serves no query: every lookup
-- of saved meetups starts from the chat (the primary key), the upkeep's
-- tidy goes from each row to its meetup, and there is no foreign key to
-- cascade. It only cost a write per save.
drop index if exists saved_meetups_meetup_idx;

---- create above / drop below ----

create index saved_meetups_meetup_idx on saved_meetups (meetup_id);
