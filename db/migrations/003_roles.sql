-- Roles and invites. A chat becomes an organiser (of an organisation),
-- clinic staff (of an organisation) or an admin by opening a single-use
-- invite link. Codes are stored only as SHA-256 hashes: a copy of the
-- database gives no working invite.
create table members (
	chat_id bigint not null,
	role text not null check (role in ('organiser', 'staff', 'admin')),
	org_id bigint references organisations (id) on delete cascade,
	trusted boolean not null default false,
	created_at timestamptz not null default now(),
	constraint members_org_needed check ((role = 'admin') = (org_id is null))
);
create unique index members_unique_idx on members (chat_id, role, coalesce(org_id, 0));
create index members_org_idx on members (org_id);

create table invites (
	code_hash text primary key,
	role text not null check (role in ('organiser', 'staff', 'admin')),
	org_id bigint references organisations (id) on delete cascade,
	trusted boolean not null default false,
	expires_at timestamptz not null,
	used_at timestamptz,
	used_by bigint,
	created_at timestamptz not null default now(),
	constraint invites_org_needed check ((role = 'admin') = (org_id is null))
);

---- create above / drop below ----

drop table invites;
drop table members;
