// Package dialogtest has test doubles for the dialog engine's ports, so
// front-end and engine tests can run without a database. Tests of the real
// store live in package db and run against PostgreSQL.
package dialogtest

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/ouderkring/ouderkring/dialog"
)

// MemStore is an in-memory dialog.SessionStore with the same optimistic
// concurrency and JSON round trip as the real one.
type MemStore struct {
	mu   sync.Mutex
	rows map[int64]row
	// Forgotten lists the chats ForgetChat was called for.
	Forgotten []int64
	// Err, when set, is returned by every call (a database that is down).
	Err error
}

type row struct {
	state   []byte
	version int64
}

// NewMemStore returns an empty store.
func NewMemStore() *MemStore { return &MemStore{rows: map[int64]row{}} }

// LoadSession implements dialog.SessionStore.
func (m *MemStore) LoadSession(ctx context.Context, chatID int64) (dialog.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return dialog.Session{}, m.Err
	}
	r, ok := m.rows[chatID]
	if !ok {
		return dialog.Session{ChatID: chatID}, nil
	}
	var s dialog.Session
	if err := json.Unmarshal(r.state, &s); err != nil {
		return dialog.Session{}, err
	}
	s.ChatID, s.Version = chatID, r.version
	return s, nil
}

// SaveSession implements dialog.SessionStore.
func (m *MemStore) SaveSession(ctx context.Context, s dialog.Session) (dialog.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return s, m.Err
	}
	if m.rows[s.ChatID].version != s.Version {
		return s, dialog.ErrConflict
	}
	state, err := json.Marshal(s)
	if err != nil {
		return s, err
	}
	s.Version++
	m.rows[s.ChatID] = row{state: state, version: s.Version}
	return s, nil
}

// ForgetChat implements dialog.SessionStore.
func (m *MemStore) ForgetChat(ctx context.Context, chatID int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return m.Err
	}
	delete(m.rows, chatID)
	m.Forgotten = append(m.Forgotten, chatID)
	return nil
}

// Has reports whether the store holds a session for the chat.
func (m *MemStore) Has(chatID int64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.rows[chatID]
	return ok
}

// Bump raises the stored version of a chat, as if another replica saved
// it in between; the next save from an older load conflicts.
func (m *MemStore) Bump(chatID int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.rows[chatID]
	r.version++
	if r.state == nil {
		r.state = []byte(`{"schema":1}`)
	}
	m.rows[chatID] = r
}

// Conflicting is a MemStore whose first save of every step of a chat that
// has a session conflicts, as if another update or the upkeep saved the
// chat just before: Engine.Handle then steps every input twice. It proves
// that a retried step writes once (dialog/effects.go).
type Conflicting struct {
	*MemStore
	mu    sync.Mutex
	armed map[int64]bool // the next save of the chat goes through
	// Conflicts counts the conflicts it made.
	Conflicts int
	// Calm, when set, makes it a plain MemStore (no conflicts).
	Calm bool
}

// NewConflicting returns an empty Conflicting store.
func NewConflicting() *Conflicting {
	return &Conflicting{MemStore: NewMemStore(), armed: map[int64]bool{}}
}

// SaveSession implements dialog.SessionStore.
func (c *Conflicting) SaveSession(ctx context.Context, s dialog.Session) (dialog.Session, error) {
	c.mu.Lock()
	conflict := !c.Calm && !c.armed[s.ChatID] && c.Has(s.ChatID)
	c.armed[s.ChatID] = conflict
	if conflict {
		c.Conflicts++
		c.Bump(s.ChatID)
	}
	c.mu.Unlock()
	return c.MemStore.SaveSession(ctx, s)
}

// Cached is a MemStore with a session cache, as db's WithSessionCache
// keeps one: the JSON and version of the session this store last saved for
// each chat (dialog.SessionCache). Another engine on the same
// MemStore is another process: what it saves leaves this cache stale.
type Cached struct {
	*MemStore
	mu    sync.Mutex
	cache map[int64]row
	// Loads counts LoadSession calls, Hits the sessions CachedSession gave.
	Loads, Hits int
}

var _ dialog.SessionCache = (*Cached)(nil)

// NewCached returns an empty Cached store.
func NewCached() *Cached { return &Cached{MemStore: NewMemStore(), cache: map[int64]row{}} }

func (c *Cached) put(s dialog.Session) {
	state, err := json.Marshal(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil || s.Version == 0 {
		delete(c.cache, s.ChatID)
		return
	}
	c.cache[s.ChatID] = row{state: state, version: s.Version}
}

// LoadSession implements dialog.SessionStore.
func (c *Cached) LoadSession(ctx context.Context, chatID int64) (dialog.Session, error) {
	c.mu.Lock()
	c.Loads++
	c.mu.Unlock()
	return c.MemStore.LoadSession(ctx, chatID)
}

// SaveSession implements dialog.SessionStore.
func (c *Cached) SaveSession(ctx context.Context, s dialog.Session) (dialog.Session, error) {
	saved, err := c.MemStore.SaveSession(ctx, s)
	if err != nil {
		c.DropCachedSession(s.ChatID)
		return saved, err
	}
	c.put(saved)
	return saved, nil
}

// ForgetChat implements dialog.SessionStore.
func (c *Cached) ForgetChat(ctx context.Context, chatID int64) error {
	c.DropCachedSession(chatID)
	return c.MemStore.ForgetChat(ctx, chatID)
}

// CachedSession implements dialog.SessionCache.
func (c *Cached) CachedSession(chatID int64) (dialog.Session, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.cache[chatID]
	if !ok {
		return dialog.Session{}, false
	}
	var s dialog.Session
	if json.Unmarshal(r.state, &s) != nil {
		return dialog.Session{}, false
	}
	c.Hits++
	s.ChatID, s.Version = chatID, r.version
	return s, true
}

// DropCachedSession implements dialog.SessionCache.
func (c *Cached) DropCachedSession(chatID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.cache, chatID)
}
