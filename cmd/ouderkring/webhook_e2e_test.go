package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/config"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
)

const webhookSecret = "test-secret_0123456789"

// replica starts the program in webhook mode against the fake Bot API and
// the shared database, as one of several instances behind a proxy.
func replica(t *testing.T, tg *telegramtest.Server, dbURL string) *Main {
	t.Helper()
	return startMain(t, tg, dbURL, map[string]string{"BOT_MODE": "webhook",
		"WEBHOOK_URL": "https://bot.example.org/telegram", "WEBHOOK_SECRET": webhookSecret})
}

// startMain runs the program against the fake Bot API with env on top of
// a test environment.
func startMain(t *testing.T, tg *telegramtest.Server, dbURL string, env map[string]string) *Main {
	t.Helper()
	base := map[string]string{
		"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_URL": tg.URL(), "DATABASE_URL": dbURL,
		"HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "warn", "SHUTDOWN_TIMEOUT": "5s", "POLL_TIMEOUT": "1s",
		"OUTBOUND_RATE": "1000", "FLOOD_LIMIT": "0",
	}
	for k, v := range env {
		base[k] = v
	}
	cfg, err := config.Load(func(k string) string { return base[k] })
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg, strings.NewReader(""), io.Discard, &lockedBuffer{})
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// post sends one update to a replica's webhook as Telegram does and
// returns the status code.
func post(t *testing.T, m *Main, secret string, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+m.HTTPAddr()+"/telegram", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// textUpdate is a Bot API update with a private text message.
func textUpdate(t *testing.T, id int, chat int64, text string) []byte {
	t.Helper()
	msg := map[string]any{"message_id": id, "date": time.Now().Unix(), "text": text,
		"chat": map[string]any{"id": chat, "type": "private"},
		"from": map[string]any{"id": chat, "is_bot": false, "first_name": "Test", "language_code": "nl"}}
	if strings.HasPrefix(text, "/") {
		msg["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(strings.Fields(text)[0])}}
	}
	b, err := json.Marshal(map[string]any{"update_id": id, "message": msg})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWebhookReplicas: two instances in webhook mode behind one proxy
// share one database. Bad requests are refused without touching anything;
// an update delivered twice, to both, runs once; a chat's updates spread
// over both run one at a time and none is lost.
func TestWebhookReplicas(t *testing.T) {
	tg := telegramtest.New(t)
	dbURL := dbtest.URL(t)
	a := replica(t, tg, dbURL)
	b := replica(t, tg, dbURL)
	d, err := db.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	store := d.Sessions()

	// Both registered the webhook with its secret, and no longer poll.
	hooks := tg.WaitCallsTo(t, "setWebhook", 2)
	if len(hooks) != 2 {
		t.Fatalf("setWebhook calls: %d, want one per replica", len(hooks))
	}
	for _, c := range hooks {
		if c.Params["url"] != "https://bot.example.org/telegram" || c.Params["secret_token"] != webhookSecret {
			t.Fatalf("setWebhook params: %v", c.Params)
		}
	}
	if n := len(tg.CallsTo("getUpdates")); n != 0 {
		t.Fatalf("a replica in webhook mode polled getUpdates %d times", n)
	}

	// Refusals: no or a wrong secret, not JSON, too large, not POST.
	const parent = 8101
	start := textUpdate(t, 500, parent, "/start")
	for _, tc := range []struct {
		name   string
		secret string
		body   []byte
		want   int
	}{
		{"no secret", "", start, http.StatusUnauthorized},
		{"wrong secret", "not-the-secret-at-all", start, http.StatusUnauthorized},
		{"not JSON", webhookSecret, []byte("{not json"), http.StatusBadRequest},
		{"no update id", webhookSecret, []byte(`{"message":{"text":"hoi"}}`), http.StatusBadRequest},
		{"too large", webhookSecret, append([]byte(`{"update_id":1,"message":{"text":"`), bytes.Repeat([]byte("a"), 2<<20)...), http.StatusRequestEntityTooLarge},
	} {
		if got := post(t, a, tc.secret, tc.body); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	resp, err := http.Get("http://" + a.HTTPAddr() + "/telegram")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", resp.StatusCode)
	}
	if s, err := store.LoadSession(context.Background(), parent); err != nil || s.Version != 0 {
		t.Fatalf("refused requests touched the chat: version %d, %v", s.Version, err)
	}
	if n := len(tg.CallsTo("sendMessage")); n != 0 {
		t.Fatalf("refused requests made the bot send %d messages", n)
	}
	metrics := httpGet(t, "http://"+a.HTTPAddr()+"/metrics")
	for _, want := range []string{`ouderkring_webhook_requests_total{result="unauthorized"} 2`,
		`ouderkring_webhook_requests_total{result="bad_request"} 2`, `ouderkring_webhook_requests_total{result="too_large"} 1`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}

	// The same update delivered to both replicas at once runs once.
	var wg sync.WaitGroup
	codes := make([]int, 4)
	for i, m := range []*Main{a, b, a, b} {
		wg.Go(func() { codes[i] = post(t, m, webhookSecret, start) })
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Fatalf("delivery %d: status %d", i, c)
		}
	}
	if n := len(sentTo(tg, parent)); n != 2 { // the welcome and the menu, once
		t.Fatalf("one /start delivered 4 times: %d messages, want the welcome and the menu once", n)
	}

	// Interleaved: 20 updates of one chat, half on each replica, all at
	// once. Each runs exactly once, one at a time: the session's version
	// counts them all, every one got its answer, none an apology.
	const busy = 8102
	for i := range 20 {
		m := []*Main{a, b}[i%2]
		text := []string{"/menu", "/help"}[i%2]
		wg.Go(func() {
			if c := post(t, m, webhookSecret, textUpdate(t, 1000+i, busy, text)); c != http.StatusOK {
				t.Errorf("update %d: status %d", 1000+i, c)
			}
		})
	}
	wg.Wait()
	s, err := store.LoadSession(context.Background(), busy)
	if err != nil {
		t.Fatal(err)
	}
	if s.Version != 20 {
		t.Fatalf("session version after 20 updates on two replicas: %d, want 20", s.Version)
	}
	loc, err := dialog.LoadLocales("nl")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range sentTo(tg, busy) {
		if c.Text() == loc.T("nl", "apology") {
			t.Fatalf("a reply was an apology: %q", c.Text())
		}
	}
	// Every update is recorded once (the purge returns how many there were).
	if n, err := d.PurgeProcessedUpdates(context.Background(), time.Now().Add(time.Hour)); err != nil || n != 21 {
		t.Fatalf("processed updates recorded: %d, %v; want 21", n, err)
	}
}

// sentTo is every sendMessage the fake answered for chat.
func sentTo(tg *telegramtest.Server, chat int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range tg.CallsTo("sendMessage") {
		if c.Params["chat_id"] == fmt.Sprint(chat) {
			out = append(out, c)
		}
	}
	return out
}

// TestBusyHTTPAddrFailsAtOnce: an HTTP_ADDR another process holds fails
// the start at once and says which address, with no wait for updates that
// never started (it took SHUTDOWN_TIMEOUT, with "updates still in
// progress").
func TestBusyHTTPAddrFailsAtOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tg := telegramtest.New(t)
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_URL": tg.URL(), "DATABASE_URL": dbtest.URL(t),
		"HTTP_ADDR": ln.Addr().String(), "SHUTDOWN_TIMEOUT": "10s", "POLL_TIMEOUT": "1s",
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	m := NewMain(cfg, strings.NewReader(""), io.Discard, logs)
	start := time.Now()
	err = m.Run(context.Background())
	m.Close()
	if err == nil || !strings.Contains(err.Error(), "HTTP_ADDR") {
		t.Fatalf("Run with a busy HTTP_ADDR: %v, want an error naming HTTP_ADDR", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the failed start took %v to give up", took)
	}
	if strings.Contains(logs.String(), "still in progress") {
		t.Errorf("a misleading shutdown warning: %s", logs.String())
	}
}
