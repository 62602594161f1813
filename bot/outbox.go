package bot

import (
	"context"
	"sync"
	"time"
)

// lane is how urgent a message is. Answers to what a person just did go
// in the direct lane and get the next free slot before any bulk message;
// messages the bot says on its own (reminders, "still happening?") go in
// the bulk lane, which is also paced evenly instead of using a burst.
type lane int

const (
	laneDirect lane = iota
	laneBulk
	lanes
)

func (l lane) String() string {
	if l == laneDirect {
		return "direct"
	}
	return "bulk"
}

// clock is the time the outbox keeps its limits by; tests use a fake one.
type clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) interface{ Stop() bool }
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) interface{ Stop() bool } {
	return time.AfterFunc(d, f)
}

// outbox decides when each message may go to Telegram: at most rate
// messages in any second over all chats, at most chatBurst at once and
// chatRate a second sustained to one chat, nothing to a chat while a 429
// for it lasts, and nothing at all while Telegram refuses the bot as a
// whole. Every attempt, first or retry, takes a slot, because Telegram
// counts requests, not messages.
//
// Senders wait in acquire; whenever a slot may have freed (a timer, a new
// sender, an answer) the waiting senders are looked at direct lane first,
// each lane in arrival order, skipping those whose chat must still wait.
// So a direct answer waits for the next free slot (about 1/rate), never
// behind a fan-out's queue.
type outbox struct {
	clock     clock
	chatRate  float64
	chatBurst float64
	spacing   time.Duration // between two bulk messages: an even pace
	metrics   *Metrics

	mu       sync.Mutex
	window   *slidingWindow
	nextBulk time.Time // the bulk pace's next slot
	chats    map[int64]*chatLimit
	swept    time.Time
	paused   time.Time // a flood-control 429 for the whole bot ends
	last429  int64     // the chat of the last answer if it was a 429, else 0
	waiters  [lanes][]*waiter
	timer    interface{ Stop() bool }
	timerAt  time.Time
	timerGen int

	// answerAtOnce (tests only) counts every request as answered the
	// moment its slot is granted, so tests of pacing need not call done.
	answerAtOnce bool
}

type waiter struct {
	o       *outbox
	chat    int64
	ready   chan struct{}
	granted bool
	slot    int  // in the global window, once granted
	ended   bool // done was called
}

func newOutbox(c clock, rate int, chatRate float64, chatBurst int, m *Metrics) *outbox {
	w := time.Second + windowGuard
	return &outbox{
		clock: c, chatRate: chatRate, chatBurst: float64(chatBurst),
		spacing: w / time.Duration(rate), metrics: m,
		window: newSlidingWindow(rate, w), chats: map[int64]*chatLimit{}, swept: c.Now(),
	}
}

// acquire waits until a message to chat may be sent in lane ln, and takes
// the slot. The caller sends the request and then calls done on the
// waiter: the global window counts the request until then. It returns
// ctx's error if ctx ends first (and then holds no slot).
func (o *outbox) acquire(ctx context.Context, chat int64, ln lane) (*waiter, error) {
	start := o.clock.Now()
	w := o.enqueue(chat, ln)
	select {
	case <-w.ready:
		o.metrics.outWait.WithLabelValues(ln.String()).Observe(o.clock.Now().Sub(start).Seconds())
		return w, nil
	case <-ctx.Done():
		o.mu.Lock()
		if !w.granted {
			o.removeLocked(ln, w)
			o.scheduleLocked()
		}
		o.mu.Unlock()
		w.done() // granted just as ctx ended: nothing was sent
		return nil, ctx.Err()
	}
}

// done records that w's request was answered, failed or never sent: from
// now the window counts it as ended. Calling it again, or for a waiter
// never granted, does nothing.
func (w *waiter) done() {
	o := w.o
	o.mu.Lock()
	defer o.mu.Unlock()
	if !w.granted || w.ended {
		return
	}
	w.ended = true
	o.window.done(w.slot, o.clock.Now())
	o.scheduleLocked()
}

// enqueue adds a sender to its lane's queue; w.ready is closed when its
// slot is taken (at once if it may go now).
func (o *outbox) enqueue(chat int64, ln lane) *waiter {
	w := &waiter{o: o, chat: chat, ready: make(chan struct{})}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.waiters[ln] = append(o.waiters[ln], w)
	o.metrics.outQueued.WithLabelValues(ln.String()).Inc()
	o.scheduleLocked()
	return w
}

// rateLimited records a 429 for chat: the chat waits retryAfter. When the
// answer before it was a 429 for another chat too, Telegram is refusing
// the bot as a whole (its flood control is per bot), and everything waits.
// One 429 among successes is taken as that chat's own limit: pausing every
// chat for each one would cost a fan-out a third of its rate for nothing
// (cmd/fanout with 2% 429s: 0.60 of the limit instead of 0.93).
func (o *outbox) rateLimited(chat int64, retryAfter time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.clock.Now()
	until := now.Add(retryAfter)
	c := o.chatLocked(chat, now)
	// After the wait the retry may go at once; later ones at chatRate.
	c.tokens, c.at = 1, until
	c.paused = maxTime(c.paused, until)
	o.metrics.outPauses.WithLabelValues("chat").Inc()
	if o.last429 != 0 && o.last429 != chat {
		o.paused = maxTime(o.paused, until)
		o.metrics.outPauses.WithLabelValues("all").Inc()
	}
	o.last429 = chat
	o.scheduleLocked()
}

// answering gives chat a full burst for the answer to an update the
// person just sent: a direct answer is never held to chatRate however fast
// the person taps (their own pace bounds it, and a 429 for the chat still
// holds it); only an answer longer than chatBurst is paced. Messages the
// bot starts itself get no such refill and keep to chatRate.
func (o *outbox) answering(chat int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.clock.Now()
	c := o.chatLocked(chat, now)
	c.refill(now, o.chatRate, o.chatBurst)
	c.tokens = o.chatBurst
	o.scheduleLocked()
}

// answered records an answer that was not a 429. Only a success is news
// about flood control: an error or a lost connection says nothing.
func (o *outbox) answered(ok bool) {
	if !ok {
		return
	}
	o.mu.Lock()
	o.last429 = 0
	o.mu.Unlock()
}

// scheduleLocked grants every waiter that may go now, direct lane first,
// and sets the timer for the earliest one that must still wait.
func (o *outbox) scheduleLocked() {
	now := o.clock.Now()
	o.sweepLocked(now)
	for o.grantOneLocked(now) {
	}
	next := time.Time{}
	for ln := range lanes {
		laneAt := o.laneReadyAtLocked(ln)
		for _, w := range o.waiters[ln] {
			t := o.readyAtLocked(laneAt, w.chat)
			if next.IsZero() || t.Before(next) {
				next = t
			}
			if !t.After(laneAt) {
				break // no waiter in this lane can go sooner
			}
		}
	}
	if next.IsZero() || !next.Before(inFlight) || (o.timer != nil && o.timerAt.Equal(next)) {
		// Nothing waits, the timer is set, or a request still in flight
		// holds the window: its done schedules again.
		return
	}
	if o.timer != nil {
		o.timer.Stop()
	}
	o.timerGen++
	gen := o.timerGen
	o.timerAt = next
	o.timer = o.clock.AfterFunc(next.Sub(now), func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		if o.timerGen == gen {
			o.timer = nil
		}
		o.scheduleLocked()
	})
}

// grantOneLocked lets one waiter that may go now go: in its lane, the one
// whose chat was served longest ago (a chat never served first), the
// earliest of that chat. So answers are shared fairly between chats, round
// by round: a chat with a backlog of answers never makes another chat's
// first answer wait behind it, and one chat's messages keep their order.
func (o *outbox) grantOneLocked(now time.Time) bool {
	for ln := range lanes {
		laneAt := o.laneReadyAtLocked(ln)
		if laneAt.After(now) {
			continue
		}
		var (
			w      *waiter
			served time.Time
		)
		for _, c := range o.waiters[ln] {
			if o.readyAtLocked(laneAt, c.chat).After(now) {
				continue
			}
			var last time.Time
			if cl, ok := o.chats[c.chat]; ok {
				last = cl.granted
			}
			if w == nil || last.Before(served) {
				w, served = c, last
			}
		}
		if w != nil {
			w.slot = o.window.take(now)
			if o.answerAtOnce {
				o.window.done(w.slot, now)
				w.ended = true
			}
			if ln == laneBulk {
				// The pace keeps its own schedule: a timer that fired a
				// little late does not push every later slot back (the
				// window above still holds, on the real times).
				if now.Sub(o.nextBulk) > o.spacing {
					o.nextBulk = now
				}
				o.nextBulk = o.nextBulk.Add(o.spacing)
			}
			c := o.chatLocked(w.chat, now)
			c.take(now, o.chatRate, o.chatBurst)
			c.granted = now
			o.removeLocked(ln, w)
			w.granted = true
			close(w.ready)
			return true
		}
	}
	return false
}

// laneReadyAtLocked is the earliest time any message in lane ln may go,
// whatever its chat: the global limit, a pause, the bulk pace.
func (o *outbox) laneReadyAtLocked(ln lane) time.Time {
	t := maxTime(o.paused, o.window.readyAt())
	if ln == laneBulk {
		t = maxTime(t, o.nextBulk)
	}
	return t
}

// readyAtLocked is the earliest time a message to chat may go, given its
// lane's laneReadyAtLocked.
func (o *outbox) readyAtLocked(laneAt time.Time, chat int64) time.Time {
	if c, ok := o.chats[chat]; ok {
		return maxTime(laneAt, c.readyAt(o.chatRate))
	}
	return laneAt
}

func (o *outbox) chatLocked(chat int64, now time.Time) *chatLimit {
	c, ok := o.chats[chat]
	if !ok {
		c = &chatLimit{tokens: o.chatBurst, at: now}
		o.chats[chat] = c
	}
	return c
}

func (o *outbox) removeLocked(ln lane, w *waiter) {
	for i, x := range o.waiters[ln] {
		if x == w {
			o.waiters[ln] = append(o.waiters[ln][:i], o.waiters[ln][i+1:]...)
			o.metrics.outQueued.WithLabelValues(ln.String()).Dec()
			return
		}
	}
}

// sweepLocked forgets chats whose limits are back to the start, now and
// then, so the map holds only chats that had messages lately.
func (o *outbox) sweepLocked(now time.Time) {
	if now.Sub(o.swept) < time.Minute {
		return
	}
	o.swept = now
	for id, c := range o.chats {
		if c.idle(now, o.chatRate, o.chatBurst) {
			delete(o.chats, id)
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
