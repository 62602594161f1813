// Command fanout measures the bot's outbound path under a fan-out: N
// reminders due at the same moment for N chats, sent through
// bot.Telegram.Notify (the path the upkeep and reminders use) to the fake
// Bot API of bot/telegramtest, which fails a share of the calls the way
// Telegram does (429 with retry_after, 500). It prints whether every
// message arrived exactly once (the fake counts each text per chat), how
// many failed, the rate achieved against the configured one, the most
// accepted sendMessage calls in any one-second window (must not be over
// the rate), the retries and the peak RSS. docs/BENCHMARKS.md records its
// figures.
//
//	go run ./cmd/fanout -n 5000 -rate 30
//
// It needs no database or network: the fake runs in the same process (its
// memory is in the peak RSS too). It exits with status 1 when a message was
// lost, shown twice, or a window went over the rate.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ouderkring/ouderkring/bot"
	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/dialog"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err == nil {
		err = res.check()
	}
	if err != nil {
		stop()
		fmt.Fprintln(os.Stderr, "fanout:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	n           int
	rate        int
	chatRate    float64
	p429, p500  float64
	retryAfter  int
	workers     int
	seed        uint64
	answers     time.Duration // a parent writes this often during the fan-out (0: nobody)
	flooders    int           // chats writing to the bot as fast as -flood-every the whole time
	floodEvery  time.Duration
	floodLimit  int           // the bot's FLOOD_LIMIT
	chatWorkers int           // the bot's WORKERS
	duration    time.Duration // the parent writes at least this long
}

func parseFlags(args []string, out io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("fanout", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&c.n, "n", 5000, "reminders, one per chat, all due at once")
	fs.IntVar(&c.rate, "rate", bot.DefaultRate, "outbound limit: messages a second over all chats")
	fs.Float64Var(&c.chatRate, "chat-rate", bot.DefaultChatRate, "outbound limit: messages a second to one chat")
	fs.Float64Var(&c.p429, "p429", 0.02, "share of sendMessage calls the fake answers 429")
	fs.Float64Var(&c.p500, "p500", 0.01, "share of sendMessage calls the fake answers 500")
	fs.IntVar(&c.retryAfter, "retry-after", 1, "retry_after of the fake's 429s, in seconds")
	fs.IntVar(&c.workers, "workers", 0, "senders at the same time, like a job queue's workers (0: one per reminder, all waiting at once)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the fake's faults")
	fs.DurationVar(&c.answers, "answers", 0, "a parent writes to the bot this often during the fan-out, and the answers' latency is measured (0: nobody writes)")
	fs.IntVar(&c.flooders, "flooders", 0, "chats that write to the bot every -flood-every during the fan-out, to see whether they slow the -answers parent (needs -answers)")
	fs.DurationVar(&c.floodEvery, "flood-every", 100*time.Millisecond, "how often each -flooders chat writes (100ms: 10 a second, FLOOD_LIMIT's default)")
	fs.IntVar(&c.floodLimit, "flood-limit", 10, "the bot's FLOOD_LIMIT (0: off)")
	fs.DurationVar(&c.duration, "duration", 0, "with -answers: the parent (and the -flooders) write at least this long, also after the fan-out is done")
	fs.IntVar(&c.chatWorkers, "chat-workers", 16, "the bot's WORKERS: chats whose updates are handled at the same time")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case c.flooders < 0 || (c.flooders > 0 && c.answers <= 0):
		return c, errors.New("-flooders needs -answers: the parent whose answers are measured")
	case c.flooders > 0 && c.floodEvery <= 0:
		return c, errors.New("-flood-every must be above 0")
	case c.n < 1:
		return c, errors.New("-n must be at least 1")
	case c.rate < 1:
		return c, errors.New("-rate must be at least 1")
	case c.p429 < 0 || c.p500 < 0 || c.p429+c.p500 >= 1:
		return c, errors.New("-p429 and -p500 must be ≥ 0 and together below 1")
	}
	if c.workers <= 0 || c.workers > c.n {
		c.workers = c.n
	}
	return c, nil
}

// result is what a run measured.
type result struct {
	cfg                    config
	delivered, duplicates  int // distinct reminders accepted; accepted again
	exactlyOnce            int // reminders accepted once and only once
	missing, failed        int // never accepted; Notify returned an error
	permanent              int // of failed: the chat is gone
	attempts, r429, r500   int // sendMessage calls, and those failed on purpose
	wall                   time.Duration
	maxWindow, maxAll      int             // most accepted / all sendMessage calls in one second
	peakRSS                int64           // kB
	pausedChat, pausedAll  int             // 429 waits for one chat, for every chat
	asked                  int             // the parent's messages (-answers)
	flooded, floodAnswered int             // the flooding chats' messages, and answers to them
	overtaken              []int           // per answer to the parent: messages to the flooding chats sent before it, sorted
	answers                []time.Duration // how long each answer took, sorted
}

// achieved is the delivered rate as a share of the configured one.
func (r result) achieved() float64 {
	return float64(r.delivered) / r.wall.Seconds() / float64(r.cfg.rate)
}

// check fails a run that lost or doubled a message or broke the limit.
func (r result) check() error {
	var bad []string
	if r.delivered != r.cfg.n || r.exactlyOnce != r.cfg.n || r.missing != 0 {
		bad = append(bad, fmt.Sprintf("%d of %d delivered", r.delivered, r.cfg.n))
	}
	if r.duplicates != 0 {
		bad = append(bad, fmt.Sprintf("%d duplicates", r.duplicates))
	}
	if r.maxWindow > r.cfg.rate || r.maxAll > r.cfg.rate {
		bad = append(bad, fmt.Sprintf("%d accepted (%d attempted) in one second, limit %d", r.maxWindow, r.maxAll, r.cfg.rate))
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "; "))
	}
	return nil
}

func run(ctx context.Context, args []string, out, logs io.Writer) (result, error) {
	cfg, err := parseFlags(args, logs)
	if err != nil {
		return result{}, err
	}
	srv := telegramtest.Start()
	defer srv.Close()
	res := result{cfg: cfg}
	srv.OnCall(telegramtest.RandomFaults{
		RateLimited: cfg.p429, RetryAfter: cfg.retryAfter, ServerError: cfg.p500, Seed: cfg.seed,
	}.Hook())
	reg := prometheus.NewRegistry()
	tg := bot.NewTelegram(echo{}, bot.TelegramOptions{
		Token: srv.Token(), APIURL: srv.URL(),
		Rate: cfg.rate, ChatRate: cfg.chatRate, FloodLimit: cfg.floodLimit,
		Workers: cfg.chatWorkers,
		Metrics: bot.NewMetrics(reg),
		Logger:  slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err := tg.Connect(ctx); err != nil {
		return res, err
	}

	// chat ids well away from 0; each reminder's text is its own.
	chat := func(i int) int64 { return int64(1_000_000 + i) }
	textOf := func(i int) string { return "Herinnering " + strconv.Itoa(i) + ": morgen om 10:00 babycafé" }
	fmt.Fprintf(out, "fan-out: %d reminders to %d chats, limit %d/s (per chat %g/s), fake 429 %.1f%% (retry_after %ds), 500 %.1f%%, %d senders\n",
		cfg.n, cfg.n, cfg.rate, cfg.chatRate, 100*cfg.p429, cfg.retryAfter, 100*cfg.p500, cfg.workers)

	var p *parent
	if cfg.answers > 0 {
		p = startParent(ctx, srv, tg, cfg.answers, cfg.flooders, cfg.floodEvery)
	}
	jobs := make(chan int)
	var failed, permanent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < cfg.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				err := tg.Notify(ctx, chat(i), []dialog.Reply{{Text: textOf(i)}})
				if err != nil {
					failed.Add(1)
					if errors.Is(err, bot.ErrPermanent) {
						permanent.Add(1)
					}
				}
			}
		}()
	}
feed:
	for i := 0; i < cfg.n; i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	res.wall = time.Since(start)
	if p != nil && cfg.duration > res.wall {
		// The parent (and the flooding chats) go on writing for -duration.
		select {
		case <-time.After(cfg.duration - res.wall):
		case <-ctx.Done():
		}
	}
	if p != nil {
		res.answers = p.finish()
		res.asked = p.asked()
		res.flooded = p.flooded()
		res.floodAnswered = p.floodAnswered()
		res.overtaken = p.overtaken()
	}
	res.failed, res.permanent = int(failed.Load()), int(permanent.Load())

	res.count(srv, chat, textOf)
	res.peakRSS = peakRSS()
	res.pausedChat = counter(reg, "ouderkring_outbound_pauses_total", "chat")
	res.pausedAll = counter(reg, "ouderkring_outbound_pauses_total", "all")
	res.print(out)
	return res, ctx.Err()
}

// count reads the fake's record: which reminders arrived and how often,
// the calls it failed on purpose, the busiest second.
func (r *result) count(srv *telegramtest.Server, chat func(int) int64, textOf func(int) string) {
	got := srv.Deliveries("sendMessage")
	for i := 0; i < r.cfg.n; i++ {
		switch k := got[telegramtest.Delivery{Chat: chat(i), Text: textOf(i)}]; {
		case k == 0:
			r.missing++
		default:
			r.delivered++
			r.duplicates += k - 1
			if k == 1 {
				r.exactlyOnce++
			}
		}
	}
	for _, c := range srv.CallsTo("sendMessage") {
		r.attempts++
		if c.Fault != nil && !c.OK {
			switch c.Fault.Status {
			case 429:
				r.r429++
			case 500:
				r.r500++
			}
		}
	}
	r.maxWindow = srv.MaxInWindow("sendMessage", time.Second, true)
	r.maxAll = srv.MaxInWindow("sendMessage", time.Second, false)
}

func (r result) print(out io.Writer) {
	fmt.Fprintf(out, "delivered           %d of %d (exactly once: %d, missing: %d)\n", r.delivered, r.cfg.n, r.exactlyOnce, r.missing)
	fmt.Fprintf(out, "duplicates          %d\n", r.duplicates)
	fmt.Fprintf(out, "failed              %d (chat gone: %d)\n", r.failed, r.permanent)
	fmt.Fprintf(out, "sendMessage calls   %d (429: %d, 500: %d; retry_after %ds)\n", r.attempts, r.r429, r.r500, r.cfg.retryAfter)
	fmt.Fprintf(out, "429 waits           %d for one chat, %d for every chat\n", r.pausedChat, r.pausedAll)
	fmt.Fprintf(out, "wall time           %.1fs\n", r.wall.Seconds())
	fmt.Fprintf(out, "achieved rate       %.2f/s = %.3f of %d/s\n", float64(r.delivered)/r.wall.Seconds(), r.achieved(), r.cfg.rate)
	fmt.Fprintf(out, "max in any 1s       %d accepted, %d attempted (limit %d)\n", r.maxWindow, r.maxAll, r.cfg.rate)
	if n := len(r.answers); n > 0 {
		fmt.Fprintf(out, "answers meanwhile   %d of %d, latency p50 %v, p99 %v, max %v\n", n, r.asked,
			r.answers[n/2].Round(time.Millisecond), r.answers[(n*99)/100].Round(time.Millisecond), r.answers[n-1].Round(time.Millisecond))
	}
	if r.cfg.flooders > 0 {
		fmt.Fprintf(out, "flooding chats      %d, each writing every %v (FLOOD_LIMIT %d): %d messages, %d answered\n",
			r.cfg.flooders, r.cfg.floodEvery, r.cfg.floodLimit, r.flooded, r.floodAnswered)
		if n := len(r.overtaken); n > 0 {
			fmt.Fprintf(out, "sent to them first  per answer to the parent: p50 %d, p99 %d, max %d messages\n",
				r.overtaken[n/2], r.overtaken[(n*99)/100], r.overtaken[n-1])
		}
	}
	fmt.Fprintf(out, "peak RSS            %.1f MB (VmHWM, fake Bot API included)\n", float64(r.peakRSS)/1024)
}

// counter is the value of the bot's counter name with label value v.
func counter(reg *prometheus.Registry, name, v string) int {
	mfs, _ := reg.Gather()
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetValue() == v {
					return int(m.GetCounter().GetValue())
				}
			}
		}
	}
	return 0
}

// peakRSS is the process's peak resident set size in kB (Linux's VmHWM),
// or 0 where /proc is not there.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}
