package db

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/meetups"
)

// ImportOptions are the choices of one bulk import.
type ImportOptions struct {
	// ArchiveMissing archives the meetups of the source whose external id
	// is neither among the meetups imported nor in Keep.
	ArchiveMissing bool
	// DryRun does all the work in a transaction that is then rolled back,
	// so the result says what an import would do.
	DryRun bool
	// Keep are external ids that are in the file but were not imported
	// (their rows were bad this time): archiving leaves them alone.
	Keep []string
}

// ImportResult counts what an import did (or, in a dry run, would do).
type ImportResult struct {
	New, Updated, Unchanged, Archived int
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("db: dry run")

// compareColumns are the columns whose change makes an imported row
// "updated": everything a file says. Left out are the key (source,
// external_id), what is derived (next_start, slots), when it was
// confirmed, and the status, which the catalogue owns once a meetup exists
// (an organiser may have paused it).
var compareColumns = func() []string {
	var out []string
	for _, c := range splitColumns(writeColumns) {
		switch c {
		case "source", "external_id", "next_start", "slots", "confirmed_at", "status":
		default:
			out = append(out, c)
		}
	}
	return out
}()

// importSQL upserts the rows of import_rows by (source, external_id). A
// row that exists and says the same is not touched, so re-importing a
// file moves no updated_at; one that changed gets the new values and
// updated_at = $1 (new ones are created at $1). A meetup that was archived comes back with the
// import's status; otherwise the status stays what it is. It returns, per
// row written, whether it was new.
var importSQL = func() string {
	var set, val, old, nu []string
	for _, c := range splitColumns(writeColumns) {
		if c == "source" || c == "external_id" || c == "status" {
			continue
		}
		set, val = append(set, c), append(val, "excluded."+c)
	}
	for _, c := range compareColumns {
		old, nu = append(old, "m."+c), append(nu, "excluded."+c)
	}
	return `insert into meetups as m (` + writeColumns + `, created_at, updated_at)
		select ` + writeColumns + `, $1, $1 from import_rows
		on conflict (source, external_id) where external_id <> '' do update set
		(` + strings.Join(set, ", ") + `, status, updated_at) =
		(` + strings.Join(val, ", ") + `, case when m.status = 'archived' then excluded.status else m.status end, $1)
		where m.status = 'archived' or (` + strings.Join(old, ", ") + `) is distinct from (` + strings.Join(nu, ", ") + `)
		returning xmax = 0`
}()

// Import writes the meetups of one file from source in one transaction:
// all of them or, on any error, none. Each is validated first; new ones
// are inserted, changed ones updated and unchanged ones left alone, matched
// by (source, external id), so importing the same file twice changes
// nothing. Organisations are created by name. With ArchiveMissing, the
// source's meetups that the file no longer has are archived. now is the
// clock for updated_at and for the next start of each schedule.
//
// Imports of one source wait for each other (an advisory lock), so two
// imports cannot archive each other's meetups.
func (c *Catalogue) Import(ctx context.Context, source string, ms []meetups.Meetup, opts ImportOptions, now time.Time) (ImportResult, error) {
	var res ImportResult
	if strings.TrimSpace(source) == "" {
		return res, meetups.Errorf(meetups.EINVALID, "an import needs a source")
	}
	ids := make([]string, 0, len(ms)+len(opts.Keep))
	seen := make(map[string]bool, len(ms))
	for i := range ms {
		m := &ms[i]
		if m.ExternalID == "" {
			return res, meetups.Errorf(meetups.EINVALID, "meetup %q has no external id", m.Title)
		}
		if seen[m.ExternalID] {
			return res, meetups.Errorf(meetups.EINVALID, "external id %q is imported twice", m.ExternalID)
		}
		if err := m.Validate(); err != nil {
			return res, fmt.Errorf("meetup %q: %w", m.ExternalID, err)
		}
		seen[m.ExternalID] = true
		ids = append(ids, m.ExternalID)
	}
	ids = append(ids, opts.Keep...)

	err := pgx.BeginFunc(ctx, c.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `select pg_advisory_xact_lock(hashtext('ouderkring import'), hashtext($1))`, source); err != nil {
			return err
		}
		if len(ms) > 0 {
			written, err := upsert(ctx, tx, source, ms, now)
			if err != nil {
				return err
			}
			for _, isNew := range written {
				if isNew {
					res.New++
				} else {
					res.Updated++
				}
			}
			res.Unchanged = len(ms) - len(written)
			// A file that still lists a meetup confirms it (freshness,
			// fresh.go), changed or not; one hidden for want of that
			// shows again. updated_at stays: nothing about it changed.
			if _, err := tx.Exec(ctx, `update meetups set confirmed_at = $3,
					status = case when status = 'paused' and paused_reason = 'unconfirmed' then 'published' else status end,
					paused_reason = ''
				where source = $1 and external_id = any($2) and (confirmed_at < $3 or paused_reason <> '')`,
				source, ids[:len(ms)], now); err != nil {
				return err
			}
		}
		if opts.ArchiveMissing {
			tag, err := tx.Exec(ctx, `update meetups set status = 'archived', updated_at = $3
				where source = $1 and external_id <> '' and status <> 'archived' and external_id <> all($2)`,
				source, ids, now)
			if err != nil {
				return err
			}
			res.Archived = int(tag.RowsAffected())
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return ImportResult{}, fmt.Errorf("db: import %s: %w", source, interpretError(err))
	}
	if !opts.DryRun && res.New+res.Updated >= analyzeAfter {
		if _, err := c.db.pool.Exec(ctx, `vacuum analyze meetups`); err != nil {
			return res, fmt.Errorf("%w: %v", ErrNotAnalyzed, interpretError(err))
		}
	}
	return res, nil
}

// ErrNotAnalyzed says a bulk write was committed but refreshing the
// planner's statistics after it failed (the database went away in
// between): everything is stored, search may plan worse until autovacuum
// analyzes the table. Callers report it as a warning, never as "nothing
// was imported".
var ErrNotAnalyzed = errors.New("db: committed, but refreshing the search statistics failed; autovacuum will do it later")

// analyzeAfter is how many written rows make an import refresh the
// planner's statistics at once, so nearby search plans well right after a
// large first import instead of after autovacuum's next round.
const analyzeAfter = 1000

// upsert copies ms into a temporary table and upserts from there in one
// statement: one round trip for the data, one for the merge. It returns,
// per row inserted or updated, whether it was new.
func upsert(ctx context.Context, tx pgx.Tx, source string, ms []meetups.Meetup, now time.Time) ([]bool, error) {
	orgs, err := ensureOrganisations(ctx, tx, ms)
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `create temporary table import_rows on commit drop as
		select `+writeColumns+` from meetups with no data`); err != nil {
		return nil, err
	}
	rows := make([][]any, len(ms))
	for i, m := range ms {
		m.Source, m.Sample = source, false
		rows[i] = meetupValues(m, orgs[m.OrgName], now)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"import_rows"}, splitColumns(writeColumns), pgx.CopyFromRows(rows)); err != nil {
		return nil, err
	}
	res, err := tx.Query(ctx, importSQL, now)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(res, pgx.RowTo[bool])
}

// Published is the catalogue parents can find, for export: every
// published meetup except generated samples (which must never come back
// as real ones through an import), oldest first.
func (c *Catalogue) Published(ctx context.Context) ([]meetups.Meetup, error) {
	rows, err := c.db.pool.Query(ctx, `select `+meetupColumns+` from meetups m join organisations o on o.id = m.org_id
		where m.status = 'published' and not m.sample order by m.id`)
	if err != nil {
		return nil, fmt.Errorf("db: published meetups: %w", interpretError(err))
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Meetup, error) { return scanMeetup(r) })
	if err != nil {
		return nil, fmt.Errorf("db: published meetups: %w", interpretError(err))
	}
	for i := range ms {
		for j, t := range ms[i].Schedule.ExDates {
			ms[i].Schedule.ExDates[j] = t.In(meetups.Amsterdam)
		}
		slices.SortFunc(ms[i].Schedule.ExDates, func(a, b time.Time) int { return a.Compare(b) })
	}
	return ms, nil
}
