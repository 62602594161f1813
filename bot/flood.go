package bot

import (
	"sync"
	"time"
)

// flood keeps one chat from drowning the bot: more than limit updates from
// a chat within one second and the rest of that second's updates are
// dropped before the engine sees them (no database work at all), after one
// "slow down" per chat per floodQuiet. Other chats are never affected: each
// chat has its own count. Written here rather than with x/time/rate
// because it needs a fixed window and the first-drop signal, and is a
// dozen lines.
type flood struct {
	limit int
	mu    sync.Mutex
	chats map[int64]*floodCount
	swept time.Time
}

type floodCount struct {
	window time.Time // the second being counted
	n      int
	warned time.Time // when the chat was last told to slow down
}

// floodQuiet is how long after one "slow down" the next may come.
const floodQuiet = 10 * time.Second

func newFlood(limit int) *flood {
	return &flood{limit: limit, chats: map[int64]*floodCount{}}
}

// allow counts an update of chat at now: ok when it may be handled; warn
// when it is dropped and the chat should hear "slow down" once.
func (f *flood) allow(chat int64, now time.Time) (ok, warn bool) {
	if f == nil || f.limit <= 0 {
		return true, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if now.Sub(f.swept) > time.Minute {
		for id, c := range f.chats {
			if now.Sub(c.window) > floodQuiet {
				delete(f.chats, id)
			}
		}
		f.swept = now
	}
	c := f.chats[chat]
	if c == nil {
		c = &floodCount{}
		f.chats[chat] = c
	}
	if sec := now.Truncate(time.Second); !sec.Equal(c.window) {
		c.window, c.n = sec, 0
	}
	c.n++
	if c.n <= f.limit {
		return true, false
	}
	if now.Sub(c.warned) < floodQuiet {
		return false, false
	}
	c.warned = now
	return false, true
}

// maxChatBacklog is how many updates of one chat may wait to be handled
// (with flood control on). A chat writing faster than the bot may answer
// it (OUTBOUND_CHAT_RATE) builds a backlog even under FLOOD_LIMIT; past
// this many, its further updates are dropped as a flood. Without it a few
// such chats filled the updates the bot holds at once (100), and an
// unrelated parent's /start was not even fetched for seconds.
const maxChatBacklog = 10

// backlogged reports whether an update of chat, queued behind queued
// others of the same chat, is one too many; warn says to tell the chat
// "slow down" (once per floodQuiet, shared with the rate's warnings).
func (f *flood) backlogged(chat int64, queued int, now time.Time) (drop, warn bool) {
	if f == nil || f.limit <= 0 || queued < maxChatBacklog {
		return false, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.chats[chat]
	if c == nil {
		c = &floodCount{window: now.Truncate(time.Second)}
		f.chats[chat] = c
	}
	if now.Sub(c.warned) < floodQuiet {
		return true, false
	}
	c.warned = now
	return true, true
}
