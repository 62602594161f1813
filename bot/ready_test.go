package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/ouderkring/ouderkring/bot"
	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/internal/testwait"
)

// flakyDB is a database that a test takes away and brings back: the
// engine fails and Ready says so while it is down.
type flakyDB struct {
	down  atomic.Bool
	calls atomic.Int32 // engine calls while down
}

var errDown = errors.New("connection refused")

func (d *flakyDB) ready(context.Context) error {
	if d.down.Load() {
		return errDown
	}
	return nil
}

func (d *flakyDB) handle(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
	if d.down.Load() {
		d.calls.Add(1)
		return nil, errDown
	}
	return echo(ctx, chatID, in)
}

// runWithDB runs the front end on tg with Ready until stop is called,
// which returns once Run did; its metrics go to reg.
func runWithDB(t *testing.T, tg *telegramtest.Server, d *flakyDB, reg *prometheus.Registry) (stop func()) {
	t.Helper()
	b := bot.NewTelegram(&scripted{Engine: newEngine(t, dialogtest.NewMemStore()), handle: d.handle}, bot.TelegramOptions{
		Token: tg.Token(), APIURL: tg.URL(), PollTimeout: time.Second, Workers: 4, Ready: d.ready,
		Metrics: bot.NewMetrics(reg),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("Run did not return after stop")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// counter is the value of the counter name whose labels include these
// (name, value, name, value, …): 0 when it has none such, -1 when reg has
// no samples of name at all (a misspelt name, or a vector not used yet).
func counter(t *testing.T, reg *prometheus.Registry, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := -1.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		found = 0
	metrics:
		for _, m := range mf.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				if !slices.ContainsFunc(m.GetLabel(), func(l *dto.LabelPair) bool {
					return l.GetName() == labels[i] && l.GetValue() == labels[i+1]
				}) {
					continue metrics
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return found
}

// waiting is how many times an update was found to wait for the database
// (the engine failed past its retries, and Ready too): then nothing is said.
func waiting(t *testing.T, reg *prometheus.Registry) float64 {
	t.Helper()
	return counter(t, reg, "ouderkring_errors_total", "stage", "unavailable")
}

// While the database is away an update gets no apology and is not
// confirmed: it waits, and is answered once the database is back.
func TestTelegramWaitsForDatabase(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	d := &flakyDB{}
	d.down.Store(true)
	reg := prometheus.NewRegistry()
	runWithDB(t, tg, d, reg)

	id := tg.SendText(81, "nl", "na de storing")
	later := tg.SendText(81, "nl", "en daarna")
	tg.WaitDelivered(t, later)
	// Past the engine's retries (0.5 s and 1 s), where it used to apologise.
	testwait.Eventually(t, 20*time.Second, func() bool { return waiting(t, reg) >= 1 },
		"the first update waits for the database")
	if sent := tg.SentTo(81); len(sent) != 0 {
		t.Fatalf("said %v while the database was away, want nothing", sent)
	}
	if n := d.calls.Load(); n < 3 {
		t.Fatalf("engine called %d times while the database was away, want its retries", n)
	}
	if off := tg.Offset(); off > id {
		t.Fatalf("offset %d confirms update %d, not handled", off, id)
	}
	d.down.Store(false)
	for _, want := range []string{"echo na de storing", "echo en daarna"} {
		if got := tg.Next(t, 81).Text(); got != want {
			t.Errorf("got=%q, want %q", got, want)
		}
	}
	tg.WaitConsumed(t, later)
}

// A stop while the database is away leaves the update with Telegram: the
// next start handles it, and the chat's updates after it, in order.
func TestTelegramStopWhileDatabaseAway(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	d := &flakyDB{}
	d.down.Store(true)
	reg := prometheus.NewRegistry()
	stop := runWithDB(t, tg, d, reg)
	first := tg.SendText(91, "nl", "een")
	second := tg.SendText(91, "nl", "twee")
	other := tg.SendText(92, "nl", "drie")
	tg.WaitDelivered(t, other)
	testwait.Eventually(t, 20*time.Second, func() bool { return waiting(t, reg) >= 2 },
		"both chats' first updates wait for the database, past their retries")
	stop()
	if off := tg.Offset(); off > first {
		t.Fatalf("offset %d after a stop confirms update %d, never handled", off, first)
	}
	if n := len(tg.SentTo(91)) + len(tg.SentTo(92)); n != 0 {
		t.Fatalf("%d messages sent while the database was away", n)
	}

	d.down.Store(false)
	runWithDB(t, tg, d, prometheus.NewRegistry())
	for chat, want := range map[int64][]string{91: {"echo een", "echo twee"}, 92: {"echo drie"}} {
		for _, w := range want {
			if got := tg.Next(t, chat).Text(); got != w {
				t.Errorf("chat %d: got=%q, want %q", chat, got, w)
			}
		}
	}
	tg.WaitConsumed(t, second)
}

// fakeGate runs every update and records those handled.
type fakeGate struct {
	mu       sync.Mutex
	recorded []int64
}

func (g *fakeGate) Try(ctx context.Context, updateID, chatID int64, handle func(context.Context) bool) (bool, error) {
	if !handle(ctx) {
		return false, errors.New("not handled")
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.recorded = append(g.recorded, updateID)
	return true, nil
}

// Webhook mode: the database going away while an update is handled makes
// a 503 (Telegram delivers it again), with nothing said or recorded.
func TestWebhookDatabaseAway(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	d := &flakyDB{}
	b := bot.NewTelegram(&scripted{Engine: newEngine(t, dialogtest.NewMemStore()), handle: d.handle}, bot.TelegramOptions{
		Token: tg.Token(), APIURL: tg.URL(), Workers: 2, Ready: d.ready,
		Metrics: bot.NewMetrics(prometheus.NewRegistry()),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := b.Connect(t.Context()); err != nil {
		t.Fatal(err)
	}
	const secret = "test-secret_0123456789"
	for _, gate := range []*fakeGate{nil, {}} {
		o := bot.WebhookOptions{Secret: secret}
		if gate != nil {
			o.Gate = gate
		}
		h := b.WebhookHandler(o)
		post := func(id int, text string) int {
			body, _ := json.Marshal(tgbotapi.Update{UpdateID: id, Message: &tgbotapi.Message{
				MessageID: id, Text: text, Chat: &tgbotapi.Chat{ID: 95, Type: "private"}, From: &tgbotapi.User{ID: 95, LanguageCode: "nl"},
			}})
			req := httptest.NewRequest(http.MethodPost, "/telegram", bytes.NewReader(body))
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code
		}
		d.down.Store(true)
		before := len(tg.SentTo(95))
		if code := post(1, "weg"); code != http.StatusServiceUnavailable {
			t.Errorf("gate %v: database away: status %d, want 503", gate != nil, code)
		}
		if n := len(tg.SentTo(95)) - before; n != 0 {
			t.Fatalf("gate %v: %d messages sent while the database was away", gate != nil, n)
		}
		d.down.Store(false)
		if code := post(1, "weg"); code != http.StatusOK {
			t.Errorf("gate %v: delivered again: status %d, want 200", gate != nil, code)
		}
		if got := tg.Next(t, 95).Text(); got != "echo weg" {
			t.Errorf("gate %v: got=%q", gate != nil, got)
		}
		if gate != nil && (len(gate.recorded) != 1 || gate.recorded[0] != 1) {
			t.Errorf("recorded %v, want update 1 once, after it was handled", gate.recorded)
		}
	}
}

// Webhook mode before getMe has answered: every post is a 503 (Telegram
// delivers it again), also past the flood limit — nothing can be sent yet,
// not even a "slow down", and nothing may crash trying.
func TestWebhookBeforeConnected(t *testing.T) {
	t.Parallel()
	handled := atomic.Int32{}
	reg := prometheus.NewRegistry()
	b := bot.NewTelegram(&scripted{Engine: newEngine(t, dialogtest.NewMemStore()), handle: func(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error) {
		handled.Add(1)
		return echo(ctx, chatID, in)
	}}, bot.TelegramOptions{
		Token: "1:x", APIURL: "http://127.0.0.1:1", Workers: 2, FloodLimit: 1, // never connected
		Metrics: bot.NewMetrics(reg),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	const secret = "test-secret_0123456789"
	h := b.WebhookHandler(bot.WebhookOptions{Secret: secret})
	for id := 1; id <= 5; id++ {
		body, _ := json.Marshal(tgbotapi.Update{UpdateID: id, Message: &tgbotapi.Message{
			MessageID: id, Text: "hallo", Chat: &tgbotapi.Chat{ID: 96, Type: "private"}, From: &tgbotapi.User{ID: 96, LanguageCode: "nl"},
		}})
		req := httptest.NewRequest(http.MethodPost, "/telegram", bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("update %d before connecting: status %d, want 503", id, rec.Code)
		}
	}
	if n := handled.Load(); n != 0 {
		t.Errorf("%d updates handled before connecting", n)
	}
	// A "slow down" is sent in the background only for an update counted
	// as flooded, and the count comes first: none counted, none sent (it
	// would crash, with no connection to send it on).
	if n := counter(t, reg, "ouderkring_flood_dropped_total"); n != 0 {
		t.Errorf("%v updates counted as flooded before connecting; a \"slow down\" went out with no connection", n)
	}
	if n := counter(t, reg, "ouderkring_webhook_requests_total", "result", "unavailable"); n != 5 {
		t.Errorf("webhook updates answered 503 as not connected: got=%v, want 5", n)
	}
}

// FuzzWebhookUpdate posts arbitrary update JSON to a connected webhook:
// whatever Telegram (or anyone with the secret) sends, the handler
// answers with a status and never panics — one update must not take an
// instance down, nor make Telegram deliver it forever.
func FuzzWebhookUpdate(f *testing.F) {
	for _, seed := range []string{
		`{"update_id":1,"callback_query":{"id":"q","data":"menu","from":{"id":5}}}`,
		`{"update_id":2,"callback_query":{"id":"q","data":"menu","message":{"message_id":3},"from":{"id":5}}}`,
		`{"update_id":3,"message":{"message_id":1,"text":"/start","chat":{"id":5,"type":"private"}}}`,
		`{"update_id":4,"message":{"message_id":1,"chat":{"id":5,"type":"private"},"from":{"id":5},"location":{"latitude":95,"longitude":200}}}`,
		`{"update_id":5,"edited_message":{"message_id":1,"chat":{"id":5,"type":"private"}}}`,
		`{"update_id":6,"my_chat_member":{"chat":{"id":5,"type":"private"}}}`,
		`{"update_id":-1}`, `[]`, `null`,
	} {
		f.Add([]byte(seed))
	}
	tg := telegramtest.New(f)
	b := bot.NewTelegram(&scripted{Engine: newEngine(f, dialogtest.NewMemStore()), handle: echo}, bot.TelegramOptions{
		Token: tg.Token(), APIURL: tg.URL(), Workers: 2,
		Metrics: bot.NewMetrics(prometheus.NewRegistry()),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := b.Connect(context.Background()); err != nil {
		f.Fatal(err)
	}
	const secret = "test-secret_0123456789"
	h := b.WebhookHandler(bot.WebhookOptions{Secret: secret})
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/telegram", bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == 0 {
			t.Fatalf("no status for %q", body)
		}
	})
}
