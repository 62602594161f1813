package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/internal/latency"
)

// measure.go is one measured run: a fresh fake Bot API, a fresh bot
// process, N parents for warm-up plus the measured window, then the bot is
// stopped and everything is counted.

// conversationThinks is about how many think times a conversation lasts:
// seven or eight steps.
const conversationThinks = 8

// runSpec is what one run varies.
type runSpec struct {
	engine  string // ours or echo
	parents int
	think   time.Duration
}

func (s runSpec) String() string {
	return fmt.Sprintf("%s, %d parents, think %v", s.engine, s.parents, s.think)
}

// runResult is what one run measured.
type runResult struct {
	spec   runSpec
	window time.Duration // the measured phase
	// handled is the updates answered within the window; lat the answer
	// times of the updates sent within it.
	handled int
	lat     latency.Summary
	byStep  map[string]latency.Summary // lat by step of the conversation
	// Over the whole run.
	sent, answered, conversations int
	timeouts, unexpected          int
	rejected                      map[string]int // calls the fake refused, by method
	polls                         int            // getUpdates calls in the window
	pending                       int            // updates the bot never fetched or confirmed
	bot                           botReport
	cpu                           cpuUse // during the window
}

// rate is the updates handled a second in the window.
func (r runResult) rate() float64 { return float64(r.handled) / r.window.Seconds() }

// errors is every way the run went wrong, summed: unanswered steps,
// answers that were not the expected one, calls the fake refused, errors
// the bot counted itself, messages it gave up on, updates not handled.
func (r runResult) errors() int {
	n := r.timeouts + r.unexpected + r.bot.Errors + r.bot.OutFailed + r.pending
	for _, k := range r.rejected {
		n += k
	}
	if lost := r.sent - r.bot.Updates; lost > 0 {
		n += lost
	}
	return n
}

// measure runs spec once.
func measure(ctx context.Context, c config, spec runSpec, schemaURL string, logs io.Writer) (runResult, error) {
	res := runResult{spec: spec, rejected: map[string]int{}}
	srv := telegramtest.Start()
	defer srv.Close()

	parents := make([]*parent, spec.parents)
	byChat := make(map[int64]*parent, spec.parents)
	for i := range parents {
		chat := int64(7_000_000 + i)
		parents[i] = newParent(srv, chat, c.seed, c, spec.engine == "echo", spec.think)
		byChat[chat] = parents[i]
	}
	polling := make(chan struct{})
	var pollingOnce sync.Once
	srv.OnCall(func(call telegramtest.Call) *telegramtest.Fault {
		// The hook sees each request as it arrives, before the fake
		// handles it: call.Time is when the answer reached "Telegram".
		if strings.EqualFold(call.Method, "getUpdates") {
			pollingOnce.Do(func() { close(polling) })
		} else if call.Visible() {
			if p := byChat[call.ChatID()]; p != nil {
				p.deliver(call)
			}
		}
		return nil
	})

	if spec.engine == "ours" {
		if err := forgetParents(ctx, schemaURL); err != nil {
			return res, err
		}
	}
	b, err := startBot(ctx, c, spec, srv, schemaURL, logs)
	if err != nil {
		return res, err
	}
	defer b.kill()
	select {
	case <-polling:
	case <-b.exited:
		return res, fmt.Errorf("%s: the bot process ended before polling", spec)
	case <-time.After(30 * time.Second):
		return res, fmt.Errorf("%s: the bot did not poll within 30 s", spec)
	case <-ctx.Done():
		return res, ctx.Err()
	}

	// The parents start one after the other over about one conversation
	// (eight think times), so their steps are spread evenly: started
	// within one think time, they would all reach the searches at the same
	// moment, and the run would measure that wave, not a steady load.
	stagger := max(conversationThinks*spec.think, 100*time.Millisecond)
	start := time.Now()
	from := start.Add(stagger + c.warmup)
	if c.rounds > 0 {
		from = start // a fixed amount of work: all of it is measured
	}
	to := from.Add(c.duration)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, p := range parents {
		wg.Add(1)
		delay := time.Duration(int64(stagger) * int64(i) / int64(len(parents)))
		go func() {
			defer wg.Done()
			p.run(stop, delay)
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()

	var cpu0, cpu1 cpuSnapshot
	phase := time.NewTimer(time.Until(from))
	defer phase.Stop()
	select {
	case <-phase.C:
	case <-finished: // -rounds: all done during the warm-up
	case <-ctx.Done():
	}
	cpu0 = snapshotCPU(b.pid())
	phase.Reset(time.Until(to))
	select {
	case <-phase.C:
	case <-finished:
	case <-ctx.Done():
	}
	cpu1 = snapshotCPU(b.pid())
	if time.Now().Before(to) {
		to = time.Now() // the parents played their rounds before the window ended
	}
	close(stop)
	<-finished // each parent finishes the step it is in (at most the step timeout)
	res.window = to.Sub(from)
	res.cpu = cpu0.to(cpu1)

	if res.bot, err = b.stop(); err != nil {
		return res, fmt.Errorf("%s: %w", spec, err)
	}
	res.pending = srv.Pending()
	for _, call := range srv.Calls() {
		if !call.OK {
			res.rejected[call.Method]++
		}
		if strings.EqualFold(call.Method, "getUpdates") && !call.Time.Before(from) && !call.Time.After(to) {
			res.polls++
		}
	}

	var lat []time.Duration
	byStep := map[string][]time.Duration{}
	for _, p := range parents {
		res.timeouts += p.timeouts
		res.unexpected += p.unexpected
		res.conversations += p.conversations
		for _, s := range p.samples {
			res.sent++
			if s.answered.IsZero() {
				continue
			}
			res.answered++
			if !s.answered.Before(from) && !s.answered.After(to) {
				res.handled++
			}
			if !s.queued.Before(from) && !s.queued.After(to) {
				lat = append(lat, s.answered.Sub(s.queued))
				byStep[s.step] = append(byStep[s.step], s.answered.Sub(s.queued))
			}
		}
	}
	res.lat = latency.Summarise(lat)
	if c.samples != "" {
		if err := writeSamples(c.samples, spec, start, parents); err != nil {
			return res, err
		}
	}
	res.byStep = map[string]latency.Summary{}
	for step, ds := range byStep {
		res.byStep[step] = latency.Summarise(ds)
	}
	return res, ctx.Err()
}

// botProcess is the running bot under test.
type botProcess struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	exited chan struct{}
	err    error // Wait's, once exited is closed
	report chan string
}

// startBot starts this binary again as the bot under test (childEnv) and
// waits until it says it is ready.
func startBot(ctx context.Context, c config, spec runSpec, srv *telegramtest.Server, schemaURL string, logs io.Writer) (*botProcess, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := []string{
		"-engine", spec.engine, "-api", srv.URL(), "-token", srv.Token(),
		"-workers", strconv.Itoa(c.workers), "-rate", strconv.Itoa(c.rate), "-flood", strconv.Itoa(c.flood),
		"-max-conns", strconv.Itoa(c.maxConns),
	}
	if spec.engine == "ours" {
		args = append(args, "-database-url", schemaURL)
	}
	if c.dbTiming {
		args = append(args, "-db-timing")
	}
	if c.cpuprofile != "" {
		name := fmt.Sprintf("%s-%d-%s.pprof", spec.engine, spec.parents, strings.ReplaceAll(spec.think.String(), ".", "_"))
		args = append(args, "-cpuprofile", filepath.Join(c.cpuprofile, name))
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = logs
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	b := &botProcess{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout), exited: make(chan struct{}), report: make(chan string, 1)}
	ready := make(chan bool, 1)
	go func() {
		line, _ := b.out.ReadString('\n')
		ready <- strings.TrimSpace(line) == "ready"
		rest, _ := io.ReadAll(b.out) // the report, after stdin is closed
		b.report <- string(rest)
		b.err = cmd.Wait()
		close(b.exited)
	}()
	select {
	case ok := <-ready:
		if !ok {
			b.kill()
			return nil, fmt.Errorf("%s: the bot process did not start (its log is above)", spec)
		}
	case <-ctx.Done():
		b.kill()
		return nil, ctx.Err()
	}
	return b, nil
}

func (b *botProcess) pid() int { return b.cmd.Process.Pid }

// stop closes the bot's stdin, so it stops polling, finishes what it is
// handling and reports.
func (b *botProcess) stop() (botReport, error) {
	var rep botReport
	_ = b.stdin.Close()
	select {
	case <-b.exited:
	case <-time.After(30 * time.Second):
		b.kill()
		return rep, errors.New("the bot process did not stop within 30 s")
	}
	if b.err != nil {
		return rep, fmt.Errorf("the bot process failed: %w", b.err)
	}
	out := <-b.report
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &rep); err != nil {
		return rep, fmt.Errorf("the bot's report %q: %w", out, err)
	}
	return rep, nil
}

// kill ends the bot process if it still runs.
func (b *botProcess) kill() {
	select {
	case <-b.exited:
	default:
		_ = b.cmd.Process.Kill()
		<-b.exited
	}
}

// writeSamples writes every update of the run as CSV (parents, think,
// engine, chat, step, queued and answered in ms since the start; answered
// empty when no answer came), for looking at the latency over time.
func writeSamples(dir string, spec runSpec, start time.Time, parents []*parent) error {
	name := fmt.Sprintf("%s-%d-%s.csv", spec.engine, spec.parents, strings.ReplaceAll(spec.think.String(), ".", "_"))
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "chat,step,queued_ms,answered_ms")
	for _, p := range parents {
		for _, s := range p.samples {
			answered := ""
			if !s.answered.IsZero() {
				answered = fmt.Sprintf("%.3f", float64(s.answered.Sub(start))/1e6)
			}
			fmt.Fprintf(w, "%d,%s,%.3f,%s\n", p.chat, s.step, float64(s.queued.Sub(start))/1e6, answered)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
