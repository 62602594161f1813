package db

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// ReplaceSamples deletes every sample meetup and loads ms (which must all be
// samples) in one transaction with COPY: `ouderkring seed --demo` runs it,
// and running it twice leaves the same catalogue. Organisations are created
// by name as needed. It returns how many meetups it loaded.
func (c *Catalogue) ReplaceSamples(ctx context.Context, ms []meetups.Meetup, now time.Time) (int, error) {
	for _, m := range ms {
		if !m.Sample {
			return 0, meetups.Errorf(meetups.EINVALID, "meetup %q is not marked as sample", m.Title)
		}
		if err := m.Validate(); err != nil {
			return 0, err
		}
	}
	var n int
	err := pgx.BeginFunc(ctx, c.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `delete from meetups where sample`); err != nil {
			return err
		}
		orgs, err := ensureOrganisations(ctx, tx, ms)
		if err != nil {
			return err
		}
		rows := make([][]any, len(ms))
		for i, m := range ms {
			rows[i] = meetupValues(m, orgs[m.OrgName], now)
		}
		count, err := tx.CopyFrom(ctx, pgx.Identifier{"meetups"}, splitColumns(writeColumns), pgx.CopyFromRows(rows))
		n = int(count)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("db: load sample meetups: %w", interpretError(err))
	}
	if _, err := c.db.pool.Exec(ctx, `vacuum analyze meetups`); err != nil {
		return n, fmt.Errorf("%w: %v", ErrNotAnalyzed, interpretError(err))
	}
	return n, nil
}

// ensureOrganisations creates the organisations named by ms and returns
// their ids by name.
func ensureOrganisations(ctx context.Context, tx pgx.Tx, ms []meetups.Meetup) (map[string]int64, error) {
	seen := map[string]bool{}
	var names []string
	for _, m := range ms {
		if !seen[m.OrgName] {
			seen[m.OrgName] = true
			names = append(names, m.OrgName)
		}
	}
	if _, err := tx.Exec(ctx, `insert into organisations (name) select unnest($1::text[]) on conflict (name) do nothing`, names); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `select name, id from organisations where name = any($1)`, names)
	if err != nil {
		return nil, err
	}
	ids := map[string]int64{}
	var (
		name string
		id   int64
	)
	_, err = pgx.ForEachRow(rows, []any{&name, &id}, func() error {
		ids[name] = id
		return nil
	})
	return ids, err
}

// splitColumns turns a comma-separated column list into names.
func splitColumns(columns string) []string {
	parts := strings.Split(columns, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
