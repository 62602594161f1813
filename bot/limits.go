package bot

import "time"

// Telegram's published limits for a bot, the outbound defaults: about 30
// messages a second over all chats, and about one a second in one chat
// (short bursts allowed). See https://core.telegram.org/bots/faq.
const (
	DefaultRate      = 30
	DefaultChatRate  = 1.0
	DefaultChatBurst = 5
)

// windowGuard widens the one-second window the global limit is kept in.
// Telegram counts requests when they arrive, and two requests sent exactly
// a second apart can arrive a little closer; without the guard the count
// in some second, as Telegram (or the fake Bot API) sees it, could be one
// over. It costs about 2% of the rate.
const windowGuard = 20 * time.Millisecond

// slidingWindow allows at most n events in any window of length w: an
// event may happen when the n-th last one is at least w ago. Unlike a
// token bucket with a burst, this never lets more than n through in any
// window, yet allows n at once after a quiet spell.
type slidingWindow struct {
	w     time.Duration
	times []time.Time // ring of the last n events
	next  int         // where the next event goes: the oldest once full
	count int
}

func newSlidingWindow(n int, w time.Duration) *slidingWindow {
	return &slidingWindow{w: w, times: make([]time.Time, n)}
}

// readyAt is the earliest time the next event may happen (zero: now).
func (s *slidingWindow) readyAt() time.Time {
	if s.count < len(s.times) {
		return time.Time{}
	}
	return s.times[s.next].Add(s.w)
}

func (s *slidingWindow) take(now time.Time) {
	s.times[s.next] = now
	s.next = (s.next + 1) % len(s.times)
	s.count = min(s.count+1, len(s.times))
}

// chatLimit is one chat's token bucket (burst tokens, refilled at rate a
// second) and how long Telegram asked us to leave the chat alone (429).
type chatLimit struct {
	tokens  float64
	at      time.Time // when tokens was right
	paused  time.Time // a 429's retry_after for this chat ends
	granted time.Time // when the chat was last given a slot (fair turns)
}

// readyAt is the earliest time the chat may get a message.
func (c *chatLimit) readyAt(rate float64) time.Time {
	t := c.at
	if c.tokens < 1 {
		t = c.at.Add(time.Duration((1 - c.tokens) / rate * float64(time.Second)))
	}
	if c.paused.After(t) {
		t = c.paused
	}
	return t
}

// take spends a token at now (which is not before readyAt).
func (c *chatLimit) take(now time.Time, rate, burst float64) {
	c.refill(now, rate, burst)
	c.tokens--
}

func (c *chatLimit) refill(now time.Time, rate, burst float64) {
	if now.After(c.at) {
		c.tokens = min(burst, c.tokens+rate*now.Sub(c.at).Seconds())
		c.at = now
	}
}

// idle says the chat's bucket is full and not paused at now: forgetting it
// changes nothing.
func (c *chatLimit) idle(now time.Time, rate, burst float64) bool {
	c.refill(now, rate, burst)
	return c.tokens >= burst && !c.paused.After(now)
}
