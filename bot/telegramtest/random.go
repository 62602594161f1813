package telegramtest

import (
	"math/rand/v2"
	"strings"
	"sync"
)

// RandomFaults describes a flaky Telegram for load tests: each call to one
// of Methods fails with a 429 (with RetryAfter) with probability
// RateLimited, else with a 500 with probability ServerError. Other calls
// are answered normally. The same Seed gives the same sequence of
// verdicts, though with concurrent senders not for the same calls.
type RandomFaults struct {
	Methods     []string // default: sendMessage
	RateLimited float64  // fraction of calls answered 429
	RetryAfter  int      // the 429s' retry_after in seconds (default 1)
	ServerError float64  // fraction of calls answered 500
	Seed        uint64
}

// Hook returns the hook for OnCall that injects the faults.
func (r RandomFaults) Hook() func(Call) *Fault {
	methods := r.Methods
	if len(methods) == 0 {
		methods = []string{"sendMessage"}
	}
	retryAfter := max(r.RetryAfter, 1)
	var mu sync.Mutex
	rnd := rand.New(rand.NewPCG(r.Seed, r.Seed^0x9e3779b97f4a7c15))
	return func(c Call) *Fault {
		hit := false
		for _, m := range methods {
			hit = hit || strings.EqualFold(m, c.Method)
		}
		if !hit {
			return nil
		}
		mu.Lock()
		x := rnd.Float64()
		mu.Unlock()
		switch {
		case x < r.RateLimited:
			return RateLimited(retryAfter)
		case x < r.RateLimited+r.ServerError:
			return ServerError()
		}
		return nil
	}
}
