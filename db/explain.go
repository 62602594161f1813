package db

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// ExplainSearch returns Postgres's plan for the statement Search runs for q
// (the same SQL and arguments, from searchSQL), one plan line per line. It
// exists because "search is fast" rests on the GiST index over
// ll_to_earth(lat, lon) being used: a benchmark prints this plan next to its
// timings, so a change to the query or the schema that makes the planner
// fall back to reading every meetup shows up as a plan, not as a mystery.
//
// With analyze the statement is executed (EXPLAIN (ANALYZE, BUFFERS)) and the
// plan carries real row counts, timings and buffer hits; without it the
// plan is only estimated and nothing runs.
func (c *Catalogue) ExplainSearch(ctx context.Context, q meetups.Query, analyze bool) (string, error) {
	q, err := checkQuery(q)
	if err != nil {
		return "", err
	}
	sql, args := searchSQL(q)
	explain := "explain "
	if analyze {
		explain = "explain (analyze, buffers) "
	}
	rows, err := c.db.pool.Query(ctx, explain+sql, args...)
	if err != nil {
		return "", fmt.Errorf("db: explain search: %w", interpretError(err))
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", fmt.Errorf("db: explain search: %w", interpretError(err))
	}
	return strings.Join(lines, "\n"), nil
}
