package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// The geocoding cache (table geocode_cache) keeps what PDOK answered per
// normalised query, so a postcode many parents share costs one request,
// and places stay findable while PDOK is down. The methods match
// pdok.Cache; db does not import pdok, the interface is satisfied by
// shape.
//
// Queries are what parents typed (postcodes, town names), so errors from
// here never repeat them: they are logged.

// GetPlace returns the place cached for query and when it was fetched;
// ok is false when there is none. Whether the entry is still fresh is the
// caller's decision.
func (d *DB) GetPlace(ctx context.Context, query string) (p meetups.Place, fetchedAt time.Time, ok bool, err error) {
	err = d.pool.QueryRow(ctx,
		"select lat, lon, label, fetched_at from geocode_cache where query = $1", query,
	).Scan(&p.Point.Lat, &p.Point.Lon, &p.Label, &fetchedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return meetups.Place{}, time.Time{}, false, nil
	}
	if err != nil {
		return meetups.Place{}, time.Time{}, false, fmt.Errorf("db: get cached place: %w", interpretError(err))
	}
	return p, fetchedAt, true, nil
}

// PutPlace stores p for query, replacing an older entry: a refetch after
// the entry expired overwrites it rather than failing on the key.
func (d *DB) PutPlace(ctx context.Context, query string, p meetups.Place, fetchedAt time.Time) error {
	_, err := d.pool.Exec(ctx,
		`insert into geocode_cache (query, lat, lon, label, fetched_at) values ($1, $2, $3, $4, $5)
		on conflict (query) do update
		set lat = excluded.lat, lon = excluded.lon, label = excluded.label, fetched_at = excluded.fetched_at`,
		query, p.Point.Lat, p.Point.Lon, p.Label, fetchedAt)
	if err != nil {
		return fmt.Errorf("db: put cached place: %w", interpretError(err))
	}
	return nil
}
