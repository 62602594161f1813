package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/internal/benchdb"
	"github.com/ouderkring/ouderkring/internal/pgproxy"
)

// soak.go: a run, from an empty schema to the report.

// report is what a run found.
type report struct {
	cfg      config
	took     time.Duration
	people   []*person
	chaos    *chaos
	samples  []sample
	lives    int
	crashes  []string
	applied  map[int64]int  // update id → "update applied" lines
	again    map[int64]int  // update id → "update already applied" lines
	logErrs  map[string]int // ERROR lines by message, outside the outages
	awayErrs int            // ERROR lines while the database was away (River's, the pool's)
	offset   int            // the fake's confirmed offset at the end
	sessions []string       // problems with the sessions at the end
	faults   map[string]int // injected Telegram faults by kind
	sends    int            // the bot's visible sends
}

func run(ctx context.Context, cfg config, out io.Writer) (*report, error) {
	start := time.Now()
	dir, err := os.MkdirTemp("", "ouderkring-soak-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	// The database: a schema of its own, reached directly for set-up and
	// checks, and through the proxy by the bot.
	direct := cfg.schemaURL
	if direct == "" {
		if err := benchdb.CheckLocal(cfg.dbURL); err != nil {
			return nil, err
		}
		conn, err := benchdb.AdminConn(ctx, cfg.dbURL)
		if err != nil {
			return nil, fmt.Errorf("database: %w", err)
		}
		schema, err := benchdb.CreateSchema(ctx, conn)
		conn.Close(context.Background())
		if err != nil {
			return nil, err
		}
		if cfg.keep {
			fmt.Fprintf(out, "schema %s (kept)\n", schema)
		} else {
			defer benchdb.DropSchema(cfg.dbURL, schema)
		}
		if direct, err = benchdb.WithOptions(cfg.dbURL, "-csearch_path="+schema+",public"); err != nil {
			return nil, err
		}
	}
	u, err := url.Parse(direct)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	proxy, err := pgproxy.Start(u.Host)
	if err != nil {
		return nil, err
	}
	defer proxy.Close()
	u.Host = proxy.Addr()
	viaProxy := u.String()

	// The fake Bot API, flaky on the bot's sends.
	srv := telegramtest.Start(telegramtest.WithBotUsername("OuderkringSoakBot"))
	defer srv.Close()
	pressed := newCallbacks()
	faults := telegramtest.RandomFaults{
		Methods:     []string{"sendMessage", "editMessageText", "sendVenue", "sendDocument", "sendPhoto", "answerCallbackQuery"},
		RateLimited: cfg.p429, RetryAfter: 1, ServerError: cfg.p500, Dropped: cfg.pdrop, MaxInARow: 3, Seed: cfg.seed,
	}.Hook()
	srv.OnCall(func(c telegramtest.Call) *telegramtest.Fault {
		f := faults(c)
		if f == nil && c.Method == "answerCallbackQuery" {
			pressed.seen(c.Params["callback_query_id"])
		}
		return f
	})

	// The bot.
	bin := cfg.bot
	if bin == "" {
		fmt.Fprintln(out, "building ./cmd/ouderkring …")
		if bin, err = buildBot(ctx, dir, cfg.race); err != nil {
			return nil, err
		}
	}
	httpAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	nowhere, err := freeAddr() // PDOK: away the whole run (the town list works)
	if err != nil {
		return nil, err
	}
	const admin = 8_000_001
	env := append(os.Environ(),
		"TELEGRAM_BOT_TOKEN="+srv.Token(), "TELEGRAM_API_URL="+srv.URL(), "BOT_MODE=polling",
		"DATABASE_URL="+viaProxy, "HTTP_ADDR="+httpAddr, "LOG_LEVEL=debug", "PDOK_URL=http://"+nowhere+"/free",
		"ADMIN_TELEGRAM_IDS="+fmt.Sprint(admin), "BOT_USERNAME=OuderkringSoakBot", "POLL_TIMEOUT=2s",
		"OUTBOUND_RATE=1000", "SHUTDOWN_TIMEOUT=10s",
		"GORACE=halt_on_error=1") // with -race: a data race ends the life, a crash
	bot := &botProc{bin: bin, env: env, logPath: filepath.Join(dir, "bot.log"), http: httpAddr}
	if _, err := bot.command(ctx, "migrate"); err != nil {
		return nil, err
	}
	if _, err := bot.command(ctx, "seed", "--demo", "--count", fmt.Sprint(cfg.meetups)); err != nil {
		return nil, err
	}

	// The people: organisers and staff first get their invite links.
	rng := rand.New(rand.NewPCG(cfg.seed, 15))
	var people []*person
	add := func(role string, chat int64) *person {
		lang := "nl"
		if rng.IntN(4) == 0 {
			lang = "en"
		}
		p := &person{chat: chat, role: role, lang: lang, rng: rand.New(rand.NewPCG(cfg.seed, uint64(chat)))}
		people = append(people, p)
		return p
	}
	for i := range cfg.parents {
		add("parent", int64(1_000_001+i))
	}
	invites := map[*person]string{}
	for i := range cfg.organisers + cfg.staff {
		role, chat := "organiser", int64(2_000_001+i)
		if i >= cfg.organisers {
			role, chat = "staff", int64(3_000_001+i)
		}
		link, err := bot.command(ctx, "invite", "--role", role, "--org", fmt.Sprintf("Soak %s %d", role, i+1), fmt.Sprintf("--trusted=%v", i%2 == 0))
		if err != nil {
			return nil, err
		}
		_, payload, ok := strings.Cut(strings.TrimSpace(link), "?start=")
		if !ok {
			return nil, fmt.Errorf("invite printed %q, no link", link)
		}
		invites[add(role, chat)] = payload
	}
	add("admin", admin)

	if err := bot.start(ctx); err != nil {
		return nil, err
	}
	// The invites, redeemed before the talking starts.
	for p, payload := range invites {
		in := input{what: "command", sent: time.Now(), update: srv.SendCommand(p.chat, p.lang, "start "+payload)}
		p.wait(srv, &in, cfg.answerTimeout, nil, pressed)
		p.inputs = append(p.inputs, in)
	}
	fmt.Fprintf(out, "soak: %d parents, %d organisers, %d staff and an admin for %s; kill every %s, database away %s every %s, poison every %s\n",
		cfg.parents, cfg.organisers, cfg.staff, cfg.duration, cfg.killEvery, cfg.outageFor, cfg.outageEvery, cfg.poisonEvery)

	loc, err := dialog.LoadLocales("nl")
	if err != nil {
		return nil, err
	}
	apology := []string{loc.T("nl", "apology"), loc.T("en", "apology")}
	talkCtx, stopTalking := context.WithTimeout(ctx, cfg.duration)
	defer stopTalking()
	var talking, disturbing sync.WaitGroup
	for _, p := range people {
		talking.Add(1)
		go func() {
			defer talking.Done()
			p.talk(talkCtx, srv, cfg, apology, pressed)
		}()
	}
	rep := &report{cfg: cfg, people: people, chaos: &chaos{}}
	rep.chaos.unleash(talkCtx, &disturbing, cfg, srv, proxy, bot)
	began := time.Now()
	lifeStart, lastLife := began, 0
	every(talkCtx, &disturbing, cfg.sampleEvery, func() {
		g, h, r, err := bot.scrape()
		if err != nil {
			return // restarting, or the database away: the next one
		}
		life := bot.lives()
		if life != lastLife {
			lifeStart, lastLife = time.Now(), life
		}
		rep.samples = append(rep.samples, sample{at: time.Since(began), life: life, age: time.Since(lifeStart), goroutine: g, heap: h, rss: r})
	})
	disturbing.Wait() // the chaos stops with the talking's deadline
	proxy.SetDown(false)
	talking.Wait() // each person's last answer is in, or timed out

	// Every update handed over: the bot confirms it with its next poll.
	deadline := time.Now().Add(cfg.answerTimeout)
	for srv.Pending() > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	bot.stop()
	rep.took = time.Since(start)
	rep.lives = bot.lives()
	bot.mu.Lock()
	rep.crashes = slices.Clone(bot.crashes)
	bot.mu.Unlock()
	rep.offset = srv.Offset()
	rep.faults = map[string]int{}
	for _, c := range srv.Calls() {
		switch {
		case c.Fault != nil && c.Fault.DropConnection:
			rep.faults["dropped"]++
		case c.Fault != nil && c.Fault.RetryAfter > 0:
			rep.faults["429"]++
		case c.Fault != nil && c.Error != "":
			rep.faults["500"]++
		case c.OK && c.Visible():
			rep.sends++
		}
	}
	if err := rep.readLog(bot.logPath); err != nil {
		return nil, err
	}
	if cfg.logCopy != "" {
		if b, err := os.ReadFile(bot.logPath); err == nil {
			_ = os.WriteFile(cfg.logCopy, b, 0o600)
		}
	}
	if err := rep.readSessions(ctx, direct); err != nil {
		return nil, err
	}
	rep.print(out)
	return rep, nil
}

// readLog counts each update's fate in the bot's JSON log, across all its
// lives, and the errors it logged.
func (r *report) readLog(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r.applied, r.again, r.logErrs = map[int64]int{}, map[int64]int{}, map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var line struct {
			Time     time.Time `json:"time"`
			Level    string    `json:"level"`
			Msg      string    `json:"msg"`
			UpdateID int64     `json:"update_id"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			if strings.Contains(sc.Text(), "panic") || strings.Contains(sc.Text(), "fatal error") || strings.Contains(sc.Text(), "DATA RACE") {
				r.logErrs["not JSON: "+firstLine(sc.Text())]++
			}
			continue
		}
		switch {
		case line.Msg == "update applied":
			r.applied[line.UpdateID]++
		case line.Msg == "update already applied":
			r.again[line.UpdateID]++
		case line.Level == "ERROR" && r.chaos.duringOutage(line.Time):
			r.awayErrs++
		case line.Level == "ERROR":
			r.logErrs[line.Msg]++
		}
	}
	return sc.Err()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// readSessions loads every person's session as the bot would: it must
// decode, and have applied the last update the person sent.
func (r *report) readSessions(ctx context.Context, dbURL string) error {
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer d.Close()
	store := d.Sessions()
	for _, p := range r.people {
		s, err := store.LoadSession(ctx, p.chat)
		if err != nil {
			r.sessions = append(r.sessions, fmt.Sprintf("chat %d: %v", p.chat, err))
			continue
		}
		if len(p.inputs) == 0 {
			continue
		}
		last := int64(p.inputs[len(p.inputs)-1].update)
		if s.Version == 0 {
			continue // forgotten (/vergeet): nothing is kept, as promised
		}
		if !slices.Contains(s.Applied[:], last) {
			r.sessions = append(r.sessions, fmt.Sprintf("chat %d (%s): the session does not hold its last update %d (it holds %v)", p.chat, p.role, last, s.Applied))
		}
	}
	return nil
}

// findings are the checks that failed, each a line.
func (r *report) findings() []string {
	var out []string
	for _, c := range r.crashes {
		out = append(out, "the bot crashed: "+c)
	}
	out = append(out, r.chaos.problems...)
	lost, twice := 0, 0
	for _, p := range r.people {
		out = append(out, p.bad...)
		for _, in := range p.inputs {
			id := int64(in.update)
			if in.waited == 0 {
				lost++
				if lost <= 5 {
					out = append(out, fmt.Sprintf("chat %d (%s): no answer to update %d (%s) within %s", p.chat, p.role, id, in.what, r.cfg.answerTimeout))
				}
			}
			switch n := r.applied[id]; {
			case n > 1:
				twice++
				if twice <= 5 {
					out = append(out, fmt.Sprintf("update %d (chat %d, %s) applied %d times", id, p.chat, in.what, n))
				}
			case n == 0 && r.again[id] == 0:
				lost++
				if lost <= 5 {
					out = append(out, fmt.Sprintf("update %d (chat %d, %s): the bot never applied it", id, p.chat, in.what))
				}
			}
		}
	}
	if lost > 5 || twice > 5 {
		out = append(out, fmt.Sprintf("in all: %d inputs lost or unanswered, %d applied twice", lost, twice))
	}
	for _, id := range r.chaos.poisoned {
		if id >= r.offset {
			out = append(out, fmt.Sprintf("poison update %d never confirmed (offset %d)", id, r.offset))
		}
	}
	for msg, n := range r.logErrs {
		out = append(out, fmt.Sprintf("the bot logged an error %d times: %s", n, msg))
	}
	out = append(out, r.sessions...)
	out = append(out, r.growth()...)
	return out
}

func (r *report) failed() bool { return len(r.findings()) > 0 }

// growth compares the bot's goroutines and heap in the last third of the
// run with the first third (samples at least 20 s into a life: a fresh
// process is still warming its pools and caches). A leak grows with the
// traffic; noise and a larger working set stay within twice the start plus
// a margin.
func (r *report) growth() []string {
	var early, late []sample
	for _, s := range r.samples {
		if s.age < 20*time.Second {
			continue
		}
		switch {
		case s.at < r.cfg.duration/3:
			early = append(early, s)
		case s.at > 2*r.cfg.duration/3:
			late = append(late, s)
		}
	}
	if len(early) == 0 || len(late) == 0 {
		return nil // too short a run, or too many restarts, to say
	}
	var out []string
	check := func(what string, get func(sample) float64, margin float64) {
		base := median(early, get)
		for _, s := range late {
			if v := get(s); v > 2*base+margin {
				out = append(out, fmt.Sprintf("%s grew: %.0f at %s (life %d), %.0f at the start", what, v, s.at.Round(time.Second), s.life, base))
				return
			}
		}
	}
	check("goroutines", func(s sample) float64 { return s.goroutine }, 50)
	check("heap in use (bytes)", func(s sample) float64 { return s.heap }, 32<<20)
	return out
}

func median(ss []sample, get func(sample) float64) float64 {
	v := make([]float64, len(ss))
	for i, s := range ss {
		v[i] = get(s)
	}
	sort.Float64s(v)
	return v[len(v)/2]
}

// print writes the report.
func (r *report) print(w io.Writer) {
	inputs, answered := 0, 0
	var waits []time.Duration
	for _, p := range r.people {
		for _, in := range p.inputs {
			inputs++
			if in.waited > 0 {
				answered++
				waits = append(waits, in.waited)
			}
		}
	}
	slices.Sort(waits)
	pct := func(q float64) time.Duration {
		if len(waits) == 0 {
			return 0
		}
		return waits[min(len(waits)-1, int(q*float64(len(waits))))].Round(time.Millisecond)
	}
	redelivered := 0
	for _, n := range r.again {
		redelivered += n
	}
	fmt.Fprintf(w, "took %s; the bot lived %d times (%d SIGKILLs), the database was away %d times, %d poison updates\n",
		r.took.Round(time.Second), r.lives, r.chaos.kills, r.chaos.outages, len(r.chaos.poisoned))
	fmt.Fprintf(w, "Telegram faults injected: %d × 429, %d × 500, %d dropped; %d messages shown\n",
		r.faults["429"], r.faults["500"], r.faults["dropped"], r.sends)
	fmt.Fprintf(w, "inputs: %d sent, %d answered; answer p50 %s, p99 %s, max %s\n", inputs, answered, pct(0.5), pct(0.99), pct(1))
	fmt.Fprintf(w, "updates applied: %d; delivered again after being applied (answered, not applied): %d\n", len(r.applied), redelivered)
	fmt.Fprintf(w, "errors logged while the database was away (or up to 30 s after): %d\n", r.awayErrs)
	if n := len(r.samples); n > 0 {
		first, last := r.samples[0], r.samples[n-1]
		peakG, peakH := 0.0, 0.0
		for _, s := range r.samples {
			peakG, peakH = max(peakG, s.goroutine), max(peakH, s.heap)
		}
		fmt.Fprintf(w, "bot samples: %d; goroutines %.0f first, %.0f last, %.0f peak; heap in use %.1f MiB first, %.1f last, %.1f peak\n",
			n, first.goroutine, last.goroutine, peakG, first.heap/(1<<20), last.heap/(1<<20), peakH/(1<<20))
	}
	if f := r.findings(); len(f) > 0 {
		fmt.Fprintf(w, "FAILED: %d findings\n", len(f))
		for _, l := range f {
			fmt.Fprintln(w, "  -", l)
		}
		return
	}
	fmt.Fprintln(w, "ok: no update lost or applied twice, every conversation consistent, no growth")
}
