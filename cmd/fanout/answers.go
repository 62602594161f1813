package main

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
func (echo) Text(_, key string, _ ...any) string      { return key }

// parent writes to the bot every `every` while the fan-out runs, and
// measures how long each answer took: from the update being there to the
// answer accepted by the fake (the long poll, the handling, the wait for a
// slot, the sending; a 429 or 500 for the answer itself adds its wait).
type parent struct {
	srv      *telegramtest.Server
	every    time.Duration
	mu       sync.Mutex
	queued   map[string]time.Time // by question text
	sent     atomic.Int64         // the flooding chats' messages
	flooders int
	stop     chan struct{}
	done     chan struct{} // the writing stopped
	ran      chan struct{} // the bot's Run returned
	stopBot  func()
}

// startParent runs the bot's update loop (the direct lane) and starts
// writing to it; flooders other chats write every floodEvery meanwhile.
func startParent(ctx context.Context, srv *telegramtest.Server, tg *bot.Telegram, every time.Duration, flooders int, floodEvery time.Duration) *parent {
	p := &parent{srv: srv, every: every, queued: map[string]time.Time{}, flooders: flooders, stop: make(chan struct{}), done: make(chan struct{})}
	var floods sync.WaitGroup
	for f := range flooders {
		floods.Add(1)
		go func() {
			defer floods.Done()
			p.tick(ctx, floodEvery, func(k int) {
				srv.SendText(floodChat(f), "nl", "druk "+strconv.Itoa(k))
				p.sent.Add(1)
			})
		}()
	}
	runCtx, cancel := context.WithCancel(ctx)
	p.ran = make(chan struct{})
	p.stopBot = func() {
		cancel()
		<-p.ran
	}
	go func() {
		defer close(p.ran)
		_ = tg.Run(runCtx)
	}()
	go func() {
		defer close(p.done)
		defer floods.Wait()
		p.tick(ctx, every, func(k int) {
			q := "vraag " + strconv.Itoa(k)
			p.mu.Lock()
			p.queued[q] = time.Now()
			p.mu.Unlock()
			srv.SendText(answerChat, "nl", q)
		})
	}()
	return p
}

// tick calls write(1), write(2), … every d until finish or ctx ends.
func (p *parent) tick(ctx context.Context, d time.Duration, write func(k int)) {
	t := time.NewTicker(d)
	defer t.Stop()
	for k := 1; ; k++ {
		select {
		case <-p.stop:
			return
		case <-ctx.Done():
			return
		case <-t.C:
		}
		write(k)
	}
}

// finish stops writing, waits for the answers still due (at most a few
// seconds), stops the bot and returns how long each answer took, sorted.
// The bot runs until then: stopping it with the writing lost the answer
// to the last message now and then ("59 of 60").
func (p *parent) finish() []time.Duration {
	close(p.stop)
	<-p.done
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && len(p.latencies()) < p.asked() {
		time.Sleep(50 * time.Millisecond)
	}
	p.stopBot()
	return p.latencies()
}

// floodChat is the i-th flooding chat's id, away from answerChat and the
// reminders' chats.
func floodChat(i int) int64 { return int64(100 + i) }

func (p *parent) flooded() int { return int(p.sent.Load()) }

// floodAnswered counts the messages the flooding chats got: answers, and
// the one "slow down" of each second they wrote too fast.
func (p *parent) floodAnswered() int {
	n := 0
	for _, c := range p.srv.CallsTo("sendMessage") {
		if c.OK && c.ChatID() >= floodChat(0) && c.ChatID() < floodChat(p.flooders) {
			n++
		}
	}
	return n
}

// overtaken is, for each answer the parent got, how many messages to the
// flooding chats Telegram accepted between the parent's message and its
// answer, sorted: how far the parent queued behind them. A clock-free
// measure of fairness (the latencies are the other).
func (p *parent) overtaken() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	calls := p.srv.CallsTo("sendMessage")
	var out []int
	for i, c := range calls {
		if !c.OK || c.ChatID() != answerChat {
			continue
		}
		at, ok := p.queued[strings.TrimPrefix(c.Text(), "antwoord ")]
		if !ok {
			continue
		}
		n := 0
		for _, o := range calls[:i] {
			if o.OK && o.Time.After(at) && o.ChatID() >= floodChat(0) && o.ChatID() < floodChat(p.flooders) {
				n++
			}
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out
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
