-- Moderation: who submitted a meetup (so the verdict reaches them) and why
-- an admin turned it down. submitted_by is a chat id: /vergeet clears it.
alter table meetups add column submitted_by bigint;
alter table meetups add column reject_reason text not null default '';

---- create above / drop below ----

alter table meetups drop column reject_reason;
alter table meetups drop column submitted_by;
