// Command soak runs the real bot for a set time and tries to break it. The
// bot is cmd/ouderkring, built and started as a process of its own in
// polling mode, against the fake Bot API of bot/telegramtest and a local
// Postgres reached through a proxy the soak can cut (internal/pgproxy).
// Parents, organisers, clinic staff and an admin talk to it all the while,
// each waiting for the answer to what they sent and going on from the
// buttons it showed, while the soak injects:
//
//   - Telegram's 429s (with retry_after), 500s and dropped connections on
//     the bot's sends;
//   - database outages: every connection cut and new ones refused for a
//     while;
//   - poison updates: a button without its message, a message without a
//     sender or chat, an inline query, a chat-member update, an oversized
//     text and button data;
//   - SIGKILL of the bot process, and a restart.
//
// It samples the bot's goroutines and heap from /metrics over time. At the
// end it checks, and exits 1 when any check fails:
//
//   - no update lost: every input a person sent got an answer, and the
//     bot's own record (its debug log, by update id only) shows each
//     applied or, after a kill, found applied;
//
//   - none applied twice: no update id is applied more than once across
//     all the bot's lives (a redelivery after a kill is answered with the
//     question the chat is at, not stepped again);
//
//   - every conversation consistent: no apology, no raw locale id, no panic
//     or crash of the bot, every poison update confirmed, every chat's
//     session readable and holding the last update it sent;
//
//   - no growth: goroutines and heap at the end within bounds of the start.
//
//     go run ./cmd/soak                      # 10 minutes, the defaults below
//     go run ./cmd/soak -duration 60s -kill-every 20s -outage-every 25s
//
// docs/BENCHMARKS.md ("Soak") records a run. TestSoak runs a short one in
// `make test`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ouderkring/ouderkring/internal/benchdb"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		os.Exit(2)
	}
	rep, err := run(ctx, cfg, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	if rep.failed() {
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	duration                   time.Duration
	parents, organisers, staff int
	think                      time.Duration // longest pause between an answer and the next input
	answerTimeout              time.Duration // an input unanswered this long is lost
	killEvery                  time.Duration // SIGKILL and restart the bot (0: never)
	outageEvery, outageFor     time.Duration // cut the database (0: never)
	poisonEvery                time.Duration // a poison update (0: never)
	sampleEvery                time.Duration // read goroutines and heap from /metrics
	p429, p500, pdrop          float64       // Telegram faults on the bot's sends
	seed                       uint64
	meetups                    int
	bot                        string // the ouderkring binary; empty: build it
	race                       bool   // build it with -race
	dbURL                      string // base database (a bench_ schema is made in it)
	schemaURL                  string // use this schema as is (tests), instead of making one
	keep                       bool
	logCopy                    string // keep the bot's log here
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&c.duration, "duration", 10*time.Minute, "how long people talk to the bot")
	fs.IntVar(&c.parents, "parents", 24, "parents looking for meetups and asking for help")
	fs.IntVar(&c.organisers, "organisers", 4, "organisers adding and changing meetups")
	fs.IntVar(&c.staff, "staff", 2, "clinic staff making referral links")
	fs.DurationVar(&c.think, "think", 1500*time.Millisecond, "longest pause between an answer and the next input")
	fs.DurationVar(&c.answerTimeout, "answer-timeout", 90*time.Second, "an input unanswered this long counts as lost")
	fs.DurationVar(&c.killEvery, "kill-every", 2*time.Minute, "SIGKILL the bot and start it again this often (0: never)")
	fs.DurationVar(&c.outageEvery, "outage-every", 3*time.Minute, "cut the database this often (0: never)")
	fs.DurationVar(&c.outageFor, "outage", 10*time.Second, "how long each database outage lasts")
	fs.DurationVar(&c.poisonEvery, "poison-every", 15*time.Second, "send a poison update this often (0: never)")
	fs.DurationVar(&c.sampleEvery, "sample-every", 5*time.Second, "read the bot's goroutines and heap this often")
	fs.Float64Var(&c.p429, "p429", 0.03, "share of the bot's sends answered 429")
	fs.Float64Var(&c.p500, "p500", 0.03, "share of the bot's sends answered 500")
	fs.Float64Var(&c.pdrop, "pdrop", 0.02, "share of the bot's sends whose connection is dropped")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed of the people and the faults")
	fs.IntVar(&c.meetups, "meetups", 2000, "sample meetups in the catalogue")
	fs.StringVar(&c.bot, "bot", "", "the ouderkring binary to run (default: build ./cmd/ouderkring)")
	fs.BoolVar(&c.race, "race", false, "build the bot with the race detector")
	fs.StringVar(&c.dbURL, "database-url", envOr("DATABASE_URL", benchdb.DefaultURL), "local Postgres; the run makes a bench_ schema in it and drops it")
	fs.BoolVar(&c.keep, "keep", false, "keep the schema (its name is printed)")
	fs.StringVar(&c.logCopy, "log", "", "keep the bot's JSON log (all its lives) in this file")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q", fs.Arg(0))
		fmt.Fprintln(stderr, "soak:", err)
		return c, err
	}
	if c.duration <= 0 || c.parents < 1 || c.answerTimeout <= 0 || c.sampleEvery <= 0 {
		err := errors.New("-duration, -answer-timeout and -sample-every must be positive and -parents at least 1")
		fmt.Fprintln(stderr, "soak:", err)
		return c, err
	}
	return c, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
