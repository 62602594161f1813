// Command loadtest drives the whole bot — bot.Telegram, the dialog engine
// and Postgres with a generated catalogue — through the fake Bot API of
// bot/telegramtest with N simulated parents at once, each playing the
// find-a-meetup conversation again and again: /zoek, share a location near
// a demo town, age, kind (a theme for peer groups), when, sometimes the
// next page, then one meetup's details. Each step waits for the bot's
// answer and a think time. It prints updates handled a second, the time
// from an update being queued on the fake to the fake receiving the answer
// (p50/p95/p99/max), errors, the bot's peak RSS and database connections,
// and where the CPU went; and, in the same run, the same for a bare echo
// bot on the same front end and fake (the ceiling), with our throughput as
// a share of it. docs/BENCHMARKS.md records its figures.
//
//	go run ./cmd/loadtest -n 100000 -parents 100,1000 -think 1.5s,0
//
// Two think times by default. With none (-think 0) every parent always
// waits for an answer, so the run finds the most updates a second the bot
// can handle, and the latency is N / throughput whatever the bot does.
// With 1.5 s (each tap 0.75–2.25 s after the answer) 1,000 parents offer
// about 650 updates a second, more than the 500: the latency
// figures that matter come from there.
//
// The bot under test runs in a process of its own (this binary started
// again), so its RSS is its own; the fake and the parents run in this
// one. Outbound limits are set far above what is reached (-rate; the
// defaults would hold the bot to Telegram's 30 messages a second) and
// flood control is off (-flood; with no think time a parent taps faster
// than FLOOD_LIMIT allows). It runs against a local database only, in a
// bench_ schema of its own that it drops at the end unless -keep is given;
// -reuse runs on a kept one without loading again. -burn 0.5 keeps half a
// core busy in a process of its own during the runs, so a figure "while
// other work takes half a core" can be made again on any machine. It exits
// with status 1 when a run had any error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/internal/benchdb"
)

func main() {
	if os.Getenv(childEnv) != "" {
		os.Exit(botMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	if cores := burnCores(); cores > 0 {
		os.Exit(burnMain(cores))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	results, err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if err == nil {
		err = check(results)
	}
	if err != nil {
		stop()
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	n                int
	parents          []int
	thinks           []time.Duration
	engines          []string
	warmup, duration time.Duration
	rounds           int
	stepTimeout      time.Duration
	workers          int
	maxConns         int
	rate, flood      int
	more             float64
	seed             int64
	url              string
	keep             bool
	reuse            string
	cpuprofile       string
	samples          string
	dbTiming         bool
	burn             float64
	timeout          time.Duration
}

func parseFlags(args []string, getenv func(string) string, out io.Writer) (config, error) {
	c := config{url: getenv("DATABASE_URL")}
	if c.url == "" {
		c.url = benchdb.DefaultURL
	}
	var parents, thinks, engines string
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&c.n, "n", 100000, "meetups to generate and load")
	fs.StringVar(&parents, "parents", "100,1000", "numbers of parents at once, one run each")
	fs.StringVar(&thinks, "think", "1.5s,0", "mean think times between a parent's taps (each between half and 1.5 times it), one run each; 0: tap as soon as the answer is there")
	fs.StringVar(&engines, "engines", "ours,echo", "bots to run: ours (the dialog on Postgres), echo (the ceiling)")
	fs.DurationVar(&c.warmup, "warmup", 5*time.Second, "unmeasured time at the start of each run, after the parents' staggered start (8 think times)")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "measured time of each run")
	fs.IntVar(&c.rounds, "rounds", 0, "conversations each parent plays, then stops; all of the run is measured, -duration is a limit (0: as many as fit in the warm-up and -duration)")
	fs.DurationVar(&c.stepTimeout, "step-timeout", 10*time.Second, "an answer later than this is an error")
	fs.IntVar(&c.workers, "workers", 16, "the bot's WORKERS: chats handled at once")
	fs.IntVar(&c.maxConns, "max-conns", 0, "the bot's pool size (0: the db package's default, as in production)")
	fs.IntVar(&c.rate, "rate", 100_000, "the bot's OUTBOUND_RATE, far above anything reached: the fake is not Telegram (the limiter keeps a ring of this many timestamps)")
	fs.IntVar(&c.flood, "flood", 0, "the bot's FLOOD_LIMIT (0: off)")
	fs.Float64Var(&c.more, "more", 0.5, "chance a parent looks at the next page when there is one")
	fs.Int64Var(&c.seed, "seed", 1, "seed of the catalogue and of the parents")
	fs.StringVar(&c.url, "database-url", c.url, "local Postgres to run on (default $DATABASE_URL, else the local test database)")
	fs.BoolVar(&c.keep, "keep", false, "keep the bench_ schema afterwards")
	fs.StringVar(&c.reuse, "reuse", "", "run on a bench_ schema kept by an earlier -keep run instead of loading a new one (it is kept)")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "directory for a CPU profile of each bot process (<engine>-<parents>-<think>.pprof) and of this one (driver.pprof)")
	fs.StringVar(&c.samples, "samples", "", "directory for every update of each run as CSV (step, queued, answered), to look at latency over time")
	fs.BoolVar(&c.dbTiming, "db-timing", false, "time every call of the engine to the database and print the totals (a diagnosis; not for the figures)")
	fs.Float64Var(&c.burn, "burn", 0, "cores a burner process keeps busy during the runs (0.5: half a core), as other work on a shared machine would; it shows under \"others\"")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	var err error
	if c.parents, err = parseList(parents, strconv.Atoi); err != nil || slices.ContainsFunc(c.parents, func(n int) bool { return n < 1 }) {
		return c, fmt.Errorf("-parents %q: want numbers ≥ 1, comma-separated", parents)
	}
	if c.thinks, err = parseList(thinks, parseThink); err != nil {
		return c, fmt.Errorf("-think %q: %v", thinks, err)
	}
	if c.engines, err = parseList(engines, func(s string) (string, error) {
		if s != "ours" && s != "echo" {
			return "", fmt.Errorf("unknown engine %q", s)
		}
		return s, nil
	}); err != nil {
		return c, fmt.Errorf("-engines: %v", err)
	}
	switch {
	case c.reuse != "" && !strings.HasPrefix(c.reuse, "bench_"):
		return c, errors.New("-reuse takes a bench_ schema kept by -keep")
	case c.n < 1 || c.duration <= 0 || c.warmup < 0 || c.stepTimeout <= 0 || c.rounds < 0:
		return c, errors.New("-n, -duration and -step-timeout must be positive, -warmup and -rounds not negative")
	case c.workers < 1 || c.rate < 1 || c.flood < 0 || c.more < 0 || c.more > 1:
		return c, errors.New("-workers and -rate must be at least 1, -flood not negative, -more between 0 and 1")
	case c.burn < 0 || c.burn > float64(runtime.NumCPU()):
		return c, fmt.Errorf("-burn %g: want 0 to %d cores", c.burn, runtime.NumCPU())
	}
	return c, benchdb.CheckLocal(c.url)
}

func parseThink(s string) (time.Duration, error) {
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && d < 0 {
		err = errors.New("negative think time")
	}
	return d, err
}

func parseList[T any](s string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, f := range strings.Split(s, ",") {
		v, err := parse(strings.TrimSpace(f))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// run is main without the process: it prepares the catalogue and measures
// every combination of think time, parents and engine, printing each run
// as it ends and a summary at the end.
func run(ctx context.Context, args []string, getenv func(string) string, out, logs io.Writer) (results []runResult, err error) {
	c, err := parseFlags(args, getenv, logs)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	for _, dir := range []string{c.cpuprofile, c.samples} {
		if dir == "" {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	if c.cpuprofile != "" {
		// This process: the fake Bot API and the parents, over all runs.
		f, err := os.Create(filepath.Join(c.cpuprofile, "driver.pprof"))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}

	fmt.Fprintf(out, "loadtest: %d meetups; parents %v; think %v; engines %v; warm-up %v + measured %v each\n",
		c.n, c.parents, c.thinks, c.engines, c.warmup, c.duration)
	fmt.Fprintf(out, "bot: WORKERS %d, pool %s, OUTBOUND_RATE %d, FLOOD_LIMIT %d; machine: %d CPUs, load average %s\n",
		c.workers, orDefault(c.maxConns, "default"), c.rate, c.flood, runtime.NumCPU(), loadAverage())
	schemaURL := ""
	if slices.Contains(c.engines, "ours") {
		var cleanup func() error
		_, schemaURL, cleanup, err = prepare(ctx, c, out)
		defer func() {
			if cerr := cleanup(); cerr != nil && err == nil {
				err = cerr
			}
		}()
		if err != nil {
			return nil, err
		}
	}
	if c.burn > 0 {
		stopBurner, err := startBurner(c.burn, logs)
		if err != nil {
			return nil, err
		}
		defer stopBurner()
		fmt.Fprintf(out, "burner: %g cores kept busy by a process of its own during the runs (under \"others\")\n", c.burn)
	}
	fmt.Fprintln(out)
	printHeader(out)
	for _, think := range c.thinks {
		for _, n := range c.parents {
			for _, engine := range c.engines {
				res, err := measure(ctx, c, runSpec{engine: engine, parents: n, think: think}, schemaURL, logs)
				if err != nil {
					return results, err
				}
				results = append(results, res)
				printRow(out, res)
			}
		}
	}
	fmt.Fprintln(out)
	printSummary(out, results)
	fmt.Fprintf(out, "\nthis process (the fake Bot API and the parents): peak RSS %s MB; load average at the end: %s\n",
		mb(peakRSS()), loadAverage())
	return results, nil
}

// check fails a measurement that had any error.
func check(results []runResult) error {
	var bad []string
	for _, r := range results {
		if n := r.errors(); n > 0 {
			bad = append(bad, fmt.Sprintf("%s: %d errors", r.spec, n))
		}
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "; "))
	}
	return nil
}

func orDefault(n int, def string) string {
	if n == 0 {
		return def
	}
	return strconv.Itoa(n)
}

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
