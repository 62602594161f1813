// Package testwait lets a test wait for something another goroutine does,
// instead of sleeping "long enough": a sleep is too short on a busy machine,
// where the test then fails for nothing, and too long everywhere else, where
// the suite drags. Wait on a signal when there is one (a channel, a hook,
// the fake Bot API's WaitCall and Next); Eventually is for state that can
// only be looked at — a database row, a metric, an HTTP endpoint.
package testwait

import (
	"testing"
	"time"
)

// maxInterval is the longest pause between two looks: short enough that a
// test goes on soon after the condition holds, long enough not to load a
// database or an endpoint with questions.
const maxInterval = 50 * time.Millisecond

// Eventually calls cond until it reports true, and fails the test (Fatalf)
// with what — the condition awaited, e.g. "/readyz answers 503" — and the
// time waited if it has not within within. It looks at once, then after
// 1 ms, and doubles the pause up to 50 ms, so a condition that holds soon
// costs little and one that takes seconds does not spin.
//
// Give within generously (seconds, not milliseconds): the limit only
// matters when the test fails, and the tests share a noisy machine. cond
// runs on the calling goroutine and may use tb: to show what it saw when
// the test fails, have it tb.Logf the state when it changes (shown only for
// a failed test or with -v). Like tb.Fatal, Eventually must be called from
// the test's goroutine.
func Eventually(tb testing.TB, within time.Duration, cond func() bool, what string) {
	tb.Helper()
	start := time.Now()
	pause := time.Millisecond
	for !cond() {
		waited := time.Since(start)
		if waited >= within {
			tb.Fatalf("%s: not so within %v (waited %v)", what, within, waited.Round(time.Millisecond))
			return
		}
		time.Sleep(min(pause, within-waited))
		pause = min(2*pause, maxInterval)
	}
}
