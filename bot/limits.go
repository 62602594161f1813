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

// windowGuard widens the one-second window the global limit is kept in by
// a small margin for how Telegram rounds the times it counts by (it does
// not say); 5 ms costs 0.5% of the rate. The requests' travel time is not
// guessed here: the window counts a request until Telegram has answered
// it (see slidingWindow). It was 20 ms, a guess at that travel time.
const windowGuard = 5 * time.Millisecond

// inFlight marks a slot whose request has not been answered yet.
var inFlight = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// slidingWindow allows at most n requests in any window of length w as the
// receiver sees them arrive, whatever the delay between taking a slot and
// the request reaching Telegram (seen here: over 100 ms on a busy 2-core
// machine, which squeezed a window to 31 calls in cmd/fanout). A request
// arrives somewhere between its take and its answer, so each request is
// kept at its answer time, and a new one may go when every request at
// least n back was answered w ago: then no n+1 requests can arrive within
// w. Unlike a token bucket with a burst this never lets more than n
// through in any window, yet allows n at once after a quiet spell. The
// cost is the round trip per window: about n/(w+RTT) instead of n/w. A
// request that hangs holds its place until the API client's 30 s timeout.
//
// Hand-written: rate-limit libraries (x/time/rate, uber's ratelimit) are
// token buckets or pacers by the time a call starts; none counts by when
// a request ended.
type slidingWindow struct {
	w     time.Duration
	ends  []time.Time // ring of the last n requests' answer times (inFlight until answered)
	next  int         // where the next request goes: the oldest once full
	count int
	floor time.Time // the latest answer of every request that left the ring
}

func newSlidingWindow(n int, w time.Duration) *slidingWindow {
	return &slidingWindow{w: w, ends: make([]time.Time, n)}
}

// readyAt is the earliest time the next request may go (zero: now);
// inFlight+w while the request n back is still unanswered.
func (s *slidingWindow) readyAt() time.Time {
	if s.count < len(s.ends) {
		return time.Time{}
	}
	return maxTime(s.floor, s.ends[s.next]).Add(s.w)
}

// take starts a request at now and returns its slot for done.
func (s *slidingWindow) take(now time.Time) int {
	slot := s.next
	if s.count == len(s.ends) {
		s.floor = maxTime(s.floor, s.ends[slot])
	}
	s.ends[slot] = inFlight
	s.next = (s.next + 1) % len(s.ends)
	s.count = min(s.count+1, len(s.ends))
	return slot
}

// done records that the request in slot was answered (or never sent) at now.
func (s *slidingWindow) done(slot int, now time.Time) {
	s.ends[slot] = now
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
