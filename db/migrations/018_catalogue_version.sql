-- The catalogue's version, for searches answered from memory (db/searchindex.go).
-- A program may keep the published meetups' search fields in memory, read at
-- one version in one snapshot; it answers a search from them only when the
-- version is still the same in the statement that reads the page's meetups.
-- So every change to what a search reads must change the version, in the
-- same transaction:
--   - before any statement that inserts or deletes meetups, or sets one of
--     the columns a search reads, the statement takes the version row's
--     lock (held to commit): writers take it before any meetup row's, so
--     they cannot deadlock on the two;
--   - after it, the version changes when the statement changed such a row.
--     A statement that changed none (a purge that found nothing, a title
--     or a reminder's mark) leaves the version, and what is in memory, as
--     it was: the page's meetups are read from the table anyway.
-- The version is a random number, not a count: only "the same or not"
-- matters, and a database restored from a backup, or this migration undone
-- and done again, never brings back a number a running program holds for
-- other rows.
create table catalogue_version (
	one boolean primary key default true check (one),
	v bigint not null
);
insert into catalogue_version (v) values ((random() * 9e18)::bigint);

create function catalogue_version_lock() returns trigger language plpgsql
set search_path from current as $$
begin
	perform 1 from catalogue_version for update;
	return null;
end $$;

-- changed is the statement's transition table (its new rows, or for a
-- delete its old ones).
create function catalogue_version_bump() returns trigger language plpgsql
set search_path from current as $$
begin
	if exists (select from changed) then
		update catalogue_version set v = (random() * 9e18)::bigint;
	end if;
	return null;
end $$;

-- An update changes the version when a row's search columns changed (the
-- columns in the lock trigger's list; filter_key follows from them).
create function catalogue_version_bump_update() returns trigger language plpgsql
set search_path from current as $$
begin
	if exists (select from old_rows o join new_rows n using (id)
		where (o.status, o.lat, o.lon, o.online, o.kind, o.schedule_kind, o.themes, o.languages,
			o.age_min_months, o.age_max_months, o.age_bands, o.cost_cents, o.slots, o.next_start)
		is distinct from (n.status, n.lat, n.lon, n.online, n.kind, n.schedule_kind, n.themes, n.languages,
			n.age_min_months, n.age_max_months, n.age_bands, n.cost_cents, n.slots, n.next_start)) then
		update catalogue_version set v = (random() * 9e18)::bigint;
	end if;
	return null;
end $$;

create function catalogue_version_bump_always() returns trigger language plpgsql
set search_path from current as $$
begin
	update catalogue_version set v = (random() * 9e18)::bigint;
	return null;
end $$;

create trigger meetups_version_lock before insert or delete or truncate or update of status, lat, lon, online, kind,
		schedule_kind, themes, languages, age_min_months, age_max_months, age_bands, cost_cents, slots, next_start
	on meetups for each statement execute function catalogue_version_lock();
create trigger meetups_version_insert after insert on meetups
	referencing new table as changed for each statement execute function catalogue_version_bump();
create trigger meetups_version_update after update on meetups
	referencing old table as old_rows new table as new_rows for each statement execute function catalogue_version_bump_update();
create trigger meetups_version_delete after delete on meetups
	referencing old table as changed for each statement execute function catalogue_version_bump();
create trigger meetups_version_truncate after truncate on meetups
	for each statement execute function catalogue_version_bump_always();

---- create above / drop below ----

drop trigger meetups_version_truncate on meetups;
drop trigger meetups_version_delete on meetups;
drop trigger meetups_version_update on meetups;
drop trigger meetups_version_insert on meetups;
drop trigger meetups_version_lock on meetups;
drop function catalogue_version_bump_always();
drop function catalogue_version_bump_update();
drop function catalogue_version_bump();
drop function catalogue_version_lock();
drop table catalogue_version;
