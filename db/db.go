package db

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// Defaults used when neither the URL nor an Option says otherwise.
const (
	// defaultMaxConns is enough for a bot that handles a few updates at a
	// time, and leaves room on a small Postgres shared with other services;
	// pgx's own default grows with the number of CPUs of the host instead.
	defaultMaxConns = 8
	// defaultConnectTimeout makes a down or unreachable database fail
	// start-up and readiness checks within seconds, not pgx's two minutes.
	defaultConnectTimeout = 5 * time.Second
)

// DB is the application's connection pool. Every store in this package is
// built on it, so one pool (and one set of pool metrics) serves the whole
// program.
type DB struct {
	pool *pgxpool.Pool
	// inserter is River without workers: it schedules and removes jobs
	// (reminders, follow-ups) in the stores' own transactions.
	inserter *river.Client[pgx.Tx]
	// notices counts what became of each reminder and follow-up.
	notices *prometheus.CounterVec
	// sessions is the session cache (WithSessionCache), nil without one.
	sessions *sessionCache
	// searchIndex answers searches from memory (WithSearchIndex), nil
	// without one.
	searchIndex *searchIndex
}

// Option changes how Open configures the pool. Options win over the URL,
// so the program can enforce limits regardless of what an operator wrote in
// DATABASE_URL.
type Option func(*options)

type options struct {
	maxConns       int32
	connectTimeout time.Duration
	sessionCache   *sessionCache
	searchGap      time.Duration // WithSearchIndex; 0: none
}

// WithMaxConns caps the number of connections the pool opens. Values below
// 1 are ignored.
func WithMaxConns(n int32) Option {
	return func(o *options) { o.maxConns = n }
}

// WithConnectTimeout bounds how long one connection attempt may take, so a
// down database gives an error quickly. Values of 0 or less are ignored.
func WithConnectTimeout(d time.Duration) Option {
	return func(o *options) { o.connectTimeout = d }
}

// Open connects to the Postgres database at url (a postgres:// URL or a
// key=value string, as pgx accepts) and checks that it answers, so a wrong
// URL or a down database is reported at start-up rather than on the first
// message a parent sends. It does not migrate; call Migrate for that.
//
// Without options the pool holds at most 8 connections (unless the URL sets
// pool_max_conns) and a connection attempt times out after 5 seconds
// (unless the URL sets connect_timeout).
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}

	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx redacts the password in its parse errors.
		return nil, fmt.Errorf("db: open: %w", err)
	}
	switch {
	case o.maxConns > 0:
		cfg.MaxConns = o.maxConns
	case !strings.Contains(url, "pool_max_conns"):
		cfg.MaxConns = defaultMaxConns
	}
	switch {
	case o.connectTimeout > 0:
		cfg.ConnConfig.ConnectTimeout = o.connectTimeout
	case cfg.ConnConfig.ConnectTimeout <= 0:
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}

	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: open: connect to %s:%d/%s: %w",
			cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, interpretError(err))
	}
	inserter, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: slog.Default()})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: open: job queue: %w", err)
	}
	notices := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ouderkring_notices_total",
		Help: "Reminders and follow-ups by what became of them: delivered, postponed, cancelled (reason: the date was cancelled, the parent removed it, forgot everything, blocked the bot, …) or failed after the last attempt (reason).",
	}, []string{"kind", "outcome", "reason"})
	d := &DB{pool: pool, inserter: inserter, notices: notices, sessions: o.sessionCache}
	if o.searchGap > 0 {
		d.searchIndex = newSearchIndex(o.searchGap)
	}
	return d, nil
}

// NoticeMetrics is the collector of ouderkring_notices_total, for the
// program's registry.
func (d *DB) NoticeMetrics() prometheus.Collector { return d.notices }

// countNotice adds n notices of kind with outcome and reason.
func (d *DB) countNotice(kind, outcome, reason string, n int) {
	d.notices.WithLabelValues(kind, outcome, reason).Add(float64(n))
}

// Close waits for connections in use to be returned and closes them all.
// It is safe to call more than once.
func (d *DB) Close() {
	if d.searchIndex != nil {
		d.searchIndex.stop()
	}
	d.pool.Close()
}

// Ping reports whether the database answers a round trip now; /readyz uses
// it so traffic is not sent to an instance that cannot store sessions.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.pool.Ping(ctx); err != nil {
		return fmt.Errorf("db: ping: %w", interpretError(err))
	}
	return nil
}
