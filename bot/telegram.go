package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/ouderkring/ouderkring/dialog"
)

// TelegramOptions configure the Telegram front end.
type TelegramOptions struct {
	Token       string
	APIURL      string        // Bot API base URL, e.g. https://api.telegram.org
	PollTimeout time.Duration // long-poll timeout
	Workers     int           // chats handled at the same time
	Logger      *slog.Logger
	Metrics     *Metrics
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
	client  *apiClient
	api     *tgbotapi.BotAPI
	offset  int
}

// NewTelegram makes the front end; Run connects and polls.
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
	return &Telegram{opts: opts, engine: engine, log: opts.Logger, metrics: opts.Metrics}
}

// Username is the bot's Telegram username, known once Run has connected.
func (t *Telegram) Username() string {
	if t.api == nil {
		return ""
	}
	return t.api.Self.UserName
}

// Run connects to the Bot API, registers the command list and polls until
// ctx is done. Updates being handled when ctx ends are finished and
// confirmed before Run returns. It returns an error only when the token is
// rejected.
func (t *Telegram) Run(ctx context.Context) error {
	pollCtx := newSwitchableContext(ctx)
	t.client = newAPIClient(pollCtx, t.opts.PollTimeout, t.metrics)
	if err := t.connect(ctx); err != nil {
		return err
	}
	work := context.WithoutCancel(ctx) // in-flight updates finish after a stop
	t.setup(work)
	t.log.Info("polling Telegram", "bot", t.api.Self.UserName)

	fails := 0
	for ctx.Err() == nil {
		updates, err := t.api.GetUpdates(tgbotapi.UpdateConfig{
			Offset: t.offset, Limit: 100, Timeout: int(t.opts.PollTimeout / time.Second),
			AllowedUpdates: []string{"message", "callback_query"},
		})
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
		t.dispatch(work, updates)
		if n := len(updates); n > 0 {
			t.offset = updates[n-1].UpdateID + 1
		}
	}
	t.confirm(pollCtx)
	return nil
}

// connect calls getMe until it works; a rejected token ends it.
func (t *Telegram) connect(ctx context.Context) error {
	endpoint := strings.TrimRight(t.opts.APIURL, "/") + "/bot%s/%s"
	for attempt := 0; ; attempt++ {
		api, err := tgbotapi.NewBotAPIWithClient(t.opts.Token, endpoint, t.client)
		if err == nil {
			t.api = api
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

// setup removes a webhook (getUpdates refuses to work while one is set)
// and registers the command list in every language.
func (t *Telegram) setup(ctx context.Context) {
	// getMe's answer is the truth about the bot's name, for the links the
	// dialog makes (BOT_USERNAME is for when there is no Telegram).
	if named, ok := t.engine.(interface{ SetBotUsername(string) }); ok && t.Username() != "" {
		named.SetBotUsername(t.Username())
	}
	if err := t.request(ctx, tgbotapi.DeleteWebhookConfig{}); err != nil {
		t.log.Warn("deleteWebhook failed", "err", errText(err))
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

// dispatch handles a batch: each chat's updates in order, different chats
// at the same time (at most Workers), and returns when all are done.
func (t *Telegram) dispatch(ctx context.Context, updates []tgbotapi.Update) {
	groups := map[int64][]tgbotapi.Update{}
	var order []int64
	for _, u := range updates {
		c := chatOf(u)
		if _, ok := groups[c]; !ok {
			order = append(order, c)
		}
		groups[c] = append(groups[c], u)
	}
	sem := make(chan struct{}, t.opts.Workers)
	var wg sync.WaitGroup
	for _, c := range order {
		sem <- struct{}{}
		wg.Add(1)
		go func(us []tgbotapi.Update) {
			defer wg.Done()
			defer func() { <-sem }()
			for _, u := range us {
				t.handle(ctx, u)
			}
		}(groups[c])
	}
	wg.Wait()
}

// handle runs one update through the engine and sends the replies. It
// never lets a panic escape: the person gets an apology and the menu.
func (t *Telegram) handle(ctx context.Context, u tgbotapi.Update) {
	start := time.Now()
	chatID, in, ok := toInput(u)
	t.metrics.updates.WithLabelValues(updateKind(in, ok)).Inc()
	if q := u.CallbackQuery; q != nil {
		// Stop the button's spinner whatever happens next.
		if err := t.request(ctx, tgbotapi.NewCallback(q.ID, "")); err != nil {
			t.log.Warn("answerCallbackQuery failed", "update_id", u.UpdateID, "err", errText(err))
		}
	}
	if !ok {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			t.metrics.errors.WithLabelValues("panic").Inc()
			t.log.Error("panic while handling an update", "update_id", u.UpdateID, "panic", fmt.Sprintf("%T %v", r, r))
			t.send(ctx, chatID, t.engine.Apology(in.Lang))
		}
	}()
	var replies []dialog.Reply
	err := withRetryAll(ctx, 3, func() error {
		var err error
		replies, err = t.engine.Handle(ctx, chatID, in)
		return err
	})
	if err != nil {
		t.metrics.errors.WithLabelValues("handle").Inc()
		t.log.Error("handling an update failed", "update_id", u.UpdateID, "err", err)
		replies = t.engine.Apology(in.Lang)
	}
	t.send(ctx, chatID, replies)
	t.metrics.latency.Observe(time.Since(start).Seconds())
}

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

// send delivers replies in order. An edit Telegram refuses (the message is
// too old, say) becomes a new message; a chat that blocked the bot gets
// nothing more.
func (t *Telegram) send(ctx context.Context, chatID int64, replies []dialog.Reply) {
	for _, r := range replies {
		to := chatID
		if r.To != 0 {
			to, r.EditMessageID = r.To, 0
		}
		err := t.request(ctx, render(to, r))
		var te *tgbotapi.Error
		if err != nil && r.EditMessageID != 0 && errors.As(err, &te) && te.Code == 400 {
			if strings.Contains(te.Message, "not modified") {
				continue
			}
			r.EditMessageID = 0
			err = t.request(ctx, render(to, r))
		}
		if err != nil {
			t.metrics.errors.WithLabelValues("send").Inc()
			t.log.Warn("sending a reply failed", "err", errText(err))
			if errors.As(err, &te) && te.Code == 403 && to == chatID {
				return
			}
		}
	}
}

// Notify sends replies the bot says on its own, not in answer to an
// update (an organiser's "still happening?"), to chatID, in order. It
// stops at the first reply that fails and returns that error: a chat that
// blocked the bot answers 403.
func (t *Telegram) Notify(ctx context.Context, chatID int64, replies []dialog.Reply) error {
	for _, r := range replies {
		r.To, r.EditMessageID = 0, 0
		if err := t.request(ctx, render(chatID, r)); err != nil {
			t.metrics.errors.WithLabelValues("notify").Inc()
			return fmt.Errorf("notify: %s", errText(err))
		}
	}
	return nil
}

// request calls the Bot API with retries for 429, 5xx and network errors.
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
