package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/ouderkring/ouderkring/bot"
	"github.com/ouderkring/ouderkring/config"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups/pdok"
	"github.com/ouderkring/ouderkring/meetups/places"
	"github.com/ouderkring/ouderkring/safety"
)

// Main is the whole program, with Run and Close so tests can start and stop
// it like the binary does.
type Main struct {
	Config         config.Config
	TerminalChatID int64
	TerminalLang   string
	// Now is the clock of the dialog, the jobs and the upkeep; time.Now
	// when nil. Tests move it to make reminders come due.
	Now func() time.Time

	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger

	db       *db.DB
	engine   *dialog.Engine
	http     *http.Server
	httpAddr string
	telegram *bot.Telegram
	gate     *db.Gate // webhook mode: updates once, one chat at a time
	jobs     *db.Jobs
	counts   *db.BatchedCounts // written once a second (countFlush), and at Close

	cancel  context.CancelFunc
	done    chan struct{} // closed when the front end ends
	started bool          // the front end was started (start)
	err     error         // why it ended
}

// NewMain makes a program from a configuration.
// gateLockWait is how long a webhook update waits for the update of its
// chat before it (on this or another replica); then Telegram is told to
// deliver it again (503) and the connection is free for other chats.
const gateLockWait = 5 * time.Second

func NewMain(cfg config.Config, stdin io.Reader, stdout, stderr io.Writer) *Main {
	return &Main{Config: cfg, TerminalChatID: bot.TerminalChatID, TerminalLang: cfg.DefaultLang,
		stdin: stdin, stdout: stdout, stderr: stderr, done: make(chan struct{})}
}

// Run opens and migrates the database, starts the HTTP endpoints and the
// front end, and returns once they run. ctx bounds only the start.
func (m *Main) Run(ctx context.Context) error {
	cfg := m.Config
	m.log = newLogger(m.stderr, cfg)
	slog.SetDefault(m.log)

	var err error
	// One process polls Telegram and handles every update of its chats,
	// so it may keep their sessions in memory (the save still checks the
	// version). Webhook replicas share the chats: there a cached session
	// would often be stale, and each stale one costs a step decided twice.
	// Every mode answers searches from memory while the catalogue has not
	// changed: each search checks the catalogue's version, so replicas
	// never show each other's stale catalogue.
	dbOpts := []db.Option{db.WithSearchIndex(0)}
	if cfg.Mode() != config.ModeWebhook {
		dbOpts = append(dbOpts, db.WithSessionCache(0, 0))
	}
	if m.db, err = openDB(ctx, cfg, dbOpts...); err != nil {
		return err
	}
	if err := m.db.Members().EnsureAdmins(ctx, cfg.AdminIDs); err != nil {
		return err
	}
	// Town names from the gazetteer, at once and also when PDOK is away;
	// addresses and postcodes from PDOK, through its cache.
	geocoder := places.Geocoder{Next: pdok.NewCached(pdok.NewClient(pdok.ClientOptions{URL: cfg.PDOKURL}), m.db, 0, nil)}
	now := m.Now
	if now == nil {
		now = time.Now
	}
	var (
		reg       *prometheus.Registry
		onSafety  func(string)
		onApplied func(int64, bool)
	)
	if cfg.Mode() != config.ModeTerminal {
		reg = newRegistry(m.db)
		onSafety = safetyMetric(reg)
		onApplied = appliedLog(reg, m.log)
	}
	m.counts = m.db.BatchedCounts(countFlush)
	m.engine, err = dialog.New(m.db.Sessions(), dialog.Options{
		DefaultLang: cfg.DefaultLang, Retention: cfg.SessionRetention, Now: now,
		Catalogue: m.db.Catalogue(), Geocoder: geocoder,
		Members: m.db.Members(), OrgCatalogue: m.db.Catalogue(),
		Counter: m.counts, Referrals: m.db.Referrals(), Saved: m.db.Saved(),
		OnSafety: onSafety, OnApplied: onApplied,
	})
	if err != nil {
		return err
	}
	m.engine.SetBotUsername(cfg.BotUsername) // Telegram's getMe corrects it

	runCtx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel

	switch cfg.Mode() {
	case config.ModeTerminal:
		term := &bot.Terminal{Engine: m.engine, In: m.stdin, Out: m.stdout, ChatID: m.TerminalChatID, Lang: m.TerminalLang}
		m.start(func() error { return term.Run(runCtx) })
	default:
		metrics := bot.NewMetrics(reg)
		m.telegram = bot.NewTelegram(m.engine, bot.TelegramOptions{
			Token: cfg.TelegramToken, APIURL: cfg.TelegramAPIURL, PollTimeout: cfg.PollTimeout,
			Workers: cfg.Workers, Logger: m.log, Metrics: metrics, FloodLimit: cfg.FloodLimit,
			Rate: cfg.OutboundRate, ChatRate: cfg.OutboundChatRate, ChatBurst: cfg.OutboundBurst,
			Ready: m.db.Ping, // the database away: updates wait instead of an apology
		})
		if cfg.Mode() != config.ModeWebhook {
			if err := m.startHTTP(reg, nil); err != nil {
				return err
			}
			m.start(func() error { return m.telegram.Run(runCtx) })
			break
		}
		// Webhook: updates come in on HTTP_ADDR at WEBHOOK_URL's path, through
		// the database's gate so several replicas are safe.
		if m.gate, err = m.db.Gate(ctx, int32(cfg.Workers), gateLockWait); err != nil {
			return err
		}
		hook := bot.WebhookOptions{URL: cfg.WebhookURL, Secret: cfg.WebhookSecret, Gate: m.gate}
		if err := m.startHTTP(reg, map[string]http.Handler{cfg.WebhookPath(): m.telegram.WebhookHandler(hook)}); err != nil {
			return err
		}
		m.start(func() error { return m.telegram.RunWebhook(runCtx, hook) })
	}
	up := &upkeep{db: m.db, engine: m.engine, retention: cfg.SessionRetention, log: m.log}
	jobs := db.JobConfig{
		Upkeep:      func(ctx context.Context) error { up.run(ctx, now()); return nil },
		UpkeepEvery: maintenanceInterval,
		Logger:      m.log,
		Now:         m.Now,
	}
	if m.telegram != nil {
		// In the terminal there is nobody to send reminders to: they wait,
		// scheduled, for an instance that has Telegram.
		up.notifier = m.telegram
		n := &notices{db: m.db, engine: m.engine, notifier: m.telegram, now: now, log: m.log}
		jobs.Reminder, jobs.FollowUp = n.reminder, n.followUp
	}
	if m.jobs, err = m.db.StartJobs(ctx, jobs); err != nil {
		return err
	}
	m.log.Info("ouderkring started", "mode", cfg.Mode(), "http", m.httpAddr)
	return nil
}

// countFlush is how often the meetup counts of results pages and cards
// are written: one statement a second instead of one a page.
const countFlush = time.Second

// start runs the front end until it stops; Close waits for it only when
// it was started (a start that failed before, a busy HTTP_ADDR say, has
// nothing in progress to wait for).
func (m *Main) start(run func() error) {
	m.started = true
	go m.finish(run)
}

func (m *Main) finish(run func() error) {
	m.err = run()
	close(m.done)
}

// Done is closed when the front end stopped by itself (a terminal chat that
// ended, a token Telegram rejected); Err says why.
func (m *Main) Done() <-chan struct{} { return m.done }

// Err is the front end's error once Done is closed.
func (m *Main) Err() error { return m.err }

// HTTPAddr is the address the HTTP endpoints listen on ("" when off).
func (m *Main) HTTPAddr() string { return m.httpAddr }

// Close stops working jobs and the front end, letting the jobs and updates
// in progress finish (each at most SHUTDOWN_TIMEOUT), then stops the HTTP
// server and closes the pool. In webhook mode the HTTP server, through
// which updates come, stops before the front end.
func (m *Main) Close() error {
	if m.jobs != nil {
		// Jobs first: a reminder being sent finishes while the bot can
		// still send it; one that cannot finish in time runs again later.
		ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
		if err := m.jobs.Stop(ctx); err != nil {
			m.log.Warn("jobs still running at shutdown were stopped; they run again after the next start", "err", err)
		}
		cancel()
		m.jobs = nil
	}
	var errs []error
	if m.gate != nil && m.http != nil {
		// Webhook mode: updates come in through the HTTP server. Stop taking
		// them first; Shutdown waits for those being handled, so none is
		// accepted after the front end stops or cut off by the pool closing.
		ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
		errs = append(errs, m.http.Shutdown(ctx))
		cancel()
		m.http = nil
	}
	if m.cancel != nil {
		m.cancel()
	}
	if m.started {
		select {
		case <-m.done:
		case <-time.After(m.Config.ShutdownTimeout):
			m.log.Warn("updates still in progress at shutdown; stopping anyway")
		}
	}
	if m.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		errs = append(errs, m.http.Shutdown(ctx))
	}
	if m.counts != nil {
		// Nothing counts any more: write what the last second counted.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := m.counts.Close(ctx); err != nil {
			m.log.Warn("the last second's meetup counts were not written", "err", err)
		}
		cancel()
		m.counts = nil
	}
	if m.gate != nil {
		m.gate.Close()
		m.gate = nil
	}
	if m.db != nil {
		m.db.Close()
	}
	if m.log != nil {
		m.log.Info("ouderkring stopped")
	}
	return errors.Join(errs...)
}

func (m *Main) startHTTP(reg *prometheus.Registry, routes map[string]http.Handler) error {
	if m.Config.HTTPAddr == "" {
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("/", opsHandler(m.db, reg))
	for path, h := range routes {
		mux.Handle(path, h)
	}
	ln, err := net.Listen("tcp", m.Config.HTTPAddr)
	if err != nil {
		return fmt.Errorf("HTTP_ADDR %s: %w", m.Config.HTTPAddr, err)
	}
	m.httpAddr = ln.Addr().String()
	// Idle keep-alive connections close after a minute; a request's
	// headers must arrive within 10 s and hold at most 64 KiB (the webhook's
	// body has its own 1 MiB cap).
	m.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute, MaxHeaderBytes: 64 << 10}
	go func() {
		if err := m.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.log.Error("HTTP server stopped", "err", err)
		}
	}()
	return nil
}

func newRegistry(d *db.DB) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), db.NewPoolCollector(d),
		db.NewSearchIndexCollector(d), d.NoticeMetrics())
	return reg
}

// safetyMetric counts the safety answers by category, and the 🆘 screens
// parents opened ("asked"): how often the bot met a parent in trouble,
// never who or what they wrote. Every category starts at 0 so a dashboard
// shows it before the first answer.
func safetyMetric(reg prometheus.Registerer) func(string) {
	answers := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ouderkring_safety_answers_total",
		Help: "Safety answers given, by category (medical, suicide, child, violence, need), and 'asked': the 🆘 help screen opened.",
	}, []string{"category"})
	for _, c := range safety.Categories {
		answers.WithLabelValues(string(c))
	}
	answers.WithLabelValues("asked")
	reg.MustRegister(answers)
	return func(category string) { answers.WithLabelValues(category).Inc() }
}

// appliedLog counts the updates Telegram delivered again after they were
// applied (answered with the question the chat is at, not stepped), and
// logs each update's fate at debug level — by id only — which is what
// cmd/soak reads to prove that no update is applied twice.
func appliedLog(reg prometheus.Registerer, log *slog.Logger) func(int64, bool) {
	again := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "ouderkring_updates_redelivered_total",
		Help: "Updates delivered again after they were applied: answered with the question the chat is at, not applied twice.",
	})
	reg.MustRegister(again)
	return func(updateID int64, twice bool) {
		if twice {
			again.Inc()
			log.Debug("update already applied", "update_id", updateID)
			return
		}
		log.Debug("update applied", "update_id", updateID)
	}
}

// newLogger logs JSON to stderr. A terminal chat shares its screen with the
// logs, so there only warnings and errors are shown.
func newLogger(w io.Writer, cfg config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	if cfg.Mode() == config.ModeTerminal && level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	return slog.New(slog.NewJSONHandler(redacting(w, cfg.TelegramToken, cfg.WebhookSecret), &slog.HandlerOptions{Level: level}))
}

// redacting is w with every secret replaced by "<redacted>": the one place
// that keeps the bot token (it is part of every Bot API URL, so of many a
// network error) and the webhook secret out of the logs, whatever package
// the line comes from. A log line is one Write, so a secret is never split
// between two.
func redacting(w io.Writer, secrets ...string) io.Writer {
	var pairs []string
	for _, s := range secrets {
		if len(s) >= 8 { // an empty or toy value would blank out ordinary words
			pairs = append(pairs, s, "<redacted>")
		}
	}
	if len(pairs) == 0 {
		return w
	}
	return redactWriter{w: w, r: strings.NewReplacer(pairs...)}
}

type redactWriter struct {
	w io.Writer
	r *strings.Replacer
}

func (rw redactWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(rw.w, rw.r.Replace(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
