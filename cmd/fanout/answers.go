package main

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ouderkring/ouderkring/bot"
	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/dialog"
)

// answerChat is the parent who writes to the bot during the fan-out.
const answerChat = 1

// echo is an engine that answers every text with one message; it stands
// for the dialog, whose speed is not what is measured here.
type echo struct{}

func (echo) Handle(_ context.Context, _ int64, in dialog.Input) ([]dialog.Reply, error) {
	return []dialog.Reply{{Text: "antwoord " + in.Text}}, nil
}
func (echo) Apology(string) []dialog.Reply            { return nil }
func (echo) SafetyAnswer(dialog.Input) []dialog.Reply { return nil }
func (echo) Commands(string) []dialog.Command         { return nil }
func (echo) Text(string, string, ...any) string       { return "" }

// parent writes to the bot every `every` while the fan-out runs, and
// measures how long each answer took: from the update being there to the
// answer accepted by the fake (the long poll, the handling, the wait for a
// slot, the sending; a 429 or 500 for the answer itself adds its wait).
type parent struct {
	srv    *telegramtest.Server
	every  time.Duration
	mu     sync.Mutex
	queued map[string]time.Time // by question text
	stop   chan struct{}
	done   chan struct{}
}

// startParent runs the bot's update loop (the direct lane) and starts
// writing to it.
func startParent(ctx context.Context, srv *telegramtest.Server, tg *bot.Telegram, every time.Duration) *parent {
	p := &parent{srv: srv, every: every, queued: map[string]time.Time{}, stop: make(chan struct{}), done: make(chan struct{})}
	runCtx, cancel := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		_ = tg.Run(runCtx)
	}()
	go func() {
		defer close(p.done)
		defer func() { cancel(); <-ran }()
		t := time.NewTicker(every)
		defer t.Stop()
		for k := 1; ; k++ {
			select {
			case <-p.stop:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			q := "vraag " + strconv.Itoa(k)
			p.mu.Lock()
			p.queued[q] = time.Now()
			p.mu.Unlock()
			srv.SendText(answerChat, "nl", q)
		}
	}()
	return p
}

// finish stops writing, waits for the answers still due (at most a few
// seconds) and returns how long each took, sorted.
func (p *parent) finish() []time.Duration {
	close(p.stop)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && len(p.latencies()) < p.asked() {
		time.Sleep(50 * time.Millisecond)
	}
	<-p.done
	return p.latencies()
}

func (p *parent) asked() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queued)
}

func (p *parent) latencies() []time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []time.Duration
	for _, c := range p.srv.CallsTo("sendMessage") {
		if !c.OK || c.ChatID() != answerChat {
			continue
		}
		if at, ok := p.queued[strings.TrimPrefix(c.Text(), "antwoord ")]; ok {
			out = append(out, c.Time.Sub(at))
		}
	}
	slices.Sort(out)
	return out
}
