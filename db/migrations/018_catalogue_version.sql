-- The catalogue's version, for searches answered from memory (db/searchindex.go).
-- A program may keep the published meetups' search fields in memory, read at
-- one version in one snapshot; it answers a search from them only when the
-- version is still the same in the statement that reads the page's meetups.
-- So every change to meetups must change the version, in the same
-- transaction:
--   - before any statement that writes meetups, the statement takes the
--     version row's lock (held to commit), so writers take it before any
--     meetup row's and cannot deadlock on the two;
--   - after it, the version goes up when the statement changed a row. A
--     statement that changed none (a purge that found nothing) leaves the
--     version, and what is in memory, as it was.
create table catalogue_version (
	one boolean primary key default true check (one),
	v bigint not null
);
insert into catalogue_version (v) values (1);

create function catalogue_version_lock() returns trigger language plpgsql as $$
begin
	perform 1 from catalogue_version for update;
	return null;
end $$;

-- changed is the statement's transition table (its new rows, or for a
-- delete its old ones).
create function catalogue_version_bump() returns trigger language plpgsql as $$
begin
	if exists (select from changed) then
		update catalogue_version set v = v + 1;
	end if;
	return null;
end $$;

create function catalogue_version_bump_always() returns trigger language plpgsql as $$
begin
	update catalogue_version set v = v + 1;
	return null;
end $$;

create trigger meetups_version_lock before insert or update or delete or truncate on meetups
	for each statement execute function catalogue_version_lock();
create trigger meetups_version_insert after insert on meetups
	referencing new table as changed for each statement execute function catalogue_version_bump();
create trigger meetups_version_update after update on meetups
	referencing new table as changed for each statement execute function catalogue_version_bump();
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
drop function catalogue_version_bump();
drop function catalogue_version_lock();
drop table catalogue_version;
