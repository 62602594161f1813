package telegramtest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Calls returns every request recorded so far, in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the recorded requests for one method (case-insensitive),
// including failed ones.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

// SentTo returns what the bot successfully showed in a chat so far: the
// Visible calls (messages, edits, venues, documents, photos, deletes)
// addressed to chatID that the server accepted, in order.
func (s *Server) SentTo(chatID int64) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentToLocked(chatID)
}

func (s *Server) sentToLocked(chatID int64) []Call {
	return s.sentSinceLocked(chatID, 0)
}

// SentSince is SentTo(chatID)[n:], without copying the first n: what a
// long-running driver (cmd/soak) reads after each input, in time that
// does not grow with the run.
func (s *Server) SentSince(chatID int64, n int) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentSinceLocked(chatID, n)
}

func (s *Server) sentSinceLocked(chatID int64, n int) []Call {
	idx := s.sent[chatID]
	if n >= len(idx) {
		return nil
	}
	out := make([]Call, 0, len(idx)-n)
	for _, i := range idx[max(n, 0):] {
		out = append(out, s.calls[i])
	}
	return out
}

// Next returns the next entry of SentTo(chatID) not yet returned by Next,
// waiting for the bot if necessary. It fails the test with a dump of the
// traffic if nothing arrives within the wait timeout (WithWaitTimeout).
// Like t.Fatal, it must be called from the test goroutine.
func (s *Server) Next(tb testing.TB, chatID int64) Call {
	tb.Helper()
	return s.NextWithin(tb, chatID, s.opts.waitTimeout)
}

// NextWithin is Next with an explicit timeout.
func (s *Server) NextWithin(tb testing.TB, chatID int64, timeout time.Duration) Call {
	tb.Helper()
	var got Call
	ok := s.waitUntil(timeout, func() bool {
		sent := s.sentToLocked(chatID)
		if i := s.cursors[chatID]; i < len(sent) {
			got = sent[i]
			s.cursors[chatID] = i + 1
			return true
		}
		return false
	})
	if !ok {
		tb.Fatalf("telegramtest: no new message to chat %d within %v\n%s", chatID, timeout, s.dump(chatID))
	}
	return got
}

// WaitSent waits until SentTo(chatID) has at least n entries and returns
// them all, failing the test otherwise. It ignores Next's cursor.
func (s *Server) WaitSent(tb testing.TB, chatID int64, n int) []Call {
	tb.Helper()
	var sent []Call
	if !s.waitUntil(s.opts.waitTimeout, func() bool {
		sent = s.sentToLocked(chatID)
		return len(sent) >= n
	}) {
		tb.Fatalf("telegramtest: %d of %d messages to chat %d within %v\n%s", len(sent), n, chatID, s.opts.waitTimeout, s.dump(chatID))
	}
	return sent
}

// ExpectNone fails the test (without stopping it) if the bot shows anything
// new in the chat within d. It does not consume what arrives.
func (s *Server) ExpectNone(tb testing.TB, chatID int64, d time.Duration) {
	tb.Helper()
	arrived := s.waitUntil(d, func() bool {
		return s.cursors[chatID] < len(s.sentToLocked(chatID))
	})
	if arrived {
		tb.Errorf("telegramtest: expected nothing new in chat %d\n%s", chatID, s.dump(chatID))
	}
}

// Drain marks everything shown in the chat so far as consumed by Next and
// returns the entries that had not been consumed yet.
func (s *Server) Drain(chatID int64) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	sent := s.sentToLocked(chatID)
	rest := sent[min(s.cursors[chatID], len(sent)):]
	s.cursors[chatID] = len(sent)
	return rest
}

// WaitCall waits for the first recorded call (since the start) for which
// match reports true, and fails the test if none arrives in time.
func (s *Server) WaitCall(tb testing.TB, match func(Call) bool) Call {
	tb.Helper()
	t := time.NewTimer(s.opts.waitTimeout)
	defer t.Stop()
	for checked := 0; ; {
		s.mu.Lock()
		calls, ch := s.calls, s.changed
		s.mu.Unlock()
		// match runs without s.mu so it may use Server methods; recorded
		// calls are never modified, so reading them unlocked is safe.
		for ; checked < len(calls); checked++ {
			if match(calls[checked]) {
				return calls[checked]
			}
		}
		select {
		case <-ch:
			continue
		case <-t.C:
		case <-s.done:
		}
		tb.Fatalf("telegramtest: no matching call within %v\n%s", s.opts.waitTimeout, s.dump(0))
		return Call{}
	}
}

// WaitCallsTo waits until at least n requests for method (case-insensitive,
// failed ones included) are recorded and returns them all, failing the test
// otherwise. Counting the bot's polls this way takes no sleep: each recorded
// call wakes the wait.
func (s *Server) WaitCallsTo(tb testing.TB, method string, n int) []Call {
	tb.Helper()
	var got []Call
	if !s.waitUntil(s.opts.waitTimeout, func() bool {
		got = got[:0]
		for _, c := range s.calls {
			if strings.EqualFold(c.Method, method) {
				got = append(got, c)
			}
		}
		return len(got) >= n
	}) {
		tb.Fatalf("telegramtest: %d of %d %s calls within %v\n%s", len(got), n, method, s.opts.waitTimeout, s.dump(0))
	}
	return got
}

// WaitLongPoll waits until a getUpdates call is waiting for an update to
// arrive (the bot had nothing left to fetch), and fails the test otherwise.
func (s *Server) WaitLongPoll(tb testing.TB) {
	tb.Helper()
	if !s.waitUntil(s.opts.waitTimeout, func() bool { return s.longPolls > 0 }) {
		tb.Fatalf("telegramtest: no getUpdates call waiting within %v\n%s", s.opts.waitTimeout, s.dump(0))
	}
}

// Changed returns a channel that is closed at the next change of the
// server's state: a call recorded, an update queued, fetched or confirmed.
// Take it before looking at the state (SentTo, Calls, …), then wait on it,
// so that no change is missed in between: a test that drives several
// conversations at once waits this way instead of sleeping between looks.
func (s *Server) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

// WaitConsumed waits until the bot has confirmed the update, i.e. sent a
// getUpdates offset above updateID, and fails the test otherwise.
func (s *Server) WaitConsumed(tb testing.TB, updateID int) {
	tb.Helper()
	if !s.waitUntil(s.opts.waitTimeout, func() bool { return s.confirmed > updateID }) {
		tb.Fatalf("telegramtest: update %d not confirmed within %v\n%s", updateID, s.opts.waitTimeout, s.dump(0))
	}
}

// WaitDelivered waits until getUpdates has handed the update to the bot
// (which has not necessarily confirmed it), and fails the test otherwise.
func (s *Server) WaitDelivered(tb testing.TB, updateID int) {
	tb.Helper()
	if !s.waitUntil(s.opts.waitTimeout, func() bool { return s.delivered >= updateID }) {
		tb.Fatalf("telegramtest: update %d not fetched within %v\n%s", updateID, s.opts.waitTimeout, s.dump(0))
	}
}

// Click presses the inline button labelled label on the message c sent or
// edited (typically a Call returned by Next), as the chat's user with the
// language they last used. It returns the update id, and fails the test if
// there is no such button or it has no callback data.
func (s *Server) Click(tb testing.TB, c Call, label string) int {
	tb.Helper()
	b, ok := c.FindButton(label)
	if !ok || b.CallbackData == "" {
		var labels []string
		for _, row := range c.InlineKeyboard() {
			for _, b := range row {
				labels = append(labels, fmt.Sprintf("%q", b.Text))
			}
		}
		tb.Fatalf("telegramtest: no callback button %q on %s; buttons: %s", label, c, strings.Join(labels, ", "))
	}
	s.mu.Lock()
	lang := s.langs[c.ChatID()]
	s.mu.Unlock()
	return s.PressButton(c.ChatID(), lang, c.MessageID(), b.CallbackData)
}

// dump describes the traffic for a failure message: everything concerning
// chatID (if non-zero), then the latest other calls and the update queue.
func (s *Server) dump(chatID int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	if chatID != 0 {
		fmt.Fprintf(&b, "calls for chat %d (%d consumed by Next):\n", chatID, s.cursors[chatID])
		n, seen := 0, 0
		for _, c := range s.calls {
			if c.ChatID() != chatID {
				continue
			}
			n++
			mark := ""
			if c.OK && c.Visible() {
				seen++
				if seen <= s.cursors[chatID] {
					mark = " (consumed)"
				}
			}
			fmt.Fprintf(&b, "  %s %s%s\n", c.Time.Format("15:04:05.000"), c, mark)
		}
		if n == 0 {
			b.WriteString("  (none)\n")
		}
	}
	const maxOther = 15
	var other []Call
	polls := 0
	for _, c := range s.calls {
		switch {
		case strings.EqualFold(c.Method, "getUpdates"):
			polls++
		case chatID == 0 || c.ChatID() != chatID:
			other = append(other, c)
		}
	}
	fmt.Fprintf(&b, "other calls (last %d of %d, not counting %d getUpdates):\n", min(maxOther, len(other)), len(other), polls)
	for _, c := range other[max(0, len(other)-maxOther):] {
		fmt.Fprintf(&b, "  %s %s\n", c.Time.Format("15:04:05.000"), c)
	}
	fmt.Fprintf(&b, "updates: last queued %d, last fetched %d, confirmed offset %d, %d pending\n",
		s.lastUpdate, s.delivered, s.confirmed, len(s.queue))
	return strings.TrimRight(b.String(), "\n")
}
