package main

import (
	"context"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/internal/pgproxy"
)

// chaos.go: what the soak does to the bot besides Telegram's faults (the
// fake's hook): poison updates, database outages, SIGKILL and restart.

// poisonChat is where poison updates come from, away from the people.
const poisonChat = 9_000_000

// poisons are updates no person sends but Telegram may: each must be
// confirmed and skipped (or answered) without taking the bot down.
func poisons(n int) tgbotapi.Update {
	chat := int64(poisonChat + n)
	user := &tgbotapi.User{ID: chat, FirstName: "Poison", LanguageCode: "nl"}
	private := &tgbotapi.Chat{ID: chat, Type: "private"}
	switch n % 9 {
	case 0: // a button on an inline-mode message: no message at all
		return tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: "poison-cb", From: user, InlineMessageID: "inline-1", Data: "menu"}}
	case 1: // a message without a sender
		return tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 1, Chat: private, Date: int(time.Now().Unix()), Text: "hoi"}}
	case 2: // a message without a chat
		return tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 1, From: user, Date: int(time.Now().Unix()), Text: "hoi"}}
	case 3: // inline mode
		return tgbotapi.Update{InlineQuery: &tgbotapi.InlineQuery{ID: "poison-iq", From: user, Query: "babycafé"}}
	case 4: // the bot added to a group
		return tgbotapi.Update{MyChatMember: &tgbotapi.ChatMemberUpdated{Chat: tgbotapi.Chat{ID: -chat, Type: "group"}, From: *user,
			Date: int(time.Now().Unix()), NewChatMember: tgbotapi.ChatMember{User: &tgbotapi.User{ID: 1, IsBot: true}, Status: "member"}}}
	case 5: // far longer than Telegram allows
		return tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 1, From: user, Chat: private, Date: int(time.Now().Unix()), Text: strings.Repeat("lang ", 8000)}}
	case 6: // button data far past 64 bytes, on a message the bot never sent
		return tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: "poison-long", From: user, Data: strings.Repeat("m:o:", 100),
			Message: &tgbotapi.Message{MessageID: 999999, Chat: private, Date: int(time.Now().Unix())}}}
	case 7: // a channel post
		return tgbotapi.Update{ChannelPost: &tgbotapi.Message{MessageID: 1, Chat: &tgbotapi.Chat{ID: -chat, Type: "channel"}, Date: int(time.Now().Unix()), Text: "/start"}}
	default: // an edit in a group, of a message the bot never saw
		return tgbotapi.Update{EditedMessage: &tgbotapi.Message{MessageID: 5, From: user, Chat: &tgbotapi.Chat{ID: -chat, Type: "group"},
			Date: int(time.Now().Unix()), EditDate: int(time.Now().Unix()), Text: "/nieuw"}}
	}
}

// chaos counts what was done.
type chaos struct {
	mu       sync.Mutex
	poisoned []int          // update ids
	away     [][2]time.Time // each database outage: from, to
	outages  int
	kills    int
	problems []string
}

func (c *chaos) note(problem string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.problems = append(c.problems, problem)
}

// every runs f every d until ctx ends (never when d is 0).
func every(ctx context.Context, wg *sync.WaitGroup, d time.Duration, f func()) {
	if d <= 0 {
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				f()
			}
		}
	}()
}

// unleash starts the poison updates, the outages and the kills; they stop
// when ctx ends. A kill waits until no outage is on, and an outage until
// the bot is up, so each fault is seen on its own as well as together with
// Telegram's.
func (c *chaos) unleash(ctx context.Context, wg *sync.WaitGroup, cfg config, srv *telegramtest.Server, proxy *pgproxy.Proxy, bot *botProc) {
	var turn sync.Mutex // one outage or kill at a time
	n := 0
	every(ctx, wg, cfg.poisonEvery, func() {
		id := srv.Queue(poisons(n))
		n++
		c.mu.Lock()
		c.poisoned = append(c.poisoned, id)
		c.mu.Unlock()
	})
	every(ctx, wg, cfg.outageEvery, func() {
		turn.Lock()
		defer turn.Unlock()
		from := time.Now()
		proxy.SetDown(true)
		select {
		case <-ctx.Done():
		case <-time.After(cfg.outageFor):
		}
		proxy.SetDown(false)
		c.mu.Lock()
		c.outages++
		c.away = append(c.away, [2]time.Time{from, time.Now()})
		c.mu.Unlock()
	})
	every(ctx, wg, cfg.killEvery, func() {
		turn.Lock()
		defer turn.Unlock()
		bot.kill()
		c.mu.Lock()
		c.kills++
		c.mu.Unlock()
		if err := bot.start(ctx); err != nil && ctx.Err() == nil {
			c.note("restart after SIGKILL: " + err.Error())
		}
	})
}

// duringOutage reports whether t falls in a database outage, or in the
// half minute after one, while the pools and the job queue reconnect.
func (c *chaos) duringOutage(t time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range c.away {
		if !t.Before(w[0]) && t.Before(w[1].Add(30*time.Second)) {
			return true
		}
	}
	return false
}
