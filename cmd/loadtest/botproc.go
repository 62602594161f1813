package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ouderkring/ouderkring/bot"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// botproc.go is the bot under test. It runs in a process of its own (the
// load tool starts its own binary again with childEnv set), so its peak
// RSS is the bot's alone and not the fake Bot API's, whose call log grows
// with every request, or the simulated parents'. It prints "ready" once
// it runs, stops when its stdin is closed, and then prints one JSON line:
// a botReport.

// childEnv, when set, makes the binary the bot under test.
const childEnv = "OUDERKRING_LOADTEST_BOT"

// botReport is what the bot process measured about itself.
type botReport struct {
	PeakRSSKB int64 `json:"peak_rss_kb"` // VmHWM

	// The pgx pool, sampled every 10 ms: the most connections open and in
	// use at once, the pool's limit, and how often an update had to wait
	// for (or open) a connection.
	PeakConns     int     `json:"peak_conns"`
	PeakAcquired  int     `json:"peak_acquired"`
	MaxConns      int     `json:"max_conns"`
	Acquires      int64   `json:"acquires"`
	EmptyAcquires int64   `json:"empty_acquires"`
	AcquireWaitS  float64 `json:"acquire_wait_s"`

	// The front end's own metrics.
	Updates     int `json:"updates"`      // ouderkring_updates_total
	Errors      int `json:"errors"`       // ouderkring_errors_total
	OutFailed   int `json:"out_failed"`   // ouderkring_outbound_failed_total
	APIFailures int `json:"api_failures"` // ouderkring_telegram_failures_total
	Flooded     int `json:"flooded"`      // ouderkring_flood_dropped_total
	OutWaited   int `json:"out_waited"`   // answers that waited over 1 ms for the outbound limits

	// The front end's own ouderkring_update_duration_seconds: from taking
	// an update (a worker free) to its last reply sent, without the wait
	// for getUpdates and a worker; its mean, and the bucket bound under
	// which 99% fell.
	HandleMeanMS float64 `json:"handle_mean_ms"`
	HandleP99MS  float64 `json:"handle_p99_ms"`

	DBCalls map[string]callStat `json:"db_calls,omitempty"` // -db-timing
}

// botFlags is the bot process's command line, set by startBot.
type botFlags struct {
	engine, api, token, dbURL, cpuprofile string
	workers, rate, flood, maxConns        int
	dbTiming                              bool
}

func parseBotFlags(args []string) (botFlags, error) {
	var f botFlags
	fs := flag.NewFlagSet("loadtest bot", flag.ContinueOnError)
	fs.StringVar(&f.engine, "engine", "ours", "ours or echo")
	fs.StringVar(&f.api, "api", "", "Bot API base URL")
	fs.StringVar(&f.token, "token", "", "bot token")
	fs.StringVar(&f.dbURL, "database-url", "", "database (ours)")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "write a CPU profile of the whole process here")
	fs.IntVar(&f.workers, "workers", 16, "WORKERS")
	fs.IntVar(&f.rate, "rate", 0, "OUTBOUND_RATE")
	fs.IntVar(&f.flood, "flood", 0, "FLOOD_LIMIT")
	fs.IntVar(&f.maxConns, "max-conns", 0, "pool size (0: the db package's default)")
	fs.BoolVar(&f.dbTiming, "db-timing", false, "time every call to the engine's database ports")
	return f, fs.Parse(args)
}

// botMain is the bot process. It returns the exit status.
func botMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if err := serveBot(args, stdin, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "loadtest bot:", err)
		return 1
	}
	return 0
}

func serveBot(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	f, err := parseBotFlags(args)
	if err != nil {
		return err
	}
	if f.cpuprofile != "" {
		pf, err := os.Create(f.cpuprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		_, _ = io.Copy(io.Discard, stdin) // the load tool closes stdin: stop
		cancel()
	}()
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	var engine bot.Engine = echo{}
	var times callTimes
	pool := prometheus.NewRegistry()
	if f.engine == "ours" {
		// As cmd/ouderkring opens it in polling mode: with the session cache
		// and the search index.
		opts := []db.Option{db.WithSessionCache(0, 0), db.WithSearchIndex(0)}
		if f.maxConns > 0 {
			opts = append(opts, db.WithMaxConns(int32(f.maxConns)))
		}
		d, err := db.Open(ctx, f.dbURL, opts...)
		if err != nil {
			return err
		}
		defer d.Close()
		// As cmd/ouderkring wires it, without the PDOK geocoder (parents
		// here share their location, so it would never be asked).
		var (
			sessions  dialog.SessionStore = d.Sessions()
			catalogue meetups.Catalogue   = d.Catalogue()
			counts                        = d.BatchedCounts(time.Second) // as cmd/ouderkring
			counter   meetups.Counter     = counts
		)
		defer counts.Close(context.Background())
		if f.dbTiming {
			sessions = timedSessions{sessions, &times}
			catalogue = timedCatalogue{catalogue, &times}
			counter = timedCounter{counter, &times}
		}
		e, err := dialog.New(sessions, dialog.Options{
			DefaultLang: "nl", Retention: 720 * time.Hour, Now: time.Now,
			Catalogue: catalogue, Members: d.Members(), OrgCatalogue: d.Catalogue(),
			Counter: counter, Referrals: d.Referrals(), Saved: d.Saved(),
		})
		if err != nil {
			return err
		}
		engine = e
		pool.MustRegister(db.NewPoolCollector(d))
	} else if f.engine != "echo" {
		return fmt.Errorf("unknown engine %q", f.engine)
	}

	reg := prometheus.NewRegistry()
	tg := bot.NewTelegram(engine, bot.TelegramOptions{
		Token: f.token, APIURL: f.api, PollTimeout: 50 * time.Second, Workers: f.workers,
		Logger: log, Metrics: bot.NewMetrics(reg), Rate: f.rate, FloodLimit: f.flood,
	})
	var rep botReport
	sampled := samplePool(pool, &rep)
	fmt.Fprintln(stdout, "ready")
	err = tg.Run(ctx)
	sampled()
	if err != nil {
		return err
	}
	if err := rep.readMetrics(reg); err != nil {
		return err
	}
	rep.PeakRSSKB = peakRSS()
	if f.dbTiming {
		rep.DBCalls = times.snapshot()
	}
	return json.NewEncoder(stdout).Encode(rep)
}

// samplePool reads the pool's statistics every 10 ms into rep's peaks until
// the returned function is called.
func samplePool(pool *prometheus.Registry, rep *botReport) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	read := func() {
		v, _ := gather(pool)
		rep.PeakConns = max(rep.PeakConns, int(v["ouderkring_db_pool_total_conns"]))
		rep.PeakAcquired = max(rep.PeakAcquired, int(v["ouderkring_db_pool_acquired_conns"]))
		rep.MaxConns = int(v["ouderkring_db_pool_max_conns"])
		rep.Acquires = int64(v["ouderkring_db_pool_acquire_count_total"])
		rep.EmptyAcquires = int64(v["ouderkring_db_pool_empty_acquire_count_total"])
		rep.AcquireWaitS = v["ouderkring_db_pool_acquire_duration_seconds_total"]
	}
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				read()
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// readMetrics copies the front end's counters into rep.
func (rep *botReport) readMetrics(reg *prometheus.Registry) error {
	v, err := gather(reg)
	if err != nil {
		return err
	}
	rep.Updates = int(v["ouderkring_updates_total"])
	rep.Errors = int(v["ouderkring_errors_total"])
	rep.OutFailed = int(v["ouderkring_outbound_failed_total"])
	rep.APIFailures = int(v["ouderkring_telegram_failures_total"])
	rep.Flooded = int(v["ouderkring_flood_dropped_total"])
	rep.OutWaited = int(v[directWaitedOver1ms])
	rep.HandleMeanMS, rep.HandleP99MS = v[handleMeanMS], v[handleP99MS]
	return nil
}

// directWaitedOver1ms is the key under which gather reports how many
// direct-lane messages waited longer than 1 ms for the outbound limits.
const directWaitedOver1ms = "direct waited > 1ms"

// handleMeanMS and handleP99MS are the keys under which gather reports
// the update duration histogram's mean and 99% bucket bound, in ms.
const (
	handleMeanMS = "handle mean ms"
	handleP99MS  = "handle p99 ms"
)

// gather sums every counter and gauge of g by name, over all label
// values, and counts the direct-lane outbound waits over 1 ms.
func gather(g prometheus.Gatherer) (map[string]float64, error) {
	mfs, err := g.Gather()
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			switch {
			case m.Counter != nil:
				out[mf.GetName()] += m.GetCounter().GetValue()
			case m.Gauge != nil:
				out[mf.GetName()] += m.GetGauge().GetValue()
			case m.Histogram != nil && mf.GetName() == "ouderkring_update_duration_seconds":
				h := m.GetHistogram()
				if h.GetSampleCount() == 0 {
					continue
				}
				out[handleMeanMS] = h.GetSampleSum() / float64(h.GetSampleCount()) * 1000
				for _, b := range h.GetBucket() {
					if float64(b.GetCumulativeCount()) >= 0.99*float64(h.GetSampleCount()) {
						out[handleP99MS] = b.GetUpperBound() * 1000
						break
					}
				}
			case m.Histogram != nil && mf.GetName() == "ouderkring_outbound_wait_seconds":
				direct := false
				for _, l := range m.GetLabel() {
					direct = direct || (l.GetName() == "lane" && l.GetValue() == "direct")
				}
				if !direct {
					continue
				}
				h := m.GetHistogram()
				quick := uint64(0)
				for _, b := range h.GetBucket() {
					if b.GetUpperBound() == 0.001 {
						quick = b.GetCumulativeCount()
					}
				}
				out[directWaitedOver1ms] += float64(h.GetSampleCount() - quick)
			}
		}
	}
	return out, err
}

// peakRSS is the process's peak resident set size in kB (Linux's VmHWM),
// or 0 where /proc is not there.
func peakRSS() int64 {
	kb, _ := procStatusKB("/proc/self/status", "VmHWM:")
	return kb
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
