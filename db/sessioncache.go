package db

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
)

// sessionCache holds, for each chat this process handled lately, the
// session as it last saved it: the JSON it wrote and the version that JSON
// has in the table. Only saves fill it: they happen inside the engine's
// Handle, one at a time per chat, as /vergeet's erasure does; a load may
// come from elsewhere (a reminder job, moderation) at any moment, and
// caching what it read could put back a session /vergeet just erased. It saves the load's round trip on
// most updates (dialog.SessionCache says when the engine may trust it).
//
// It keeps bytes, not a decoded Session, so nothing a step does to a
// session in memory can reach the cache before the save succeeded.
// Entries go after ttl unused (a chat that went quiet is not kept in
// memory any longer than that) and, past max entries, the oldest first.
type sessionCache struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	now     func() time.Time
	entries map[int64]cachedSession
}

type cachedSession struct {
	state   []byte
	version int64
	at      time.Time
}

// Defaults of WithSessionCache.
const (
	DefaultSessionCacheSize = 20_000
	DefaultSessionCacheTTL  = 10 * time.Minute
)

// WithSessionCache keeps the sessions of up to size chats in memory for
// ttl after their last use, so an update usually needs no round trip to
// load its session (the save still checks the version). Only for a program
// that is the one handling its chats' updates, as in polling mode: with
// webhook replicas a chat's updates go to any of them, and a stale entry
// costs a step decided twice. size or ttl of 0 or less: the defaults.
func WithSessionCache(size int, ttl time.Duration) Option {
	return func(o *options) {
		if size <= 0 {
			size = DefaultSessionCacheSize
		}
		if ttl <= 0 {
			ttl = DefaultSessionCacheTTL
		}
		o.sessionCache = &sessionCache{max: size, ttl: ttl, now: time.Now, entries: map[int64]cachedSession{}}
	}
}

// put remembers state at version for the chat; c may be nil (no cache).
func (c *sessionCache) put(chatID int64, state []byte, version int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if _, ok := c.entries[chatID]; !ok && len(c.entries) >= c.max {
		c.evictLocked(now)
	}
	c.entries[chatID] = cachedSession{state: state, version: version, at: now}
}

// evictLocked makes room: every entry past its ttl, and if none was, the
// oldest one. (A scan of the map: it happens only when the cache is full,
// once per new chat at most.)
func (c *sessionCache) evictLocked(now time.Time) {
	var (
		oldest   int64
		oldestAt time.Time
		dropped  bool
	)
	for id, e := range c.entries {
		if now.Sub(e.at) > c.ttl {
			delete(c.entries, id)
			dropped = true
			continue
		}
		if oldestAt.IsZero() || e.at.Before(oldestAt) {
			oldest, oldestAt = id, e.at
		}
	}
	if !dropped && !oldestAt.IsZero() {
		delete(c.entries, oldest)
	}
}

// get returns the chat's cached session, decoded, if there is one still
// fresh.
func (c *sessionCache) get(chatID int64) (dialog.Session, bool) {
	if c == nil {
		return dialog.Session{}, false
	}
	c.mu.Lock()
	e, ok := c.entries[chatID]
	if ok && c.now().Sub(e.at) > c.ttl {
		delete(c.entries, chatID)
		ok = false
	}
	c.mu.Unlock()
	if !ok {
		return dialog.Session{}, false
	}
	var s dialog.Session
	if err := json.Unmarshal(e.state, &s); err != nil {
		c.drop(chatID)
		return dialog.Session{}, false
	}
	s.ChatID, s.Version = chatID, e.version
	return s, true
}

// drop forgets the chat's entry.
func (c *sessionCache) drop(chatID int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.entries, chatID)
	c.mu.Unlock()
}

// len is how many chats the cache holds.
func (c *sessionCache) len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

var _ dialog.SessionCache = (*Sessions)(nil)

// CachedSession returns the chat's session as this process last saved it, if the store keeps a cache (WithSessionCache) and still holds
// it. It may be stale: the engine lets only a save with the version check
// rely on it (dialog.SessionCache).
func (s *Sessions) CachedSession(chatID int64) (dialog.Session, bool) {
	return s.db.sessions.get(chatID)
}

// DropCachedSession forgets the chat's cached session, if any.
func (s *Sessions) DropCachedSession(chatID int64) { s.db.sessions.drop(chatID) }
