-- Every update saves its chat's session: an UPDATE of one row. With an index
-- on updated_at, which every save changes, Postgres could never update the
-- row in place (a HOT update): each save added an entry to both indexes and
-- left a dead row behind, 154,010 dead rows beside 100 live ones after a
-- short load test (docs/BENCHMARKS.md, "Capacity"). Only the hourly purge of
-- idle sessions read that index; it now reads the table, which holds one row
-- per chat active within SESSION_RETENTION. Room left on each page
-- (fillfactor 50) lets the new version of a row go on the same page.
drop index if exists sessions_updated_at_idx;
alter table sessions set (fillfactor = 50);

---- create above / drop below ----

alter table sessions reset (fillfactor);
create index sessions_updated_at_idx on sessions (updated_at);
