package bot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ouderkring/ouderkring/bot"
	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
)

// scripted is the real engine, except that a test can take over Handle.
type scripted struct {
	*dialog.Engine
	handle func(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error)
}

func (s *scripted) Handle(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
	if s.handle != nil {
		return s.handle(ctx, chatID, in)
	}
	return s.Engine.Handle(ctx, chatID, in)
}

type botBundle struct {
	tg     *telegramtest.Server
	engine *scripted
	cancel context.CancelFunc
	done   chan error
}

// startBot runs the Telegram front end against a fake Bot API until the
// test ends (or cancel is called).
func startBot(t *testing.T, handle func(context.Context, int64, dialog.Input) ([]dialog.Reply, error)) *botBundle {
	t.Helper()
	return startBotHooks(t, handle, bot.Hooks{})
}

// startBotHooks is startBot with the front end's test hooks.
func startBotHooks(t *testing.T, handle func(context.Context, int64, dialog.Input) ([]dialog.Reply, error), h bot.Hooks) *botBundle {
	t.Helper()
	b := &botBundle{tg: telegramtest.New(t), engine: &scripted{Engine: newEngine(t, dialogtest.NewMemStore()), handle: handle}}
	opts := bot.TelegramOptions{
		Token: b.tg.Token(), APIURL: b.tg.URL(), PollTimeout: time.Second, Workers: 4,
		Metrics: bot.NewMetrics(prometheus.NewRegistry()),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	bot.SetHooks(&opts, h)
	tg := bot.NewTelegram(b.engine, opts)
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel, b.done = cancel, make(chan error, 1)
	go func() { b.done <- tg.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-b.done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	return b
}

// holdUpdates gives a channel handlers wait on and the function that
// closes it, once. Call t.Cleanup(release) after startBot, so that a test
// that fails while an update is held does not leave Run waiting for it.
func holdUpdates() (held chan struct{}, release func()) {
	held = make(chan struct{})
	return held, sync.OnceFunc(func() { close(held) })
}

func echo(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
	return []dialog.Reply{{Text: "echo " + in.Text}}, nil
}

func TestTelegramOrderAndConcurrency(t *testing.T) {
	t.Parallel()
	var (
		mu      sync.Mutex
		seen    = map[int64][]string{}
		running atomic.Int32
		maxRun  atomic.Int32
		// Every update is held until two chats were handled at once, so
		// a chat's later updates queue up behind its first; a front end
		// that handles one at a time lets them go after 4 s (before Next
		// gives up), and fails.
		together     = make(chan struct{})
		togetherOnce sync.Once
	)
	waitLong, giveUp := holdUpdates()
	time.AfterFunc(4*time.Second, giveUp)
	b := startBot(t, func(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := maxRun.Load()
			if n <= m || maxRun.CompareAndSwap(m, n) {
				break
			}
		}
		if n >= 2 {
			togetherOnce.Do(func() { close(together) })
		}
		select {
		case <-together:
		case <-waitLong:
		}
		mu.Lock()
		seen[chatID] = append(seen[chatID], in.Text)
		mu.Unlock()
		return echo(ctx, chatID, in)
	})
	t.Cleanup(giveUp)
	var last int
	for i := 0; i < 5; i++ {
		for _, chat := range []int64{11, 12, 13} {
			last = b.tg.SendText(chat, "nl", string(rune('a'+i)))
		}
	}
	b.tg.WaitConsumed(t, last)
	for _, chat := range []int64{11, 12, 13} {
		var got []string
		for i := 0; i < 5; i++ {
			got = append(got, strings.TrimPrefix(b.tg.Next(t, chat).Text(), "echo "))
		}
		if strings.Join(got, "") != "abcde" {
			t.Errorf("chat %d: replies in order %q, want abcde", chat, strings.Join(got, ""))
		}
		mu.Lock()
		if strings.Join(seen[chat], "") != "abcde" {
			t.Errorf("chat %d: handled in order %q, want abcde", chat, strings.Join(seen[chat], ""))
		}
		mu.Unlock()
	}
	if maxRun.Load() < 2 {
		t.Errorf("at most %d update handled at a time, want different chats at once", maxRun.Load())
	}
}

func TestTelegramOffsetMovesOnlyAfterHandling(t *testing.T) {
	t.Parallel()
	held, release := holdUpdates()
	b := startBot(t, func(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
		<-held
		return echo(ctx, chatID, in)
	})
	t.Cleanup(release)
	id := b.tg.SendText(21, "nl", "wacht")
	b.tg.WaitDelivered(t, id)
	// Two polls after the one that fetched it: each asks from its offset.
	b.tg.WaitCallsTo(t, "getUpdates", len(b.tg.CallsTo("getUpdates"))+2)
	if off := b.tg.Offset(); off > id {
		t.Fatalf("offset %d confirms update %d before it was handled", off, id)
	}
	release()
	b.tg.WaitConsumed(t, id)
	if got := b.tg.Next(t, 21).Text(); got != "echo wacht" {
		t.Errorf("got=%q", got)
	}
}

// TestTelegramPollsCalmlyWhileAnUpdateIsHeld: an update in flight comes
// back with every poll (the offset stays below it), so the loop must not
// poll flat out meanwhile — it backs off from 5 ms to 200 ms — and a new
// update of another chat is still handled.
func TestTelegramPollsCalmlyWhileAnUpdateIsHeld(t *testing.T) {
	t.Parallel()
	held, release := holdUpdates()
	b := startBot(t, func(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
		if chatID == 31 {
			<-held
		}
		return echo(ctx, chatID, in)
	})
	t.Cleanup(release)
	b.tg.WaitDelivered(t, b.tg.SendText(31, "nl", "wacht"))
	// The polls after the one that fetched it wait 5, 10, 20, 40, 80, 160
	// ms, then 200 ms each: the last three of ten at least 200 ms apart
	// (a busy machine only makes the gaps longer).
	from := len(b.tg.CallsTo("getUpdates"))
	calls := b.tg.WaitCallsTo(t, "getUpdates", from+10)[from : from+10]
	for i := 7; i < len(calls); i++ {
		if gap := calls[i].Time.Sub(calls[i-1].Time); gap < 150*time.Millisecond {
			t.Errorf("poll %d came %v after the one before, with one update held; want the back-off's 200 ms", i+1, gap)
		}
	}
	b.tg.SendText(32, "nl", "hallo")
	if got := b.tg.Next(t, 32).Text(); got != "echo hallo" {
		t.Errorf("another chat while one is held: got=%q", got)
	}
	release()
	b.tg.Next(t, 31)
}

// TestTelegramWindowOfDoneUpdates: with one chat's update held, another
// chat's updates are handled until the poll window (100 from the held one)
// holds only updates fetched before; then the loop waits for a change
// instead of polling flat out, and it all goes on once the held one is done.
func TestTelegramWindowOfDoneUpdates(t *testing.T) {
	t.Parallel()
	held, release := holdUpdates()
	waits := make(chan struct{}) // closed when the poll loop waits for an update to be done
	var once sync.Once
	b := startBotHooks(t, func(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
		if chatID == 41 {
			<-held
		}
		return echo(ctx, chatID, in)
	}, bot.Hooks{PollWait: func(d time.Duration) {
		if d == 0 {
			once.Do(func() { close(waits) })
		}
	}})
	t.Cleanup(release)
	b.tg.WaitDelivered(t, b.tg.SendText(41, "nl", "wacht"))
	for i := range 99 { // the window: the held update and 99 after it
		b.tg.SendText(42, "nl", "x")
		if got := b.tg.Next(t, 42).Text(); got != "echo x" {
			t.Fatalf("update %d of the other chat: got=%q", i, got)
		}
	}
	last := b.tg.SendText(42, "nl", "na het venster")
	// A poll now returns the held update and the 99 done ones (a whole
	// batch): the loop waits without a timer until one is done.
	select {
	case <-waits:
	case <-time.After(10 * time.Second):
		t.Fatal("with the window full of done updates the poll loop never waited for one to be done")
	}
	if got := len(b.tg.SentTo(42)); got != 99 {
		t.Errorf("%d answers in chat 42 with the window full, want the 99 before it", got)
	}
	release()
	b.tg.Next(t, 41)
	if got := b.tg.Next(t, 42).Text(); got != "echo na het venster" {
		t.Errorf("after the held update: got=%q", got)
	}
	b.tg.WaitConsumed(t, last)
}

func TestTelegramPanicAndErrorGetApology(t *testing.T) {
	t.Parallel()
	b := startBot(t, nil)
	b.engine.handle = func(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
		switch in.Text {
		case "boom":
			var m map[string]int
			m["x"] = 1 // a nil-map panic inside the handler
		case "db down":
			return nil, errors.New("connection refused")
		}
		return b.engine.Engine.Handle(ctx, chatID, in)
	}
	for _, text := range []string{"boom", "db down"} {
		b.tg.SendText(31, "en", text)
		if got := b.tg.Next(t, 31).Text(); got != b.engine.Text("en", "apology") {
			t.Errorf("%s: got=%q, want the apology", text, got)
		}
		if got := b.tg.Next(t, 31).Text(); got != b.engine.Text("en", "menu_prompt") {
			t.Errorf("%s: got=%q, want the menu", text, got)
		}
	}
	// The bot still works afterwards.
	b.tg.SendCommand(31, "en", "/help")
	if got := b.tg.Next(t, 31).Text(); got != b.engine.Text("en", "help") {
		t.Errorf("after a panic: got=%q", got)
	}
}

func TestTelegramRetriesTelegramFaults(t *testing.T) {
	t.Parallel()
	b := startBot(t, echo)
	b.tg.FailNext("getUpdates", *telegramtest.ServerError())
	b.tg.FailNext("sendMessage", *telegramtest.RateLimited(1), *telegramtest.ServerError(), telegramtest.Fault{DropConnection: true})
	id := b.tg.SendText(41, "nl", "hallo")
	if got := b.tg.Next(t, 41).Text(); got != "echo hallo" {
		t.Errorf("got=%q", got)
	}
	b.tg.WaitConsumed(t, id)
	var failed int
	for _, c := range b.tg.CallsTo("sendMessage") {
		if !c.OK {
			failed++
		}
	}
	if failed != 3 {
		t.Errorf("failed sendMessage attempts: got=%d, want 3 (then a success)", failed)
	}
	if n := len(b.tg.SentTo(41)); n != 1 {
		t.Errorf("messages delivered: got=%d, want exactly 1", n)
	}
}

func TestTelegramEditFallsBackToNewMessage(t *testing.T) {
	t.Parallel()
	b := startBot(t, func(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
		return []dialog.Reply{{Text: "bewerkt", EditMessageID: in.MessageID}}, nil
	})
	b.tg.FailNext("editMessageText", telegramtest.Fault{Status: 400, Description: "Bad Request: message to edit not found"})
	b.tg.PressButton(51, "nl", 999, "menu")
	c := b.tg.Next(t, 51)
	if c.Method != "sendMessage" || c.Text() != "bewerkt" {
		t.Errorf("got %s %q, want a new message instead of the failed edit", c.Method, c.Text())
	}
}

func TestTelegramStopFinishesUpdateInProgress(t *testing.T) {
	t.Parallel()
	held, release := holdUpdates()
	started, stopping := make(chan struct{}), make(chan struct{})
	b := startBotHooks(t, func(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
		close(started)
		<-held
		return echo(ctx, chatID, in)
	}, bot.Hooks{Stopping: func() { close(stopping) }})
	t.Cleanup(release)
	id := b.tg.SendText(61, "nl", "net op tijd")
	<-started
	b.cancel()
	select {
	case <-stopping: // the loop saw the stop while the update is in progress
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop polling after the stop")
	}
	release()
	select {
	case err := <-b.done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		b.done <- nil // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after stop")
	}
	if got := b.tg.Next(t, 61).Text(); got != "echo net op tijd" {
		t.Errorf("reply of the update in progress: got=%q", got)
	}
	if off := b.tg.Offset(); off <= id {
		t.Errorf("offset %d: the handled update %d was not confirmed at stop", off, id)
	}
}

func TestTelegramIgnoresGroupsAndAnswersButtons(t *testing.T) {
	t.Parallel()
	b := startBot(t, nil)
	b.tg.Queue(tgbotapi.Update{Message: &tgbotapi.Message{
		MessageID: 1, Text: "hallo allemaal", Date: int(time.Now().Unix()),
		Chat: &tgbotapi.Chat{ID: -100, Type: "group"}, From: &tgbotapi.User{ID: 71},
	}})
	id := b.tg.PressButton(72, "nl", 5, "menu:support")
	b.tg.WaitConsumed(t, id)
	if c := b.tg.Next(t, 72); c.Text() != b.engine.Text("nl", "support") {
		t.Errorf("button: got=%q", c.Text())
	}
	// The spinner is answered alongside the engine, so it may come just
	// after the reply.
	b.tg.WaitCallsTo(t, "answerCallbackQuery", 1)
	if n := len(b.tg.CallsTo("answerCallbackQuery")); n != 1 {
		t.Errorf("answerCallbackQuery calls: got=%d, want 1", n)
	}
	if n := len(b.tg.SentTo(-100)); n != 0 {
		t.Errorf("the bot spoke in a group: %d messages", n)
	}
}

func TestTelegramRejectedToken(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	tg := bot.NewTelegram(&scripted{Engine: newEngine(t, dialogtest.NewMemStore())}, bot.TelegramOptions{
		Token: "1:wrong", APIURL: srv.URL(), Metrics: bot.NewMetrics(prometheus.NewRegistry()),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := tg.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Errorf("got err=%v, want one naming TELEGRAM_BOT_TOKEN", err)
	}
}

// TestPollingSurvivesACallbackWithoutMessage: a button press on an
// inline-mode message has no message; the bot skips it (its spinner is
// still stopped), confirms it, and answers the next update — once, this
// update took the whole bot down at every restart.
func TestPollingSurvivesACallbackWithoutMessage(t *testing.T) {
	t.Parallel()
	b := startBot(t, echo)
	bad := b.tg.Queue(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: "inline-q", Data: "menu", From: &tgbotapi.User{ID: 77}}})
	b.tg.SendText(78, "nl", "hoi")
	if c := b.tg.Next(t, 78); c.Text() == "" {
		t.Fatalf("the next update got no answer: %s", c)
	}
	b.tg.WaitConsumed(t, bad)
	b.tg.WaitCallsTo(t, "answerCallbackQuery", 1)
}

// TestBackloggedChatDoesNotHideOthers: a chat writing a little under the
// flood limit, but faster than the bot may answer one chat (1 a second),
// builds a backlog. Past maxChatBacklog its updates are dropped as a flood,
// so it cannot fill the updates the bot holds at once (100) — before, an
// unrelated parent's first message was not even fetched until that
// backlog had drained, minutes later.
func TestBackloggedChatDoesNotHideOthers(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	reg := prometheus.NewRegistry()
	b := bot.NewTelegram(&scripted{Engine: newEngine(t, dialogtest.NewMemStore()), handle: echo}, bot.TelegramOptions{
		Token: tg.Token(), APIURL: tg.URL(), PollTimeout: time.Second, Workers: 4,
		FloodLimit: 10, Rate: 30, ChatRate: 1, ChatBurst: 5,
		Metrics: bot.NewMetrics(reg),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	// 120 messages, written 5 a second over 24 seconds, handed over at
	// once (a chat the bot fell behind with).
	start := time.Now().Add(-24 * time.Second)
	for i := range 120 {
		tg.Queue(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 1000 + i, Text: fmt.Sprint("bericht ", i),
			Date: int(start.Add(time.Duration(i) * 200 * time.Millisecond).Unix()),
			Chat: &tgbotapi.Chat{ID: 501, Type: "private"}, From: &tgbotapi.User{ID: 501, LanguageCode: "nl"}}})
	}
	asked := time.Now()
	tg.SendText(502, "nl", "hoi")
	if c := tg.NextWithin(t, 502, 10*time.Second); c.Text() != "echo hoi" {
		t.Fatalf("the other parent: got %q", c.Text())
	}
	if waited := time.Since(asked); waited > 5*time.Second {
		t.Errorf("the other parent waited %v behind one chat's backlog", waited)
	}
	// At most the backlog's ten are waiting whenever a batch comes in; a
	// few more get in as earlier ones are answered between batches.
	if n := counter(t, reg, "ouderkring_flood_dropped_total"); n < 80 {
		t.Errorf("%v of the backlogged chat's 120 updates dropped, want most of them", n)
	}
}
