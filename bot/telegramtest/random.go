package telegramtest

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RandomFaults describes a flaky Telegram for load and fault tests: each
// call to one of Methods fails with a 429 (with RetryAfter) with
// probability RateLimited, else with a 500 with probability ServerError,
// else loses its connection with probability Dropped, else is answered
// normally but late (by up to SlowDelay) with probability Slow. Other
// calls are answered normally. The same Seed gives the same sequence of
// verdicts, though with concurrent senders not for the same calls.
//
// A dropped connection is dropped before the server handles the request
// (see Fault.DropConnection), so a client that sends the same message
// again shows it once: like a connection lost on the way to Telegram.
type RandomFaults struct {
	Methods     []string // default: sendMessage
	RateLimited float64  // fraction of calls answered 429
	RetryAfter  int      // the 429s' retry_after in seconds (default 1)
	ServerError float64  // fraction of calls answered 500
	Dropped     float64  // fraction of calls whose connection is closed without an answer
	Slow        float64  // fraction of calls answered late (normally)
	// SlowDelay is the longest delay of a slow call; each waits between
	// half of it and all of it (default 300 ms).
	SlowDelay time.Duration
	// MaxInARow, if positive, caps how many calls of one method to one
	// chat (or for one button press) fail one after the other (a slow call
	// is not a failure): the next one is answered normally. It keeps a
	// client's retry budget enough, so a test with many calls cannot flake
	// on a long streak.
	MaxInARow int
	Seed      uint64
}

// Hook returns the hook for OnCall that injects the faults.
func (r RandomFaults) Hook() func(Call) *Fault {
	methods := r.Methods
	if len(methods) == 0 {
		methods = []string{"sendMessage"}
	}
	retryAfter := max(r.RetryAfter, 1)
	slow := r.SlowDelay
	if slow <= 0 {
		slow = 300 * time.Millisecond
	}
	var mu sync.Mutex
	rnd := rand.New(rand.NewPCG(r.Seed, r.Seed^0x9e3779b97f4a7c15))
	streaks := map[string]int{} // by method and chat: failures in a row
	return func(c Call) *Fault {
		hit := false
		for _, m := range methods {
			hit = hit || strings.EqualFold(m, c.Method)
		}
		if !hit {
			return nil
		}
		key := strings.ToLower(c.Method) + "/" + strconv.FormatInt(c.ChatID(), 10) + "/" + c.Params["callback_query_id"]
		mu.Lock()
		defer mu.Unlock()
		x := rnd.Float64()
		var f *Fault
		switch {
		case x < r.RateLimited:
			f = RateLimited(retryAfter)
		case x < r.RateLimited+r.ServerError:
			f = ServerError()
		case x < r.RateLimited+r.ServerError+r.Dropped:
			f = &Fault{DropConnection: true}
		case x < r.RateLimited+r.ServerError+r.Dropped+r.Slow:
			return &Fault{Delay: slow/2 + time.Duration(rnd.Int64N(int64(slow/2)+1))}
		}
		if f == nil || (r.MaxInARow > 0 && streaks[key] >= r.MaxInARow) {
			delete(streaks, key)
			return nil
		}
		streaks[key]++
		return f
	}
}
