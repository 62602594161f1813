package bot

import (
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// fakeClock is a clock that moves only when the test says so; timers fire
// inside Advance, on the test's goroutine.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool {
	was := !t.stopped
	t.stopped = true
	return was
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) interface{ Stop() bool } {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return t
}

// Advance moves the clock by d, firing due timers in time order.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].at.Before(c.timers[j].at) })
		var due *fakeTimer
		for len(c.timers) > 0 && due == nil {
			t := c.timers[0]
			c.timers = c.timers[1:]
			if !t.stopped && !t.at.After(end) {
				due = t
			} else if !t.stopped {
				c.timers = append([]*fakeTimer{t}, c.timers...)
				break
			}
		}
		if due == nil {
			c.now = end
			c.mu.Unlock()
			return
		}
		c.now = due.at
		due.stopped = true
		c.mu.Unlock()
		due.f()
	}
}

type outboxBundle struct {
	clock *fakeClock
	out   *outbox
}

// setupOutbox makes an outbox on a fake clock whose requests are answered
// the moment they are granted (TestOutboxWindowCountsUntilAnswered holds
// them in flight).
func setupOutbox(t *testing.T, rate int, chatRate float64, chatBurst int) *outboxBundle {
	t.Helper()
	c := newFakeClock()
	o := newOutbox(c, rate, chatRate, chatBurst, NewMetrics(prometheus.NewRegistry()))
	o.answerAtOnce = true
	return &outboxBundle{clock: c, out: o}
}

// granted says whether w's slot was taken, without waiting.
func granted(w *waiter) bool {
	select {
	case <-w.ready:
		return true
	default:
		return false
	}
}

func countGranted(ws []*waiter) int {
	n := 0
	for _, w := range ws {
		if granted(w) {
			n++
		}
	}
	return n
}

// grantTimes steps the clock by step until every waiter is granted (or
// limit passes) and returns when each was.
func (b *outboxBundle) grantTimes(t *testing.T, ws []*waiter, step, limit time.Duration) []time.Time {
	t.Helper()
	times := make([]time.Time, len(ws))
	start := b.clock.Now()
	for {
		done := true
		for i, w := range ws {
			if times[i].IsZero() && granted(w) {
				times[i] = b.clock.Now()
			}
			done = done && !times[i].IsZero()
		}
		if done {
			return times
		}
		if b.clock.Now().Sub(start) > limit {
			t.Fatalf("%d of %d messages sent within %v", countGranted(ws), len(ws), limit)
		}
		b.clock.Advance(step)
	}
}

// maxPerSecond is the most times within any window [t, t+1s).
func maxPerSecond(times []time.Time) int {
	ts := append([]time.Time(nil), times...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	best, first := 0, 0
	for last, t := range ts {
		for !ts[first].Add(time.Second).After(t) {
			first++
		}
		best = max(best, last-first+1)
	}
	return best
}

func TestOutboxGlobalLimit(t *testing.T) {
	t.Parallel()
	for _, ln := range []lane{laneDirect, laneBulk} {
		b := setupOutbox(t, 5, 1, 5)
		var ws []*waiter
		for chat := int64(1); chat <= 60; chat++ {
			ws = append(ws, b.out.enqueue(chat, ln))
		}
		times := b.grantTimes(t, ws, time.Millisecond, time.Minute)
		if got := maxPerSecond(times); got > 5 {
			t.Errorf("%s: %d messages in one second, want at most 5", ln, got)
		}
		// 60 messages at 5 per 1.005 s: 59 gaps of 201 ms at most.
		if took, want := times[len(times)-1].Sub(times[0]), 59*201*time.Millisecond; took > want {
			t.Errorf("%s: 60 messages took %v, want at most %v (the limit, not slower)", ln, took, want)
		}
	}
}

func TestOutboxDirectBurstBulkPaced(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t, 5, 1, 5)
	var direct, bulk []*waiter
	for chat := int64(1); chat <= 5; chat++ {
		direct = append(direct, b.out.enqueue(chat, laneDirect))
	}
	if n := countGranted(direct); n != 5 {
		t.Errorf("direct after a quiet spell: %d of 5 went at once, want all (a burst)", n)
	}
	b.clock.Advance(time.Hour)
	for chat := int64(11); chat <= 15; chat++ {
		bulk = append(bulk, b.out.enqueue(chat, laneBulk))
	}
	if n := countGranted(bulk); n != 1 {
		t.Errorf("bulk after a quiet spell: %d of 5 went at once, want 1 (evenly paced)", n)
	}
	times := b.grantTimes(t, bulk, time.Millisecond, time.Minute)
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 200*time.Millisecond {
			t.Errorf("bulk messages %d and %d %v apart, want ≥ 201ms (1.005s/5)", i-1, i, gap)
		}
	}
}

func TestOutboxChatLimit(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t, 100, 1, 3)
	var ws []*waiter
	for i := 0; i < 6; i++ {
		ws = append(ws, b.out.enqueue(7, laneBulk))
	}
	times := b.grantTimes(t, ws, time.Millisecond, time.Minute)
	start := times[0]
	for i, want := range []time.Duration{0, 10 * time.Millisecond, 20 * time.Millisecond, time.Second, 2 * time.Second, 3 * time.Second} {
		// The burst goes at the bulk pace (1.005 s / 100), then one a second.
		if got := times[i].Sub(start); got < want || got > want+15*time.Millisecond {
			t.Errorf("message %d to one chat at +%v, want +%v", i, got, want)
		}
	}
	// Another chat is not held up by chat 7.
	other := b.out.enqueue(8, laneBulk)
	b.clock.Advance(20 * time.Millisecond)
	if !granted(other) {
		t.Error("a message to another chat waited for chat 7's limit")
	}
}

func TestOutboxDirectGoesFirst(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t, 2, 1, 5)
	var bulk []*waiter
	for chat := int64(1); chat <= 10; chat++ {
		bulk = append(bulk, b.out.enqueue(chat, laneBulk))
	}
	b.clock.Advance(600 * time.Millisecond) // two bulk messages went; the window is full
	if n := countGranted(bulk); n != 2 {
		t.Fatalf("bulk sent: got=%d, want 2", n)
	}
	arrived := b.clock.Now()
	direct := b.out.enqueue(100, laneDirect)
	if granted(direct) {
		t.Fatal("direct answer went over the global limit")
	}
	times := b.grantTimes(t, []*waiter{direct}, time.Millisecond, 5*time.Second)
	if n := countGranted(bulk); n != 2 {
		t.Errorf("bulk messages sent before the waiting direct answer: got=%d, want 2", n-2)
	}
	// The first slot frees 1.005 s after the first bulk message was
	// answered (at once here).
	if wait := times[0].Sub(arrived); wait != 405*time.Millisecond {
		t.Errorf("direct answer waited %v, want 405ms (the next free slot)", wait)
	}
}

func TestOutboxAnsweringRefillsChat(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t, 100, 1, 3)
	var first []*waiter
	for i := 0; i < 3; i++ {
		first = append(first, b.out.enqueue(9, laneDirect))
	}
	next := b.out.enqueue(9, laneDirect)
	if countGranted(first) != 3 || granted(next) {
		t.Fatalf("burst of 3: got %d and the 4th %v", countGranted(first), granted(next))
	}
	b.out.answering(9) // the person sent another update
	if !granted(next) {
		t.Error("the answer to a new update waited for the chat's rate")
	}
}

func TestOutboxRateLimitedHoldsChat(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t, 100, 1, 5)
	limitedAt := b.clock.Now()
	b.out.rateLimited(1, time.Second)
	held := b.out.enqueue(1, laneBulk)
	other := b.out.enqueue(2, laneBulk)
	b.clock.Advance(50 * time.Millisecond)
	if granted(held) || !granted(other) {
		t.Fatalf("after a 429 for chat 1: chat 1 sent=%v (want false), chat 2 sent=%v (want true)", granted(held), granted(other))
	}
	times := b.grantTimes(t, []*waiter{held}, time.Millisecond, 5*time.Second)
	if got := times[0].Sub(limitedAt); got != time.Second {
		t.Errorf("chat 1 sent again %v after the 429, want retry_after (1s)", got)
	}
}

func TestOutboxFloodPausesAll(t *testing.T) {
	t.Parallel()
	t.Run("TwoChatsInARow", func(t *testing.T) {
		b := setupOutbox(t, 100, 1, 5)
		b.out.rateLimited(1, 2*time.Second)
		b.out.rateLimited(2, 2*time.Second)
		third := b.out.enqueue(3, laneDirect)
		b.clock.Advance(1999 * time.Millisecond)
		if granted(third) {
			t.Fatal("a message went while Telegram refused the bot as a whole")
		}
		b.clock.Advance(time.Millisecond)
		if !granted(third) {
			t.Error("not sent once retry_after was over")
		}
	})
	t.Run("SuccessInBetween", func(t *testing.T) {
		b := setupOutbox(t, 100, 1, 5)
		b.out.rateLimited(1, 2*time.Second)
		b.out.answered(true)
		b.out.rateLimited(2, 2*time.Second)
		if third := b.out.enqueue(3, laneDirect); !granted(third) {
			t.Error("two 429s with a success between paused every chat")
		}
	})
}

// TestOutboxFairBetweenChats: three chats with a backlog of answers do
// not make a fourth chat's first answer wait behind them: it gets the next
// free slot. Each chat's own messages keep their order.
func TestOutboxFairBetweenChats(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t, 10, 100, 100) // 10 a second over all chats; no per-chat limit in the way
	var backlog []*waiter
	for i := range 60 {
		backlog = append(backlog, b.out.enqueue(int64(1+i%3), laneDirect))
	}
	b.clock.Advance(500 * time.Millisecond) // the first second's ten went
	arrived := b.clock.Now()
	first := b.out.enqueue(4, laneDirect)
	times := b.grantTimes(t, []*waiter{first}, time.Millisecond, 10*time.Second)
	if wait := times[0].Sub(arrived); wait > 600*time.Millisecond {
		t.Errorf("a new chat's first answer waited %v behind three chats' backlog; want the next free slot", wait)
	}
	all := b.grantTimes(t, backlog, 10*time.Millisecond, 30*time.Second)
	for chat := range 3 {
		var prev time.Time
		for i := chat; i < len(all); i += 3 {
			if all[i].Before(prev) {
				t.Fatalf("chat %d's message %d went before the one sent earlier", chat+1, i)
			}
			prev = all[i]
		}
	}
}

// TestOutboxWindowCountsUntilAnswered: a request counts in the global
// window until it is answered, so a request that reached Telegram late
// (a busy machine, a slow network) cannot share a second with the next
// rate's worth: no second as Telegram sees it ever holds more than the
// limit, retries included (cmd/fanout once saw 31 of 30 that way).
func TestOutboxWindowCountsUntilAnswered(t *testing.T) {
	t.Parallel()
	c := newFakeClock()
	o := newOutbox(c, 3, 100, 100, NewMetrics(prometheus.NewRegistry()))
	var first []*waiter
	for chat := int64(1); chat <= 3; chat++ {
		first = append(first, o.enqueue(chat, laneDirect))
	}
	if n := countGranted(first); n != 3 {
		t.Fatalf("after a quiet spell %d of 3 went, want all", n)
	}
	next := o.enqueue(4, laneDirect)
	// The first request is slow: answered only at +300 ms; the others at once.
	first[1].done()
	first[2].done()
	c.Advance(300 * time.Millisecond)
	first[0].done()
	first[0].done() // twice is harmless
	c.Advance(1000 * time.Millisecond)
	if granted(next) {
		t.Fatalf("the 4th request went at +1.3 s, under a second after the 1st was answered (+0.3 s)")
	}
	c.Advance(5 * time.Millisecond)
	if !granted(next) {
		t.Fatal("the 4th request did not go a second (and the guard) after the 1st was answered")
	}
	// The 5th and 6th go at once (the 2nd and 3rd, three back, were
	// answered long ago); the 7th waits for the 4th, still in flight,
	// however long that takes.
	five, six := o.enqueue(5, laneDirect), o.enqueue(6, laneDirect)
	if !granted(five) || !granted(six) {
		t.Fatal("the 5th and 6th waited although the requests three back were answered over a second ago")
	}
	five.done()
	six.done()
	seventh := o.enqueue(7, laneDirect)
	c.Advance(10 * time.Second)
	if granted(seventh) {
		t.Fatal("the 7th went while the 4th, three back, was still in flight")
	}
	next.done()
	c.Advance(time.Second)
	if granted(seventh) {
		t.Fatal("the 7th went within a second of the 4th's answer")
	}
	c.Advance(windowGuard)
	if !granted(seventh) {
		t.Fatal("the 7th did not go a second (and the guard) after the 4th was answered")
	}
}
