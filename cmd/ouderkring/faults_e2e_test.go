package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/internal/testwait"
)

// A find-a-meetup conversation as a script of inputs and the replies each
// must get, so that many parents can play it at once from the test
// goroutine (Click and friends may fail the test, so they cannot run in
// goroutines of their own). It needs cafés(t, e.cat, 0.5, 1.5, 2.5, …).
type findStep struct {
	name string
	// send queues the parent's input; last is the replies to the step before.
	send func(t *testing.T, e *e2e, chat int64, last []telegramtest.Call) int
	// want checks the replies, of which there are exactly len(want).
	want []func(e *e2e, c telegramtest.Call) error
}

func wantText(id string, data ...any) func(*e2e, telegramtest.Call) error {
	return func(e *e2e, c telegramtest.Call) error {
		if want := e.loc.T("nl", id, data...); c.Text() != want {
			return fmt.Errorf("%s %q, want %s", c.Method, c.Text(), id)
		}
		return nil
	}
}

func wantContains(method string, parts ...string) func(*e2e, telegramtest.Call) error {
	return func(e *e2e, c telegramtest.Call) error {
		text := c.Text() + c.Params["title"]
		rest := text
		for _, p := range parts {
			i := strings.Index(rest, p)
			if i < 0 {
				return fmt.Errorf("%s %q lacks %q (in this order: %q)", c.Method, text, p, parts)
			}
			rest = rest[i+len(p):]
		}
		if c.Method != method {
			return fmt.Errorf("%s, want %s: %q", c.Method, method, text)
		}
		return nil
	}
}

func click(label string, data ...any) func(*testing.T, *e2e, int64, []telegramtest.Call) int {
	return func(t *testing.T, e *e2e, chat int64, last []telegramtest.Call) int {
		t.Helper()
		return e.tg.Click(t, last[len(last)-1], e.loc.T("nl", label, data...))
	}
}

var findScript = []findStep{
	{"/zoek", func(t *testing.T, e *e2e, chat int64, _ []telegramtest.Call) int {
		return e.tg.SendCommand(chat, "nl", "/zoek")
	}, []func(*e2e, telegramtest.Call) error{wantText("find_where")}},
	{"location", func(t *testing.T, e *e2e, chat int64, _ []telegramtest.Call) int {
		return e.tg.SendLocation(chat, "nl", utrecht.Lat, utrecht.Lon)
	}, []func(*e2e, telegramtest.Call) error{
		func(_ *e2e, c telegramtest.Call) error {
			if !c.RemovesKeyboard() {
				return fmt.Errorf("%s keeps the location keyboard", c)
			}
			return nil
		},
		wantContains("sendMessage", "1. ☕ Babycafé 0.5 km", "2. ☕ Babycafé 1.5 km", "3. ☕ Babycafé 2.5 km"),
	}},
	{"age", click("refine_age"), []func(*e2e, telegramtest.Call) error{wantText("find_age")}},
	{"age_0_1", click("age_0_1"), []func(*e2e, telegramtest.Call) error{
		wantContains("editMessageText", "1. ☕ Babycafé 0.5 km", "2. ☕ Babycafé 1.5 km", "3. ☕ Babycafé 2.5 km"),
	}},
	{"details", click("results_details", map[string]any{"N": 1}), []func(*e2e, telegramtest.Call) error{
		wantContains("editMessageText", "Babycafé 0.5 km"),
		wantContains("sendVenue", "Babycafé 0.5 km"),
	}},
}

// finder is one parent somewhere in findScript.
type finder struct {
	chat    int64
	step    int                 // the next input to send
	pending bool                // its input was sent; the replies are awaited
	seen    int                 // the chat's messages checked so far
	last    []telegramtest.Call // the replies to the last input
	updates []int               // the update ids the parent sent
}

func newFinders(first int64, n int) []*finder {
	fs := make([]*finder, n)
	for i := range fs {
		fs[i] = &finder{chat: first + int64(i)}
	}
	return fs
}

// send queues the parent's next input.
func (f *finder) send(t *testing.T, e *e2e) {
	t.Helper()
	f.updates = append(f.updates, findScript[f.step].send(t, e, f.chat, f.last))
	f.pending = true
}

// check takes the replies to the pending input once they are all there,
// and reports whether they were.
func (f *finder) check(t *testing.T, e *e2e) bool {
	t.Helper()
	st := findScript[f.step]
	sent := e.tg.SentTo(f.chat)
	if len(sent) < f.seen+len(st.want) {
		return false
	}
	f.last = sent[f.seen : f.seen+len(st.want)]
	for i, want := range st.want {
		if err := want(e, f.last[i]); err != nil {
			t.Fatalf("chat %d, step %s, reply %d: %v\nall replies: %v", f.chat, st.name, i+1, err, sent)
		}
	}
	f.seen += len(st.want)
	f.pending = false
	f.step++
	return true
}

// advance plays every parent's conversation up to step until (the replies
// to the steps before it checked), each at its own pace, all at once. It
// looks again whenever the fake Bot API's state changes, never on a timer.
func advance(t *testing.T, e *e2e, fs []*finder, until int, within time.Duration) {
	t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		changed := e.tg.Changed() // before looking, so no change is missed
		done := true
		for _, f := range fs {
			if f.pending && !f.check(t, e) {
				done = false
				continue
			}
			if f.step < until {
				f.send(t, e)
				done = false
			}
		}
		if done {
			return
		}
		select {
		case <-changed:
			continue
		case <-deadline.C:
		}
		var stuck []string
		for _, f := range fs {
			if f.step < until {
				stuck = append(stuck, fmt.Sprintf("chat %d at %s (pending %v): %v", f.chat, findScript[f.step].name, f.pending, e.tg.SentTo(f.chat)[f.seen:]))
			}
		}
		t.Fatalf("conversations not done within %v:\n%s", within, strings.Join(stuck, "\n"))
	}
}

// checkFinished checks what the whole run left: every parent got exactly
// the script's replies (nothing twice, nothing more), every update was
// handled once (the session's version counts them) and confirmed. The bot
// confirms an update only after it was handled and its replies accepted,
// so once the last is confirmed every reply there will be is there.
func checkFinished(t *testing.T, e *e2e, fs []*finder) {
	t.Helper()
	last := 0
	for _, f := range fs {
		last = max(last, f.updates[len(f.updates)-1])
	}
	e.tg.WaitConsumed(t, last)
	want := 0
	for _, st := range findScript {
		want += len(st.want)
	}
	for _, f := range fs {
		if sent := e.tg.SentTo(f.chat); len(sent) != want {
			t.Errorf("chat %d: %d messages, want %d: %v", f.chat, len(sent), want, sent)
		}
		s := e.session(t, f.chat)
		if s.Version != int64(len(f.updates)) || s.Step != "find_results" {
			t.Errorf("chat %d: session version %d at step %q after %d updates, want one version per update, at find_results",
				f.chat, s.Version, s.Step, len(f.updates))
		}
	}
	for _, method := range []string{"sendMessage", "editMessageText", "sendVenue"} {
		for d, n := range e.tg.Deliveries(method) {
			if n != 1 {
				t.Errorf("%s to chat %d shown %d times: %q", method, d.Chat, n, d.Text)
			}
		}
	}
	if n := e.tg.Pending(); n != 0 {
		t.Errorf("%d updates not confirmed", n)
	}
}

// metricSum adds up the samples on /metrics whose line starts with
// prefix, e.g. `ouderkring_updates_total{` for every kind.
func metricSum(t *testing.T, e *e2e, prefix string) float64 {
	t.Helper()
	var sum float64
	sc := bufio.NewScanner(strings.NewReader(httpGet(t, "http://"+e.main.HTTPAddr()+"/metrics")))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		fields := strings.Fields(line)
		v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
		if err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		sum += v
	}
	return sum
}

// TestTelegramFaults: a flaky Telegram — 500s, 429s with retry_after,
// dropped connections and slow answers, at random (seeded) on every call
// the bot makes, getUpdates included — while ten parents look for a meetup
// at once. Every conversation completes with exactly its replies in order,
// every update is handled once and confirmed, and no message shows twice.
//
// A dropped connection here is dropped before the fake handles the
// request (telegramtest.Fault.DropConnection), as when it is lost on the
// way to Telegram, so the bot's retry is safe. One lost on the way back,
// after Telegram sent the message, would legitimately show it twice: the
// Bot API has no idempotency key, and no client can tell the two apart.
func TestTelegramFaults(t *testing.T) {
	e := setupE2E(t)
	cafés(t, e.cat, 2.5, 0.5, 4.5, 1.5, 3.5)
	// The bot is up and polling before Telegram turns flaky.
	e.tg.WaitCall(t, func(c telegramtest.Call) bool { return c.Method == "getUpdates" })

	methods := []string{"getUpdates", "sendMessage", "editMessageText", "sendVenue", "answerCallbackQuery"}
	e.tg.OnCall(telegramtest.RandomFaults{
		Methods: methods, Seed: 20261129,
		RateLimited: 0.04, RetryAfter: 1, ServerError: 0.04, Dropped: 0.04,
		Slow: 0.06, SlowDelay: 300 * time.Millisecond,
		MaxInARow: 2, // within the bot's retry budgets, so the run cannot flake
	}.Hook())
	// And for certain: the next polls are dropped, fail and are throttled.
	e.tg.FailNext("getUpdates", telegramtest.Fault{DropConnection: true}, *telegramtest.ServerError(), *telegramtest.RateLimited(1))

	parents := newFinders(7001, 10)
	start := time.Now()
	advance(t, e, parents, len(findScript), 40*time.Second)
	t.Logf("10 conversations through a flaky Telegram in %v", time.Since(start).Round(time.Millisecond))
	checkFinished(t, e, parents)

	// The faults really happened, of every kind, to every method.
	kinds := map[string]int{}
	for _, c := range e.tg.Calls() {
		f := c.Fault
		switch {
		case f == nil:
		case f.DropConnection:
			kinds[c.Method+" dropped"]++
		case f.Status == 429:
			kinds[c.Method+" 429"]++
		case f.Status == 500:
			kinds[c.Method+" 500"]++
		case f.Delay > 0:
			kinds[c.Method+" slow"]++
		}
	}
	t.Logf("faults: %v", kinds)
	for _, k := range []string{"dropped", "429", "500", "slow"} {
		n := 0
		for _, m := range methods {
			n += kinds[m+" "+k]
		}
		if n < 3 {
			t.Errorf("only %d calls got %s; the run proves little", n, k)
		}
	}

	// getUpdates: every poll that got through asked from an offset no lower
	// than the one before (nothing confirmed was asked for again), and the
	// bot handled exactly the 50 updates the parents sent, no more.
	prev := 0
	for _, c := range e.tg.CallsTo("getUpdates") {
		if !c.OK {
			continue
		}
		off, _ := strconv.Atoi(c.Params["offset"])
		if off < prev {
			t.Errorf("getUpdates went back from offset %d to %d", prev, off)
		}
		prev = max(prev, off)
	}
	if n := metricSum(t, e, "ouderkring_updates_total{"); n != 50 {
		t.Errorf("updates handled: %v, want 50 (5 from each of 10 parents)", n)
	}
	// Each button press was answered once (its spinner stopped; beside
	// the answer, so a retried one may come last).
	answered := map[string]int{}
	testwait.Eventually(t, 30*time.Second, func() bool {
		clear(answered)
		for _, c := range e.tg.CallsTo("answerCallbackQuery") {
			if c.OK {
				answered[c.Params["callback_query_id"]]++
			}
		}
		return len(answered) >= 30
	}, "all 30 button presses answered (answerCallbackQuery accepted)")
	if len(answered) != 30 {
		t.Errorf("button presses answered: %d, want 30", len(answered))
	}
	for id, n := range answered {
		if n != 1 {
			t.Errorf("button press %s answered %d times", id, n)
		}
	}
	for _, stage := range []string{"handle", "panic", "send"} {
		if n := metricSum(t, e, `ouderkring_errors_total{stage="`+stage+`"}`); n != 0 {
			t.Errorf("errors counted at stage %s: %v, want none (every fault retried)", stage, n)
		}
	}
}
