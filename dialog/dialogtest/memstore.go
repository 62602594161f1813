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
