package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// Catalogue stores organisations and meetups and searches them. It
// implements meetups.Catalogue.
type Catalogue struct {
	db *DB
}

var _ meetups.Catalogue = (*Catalogue)(nil)

// Catalogue returns the catalogue backed by d.
func (d *DB) Catalogue() *Catalogue { return &Catalogue{db: d} }

// meetupColumns are read by scanMeetup, in this order; m is meetups and o
// organisations.
const meetupColumns = `m.id, m.org_id, o.name, m.kind, m.title, m.description, m.themes,
	m.age_min_months, m.age_max_months, m.age_bands, m.languages, m.cost_cents, m.cost_note,
	m.venue, m.address, m.postcode, m.city, m.lat, m.lon, m.online, m.online_url,
	m.schedule_kind, m.starts_at, m.ends_at, m.rrule, m.duration, m.exdates,
	m.join_kind, m.signup_url, m.signup_phone, m.contact, m.babies_welcome, m.siblings_welcome,
	m.accessibility, m.status, m.sample, m.source, m.external_id, m.confirmed_at, m.created_at, m.updated_at,
	m.paused_reason = 'unconfirmed', m.reject_reason`

// scanMeetup reads meetupColumns, plus extra destinations after them.
func scanMeetup(row pgx.Row, extra ...any) (meetups.Meetup, error) {
	var (
		m                 meetups.Meetup
		kind, sched, join string
		status            string
		themes, bands     []string
		lat, lon          *float64
		starts, ends      *time.Time
		duration          *time.Duration
	)
	dest := []any{&m.ID, &m.OrgID, &m.OrgName, &kind, &m.Title, &m.Description, &themes,
		&m.AgeMinMonths, &m.AgeMaxMonths, &bands, &m.Languages, &m.CostCents, &m.CostNote,
		&m.Venue, &m.Address, &m.Postcode, &m.City, &lat, &lon, &m.Online, &m.OnlineURL,
		&sched, &starts, &ends, &m.Schedule.RRule, &duration, &m.Schedule.ExDates,
		&join, &m.SignupURL, &m.SignupPhone, &m.Contact, &m.BabiesWelcome, &m.SiblingsWelcome,
		&m.Accessibility, &status, &m.Sample, &m.Source, &m.ExternalID, &m.ConfirmedAt, &m.CreatedAt, &m.UpdatedAt,
		&m.Unconfirmed, &m.RejectReason}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return m, err
	}
	m.Kind, m.Schedule.Kind, m.Join, m.Status = meetups.Kind(kind), meetups.ScheduleKind(sched), meetups.Join(join), meetups.Status(status)
	for _, t := range themes {
		m.Themes = append(m.Themes, meetups.Theme(t))
	}
	for _, b := range bands {
		m.AgeBands = append(m.AgeBands, meetups.AgeBand(b))
	}
	if lat != nil && lon != nil {
		m.Point = &meetups.Point{Lat: *lat, Lon: *lon}
	}
	if starts != nil {
		m.Schedule.Start = starts.In(meetups.Amsterdam)
	}
	if ends != nil {
		m.Schedule.End = ends.In(meetups.Amsterdam)
	}
	if duration != nil {
		m.Schedule.Duration = *duration
	}
	return m, nil
}

// meetupValues are the columns a write sets, in the order of
// writeColumns, derived fields (next_start, slots) included.
const writeColumns = `org_id, kind, title, description, themes, age_min_months, age_max_months, age_bands, languages,
	cost_cents, cost_note, venue, address, postcode, city, lat, lon, online, online_url,
	schedule_kind, starts_at, ends_at, rrule, duration, exdates, join_kind, signup_url, signup_phone,
	contact, babies_welcome, siblings_welcome, accessibility, status, sample, source, external_id,
	next_start, slots, confirmed_at`

func meetupValues(m meetups.Meetup, orgID int64, now time.Time) []any {
	themes := make([]string, len(m.Themes))
	for i, t := range m.Themes {
		themes[i] = string(t)
	}
	bands := make([]string, len(m.AgeBands))
	for i, b := range m.AgeBands {
		bands[i] = string(b)
	}
	var lat, lon *float64
	if m.Point != nil {
		lat, lon = &m.Point.Lat, &m.Point.Lon
	}
	s := m.Schedule
	var starts, ends, next *time.Time
	var duration *time.Duration
	if !s.Start.IsZero() {
		starts = &s.Start
	}
	if !s.End.IsZero() {
		ends = &s.End
	}
	if s.Duration > 0 {
		duration = &s.Duration
	}
	if occ := s.Next(now, 1); len(occ) > 0 {
		next = &occ[0].Start
	}
	exdates := s.ExDates
	if exdates == nil {
		exdates = []time.Time{}
	}
	languages := m.Languages
	if len(languages) == 0 {
		languages = []string{"nl"}
	}
	confirmed := m.ConfirmedAt
	if confirmed.IsZero() {
		confirmed = now
	}
	return []any{orgID, string(m.Kind), m.Title, m.Description, themes, m.AgeMinMonths, m.AgeMaxMonths, bands, languages,
		m.CostCents, m.CostNote, m.Venue, m.Address, m.Postcode, m.City, lat, lon, m.Online, m.OnlineURL,
		string(s.Kind), starts, ends, s.RRule, duration, exdates, string(m.Join), m.SignupURL, m.SignupPhone,
		m.Contact, m.BabiesWelcome, m.SiblingsWelcome, m.Accessibility, string(m.Status), m.Sample, m.Source, m.ExternalID,
		next, int16(s.Slots(now)), confirmed}
}

// EnsureOrganisation returns the id of the organisation with this name,
// creating it when it does not exist yet.
func (c *Catalogue) EnsureOrganisation(ctx context.Context, name string) (int64, error) {
	var id int64
	err := c.db.pool.QueryRow(ctx, `with ins as (
			insert into organisations (name) values ($1) on conflict (name) do nothing returning id)
		select id from ins union all select id from organisations where name = $1 limit 1`, name).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("db: ensure organisation: %w", interpretError(err))
	}
	return id, nil
}

// SaveMeetup validates m and stores it: a new row when m.ID is 0 (or, for
// an imported meetup, an update of the row with the same source and
// external id), else an update of row m.ID. It returns the row's id. The
// organisation is m.OrgID, or the one named m.OrgName.
func (c *Catalogue) SaveMeetup(ctx context.Context, m meetups.Meetup, now time.Time) (int64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	orgID := m.OrgID
	if orgID == 0 {
		var err error
		if orgID, err = c.EnsureOrganisation(ctx, m.OrgName); err != nil {
			return 0, err
		}
	}
	vals := meetupValues(m, orgID, now)
	var (
		id  int64
		err error
	)
	switch {
	case m.ID != 0:
		err = c.db.pool.QueryRow(ctx, `update meetups set (`+writeColumns+`, updated_at) =
			(`+placeholders(len(vals), 1)+`, now()) where id = $`+fmt.Sprint(len(vals)+1)+` returning id`,
			append(vals, m.ID)...).Scan(&id)
	case m.ExternalID != "":
		err = c.db.pool.QueryRow(ctx, `insert into meetups (`+writeColumns+`) values (`+placeholders(len(vals), 1)+`)
			on conflict (source, external_id) where external_id <> '' do update set (`+writeColumns+`, updated_at) =
			(`+excluded(writeColumns)+`, now()) returning id`, vals...).Scan(&id)
	default:
		err = c.db.pool.QueryRow(ctx, `insert into meetups (`+writeColumns+`) values (`+placeholders(len(vals), 1)+`) returning id`,
			vals...).Scan(&id)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, meetups.Errorf(meetups.ENOTFOUND, "meetup %d does not exist", m.ID)
	}
	if err != nil {
		return 0, fmt.Errorf("db: save meetup: %w", interpretError(err))
	}
	return id, nil
}

// Meetup returns one published meetup.
func (c *Catalogue) Meetup(ctx context.Context, id int64) (meetups.Meetup, error) {
	row := c.db.pool.QueryRow(ctx, `select `+meetupColumns+` from meetups m join organisations o on o.id = m.org_id
		where m.id = $1 and m.status = 'published'`, id)
	m, err := scanMeetup(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, meetups.Errorf(meetups.ENOTFOUND, "no published meetup %d", id)
	}
	if err != nil {
		return m, fmt.Errorf("db: meetup %d: %w", id, interpretError(err))
	}
	return m, nil
}

// CountMeetups is how many meetups there are, in any status.
func (c *Catalogue) CountMeetups(ctx context.Context) (int, error) {
	var n int
	if err := c.db.pool.QueryRow(ctx, `select count(*) from meetups`).Scan(&n); err != nil {
		return 0, fmt.Errorf("db: count meetups: %w", interpretError(err))
	}
	return n, nil
}

// RefreshSchedules recomputes next_start and slots of meetups whose next
// start has passed, so search keeps ordering by what comes next and drops
// what has ended. It returns how many rows it updated.
func (c *Catalogue) RefreshSchedules(ctx context.Context, now time.Time) (int, error) {
	rows, err := c.db.pool.Query(ctx, `select `+meetupColumns+` from meetups m join organisations o on o.id = m.org_id
		where m.next_start < $1`, now)
	if err != nil {
		return 0, fmt.Errorf("db: refresh schedules: %w", interpretError(err))
	}
	stale, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Meetup, error) { return scanMeetup(r) })
	if err != nil {
		return 0, fmt.Errorf("db: refresh schedules: %w", interpretError(err))
	}
	batch := &pgx.Batch{}
	for _, m := range stale {
		var next *time.Time
		if occ := m.Schedule.Next(now, 1); len(occ) > 0 {
			next = &occ[0].Start
		}
		batch.Queue(`update meetups set next_start = $2, slots = $3 where id = $1`, m.ID, next, int16(m.Schedule.Slots(now)))
	}
	if batch.Len() > 0 {
		if err := c.db.pool.SendBatch(ctx, batch).Close(); err != nil {
			return 0, fmt.Errorf("db: refresh schedules: %w", interpretError(err))
		}
	}
	return len(stale), nil
}

func placeholders(n, from int) string {
	s := ""
	for i := 0; i < n; i++ {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("$%d", from+i)
	}
	return s
}

// excluded turns "a, b" into "excluded.a, excluded.b" for an upsert.
func excluded(columns string) string {
	out := ""
	for i, col := range splitColumns(columns) {
		if i > 0 {
			out += ", "
		}
		out += "excluded." + col
	}
	return out
}
