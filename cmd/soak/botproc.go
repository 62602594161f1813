package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// botproc.go runs the bot under test: the real program, built from
// ./cmd/ouderkring, as a process of its own, so it can be killed with
// SIGKILL and started again. Every life of it writes its JSON log to the
// same file, which the checks read at the end.

// buildBot builds cmd/ouderkring into dir and returns the binary's path.
func buildBot(ctx context.Context, dir string, race bool) (string, error) {
	out := filepath.Join(dir, "ouderkring")
	args := []string{"build", "-o", out}
	if race {
		args = append(args, "-race")
	}
	cmd := exec.CommandContext(ctx, "go", append(args, "github.com/ouderkring/ouderkring/cmd/ouderkring")...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build the bot: %w", err)
	}
	return out, nil
}

// botProc is the bot under test, across its lives.
type botProc struct {
	bin     string
	env     []string
	logPath string
	http    string // HTTP_ADDR: /readyz and /metrics

	lifeMu sync.Mutex // one start or end at a time
	ending bool       // stop was called: no restart after a crash

	mu      sync.Mutex
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the current life ends
	life    int           // 1 for the first start
	killed  bool          // the current life is being ended on purpose
	crashes []string      // lives that ended without being asked to
}

// freeAddr is a 127.0.0.1 address nothing listens on right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// command runs a one-off command of the program (migrate, seed, invite)
// with the bot's environment, and returns what it printed on stdout.
func (b *botProc) command(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, b.bin, args...)
	cmd.Env = b.env
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("ouderkring %s: %w: %s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String(), nil
}

// start begins a new life and waits until /readyz says it can work.
func (b *botProc) start(ctx context.Context) error {
	b.lifeMu.Lock()
	defer b.lifeMu.Unlock()
	return b.startLocked(ctx)
}

func (b *botProc) startLocked(ctx context.Context) error {
	logf, err := os.OpenFile(b.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command(b.bin, "run")
	cmd.Env = b.env
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start the bot: %w", err)
	}
	b.mu.Lock()
	b.cmd, b.exited, b.killed = cmd, make(chan struct{}), false
	b.life++
	life, exited := b.life, b.exited
	b.mu.Unlock()
	go func() {
		err := cmd.Wait()
		logf.Close()
		b.mu.Lock()
		crashed := !b.killed
		if crashed {
			b.crashes = append(b.crashes, fmt.Sprintf("life %d ended by itself: %v", life, err))
		}
		b.mu.Unlock()
		close(exited)
		if crashed {
			go b.restartAfterCrash(cmd)
		}
	}()
	return b.waitReady(ctx, exited)
}

// waitReady polls /readyz until it answers 200 (the database too may be
// away right now: then it waits for that as well).
func (b *botProc) waitReady(ctx context.Context, exited <-chan struct{}) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + b.http + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-exited:
			return errors.New("the bot exited while starting; see its log")
		case <-time.After(100 * time.Millisecond):
		}
	}
	return errors.New("the bot did not become ready within 2 minutes")
}

// restartAfterCrash starts the bot again after a life ended by itself, as
// an orchestrator would, so the run goes on (the crash stays a finding):
// unless the run is ending or another life began meanwhile.
func (b *botProc) restartAfterCrash(crashed *exec.Cmd) {
	time.Sleep(time.Second)
	b.lifeMu.Lock()
	defer b.lifeMu.Unlock()
	b.mu.Lock()
	again := !b.ending && b.cmd == crashed
	b.mu.Unlock()
	if again {
		_ = b.startLocked(context.Background())
	}
}

// kill ends the current life with SIGKILL (nothing is finished, nothing
// flushed) and waits for it to be gone.
func (b *botProc) kill() { b.end(syscall.SIGKILL) }

// stop ends the current life as an orchestrator does (SIGTERM, then the
// program's own graceful stop).
func (b *botProc) stop() {
	b.mu.Lock()
	b.ending = true
	b.mu.Unlock()
	b.end(syscall.SIGTERM)
}

func (b *botProc) end(sig syscall.Signal) {
	b.lifeMu.Lock()
	defer b.lifeMu.Unlock()
	b.mu.Lock()
	cmd, exited := b.cmd, b.exited
	b.killed = true
	b.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// lives is how many times the bot was started.
func (b *botProc) lives() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.life
}

// sample is the bot's goroutines and heap at one moment.
type sample struct {
	at        time.Duration // since the run began
	life      int
	age       time.Duration // since this life began
	goroutine float64       // go_goroutines
	heap      float64       // go_memstats_heap_inuse_bytes
	rss       float64       // process_resident_memory_bytes
}

// scrape reads the numbers of a sample from /metrics.
func (b *botProc) scrape() (goroutines, heap, rss float64, err error) {
	resp, err := http.Get("http://" + b.http + "/metrics")
	if err != nil {
		return 0, 0, 0, err
	}
	defer resp.Body.Close()
	want := map[string]*float64{"go_goroutines": &goroutines, "go_memstats_heap_inuse_bytes": &heap, "process_resident_memory_bytes": &rss}
	found := 0
	sc := bufio.NewScanner(io.LimitReader(resp.Body, 8<<20))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if p, wanted := want[name]; ok && wanted {
			if *p, err = strconv.ParseFloat(strings.TrimSpace(value), 64); err != nil {
				return 0, 0, 0, fmt.Errorf("metric %s: %w", name, err)
			}
			found++
		}
	}
	if found != len(want) {
		return 0, 0, 0, fmt.Errorf("/metrics has %d of the %d numbers", found, len(want))
	}
	return goroutines, heap, rss, sc.Err()
}
