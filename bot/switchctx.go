package bot

import (
	"context"
	"sync"
	"time"
)

// switchableContext is a context whose underlying context can be replaced.
// The long poll uses it: it is the bot's run context while polling (so a
// stop aborts the poll at once) and a fresh short one for the last call
// that confirms the handled updates.
type switchableContext struct {
	mu  sync.Mutex
	ctx context.Context
}

func newSwitchableContext(ctx context.Context) *switchableContext {
	return &switchableContext{ctx: ctx}
}

// Set replaces the underlying context for requests made from now on.
func (s *switchableContext) Set(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
}

func (s *switchableContext) get() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctx
}

func (s *switchableContext) Deadline() (time.Time, bool) { return s.get().Deadline() }
func (s *switchableContext) Done() <-chan struct{}       { return s.get().Done() }
func (s *switchableContext) Err() error                  { return s.get().Err() }
func (s *switchableContext) Value(k any) any             { return s.get().Value(k) }
