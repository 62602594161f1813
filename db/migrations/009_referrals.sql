-- Referral links that clinic staff hand out (/link): t.me/<bot>?start=r_<code>,
-- on a QR code and a poster. Per link and ISO week only numbers are kept;
-- no table links a code to a chat, and nothing records which staff member
-- made a link (the organisation is who sees it). A deleted link keeps its
-- row, so its code stays taken and posters still on a wall start the bot
-- normally instead of counting for a link nobody sees.
create table referral_links (
	id bigint generated always as identity primary key,
	-- 96 random bits in base64url (at least 64); the payload r_<code> fits
	-- Telegram's 64 characters.
	code text not null unique check (code ~ '^[A-Za-z0-9_-]{11,62}$'),
	label text not null check (char_length(label) between 1 and 80 and label = btrim(label) and label !~ '[\n\r\t]'),
	-- null: made by an admin for no organisation in particular; only
	-- admins see it.
	org_id bigint references organisations (id) on delete cascade,
	-- Where a parent's meetup search starts, if anywhere.
	preset_lat double precision check (preset_lat between -90 and 90),
	preset_lon double precision check (preset_lon between -180 and 180),
	preset_label text not null default '' check (char_length(preset_label) <= 200),
	created_at timestamptz not null default now(),
	deleted_at timestamptz,
	constraint referral_links_preset check ((preset_lat is null) = (preset_lon is null))
);
create index referral_links_org_idx on referral_links (org_id, created_at desc) where deleted_at is null;

create table referral_counts (
	link_id bigint not null references referral_links (id) on delete cascade,
	-- The Monday of the ISO week, Europe/Amsterdam (meetups.WeekOf).
	week date not null check (extract(isodow from week) = 1),
	starts integer not null default 0 check (starts >= 0),
	searches integer not null default 0 check (searches >= 0),
	saved integer not null default 0 check (saved >= 0),
	drafted integer not null default 0 check (drafted >= 0),
	primary key (link_id, week)
);

---- create above / drop below ----

drop table referral_counts;
drop table referral_links;
