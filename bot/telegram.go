package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/tidwall/gjson"

	"github.com/ouderkring/ouderkring/dialog"
)

// TelegramOptions configure the Telegram front end.
type TelegramOptions struct {
	Token       string
	APIURL      string        // Bot API base URL, e.g. https://api.telegram.org
	PollTimeout time.Duration // long-poll timeout
	Workers     int           // chats handled at the same time
	Logger      *slog.Logger
	Metrics     *Metrics // nil: a registry of its own

	// Outbound limits, for every message the bot sends (zero: Telegram's
	// published limits, DefaultRate, DefaultChatRate, DefaultChatBurst).
	Rate      int     // messages a second over all chats
	ChatRate  float64 // messages a second to one chat, sustained
	ChatBurst int     // messages one chat may get at once before ChatRate holds

	// FloodLimit is how many updates a second one chat may send; the rest
	// of that second's are dropped before the engine (0: no limit).
	FloodLimit int

	// Ready reports whether the engine's database can be reached (the
	// program passes db.DB.Ping). When the engine fails and Ready fails
	// too, the update is not answered with an apology but kept: polling
	// waits for the database and handles it then, webhook mode answers 503
	// so Telegram delivers it again. Nil: every failure is apologised for.
	Ready func(context.Context) error

	clock clock // tests: a fake clock for the outbox
	hooks hooks // tests: told what happens where nothing outside shows it
}

// Telegram is the Telegram front end: it long-polls the Bot API, hands
// every update to the engine and sends the replies back.
//
// It runs its own loop over getUpdates instead of the library's
// GetUpdatesChan, because that one (v5.5.1) confirms updates as soon as
// they are buffered, so a crash loses them, and cannot be stopped in the
// middle of a long poll. Here the offset moves past an update only after it
// was handled and its session saved.
type Telegram struct {
	opts    TelegramOptions
	engine  Engine
	log     *slog.Logger
	metrics *Metrics
	pollCtx *switchableContext
	client  *apiClient
	out     *outbox
	flood   *flood
	sleep   func(context.Context, time.Duration) error
	offset  int

	connectMu sync.Mutex
	connected chan struct{} // closed once api is set
	api       *tgbotapi.BotAPI

	answering sync.WaitGroup // button presses being answered (the spinner stopped)
	// safetySent holds the updates given the safety answer while the
	// database was away, until they are handled (handle).
	safetySent sync.Map

	webhookState
}

// NewTelegram makes the front end; Run connects and polls. engine is only
// used by Run: a program that only sends (Connect, Notify) may pass nil.
func NewTelegram(engine Engine, opts TelegramOptions) *Telegram {
	if opts.Workers < 1 {
		opts.Workers = 1
	}
	if opts.PollTimeout < time.Second {
		opts.PollTimeout = time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics(prometheus.NewRegistry())
	}
	if opts.Rate < 1 {
		opts.Rate = DefaultRate
	}
	if opts.ChatRate <= 0 {
		opts.ChatRate = DefaultChatRate
	}
	if opts.ChatBurst < 1 {
		opts.ChatBurst = DefaultChatBurst
	}
	if opts.clock == nil {
		opts.clock = realClock{}
	}
	t := &Telegram{
		opts: opts, engine: engine, log: opts.Logger, metrics: opts.Metrics,
		pollCtx:   newSwitchableContext(context.Background()),
		out:       newOutbox(opts.clock, opts.Rate, opts.ChatRate, opts.ChatBurst, opts.Metrics),
		flood:     newFlood(opts.FloodLimit),
		sleep:     defaultSleep,
		connected: make(chan struct{}),
	}
	t.client = newAPIClient(t.pollCtx, opts.PollTimeout, opts.Metrics)
	return t
}

// Username is the bot's Telegram username, known once Run has connected.
func (t *Telegram) Username() string {
	if !t.isConnected() {
		return ""
	}
	return t.api.Self.UserName
}

func (t *Telegram) isConnected() bool {
	select {
	case <-t.connected:
		return true
	default:
		return false
	}
}

// Run connects to the Bot API, registers the command list and polls until
// ctx is done. Updates being handled when ctx ends are finished and
// confirmed before Run returns. It returns an error only when the token is
// rejected.
func (t *Telegram) Run(ctx context.Context) error {
	t.pollCtx.Set(ctx)
	if err := t.Connect(ctx); err != nil {
		return err
	}
	if !t.isConnected() {
		return nil // stopped before ever connecting
	}
	work := context.WithoutCancel(ctx) // in-flight updates finish after a stop
	t.setup(work)
	t.log.Info("polling Telegram", "bot", t.api.Self.UserName)

	// The poll loop does not wait for a batch to be handled: each chat's
	// updates queue up in order (chatQueues) and the loop polls on. The offset
	// Telegram sees stays at the lowest update not yet handled, so nothing
	// is confirmed before it is done; updates fetched again while still in
	// flight are skipped by id.
	l := newChatQueues(t, work, ctx.Done())
	fails, idle := 0, 0
	for ctx.Err() == nil {
		offset, full := l.offset(t.offset)
		if full {
			t.pollWait(ctx, l, 0) // as many in flight as one poll returns: let some finish
			continue
		}
		timeout := int(t.opts.PollTimeout / time.Second)
		if l.busy() {
			timeout = 0 // in-flight updates come back at once anyway
		}
		updates, fetched, err := t.fetch(tgbotapi.UpdateConfig{
			Offset: offset, Limit: maxInFlight, Timeout: timeout,
			AllowedUpdates: allowedUpdates,
		}, l.seen())
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			t.metrics.pollRestarts.Inc()
			t.metrics.errors.WithLabelValues("poll").Inc()
			_, wait := retryable(err)
			if wait == 0 {
				wait = backoff(fails)
			}
			fails++
			t.log.Warn("getUpdates failed; retrying", "err", errText(err), "wait", wait)
			_ = sleep(ctx, wait)
			continue
		}
		fails = 0
		switch added := l.add(updates); {
		case added > 0 && fetched > added:
			// New updates, and the ones in flight again: each poll brings
			// back all of those, so the more are in flight the longer the
			// loop waits before the next (pollPace each, at most
			// maxPollPace), which keeps the cost of polling flat however
			// many are in flight. With few in flight, as under ordinary
			// load, that is a fraction of a millisecond.
			idle = 0
			_ = sleep(ctx, min(time.Duration(fetched-added)*pollPace, maxPollPace))
		case added > 0 || fetched == 0:
			idle = 0
		case fetched >= maxInFlight:
			// A whole batch, every one fetched before: the updates in
			// flight and those done after the lowest fill the window, so
			// nothing newer can come until the lowest is done.
			t.pollWait(ctx, l, 0)
		default:
			// Only updates already in flight came back: poll again once one
			// of them is done, or after a while for new ones — longer the
			// longer nothing moves (a database away), from 5 to 200 ms.
			t.pollWait(ctx, l, min(5*time.Millisecond<<min(idle, 6), 200*time.Millisecond))
			idle++
		}
	}
	if t.opts.hooks.Stopping != nil {
		t.opts.hooks.Stopping()
	}
	t.offset = l.stop(t.offset)
	t.confirm(t.pollCtx)
	t.answering.Wait()
	return nil
}

// Connect asks Telegram who the bot is (getMe) until it answers, so that
// Notify works without Run (a program that only sends); Run does it
// itself. A rejected token is an error; a ctx that ends first returns nil
// and leaves the bot unconnected.
func (t *Telegram) Connect(ctx context.Context) error {
	t.connectMu.Lock()
	defer t.connectMu.Unlock()
	if t.isConnected() {
		return nil
	}
	return t.connect(ctx)
}

// connect calls getMe until it works; a rejected token ends it.
func (t *Telegram) connect(ctx context.Context) error {
	endpoint := strings.TrimRight(t.opts.APIURL, "/") + "/bot%s/%s"
	for attempt := 0; ; attempt++ {
		api, err := tgbotapi.NewBotAPIWithClient(t.opts.Token, endpoint, t.client)
		if err == nil {
			t.api = api
			close(t.connected)
			return nil
		}
		var te *tgbotapi.Error
		if errors.As(err, &te) && (te.Code == 401 || te.Code == 404) {
			return fmt.Errorf("telegram rejected TELEGRAM_BOT_TOKEN (%d %s)", te.Code, te.Message)
		}
		t.log.Warn("cannot reach Telegram yet; retrying", "err", errText(err))
		if err := sleep(ctx, backoff(attempt)); err != nil {
			return nil // stopped before ever connecting
		}
	}
}

// setup removes a webhook (getUpdates refuses to work while one is set;
// not in webhook mode, of course) and registers the command list in every
// language.
func (t *Telegram) setup(ctx context.Context) {
	// getMe's answer is the truth about the bot's name, for the links the
	// dialog makes (BOT_USERNAME is for when there is no Telegram).
	if named, ok := t.engine.(interface{ SetBotUsername(string) }); ok && t.Username() != "" {
		named.SetBotUsername(t.Username())
	}
	if !t.webhookMode.Load() {
		if err := t.request(ctx, tgbotapi.DeleteWebhookConfig{}); err != nil {
			t.log.Warn("deleteWebhook failed", "err", errText(err))
		}
	}
	langs := append([]string{""}, dialog.Languages...)
	for _, lang := range langs {
		var cmds []tgbotapi.BotCommand
		for _, c := range t.engine.Commands(lang) {
			cmds = append(cmds, tgbotapi.BotCommand{Command: c.Name, Description: c.Description})
		}
		if err := t.request(ctx, tgbotapi.SetMyCommandsConfig{Commands: cmds, LanguageCode: lang}); err != nil {
			t.log.Warn("setMyCommands failed", "lang", lang, "err", errText(err))
		}
	}
}

// confirm tells Telegram the last handled updates are done, so a restart
// does not get them again: an update counts as confirmed once getUpdates
// is called with a higher offset.
func (t *Telegram) confirm(pollCtx *switchableContext) {
	if t.offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pollCtx.Set(ctx)
	if _, err := t.api.GetUpdates(tgbotapi.UpdateConfig{Offset: t.offset, Limit: 1}); err != nil {
		t.log.Warn("could not confirm the last updates; they may come again", "err", errText(err))
	}
}

// fetch is getUpdates, decoding only the updates above seen, and how many
// updates came. While updates are in flight the offset stays at the lowest
// of them, so every poll brings all of them back (up to maxInFlight);
// decoding each of those every time was most of the bot's CPU under load
// (docs/BENCHMARKS.md, "Capacity"). So each update's id is read first
// (gjson, which reads a value without decoding the rest), and only one
// not fetched before is decoded in full. An update whose id cannot be read
// is decoded too, and the queues skip it by its id as before. One that
// does not decode (a field of a type the library does not expect) is
// handed on as its id and the text it carries (salvageMessage), or as its
// id alone, which the front end confirms without the engine, instead of
// failing every poll after it.
func (t *Telegram) fetch(cfg tgbotapi.UpdateConfig, seen int) ([]tgbotapi.Update, int, error) {
	resp, err := t.api.Request(cfg)
	if err != nil {
		return nil, 0, err
	}
	var (
		updates []tgbotapi.Update
		fetched int
		bad     error
	)
	result := gjson.ParseBytes(resp.Result)
	if !result.IsArray() {
		return nil, 0, fmt.Errorf("getUpdates: the result is not a list (%s)", result.Type)
	}
	result.ForEach(func(_, v gjson.Result) bool {
		fetched++
		id := v.Get("update_id")
		known := id.Type == gjson.Number
		if known && int(id.Int()) <= seen {
			return true
		}
		var u tgbotapi.Update
		if err := json.Unmarshal([]byte(v.Raw), &u); err != nil {
			if !known {
				bad = fmt.Errorf("getUpdates: decode update: %w", err)
				return false
			}
			t.metrics.errors.WithLabelValues("decode").Inc()
			u = tgbotapi.Update{UpdateID: int(id.Int())}
			if m, edited := salvageMessage(v); edited {
				u.EditedMessage = m
			} else {
				u.Message = m
			}
			if u.Message != nil || u.EditedMessage != nil {
				t.log.Warn("an update did not decode; handling the text it carries", "update", id.Int(), "err", err)
			} else {
				t.log.Warn("an update did not decode; confirming it unhandled", "update", id.Int(), "err", err)
			}
		}
		updates = append(updates, u)
		return true
	})
	if bad != nil {
		return nil, 0, bad
	}
	return updates, fetched, nil
}

// pollPace is how long the poll loop waits per update a poll brought back
// again (still in flight) before it polls once more; maxPollPace bounds
// the wait. Measured in docs/BENCHMARKS.md ("Capacity").
const (
	pollPace    = 200 * time.Microsecond
	maxPollPace = 20 * time.Millisecond
)

// salvageMessage is what can be read of a private chat's message (or its
// edit) in an update the library could not decode: the chat, the sender
// and the text or caption. Any text a parent types may be a cry for help,
// so it still goes through the engine — the safety check first — rather
// than being confirmed unread. Nil when there is no such text; edited says
// it is an edit.
func salvageMessage(v gjson.Result) (msg *tgbotapi.Message, edited bool) {
	m := v.Get("message")
	if !m.IsObject() {
		m, edited = v.Get("edited_message"), true
	}
	chat, from := m.Get("chat.id"), m.Get("from.id")
	text := m.Get("text")
	if text.Type != gjson.String {
		text = m.Get("caption")
	}
	if !m.IsObject() || chat.Type != gjson.Number || from.Type != gjson.Number || m.Get("chat.type").String() != "private" ||
		text.Type != gjson.String || text.String() == "" {
		return nil, false
	}
	msg = &tgbotapi.Message{
		MessageID: int(m.Get("message_id").Int()),
		Chat:      &tgbotapi.Chat{ID: chat.Int(), Type: "private"},
		From:      &tgbotapi.User{ID: from.Int(), LanguageCode: m.Get("from.language_code").String()},
		Text:      text.String(),
	}
	return msg, edited
}

// maxInFlight bounds the updates fetched and not yet handled (it is also
// getUpdates' largest batch).
const maxInFlight = 100

// chatQueues runs each chat's updates in order, different chats at once (at
// most Workers handling), and keeps which fetched updates are not done.
type chatQueues struct {
	t       *Telegram
	ctx     context.Context
	stopCh  <-chan struct{}
	sem     chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	pending map[int]bool                // fetched, not handled
	queues  map[int64][]tgbotapi.Update // per chat, waiting; a key means a goroutine runs the chat
	maxSeen int
	held    int           // lowest update left unhandled at a stop
	changed chan struct{} // an update finished
}

func newChatQueues(t *Telegram, ctx context.Context, stop <-chan struct{}) *chatQueues {
	return &chatQueues{t: t, ctx: ctx, stopCh: stop, sem: make(chan struct{}, t.opts.Workers),
		pending: map[int]bool{}, queues: map[int64][]tgbotapi.Update{}, changed: make(chan struct{}, 1)}
}

// offset is where the next poll starts: the lowest update in flight, else
// past the last one fetched (or from, before any). full says no more
// should be fetched until some finish.
func (l *chatQueues) offset(from int) (int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	low := 0
	for id := range l.pending {
		if low == 0 || id < low {
			low = id
		}
	}
	switch {
	case low != 0:
		return low, len(l.pending) >= maxInFlight
	case l.maxSeen != 0:
		return l.maxSeen + 1, false
	}
	return from, false
}

// seen is the highest update id fetched so far.
func (l *chatQueues) seen() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.maxSeen
}

func (l *chatQueues) busy() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.pending) > 0
}

// add queues the updates not seen before and returns how many.
func (l *chatQueues) add(updates []tgbotapi.Update) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, u := range updates {
		if u.UpdateID <= l.maxSeen {
			continue // in flight already (or done: never, the offset is past those)
		}
		l.maxSeen, n = u.UpdateID, n+1
		c := chatOf(u)
		if l.t.flooded(l.ctx, u) || l.t.backlogged(l.ctx, u, len(l.queues[c])) {
			continue // counted as arrived, dropped: never pending
		}
		l.pending[u.UpdateID] = true
		_, running := l.queues[c]
		l.queues[c] = append(l.queues[c], u)
		if !running {
			l.wg.Add(1)
			go l.run(c)
		}
	}
	return n
}

// run handles chat c's queue until it is empty.
func (l *chatQueues) run(c int64) {
	defer l.wg.Done()
	for {
		l.mu.Lock()
		q := l.queues[c]
		if len(q) == 0 {
			delete(l.queues, c)
			l.mu.Unlock()
			return
		}
		u := q[0]
		l.queues[c] = q[1:]
		l.mu.Unlock()

		l.sem <- struct{}{}
		ok := l.t.handle(l.ctx, u, l.stopCh)
		<-l.sem

		l.mu.Lock()
		if !ok {
			// Stopped while the database was away: this update and the
			// chat's later ones stay with Telegram for the next start.
			if l.held == 0 || u.UpdateID < l.held {
				l.held = u.UpdateID
			}
			delete(l.queues, c)
			l.mu.Unlock()
			l.signal()
			return
		}
		delete(l.pending, u.UpdateID)
		l.mu.Unlock()
		l.signal()
	}
}

func (l *chatQueues) signal() {
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

// wait returns when an update finished, after d (0: no limit), or at a stop.
func (l *chatQueues) wait(ctx context.Context, d time.Duration) {
	var timer <-chan time.Time
	if d > 0 {
		tm := time.NewTimer(d)
		defer tm.Stop()
		timer = tm.C
	}
	select {
	case <-l.changed:
	case <-timer:
	case <-ctx.Done():
	}
}

// stop waits for the updates in flight and returns the offset to confirm:
// below the first update not handled.
func (l *chatQueues) stop(from int) int {
	l.wg.Wait()
	off, _ := l.offset(from)
	if l.held != 0 && l.held < off {
		off = l.held
	}
	return off
}

// flooded reports whether u is one too many from its chat this second
// (counted when it arrives, not when a worker gets to it): it is then
// dropped without the engine or the database, and the chat hears one
// "slow down" now and then.
func (t *Telegram) flooded(ctx context.Context, u tgbotapi.Update) bool {
	chatID, in, ok := toInput(u)
	if !ok {
		return false
	}
	allowed, warn := t.flood.allow(chatID, sentAt(u))
	if allowed {
		return false
	}
	t.metrics.flooded.Inc()
	if warn {
		t.slowDown(ctx, chatID, in.Lang)
	}
	return true
}

// handle runs one update through the engine and sends the replies. It
// never lets a panic escape: the person gets an apology and the menu.
//
// An engine failure while the database is away (Ready fails) is not
// apologised for: handle waits for the database and tries again, until
// wait is closed (the bot stops), and then reports false: the update was
// not handled and nothing was said, so the caller must have Telegram
// deliver it again. With wait nil (webhook mode) it reports false at once.
func (t *Telegram) handle(ctx context.Context, u tgbotapi.Update, wait <-chan struct{}) (handled bool) {
	start := time.Now()
	chatID, in, ok := toInput(u)
	t.metrics.updates.WithLabelValues(updateKind(in, ok)).Inc()
	if q := u.CallbackQuery; q != nil {
		// Stop the button's spinner whatever happens next, beside the
		// answer: a 429 on it must not hold the answer back.
		t.answering.Add(1)
		go func() {
			defer t.answering.Done()
			// Telegram forgets a press it was not told about within seconds.
			ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
			defer cancel()
			if err := t.request(ctx, tgbotapi.NewCallback(q.ID, "")); err != nil {
				t.log.Warn("answerCallbackQuery failed", "update_id", u.UpdateID, "err", errText(err))
			}
		}()
	}
	if !ok {
		return true
	}
	defer func() {
		if r := recover(); r != nil {
			t.metrics.errors.WithLabelValues("panic").Inc()
			t.log.Error("panic while handling an update", "update_id", u.UpdateID, "panic", fmt.Sprintf("%T %v", r, r))
			t.send(ctx, chatID, t.engine.Apology(in.Lang))
			handled = true
		}
	}()
	var replies []dialog.Reply
	for {
		err := withRetryAll(ctx, 3, func() error {
			var err error
			replies, err = t.engine.Handle(ctx, chatID, in)
			return err
		})
		if err == nil {
			break
		}
		if t.ready(ctx) == nil {
			// The database answers: this update failed. Sorry, and the menu.
			t.metrics.errors.WithLabelValues("handle").Inc()
			t.log.Error("handling an update failed", "update_id", u.UpdateID, "err", err)
			replies = t.engine.Apology(in.Lang)
			break
		}
		t.metrics.errors.WithLabelValues("unavailable").Inc()
		t.log.Warn("database unreachable; the update waits for it", "update_id", u.UpdateID, "err", err)
		// A parent in danger does not wait for the database: the safety
		// answer needs none. Sent once per update, also when Telegram
		// delivers it again (webhook); the engine's own answer, once the
		// database is back, is then not sent a second time.
		if help := t.engine.SafetyAnswer(in); help != nil {
			if _, sent := t.safetySent.LoadOrStore(u.UpdateID, true); !sent {
				t.send(ctx, chatID, help)
			}
		}
		if !t.awaitReady(ctx, wait) {
			return false
		}
	}
	if _, sent := t.safetySent.LoadAndDelete(u.UpdateID); sent {
		// The safety answer went out while the database was away; the
		// engine's answer now is that same answer.
		t.metrics.latency.Observe(time.Since(start).Seconds())
		return true
	}
	t.send(ctx, chatID, replies)
	t.metrics.latency.Observe(time.Since(start).Seconds())
	return true
}

// ready asks Ready, bounded: nil when there is no Ready.
func (t *Telegram) ready(ctx context.Context) error {
	if t.opts.Ready == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return t.opts.Ready(ctx)
}

// awaitReady waits until Ready passes, asking every readyInterval, and
// reports whether it did before wait was closed (nil: no waiting).
func (t *Telegram) awaitReady(ctx context.Context, wait <-chan struct{}) bool {
	if wait == nil {
		return false
	}
	for {
		timer := time.NewTimer(readyInterval)
		select {
		case <-wait:
			timer.Stop()
			return false
		case <-timer.C:
		}
		if t.ready(ctx) == nil {
			return true
		}
	}
}

// readyInterval is how often an update waiting for the database asks
// whether it is back.
const readyInterval = time.Second

// withRetryAll retries every error with backoff (engine errors are a
// database that is briefly away).
func withRetryAll(ctx context.Context, attempts int, call func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = call(); err == nil || i == attempts-1 {
			return err
		}
		if sleep(ctx, backoff(i)) != nil {
			return err
		}
	}
	return err
}

// send delivers the replies to an update, in order, in the direct lane,
// with a fresh per-chat burst (outbox.answering). An edit Telegram refuses
// (the message is too old, say) becomes a new message; a chat that blocked
// the bot gets nothing more. A reply not delivered is counted and logged.
func (t *Telegram) send(ctx context.Context, chatID int64, replies []dialog.Reply) {
	t.out.answering(chatID)
	for _, r := range replies {
		to := chatID
		if r.To != 0 {
			to, r.EditMessageID = r.To, 0
		}
		err := t.deliver(ctx, laneDirect, to, render(to, r))
		var se *SendError
		if err != nil && r.EditMessageID != 0 && errors.As(err, &se) && se.Reason == "rejected" && se.Code == 400 {
			if strings.Contains(se.Description, "not modified") {
				continue
			}
			r.EditMessageID = 0
			err = t.deliver(ctx, laneDirect, to, render(to, r))
		}
		if err != nil {
			t.metrics.errors.WithLabelValues("send").Inc()
			t.lost(laneDirect, err)
			if errors.Is(err, ErrPermanent) && to == chatID {
				return
			}
		}
	}
}

// Notify sends replies the bot says on its own, not in answer to an
// update (an organiser's "still happening?", a reminder), to chatID, in
// order, in the bulk lane: paced within the outbound limits, after any
// direct answers waiting. It blocks until they are delivered; it waits for
// the bot to connect first. It stops at the first reply that fails, records
// it and returns the error: a *PermanentError (errors.Is(err, ErrPermanent))
// when the chat cannot get messages any more (the person blocked the bot),
// so nothing more should be planned for it, else a *SendError.
func (t *Telegram) Notify(ctx context.Context, chatID int64, replies []dialog.Reply) error {
	if t.opts.hooks.AwaitConnect != nil && !t.isConnected() {
		t.opts.hooks.AwaitConnect()
	}
	select {
	case <-t.connected:
	case <-ctx.Done():
		err := &SendError{ChatID: chatID, Reason: "canceled", Description: "not connected to Telegram", ctxErr: ctx.Err()}
		t.lost(laneBulk, err)
		return err
	}
	for _, r := range replies {
		r.To, r.EditMessageID = 0, 0
		if err := t.deliver(ctx, laneBulk, chatID, render(chatID, r)); err != nil {
			t.metrics.errors.WithLabelValues("notify").Inc()
			t.lost(laneBulk, err)
			return fmt.Errorf("notify: %w", err)
		}
	}
	return nil
}

// request calls the Bot API with retries for 429, 5xx and network errors,
// outside the outbound limits: for calls that are not messages in a chat
// (answering a button, the setup at start).
func (t *Telegram) request(ctx context.Context, c tgbotapi.Chattable) error {
	return withRetry(ctx, 5, func() error {
		_, err := t.api.Request(c)
		return err
	})
}

// errText describes an API error without anything a person wrote: the
// Bot API's own description, or the error's text for network errors (URLs
// in them hold the token, so it is cut).
func errText(err error) string {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return fmt.Sprintf("%d %s", te.Code, te.Message)
	}
	s := err.Error()
	if i := strings.Index(s, "/bot"); i >= 0 {
		if j := strings.Index(s[i+4:], "/"); j >= 0 {
			s = s[:i+4] + "<token>" + s[i+4+j:]
		}
	}
	return s
}

// LookupUsername asks Telegram (getMe) for the bot's username, for the
// links the command line prints.
func LookupUsername(token, apiURL string) (string, error) {
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(token, strings.TrimRight(apiURL, "/")+"/bot%s/%s")
	if err != nil {
		return "", fmt.Errorf("ask Telegram for the bot's name: %s", errText(err))
	}
	return api.Self.UserName, nil
}

// sentAt is when the person sent an update: the message's own date, for
// the flood limit counts how fast a chat writes, not how fast updates
// reach the bot — a backlog delivered at once after a restart, or a busy
// machine taking the updates of one second in three, is no flood. A
// button press has no date of its own: now.
func sentAt(u tgbotapi.Update) time.Time {
	for _, m := range []*tgbotapi.Message{u.Message, u.EditedMessage} {
		if m != nil && m.Date > 0 {
			return time.Unix(int64(m.Date), 0)
		}
	}
	return time.Now()
}

// backlogged drops an update of a chat that already has maxChatBacklog
// waiting (flood.backlogged), counting it as a flood and telling the chat
// to slow down once; the update is confirmed like any dropped one.
func (t *Telegram) backlogged(ctx context.Context, u tgbotapi.Update, queued int) bool {
	chatID, in, ok := toInput(u)
	if !ok {
		return false
	}
	drop, warn := t.flood.backlogged(chatID, queued, time.Now())
	if !drop {
		return false
	}
	t.metrics.flooded.Inc()
	if warn {
		t.slowDown(ctx, chatID, in.Lang)
	}
	return true
}

// slowDown tells a chat to slow down, beside the updates, and waited for
// like the buttons' answers: a stop does not cut it off halfway.
func (t *Telegram) slowDown(ctx context.Context, chatID int64, lang string) {
	t.answering.Add(1)
	go func() {
		defer t.answering.Done()
		t.send(ctx, chatID, []dialog.Reply{{Text: t.engine.Text(lang, "flood_slow_down")}})
	}()
}
