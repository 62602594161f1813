package db

import (
	"testing"
	"time"
)

// TestSessionCacheBounds: an entry goes after its ttl unused, and past the
// size the oldest goes (or every one past its ttl, when there are such).
func TestSessionCacheBounds(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	c := &sessionCache{max: 2, ttl: time.Minute, now: func() time.Time { return now }, entries: map[int64]cachedSession{}}
	c.put(1, []byte(`{"schema":1,"lang":"nl"}`), 3)
	s, ok := c.get(1)
	if !ok || s.ChatID != 1 || s.Version != 3 || s.Lang != "nl" {
		t.Fatalf("get(1) = %+v, %v", s, ok)
	}
	now = now.Add(10 * time.Second)
	c.put(2, []byte(`{"schema":1}`), 1)
	now = now.Add(10 * time.Second)
	c.put(3, []byte(`{"schema":1}`), 1) // full: 1, the oldest, goes
	if _, ok := c.get(1); ok || c.len() != 2 {
		t.Errorf("past the size: chat 1 still there (%v), %d entries", ok, c.len())
	}
	now = now.Add(45 * time.Second) // 2 is 55 s old, 3 is 45 s
	c.put(3, []byte(`{"schema":1}`), 2)
	now = now.Add(10 * time.Second) // 2 is 65 s old: past its ttl
	if _, ok := c.get(2); ok {
		t.Error("an entry past its ttl was given")
	}
	if s, ok := c.get(3); !ok || s.Version != 2 {
		t.Errorf("get(3) = %+v, %v; want version 2", s, ok)
	}
	c.put(4, []byte(`{"schema":1}`), 1)
	now = now.Add(2 * time.Minute)
	c.put(5, []byte(`{"schema":1}`), 1) // full: both past their ttl go
	if c.len() != 1 {
		t.Errorf("%d entries, want only the new one", c.len())
	}
	c.put(6, []byte(`not json`), 1)
	if _, ok := c.get(6); ok || c.len() != 1 {
		t.Errorf("an entry that does not decode: given (%v) or kept (%d entries)", ok, c.len())
	}
	var none *sessionCache
	none.put(1, nil, 1)
	none.drop(1)
	if _, ok := none.get(1); ok || none.len() != 0 {
		t.Error("no cache gave a session")
	}
}
