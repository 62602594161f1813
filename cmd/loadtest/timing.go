package main

import (
	"context"
	"sync"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// timing.go is -db-timing: the engine's database ports wrapped so every
// call is counted and timed, to see which of them an update's time goes
// to. It is off for the measured figures: the wrappers hide nothing the
// find-a-meetup conversation uses, but they add a little work of their own.

// callStat is how often one port method was called and how long the calls
// took altogether (wall time: waiting for a pool connection included).
type callStat struct {
	N       int     `json:"n"`
	TotalMS float64 `json:"total_ms"`
}

// callTimes collects callStats by method.
type callTimes struct {
	mu sync.Mutex
	m  map[string]callStat
}

func (t *callTimes) since(method string, start time.Time) {
	d := time.Since(start)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]callStat{}
	}
	s := t.m[method]
	s.N++
	s.TotalMS += float64(d) / float64(time.Millisecond)
	t.m[method] = s
}

func (t *callTimes) snapshot() map[string]callStat {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]callStat, len(t.m))
	for k, v := range t.m {
		out[k] = v
	}
	return out
}

type timedSessions struct {
	dialog.SessionStore
	t *callTimes
}

func (s timedSessions) LoadSession(ctx context.Context, chatID int64) (dialog.Session, error) {
	defer s.t.since("LoadSession", time.Now())
	return s.SessionStore.LoadSession(ctx, chatID)
}

func (s timedSessions) SaveSession(ctx context.Context, sess dialog.Session) (dialog.Session, error) {
	defer s.t.since("SaveSession", time.Now())
	return s.SessionStore.SaveSession(ctx, sess)
}

// CachedSession and DropCachedSession pass the store's session cache
// through (dialog.SessionCache), counting the hits as calls.
func (s timedSessions) CachedSession(chatID int64) (dialog.Session, bool) {
	c, ok := s.SessionStore.(dialog.SessionCache)
	if !ok {
		return dialog.Session{}, false
	}
	sess, hit := c.CachedSession(chatID)
	if hit {
		s.t.since("CachedSession", time.Now())
	}
	return sess, hit
}

func (s timedSessions) DropCachedSession(chatID int64) {
	if c, ok := s.SessionStore.(dialog.SessionCache); ok {
		c.DropCachedSession(chatID)
	}
}

type timedCatalogue struct {
	meetups.Catalogue
	t *callTimes
}

func (c timedCatalogue) Search(ctx context.Context, q meetups.Query) ([]meetups.Result, error) {
	defer c.t.since("Search", time.Now())
	return c.Catalogue.Search(ctx, q)
}

func (c timedCatalogue) Meetup(ctx context.Context, id int64) (meetups.Meetup, error) {
	defer c.t.since("Meetup", time.Now())
	return c.Catalogue.Meetup(ctx, id)
}

type timedCounter struct {
	meetups.Counter
	t *callTimes
}

func (c timedCounter) Count(ctx context.Context, event meetups.CountEvent, ids []int64, at time.Time) error {
	defer c.t.since("Count", time.Now())
	return c.Counter.Count(ctx, event, ids, at)
}
