package telegramtest

import (
	"slices"
	"strings"
	"time"
)

// Delivery is one text the server accepted for one chat.
type Delivery struct {
	Chat int64
	Text string
}

// Deliveries counts the accepted calls to method (e.g. "sendMessage") by
// chat and text: a count above one is the same message shown twice, a
// missing key a message never shown. For fan-out checks, give every
// message a text of its own.
func (s *Server) Deliveries(method string) map[Delivery]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[Delivery]int{}
	for _, c := range s.calls {
		if c.OK && strings.EqualFold(c.Method, method) {
			out[Delivery{c.ChatID(), c.Text()}]++
		}
	}
	return out
}

// MaxInWindow is the largest number of calls to method that arrived within
// any window of length w (a window holds calls at t ≤ time < t+w): the
// figure Telegram's "30 messages a second" is about. With acceptedOnly
// only calls answered {"ok":true} count, else every attempt.
func (s *Server) MaxInWindow(method string, w time.Duration, acceptedOnly bool) int {
	s.mu.Lock()
	var times []time.Time
	for _, c := range s.calls {
		if strings.EqualFold(c.Method, method) && (c.OK || !acceptedOnly) {
			times = append(times, c.Time)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	best, first := 0, 0
	for last, t := range times {
		for !times[first].Add(w).After(t) {
			first++
		}
		best = max(best, last-first+1)
	}
	return best
}
