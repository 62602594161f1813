package db

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// jobs.go is the job queue: River (github.com/riverqueue/river) on this
// pool, its tables from migrations 010 and 011. Jobs run at their time,
// once across replicas (a job row is locked by the instance working it;
// periodic jobs are enqueued only by the elected leader), and survive
// restarts. What a job does is decided outside db (cmd, with the dialog
// engine and the bot): a handler returns a Result and this file turns it
// into River's terms and into the count of what became of each notice.

// Job kinds and queues.
const (
	kindReminder = "reminder"
	kindFollowUp = "follow_up"
	kindUpkeep   = "upkeep"

	// queueNotices holds messages the bot sends on its own; it is worked
	// only where there is someone to send them (Telegram), so a terminal
	// chat leaves them for an instance that can.
	queueNotices     = "notices"
	queueMaintenance = "maintenance"

	// noticeAttempts: a send that fails for a passing reason (Telegram
	// down, rate limits beyond the bot's own retries) is tried again with
	// River's backoff (1 s, 16 s, 81 s, 256 s), about six minutes in all.
	noticeAttempts = 5
	// noticeTimeout bounds one attempt; it includes waiting in the bot's
	// outbound queue when thousands of reminders are due at once.
	noticeTimeout = 10 * time.Minute
	// upkeepTimeout bounds one run of the upkeep.
	upkeepTimeout = 15 * time.Minute
	// defaultUpkeepEvery is how often the upkeep runs.
	defaultUpkeepEvery = time.Hour
	// defaultNoticeWorkers is how many notices are worked at once per
	// instance: enough to keep the bot's outbound limit (about 30 a
	// second) busy while each waits for its turn.
	defaultNoticeWorkers = 50
)

// noticeChatMatch matches the job args that name a chat ($1), for the
// statements outside River's API (forgetting a chat).
const noticeChatMatch = `args @> jsonb_build_object('chat_id', $1::bigint)`

// pendingStates are the states of a job that has yet to run.
var pendingStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateScheduled,
	rivertype.JobStateRetryable, rivertype.JobStatePending}

// pendingStateNames are pendingStates for SQL.
var pendingStateNames = func() []string {
	var names []string
	for _, s := range pendingStates {
		names = append(names, string(s))
	}
	return names
}()

// reminderArgs is a reminder's job. The fields marked unique make a
// reminder one per chat, meetup, date and kind, in every state but
// cancelled and discarded: a second press, a retried transaction or two
// replicas inserting at once never make a second job, and a sent reminder
// stays sent.
type reminderArgs struct {
	ChatID   int64  `json:"chat_id" river:"unique"`
	MeetupID int64  `json:"meetup_id" river:"unique"`
	Day      string `json:"day" river:"unique"` // the occurrence's date in Amsterdam, 2006-01-02
	When     string `json:"when" river:"unique"`
	// Start is the occurrence's start when the parent asked.
	Start time.Time `json:"start"`
}

func (reminderArgs) Kind() string { return kindReminder }

func (reminderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueNotices, MaxAttempts: noticeAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// followUpArgs is a follow-up's job: one per chat and meetup.
type followUpArgs struct {
	ChatID   int64 `json:"chat_id" river:"unique"`
	MeetupID int64 `json:"meetup_id" river:"unique"`
	// Start is the start of the occurrence it follows up.
	Start time.Time `json:"start"`
}

func (followUpArgs) Kind() string { return kindFollowUp }

func (followUpArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueNotices, MaxAttempts: noticeAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// upkeepArgs is the hourly upkeep.
type upkeepArgs struct{}

func (upkeepArgs) Kind() string { return kindUpkeep }

func (upkeepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMaintenance, MaxAttempts: 1}
}

// dayKey is the Amsterdam date of t, as jobs name an occurrence.
func dayKey(t time.Time) string {
	return t.In(meetups.Amsterdam).Format(time.DateOnly)
}

// Reminder is a reminder whose time came.
type Reminder struct {
	JobID            int64
	ChatID, MeetupID int64
	When             dialog.ReminderWhen
	// Start is the occurrence's start when the parent asked.
	Start time.Time
}

// FollowUp is a follow-up whose time came.
type FollowUp struct {
	JobID            int64
	ChatID, MeetupID int64
	// Start is the start of the occurrence it was planned after.
	Start time.Time
}

// Result is what became of a notice job when its handler ran. Reasons are
// short words for the metric's label (never a title or a text).
type Result struct {
	outcome string
	reason  string
	at      time.Time
	err     error
}

// Outcome is what became of the notice: delivered, cancelled, postponed,
// failed or unreachable.
func (r Result) Outcome() string { return r.outcome }

// Reason is why, as counted.
func (r Result) Reason() string { return r.reason }

// At is when a postponed notice runs again.
func (r Result) At() time.Time { return r.at }

// Delivered: the message was sent.
func Delivered(reason string) Result { return Result{outcome: "delivered", reason: reason} }

// Dropped: nothing is sent, ever; the job is cancelled.
func Dropped(reason string) Result { return Result{outcome: "cancelled", reason: reason} }

// Later: nothing now; the job runs again at at (not an attempt).
func Later(at time.Time, reason string) Result {
	return Result{outcome: "postponed", reason: reason, at: at}
}

// Failed: the send failed for a passing reason; the job is tried again
// with backoff, and after its last attempt counted as failed with reason.
func Failed(reason string, err error) Result {
	return Result{outcome: "failed", reason: reason, err: err}
}

// Unreachable: the chat cannot get messages (the person blocked the bot,
// the chat is gone). This job and every pending notice of the chat are
// cancelled, counted with reason; none is tried again.
func Unreachable(reason string) Result { return Result{outcome: "unreachable", reason: reason} }

// JobConfig says which jobs an instance works and how.
type JobConfig struct {
	// Reminder and FollowUp send the notices. When both are nil (a
	// terminal chat: nobody to send to) this instance works none, and they
	// wait for one that does.
	Reminder func(context.Context, Reminder) Result
	FollowUp func(context.Context, FollowUp) Result
	// Upkeep runs every UpkeepEvery (an hour when 0), and once at start,
	// on one instance at a time (River's elected leader enqueues it).
	Upkeep      func(context.Context) error
	UpkeepEvery time.Duration
	// Workers is how many notices this instance works at once (50 when 0).
	Workers int
	// Logger gets River's own logs.
	Logger *slog.Logger
	// Now stubs River's clock; for tests that move time, nil otherwise.
	Now func() time.Time
}

// Jobs is the running job queue of this instance.
type Jobs struct {
	db     *DB
	client *river.Client[pgx.Tx]
	cfg    JobConfig
	now    func() time.Time
	cancel context.CancelFunc // ends the client's lifetime
}

// clockTime is River's time generator over an injected clock.
type clockTime struct{ now func() time.Time }

func (c clockTime) Now() time.Time { return c.now() }

func (c clockTime) NowOrNil() *time.Time {
	t := c.now()
	return &t
}

// StartJobs starts working jobs as cfg says, until Stop. ctx bounds only
// the start.
func (d *DB) StartJobs(ctx context.Context, cfg JobConfig) (*Jobs, error) {
	j := &Jobs{db: d, cfg: cfg, now: time.Now}
	if cfg.Now != nil {
		j.now = cfg.Now
	}
	workers := river.NewWorkers()
	queues := map[string]river.QueueConfig{queueMaintenance: {MaxWorkers: 1}}
	if cfg.Reminder != nil || cfg.FollowUp != nil {
		queues[queueNotices] = river.QueueConfig{MaxWorkers: cmpOr(cfg.Workers, defaultNoticeWorkers)}
		river.AddWorker(workers, &reminderWorker{j: j})
		river.AddWorker(workers, &followUpWorker{j: j})
	}
	river.AddWorker(workers, &upkeepWorker{j: j})
	rc := &river.Config{Logger: cfg.Logger, Queues: queues, Workers: workers}
	if cfg.Upkeep != nil {
		rc.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(cmpOr(cfg.UpkeepEvery, defaultUpkeepEvery)),
			func() (river.JobArgs, *river.InsertOpts) { return upkeepArgs{}, nil },
			&river.PeriodicJobOpts{ID: kindUpkeep, RunOnStart: true})}
	}
	if cfg.Now != nil {
		rc.Test.Time, rc.TestOnly = clockTime{now: cfg.Now}, true
		// River stamps a running job with the stubbed clock, but its
		// rescuer compares that stamp with the real time: with a clock
		// weeks away, every running job looks stuck for weeks and is run
		// again (a reminder delivered twice, now and then). No test needs
		// the rescuer, so it waits longer than any stubbed clock is away.
		rc.RescueStuckJobsAfter = 50 * 365 * 24 * time.Hour
	}
	client, err := river.NewClient(riverpgxv5.New(d.pool), rc)
	if err != nil {
		return nil, fmt.Errorf("db: jobs: %w", err)
	}
	// River runs until the context it started with ends; that is Stop's
	// to decide, not the caller's start-up deadline.
	life, cancel := context.WithCancel(context.WithoutCancel(ctx))
	// The database may be away just as the program starts (a failover, a
	// network blip): River then fails to start. The bot already answers
	// (updates wait for the database), so the queue tries again until the
	// database is back or ctx ends; a failure while the database answers
	// is a real one. The soak test found a start that met an outage.
	for wait := 500 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		err := client.Start(life)
		if err == nil {
			break
		}
		if d.Ping(ctx) == nil || ctx.Err() != nil {
			cancel()
			return nil, fmt.Errorf("db: jobs: start: %w", interpretError(err))
		}
		if cfg.Logger != nil {
			cfg.Logger.Warn("the job queue cannot reach the database yet; trying again", "wait", wait)
		}
		select {
		case <-ctx.Done():
			cancel()
			return nil, fmt.Errorf("db: jobs: start: %w", interpretError(err))
		case <-time.After(wait):
		}
	}
	j.client, j.cancel = client, cancel
	return j, nil
}

func cmpOr[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// Stop stops fetching jobs and waits for those running to finish, at most
// until ctx ends; then it cancels them (they run again after a restart).
func (j *Jobs) Stop(ctx context.Context) error {
	defer j.cancel()
	err := j.client.Stop(ctx)
	if err == nil {
		return nil
	}
	cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return errors.Join(err, j.client.StopAndCancel(cctx))
}

type reminderWorker struct {
	river.WorkerDefaults[reminderArgs]
	j *Jobs
}

func (w *reminderWorker) Timeout(*river.Job[reminderArgs]) time.Duration { return noticeTimeout }

func (w *reminderWorker) Work(ctx context.Context, job *river.Job[reminderArgs]) error {
	a := job.Args
	if w.j.cfg.Reminder == nil {
		return river.JobSnooze(time.Minute) // an instance without a sender took it
	}
	res := w.j.cfg.Reminder(ctx, Reminder{JobID: job.ID, ChatID: a.ChatID, MeetupID: a.MeetupID,
		When: dialog.ReminderWhen(a.When), Start: a.Start})
	return w.j.settle(ctx, kindReminder, job.JobRow, a.ChatID, res)
}

type followUpWorker struct {
	river.WorkerDefaults[followUpArgs]
	j *Jobs
}

func (w *followUpWorker) Timeout(*river.Job[followUpArgs]) time.Duration { return noticeTimeout }

func (w *followUpWorker) Work(ctx context.Context, job *river.Job[followUpArgs]) error {
	a := job.Args
	if w.j.cfg.FollowUp == nil {
		return river.JobSnooze(time.Minute)
	}
	res := w.j.cfg.FollowUp(ctx, FollowUp{JobID: job.ID, ChatID: a.ChatID, MeetupID: a.MeetupID, Start: a.Start})
	return w.j.settle(ctx, kindFollowUp, job.JobRow, a.ChatID, res)
}

type upkeepWorker struct {
	river.WorkerDefaults[upkeepArgs]
	j *Jobs
}

func (w *upkeepWorker) Timeout(*river.Job[upkeepArgs]) time.Duration { return upkeepTimeout }

func (w *upkeepWorker) Work(ctx context.Context, job *river.Job[upkeepArgs]) error {
	if w.j.cfg.Upkeep == nil {
		return nil
	}
	return w.j.cfg.Upkeep(ctx)
}

// settle turns a handler's Result into River's terms, counting what became
// of the notice: nothing is dropped without a reason in the count.
func (j *Jobs) settle(ctx context.Context, kind string, row *rivertype.JobRow, chatID int64, res Result) error {
	switch res.outcome {
	case "delivered":
		j.db.countNotice(kind, "delivered", res.reason, 1)
		return nil
	case "cancelled":
		j.db.countNotice(kind, "cancelled", res.reason, 1)
		return river.JobCancel(errors.New(res.reason))
	case "postponed":
		j.db.countNotice(kind, "postponed", res.reason, 1)
		return river.JobSnooze(max(0, res.at.Sub(j.now())))
	case "unreachable":
		j.db.countNotice(kind, "cancelled", res.reason, 1)
		if _, err := j.db.cancelNotices(ctx, nil, chatID, 0, res.reason); err != nil {
			slog.Warn("cancelling the notices of an unreachable chat failed", "err", err)
		}
		return river.JobCancel(errors.New(res.reason))
	case "failed":
		if row.Attempt >= row.MaxAttempts {
			j.db.countNotice(kind, "failed", res.reason, 1)
		}
		return fmt.Errorf("%s: %w", res.reason, res.err)
	}
	return fmt.Errorf("db: job %d: handler returned no result", row.ID)
}

// cancelNotices deletes the pending reminders and follow-ups of a chat
// (of one meetup, when meetupID is not 0), in tx when it is not nil, and
// counts each as cancelled with reason. A job running right now is not
// touched: its handler finds the meetup unsaved, or the chat unreachable.
func (d *DB) cancelNotices(ctx context.Context, tx pgx.Tx, chatID, meetupID int64, reason string, kinds ...string) (int, error) {
	match := fmt.Sprintf(`{"chat_id": %d}`, chatID)
	if meetupID != 0 {
		match = fmt.Sprintf(`{"chat_id": %d, "meetup_id": %d}`, chatID, meetupID)
	}
	if len(kinds) == 0 {
		kinds = []string{kindReminder, kindFollowUp}
	}
	params := river.NewJobDeleteManyParams().Kinds(kinds...).States(pendingStates...).
		First(dialog.MaxSaved*4).Where("args @> @match::jsonb", river.NamedArgs{"match": match})
	var (
		res *river.JobDeleteManyResult
		err error
	)
	if tx != nil {
		res, err = d.inserter.JobDeleteManyTx(ctx, tx, params)
	} else {
		res, err = d.inserter.JobDeleteMany(ctx, params)
	}
	if err != nil {
		return 0, fmt.Errorf("db: cancel notices: %w", interpretError(err))
	}
	for _, job := range res.Jobs {
		d.countNotice(job.Kind, "cancelled", reason, 1)
	}
	return len(res.Jobs), nil
}

// JobInfo is one job that names a chat, for operators and tests.
type JobInfo struct {
	ID          int64
	Kind, State string
	MeetupID    int64
	ScheduledAt time.Time
}

// ChatJobs lists every job, in any state, whose args name the chat.
func (d *DB) ChatJobs(ctx context.Context, chatID int64) ([]JobInfo, error) {
	rows, err := d.pool.Query(ctx, `select id, kind, state::text, coalesce((args->>'meetup_id')::bigint, 0), scheduled_at
		from river_job where `+noticeChatMatch+` order by id`, chatID)
	if err != nil {
		return nil, fmt.Errorf("db: chat jobs: %w", interpretError(err))
	}
	jobs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (JobInfo, error) {
		var j JobInfo
		err := r.Scan(&j.ID, &j.Kind, &j.State, &j.MeetupID, &j.ScheduledAt)
		return j, err
	})
	if err != nil {
		return nil, fmt.Errorf("db: chat jobs: %w", interpretError(err))
	}
	return jobs, nil
}
