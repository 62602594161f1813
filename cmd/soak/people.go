package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
)

// people.go: the people talking to the bot. Each sends one input, waits
// for the answer, pauses, and goes on from the buttons the bot showed last
// (most of the time), a command of their role, something typed, or a
// shared location — a random walk through the conversations a parent, an
// organiser, clinic staff or an admin can have.

// person is one chat.
type person struct {
	chat int64
	role string // parent, organiser, staff, admin
	lang string
	rng  *rand.Rand

	seen    int      // calls of SentTo(chat) read so far
	buttons []button // the inline buttons shown last
	inputs  []input  // what was sent, in order
	bad     []string // answers that should not have been given
}

type button struct {
	data string
	msg  int
}

// input is one update a person sent and what came of it.
type input struct {
	update int
	what   string // "text", "command", "button", "location"
	sent   time.Time
	waited time.Duration // until the first answer; 0 while none came
}

// The inputs of each role besides the buttons shown.
var (
	roleCommands = map[string][]string{
		"parent":    {"start", "zoek", "vraag", "bewaard", "help", "menu", "taal", "privacy"},
		"organiser": {"nieuw", "mijn", "help", "menu"},
		"staff":     {"link", "cijfers", "help"},
		"admin":     {"mijn", "uitnodigen", "help"},
	}
	roleTexts = map[string][]string{
		"parent": {"3512", "Utrecht", "Amersfoort", "Zwolle", "Lena", "Mijn moeder", "Boodschappen doen", "morgen",
			"zaterdag", "hoi", "ja", "Kun je zaterdag even op de kinderen passen?", "😀", "weet ik niet"},
		"organiser": {"Babycafé De Soak", "Koffie, thee en andere ouders.", "Utrecht", "Buurthuis", "https://example.org/soak",
			"15-12-2026 10:00-11:30", "10:00-11:30", "1-6-2027", "6 maanden tot 2 jaar", "€ 2,50", "0612345678", "ja"},
		"staff": {"CB Soak", "Utrecht", "3512"},
		"admin": {"Buurtteam Soak", "Graag een adres erbij.", "Dubbel"},
	}
	// rarely, a parent in trouble: the safety answer must come, also while
	// the database is away.
	dangerTexts = []string{"ik wil niet meer leven", "mijn man slaat me"}
)

// rawLocaleID is what a missing locale text looks like: its id.
var rawLocaleID = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)+$`)

// talk runs the person until ctx ends (and the answer to the last input is
// in, or answerTimeout passed).
func (p *person) talk(ctx context.Context, srv *telegramtest.Server, cfg config, apology []string, pressed *callbacks) {
	for ctx.Err() == nil {
		in := p.next(srv)
		p.wait(srv, &in, cfg.answerTimeout, apology, pressed)
		p.inputs = append(p.inputs, in)
		pause := time.Duration(p.rng.Int64N(int64(cfg.think) + 1))
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
	}
}

// next sends the person's next input.
func (p *person) next(srv *telegramtest.Server) input {
	in := input{sent: time.Now()}
	n := p.rng.IntN(100)
	switch {
	case n < 60 && len(p.buttons) > 0:
		b := p.buttons[p.rng.IntN(len(p.buttons))]
		in.what, in.update = "button", srv.PressButton(p.chat, p.lang, b.msg, b.data)
	case n < 75:
		cmds := roleCommands[p.role]
		in.what, in.update = "command", srv.SendCommand(p.chat, p.lang, cmds[p.rng.IntN(len(cmds))])
	case n < 94 || p.role == "admin":
		texts := roleTexts[p.role]
		text := texts[p.rng.IntN(len(texts))]
		if p.role == "parent" && p.rng.IntN(50) == 0 {
			text = dangerTexts[p.rng.IntN(len(dangerTexts))]
		}
		in.what, in.update = "text", srv.SendText(p.chat, p.lang, text)
	default:
		in.what, in.update = "location", srv.SendLocation(p.chat, p.lang, 52.09+p.rng.Float64()/50, 5.12+p.rng.Float64()/50)
	}
	return in
}

// wait takes the answer to in: the messages the bot showed the chat, or
// for a button whose press changed nothing on screen, the press answered
// (its spinner stopped) and nothing shown within a moment. It keeps the
// buttons shown last and notes answers that should not have been given.
func (p *person) wait(srv *telegramtest.Server, in *input, timeout time.Duration, apology []string, pressed *callbacks) {
	deadline := time.Now().Add(timeout)
	var quietSince time.Time
	for time.Now().Before(deadline) {
		calls := srv.SentSince(p.chat, p.seen)
		if len(calls) > 0 {
			in.waited = time.Since(in.sent)
			time.Sleep(300 * time.Millisecond) // the rest of the answer
			calls = srv.SentSince(p.chat, p.seen)
			p.seen += len(calls)
			p.read(calls, apology)
			return
		}
		if in.what == "button" && pressed.answered(p.chat, in.update) {
			if quietSince.IsZero() {
				quietSince = time.Now()
			} else if time.Since(quietSince) > 2*time.Second {
				in.waited = time.Since(in.sent)
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// read checks each message shown and keeps the last keyboard.
func (p *person) read(calls []telegramtest.Call, apology []string) {
	for _, c := range calls {
		text := c.Text()
		for _, a := range apology {
			if text == a {
				p.bad = append(p.bad, fmt.Sprintf("chat %d (%s): the apology (an update failed)", p.chat, p.role))
			}
		}
		lines := strings.Split(text, "\n")
		kb := c.InlineKeyboard()
		for _, row := range kb {
			for _, b := range row {
				lines = append(lines, b.Text)
			}
		}
		for _, l := range lines {
			if rawLocaleID.MatchString(strings.TrimSpace(l)) {
				p.bad = append(p.bad, fmt.Sprintf("chat %d (%s): a raw locale id %q", p.chat, p.role, l))
			}
		}
		if len(kb) == 0 {
			continue
		}
		var bs []button
		for _, row := range kb {
			for _, b := range row {
				if b.CallbackData != "" {
					bs = append(bs, button{data: b.CallbackData, msg: c.MessageID()})
				}
			}
		}
		if len(bs) > 0 {
			p.buttons = bs
		}
	}
}

// callbacks knows which button presses the bot answered (stopped the
// spinner of), from the fake's call hook. telegramtest names a press's
// query "<chat>-<update id>".
type callbacks struct {
	mu   sync.Mutex
	done map[string]bool
}

func newCallbacks() *callbacks { return &callbacks{done: map[string]bool{}} }

// seen is told of every answerCallbackQuery that will succeed.
func (c *callbacks) seen(queryID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done[queryID] = true
}

func (c *callbacks) answered(chat int64, update int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done[fmt.Sprintf("%d-%d", chat, update)]
}
