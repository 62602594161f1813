package main

import (
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

// parent.go is one simulated parent: /zoek, share a location near a demo
// town, press an age, a kind (a theme for peer groups), a time, maybe
// "more", then the details of one result — each step only after the bot's
// answer to the step before arrived, with a think time between. Then the
// next conversation, until the run ends.

// Choices as the dialog's buttons carry them (dialog/find.go); the echo
// bot sends no buttons, so there the parent presses these.
var (
	ageData  = []string{"pregnant", "0-1", "1-4", "4-12", "12+", "any"}
	kindData = []string{"any", "meet", "baby", "peer", "vol"}
	whenData = []string{"morning", "afternoon", "evening", "weekend", "any"}
)

// jitterKm is how far from a town centre a parent shares a location from.
const jitterKm = 5.0

// buttonMessageBase plus the chat id is the message a parent presses
// buttons on (see press).
const buttonMessageBase = 1 << 40

// sample is one update a parent sent: when it was queued on the fake and
// when the fake received the bot's answer (zero: none in time).
type sample struct {
	step             string // zoek, location, age, kind, theme, when, more, details
	queued, answered time.Time
}

// parent plays conversations in one private chat. Everything but the
// inbox belongs to the parent's goroutine until run returns.
type parent struct {
	chat        int64
	echo        bool // the bot is the echo bot: any message is the answer
	think       time.Duration
	more        float64 // chance of pressing "more" when there is a next page
	stepTimeout time.Duration
	rounds      int // conversations to play; 0: until stopped
	srv         *telegramtest.Server
	rnd         *rand.Rand

	mu    sync.Mutex
	inbox []telegramtest.Call
	wake  chan struct{}

	samples       []sample
	timeouts      int // steps the bot did not answer within stepTimeout
	unexpected    int // messages that were not the answer the step waited for
	conversations int // played to the end
}

func newParent(srv *telegramtest.Server, chat int64, seed int64, c config, echo bool, think time.Duration) *parent {
	return &parent{
		chat: chat, echo: echo, think: think, more: c.more, stepTimeout: c.stepTimeout, rounds: c.rounds, srv: srv,
		rnd:  rand.New(rand.NewPCG(uint64(seed), uint64(chat))),
		wake: make(chan struct{}, 1),
	}
}

// deliver hands the parent a message the bot sent to its chat. It runs in
// the fake's hook, on the fake's request goroutines, and never blocks.
func (p *parent) deliver(c telegramtest.Call) {
	p.mu.Lock()
	p.inbox = append(p.inbox, c)
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *parent) take() []telegramtest.Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	in := p.inbox
	p.inbox = nil
	return in
}

// run plays conversations until stop is closed (or rounds are played),
// starting after delay.
func (p *parent) run(stop <-chan struct{}, delay time.Duration) {
	if !p.pause(stop, delay) {
		return
	}
	for p.rounds == 0 || p.conversations < p.rounds {
		if !p.converse(stop) {
			return
		}
	}
}

// pause waits d, and reports false when stop was closed meanwhile (or
// already is).
func (p *parent) pause(stop <-chan struct{}, d time.Duration) bool {
	select {
	case <-stop:
		return false
	default:
	}
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-stop:
		return false
	case <-t.C:
		return true
	}
}

// thinkTime is how long the parent reads before the next tap: uniform
// between half and one and a half times the mean.
func (p *parent) thinkTime() time.Duration {
	if p.think <= 0 {
		return 0
	}
	return time.Duration(float64(p.think) * (0.5 + p.rnd.Float64()))
}

// converse plays one conversation. It returns false when the parent is
// to stop; a step the bot did not answer ends the conversation early.
func (p *parent) converse(stop <-chan struct{}) bool {
	next := func() bool { return p.pause(stop, p.thinkTime()) }

	if _, ok := p.step("zoek", func() { p.srv.SendText(p.chat, "nl", "/zoek") }, nil, asksLocation); !ok {
		return true
	}
	if !next() {
		return false
	}
	at := demo.ParentPlace(p.rnd, jitterKm)
	// The place brings the nearest meetups at once; the parent then
	// narrows them from the results' buttons: age, kind, part of the week
	// (each a tap to open the question and a tap to answer it).
	c, ok := p.step("location", func() { p.srv.SendLocation(p.chat, "nl", at.Lat, at.Lon) }, removesKeyboard, hasData("r:filters"))
	if !ok {
		return true
	}
	for _, q := range []struct {
		name, open, prefix string
		choices            []string
	}{
		{"age", "fl:age", "fa:", ageData},
		{"kind", "fl:kind", "fk:", kindData},
		{"when", "fl:when", "fw:", whenData},
	} {
		if !next() {
			return false
		}
		if c, ok = p.press("refine", q.open, hasData(q.prefix)); !ok {
			return true
		}
		if !next() {
			return false
		}
		if c, ok = p.press(q.name, p.choose(c, q.prefix, q.choices), hasData("r:filters")); !ok {
			return true
		}
	}
	if (p.echo || hasData("r:more")(c)) && p.rnd.Float64() < p.more {
		if !next() {
			return false
		}
		if c, ok = p.press("more", "r:more", hasData("r:prev", "r:back")); !ok {
			return true
		}
	}
	if p.echo || hasData("r:d:")(c) {
		if !next() {
			return false
		}
		if _, ok = p.press("details", p.choose(c, "r:d:", []string{"1"}), hasData("r:ask", "r:write")); !ok {
			return true
		}
	}
	p.conversations++
	return next()
}

// press presses the button with data. It is pressed on a message id of
// the parent's own (buttonMessageBase + chat), not on the one the bot
// sent: the fake hands out message ids only in its answer to the bot,
// which the parent could find only by scanning the fake's whole call log
// under its lock. The bot does not check which message a button was on,
// and the fake edits a message it does not know leniently, so the bot
// does the same work either way.
func (p *parent) press(name, data string, done func(telegramtest.Call) bool) (telegramtest.Call, bool) {
	return p.step(name, func() { p.srv.PressButton(p.chat, "nl", buttonMessageBase+int(p.chat), data) }, nil, done)
}

// choose picks one of the buttons with prefix on c at random; for the
// echo bot, which sends none, one of fallback.
func (p *parent) choose(c telegramtest.Call, prefix string, fallback []string) string {
	if !p.echo {
		var data []string
		for _, row := range c.InlineKeyboard() {
			for _, b := range row {
				if strings.HasPrefix(b.CallbackData, prefix) {
					data = append(data, b.CallbackData)
				}
			}
		}
		if len(data) > 0 {
			return data[p.rnd.IntN(len(data))]
		}
	}
	return prefix + fallback[p.rnd.IntN(len(fallback))]
}

// step sends one update and waits for the message done accepts (the
// echo bot: any message). The answer time is the arrival of the first
// message first accepts (nil: done) — for a shared location the "found
// it" before the age question. A message neither accepts counts as
// unexpected, except a venue: the map after a card, which may come after
// the parent went on.
func (p *parent) step(name string, send func(), first, done func(telegramtest.Call) bool) (telegramtest.Call, bool) {
	if p.echo {
		first, done = nil, func(telegramtest.Call) bool { return true }
	}
	if first == nil {
		first = done
	}
	p.sort(p.take(), nil, nil, nil) // left over from the step before
	s := sample{step: name, queued: time.Now()}
	send()
	timeout := time.NewTimer(p.stepTimeout)
	defer timeout.Stop()
	for {
		if got, ok := p.sort(p.take(), &s, first, done); ok {
			p.samples = append(p.samples, s)
			return got, true
		}
		select {
		case <-p.wake:
		case <-timeout.C:
			p.timeouts++
			p.samples = append(p.samples, s)
			return telegramtest.Call{}, false
		}
	}
}

// sort goes through messages: the first one first accepts sets s's answer
// time, the first one done accepts is returned; others are counted.
func (p *parent) sort(in []telegramtest.Call, s *sample, first, done func(telegramtest.Call) bool) (telegramtest.Call, bool) {
	var got telegramtest.Call
	found := false
	for _, c := range in {
		accepted := false
		if !found && first != nil && first(c) {
			if s.answered.IsZero() {
				s.answered = c.Time
			}
			accepted = true
		}
		if !found && done != nil && done(c) {
			if s.answered.IsZero() {
				s.answered = c.Time
			}
			got, found, accepted = c, true, true
		}
		if !accepted && !strings.EqualFold(c.Method, "sendVenue") {
			p.unexpected++
		}
	}
	return got, found
}

// asksLocation accepts the "where?" question: a keyboard with the
// share-location button.
func asksLocation(c telegramtest.Call) bool {
	for _, row := range c.ReplyKeyboard() {
		for _, b := range row {
			if b.RequestLocation {
				return true
			}
		}
	}
	return false
}

// removesKeyboard accepts the "found your place" after a shared location.
func removesKeyboard(c telegramtest.Call) bool { return c.RemovesKeyboard() }

// hasData accepts a message with a button whose data starts with one of
// prefixes: the question or page the step leads to. It looks for the
// prefix in the keyboard's JSON as the bot's library writes it instead of
// decoding the keyboard: the parents share the machine with the bot, and
// decoding every keyboard several times was a tenth of their CPU.
func hasData(prefixes ...string) func(telegramtest.Call) bool {
	keys := make([]string, len(prefixes))
	for i, p := range prefixes {
		keys[i] = `"callback_data":"` + p
	}
	return func(c telegramtest.Call) bool {
		markup := c.Params["reply_markup"]
		for _, k := range keys {
			if strings.Contains(markup, k) {
				return true
			}
		}
		return false
	}
}
