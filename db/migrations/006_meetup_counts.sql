-- Anonymous weekly numbers per meetup, for its organisers (/mijn): how
-- often it was shown on a results page, opened, saved and added to a
-- calendar. One row per meetup and week; no chat id, nothing that links a
-- parent to a meetup, so /vergeet has nothing to delete here. A meetup's
-- numbers go with it.
create table meetup_counts (
	meetup_id bigint not null references meetups (id) on delete cascade,
	-- The Monday of the ISO week, Europe/Amsterdam (meetups.WeekOf).
	week date not null check (extract(isodow from week) = 1),
	shown integer not null default 0 check (shown >= 0),
	opened integer not null default 0 check (opened >= 0),
	saved integer not null default 0 check (saved >= 0),
	calendar integer not null default 0 check (calendar >= 0),
	primary key (meetup_id, week)
);

---- create above / drop below ----

drop table meetup_counts;
