package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/internal/benchdb"
	"github.com/ouderkring/ouderkring/internal/benchdb/benchdbtest"
)

// TestMain lets the test binary be the bot process too: measure starts
// os.Executable, which under go test is this binary.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(botMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	if cores := burnCores(); cores > 0 {
		os.Exit(burnMain(cores))
	}
	os.Exit(m.Run())
}

// A tiny load test end to end — 500 meetups, 20 parents, one conversation
// each, against our bot and the echo bot, each in a process of its own:
// every parent gets through, every update is answered with what the
// conversation expects, and nothing fails anywhere.
func TestLoadTiny(t *testing.T) {
	benchdbtest.RequireDB(t)
	var out, logs lockedBuffer
	results, err := run(context.Background(), []string{
		"-n", "500", "-parents", "20", "-think", "0", "-engines", "ours,echo",
		"-rounds", "1", "-duration", "30s", "-step-timeout", "10s",
	}, os.Getenv, &out, &logs)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatalf("%v\nlogs:\n%s", err, logs.String())
	}
	if len(results) != 2 {
		t.Fatalf("got %d runs, want 2 (ours, echo)", len(results))
	}
	for _, r := range results {
		t.Run(r.spec.engine, func(t *testing.T) {
			if n := r.errors(); n != 0 {
				t.Errorf("errors=%d, want 0: %d unanswered, %d unexpected, rejected %v, bot errors %d, outbound failed %d, pending %d",
					n, r.timeouts, r.unexpected, r.rejected, r.bot.Errors, r.bot.OutFailed, r.pending)
			}
			if r.conversations != 20 {
				t.Errorf("conversations=%d, want 20 (one per parent)", r.conversations)
			}
			// zoek, location, and three refinements of two taps each at
			// least; more and details depend on what was found.
			if r.sent < 20*8 || r.answered != r.sent || r.bot.Updates != r.sent {
				t.Errorf("sent=%d answered=%d, the bot took %d; want at least 100, all answered and taken", r.sent, r.answered, r.bot.Updates)
			}
			if r.lat.N != r.sent || r.lat.P50 <= 0 || r.lat.Max < r.lat.P99 || r.handled != r.sent {
				t.Errorf("latency %+v over %d updates, %d handled in the window", r.lat, r.sent, r.handled)
			}
			if r.bot.PeakRSSKB <= 0 {
				t.Error("no peak RSS from the bot process")
			}
			if r.spec.engine == "ours" && (r.bot.PeakConns < 1 || r.bot.MaxConns < r.bot.PeakConns) {
				t.Errorf("DB connections: peak %d of %d", r.bot.PeakConns, r.bot.MaxConns)
			}
			if _, ok := r.byStep["details"]; r.spec.engine == "echo" && !ok {
				t.Error("the echo bot's parents never asked for details: not the same script")
			}
		})
	}
	if !strings.Contains(out.String(), "| 0 | 20 | ours |") {
		t.Errorf("no summary row for ours in the output")
	}
}

// TestLoadAgainOnOneSchema: runs on a kept schema (-reuse) start with
// parents new to the bot. The fake numbers updates from 1 in every run, so
// the sessions of the run before remember ids the next run hands out
// again; without forgetParents those updates were taken for redeliveries
// (answered with the screen the chat was at) and counted as errors.
func TestLoadAgainOnOneSchema(t *testing.T) {
	benchdbtest.RequireDB(t)
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		url = benchdb.DefaultURL
	}
	args := []string{"-n", "200", "-parents", "20", "-think", "0", "-engines", "ours",
		"-rounds", "1", "-duration", "30s", "-step-timeout", "10s"}
	var out, logs lockedBuffer
	if _, err := run(context.Background(), append(args, "-keep"), os.Getenv, &out, &logs); err != nil {
		t.Fatalf("%v\nlogs:\n%s", err, logs.String())
	}
	_, schema, ok := strings.Cut(out.String(), "kept schema ")
	schema = strings.TrimSpace(schema)
	if !ok || !strings.HasPrefix(schema, "bench_") {
		t.Fatalf("no kept schema in the output:\n%s", out.String())
	}
	t.Cleanup(func() { _ = benchdb.DropSchema(url, schema) })
	for i := range 2 {
		results, err := run(context.Background(), append(args, "-reuse", schema), os.Getenv, &out, &logs)
		if err != nil {
			t.Fatalf("run %d on the kept schema: %v", i+2, err)
		}
		if r := results[0]; r.errors() != 0 || r.conversations != 20 {
			t.Fatalf("run %d on the kept schema: %d errors (%d unanswered, %d unexpected), %d conversations of 20",
				i+2, r.errors(), r.timeouts, r.unexpected, r.conversations)
		}
	}
}

func TestParseFlags(t *testing.T) {
	env := func(string) string { return "" }
	c, err := parseFlags([]string{"-parents", "100, 1000", "-think", "1.5s,0"}, env, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.parents) != 2 || c.parents[1] != 1000 || len(c.thinks) != 2 || c.thinks[0] != 1500*time.Millisecond || c.thinks[1] != 0 {
		t.Errorf("parents=%v think=%v", c.parents, c.thinks)
	}
	for _, bad := range [][]string{
		{"-parents", "0"},
		{"-think", "-1s"},
		{"-engines", "ours,tg"},
		{"-reuse", "public"},
		{"-database-url", "postgres://postgres@db.example.org/test"},
		{"-burn", "-0.5"},
		{"-burn", "1000"},
	} {
		if _, err := parseFlags(bad, env, &bytes.Buffer{}); err == nil {
			t.Errorf("%v: accepted", bad)
		}
	}
}

// TestBurner: the burner process keeps about the cores it is asked for
// busy, and stops when told. The bounds are loose (the machine may be busy
// with other work): it burns, and not without limit.
func TestBurner(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc: the burner's CPU cannot be read here")
	}
	stop, err := startBurner(0.5, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	// The burner is the newest child of this process; find it by its
	// environment, as a test has no handle on it.
	pid := burnerPID(t)
	stat := fmt.Sprintf("/proc/%d/stat", pid)
	time.Sleep(200 * time.Millisecond) // started, spinning
	before, _ := processCPU(stat)
	start := time.Now()
	time.Sleep(time.Second)
	after, _ := processCPU(stat)
	cores := (after - before).Seconds() / time.Since(start).Seconds()
	if cores < 0.1 || cores > 0.8 {
		t.Errorf("the burner used %.2f cores, want about 0.5", cores)
	}
	stop()
	if _, err := os.Stat(stat); err == nil {
		t.Errorf("the burner (pid %d) still runs after stop", pid)
	}
}

// burnerPID is the pid of this process's child that has burnEnv set.
func burnerPID(t *testing.T) int {
	t.Helper()
	for range 50 {
		dirs, _ := os.ReadDir("/proc")
		for _, d := range dirs {
			pid, err := strconv.Atoi(d.Name())
			if err != nil {
				continue
			}
			env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
			if err == nil && bytes.Contains(env, []byte(burnEnv+"=0.5")) && parentOf(pid) == os.Getpid() {
				return pid
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no burner process found")
	return 0
}

// parentOf is the parent pid in /proc/<pid>/stat (the 4th field, after the
// command in parentheses).
func parentOf(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(f[1])
	return ppid
}

// lockedBuffer is a bytes.Buffer for several writers: the bot process's
// log is copied in by os/exec's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// hasData reads the keyboard's JSON as telegram-bot-api writes it.
func TestHasData(t *testing.T) {
	c := telegramtest.Call{Params: map[string]string{
		"reply_markup": `{"inline_keyboard":[[{"text":"1","callback_data":"r:d:17"}],[{"text":"Meer","callback_data":"r:more"}],[{"text":"x","url":"https://r:d:.example"}]]}`,
	}}
	for _, tt := range []struct {
		prefixes []string
		want     bool
	}{
		{[]string{"r:d:"}, true},
		{[]string{"fa:", "r:more"}, true},
		{[]string{"r:prev"}, false},
		{[]string{"d:17"}, false}, // only at the start of the data
	} {
		if got := hasData(tt.prefixes...)(c); got != tt.want {
			t.Errorf("hasData(%q)=%v, want %v", tt.prefixes, got, tt.want)
		}
	}
}
